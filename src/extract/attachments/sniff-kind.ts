import { isUtf8 } from 'node:buffer';
import type { AttachmentKind, ExtractMeta } from './extract-result.js';

/** Image formats the OCR engine (Leptonica inside tesseract.js-core) decodes. */
export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'tiff' | 'bmp' | 'webp';

/**
 * What the bytes are, before parsing. `zip` is resolved by the members (an OOXML or ODF
 * document, or a plain archive); `cfb` is an OLE compound file (legacy .doc/.xls/.ppt, .msg).
 */
export type Sniffed =
  | { kind: Exclude<AttachmentKind, 'image'> }
  | { kind: 'image'; format: ImageFormat | null }
  | { kind: 'zip' }
  | { kind: 'cfb' };

/** A PDF header may follow some junk (ISO 32000-1 §7.5.2 readers search the first 1 KiB). */
const PDF_HEADER_WINDOW = 1024;
/** Bytes looked at to tell text from binary. */
const TEXT_SNIFF_BYTES = 8192;

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean =>
  b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const TIFF_LE = [0x49, 0x49, 0x2a, 0x00];
const TIFF_BE = [0x4d, 0x4d, 0x00, 0x2a];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const RTF = ascii('{\\rtf');
const PDF = ascii('%PDF-');

/** The format told by magic bytes alone, or null when the bytes have no signature we know. */
export function sniffMagic(b: Uint8Array): Sniffed | null {
  if (startsWith(b, PNG)) return { kind: 'image', format: 'png' };
  if (startsWith(b, JPEG)) return { kind: 'image', format: 'jpeg' };
  if (startsWith(b, GIF87) || startsWith(b, GIF89)) return { kind: 'image', format: 'gif' };
  if (startsWith(b, TIFF_LE) || startsWith(b, TIFF_BE)) return { kind: 'image', format: 'tiff' };
  if (startsWith(b, RIFF) && startsWith(b, WEBP, 8)) return { kind: 'image', format: 'webp' };
  if (isBmp(b)) return { kind: 'image', format: 'bmp' };
  if (startsWith(b, ZIP_LOCAL) || startsWith(b, ZIP_EMPTY)) return { kind: 'zip' };
  if (startsWith(b, CFB)) return { kind: 'cfb' };
  if (startsWith(b, RTF)) return { kind: 'rtf' };
  if (indexOf(b, PDF, PDF_HEADER_WINDOW) >= 0) return { kind: 'pdf' };
  // Other images by signature, so they are reported as images we cannot read, not as text.
  if (
    startsWith(b, ascii('ftypheic'), 4) ||
    startsWith(b, ascii('ftypheix'), 4) ||
    startsWith(b, ascii('ftypmif1'), 4)
  )
    return { kind: 'image', format: null };
  if (startsWith(b, [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20])) return { kind: 'image', format: null }; // JPEG 2000
  return null;
}

/** "BM", a file size that is not absurd and a known header size: "BM" alone starts much text. */
function isBmp(b: Uint8Array): boolean {
  if (b.length < 26 || b[0] !== 0x42 || b[1] !== 0x4d) return false;
  const header =
    (b[14] as number) | ((b[15] as number) << 8) | ((b[16] as number) << 16) | ((b[17] as number) << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(header);
}

function indexOf(b: Uint8Array, sig: readonly number[], window: number): number {
  const end = Math.min(b.length - sig.length, window);
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < sig.length; j++) if (b[i + j] !== sig[j]) continue outer;
    return i;
  }
  return -1;
}

const EXTENSIONS: Record<string, AttachmentKind> = {
  pdf: 'pdf',
  docx: 'docx',
  docm: 'docx',
  dotx: 'docx',
  dotm: 'docx',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  xltx: 'xlsx',
  xltm: 'xlsx',
  pptx: 'pptx',
  pptm: 'pptx',
  potx: 'pptx',
  ppsx: 'pptx',
  odt: 'odt',
  ott: 'odt',
  ods: 'ods',
  ots: 'ods',
  odp: 'odp',
  otp: 'odp',
  rtf: 'rtf',
  htm: 'html',
  html: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
  csv: 'text',
  tsv: 'text',
  md: 'text',
  log: 'text',
  json: 'text',
  xml: 'text',
  ics: 'text',
  vcf: 'text',
  eml: 'text',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  jpe: 'image',
  gif: 'image',
  tif: 'image',
  tiff: 'image',
  bmp: 'image',
  webp: 'image',
  heic: 'image',
  jp2: 'image',
};

