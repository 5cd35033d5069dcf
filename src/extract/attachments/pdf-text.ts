import path from 'node:path';
import { getDocument, ImageKind, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PdfOcrMode } from './pdf-canvas.js';
import type { ExtractContext } from './extract-context.js';
import { canRenderPdfPages, pdfjsRoot } from './pdf-canvas.js';
import { EXTRACT_FLAGS } from './extract-result.js';
import { encodePgm, type GreyRaster } from './ocr-engine.js';
import { StopExtraction } from './text-sink.js';

/**
 * The text of a PDF through pdfjs-dist (legacy build, which runs on Node 20), page by page,
 * up to maxPages. A page with (almost) no text layer but with images is a scan: with OCR on it
 * is rendered at OCR_RENDER_PPI (pdfjs draws on @napi-rs/canvas, its optional dependency) and
 * read by Tesseract; where no canvas can be loaded, the page's embedded images are taken from
 * its operator list (paintImageXObject and kin) and read one by one instead (flag
 * `ocr-embedded-images`: text drawn as vector graphics over a scan is then missed).
 */

/**
 * A page with fewer visible characters than this, and at least one image, goes to OCR.
 * Scans released under FOI laws or in litigation carry a stamped page or Bates number
 * ("DOJ-OGR-00012345", 16 characters) and sometimes a stamped header; real text pages
 * have hundreds of characters.
 */
export const MIN_TEXT_LAYER_CHARS = 64;
/** Resolution pages are rendered at for OCR: small print stays legible, a page stays ~4 Mpx. */
export const OCR_RENDER_PPI = 200;
/** Embedded images smaller than this in either dimension are icons and rules, not scans. */
const MIN_OCR_IMAGE_SIDE = 48;

/** pdfjs reads these with fs (its Node "binary data factory"): fonts, CMaps, JPX/JBIG2 decoders. */
const RESOURCES = {
  standardFontDataUrl: path.join(pdfjsRoot, 'standard_fonts') + path.sep,
  cMapUrl: path.join(pdfjsRoot, 'cmaps') + path.sep,
  wasmUrl: path.join(pdfjsRoot, 'wasm') + path.sep,
  iccUrl: path.join(pdfjsRoot, 'iccs') + path.sep,
};

interface CanvasAndContext {
  canvas: { width: number; height: number };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
/** The canvas type of pdfjs's render parameters (a DOM type, so named through pdfjs). */
type RenderCanvas = Parameters<PDFPageProxy['render']>[0]['canvas'];
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(c: CanvasAndContext): void;
}

export async function readPdf(
  bytes: Uint8Array,
  ctx: ExtractContext,
  mode: PdfOcrMode = 'auto',
): Promise<void> {
  let doc: PDFDocumentProxy;
  try {
    doc = await getDocument({
      // pdfjs transfers the buffer it is given to its (in-thread) worker: give it a copy.
      data: new Uint8Array(bytes),
      ...RESOURCES,
      cMapPacked: true,
      // No code generated from the file (the font compiler of CVE-2024-4367), no XFA forms,
      // no system fonts, no font loading: only text and pixels come out.
      isEvalSupported: false,
      enableXfa: false,
      useSystemFonts: false,
      disableFontFace: true,
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      maxImageSize: ctx.limits.maxImagePixels,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    if (e instanceof Error && e.name === 'PasswordException')
      throw new StopExtraction(EXTRACT_FLAGS.encrypted, 'the PDF is encrypted with a password');
    throw e;
  }
  const useRender = mode === 'render' || (mode === 'auto' && canRenderPdfPages());
  try {
    const pages = doc.numPages;
    ctx.pages = pages;
    const last = Math.min(pages, ctx.limits.maxPages);
    if (pages > last) ctx.flags.add(EXTRACT_FLAGS.pageLimit);
    for (let n = 1; n <= last && !ctx.sink.full; n++) {
      ctx.deadline.check(`at PDF page ${n} of ${pages}`);
      const page = await doc.getPage(n);
      try {
        const text = await pageText(page);
        ctx.sink.push(text);
        if (visibleChars(text) < MIN_TEXT_LAYER_CHARS && (await hasImages(page))) {
          if (ctx.ocr === null) ctx.flags.add(EXTRACT_FLAGS.ocrNeeded);
          else if (useRender) await ocrRenderedPage(doc, page, n, ctx);
          else await ocrEmbeddedImages(page, n, ctx);
        }
        ctx.sink.paragraph();
      } finally {
        page.cleanup();
      }
    }
  } finally {
    await doc.destroy();
  }
}

async function pageText(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  let s = '';
  for (const item of content.items) if ('str' in item) s += item.str + (item.hasEOL ? '\n' : '');
  return s;
}

function visibleChars(s: string): number {
  return s.replace(/\s+/g, '').length;
}

const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
]);

async function hasImages(page: PDFPageProxy): Promise<boolean> {
  const ops = await page.getOperatorList();
  return ops.fnArray.some((fn) => IMAGE_OPS.has(fn));
}

