import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Item } from '../../model/index.js';

/**
 * How an item is laid out in the `items` (slim: what search, sorting and threading read) and
 * `contents` (heavy: the rest of the record plus the raw bytes, compressed) tables.
 */

/**
 * Brotli quality 1. Measured on 3,000 generated emails (6.8 KB raw, 4.2 KB text on average):
 * record and raw compressed together to 0.50 of the raw size at 82 µs an item; quality 2 gives
 * 0.48 at 154 µs; deflate level 1 0.49 at 154 µs; record and raw compressed apart 0.81.
 */
const BROTLI_QUALITY = 1;

/**
 * Raw messages above this size are compressed apart from the record, so that opening the item
 * (or listing it in search results) does not decompress its 20 MB of attachments. Below it,
 * record and raw are one brotli stream: the raw holds the text and HTML again, and one stream
 * stores them once.
 */
export const SEPARATE_RAW_BYTES = 256 * 1024;

/** `contents.codec`: data = brotli(record JSON ‖ raw), raw column null. */
export const CODEC_JOINED = 1;
/** `contents.codec`: data = brotli(record JSON), raw = brotli(raw). */
export const CODEC_SEPARATE = 2;

/** The part of an Item kept in `contents` (everything that is not a column of `items`). */
export interface ItemRecord {
  tzOffset: number | null;
  dateSource: Item['dateSource'];
  from: Item['from'];
  to: Item['to'];
  cc: Item['cc'];
  bcc: Item['bcc'];
  text: string;
  html: string | null;
  links: string[];
  mentions: string[];
  attachments: Item['attachments'];
  flags: string[];
  /** Only when `sentAt` does not survive the trip through milliseconds unchanged. */
  sentAt?: string;
}

/** A row of `items` as read back. */
export interface ItemRow {
  /** Date key: the item's rowid in the full-text index (sqlite-date-key.ts). */
  dk: number;
  n: number;
  id: string;
  kind: string;
  platform: string;
  visibility: string;
  sent_at: number | null;
  lang: string | null;
  has_attachments: number;
  subject: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  conversation_id: string | null;
  reply_to: string | null;
  thread_id: string | null;
  thread_reply_to: string | null;
}

/** The SELECT list that yields an ItemRow from `items i`. */
export const ITEM_COLUMNS =
  'i.n, i.dk, i.id, i.kind, i.platform, i.visibility, i.sent_at, i.lang, i.has_attachments, i.subject, i.message_id, ' +
  'i.in_reply_to, i.refs, i.conversation_id, i.reply_to, i.thread_id, i.thread_reply_to';

export interface ContentRow {
  codec: number;
  record_len: number;
  data: Buffer;
  raw: Buffer | null;
}

/** sentAt as integer milliseconds for sorting and ranges; null when absent or unparseable. */
export function sentAtMs(sentAt: string | null): number | null {
  if (sentAt === null) return null;
  const ms = Date.parse(sentAt);
  return Number.isFinite(ms) ? ms : null;
}

export function msToIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Values for `INSERT INTO items`, in the order of the store's insert statement. */
export function itemValues(item: Item, dk: number): unknown[] {
  const ms = sentAtMs(item.sentAt);
  return [
    dk,
    item.id,
    item.kind,
    item.platform,
    item.visibility,
    ms,
    item.lang,
    item.attachments.length > 0 ? 1 : 0,
    item.links.length > 0 ? 1 : 0,
    item.from?.address ?? null,
    item.subject,
    item.messageId,
    item.inReplyTo,
    JSON.stringify(item.references),
    item.conversationId,
    item.replyTo,
  ];
}

export function encodeContent(item: Item, raw: Uint8Array): ContentRow {
  const record: ItemRecord = {
    tzOffset: item.tzOffset,
    dateSource: item.dateSource,
    from: item.from,
    to: item.to,
    cc: item.cc,
    bcc: item.bcc,
    text: item.text,
    html: item.html,
    links: item.links,
    mentions: item.mentions,
    attachments: item.attachments,
    flags: item.flags,
  };
  if (item.sentAt !== null && msToIso(sentAtMs(item.sentAt)) !== item.sentAt) record.sentAt = item.sentAt;
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  const rawBuf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (rawBuf.length > SEPARATE_RAW_BYTES) {
    return { codec: CODEC_SEPARATE, record_len: json.length, data: compress(json), raw: compress(rawBuf) };
  }
  return {
    codec: CODEC_JOINED,
    record_len: json.length,
    data: compress(Buffer.concat([json, rawBuf])),
    raw: null,
  };
}

export function decodeRecord(c: ContentRow): ItemRecord {
  const data = decompress(c.data);
  return JSON.parse(data.toString('utf8', 0, c.record_len)) as ItemRecord;
}

export function decodeRaw(c: ContentRow): Buffer {
  if (c.codec === CODEC_SEPARATE && c.raw) return decompress(c.raw);
  return decompress(c.data).subarray(c.record_len);
}

/** Rebuilds the Item from its slim row, its record and its first location. */
export function toItem(row: ItemRow, record: ItemRecord, location: Item['location']): Item {
  return {
    id: row.id,
    kind: row.kind as Item['kind'],
    platform: row.platform,
    visibility: row.visibility as Item['visibility'],
    sentAt: record.sentAt ?? msToIso(row.sent_at),
    tzOffset: record.tzOffset,
    dateSource: record.dateSource,
    from: record.from,
    to: record.to,
    cc: record.cc,
    bcc: record.bcc,
    subject: row.subject,
    text: record.text,
    html: record.html,
    lang: row.lang,
    links: record.links,
    mentions: record.mentions,
    attachments: record.attachments,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    conversationId: row.thread_id ?? row.conversation_id,
    replyTo: row.thread_reply_to ?? row.reply_to,
    flags: record.flags,
    location,
  };
}

export function compress(b: Buffer): Buffer {
  return brotliCompressSync(b, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    },
  });
}

export function decompress(b: Buffer): Buffer {
  return brotliDecompressSync(b);
}
