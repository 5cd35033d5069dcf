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
/**
 * `contents.codec` of an item with HTML: data = brotli(record JSON ‖ HTML ‖ raw), raw column
 * null. The record holds `htmlBytes` instead of `html`: the HTML, a JSON string of that many
 * bytes, follows it. A search result or an analysis reads the record alone, so neither
 * decompresses nor parses the HTML, often the larger part of a mail (decodeRecordWithoutHtml).
 */
export const CODEC_JOINED_HTML_APART = 3;
/** As CODEC_JOINED_HTML_APART with the raw bytes apart: data = brotli(record JSON ‖ HTML), raw = brotli(raw). */
export const CODEC_SEPARATE_HTML_APART = 4;

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

/** An ItemRecord without its HTML (decodeRecordWithoutHtml). */
export type RecordWithoutHtml = Omit<ItemRecord, 'html'>;

/** The record JSON of codecs 3 and 4: `htmlBytes` (the length of the HTML after it) for `html`. */
type HtmlApart = RecordWithoutHtml & { htmlBytes: number };

function htmlApart(codec: number): boolean {
  return codec === CODEC_JOINED_HTML_APART || codec === CODEC_SEPARATE_HTML_APART;
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
  const rawBuf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const separate = rawBuf.length > SEPARATE_RAW_BYTES;
  if (item.html !== null) {
    // A JSON string, not bare UTF-8: it gives back every string exactly, lone surrogates too.
    const html = Buffer.from(JSON.stringify(item.html), 'utf8');
    const { html: _html, ...rest } = record;
    const json = Buffer.from(JSON.stringify({ ...rest, htmlBytes: html.length } satisfies HtmlApart), 'utf8');
    if (separate) {
      return {
        codec: CODEC_SEPARATE_HTML_APART,
        record_len: json.length,
        data: compress(Buffer.concat([json, html])),
        raw: compress(rawBuf),
      };
    }
    return {
      codec: CODEC_JOINED_HTML_APART,
      record_len: json.length,
      data: compress(Buffer.concat([json, html, rawBuf])),
      raw: null,
    };
  }
  const json = Buffer.from(JSON.stringify(record), 'utf8');
  if (separate) {
    return { codec: CODEC_SEPARATE, record_len: json.length, data: compress(json), raw: compress(rawBuf) };
  }
  return {
    codec: CODEC_JOINED,
    record_len: json.length,
    data: compress(Buffer.concat([json, rawBuf])),
    raw: null,
  };
}

/** The whole record, HTML included: what an item page shows. */
export function decodeRecord(c: ContentRow): ItemRecord {
  if (!htmlApart(c.codec))
    return JSON.parse(prefixBytes(c, c.record_len).toString('utf8', 0, c.record_len)) as ItemRecord;
  // The HTML is not yet known to be longer or shorter than the record: ask for both at once.
  let bytes = c.codec === CODEC_SEPARATE_HTML_APART ? decompress(c.data) : prefixBytes(c, 3 * c.record_len);
  const { htmlBytes, ...rest } = JSON.parse(bytes.toString('utf8', 0, c.record_len)) as HtmlApart;
  const end = c.record_len + htmlBytes;
  if (bytes.length < end) bytes = prefixBytes(c, end);
  return { ...rest, html: JSON.parse(bytes.toString('utf8', c.record_len, end)) as string | null };
}

/**
 * The record without its HTML (search results, thread lists, analyses): for an item stored with
 * its HTML apart (codecs 3 and 4), the HTML is neither decompressed nor parsed.
 */
export function decodeRecordWithoutHtml(c: ContentRow): RecordWithoutHtml {
  const parsed = JSON.parse(prefixBytes(c, c.record_len).toString('utf8', 0, c.record_len)) as HtmlApart &
    Pick<ItemRecord, 'html'>;
  const { html: _html, htmlBytes: _bytes, ...rest } = parsed;
  return rest;
}

/**
 * At least the first `need` bytes of what `data` decompresses to. A stream that goes on after
 * them (the record, then the HTML, then the raw message): brotli told to flush rather than finish
 * gives out everything a prefix of its input determines, so only about as much of the stream as
 * they need is decoded, not the raw message and its attachments after it (on generated mail a
 * 2.4x faster read of the record). A prefix too short is doubled; a damaged stream ends in the
 * full decompress, which throws. Codec 2's data is the record alone: decompressed whole.
 */
function prefixBytes(c: ContentRow, need: number): Buffer {
  if (c.codec === CODEC_SEPARATE) return decompress(c.data);
  for (let k = (need >> 1) + 256; k < c.data.length; k *= 2) {
    const out = brotliDecompressSync(c.data.subarray(0, k), {
      finishFlush: constants.BROTLI_OPERATION_FLUSH,
    });
    if (out.length >= need) return out;
  }
  return decompress(c.data);
}

export function decodeRaw(c: ContentRow): Buffer {
  if ((c.codec === CODEC_SEPARATE || c.codec === CODEC_SEPARATE_HTML_APART) && c.raw)
    return decompress(c.raw);
  const all = decompress(c.data);
  if (c.codec !== CODEC_JOINED_HTML_APART) return all.subarray(c.record_len);
  const { htmlBytes } = JSON.parse(all.toString('utf8', 0, c.record_len)) as HtmlApart;
  return all.subarray(c.record_len + htmlBytes);
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
