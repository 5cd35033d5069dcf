import type { Location } from '../model/index.js';
import { compress, decompress } from './item-codec.js';

/**
 * What reading an attachment's text gave, kept once per sha256 however many messages carry the
 * file (`attachment_texts` in both dialects; ingest fills it, docs/attachments.md):
 *
 * - `text`: text was read (it may be partial: see `flags`, e.g. `extract-truncated`, `ocr-needed`);
 * - `empty`: the file was read and holds no text;
 * - `ocr-needed`: images or scanned pages only, and OCR was off (`innsyn ingest --ocr` reads them);
 * - `unsupported`: a format innsyn does not read (legacy .doc, audio, unknown binary, archives);
 * - `failed`: the file could not be read (broken, hostile, too large, too slow): `error` says why.
 */
export type AttachmentTextStatus = 'text' | 'empty' | 'ocr-needed' | 'unsupported' | 'failed';

export const ATTACHMENT_TEXT_STATUSES: readonly AttachmentTextStatus[] = [
  'text',
  'empty',
  'ocr-needed',
  'unsupported',
  'failed',
];

/** One row of `attachment_texts` without the text. */
export interface AttachmentTextInfo {
  sha256: string;
  status: AttachmentTextStatus;
  /** What the bytes were read as (extract/attachments AttachmentKind: pdf, docx, xlsx, image, ...). */
  kind: string;
  /** The search type (`type:`; extract/attachments/attachment-type.ts). */
  type: string;
  /** `text` when the file's own text was read, `ocr` when all of it came from OCR; null without text. */
  method: 'text' | 'ocr' | null;
  /** Length of the text in UTF-16 code units (0 without text). */
  chars: number;
  /** Pages, slides or sheets, when the format has them. */
  pages: number | null;
  /** Pages or images read by OCR, and Tesseract's mean confidence over them (0-100). */
  ocrPages: number | null;
  ocrConfidence: number | null;
  /** Whether OCR was on when the file was read (a file flagged `ocr-needed` is read again with it). */
  ocr: boolean;
  /** Detected language of the text (ISO 639-1), what its words are stemmed in; null when unknown. */
  lang: string | null;
  /** Every limit, fallback and failure that fired (docs/attachments.md, "Flags"). */
  flags: string[];
  /** What went wrong, for a human. */
  error: string | null;
}

/** A row of `attachment_texts` with its text (null when none was read). */
export interface AttachmentText extends AttachmentTextInfo {
  text: string | null;
}

/**
 * The extracted text of an attachment for the full-text document, by sha256: what ftsDocument
 * indexes for an attachment whose record carries no text of its own. Undefined when none.
 */
export type AttachmentTextSource = (sha256: string) => { text: string; lang: string | null } | undefined;

/** One place an attachment is held: the item, its place in the item's list, and where the item was found. */
export interface AttachmentHolder {
  itemId: string;
  /** The attachment's place in the item's list (0-based). */
  seq: number;
  name: string | null;
  contentType: string;
  sentAt: string | null;
  subject: string | null;
  /** Every place a copy of the item was found, first one first. */
  locations: Location[];
}

/** Holders listed at most by `listAttachmentHolders`: a logo in every mail of a case is not a list to read. */
export const MAX_ATTACHMENT_HOLDERS = 1000;

/** Rows compared as a store writes them: a re-extraction that gives the same answer changes nothing. */
export function sameAttachmentText(a: AttachmentText, b: AttachmentText): boolean {
  return (
    a.status === b.status &&
    a.kind === b.kind &&
    a.type === b.type &&
    a.method === b.method &&
    a.ocr === b.ocr &&
    a.lang === b.lang &&
    a.text === b.text &&
    a.error === b.error &&
    a.flags.join('\n') === b.flags.join('\n')
  );
}

/** A row of `attachment_texts` as both dialects store it: the text brotli-compressed like records are (item-codec.ts). */
export interface AttachmentTextRow {
  sha256: string;
  status: string;
  kind: string;
  type: string;
  method: string | null;
  chars: number;
  pages: number | null;
  ocr_pages: number | null;
  ocr_confidence: number | null;
  ocr: boolean;
  lang: string | null;
  /** JSON array of strings. */
  flags: string;
  error: string | null;
  /** brotli(text as UTF-8); null when no text was read. */
  data: Buffer | null;
}

export function encodeAttachmentText(t: AttachmentText): AttachmentTextRow {
  return {
    sha256: t.sha256,
    status: t.status,
    kind: t.kind,
    type: t.type,
    method: t.method,
    chars: t.text?.length ?? 0,
    pages: t.pages,
    ocr_pages: t.ocrPages,
    ocr_confidence: t.ocrConfidence,
    ocr: t.ocr,
    lang: t.lang,
    flags: JSON.stringify(t.flags),
    error: t.error,
    data: t.text === null ? null : compress(Buffer.from(t.text, 'utf8')),
  };
}

/** The row without its text (`data` is not read). */
export function decodeAttachmentInfo(
  r: Omit<AttachmentTextRow, 'data' | 'ocr'> & { ocr: boolean | number },
): AttachmentTextInfo {
  return {
    sha256: r.sha256,
    status: r.status as AttachmentTextStatus,
    kind: r.kind,
    type: r.type,
    method: r.method as AttachmentTextInfo['method'],
    chars: r.chars,
    pages: r.pages,
    ocrPages: r.ocr_pages,
    ocrConfidence: r.ocr_confidence,
    ocr: r.ocr === true || r.ocr === 1,
    lang: r.lang,
    flags: JSON.parse(r.flags) as string[],
    error: r.error,
  };
}

/** The text of a row's `data`. */
export function decodeAttachmentData(data: Buffer | null): string | null {
  return data === null ? null : decompress(data).toString('utf8');
}

/** The SELECT list of the row without its text, in either dialect (`t` = attachment_texts). */
export const ATTACHMENT_INFO_COLUMNS =
  't.sha256, t.status, t.kind, t.type, t.method, t.chars, t.pages, t.ocr_pages, t.ocr_confidence, t.ocr, ' +
  't.lang, t.flags, t.error';
