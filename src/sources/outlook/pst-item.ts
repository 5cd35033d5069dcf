import { createHash } from 'node:crypto';
import { PSTRecipient, type PSTAttachment, type PSTFile, type PSTMessage } from 'pst-extractor';
import { address } from './msg-item.js';
import {
  PSETID_ADDRESS,
  PSETID_APPOINTMENT,
  PSETID_COMMON,
  PSETID_TASK,
  outlookDetails,
  type PropertySource,
} from './outlook-details.js';
import type { OutlookAttachment, OutlookItem, OutlookRecipient } from './outlook-item.js';
import { outlookKind } from './outlook-kind.js';
import { MAX_EMBEDDED_DEPTH, MAX_PST_ATTACHMENT_BYTES, MAX_PST_ITEM_BYTES } from './outlook-limits.js';

/**
 * What pst-extractor keeps protected but a reader needs: properties by id, and the file (for
 * named properties). Declared here as the small subset used, so nothing else depends on the
 * library's internals; its version is pinned in package-lock.json.
 */
interface PstObjectInternals {
  getStringItem(id: number): string;
  getIntItem(id: number, defaultValue?: number): number;
  getBooleanItem(id: number, defaultValue?: boolean): boolean;
  getBinaryItem(id: number): Buffer | null;
  getDateItem(id: number): Date | null;
  pstTableItems: Map<number, { entryValueType: number }> | null;
  pstFile: PSTFile;
}

/** pst-extractor's indexes of the property sets we read (its PSTFile guid map). */
const SET_INDEX: ReadonlyMap<string, number> = new Map([
  [PSETID_COMMON, 1],
  [PSETID_ADDRESS, 2],
  [PSETID_APPOINTMENT, 4],
  [PSETID_TASK, 10],
]);

const PT_SHORT = 0x0002;
const PT_LONG = 0x0003;
const PT_BOOLEAN = 0x000b;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_SYSTIME = 0x0040;
const ATTACH_BY_VALUE = 1;
const ATTACH_EMBEDDED_MSG = 5;
const ATTACH_OLE = 6;
const RECIPIENT_TYPES = { 1: 'to', 2: 'cc', 3: 'bcc' } as const;

/** Bytes read at a time from an attachment too big to keep, to hash it. */
const HASH_CHUNK = 1024 * 1024;

/** An attached message, read: its item and the JSON bytes it is kept as. */
export interface EmbeddedPstItem {
  /** 1-based position among the parent's attachments. */
  position: number;
  item: OutlookItem;
  bytes: Uint8Array;
  embedded: EmbeddedPstItem[];
}

/**
 * One PST message object (mail, appointment, contact, task, …) as an OutlookItem. Attached
 * messages are read too (down to MAX_EMBEDDED_DEPTH, the recursion's bound), each encoded with
 * `encode` (its bytes are both the parent's attachment and the attached item's own raw record);
 * they are returned beside the item so the reader can make records of them.
 */
