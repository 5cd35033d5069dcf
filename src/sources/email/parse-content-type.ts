import { decodeCharset, isKnownCharset } from './decode-charset.js';
import { decodeEncodedWords } from './decode-encoded-words.js';
import { isEscapable } from './quoted-pair.js';

/**
 * Content-Type (RFC 2045 §5.1) and Content-Disposition (RFC 2183), which share one syntax:
 * `type/subtype; name=value; ...`, with RFC 2231 parameter continuations and charsets
 * (`filename*0*=utf-8''%E2%82%AC; filename*1=.pdf`).
 *
 * Lenient where real mail is broken, strict nowhere:
 * - white space and comments anywhere (`text /plain; charset =us-ascii (Plain text)`);
 * - a missing `;` between parameters (seen: `multipart/mixed\n\tboundary="x"`);
 * - unquoted values holding spaces, read to the next `;`;
 * - an unterminated quoted string runs to the end;
 * - a backslash escapes only punctuation, so Windows paths in `filename="C:\tmp\a.doc"` survive;
 * - RFC 2047 encoded words inside parameter values (`name="=?utf-8?B?...?="`), which RFC 2047
 *   forbids but Outlook, Gmail and Apple Mail all send, are decoded.
 */
export interface ParsedContentType {
  /** Lower-cased; for Content-Disposition the disposition type. */
  type: string;
  /** Lower-cased; null when the value has no `/`. */
  subtype: string | null;
  /** Parameter names lower-cased, RFC 2231 sections merged and decoded, in order of first appearance. */
  params: Map<string, string>;
}

/** White space followed by `attribute=`: where an unquoted value ends when the `;` is missing. */
const NEXT_PARAM = /^[ \t\r\n]+[^ \t\r\n=;"()]+[ \t]*=/;

/** Most RFC 2231 sections kept for one parameter: stops a header of `name*99999=` forcing big sorts. */
const MAX_SECTIONS = 1000;

export function parseContentType(value: string, flags: Set<string> = new Set()): ParsedContentType {
  const s = value;
  let i = skipCfws(s, 0);
  let start = i;
  while (i < s.length && !isTypeStop(s.charCodeAt(i))) i++;
  const type = s.slice(start, i).toLowerCase();
  i = skipCfws(s, i);
  let subtype: string | null = null;
  if (s.charCodeAt(i) === 0x2f /* / */) {
    i = skipCfws(s, i + 1);
    start = i;
    // A second '/' is kept in the subtype (`text/plain/format`), as Stalwart does.
    while (i < s.length && (s.charCodeAt(i) === 0x2f || !isTypeStop(s.charCodeAt(i)))) i++;
    subtype = s.slice(start, i).toLowerCase() || null;
  }

  /** Plain parameters, and RFC 2231 sections per name, in order of first sight. */
  const order: string[] = [];
  const plain = new Map<string, string>();
  const sections = new Map<string, Array<{ n: number; encoded: boolean; value: string }>>();

  while (i < s.length) {
    i = skipCfws(s, i);
    if (i >= s.length) break;
    if (s.charCodeAt(i) === 0x3b /* ; */) {
      i++;
      continue;
    }
    start = i;
    while (i < s.length && !isAttrStop(s.charCodeAt(i))) i++;
    const rawName = s.slice(start, i).toLowerCase();
    i = skipCfws(s, i);
    if (s.charCodeAt(i) !== 0x3d /* = */) {
      // A stray word with no value (`text/plain; flowed`): skip to the next parameter.
      if (i === start) i++;
      continue;
    }
    i = skipCfws(s, i + 1);
    let val: string;
    if (s.charCodeAt(i) === 0x22 /* " */) {
      const q = readQuoted(s, i);
      val = q.text;
      i = q.end;
      // Anything after the closing quote up to ';' is junk.
      while (i < s.length && s.charCodeAt(i) !== 0x3b) i++;
    } else {
      start = i;
      while (i < s.length && s.charCodeAt(i) !== 0x3b && s.charCodeAt(i) !== 0x28 /* ( */) {
        // White space then `name=` starts the next parameter although the `;` was left out.
        if (isWsp(s.charCodeAt(i)) && NEXT_PARAM.test(s.slice(i, i + 80))) break;
        i++;
      }
      val = trimWsp(s.slice(start, i));
      // `name=` with nothing after it says nothing.
      if (val === '') continue;
    }
    if (rawName === '' || rawName.startsWith('*')) continue;
    const star = rawName.indexOf('*');
    if (star < 0) {
      if (!plain.has(rawName)) {
        plain.set(rawName, val);
        if (!sections.has(rawName)) order.push(rawName);
      }
      continue;
    }
    const name = rawName.slice(0, star);
    const rest = rawName.slice(star + 1);
    let n = 0;
    let encoded = false;
    if (rest === '') encoded = true;
    else {
      const m = /^(\d{1,6})(\*?)$/.exec(rest);
      if (!m) continue;
      n = Number(m[1]);
      encoded = m[2] === '*';
    }
    let list = sections.get(name);
    if (!list) {
      list = [];
      sections.set(name, list);
      if (!plain.has(name)) order.push(name);
    }
    if (list.length < MAX_SECTIONS) list.push({ n, encoded, value: val });
  }

  const params = new Map<string, string>();
  for (const name of order) {
    const list = sections.get(name);
    const v = list ? joinSections(list, flags) : (plain.get(name) as string);
    params.set(name, v.includes('=?') ? decodeEncodedWords(v, flags) : v);
  }
  return { type, subtype, params };
}

/**
 * RFC 2231 §3-4: sort by section number; the first encoded section may carry `charset'lang'`.
 * Runs of consecutive encoded sections are joined as bytes before decoding, since a multi-byte
 * character may be split between two of them; plain sections are text as they are.
 */
function joinSections(
  list: Array<{ n: number; encoded: boolean; value: string }>,
  flags: Set<string>,
): string {
  list.sort((a, b) => a.n - b.n);
  let charset: string | null = null;
  let out = '';
  let bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length > 0) out += decodeCharset(Uint8Array.from(bytes), charset, flags);
    bytes = [];
  };
  for (let k = 0; k < list.length; k++) {
    const sec = list[k] as { n: number; encoded: boolean; value: string };
    let v = sec.value;
    if (!sec.encoded) {
      flushBytes();
      out += v;
      continue;
    }
    // Only the first section may carry `charset'language'`; some mailers repeat it (or just
    // `charset'`) in later sections, and since an extended value cannot hold a literal `'`
    // (RFC 2231 §7, attribute-char), a known charset name before one can only be that prefix.
    const a = v.indexOf("'");
    const b = a >= 0 ? v.indexOf("'", a + 1) : -1;
    if (k === 0 && b >= 0) {
      charset = v.slice(0, a) || null;
      v = v.slice(b + 1);
    } else if (k > 0 && a > 0 && isKnownCharset(v.slice(0, a))) {
      charset ??= v.slice(0, a);
      v = v.slice(b >= 0 && !v.slice(a + 1, b).includes('%') ? b + 1 : a + 1);
    }
    percentDecode(v, bytes);
  }
  flushBytes();
  return out;
}

