import type { ExtractFlag } from './extract-result.js';

/**
 * Stops an extraction where it stands: a limit tripped or the time ran out. The text read so
 * far is kept; `flag` goes on the result and `message` into its `error`.
 */
export class StopExtraction extends Error {
  constructor(
    readonly flag: ExtractFlag,
    message: string,
  ) {
    super(message);
    this.name = 'StopExtraction';
  }
}

/** A soft time budget, checked by the readers between pages, sheets, members and images. */
export class Deadline {
  private end: number;

  constructor(ms: number | undefined) {
    this.end = ms === undefined ? Number.POSITIVE_INFINITY : Date.now() + ms;
  }

  /** More time, e.g. for a page that goes through OCR. */
  extend(ms: number): void {
    this.end = Math.max(this.end, Date.now() + ms);
  }

  expired(): boolean {
    return Date.now() > this.end;
  }

  /** Throws StopExtraction('extract-timeout') once the budget is spent. */
  check(where: string): void {
    if (this.expired()) throw new StopExtraction('extract-timeout', `time budget spent ${where}`);
  }
}

/** C0 controls other than tab and line feed, DEL, and the non-characters U+FFFE/U+FFFF. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

/**
 * Collects the text of one file up to maxChars. Readers push pieces and break lines; the
 * sink cuts at the limit (then `full` is true and readers stop) and normalises at the end.
 */
export class TextSink {
  private readonly parts: string[] = [];
  private length = 0;
  /** True once maxChars was reached: the text is cut and readers should stop. */
  full = false;

  constructor(private readonly maxChars: number) {}

  /** Adds text; returns false once the sink is full. */
  push(s: string): boolean {
    if (this.full) return false;
    if (s.length === 0) return true;
    const room = this.maxChars - this.length;
    if (s.length > room) {
      // Never cut between the halves of a surrogate pair.
      let cut = Math.max(0, room);
      const last = s.charCodeAt(cut - 1);
      if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut--;
      this.parts.push(s.slice(0, cut));
      this.length += cut;
      this.full = true;
      return false;
    }
    this.parts.push(s);
    this.length += s.length;
    return true;
  }

  /** Ends the current line. */
  newline(): boolean {
    return this.push('\n');
  }

  /** Ends the current paragraph (a blank line). */
  paragraph(): boolean {
    return this.push('\n\n');
  }

  get size(): number {
    return this.length;
  }

  /**
   * The text: CRLF and CR to LF, control characters dropped, trailing white space of each
   * line and runs of more than one blank line removed, trimmed.
   */
  text(): string {
    return normaliseText(this.parts.join(''));
  }
}

export function normaliseText(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(CONTROLS, '')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
