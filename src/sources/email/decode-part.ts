import type { MimeNode } from './mime-tree.js';
import { decodeBase64 } from './decode-base64.js';
import { decodeQuotedPrintable } from './decode-quoted-printable.js';
import { decodeCharset } from './decode-charset.js';
import { htmlToText } from './html-to-text.js';
import { decodeUuencodedPart, isUuencodeEncoding } from './uuencode.js';

/** Content-Transfer-Encodings that mean "no encoding" (RFC 2045 §6.2), and common misspellings of them. */
const IDENTITY = new Set(['', '7bit', '8bit', 'binary', '7-bit', '8-bit', '7bits', '8bits', 'none']);

/** True for the encodings that leave the bytes as they are. */
export function isIdentityEncoding(encoding: string): boolean {
  return IDENTITY.has(encoding);
}

/** A part's body with its Content-Transfer-Encoding undone; an identity encoding gives a view, not a copy. */
export function decodeTransfer(node: MimeNode, flags: Set<string>): Uint8Array {
  const { buf, bodyStart: s, bodyEnd: e } = node;
  switch (node.encoding) {
    case 'base64':
      return decodeBase64(buf, s, e, flags);
    case 'quoted-printable':
      return decodeQuotedPrintable(buf, s, e, flags);
    default:
      if (isUuencodeEncoding(node.encoding)) {
        const file = decodeUuencodedPart(buf.subarray(s, e));
        if (file !== null) return file.content;
        flags.add('uuencode-unreadable');
        return buf.subarray(s, e);
      }
      if (!IDENTITY.has(node.encoding)) flags.add(`encoding-unknown:${node.encoding.slice(0, 40)}`);
      return buf.subarray(s, e);
  }
}

/** How many leading bytes of an undeclared HTML body are searched for `<meta charset>` (the HTML sniffing window is 1024). */
const META_SNIFF_BYTES = 1024;
const META_CHARSET = /<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})/i;

/**
 * A text part decoded to a string by its declared charset (or a sniffed one for undeclared
 * HTML); `asBefore`: as innsyn read it before (decodeCharset), for ids only.
 */
export function decodeTextPart(node: MimeNode, flags: Set<string>, asBefore = false): string {
  const bytes = decodeTransfer(node, flags);
  let charset = node.params.get('charset') ?? null;
  if (!charset && node.subtype === 'html') {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
      'latin1',
      0,
      Math.min(bytes.length, META_SNIFF_BYTES),
    );
    charset = META_CHARSET.exec(head)?.[1] ?? null;
  }
  return decodeCharset(bytes, charset, flags, asBefore);
}

/** The text of a body part: text/html converted, anything else as decoded. */
export function bodyPartText(node: MimeNode, flags: Set<string>, asBefore = false): string {
  const s = decodeTextPart(node, flags, asBefore);
  return node.subtype === 'html' ? htmlToText(s, !asBefore) : s;
}
