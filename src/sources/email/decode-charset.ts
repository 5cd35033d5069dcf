import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { decodeUtf7 } from './utf7.js';
import { decodeWindows1252 } from './windows-1252.js';
import { isDamagedUtf8 } from './utf8-damage.js';
import {
  EXTRA_ALIASES,
  LATIN1_LABELS,
  NAMED_SINCE_2026_11_28,
  UNDECLARED_LABELS,
  UTF7_LABELS,
  UTF8_LABELS,
} from './charset-labels.js';

/**
 * Turns the bytes of a text part or header into a string, whatever the label says.
 *
 * - No label, or `us-ascii` (the RFC 2045 default), over 8-bit bytes: the sender lied or forgot;
 *   strict UTF-8 if the bytes are valid UTF-8, else windows-1252, flagged.
 * - `utf-8` that is not valid UTF-8: windows-1252, flagged (the commonest real mislabel) —
 *   unless it is mostly good UTF-8 with a few bad bytes (see utf8-damage.ts), which is decoded
 *   as UTF-8 with U+FFFD for the bad bytes and flagged `charset-damaged:utf-8`, because
 *   windows-1252 would turn every good character of it into mojibake.
 * - Latin-1 labels: windows-1252 through our own table (see windows-1252.ts for why).
 * - UTF-7 and UTF-32: our own decoders; UTF-16 sniffs its byte-order mark, else its zero bytes.
 * - Anything TextDecoder knows (Node 20 ships full ICU): TextDecoder, non-fatal.
 * - Unknown labels: decoded as if undeclared, flagged `charset-unknown:<label>`.
 */

/** Longest charset label we keep in a flag: a label is attacker text and flags are stored. */
const MAX_LABEL_IN_FLAG = 40;

/** Encodings whose bytes 0x00..0x7F are not plain ASCII, so the ASCII fast path must not apply. */
const NOT_ASCII_COMPATIBLE = new Set(['utf-16le', 'utf-16be', 'iso-2022-jp', 'utf-7', 'utf-16', 'utf-32']);

/** TextDecoders by WHATWG encoding name: a closed set, so the cache stays bounded. */
const decoders = new Map<string, TextDecoder>();

/** What a label resolves to: our own handling or a TextDecoder encoding name; null if unknown. */
type Resolved =
  | 'undeclared'
  | 'utf-8'
  | 'windows-1252'
  | 'utf-7'
  | 'utf-16'
  | 'utf-16le'
  | 'utf-16be'
  | 'utf-32'
  | 'utf-32le'
  | 'utf-32be'
  | { decoder: TextDecoder };

/** Labels already resolved; only labels that resolved are kept. */
const resolvedCache = new Map<string, Resolved>();
/** Cap on the resolution cache: labels are attacker-chosen strings. */
const MAX_RESOLVED_CACHE = 512;

/** Lower-cases and strips quotes, spaces and trailing junk from a charset label. */
export function normaliseCharset(label: string | null | undefined): string {
  if (!label) return '';
  let s = label.trim().toLowerCase();
  if (s.length > 0 && (s[0] === '"' || s[0] === "'")) s = s.slice(1);
  if (s.length > 0 && (s.endsWith('"') || s.endsWith("'"))) s = s.slice(0, -1);
  return s.trim();
}

function resolve(label: string): Resolved | null {
  if (label === '' || UNDECLARED_LABELS.has(label)) return 'undeclared';
  if (UTF8_LABELS.has(label)) return 'utf-8';
  if (LATIN1_LABELS.has(label)) return 'windows-1252';
  if (UTF7_LABELS.has(label)) return 'utf-7';
  if (label === 'utf-16' || label === 'ucs-2' || label === 'csunicode' || label === 'iso-10646-ucs-2')
    return 'utf-16';
  if (label === 'utf-16le' || label === 'unicode' || label === 'unicodefeff') return 'utf-16le';
  if (label === 'utf-16be' || label === 'unicodefffe') return 'utf-16be';
  if (label === 'utf-32' || label === 'ucs-4') return 'utf-32';
  if (label === 'utf-32le') return 'utf-32le';
  if (label === 'utf-32be') return 'utf-32be';
  const cached = resolvedCache.get(label);
  if (cached) return cached;
  const name = EXTRA_ALIASES.get(label) ?? label;
  let r: Resolved;
  const known = decoders.get(name);
  if (known) {
    r = { decoder: known };
  } else {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(name);
    } catch {
      return null;
    }
    // WHATWG maps some labels (iso-2022-kr, hz-gb-2312) to "replacement", which decodes to U+FFFD only.
    if (decoder.encoding === 'replacement') return null;
    if (decoder.encoding === 'windows-1252') r = 'windows-1252';
    else if (decoder.encoding === 'utf-8') r = 'utf-8';
    else {
      decoders.set(name, decoder);
      r = { decoder };
    }
  }
  if (resolvedCache.size < MAX_RESOLVED_CACHE) resolvedCache.set(label, r);
  return r;
}

