import { contentTypeFor } from '../export/export-media.js';
import { decompressRtf } from './compressed-rtf.js';
import { rtfToText } from './rtf-to-text.js';
import { htmlToText } from './html-to-text.js';
import {
  PT_BINARY,
  PT_OBJECT,
  propBytes,
  propNumber,
  propString,
  readMapiProperties,
  type MapiProperty,
} from './tnef-mapi-props.js';
import { decodeCodePage } from './windows-code-pages.js';

/**
 * A TNEF stream (application/ms-tnef, usually an attachment named winmail.dat): the message body
 * and the attachments Outlook packed into it when it sent "rich text" mail ([MS-OXTNEF]).
 * `decodeTnef` never throws; a stream that is damaged yields what was read before the damage,
 * and every problem is a flag (`tnef-truncated`, `tnef-checksum`, …).
 */
export interface TnefAttachment {
  /** Long file name, else the 8.3 name, else the attachment title, else its display name; null when none. */
  name: string | null;
  contentType: string;
  contentId: string | null;
  /** Shown in the body (an image of the HTML or RTF body) rather than attached. */
  inline: boolean;
  /** An attached Outlook message: `content` is its own TNEF stream. */
  embeddedMessage: boolean;
  content: Uint8Array;
}

export interface TnefContent {
  messageClass: string | null;
  subject: string | null;
  /** PidTagInternetMessageId, when the stream carries it. */
  messageId: string | null;
  /** The plain body (attBody or PidTagBody). */
  body: string | null;
  /** The HTML body (PidTagHtml / PidTagBodyHtml), decoded; else the HTML an RTF body wraps. */
  html: string | null;
  /** The decompressed RTF body (PidTagRtfCompressed). */
  rtf: Uint8Array | null;
  /** The text of the message: the plain body, else the HTML or RTF body as text. */
  text: string;
  attachments: TnefAttachment[];
  flags: string[];
  /** The rest of the message, for a reader of a TNEF file given by itself (../outlook/tnef-item.ts). */
  message: TnefMessage;
}

/** What a TNEF stream says of its message besides its body and attachments. */
export interface TnefMessage {
  /** The message's MAPI properties (attMsgProps): sender, times, transport headers, … */
  properties: MapiProperty[];
  /** The rows of attRecipTable, each a property list (PidTagDisplayName, PidTagRecipientType, …). */
  recipients: MapiProperty[][];
  /** attFrom: the sender's name and address (`SMTP:a@b.c` as stored). */
  from: { name: string | null; address: string | null } | null;
  /**
   * attDateSent and attDateReceived as written, `YYYY-MM-DDTHH:MM:SS` without a zone: Outlook
   * writes the sender's local time there (MimeKit's body.tnef: 10:15:35 beside a
   * PidTagClientSubmitTime of 17:15:35Z).
   */
  sent: string | null;
  received: string | null;
  /** PidTagHtml as stored (html above may come from the RTF body instead). */
  htmlProperty: string | null;
  /** PidTagRtfCompressed as stored. */
  rtfCompressed: Uint8Array | null;
}

/** TNEF_SIGNATURE, little-endian ([MS-OXTNEF] 2.1.3.1). */
const SIGNATURE = 0x223e9f78;
const LEVEL_MESSAGE = 0x01;
const LEVEL_ATTACHMENT = 0x02;

/** Attribute ids (the low 16 bits of the attribute tag; the high bits give its type). */
const ATT_FROM = 0x8000;
const ATT_SUBJECT = 0x8004;
const ATT_DATE_SENT = 0x8005;
const ATT_DATE_RECEIVED = 0x8006;
const ATT_MESSAGE_CLASS = 0x8008;
const ATT_BODY = 0x800c;
const ATT_ATTACH_DATA = 0x800f;
const ATT_ATTACH_TITLE = 0x8010;
const ATT_ATTACH_REND_DATA = 0x9002;
const ATT_MAPI_PROPS = 0x9003;
const ATT_RECIP_TABLE = 0x9004;
const ATT_ATTACHMENT = 0x9005;
const ATT_OEM_CODEPAGE = 0x9007;

