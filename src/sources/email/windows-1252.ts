/**
 * windows-1252 decoding done here rather than by TextDecoder.
 *
 * WHATWG maps the labels `iso-8859-1`, `latin1`, `us-ascii` and `windows-1252` to one
 * encoding, windows-1252, because real senders that declare Latin-1 mean it; but Node 20's
 * ICU-backed TextDecoder returns the C1 control characters U+0080..U+009F for the bytes
 * 0x80..0x9F instead of windows-1252's letters (€ “ ” – …). Every other byte is identity.
 */

/** windows-1252's 0x80..0x9F, indexed by byte - 0x80. The five unassigned bytes keep their C1 code point, as WHATWG does. */
const HIGH_CONTROL_RANGE: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

const C1 = /[\u0080-\u009f]/g;

function mapC1(ch: string): string {
  return String.fromCharCode(HIGH_CONTROL_RANGE[ch.charCodeAt(0) - 0x80] ?? ch.charCodeAt(0));
}

/** Decodes `bytes[start, end)` as windows-1252. */
export function decodeWindows1252(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);
  return fixC1(text);
}

/** Maps C1 control characters of a Latin-1 string to windows-1252's letters. */
export function fixC1(latin1: string): string {
  C1.lastIndex = 0;
  return C1.test(latin1) ? latin1.replace(C1, mapC1) : latin1;
}
