import { decodeCharset, decodeUndeclared } from '../../sources/email/decode-charset.js';
import { htmlToText } from '../../sources/email/html-to-text.js';
import { rtfToText } from '../../sources/email/rtf-to-text.js';
import { charsetParam, utf16Order } from './sniff-kind.js';

/**
 * Plain text in any charset. A byte-order mark decides (UTF-8, UTF-16, UTF-32), then UTF-16
 * without one (NUL in every other byte), then the declared charset, then strict UTF-8, and
 * last windows-1252 (flagged `charset-fallback:windows-1252` by decode-charset.ts).
 */
export function decodePlainText(bytes: Uint8Array, contentType: string | null, flags: Set<string>): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return decodeCharset(bytes.subarray(3), 'utf-8', flags);
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0)
    return decodeCharset(bytes, 'utf-32le', flags);
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)
    return decodeCharset(bytes, 'utf-32be', flags);
  const order = utf16Order(bytes);
  if (order !== null) {
    const hasBom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return decodeCharset(hasBom ? bytes.subarray(2) : bytes, `utf-16${order}`, flags);
  }
  const declared = charsetParam(contentType);
  return declared === null ? decodeUndeclared(bytes, flags) : decodeCharset(bytes, declared, flags);
}

/** `<meta charset="x">` or `<meta http-equiv="Content-Type" content="...; charset=x">`. */
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)/i;
/** WHATWG's prescan looks at the first 1024 bytes for a meta charset. */
const META_PRESCAN_BYTES = 1024;

/**
 * The text of an HTML attachment: charset from a byte-order mark, the Content-Type, or a meta
 * tag in the first 1024 bytes (in that order, as browsers do), then html-to-text.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null, flags: Set<string>): string {
  let html: string;
  if ((bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || utf16Order(bytes) !== null) {
    html = decodePlainText(bytes, null, flags);
  } else {
    const head = Buffer.from(
      bytes.buffer,
      bytes.byteOffset,
      Math.min(bytes.byteLength, META_PRESCAN_BYTES),
    ).toString('latin1');
    const declared = charsetParam(contentType) ?? META_CHARSET.exec(head)?.[1] ?? null;
    html = declared === null ? decodeUndeclared(bytes, flags) : decodeCharset(bytes, declared, flags);
  }
  // As for a message's body, <noscript> and inline SVG labels too (no id hashes this text).
  return htmlToText(html, true);
}

/** The text of an RTF document (rtf-to-text.ts: code pages, \uN, encapsulated HTML). */
export function decodeRtf(bytes: Uint8Array, flags: Set<string>): string {
  return rtfToText(bytes, flags).text;
}
