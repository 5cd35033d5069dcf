import { decodeCharset, normaliseCharset } from './decode-charset.js';

/**
 * RFC 2047 encoded words (`=?charset?B|Q?text?=`) in a header value.
 *
 * - Whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2); elsewhere it stays.
 * - Adjacent words in the same charset are joined as bytes before decoding, because real
 *   mailers split a multi-byte character across two words (seen with Outlook and many
 *   Japanese and Chinese mailers), which per-word decoding would turn into two U+FFFD.
 *   Not in the stateful ISO-2022 charsets, where each word must end in ASCII (RFC 1468) and
 *   the next one's escape right after that end is an error to the decoder (U+FFFD at every
 *   join of a long Japanese subject): their words are decoded one by one (innsyn joined them
 *   too before 2026-11-28; `asBefore` does so still, for ids).
 * - A charset may carry an RFC 2231 language suffix (`utf-8*en`), which is dropped.
 * - Anything that is not a well-formed encoded word is left exactly as written.
 */

/** Longest charset label accepted in an encoded word; longer is not an encoded word (RFC 2047 caps a word at 75 characters). */
const MAX_CHARSET_LENGTH = 64;

/** The ISO-2022 labels (iso-2022-jp, iso-2022-jp-2, csiso2022jp, iso2022jp): words decoded one by one. */
const STATEFUL = /^(cs)?iso-?2022/;

/** Base64 alphabet values by char code, -1 elsewhere. */
const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/**
 * Decodes the encoded words of an unfolded header value; charset fallbacks are added to
 * `flags`. `asBefore`: as innsyn decoded them before 2026-11-28, for ids only.
 */
export function decodeEncodedWords(value: string, flags: Set<string> = new Set(), asBefore = false): string {
  let p = value.indexOf('=?');
  if (p < 0) return value;
  const out: string[] = [];
  // Decoded bytes of all words go to one scratch buffer (never longer than the value); a run of
  // adjacent words in one charset is the range [runStart, o).
  const bytes = new Uint8Array(value.length);
  let o = 0;
  let runStart = 0;
  let runCharset: string | null = null;
  let i = 0;
  let lastWasWord = false;
  const scan: Scan = { close: -2, space: -2 };
  const flush = (): void => {
    if (runCharset !== null)
      out.push(decodeCharset(bytes.subarray(runStart, o), runCharset, flags, asBefore));
    runCharset = null;
    runStart = o;
  };
  while (p >= 0) {
    const word = parseWord(value, p, scan);
    if (!word) {
      p = value.indexOf('=?', p + 2);
      continue;
    }
    if (!(lastWasWord && isLinearWhitespace(value, i, p))) {
      flush();
      out.push(value.slice(i, p));
    }
    const charset = normaliseCharset(word.charset);
    if (charset !== runCharset || (!asBefore && STATEFUL.test(charset))) {
      flush();
      runCharset = charset;
    }
    o =
      word.encoding === 'b'
        ? decodeB(value, word.textStart, word.textEnd, bytes, o, flags)
        : decodeQ(value, word.textStart, word.textEnd, bytes, o);
    lastWasWord = true;
    i = word.textEnd + 2;
    p = value.indexOf('=?', i);
  }
  flush();
  out.push(value.slice(i));
  return out.join('');
}

interface Word {
  charset: string;
  encoding: 'b' | 'q';
  /** The encoded text is value[textStart, textEnd); `?=` follows it. */
  textStart: number;
  textEnd: number;
}

/**
 * The next `?=` and the next white space at or after the last place asked, remembered so that a
 * value of thousands of `=?` with no `?=` (a hostile subject) is scanned once, not once per `=?`.
 */
interface Scan {
  close: number;
  space: number;
}

function parseWord(s: string, p: number, scan: Scan): Word | null {
  const q1 = s.indexOf('?', p + 2);
  if (q1 < 0 || q1 === p + 2 || q1 - p - 2 > MAX_CHARSET_LENGTH) return null;
  let charset = s.slice(p + 2, q1);
  if (/[\s"=()<>,;:]/.test(charset)) return null;
  const star = charset.indexOf('*');
  if (star >= 0) charset = charset.slice(0, star);
  const enc = s.charCodeAt(q1 + 1) | 0x20;
  if ((enc !== 0x62 && enc !== 0x71) || s.charCodeAt(q1 + 2) !== 0x3f) return null;
  const textStart = q1 + 3;
  if (scan.close !== -1 && scan.close < textStart) scan.close = s.indexOf('?=', textStart);
  const close = scan.close;
  if (close < 0) return null;
  if (scan.space !== -1 && scan.space < textStart) scan.space = nextSpace(s, textStart);
  // Encoded text never holds white space (RFC 2047 §5); a '?=' past a space closes something else.
  if (scan.space >= 0 && scan.space < close) return null;
  return { charset, encoding: enc === 0x62 ? 'b' : 'q', textStart, textEnd: close };
}

function nextSpace(s: string, from: number): number {
  for (let k = from; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) return k;
  }
  return -1;
}

function isLinearWhitespace(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

/** Base64 of s[from, to) into out at o; junk skipped (flagged), missing padding tolerated. Returns the new o. */
function decodeB(
  s: string,
  from: number,
  to: number,
  out: Uint8Array,
  o: number,
  flags: Set<string>,
): number {
  let acc = 0;
  let n = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    const v = c < 128 ? (B64[c] as number) : -1;
    if (v < 0) {
      if (c !== 0x3d) flags.add('bad-base64');
      continue;
    }
    acc = (acc << 6) | v;
    if (++n === 4) {
      out[o++] = (acc >> 16) & 0xff;
      out[o++] = (acc >> 8) & 0xff;
      out[o++] = acc & 0xff;
      acc = 0;
      n = 0;
    }
  }
  if (n === 2) out[o++] = (acc >> 4) & 0xff;
  else if (n === 3) {
    out[o++] = (acc >> 10) & 0xff;
    out[o++] = (acc >> 2) & 0xff;
  }
  return o;
}

/** The Q encoding of s[from, to) into out at o: `_` is a space, `=XX` a byte; a broken escape stays as written. */
function decodeQ(s: string, from: number, to: number, out: Uint8Array, o: number): number {
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x5f) {
      out[o++] = 0x20;
      continue;
    }
    if (c === 0x3d && k + 2 < to) {
      const h = hexValue(s.charCodeAt(k + 1));
      const l = hexValue(s.charCodeAt(k + 2));
      if (h >= 0 && l >= 0) {
        out[o++] = (h << 4) | l;
        k += 2;
        continue;
      }
    }
    out[o++] = c & 0xff;
  }
  return o;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}
