import { attachmentSearchType } from '../extract/attachments/attachment-type.js';
import { EXTRACT_FLAGS, type ExtractMeta, type ExtractResult } from '../extract/attachments/index.js';
import { detectLanguage } from '../extract/lang-detect.js';
import type { AttachmentText, AttachmentTextStatus } from '../store/index.js';

/** Flags that say the file could not be read (with or without a part of its text). */
const FAILURES: ReadonlySet<string> = new Set([
  EXTRACT_FLAGS.failed,
  EXTRACT_FLAGS.timeout,
  EXTRACT_FLAGS.outOfMemory,
  EXTRACT_FLAGS.tooLarge,
  EXTRACT_FLAGS.zipBomb,
  EXTRACT_FLAGS.encrypted,
]);

/** What an extraction result means for a reader (store/attachment-texts.ts, AttachmentTextStatus). */
export function extractionStatus(r: ExtractResult): AttachmentTextStatus {
  if (r.text !== null && /\S/.test(r.text)) return 'text';
  if (r.flags.some((f) => FAILURES.has(f))) return 'failed';
  if (r.flags.includes(EXTRACT_FLAGS.ocrNeeded)) return 'ocr-needed';
  if (r.flags.includes(EXTRACT_FLAGS.empty)) return 'empty';
  if (r.kind === 'other' || r.flags.includes(EXTRACT_FLAGS.unsupported)) return 'unsupported';
  return 'empty';
}

/**
 * Whether a stored row should be read again now: it needed OCR, it was read without, and OCR is
 * on; or its reading was stopped by the time limit or the memory cap, which a busy machine may
 * have caused (a file that is broken, encrypted or a bomb is not tried again).
 */
export function wantsAgain(row: { flags: readonly string[]; ocr: boolean }, ocr: boolean): boolean {
  if (row.flags.includes(EXTRACT_FLAGS.timeout) || row.flags.includes(EXTRACT_FLAGS.outOfMemory)) return true;
  return ocr && !row.ocr && row.flags.includes(EXTRACT_FLAGS.ocrNeeded);
}

/** Whether a row is one the ingest report lists as a problem (the file failed, or stopped at a hard limit). */
export function isProblem(row: Pick<AttachmentText, 'status' | 'flags'>): boolean {
  return row.status === 'failed' || row.flags.some((f) => FAILURES.has(f));
}

/**
 * The `attachment_texts` row of one extraction: the text when there is any (language detected on
 * its start, for stemming), the search type from what the bytes were read as and, where that says
 * nothing, the declared type and name.
 */
export function attachmentTextRow(
  sha256: string,
  meta: ExtractMeta,
  r: ExtractResult,
  ocr: boolean,
): AttachmentText {
  const status = extractionStatus(r);
  const text = status === 'text' ? r.text : null;
  return {
    sha256,
    status,
    kind: r.kind,
    type: attachmentSearchType(r.kind, meta),
    method: text === null ? null : r.method === 'ocr' ? 'ocr' : 'text',
    chars: text?.length ?? 0,
    pages: r.pages ?? null,
    ocrPages: r.ocrPages ?? null,
    ocrConfidence: r.ocrConfidence ?? null,
    ocr,
    lang: text === null ? null : detectLanguage(text),
    flags: r.flags,
    error: r.error ?? null,
    text,
  };
}