const CONTENT_TYPES: Record<string, AttachmentKind> = {
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-word.document.macroenabled.12': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.ms-powerpoint.presentation.macroenabled.12': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/rtf': 'rtf',
  'text/rtf': 'rtf',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
};

/** The media type of a Content-Type value, lower-cased, without parameters. */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The `charset` parameter of a Content-Type value, or null. */
export function charsetParam(contentType: string | null): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m?.[1] ?? null;
}

/** What the name and the declared type say the file is; null when they say nothing useful. */
export function hintedKind(meta: ExtractMeta): AttachmentKind | null {
  const type = mediaType(meta.contentType);
  const fromType =
    CONTENT_TYPES[type] ?? (type.startsWith('image/') ? 'image' : type.startsWith('text/') ? 'text' : null);
  const ext = /\.([a-z0-9]{1,5})$/i.exec(meta.name ?? '')?.[1]?.toLowerCase();
  const fromName = ext === undefined ? null : (EXTENSIONS[ext] ?? null);
  // A specific name beats a generic type (text/plain on a .csv, image/* on a .png); a
  // specific type beats a name that says nothing.
  if (fromName && (fromType === null || fromType === 'text' || fromType === fromName)) return fromName;
  return fromType ?? fromName;
}

/** Kinds whose signature is unambiguous: a disagreement between hint and bytes is worth a flag. */
const STRONG = new Set<AttachmentKind>(['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'rtf', 'image']);

/** True when the hint and what the bytes turned out to be are both specific and differ. */
export function isKindMismatch(hint: AttachmentKind | null, actual: AttachmentKind): boolean {
  return hint !== null && hint !== actual && STRONG.has(hint) && STRONG.has(actual);
}

/** HTML by its first tag, after a BOM and white space (WHATWG MIME sniffing, §7.1 in short). */
export function looksLikeHtml(b: Uint8Array): boolean {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024))
    .toString('latin1')
    .replace(/^\u00ef\u00bb\u00bf/, '')
    .trimStart()
    .toLowerCase();
  return /^<(!doctype html|html|head|body|meta|title|table|div|p|br|!--)[\s>/]/.test(head);
}

/**
 * True when the bytes are text in some charset: a UTF-16 or UTF-8 byte-order mark, UTF-16
 * without one (every other byte NUL), or no NUL and few control bytes in the first 8 KiB.
 */
export function looksLikeText(b: Uint8Array): boolean {
  if (utf16Order(b) !== null) return true;
  const n = Math.min(b.length, TEXT_SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c === 0) return false;
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) control++;
  }
  if (control > n / 100) return false;
  return n === 0 || isUtf8(b.subarray(0, trimToCharBoundary(b, n))) || control === 0;
}

/** Cuts before a UTF-8 sequence that the sniff window splits. */
function trimToCharBoundary(b: Uint8Array, n: number): number {
  if (n >= b.length) return n;
  let i = n;
  while (i > 0 && n - i < 4 && ((b[i] as number) & 0xc0) === 0x80) i--;
  return i;
}

/**
 * The byte order of UTF-16 text: from its byte-order mark, or, without one, from NUL bytes
 * in every other position of the first 512 bytes (ASCII-range text in UTF-16, which is what
 * Windows tools write to .txt and .csv). Null when the bytes are not UTF-16.
 */
export function utf16Order(b: Uint8Array): 'le' | 'be' | null {
  if (b[0] === 0xff && b[1] === 0xfe && !(b[2] === 0 && b[3] === 0)) return 'le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'be';
  const n = Math.min(b.length, 512) & ~1;
  if (n < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.9 && evenNul === 0) return 'le';
  if (evenNul > pairs * 0.9 && oddNul === 0) return 'be';
  return null;
}