/** MAPI properties read here ([MS-OXPROPS]). */
const PR_SUBJECT = 0x0037;
const PR_MESSAGE_CLASS = 0x001a;
const PR_BODY = 0x1000;
const PR_RTF_COMPRESSED = 0x1009;
const PR_HTML = 0x1013;
const PR_INTERNET_MESSAGE_ID = 0x1035;
const PR_INTERNET_CPID = 0x3fde;
const PR_DISPLAY_NAME = 0x3001;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_METHOD = 0x3705;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_ATTACH_CONTENT_ID = 0x3712;
const PR_ATTACH_FLAGS = 0x3714;
const PR_ATTACHMENT_HIDDEN = 0x7ffe;
const ATTACH_EMBEDDED_MSG = 5;
/** PidTagAttachFlags bit: the attachment is referenced by the HTML body (an inline image). */
const ATT_MHTML_REF = 0x4;

/**
 * Most attributes read from one stream, and most attachments kept. Each costs an object; a
 * stream of millions of tiny attributes would otherwise fill memory. Flags `limit:tnef-*`.
 */
export const MAX_TNEF_ATTRIBUTES = 100_000;
export const MAX_TNEF_ATTACHMENTS = 10_000;
/** Most recipient rows kept (each a property list); flag `limit:tnef-recipients`. */
export const MAX_TNEF_RECIPIENTS = 10_000;

/** The 16-byte interface id in front of a PT_OBJECT value ([MS-OXTNEF] 2.1.3.4.1). */
const IID_BYTES = 16;

interface Building {
  title: string | null;
  data: Uint8Array | null;
  props: MapiProperty[];
}

/** True when the bytes start with the TNEF signature. */
export function isTnef(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 6 && new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) === SIGNATURE
  );
}

