import { isHeaderFieldLine, isMboxSeparator } from './mbox-separator.js';

/** What the container readers can tell a file (or archive member) is, from its first bytes. */
export type SniffedKind =
  'empty' | 'mbox' | 'eml' | 'emlx' | 'zip' | 'gzip' | 'tar' | 'msg' | 'pst' | 'tnef' | 'unknown';

export interface Sniffed {
  kind: SniffedKind;
  /** For 'unknown': what it looks like and what to do, when we can tell. */
  note?: string;
}

/** Bytes looked at to decide a format: one read chunk, enough for a header block or a tar header. */
export const SNIFF_BYTES = 64 * 1024;

const KNOWN_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'message-id',
  'received',
  'return-path',
  'mime-version',
  'delivered-to',
  'reply-to',
  'sender',
  'in-reply-to',
  'references',
  'x-mailer',
  // A MIME entity: a message saved without its envelope headers (Python's test mail msg_37).
  'content-type',
]);

/** Signatures of formats we recognise but do not read, with what to do instead. */
const FOREIGN: readonly { magic: readonly number[]; note: string }[] = [
  {
    magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    note: 'it is a 7-Zip archive; unpack it (7z x) and ingest the folder',
  },
  {
    magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07],
    note: 'it is a RAR archive; unpack it and ingest the folder',
  },
  {
    magic: [0x42, 0x5a, 0x68],
    note: 'it is bzip2-compressed; decompress it (bunzip2) and ingest the result',
  },
  {
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    note: 'it is xz-compressed; decompress it (unxz) and ingest the result',
  },
  {
    magic: [0x28, 0xb5, 0x2f, 0xfd],
    note: 'it is zstd-compressed; decompress it (unzstd) and ingest the result',
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46, 0x2d],
    note:
      'it is a PDF document, not a mailbox: innsyn reads the text of PDFs attached to messages; ' +
      'ingest the mail it came with, or leave it out',
  },
];

/** What innsyn reads, for the reasons given for a file it does not. */
export const FORMATS_READ =
  'innsyn reads mbox, .eml, .emlx, Maildir, Outlook .msg, .pst, .ost and winmail.dat files, zip, ' +
  'tar and gzip, and X, Telegram, WhatsApp and Slack exports and lists of posts';

