import { InnsynError } from '../../model/errors.js';

/**
 * Safety limits of attachment extraction. Attachments are hostile input: each limit names the
 * attack or accident it stops. A limit that trips never throws: the text read so far is kept
 * and the result carries a flag naming the limit (see extract-flags.ts).
 */
export interface ExtractLimits {
  /**
   * Largest attachment parsed at all. Parsers hold the whole file and several times its size
   * in memory; bigger files give `extract-too-large` and no text.
   */
  maxInputBytes: number;
  /**
   * Characters of text kept per file. A spreadsheet of a million rows or a 5,000-page PDF is
   * searchable by its start; the rest is cut (`extract-truncated`) so the index stays sane.
   */
  maxOutputChars: number;
  /** PDF pages, slides and ODF pages read. Stops a PDF of 100,000 blank pages (`extract-page-limit`). */
  maxPages: number;
  /** Worksheets read from one workbook (`extract-sheet-limit`). */
  maxSheets: number;
  /**
   * Non-empty cells read from one workbook, over all sheets (`extract-cell-limit`). Empty and
   * repeated cells are not counted: ODF writes a row as "16,384 empty cells", which is no text.
   */
  maxCells: number;
  /** Entries in the zip of an OOXML or ODF document. Stops a "document" of a million members. */
  maxZipEntries: number;
  /**
   * Bytes expanded from the zip of one document, summed over the members read. The zip-bomb
   * guard: declared sizes are checked before inflating, actual bytes while inflating.
   */
  maxZipExpandedBytes: number;
  /**
   * Largest expansion (uncompressed / compressed) of one member once it passes
   * ZIP_RATIO_CHECK_MIN_BYTES. Office XML compresses 5–30×; 1000× is deflate on zeros, a bomb.
   */
  maxCompressionRatio: number;
  /** Pages or images sent to OCR per file (`ocr-page-limit`); OCR costs about a second a page. */
  maxOcrPages: number;
  /**
   * Pixels of one image sent to OCR (`ocr-image-too-large`). An A4 page at 600 dpi is 35 M;
   * a 1×1-pixel PNG header claiming 100,000 × 100,000 would ask for 40 GB.
   */
  maxImagePixels: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_EXTRACT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  maxInputBytes: 256 * MiB,
  maxOutputChars: 2_000_000,
  maxPages: 5_000,
  maxSheets: 256,
  maxCells: 2_000_000,
  maxZipEntries: 20_000,
  maxZipExpandedBytes: 512 * MiB,
  maxCompressionRatio: 200,
  maxOcrPages: 100,
  maxImagePixels: 50_000_000,
});

/**
 * Ratio checks apply only past this many expanded bytes of one member: small members of
 * repeated XML often have silly ratios and are harmless.
 */
export const ZIP_RATIO_CHECK_MIN_BYTES = 8 * MiB;

/**
 * Fills in defaults and validates each given limit (a positive safe integer; the ratio may be
 * fractional ≥ 1). Throws InnsynError('usage') naming the bad option; nothing has been read then.
 */
export function resolveExtractLimits(options: Partial<ExtractLimits> = {}): ExtractLimits {
  const limits: ExtractLimits = { ...DEFAULT_EXTRACT_LIMITS };
  for (const key of Object.keys(options) as (keyof ExtractLimits)[]) {
    if (!(key in DEFAULT_EXTRACT_LIMITS))
      throw new InnsynError('usage', `unknown extraction limit ${String(key)}`);
    const value = options[key];
    if (value === undefined) continue;
    const ok =
      key === 'maxCompressionRatio'
        ? typeof value === 'number' && Number.isFinite(value) && value >= 1
        : Number.isSafeInteger(value) && value > 0;
    if (!ok) {
      throw new InnsynError(
        'usage',
        `extraction limit ${key} must be a positive ${key === 'maxCompressionRatio' ? 'number ≥ 1' : 'whole number'}, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits;
}