function percentDecode(v: string, out: number[]): void {
  for (let k = 0; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c === 0x25 && k + 2 < v.length && /^[0-9a-fA-F]{2}$/.test(v.slice(k + 1, k + 3))) {
      out.push(parseInt(v.slice(k + 1, k + 3), 16));
      k += 2;
    } else if (c < 0x80) {
      out.push(c);
    } else {
      for (const ch of Buffer.from(v[k] as string, 'utf8')) out.push(ch);
    }
  }
}

/** Reads a quoted string starting at the opening quote; returns its text and the index after it. */
function readQuoted(s: string, open: number): { text: string; end: number } {
  let text = '';
  let i = open + 1;
  let chunk = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      return { text: text + s.slice(chunk, i), end: i + 1 };
    }
    if (c === 0x5c /* \ */ && i + 1 < s.length && isEscapable(s.charCodeAt(i + 1))) {
      text += s.slice(chunk, i);
      chunk = i + 1;
      i += 2;
      continue;
    }
    i++;
  }
  return { text: text + s.slice(chunk), end: s.length };
}

/** Skips white space and (nested) comments. */
function skipCfws(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
      i++;
    } else if (c === 0x28) {
      let depth = 0;
      while (i < s.length) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) {
          i++;
          break;
        }
        i++;
      }
    } else {
      break;
    }
  }
  return i;
}

function isTypeStop(c: number): boolean {
  return c === 0x2f || c === 0x3b || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x28;
}

function isAttrStop(c: number): boolean {
  return c === 0x3d || c === 0x3b || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x28;
}

function trimWsp(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWsp(s.charCodeAt(a))) a++;
  while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