/** True when `label` names a charset this module can decode (after aliasing). */
export function isKnownCharset(label: string | null | undefined): boolean {
  return resolve(normaliseCharset(label)) !== null;
}

/**
 * The flag of text labelled `utf-16` without a byte-order mark that was read little-endian
 * (sniffUtf16). innsyn read such text big-endian before 2026-11-28: parse-email.ts reads it so
 * again for the item's id, which hashes the text, so that the mail keeps the id it had.
 */
export const UTF16_GUESSED_LITTLE_ENDIAN = 'charset-utf16-guessed:little-endian';

/** The flag of text in a label innsyn knows since 2026-11-28 (NAMED_SINCE_2026_11_28), then the label. */
export const CHARSET_ALIAS = 'charset-alias:';

/** Whether text was read otherwise than before (flags of decodeCharset): then read again as before, for the id. */
export function readOtherwiseThanBefore(flags: ReadonlySet<string>): boolean {
  if (flags.has(UTF16_GUESSED_LITTLE_ENDIAN)) return true;
  for (const f of flags) if (f.startsWith(CHARSET_ALIAS)) return true;
  return false;
}

/**
 * Decodes `bytes` as `charset` (a raw label from a header, or null when none was declared),
 * adding to `flags` every fallback taken. Never throws. `asBefore` (for ids only): as innsyn read
 * it before, bare UTF-16 big-endian (before it sniffed the order) and labels named since
 * 2026-11-28 unknown.
 */
export function decodeCharset(
  bytes: Uint8Array,
  charset: string | null | undefined,
  flags: Set<string>,
  asBefore = false,
): string {
  const label = normaliseCharset(charset);
  const since = NAMED_SINCE_2026_11_28.has(label);
  const r = since && asBefore ? null : resolve(label);
  if (since && r !== null && !isAscii(bytes)) flags.add(`${CHARSET_ALIAS}${label}`);
  if (r === null) {
    flags.add(`charset-unknown:${label.slice(0, MAX_LABEL_IN_FLAG)}`);
    return decodeUndeclared(bytes, flags);
  }
  const asciiOk =
    typeof r === 'string' ? !NOT_ASCII_COMPATIBLE.has(r) : !NOT_ASCII_COMPATIBLE.has(r.decoder.encoding);
  if (asciiOk && isAscii(bytes)) return latin1(bytes);
  switch (r) {
    case 'undeclared':
      return decodeUndeclared(bytes, flags);
    case 'utf-8':
      return decodeUtf8OrFallback(bytes, flags);
    case 'windows-1252':
      return decodeWindows1252(bytes);
    case 'utf-7':
      return decodeUtf7(bytes);
    case 'utf-16': {
      if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'le');
      // Without that mark: big-endian as before, or the order the zero bytes tell (flagged when little).
      const order = asBefore ? 'be' : sniffUtf16(bytes);
      if (order === 'le') flags.add(UTF16_GUESSED_LITTLE_ENDIAN);
      return decodeUtf16(bytes, order);
    }
    case 'utf-16le':
      return decodeUtf16(bytes, 'le');
    case 'utf-16be':
      return decodeUtf16(bytes, 'be');
    case 'utf-32':
      return decodeUtf32(bytes, bytes[0] === 0xff && bytes[1] === 0xfe ? 'le' : 'be');
    case 'utf-32le':
      return decodeUtf32(bytes, 'le');
    case 'utf-32be':
      return decodeUtf32(bytes, 'be');
    default:
      return r.decoder.decode(bytes);
  }
}