function startsWith(head: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (head.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (head[at + i] !== magic[i]) return false;
  return true;
}

const FROM_ = [0x46, 0x72, 0x6f, 0x6d, 0x20];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PST = [0x21, 0x42, 0x44, 0x4e];
/** TNEF_SIGNATURE 0x223E9F78, little-endian ([MS-OXTNEF] 2.1.3.1). */
const TNEF = [0x78, 0x9f, 0x3e, 0x22];
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Decides a format from the first bytes of a file or member (up to SNIFF_BYTES) and its name.
 * Content decides; the name is only a hint for weak cases (a header block with no mail header
 * names, an mbox with junk before its first "From " line). A gzip stream is reported as
 * 'gzip': the caller decompresses it and sniffs again (a .tar.gz is 'gzip' then 'tar').
 */
export function sniffFormat(head: Uint8Array, name: string): Sniffed {
  if (head.length === 0) return { kind: 'empty' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return { kind: 'zip' };
  if (startsWith(head, [0x50, 0x4b, 0x07, 0x08])) return { kind: 'zip' }; // spanned-archive marker
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  if (isTarHeader(head)) return { kind: 'tar' };
  if (startsWith(head, FROM_) || (startsWith(head, BOM) && startsWith(head, FROM_, 3)))
    return { kind: 'mbox' };
  // Outlook (src/sources/outlook): an OLE2 compound file is read as a .msg (its reader says so
  // when it is another kind of compound file, an Office document); '!BDN' opens a PST or OST.
  if (startsWith(head, OLE2)) return { kind: 'msg' };
  if (startsWith(head, PST)) return { kind: 'pst' };
  // A winmail.dat saved by itself: the Outlook item it encodes (outlook/tnef-file.ts).
  if (startsWith(head, TNEF)) return { kind: 'tnef' };
  for (const f of FOREIGN) if (startsWith(head, f.magic)) return { kind: 'unknown', note: f.note };

  const lower = name.toLowerCase();
  if (isEmlx(head)) return { kind: 'emlx' };
  if (isHeaderBlock(head, lower.endsWith('.eml'))) return { kind: 'eml' };
  if (hasMboxHint(lower) && findSeparator(head)) return { kind: 'mbox' };
  if (looksBinary(head)) return { kind: 'unknown', note: binaryNote(head) };
  if (lower.endsWith('.eml')) return { kind: 'unknown', note: EML_WITHOUT_HEADERS };
  return { kind: 'unknown' };
}

/**
 * A text file named .eml whose first line is not a header field: a message's body saved without
 * its headers (Python's test mail msg_19, a digest's text), or no mail at all. Such text is not
 * read as a message with no sender, recipients or date: that is not what the file says it is.
 */
const EML_WITHOUT_HEADERS =
  'it is named .eml but does not begin with header fields (From:, To:, Subject:, Date: …): the text ' +
  'of a message saved without its headers, or not mail; open it in a text editor, and if it is mail ' +
  'with its headers cut off, ingest the mailbox it came from';

/**
 * POSIX ustar / GNU tar: "ustar" at 257. Old v7 tars have no magic, so also accept a first
 * block whose header checksum (the sum of its bytes, the checksum field read as spaces) matches.
 */
function isTarHeader(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  if (startsWith(head, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return true;
  const field = Buffer.from(head.subarray(148, 156))
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]{1,7}$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i]!;
  return sum === parseInt(field, 8) && head[0] !== 0;
}

/** Apple Mail .emlx: a decimal byte count alone on the first line, then the message. */
function isEmlx(head: Uint8Array): boolean {
  const nl = head.indexOf(0x0a);
  if (nl < 1 || nl > 24) return false;
  const first = Buffer.from(head.subarray(0, nl)).toString('latin1');
  return /^\d+[ \t]*\r?$/.test(first) && isHeaderBlock(head.subarray(nl + 1), true);
}

/**
 * A header block: lines that are header fields or their folded continuations, up to a blank
 * line or the end of what was sniffed, with at least one well-known mail header name (unless
 * the name says .eml). Keeps vCards and iCalendar files ("BEGIN:VCARD") out. A block cut short
 * by a text line (the empty line lost) counts when at least two fields, one of them well
 * known, came before it.
 */
function isHeaderBlock(head: Uint8Array, namedEml: boolean): boolean {
  let pos = 0;
  let fields = 0;
  let known = false;
  while (pos < head.length) {
    let end = head.indexOf(0x0a, pos);
    const complete = end >= 0;
    if (!complete) end = head.length;
    let line = head.subarray(pos, end);
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    if (line.length === 0) break; // end of the header block
    if (fields === 0 && (line[0] === 0x20 || line[0] === 0x09)) {
      // An indented first line: a field after its blanks (the parser reads it so, flagged).
      let p = 0;
      while (p < line.length && (line[p] === 0x20 || line[p] === 0x09)) p++;
      line = line.subarray(p);
      if (line.length === 0 || !isHeaderFieldLine(line)) return false;
    }
    if (line[0] === 0x20 || line[0] === 0x09) {
      // a folded continuation of the field before
    } else if (isHeaderFieldLine(line)) {
      fields++;
      const colon = line.indexOf(0x3a);
      const fieldName = Buffer.from(line.subarray(0, colon)).toString('latin1').trim().toLowerCase();
      if (KNOWN_HEADERS.has(fieldName)) known = true;
    } else if (fields === 0) {
      return false;
    } else if (complete) {
      // A text line right after the fields: the empty line before the body was lost, which
      // the parser reads as Python's email package does (the body starts there, flagged
      // header-unterminated). Mail when two fields came first, one of them a mail header, or
      // when the name says .eml; otherwise prose that happens to start "Note: ...".
      return (fields >= 2 && known) || namedEml;
    }
    pos = end + 1;
  }
  return fields > 0 && (known || namedEml);
}

/** Names under which an mbox is usually saved (Thunderbird's folders have no extension at all). */
function hasMboxHint(lowerName: string): boolean {
  const base = lowerName.slice(lowerName.lastIndexOf('/') + 1);
  return /\.(mbox|mbx|mbs|mb|mail)$/.test(base) || !base.includes('.') || base === 'mbox';
}

/** A separator line somewhere in the sniffed bytes (for an mbox with junk before it). */
function findSeparator(head: Uint8Array): boolean {
  const buf = Buffer.from(head.buffer, head.byteOffset, head.length);
  let hit = buf.indexOf('\nFrom ');
  while (hit >= 0) {
    const lineStart = hit + 1;
    const lineEnd = buf.indexOf(0x0a, lineStart);
    if (lineEnd < 0) return false;
    const nextEnd = buf.indexOf(0x0a, lineEnd + 1);
    const line = buf.subarray(lineStart, lineEnd).toString('latin1').replace(/\r$/, '');
    const next = buf.subarray(lineEnd + 1, nextEnd < 0 ? buf.length : nextEnd);
    const prevBlank = buf[hit - 1] === 0x0a || (buf[hit - 1] === 0x0d && buf[hit - 2] === 0x0a);
    if (isMboxSeparator(line, next, prevBlank)) return true;
    hit = buf.indexOf('\nFrom ', lineStart);
  }
  return false;
}

/**
 * Binary data no reader knows: its first bytes (which name most formats: `file`'s magic), what
 * innsyn reads, and what to do.
 */
function binaryNote(head: Uint8Array): string {
  const first = Array.from(head.subarray(0, 8), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(
    ' ',
  );
  return (
    `it is binary data of a kind innsyn does not know (it starts ${first}). ${FORMATS_READ}: ` +
    'if this file holds mail, export the mail as mbox or .eml from the program that wrote it and ' +
    "ingest that; a file saved from a mail's attachment is read with that mail"
  );
}

/** NUL bytes in the first 8 KiB: text mail never has them. */
function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, 8192).includes(0);
}
