import type { ExtractLimits } from './extract-limits.js';

/**
 * What a file was recognised as. Magic bytes decide first (a "report.pdf" that is a zip is a
 * zip); the name and the declared content type only decide when the bytes say nothing.
 */
export type AttachmentKind =
  'pdf' | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'odp' | 'rtf' | 'html' | 'text' | 'image' | 'other';

/**
 * Where the text came from: the file's own text (`parsed`), OCR only (`ocr`), or nothing
 * (`none`). A PDF with a text layer and some scanned pages is `parsed` with the flag `ocr`.
 */
export type ExtractMethod = 'parsed' | 'ocr' | 'none';

export interface ExtractResult {
  /** Plain text, LF line ends; null when nothing could be read (see flags and error). */
  text: string | null;
  kind: AttachmentKind;
  method: ExtractMethod;
  /**
   * Every limit, fallback and failure that fired, as stable strings (see EXTRACT_FLAGS and
   * the charset flags of decode-charset.ts, e.g. `charset-fallback:windows-1252`).
   */
  flags: string[];
  /** What went wrong, for a human, when a flag says the extraction failed or stopped. */
  error?: string;
  /** PDF pages, slides or sheets in the file, when the format has them. */
  pages?: number;
  /** Pages or images that went through OCR. */
  ocrPages?: number;
  /** Tesseract's mean word confidence over those pages, 0–100. */
  ocrConfidence?: number;
}

export interface ExtractMeta {
  /** File name as the message gives it; only a hint, never trusted over the bytes. */
  name: string | null;
  /** Declared MIME type, parameters allowed (`text/plain; charset=iso-8859-1`); also a hint. */
  contentType: string | null;
}

export interface ExtractOptions {
  /** Run OCR on images and on PDF pages without a text layer (slow: about a second a page). */
  ocr: boolean;
  /**
   * Soft time budget for one file, in ms: checked between pages, sheets, members and OCR
   * images, the text read so far is kept and flagged `extract-timeout`. A parser stuck inside
   * one call cannot be stopped from its own thread: AttachmentExtractor kills the worker.
   */
  timeoutMs?: number;
  /** Shorthand for limits.maxOutputChars. */
  maxOutputChars?: number;
  limits?: Partial<ExtractLimits>;
  /**
   * Each page or image about to go through OCR extends the time budget by this much (ms);
   * default 60,000. The worker pool uses the same rule for its hard timeout.
   */
  ocrPageTimeoutMs?: number;
  /** Called before each page or image goes to OCR (the pool extends its deadline on it). */
  onOcrPage?: () => void;
}

/**
 * The flags this module sets. A result may carry several; tests and the UI match on them.
 */
export const EXTRACT_FLAGS = {
  /** The parser failed on the bytes (broken or not what it claims); `error` says how. */
  failed: 'extract-failed',
  /** The file took longer than its time budget; the text read until then is kept. */
  timeout: 'extract-timeout',
  /** The worker ran out of its memory cap on this file and was replaced. */
  outOfMemory: 'extract-out-of-memory',
  /** The file is bigger than maxInputBytes and was not parsed. */
  tooLarge: 'extract-too-large',
  /** A zip-based document tripped the zip-bomb limits (entries, expanded bytes or ratio). */
  zipBomb: 'extract-zip-bomb',
  /** Text was cut at maxOutputChars. */
  truncated: 'extract-truncated',
  /** Only the first maxPages pages or slides were read. */
  pageLimit: 'extract-page-limit',
  /** Only the first maxSheets worksheets were read. */
  sheetLimit: 'extract-sheet-limit',
  /** Reading stopped after maxCells non-empty cells. */
  cellLimit: 'extract-cell-limit',
  /** 0 bytes. */
  empty: 'extract-empty',
  /** The PDF is encrypted with a password we do not have. */
  encrypted: 'extract-encrypted',
  /** A format we recognise but cannot read (legacy .doc/.xls/.ppt, HEIC, ...). */
  unsupported: 'extract-unsupported',
  /** The name or content type says one format, the bytes another (the bytes won). */
  kindMismatch: 'kind-mismatch',
  /** Some of the text came from OCR. */
  ocr: 'ocr',
  /** Images or image-only pages were found but OCR was not asked for (`--ocr` would read them). */
  ocrNeeded: 'ocr-needed',
  /** OCR failed on an image or page (unreadable image data); the rest went on. */
  ocrFailed: 'ocr-failed',
  /** Only the first maxOcrPages pages or images went through OCR. */
  ocrPageLimit: 'ocr-page-limit',
  /** An image bigger than maxImagePixels was not sent to OCR. */
  ocrImageTooLarge: 'ocr-image-too-large',
  /** An animated GIF: OCR read its frames composed, as the animation shows them at its end. */
  ocrAnimation: 'ocr-animation',
  /** An image cut short or with bad data: what could be decoded of it was read. */
  imageDamaged: 'image-damaged',
  /** A multi-page TIFF: only its first page went through OCR. */
  ocrFirstPageOnly: 'ocr-first-page-only',
  /**
   * Image-only PDF pages were read from their embedded images, because no canvas package
   * (@napi-rs/canvas) could render the pages; text drawn as vector graphics is missed.
   */
  ocrEmbeddedImages: 'ocr-embedded-images',
} as const;

export type ExtractFlag = (typeof EXTRACT_FLAGS)[keyof typeof EXTRACT_FLAGS];
