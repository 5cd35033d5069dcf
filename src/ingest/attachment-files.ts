import type { Item, RawMessage } from '../model/index.js';
import { parseEmail } from '../sources/email/index.js';
import { rawAttachments } from '../sources/raw-attachments.js';
import { prepareItem, type PreparedItem } from '../store/index.js';
import { normaliseRecord } from './normalise-record.js';
import type { ParsedRecord } from './parse-pool.js';

/**
 * The worker side of attachment texts in ingest (docs/attachments.md): the bytes of an item's
 * attachments, cut on the parser thread that has the message parsed, and the preparation of the
 * item for the store once their texts are read (attachment-text-stage.ts runs the rest on the
 * main thread and the extraction workers).
 */

/** One attachment's bytes, to be read for text (each sha256 once per item). */
export interface AttachmentFile {
  sha256: string;
  name: string | null;
  /** As the message declared it. */
  contentType: string;
  /** A copy of the bytes (its own buffer, so that posting it between threads moves only it). */
  bytes: Uint8Array;
}

/** An item with attachments, its raw bytes and the texts read from them, to be prepared for the store. */
export interface PrepareJob {
  item: Item;
  raw: Uint8Array;
  /** sha256 → text and the language it is stemmed in. */
  texts: Array<[string, { text: string; lang: string | null }]>;
}

/**
 * The bytes of the item's attachments, each sha256 once, cut again from the raw message
 * (sources/raw-attachments.ts: the same parts, with the same hashes, the item lists). An attached
 * message (message/rfc822) is given as its headers and text rather than its MIME source: its
 * own attachments are listed after it and read on their own, and base64 is not words.
 */
export function attachmentFilesOf(item: Item, raw: RawMessage): AttachmentFile[] {
  const wanted = new Set(item.attachments.map((a) => a.sha256));
  const out: AttachmentFile[] = [];
  for (const part of rawAttachments(raw.bytes)) {
    if (!wanted.delete(part.sha256)) continue;
    const isMessage = part.contentType === 'message/rfc822' || part.contentType === 'message/global';
    out.push({
      sha256: part.sha256,
      name: part.filename,
      contentType: isMessage ? 'text/plain; charset=utf-8' : part.contentType,
      // new Uint8Array copies: a Buffer's slice() would be a view into the message (or Node's pool).
      bytes: isMessage ? messageText(part.content) : new Uint8Array(part.content),
    });
  }
  return out;
}

/** An attached message as a reader sees it: the main headers, then its text. */
function messageText(bytes: Uint8Array): Uint8Array {
  const m = parseEmail(bytes);
  const people = (list: typeof m.from): string =>
    list.map((a) => [a.name, a.address && `<${a.address}>`].filter(Boolean).join(' ')).join(', ');
  const lines = [
    m.subject !== null ? `Subject: ${m.subject}` : '',
    m.from.length > 0 ? `From: ${people(m.from)}` : '',
    m.to.length > 0 ? `To: ${people(m.to)}` : '',
    m.cc.length > 0 ? `Cc: ${people(m.cc)}` : '',
    m.date !== null ? `Date: ${m.date.utc}` : '',
  ].filter((l) => l !== '');
  return new TextEncoder().encode(`${lines.join('\n')}\n\n${m.text}`);
}

/**
 * Parses and normalises one raw message (normalise-record.ts). An item with attachments comes
 * with their bytes (`files`) and is prepared later, once their texts are read; any other is
 * prepared for the store now when `prepare` (on a parser thread; inline, the store prepares it).
 */
export function parseRecord(raw: RawMessage, prepare: boolean): ParsedRecord {
  const o = normaliseRecord(raw);
  if (!o.ok) return o;
  if (o.item.attachments.length > 0) return { ...o, files: attachmentFilesOf(o.item, raw) };
  return prepare ? { ...o, prepared: prepareItem(o.item, raw.bytes) } : o;
}

/** The item prepared for the store with the texts of its attachments. */
export function prepareJob(job: PrepareJob): PreparedItem {
  const texts = new Map(job.texts);
  return prepareItem(job.item, job.raw, (sha) => texts.get(sha));
}

/** The buffers of the outcomes' files, to move (not copy) them in a postMessage. */
export function fileBuffers(outcomes: readonly ParsedRecord[]): ArrayBuffer[] {
  return outcomes.flatMap((o) => (o.ok && o.files ? o.files.map((f) => f.bytes.buffer as ArrayBuffer) : []));
}