/** Bytes with no trustworthy label: strict UTF-8 if valid, else windows-1252 (flagged). */
export function decodeUndeclared(bytes: Uint8Array, flags: Set<string>): string {
  if (isAscii(bytes)) return latin1(bytes);
  return decodeUtf8OrFallback(bytes, flags);
}

/** Strict UTF-8; damaged UTF-8 with U+FFFD; anything else windows-1252. */
export function decodeUtf8OrFallback(bytes: Uint8Array, flags: Set<string>): string {
  if (isUtf8(bytes)) return utf8(bytes);
  if (isDamagedUtf8(bytes)) {
    flags.add('charset-damaged:utf-8');
    return utf8(bytes);
  }
  flags.add(FALLBACK_WINDOWS_1252);
  return decodeWindows1252(bytes);
}

/** The flag of 8-bit text that is not UTF-8, read as windows-1252 (decodeUtf8OrFallback). */
export const FALLBACK_WINDOWS_1252 = 'charset-fallback:windows-1252';

/**
 * `bytes` as `label` when they read cleanly so (no fallback, no U+FFFD), else null: raw 8-bit
 * header text tried in the charset the message declares for its body.
 */
export function decodeCleanly(bytes: Uint8Array, label: string): string | null {
  const flags = new Set<string>();
  const s = decodeCharset(bytes, label, flags);
  for (const f of flags) if (!f.startsWith(CHARSET_ALIAS)) return null;
  return s.includes('\uFFFD') ? null : s;
}

/**
 * Whether `label` is a charset raw header bytes can be tried in: known, ASCII-compatible, and
 * not what undeclared bytes are read as anyway (UTF-8, windows-1252 and Latin-1).
 */
export function isHeaderCharsetHint(label: string | null | undefined): boolean {
  const r = resolve(normaliseCharset(label));
  if (r === null || typeof r === 'string') return false;
  return !NOT_ASCII_COMPATIBLE.has(r.decoder.encoding);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function utf8(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // A leading byte-order mark is an encoding artefact, not text (TextDecoder drops it too).
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** Bytes looked at to tell the byte order of UTF-16 without a byte-order mark. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * The order of UTF-16 without a little-endian byte-order mark. A big-endian mark decides.
 * Without one RFC 2781 says big-endian, but Windows writes little-endian and browsers read a
 * bare `utf-16` label so: the order is the one that puts the zero high bytes of Latin text
 * (ASCII markup, most European text) where they belong, big-endian when that does not tell (no
 * zeros: CJK text, say).
 */
function sniffUtf16(bytes: Uint8Array): 'le' | 'be' {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'be';
  let even = 0;
  let odd = 0;
  const end = Math.min(bytes.length, UTF16_SNIFF_BYTES);
  for (let i = 0; i < end; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  return odd > even ? 'le' : 'be';
}

function decodeUtf16(bytes: Uint8Array, order: 'le' | 'be'): string {
  const decoder = decoders.get(`utf-16${order}`) ?? new TextDecoder(`utf-16${order}`);
  decoders.set(`utf-16${order}`, decoder);
  return decoder.decode(bytes);
}

/** UTF-32, which TextDecoder lacks; invalid code points become U+FFFD. */
function decodeUtf32(bytes: Uint8Array, order: 'le' | 'be'): string {
  const out: string[] = [];
  let start = 0;
  if (order === 'be' && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) start = 4;
  if (order === 'le' && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) start = 4;
  for (let i = start; i + 3 < bytes.length; i += 4) {
    const a = bytes[i] as number;
    const b = bytes[i + 1] as number;
    const c = bytes[i + 2] as number;
    const d = bytes[i + 3] as number;
    const cp =
      order === 'be'
        ? ((a << 24) | (b << 16) | (c << 8) | d) >>> 0
        : ((d << 24) | (c << 16) | (b << 8) | a) >>> 0;
    out.push(cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp));
  }
  return out.join('');
}