export function decodeTnef(bytes: Uint8Array): TnefContent {
  const flags = new Set<string>();
  const out: TnefContent = {
    messageClass: null,
    subject: null,
    messageId: null,
    body: null,
    html: null,
    rtf: null,
    text: '',
    attachments: [],
    flags: [],
    message: {
      properties: [],
      recipients: [],
      from: null,
      sent: null,
      received: null,
      htmlProperty: null,
      rtfCompressed: null,
    },
  };
  if (!isTnef(bytes)) {
    flags.add('tnef-bad-signature');
    out.flags = [...flags];
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let codePage: number | null = null;
  let messageProps: MapiProperty[] = [];
  let attBody: Uint8Array | null = null;
  let attSubject: Uint8Array | null = null;
  let attClass: Uint8Array | null = null;
  const building: Building[] = [];
  let current: Building | null = null;

  let pos = 6; // signature and legacy key
  let count = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 11) {
      flags.add('tnef-trailing-bytes');
      break;
    }
    const level = bytes[pos] as number;
    const tag = view.getUint32(pos + 1, true);
    const length = view.getUint32(pos + 5, true);
    if (level !== LEVEL_MESSAGE && level !== LEVEL_ATTACHMENT) {
      // Junk after the last attribute (seen in the wild: MimeKit's garbage-at-end case).
      flags.add('tnef-trailing-bytes');
      break;
    }
    if (pos + 9 + length + 2 > bytes.length) {
      flags.add('tnef-truncated');
      break;
    }
    if (++count > MAX_TNEF_ATTRIBUTES) {
      flags.add('limit:tnef-attributes');
      break;
    }
    const data = bytes.subarray(pos + 9, pos + 9 + length);
    const checksum = view.getUint16(pos + 9 + length, true);
    let sum = 0;
    for (let k = 0; k < data.length; k++) sum = (sum + (data[k] as number)) & 0xffff;
    if (sum !== checksum) flags.add('tnef-checksum');
    pos += 9 + length + 2;

    const id = tag & 0xffff;
    if (level === LEVEL_MESSAGE) {
      switch (id) {
        case ATT_OEM_CODEPAGE:
          if (data.length >= 4) codePage = new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
          break;
        case ATT_MAPI_PROPS:
          messageProps = messageProps.concat(readMapiProperties(data, 0, codePage, flags).properties);
          break;
        case ATT_BODY:
          attBody = data;
          break;
        case ATT_SUBJECT:
          attSubject = data;
          break;
        case ATT_MESSAGE_CLASS:
          attClass = data;
          break;
        case ATT_FROM:
          out.message.from = triple(data, codePage, flags);
          break;
        case ATT_DATE_SENT:
          out.message.sent = dateTime(data);
          break;
        case ATT_DATE_RECEIVED:
          out.message.received = dateTime(data);
          break;
        case ATT_RECIP_TABLE:
          out.message.recipients = recipientRows(data, codePage, flags);
          break;
        default:
          break;
      }
      continue;
    }
    // Attachment level: attAttachRendData opens a new attachment, the others fill it in.
    if (id === ATT_ATTACH_REND_DATA || current === null) {
      if (building.length >= MAX_TNEF_ATTACHMENTS) {
        flags.add('limit:tnef-attachments');
        break;
      }
      current = { title: null, data: null, props: [] };
      building.push(current);
      if (id === ATT_ATTACH_REND_DATA) continue;
    }
    if (id === ATT_ATTACH_TITLE) current.title = oemString(data, codePage, flags);
    else if (id === ATT_ATTACH_DATA) current.data = data;
    else if (id === ATT_ATTACHMENT)
      current.props = current.props.concat(readMapiProperties(data, 0, codePage, flags).properties);
  }

  out.messageClass =
    propString(messageProps, PR_MESSAGE_CLASS) ?? (attClass ? oemString(attClass, codePage, flags) : null);
  out.subject =
    propString(messageProps, PR_SUBJECT) ?? (attSubject ? oemString(attSubject, codePage, flags) : null);
  const mid = propString(messageProps, PR_INTERNET_MESSAGE_ID);
  out.messageId = mid === null ? null : mid.replace(/^\s*<|>\s*$/g, '') || null;
  out.body = propString(messageProps, PR_BODY) ?? (attBody ? oemString(attBody, codePage, flags) : null);
  out.html = htmlBody(messageProps, flags);
  const rtfCompressed = propBytes(messageProps, PR_RTF_COMPRESSED);
  if (rtfCompressed) out.rtf = decompressRtf(rtfCompressed, flags);
  out.message.properties = messageProps;
  out.message.htmlProperty = out.html;
  out.message.rtfCompressed = rtfCompressed;
  out.text = bodyText(out, flags);
  for (const b of building) {
    const a = attachmentOf(b);
    if (a) out.attachments.push(a);
    else flags.add('tnef-attachment-without-data');
  }
  out.flags = [...flags];
  return out;
}

/**
 * attFrom: a TRP structure ([MS-OXTNEF]: trpid, cbgrtrp, cch, cb, each 16 bits), then
 * the display name (cch bytes) and the address (cb bytes), in the OEM code page.
 */
function triple(
  data: Uint8Array,
  codePage: number | null,
  flags: Set<string>,
): { name: string | null; address: string | null } | null {
  if (data.length < 8) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const nameBytes = view.getUint16(4, true);
  const addressBytes = view.getUint16(6, true);
  const name = oemString(data.subarray(8, Math.min(data.length, 8 + nameBytes)), codePage, flags);
  const from = 8 + nameBytes;
  const address =
    from < data.length
      ? oemString(data.subarray(from, Math.min(data.length, from + addressBytes)), codePage, flags)
      : null;
  return name === null && address === null ? null : { name, address };
}

/**
 * A DTR ([MS-OXTNEF], like Win32's SYSTEMTIME: year, month, day, hour, minute, second, weekday;
 * 16 bits each), as written.
 */
