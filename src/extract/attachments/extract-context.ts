import type { ExtractLimits } from './extract-limits.js';
import { EXTRACT_FLAGS } from './extract-result.js';
import { OcrImageError, recognise } from './ocr-engine.js';
import type { Deadline, TextSink } from './text-sink.js';

/** Default extra time for each page or image that goes through OCR. */
export const DEFAULT_OCR_PAGE_TIMEOUT_MS = 60_000;

/** What the format readers share while reading one file. */
export interface ExtractContext {
  limits: ExtractLimits;
  flags: Set<string>;
  sink: TextSink;
  deadline: Deadline;
  /** Null when OCR was not asked for. */
  ocr: OcrGate | null;
  /** PDF pages, slides or sheets, for the result. */
  pages: number | undefined;
}

/** An image to OCR: encoded bytes, and what is known about them. */
export interface OcrInput {
  bytes: Uint8Array;
  width: number;
  height: number;
  ppi?: number;
  orientation?: number;
  /** For messages: "image", "page 3", "page 3, image 2". */
  label: string;
}

/**
 * The one way to OCR inside an extraction: counts pages against maxOcrPages, refuses images
 * over maxImagePixels, extends the time budget, and turns an undecodable image into the flag
 * `ocr-failed` instead of an error.
 */
export class OcrGate {
  pages = 0;
  /** Visible (non-space) characters OCR produced, to tell OCR text from parsed text. */
  chars = 0;
  private recognised = 0;
  private confidenceSum = 0;
  /** Messages of failed images, for the result's `error` when nothing else was read. */
  readonly failures: string[] = [];

  constructor(
    private readonly limits: ExtractLimits,
    private readonly flags: Set<string>,
    private readonly deadline: Deadline,
    private readonly pageTimeoutMs: number,
    private readonly onPage: (() => void) | undefined,
  ) {}

  /** True while more pages may go through OCR. */
  hasRoom(): boolean {
    if (this.pages < this.limits.maxOcrPages) return true;
    this.flags.add(EXTRACT_FLAGS.ocrPageLimit);
    return false;
  }

  /** The recognised text, or null when the image was refused or could not be read. */
  async read(input: OcrInput): Promise<string | null> {
    if (!this.hasRoom()) return null;
    if (input.width * input.height > this.limits.maxImagePixels) {
      this.flags.add(EXTRACT_FLAGS.ocrImageTooLarge);
      this.failures.push(`${input.label}: ${input.width}×${input.height} pixels, over maxImagePixels`);
      return null;
    }
    this.deadline.check(`before OCR of ${input.label}`);
    this.deadline.extend(this.pageTimeoutMs);
    this.onPage?.();
    this.pages++;
    try {
      const r = await recognise(input.bytes, {
        ...(input.ppi === undefined ? {} : { ppi: input.ppi }),
        ...(input.orientation === undefined ? {} : { orientation: input.orientation }),
      });
      this.recognised++;
      this.confidenceSum += r.confidence;
      this.flags.add(EXTRACT_FLAGS.ocr);
      this.chars += r.text.replace(/\s+/g, '').length;
      return r.text;
    } catch (e) {
      if (!(e instanceof OcrImageError)) throw e;
      this.flags.add(EXTRACT_FLAGS.ocrFailed);
      this.failures.push(`${input.label}: ${e.message}`);
      return null;
    }
  }

  /** Mean of Tesseract's confidences over the pages read, 0–100; undefined before any. */
  confidence(): number | undefined {
    return this.recognised === 0 ? undefined : Math.round(this.confidenceSum / this.recognised);
  }
}
