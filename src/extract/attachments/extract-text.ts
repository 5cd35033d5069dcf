import { resolveExtractLimits } from './extract-limits.js';
import { DEFAULT_OCR_PAGE_TIMEOUT_MS, type ExtractContext, OcrGate } from './extract-context.js';
import {
  type AttachmentKind,
  EXTRACT_FLAGS,
  type ExtractMeta,
  type ExtractMethod,
  type ExtractOptions,
  type ExtractResult,
} from './extract-result.js';
import { readImageInfo } from './image-info.js';
import { gifToGrey } from './gif-raster.js';
import { encodePgm } from './ocr-engine.js';
import type { PdfOcrMode } from './pdf-canvas.js';
import {
  hintedKind,
  isKindMismatch,
  looksLikeHtml,
  looksLikeText,
  mediaType,
  type Sniffed,
  sniffMagic,
  utf16Order,
} from './sniff-kind.js';
import { decodeHtml, decodePlainText, decodeRtf } from './text-decoders.js';
import { Deadline, StopExtraction, TextSink } from './text-sink.js';
import type { ZipPackage } from './zip-package.js';

/**
 * Bytes of an HTML or RTF attachment decoded at most: markup is many times its text, and a
 * 256 MiB "page" would become a half-gigabyte string before the text limit could cut it.
 */
const MAX_MARKUP_DECODE_BYTES = 64 * 1024 * 1024;
/** Longest error message kept: messages of parsers quote the hostile input. */
const MAX_ERROR_CHARS = 300;

/** Options of extractText beyond ExtractOptions, for tests and the benchmark. */
export interface ExtractTextOptions extends ExtractOptions {
  /** How image-only PDF pages reach OCR; 'auto' renders them when a canvas is available. */
  pdfOcrMode?: PdfOcrMode;
}

/**
 * Signatures (PGP/MIME, S/MIME) are kept and listed like any attachment but never read as
 * text: a signature block is base64 and a version line ("GnuPG v1.0.6 (GNU/Linux)"), whose
 * words would make every signed mail a hit for "linux". notmuch and mu skip them too.
 */
const SIGNATURE_TYPES = /^application\/(pgp-signature|pkcs7-signature|x-pkcs7-signature)$/;

/**
 * The text of one attachment. The format is told by its magic bytes first (a ".pdf" that is a
 * zip is read as a zip), then by its name and declared type. Never rejects on account of the
 * bytes: a broken, hostile or unknown file gives a result with flags and `error`, keeping any
 * text read before the failure. Throws InnsynError('usage') only for invalid options, before
 * reading anything.
 *
 * Runs in the calling thread. The readers check the time budget between pages, sheets and
 * members, but a parser stuck inside one call cannot be interrupted here: for untrusted
 * input in bulk use AttachmentExtractor, which runs this in worker threads it can kill.
 */