function dateTime(data: Uint8Array): string | null {
  if (data.length < 12) return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (k: number): number => view.getUint16(2 * k, true);
  const [y, mo, d, h, mi, s] = [u16(0), u16(1), u16(2), u16(3), u16(4), u16(5)];
  if (y < 1601 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59)
    return null;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}`;
}

/** attRecipTable ([MS-OXTNEF]): a row count, then each row a property list. */
function recipientRows(data: Uint8Array, codePage: number | null, flags: Set<string>): MapiProperty[][] {
  if (data.length < 4) return [];
  const count = new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
  const rows: MapiProperty[][] = [];
  let at = 4;
  for (let k = 0; k < count && at < data.length; k++) {
    if (rows.length >= MAX_TNEF_RECIPIENTS) {
      flags.add('limit:tnef-recipients');
      break;
    }
    const row = readMapiProperties(data, at, codePage, flags);
    rows.push(row.properties);
    if (row.end <= at) break;
    at = row.end;
  }
  return rows;
}

/** An 8-bit string attribute: NUL-terminated, in the stream's OEM code page. */
function oemString(data: Uint8Array, codePage: number | null, flags: Set<string>): string | null {
  const z = data.indexOf(0);
  const s = decodeCodePage(z < 0 ? data : data.subarray(0, z), codePage ?? 1252, flags).trim();
  return s === '' ? null : s;
}

/** PidTagHtml is binary in the message's internet code page; some writers store it as a string. */
function htmlBody(props: MapiProperty[], flags: Set<string>): string | null {
  for (const p of props) {
    if (p.id !== PR_HTML || p.name !== null) continue;
    const v = p.values[0];
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array)
      return decodeCodePage(v, propNumber(props, PR_INTERNET_CPID) ?? 65001, flags);
  }
  return null;
}

function bodyText(c: TnefContent, flags: Set<string>): string {
  if (c.body !== null && c.body.trim() !== '') return c.body.replace(/\r\n?/g, '\n');
  if (c.rtf !== null) {
    const r = rtfToText(c.rtf, flags);
    if (r.html !== null && c.html === null) c.html = r.html;
    if (r.text !== '') return r.text;
  }
  if (c.html !== null) return htmlToText(c.html).trimEnd();
  return '';
}

function attachmentOf(b: Building): TnefAttachment | null {
  const method = propNumber(b.props, PR_ATTACH_METHOD);
  let content = b.data;
  let embeddedMessage = false;
  for (const p of b.props) {
    if (p.id !== PR_ATTACH_DATA || p.name !== null) continue;
    const v = p.values[0];
    if (!(v instanceof Uint8Array)) continue;
    if ((p.type & 0xfff) === PT_OBJECT) {
      // PidTagAttachDataObject: an interface id, then the object (for an attached message, a TNEF stream).
      content = v.subarray(Math.min(IID_BYTES, v.length));
      embeddedMessage = method === ATTACH_EMBEDDED_MSG;
    } else if ((p.type & 0xfff) === PT_BINARY && content === null) {
      content = v;
    }
  }
  if (content === null) return null;
  const name =
    propString(b.props, PR_ATTACH_LONG_FILENAME) ??
    propString(b.props, PR_ATTACH_FILENAME) ??
    b.title ??
    propString(b.props, PR_DISPLAY_NAME);
  const mime = propString(b.props, PR_ATTACH_MIME_TAG);
  const attachFlags = propNumber(b.props, PR_ATTACH_FLAGS) ?? 0;
  const hidden = b.props.some(
    (p) => p.id === PR_ATTACHMENT_HIDDEN && p.name === null && p.values[0] === true,
  );
  const cid = propString(b.props, PR_ATTACH_CONTENT_ID);
  return {
    name,
    contentType: embeddedMessage
      ? 'application/ms-tnef'
      : mime !== null && /^[\w.+-]+\/[\w.+-]+$/.test(mime.trim())
        ? mime.trim().toLowerCase()
        : contentTypeFor(name),
    contentId: cid === null ? null : cid.replace(/^\s*<|>\s*$/g, '') || null,
    inline: (attachFlags & ATT_MHTML_REF) !== 0 || hidden,
    embeddedMessage,
    content: new Uint8Array(content),
  };
}
