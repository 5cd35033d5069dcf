import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { Item } from '../model/index.js';

/**
 * How an item's heavy part is kept, in every dialect: the record (every Item field that is not a
 * column of the dialect's slim `items` table) and the raw bytes, brotli-compressed, in one
 * `contents` row (codec, record_len, data, raw). No database here: the SQLite and PostgreSQL
 * dialects store the same bytes, so a case moves between them without recompressing
 * (`innsyn migrate`), and ingest workers prepare them for either (prepare-item.ts).
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
  return JSON.parse(recordBytes(c).toString('utf8', 0, c.record_len)) as ItemRecord;
}

/**
 * At least the first `record_len` bytes of the content. A joined stream holds the record
 * first: brotli told to flush rather than finish gives out everything a prefix of its input
 * determines, so only about as much of the stream as the record needs is decoded, not the raw
 * message and its attachments after it (on generated mail a 2.4x faster read of the record). A
 * prefix too short is doubled; a damaged stream ends in the full decompress, which throws.
 */
function recordBytes(c: ContentRow): Buffer {
  if (c.codec === CODEC_SEPARATE) return decompress(c.data);
  for (let k = (c.record_len >> 1) + 256; k < c.data.length; k *= 2) {
    const out = brotliDecompressSync(c.data.subarray(0, k), {
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
    });
    if (out.length >= c.record_len) return out;
  }
  return decompress(c.data);
}

export function decodeRaw(c: ContentRow): Buffer {
  if (c.codec === CODEC_SEPARATE && c.raw) return decompress(c.raw);
  return decompress(c.data).subarray(c.record_len);
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
