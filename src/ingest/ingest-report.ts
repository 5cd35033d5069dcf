/** The per-input report of an ingest run (STYLE.md habit 5): printed by the CLI and returned by the API. */

export interface QuarantineNote {
  /** File, archive member and byte offset, as one readable place. */
  where: string;
  reason: string;
}

export interface InputReport {
  /** The input as given, resolved to an absolute path. */
  path: string;
  /** ok: everything stored or duplicate; quarantined: some records could not be read; failed: the input itself could not be opened. */
  status: 'ok' | 'quarantined' | 'failed';
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  bytes: number;
  /** The first quarantine reasons (all of them are in the database). */
  problems: QuarantineNote[];
  /**
   * Duplicates of an email already stored whose attachments differ from it (different-copies.ts):
   * counted among `duplicates`, kept as copies, named here (the first MAX_PROBLEMS_LISTED).
   * Absent when there were none.
   */
  differentCopies?: number;
  copyNotes?: QuarantineNote[];
  /** Why the input failed as a whole, for status 'failed'. */
  error?: string;
  /** What the input was read as: 'mail', 'X archive', 'Slack export', 'post list', … */
  format?: string;
  /** The reader's remarks (an X archive's record counts against its manifest.js). */
  notes?: string[];
  /** The attachments its items hold and what reading their texts gave; absent when they hold none. */
  attachments?: AttachmentReport;
}

/**
 * Attachment files of an input's items, each sha256 counted once per input:
 * `files = read + known`, and `read = text + empty + ocrNeeded + unsupported + failed`.
 * A file that cannot be read is counted and listed in `problems`, never fatal.
 */
export interface AttachmentReport {
  files: number;
  /** Read in this run (each file once per run, whatever the number of messages that hold it). */
  read: number;
  /** Read earlier (by an earlier ingest, or for an earlier input of this one): not read again. */
  known: number;
  text: number;
  empty: number;
  /** Images or scanned pages only, OCR off (`--ocr` reads them). */
  ocrNeeded: number;
  unsupported: number;
  failed: number;
  /** Pages and images read by OCR. */
  ocrPages: number;
  /** Files that failed or stopped at a limit (time, memory, zip bomb), where they were held and why; the first MAX_PROBLEMS_LISTED. */
  problems: QuarantineNote[];
}

export interface IngestReport {
  inputs: InputReport[];
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  bytes: number;
  seconds: number;
  /** The inputs' attachment reports summed (problems: the first MAX_PROBLEMS_LISTED); absent when no item held one. */
  attachments?: AttachmentReport;
}

export interface IngestProgress {
  /** Bytes of message data handled so far and in all (the total is an estimate from file sizes). */
  bytesDone: number;
  bytesTotal: number;
  messages: number;
  seconds: number;
  /** Attachment files given to the text readers and done, and pages read by OCR; absent before the first. */
  attachments?: { done: number; total: number; ocrPages: number };
}

/** At most this many quarantine reasons are listed per input in the report (all are stored). */
export const MAX_PROBLEMS_LISTED = 50;

export function describeLocation(loc: { path: string; member: string | null; offset: number }): string {
  return `${loc.path}${loc.member ? ` → ${loc.member}` : ''} @ byte ${loc.offset}`;
}