export async function extractText(
  bytes: Uint8Array,
  meta: ExtractMeta,
  options: ExtractTextOptions,
): Promise<ExtractResult> {
  const limits = resolveExtractLimits({
    ...options.limits,
    ...(options.maxOutputChars === undefined ? {} : { maxOutputChars: options.maxOutputChars }),
  });
  const flags = new Set<string>();
  const hint = hintedKind(meta);
  if (bytes.length === 0) {
    flags.add(EXTRACT_FLAGS.empty);
    return { text: null, kind: hint ?? 'other', method: 'none', flags: [...flags] };
  }
  if (SIGNATURE_TYPES.test(mediaType(meta.contentType))) {
    return { text: null, kind: 'other', method: 'none', flags: [] };
  }
  const sniffed = sniffMagic(bytes);
  let kind = provisionalKind(sniffed, hint, bytes);
  if (bytes.length > limits.maxInputBytes) {
    flags.add(EXTRACT_FLAGS.tooLarge);
    return {
      text: null,
      kind,
      method: 'none',
      flags: [...flags],
      error: `${bytes.length} bytes, over maxInputBytes ${limits.maxInputBytes}`,
    };
  }

  const deadline = new Deadline(options.timeoutMs);
  const ocr = options.ocr
    ? new OcrGate(
        limits,
        flags,
        deadline,
        options.ocrPageTimeoutMs ?? DEFAULT_OCR_PAGE_TIMEOUT_MS,
        options.onOcrPage,
      )
    : null;
  const ctx: ExtractContext = {
    limits,
    flags,
    sink: new TextSink(limits.maxOutputChars),
    deadline,
    ocr,
    pages: undefined,
  };
  let error: string | undefined;
  let zip: ZipPackage | null = null;
  let read = true;
  try {
    if (sniffed?.kind === 'zip' || (sniffed === null && isZipKind(kind))) {
      const { ZipPackage } = await import('./zip-package.js');
      zip = await ZipPackage.open(bytes, limits, deadline);
      kind = await packageKind(zip, hint);
    }
    switch (kind) {
      case 'pdf': {
        const { readPdf } = await import('./pdf-text.js');
        await readPdf(bytes, ctx, options.pdfOcrMode);
        break;
      }
      case 'docx': {
        const { readDocx } = await import('./docx-text.js');
        await readDocx(bytes, zip as ZipPackage, ctx);
        break;
      }
      case 'xlsx': {
        const { readXlsx } = await import('./xlsx-text.js');
        await readXlsx(zip as ZipPackage, ctx);
        break;
      }
      case 'pptx': {
        const { readPptx } = await import('./pptx-text.js');
        await readPptx(zip as ZipPackage, ctx);
        break;
      }
      case 'odt':
      case 'ods':
      case 'odp': {
        const { readOdf } = await import('./odf-text.js');
        await readOdf(zip as ZipPackage, kind, ctx);
        break;
      }
      case 'rtf':
      case 'html':
      case 'text':
        decodeTextKind(kind, bytes, meta, ctx);
        break;
      case 'image':
        read = await readImage(bytes, sniffed, ctx);
        break;
      case 'other':
        read = false;
        if (sniffed?.kind === 'cfb') {
          flags.add(EXTRACT_FLAGS.unsupported);
          error = 'an OLE compound file (legacy .doc, .xls, .ppt, or an Outlook .msg): not read here';
        }
        break;
    }
  } catch (e) {
    if (e instanceof StopExtraction) {
      flags.add(e.flag);
      error = e.message;
    } else {
      flags.add(EXTRACT_FLAGS.failed);
      error = describeError(e);
    }
  } finally {
    zip?.close();
  }
  if (ctx.sink.full) flags.add(EXTRACT_FLAGS.truncated);
  if (isKindMismatch(hint, kind)) flags.add(EXTRACT_FLAGS.kindMismatch);
  if (error === undefined && ocr !== null && ocr.failures.length > 0)
    error = ocr.failures.join('; ').slice(0, MAX_ERROR_CHARS);

  const text = ctx.sink.text();
  const result: ExtractResult = {
    // Nothing read because the file failed or stopped is "no text", not an empty document.
    text: !read || (text === '' && error !== undefined) ? null : text,
    kind,
    method: method(text, ocr),
    flags: [...flags],
  };
  if (result.text === null) result.method = 'none';
  if (error !== undefined) result.error = error;
  if (ctx.pages !== undefined) result.pages = ctx.pages;
  if (ocr !== null && ocr.pages > 0) {
    result.ocrPages = ocr.pages;
    const confidence = ocr.confidence();
    if (confidence !== undefined) result.ocrConfidence = confidence;
  }
  return result;
}

/** The kind before a zip is opened: magic bytes, else the hint, else a look at the bytes. */
function provisionalKind(
  sniffed: Sniffed | null,
  hint: AttachmentKind | null,
  bytes: Uint8Array,
): AttachmentKind {
  if (sniffed !== null) {
    switch (sniffed.kind) {
      case 'zip':
        return isZipKind(hint) ? (hint as AttachmentKind) : 'other';
      case 'cfb':
        return 'other';
      default:
        return sniffed.kind;
    }
  }
  if (hint !== null && hint !== 'text' && hint !== 'html' && hint !== 'image') return hint;
  if (hint === 'html') return 'html';
  if (hint === 'text') return 'text';
  if (looksLikeHtml(bytes)) return 'html';
  if (looksLikeText(bytes)) return 'text';
  return hint === 'image' ? 'image' : 'other';
}

function isZipKind(kind: AttachmentKind | null): boolean {
  return (
    kind === 'docx' ||
    kind === 'xlsx' ||
    kind === 'pptx' ||
    kind === 'odt' ||
    kind === 'ods' ||
    kind === 'odp'
  );
}

/**
 * An OOXML or ODF document by its members (ODF: the `mimetype` member; OOXML: the main
 * part the package relationships name), else 'other' (a plain archive, read by the
 * container readers, not here).
 */