export function pstToOutlookItem(
  message: PSTMessage,
  encode: (item: OutlookItem, position: string) => Uint8Array,
  depth = 0,
): { item: OutlookItem; embedded: EmbeddedPstItem[] } {
  const o = message as unknown as PstObjectInternals;
  const flags: string[] = [];
  const src = propertySource(o);
  const text = (s: string | null | undefined): string | null =>
    s === null || s === undefined || s === '' ? null : s;
  const messageClass = text(message.messageClass) ?? 'IPM.Note';
  const kind = outlookKind(messageClass);

  const sender = address(
    text(message.senderName),
    text(message.senderAddrtype),
    text(message.senderEmailAddress),
    text(o.getStringItem(0x5d01)),
    flags,
  );
  const representing = address(
    text(message.sentRepresentingName),
    text(message.sentRepresentingAddressType),
    text(message.sentRepresentingEmailAddress),
    text(o.getStringItem(0x5d02)),
    flags,
  );
  const recipients: OutlookRecipient[] = [];
  for (const r of recipientsOf(message, o)) {
    const a = address(
      text(r.displayName),
      text(r.addrType),
      text(r.emailAddress),
      text(r.smtpAddress),
      flags,
    );
    if (a === null) continue;
    recipients.push({ ...a, type: RECIPIENT_TYPES[r.recipientType as 1 | 2 | 3] ?? 'to' });
  }

  const attachments: OutlookAttachment[] = [];
  const embedded: EmbeddedPstItem[] = [];
  let kept = 0;
  for (let i = 0; i < message.numberOfAttachments; i++) {
    let a: PSTAttachment;
    try {
      a = message.getAttachment(i);
    } catch {
      flags.push(`attachment-unreadable:${i + 1}`);
      continue;
    }
    const ai = a as unknown as PstObjectInternals;
    const method = a.attachMethod;
    const base = {
      name: text(a.longFilename) ?? text(a.filename) ?? text(a.displayName),
      mimeType: text(a.mimeTag),
      contentId: text(a.contentId),
      hidden: ai.getBooleanItem(0x7ffe, false),
    };
    if (method === ATTACH_EMBEDDED_MSG) {
      if (depth + 1 > MAX_EMBEDDED_DEPTH) {
        flags.push(`limit:embedded-depth:${i + 1}`);
        continue;
      }
      let inner: PSTMessage | null;
      try {
        inner = a.embeddedPSTMessage;
      } catch {
        inner = null;
      }
      if (inner === null) {
        flags.push(`attachment-unreadable:${i + 1}`);
        continue;
      }
      const read = pstToOutlookItem(inner, encode, depth + 1);
      const bytes = encode(read.item, `attachment ${i + 1}`);
      embedded.push({ position: i + 1, item: read.item, bytes, embedded: read.embedded });
      // Its bytes are the attached item's own record (pst-item-json.ts), so they are named as JSON.
      attachments.push({
        ...base,
        name: `${base.name ?? read.item.subject ?? 'message'}.json`,
        mimeType: 'application/json',
        data: bytes,
        size: bytes.length,
        embedded: true,
      });
      continue;
    }
    const stream =
      method === ATTACH_BY_VALUE || method === ATTACH_OLE || method === 0 ? a.fileInputStream : null;
    if (stream === null) {
      // By reference (a path or URL): the file is not in the PST.
      flags.push(`attachment-not-in-pst:${i + 1}`);
      attachments.push({ ...base, data: null, size: 0, embedded: false });
      continue;
    }
    const size = stream.length.toNumber();
    if (size > MAX_PST_ATTACHMENT_BYTES || kept + size > MAX_PST_ITEM_BYTES) {
      flags.push(`limit:attachment-bytes:${i + 1}`);
      attachments.push({ ...base, data: null, size, sha256: hashStream(stream, size), embedded: false });
      continue;
    }
    const data = Buffer.alloc(size);
    stream.readCompletely(data);
    kept += size;
    attachments.push({
      ...base,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      size,
      embedded: false,
    });
  }

  const rtf = o.getBinaryItem(0x1009);
  const item: OutlookItem = {
    messageClass,
    subject: text(message.subject),
    sender,
    representing,
    recipients,
    submitTime: iso(message.clientSubmitTime),
    deliveryTime: iso(message.messageDeliveryTime),
    creationTime: iso(message.creationTime),
    modificationTime: iso(message.modificationTime),
    transportHeaders: text(message.transportMessageHeaders),
    messageId: text(message.internetMessageId),
    inReplyTo: text(message.inReplyToId),
    references: text(o.getStringItem(0x1039)),
    body: text(message.body),
    html: text(message.bodyHTML),
    rtfCompressed: rtf === null || rtf.length === 0 ? null : new Uint8Array(rtf),
    attachments,
    start: null,
    end: null,
    details: [],
    flags,
  };
  const asIso = (v: string | number | null): string | null => (typeof v === 'string' ? v : null);
  if (kind === 'event') {
    item.start = asIso(src.named(PSETID_APPOINTMENT, 0x820d));
    item.end = asIso(src.named(PSETID_APPOINTMENT, 0x820e));
  } else if (kind === 'task') {
    item.start = asIso(src.named(PSETID_TASK, 0x8104));
    item.end = asIso(src.named(PSETID_TASK, 0x8105));
  } else if (kind === 'contact') {
    const name = src.tag(0x3001);
    for (const lid of [0x8083, 0x8093, 0x80a3]) {
      const email = src.named(PSETID_ADDRESS, lid);
      if (typeof email !== 'string' || !email.includes('@')) continue;
      recipients.push({
        name: typeof name === 'string' ? name : null,
        address: email.trim(),
        addressType: 'SMTP',
        type: 'to',
      });
    }
  }
  item.details = outlookDetails(kind, item, src);
  return { item, embedded };
}

