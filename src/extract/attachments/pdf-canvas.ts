import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * How image-only PDF pages reach OCR: rendered (pdfjs draws on @napi-rs/canvas, an optional
 * dependency of pdfjs-dist), or from their embedded images; 'auto' renders when it can.
 */
export type PdfOcrMode = 'auto' | 'render' | 'embedded-images';

/** The folder of pdfjs-dist (its fonts, CMaps and decoders are read from there). */
export const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

let canvasAvailable: boolean | undefined;

/** Whether pdfjs can render pages here: it loads @napi-rs/canvas from its own folder. */
export function canRenderPdfPages(): boolean {
  if (canvasAvailable === undefined) {
    try {
      createRequire(path.join(pdfjsRoot, 'package.json'))('@napi-rs/canvas');
      canvasAvailable = true;
    } catch {
      canvasAvailable = false;
    }
  }
  return canvasAvailable;
}