async function packageKind(zip: ZipPackage, hint: AttachmentKind | null): Promise<AttachmentKind> {
  const { ODF_MIMETYPES } = await import('./odf-text.js');
  const { officeDocumentPart } = await import('./xlsx-text.js');
  if (zip.has('mimetype')) {
    const type = (await zip.read('mimetype'))?.toString('latin1').trim() ?? '';
    const odf = ODF_MIMETYPES[type];
    if (odf !== undefined) return odf;
  }
  const main = (await officeDocumentPart(zip)) ?? '';
  if (main.startsWith('word/') || zip.has('word/document.xml')) return 'docx';
  if (main.startsWith('xl/') || zip.has('xl/workbook.xml')) return 'xlsx';
  if (main.startsWith('ppt/') || zip.has('ppt/presentation.xml')) return 'pptx';
  // A document whose zip lost its markers: let the name decide, the reader will fail if wrong.
  if (zip.has('content.xml') && (hint === 'odt' || hint === 'ods' || hint === 'odp')) return hint;
  return 'other';
}

function decodeTextKind(
  kind: 'rtf' | 'html' | 'text',
  bytes: Uint8Array,
  meta: ExtractMeta,
  ctx: ExtractContext,
): void {
  // Plain text needs at most 4 bytes a character; markup is capped at MAX_MARKUP_DECODE_BYTES.
  const cap = kind === 'text' ? ctx.limits.maxOutputChars * 4 + 4 : MAX_MARKUP_DECODE_BYTES;
  let head = bytes;
  if (bytes.length > cap) {
    head = bytes.subarray(0, charBoundary(bytes, cap));
    ctx.flags.add(EXTRACT_FLAGS.truncated);
  }
  const text =
    kind === 'rtf'
      ? decodeRtf(head, ctx.flags)
      : kind === 'html'
        ? decodeHtml(head, meta.contentType, ctx.flags)
        : decodePlainText(head, meta.contentType, ctx.flags);
  ctx.sink.push(text);
}

/** A cut at or below `n` that splits no UTF-8 sequence or UTF-16/32 code unit. */
function charBoundary(b: Uint8Array, n: number): number {
  let cut = n - (n % 4);
  if (utf16Order(b) === null) while (cut > 0 && n - cut < 4 && ((b[cut] as number) & 0xc0) === 0x80) cut--;
  return cut;
}

async function readImage(bytes: Uint8Array, sniffed: Sniffed | null, ctx: ExtractContext): Promise<boolean> {
  const format = sniffed?.kind === 'image' ? sniffed.format : null;
  if (format === null) {
    ctx.flags.add(EXTRACT_FLAGS.unsupported);
    throw new StopExtraction(EXTRACT_FLAGS.unsupported, 'an image format the OCR engine does not read');
  }
  if (ctx.ocr === null) {
    ctx.flags.add(EXTRACT_FLAGS.ocrNeeded);
    return false;
  }
  const info = readImageInfo(bytes, format);
  if (info === null) throw new Error(`cannot read the ${format.toUpperCase()} header`);
  if (info.pages > 1) ctx.flags.add(EXTRACT_FLAGS.ocrFirstPageOnly);
  ctx.pages = info.pages > 1 ? undefined : 1;
  const text = await ctx.ocr.read({
    bytes:
      format === 'gif' && info.width * info.height <= ctx.limits.maxImagePixels
        ? gifForOcr(bytes, ctx)
        : bytes,
    width: info.width,
    height: info.height,
    orientation: info.orientation,
    label: format.toUpperCase(),
  });
  if (text === null) return false;
  ctx.sink.push(text);
  return true;
}

/**
 * A GIF as our own decoder composes it (gif-raster.ts: every frame of an animation, the rows
 * of a file cut short), as an image the OCR engine reads; the GIF itself when it holds no
 * frame we can read (the engine then says why).
 */
function gifForOcr(bytes: Uint8Array, ctx: ExtractContext): Uint8Array {
  const raster = gifToGrey(bytes);
  if (raster === null) return bytes;
  if (raster.frames > 1) ctx.flags.add(EXTRACT_FLAGS.ocrAnimation);
  if (raster.damaged) ctx.flags.add(EXTRACT_FLAGS.imageDamaged);
  return encodePgm(raster);
}

/** 'ocr' when most of the visible text came from OCR. */
function method(text: string, ocr: OcrGate | null): ExtractMethod {
  if (text === '') return 'none';
  if (ocr === null || ocr.chars === 0) return 'parsed';
  const visible = text.replace(/\s+/g, '').length;
  return ocr.chars * 2 >= visible ? 'ocr' : 'parsed';
}

function describeError(e: unknown): string {
  const message = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return message.replace(/\s+/g, ' ').slice(0, MAX_ERROR_CHARS);
}