/**
 * A PST time as ISO 8601, to the second: msgreader reads the same property of a .msg to the
 * second, and Date headers have no finer grain, so the same item gets the same date (and id)
 * from either file. Outlook's "none" (4501-01-01) and a zero FILETIME (1601) are no date.
 */
function iso(d: Date | null): string | null {
  if (d === null || Number.isNaN(d.getTime())) return null;
  const y = d.getUTCFullYear();
  if (y <= 1601 || y >= 4500) return null;
  return new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString();
}

/** sha256 of an attachment read in chunks, for one too big to keep. */
function hashStream(stream: NonNullable<PSTAttachment['fileInputStream']>, size: number): string {
  const h = createHash('sha256');
  const chunk = Buffer.alloc(Math.min(HASH_CHUNK, Math.max(1, size)));
  let done = 0;
  while (done < size) {
    const n = stream.read(chunk);
    if (n <= 0) break;
    h.update(chunk.subarray(0, n));
    done += n;
  }
  return h.digest('hex');
}

/** The recipient table as pst-extractor keeps it once `numberOfRecipients` has read it. */
interface RecipientInternals {
  recipientTable: { getItems(): Array<ConstructorParameters<typeof PSTRecipient>[1]> } | null;
}

/**
 * A message's recipients, its recipient table read once. pst-extractor's `getRecipient(i)`
 * reads every row of the table (and counts them again) for each recipient: quadratic, and 19 %
 * of the PST reading time in a CPU profile of a generated 100 MB PST.
 */
function recipientsOf(message: PSTMessage, o: PstObjectInternals): PSTRecipient[] {
  const n = message.numberOfRecipients;
  if (n === 0) return [];
  const rows = (message as unknown as RecipientInternals).recipientTable?.getItems() ?? [];
  return rows.slice(0, n).map((row) => new PSTRecipient(o.pstFile, row));
}

/** A PST object's properties as a PropertySource (see outlook-details.ts). */
function propertySource(o: PstObjectInternals): PropertySource {
  const tag = (id: number): string | number | null => {
    if (id < 0) return null;
    const entry = o.pstTableItems?.get(id);
    if (entry === undefined) return null;
    switch (entry.entryValueType) {
      case PT_STRING8:
      case PT_UNICODE: {
        const s = o.getStringItem(id);
        return s === '' ? null : s;
      }
      case PT_SHORT:
      case PT_LONG:
        return o.getIntItem(id);
      case PT_BOOLEAN:
        return o.getBooleanItem(id) ? 1 : 0;
      case PT_SYSTIME:
        return iso(o.getDateItem(id));
      default:
        return null;
    }
  };
  return {
    tag,
    named(set, lid) {
      const index = SET_INDEX.get(set);
      if (index === undefined) return null;
      return tag(o.pstFile.getNameToIdMapItem(lid, index));
    },
  };
}
