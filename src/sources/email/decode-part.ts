import type { MimeNode } from './mime-tree.js';
import { decodeBase64Data } from './decode-base64.js';
import { decodeQuotedPrintable } from './decode-quoted-printable.js';
import { decodeCharset, decodeUtf8OrFallback } from './decode-charset.js';
import { htmlToText, isPlainlyHtml } from './html-to-text.js';
import { decodeUuencodedPart, isUuencodeEncoding } from './uuencode.js';

/** Content-Transfer-Encodings that mean "no encoding" (RFC 2045 §6.2), and common misspellings of them. */
const IDENTITY = new Set(['', '7bit', '8bit', 'binary', '7-bit', '8-bit', '7bits', '8bits', 'none']);

/** True for the encodings that leave the bytes as they are. */
export function isIdentityEncoding(encoding: string): boolean {
  return IDENTITY.has(encoding);
}

/** A part's body with its Content-Transfer-Encoding undone; an identity encoding gives a view, not a copy. */
export function decodeTransfer(node: MimeNode, flags: Set<string>): Uint8Array {
  return transferDecoded(node, flags, false).bytes;
}

/**
 * decodeTransfer, with the bytes that follow the end of base64 data (a mailing list's footer,
 * decode-base64.ts), or null; `asBefore`: base64 decoded through such text, as innsyn did before.
 */
function transferDecoded(
  node: MimeNode,
  flags: Set<string>,
  asBefore: boolean,
): { bytes: Uint8Array; after: Uint8Array | null } {
  const { buf, bodyStart: s, bodyEnd: e } = node;
  switch (node.encoding) {
    case 'base64': {
      const d = decodeBase64Data(buf, s, e, flags, asBefore);
      return { bytes: d.data, after: d.dataEnd < e ? buf.subarray(d.dataEnd, e) : null };
    }
    case 'quoted-printable':
      return { bytes: decodeQuotedPrintable(buf, s, e, flags), after: null };
    default:
      if (isUuencodeEncoding(node.encoding)) {
        const file = decodeUuencodedPart(buf.subarray(s, e));
        if (file !== null) return { bytes: file.content, after: null };
        flags.add('uuencode-unreadable');
        return { bytes: buf.subarray(s, e), after: null };
      }
      if (!IDENTITY.has(node.encoding)) flags.add(`encoding-unknown:${node.encoding.slice(0, 40)}`);
      return { bytes: buf.subarray(s, e), after: null };
  }
}

/**
 * Flag of a text part whose base64 data was followed by text (a list footer): that text is read
 * as the end of the part, after the data, where innsyn decoded it as data before (into garbage).
 */
export const TEXT_AFTER_BASE64 = 'text-after-base64';
/** Flag of a text/plain alternative that is HTML source: its text is read from the HTML alternative. */
export const TEXT_PLAIN_IS_HTML = 'text-plain-is-html';

/** Whether a body was read otherwise than before (flags of decodeTextPart and bodyPartText): then read again as before, for the id. */
export function bodyReadOtherwiseThanBefore(flags: ReadonlySet<string>): boolean {
  return flags.has(TEXT_AFTER_BASE64) || flags.has(TEXT_PLAIN_IS_HTML);
}

/** How many leading bytes of an undeclared HTML body are searched for `<meta charset>` (the HTML sniffing window is 1024). */
const META_SNIFF_BYTES = 1024;
const META_CHARSET = /<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})/i;

/** The charset HTML names in a `<meta>` near its start, or null. */
export function metaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'latin1',
    0,
    Math.min(bytes.length, META_SNIFF_BYTES),
  );
  return META_CHARSET.exec(head)?.[1] ?? null;
}

/**
 * A text part decoded to a string by its declared charset (or a sniffed one for undeclared
 * HTML); `asBefore`: as innsyn read it before (decodeCharset), for ids only.
 */
export function decodeTextPart(node: MimeNode, flags: Set<string>, asBefore = false): string {
  const { bytes, after } = transferDecoded(node, flags, asBefore);
  let charset = node.params.get('charset') ?? null;
  if (!charset && node.subtype === 'html') charset = metaCharset(bytes);
  const text = decodeCharset(bytes, charset, flags, asBefore);
  if (asBefore || after === null || !/[^\s]/.test(latin1(after))) return text;
  // Text after the base64 data (a list footer): the part's last lines, in no declared charset
  // (the list wrote it, not the sender), as preformatted text after an HTML document.
  flags.add(TEXT_AFTER_BASE64);
  const footer = decodeUtf8OrFallback(after, flags);
  if (node.subtype === 'html')
    return `${text}\n<pre>${escapeHtml(footer.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd())}</pre>\n`;
  return text === '' || text.endsWith('\n') ? text + footer : `${text}\n${footer}`;
}

/**
 * The text of a body part: text/html converted, anything else as decoded. A text/plain part that
 * is plainly HTML source (isPlainlyHtml) beside an HTML alternative (`htmlAlternative`) is read
 * from that alternative, flagged; `asBefore`, as written.
 */
export function bodyPartText(
  node: MimeNode,
  flags: Set<string>,
  asBefore = false,
  htmlAlternative?: readonly MimeNode[],
): string {
  const s = decodeTextPart(node, flags, asBefore);
  if (node.subtype === 'html') return htmlToText(s, !asBefore);
  if (asBefore || htmlAlternative === undefined || !isPlainlyHtml(s)) return s;
  const fromHtml = htmlAlternative.map((n) => htmlToText(decodeTextPart(n, flags), true)).join('\n');
  if (fromHtml.trim() === '') return s;
  flags.add(TEXT_PLAIN_IS_HTML);
  return fromHtml;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