async function ocrRenderedPage(
  doc: PDFDocumentProxy,
  page: PDFPageProxy,
  n: number,
  ctx: ExtractContext,
): Promise<void> {
  const ocr = ctx.ocr;
  if (!ocr?.hasRoom()) return;
  const base = page.getViewport({ scale: 1 });
  let scale = OCR_RENDER_PPI / 72;
  // A page of 200 × 200 inches must not ask for a canvas of gigapixels: scale it down.
  const pixels = base.width * scale * base.height * scale;
  if (pixels > ctx.limits.maxImagePixels) scale *= Math.sqrt(ctx.limits.maxImagePixels / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.floor(viewport.width));
  const height = Math.max(1, Math.floor(viewport.height));
  const factory = doc.canvasFactory as CanvasFactory;
  const cc = factory.create(width, height);
  let raster: GreyRaster;
  try {
    await page.render({ canvas: cc.canvas as unknown as RenderCanvas, viewport }).promise;
    raster = toGrey(cc.context.getImageData(0, 0, width, height).data, width, height);
  } finally {
    factory.destroy(cc);
  }
  const text = await ocr.read({
    bytes: encodePgm(raster),
    width,
    height,
    ppi: scale * 72,
    label: `page ${n}`,
  });
  if (text !== null) ctx.sink.push('\n' + text);
}

/** RGBA pixels (canvas) to grey, transparent as white (a page with no background). */
function toGrey(rgba: Uint8ClampedArray, width: number, height: number): GreyRaster {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++) {
    const a = rgba[i + 3] as number;
    const y =
      ((rgba[i] as number) * 299 + (rgba[i + 1] as number) * 587 + (rgba[i + 2] as number) * 114) / 1000;
    data[j] = Math.round((y * a) / 255 + 255 - a);
  }
  return { width, height, data };
}

/** A decoded PDF image as pdfjs hands it over (ImageKind: 1 bit grey, RGB, RGBA). */
interface PdfImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
}

async function ocrEmbeddedImages(page: PDFPageProxy, n: number, ctx: ExtractContext): Promise<void> {
  const ocr = ctx.ocr;
  if (!ocr) return;
  ctx.flags.add(EXTRACT_FLAGS.ocrEmbeddedImages);
  const ops = await page.getOperatorList();
  const seen = new Set<string>();
  let k = 0;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    let image: PdfImage | null = null;
    let mask = false;
    if (fn === OPS.paintImageXObject || fn === OPS.paintImageXObjectRepeat) {
      const id = args[0] as string;
      if (seen.has(id)) continue;
      seen.add(id);
      image = await pageObject(page, id);
    } else if (fn === OPS.paintInlineImageXObject) {
      image = args[0] as PdfImage;
    } else if (fn === OPS.paintImageMaskXObject) {
      image = args[0] as PdfImage;
      mask = true;
    }
    if (!image?.data || image.width < MIN_OCR_IMAGE_SIDE || image.height < MIN_OCR_IMAGE_SIDE) continue;
    if (!ocr.hasRoom()) return;
    const raster = imageToGrey(image, mask);
    if (raster === null) continue;
    k++;
    const text = await ocr.read({
      bytes: encodePgm(raster),
      width: raster.width,
      height: raster.height,
      label: `page ${n}, image ${k}`,
    });
    if (text !== null) ctx.sink.push('\n' + text);
    if (ctx.sink.full) return;
  }
}

function pageObject(page: PDFPageProxy, id: string): Promise<PdfImage | null> {
  // Images used on several pages live in the document-wide store, prefixed "g_".
  const objs = (id.startsWith('g_') ? page.commonObjs : page.objs) as {
    get(id: string, cb: (v: unknown) => void): void;
  };
  return new Promise((resolve) => objs.get(id, (v) => resolve((v as PdfImage | null) ?? null)));
}

function imageToGrey(img: PdfImage, mask: boolean): GreyRaster | null {
  const { width, height } = img;
  const src = img.data;
  if (!src) return null;
  const data = new Uint8Array(width * height);
  if (mask || img.kind === ImageKind.GRAYSCALE_1BPP) {
    // One bit a pixel, rows padded to whole bytes. In pdfjs's decoded form a set bit is
    // white (for stencil masks: not painted) and a clear bit black (painted).
    const rowBytes = (width + 7) >> 3;
    if (src.length < rowBytes * height) return null;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        data[y * width + x] = ((src[y * rowBytes + (x >> 3)] as number) >> (7 - (x & 7))) & 1 ? 255 : 0;
    return { width, height, data };
  }
  const channels = img.kind === ImageKind.RGBA_32BPP ? 4 : img.kind === ImageKind.RGB_24BPP ? 3 : 0;
  if (channels === 0 || src.length < width * height * channels) return null;
  for (let i = 0, j = 0; j < data.length; i += channels, j++) {
    const y = ((src[i] as number) * 299 + (src[i + 1] as number) * 587 + (src[i + 2] as number) * 114) / 1000;
    const a = channels === 4 ? (src[i + 3] as number) : 255;
    data[j] = Math.round((y * a) / 255 + 255 - a);
  }
  return { width, height, data };
}
