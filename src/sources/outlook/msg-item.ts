import type { FieldsData, RawProp } from '@kenjiuno/msgreader';
import { decodeCodePage } from '../email/windows-code-pages.js';
import type { OpenedMsg } from './msg-open.js';
import {
  PSETID_ADDRESS,
  PSETID_APPOINTMENT,
  PSETID_TASK,
  outlookDetails,
  type PropertySource,
} from './outlook-details.js';
import type { OutlookAddress, OutlookAttachment, OutlookItem, OutlookRecipient } from './outlook-item.js';
import { outlookKind } from './outlook-kind.js';

/** PidTagAttachMethod values. */
export const ATTACH_EMBEDDED_MSG = 5;
export const ATTACH_OLE = 6;

/**
 * The Outlook item a .msg holds (msgreader's fields), with its attachments' bytes: an attached
 * message is re-packed as a .msg of its own (msgreader's burner), an OLE object as the compound
 * file it is. An attachment whose bytes cannot be read is left out, flagged
 * `attachment-unreadable:N` (N counts from 1).
 */
export function msgToOutlookItem(msg: OpenedMsg, data: FieldsData = msg.data): OutlookItem {
  const flags = [...msg.flags];
  const messageClass = data.messageClass?.trim() || 'IPM.Note';
  if (!data.messageClass) flags.push('outlook-class-missing');
  const props = data.rawProps ?? [];
  const kind = outlookKind(messageClass);

  const sender = address(
    data.senderName ?? null,
    data.senderAddressType ?? null,
    data.senderEmail ?? null,
    data.senderSmtpAddress ?? null,
    flags,
  );
  const representing = address(
    str(props, '0042'),
    str(props, '0064'),
    str(props, '0065'),
    data.sentRepresentingSmtpAddress ?? null,
    flags,
  );
  const recipients: OutlookRecipient[] = [];
  for (const r of data.recipients ?? []) {
    const a = address(r.name ?? null, r.addressType ?? null, r.email ?? null, r.smtpAddress ?? null, flags);
    if (a === null) continue;
    recipients.push({ ...a, type: r.recipType ?? 'to' });
  }

  const attachments: OutlookAttachment[] = [];
  (data.attachments ?? []).forEach((a, i) => {
    const method = num(a.rawProps ?? [], '3705');
    const embedded = a.innerMsgContent === true && method !== ATTACH_OLE;
    let content: Uint8Array;
    try {
      content = msg.reader.getAttachment(a).content;
    } catch {
      flags.push(`attachment-unreadable:${i + 1}`);
      return;
    }
    const name = embedded
      ? `${a.name ?? a.innerMsgContentFields?.subject ?? 'message'}.msg`
      : (a.fileName ?? a.fileNameShort ?? a.name ?? null);
    attachments.push({
      name: name === '' ? null : name,
      mimeType: embedded ? 'application/vnd.ms-outlook' : (a.attachMimeTag ?? null),
      contentId: a.pidContentId ?? null,
      hidden: a.attachmentHidden === true,
      data: content,
      size: content.length,
      embedded,
    });
  });

  let html = data.bodyHtml ?? null;
  if (html === null && data.html instanceof Uint8Array) {
    const f = new Set<string>();
    html = decodeCodePage(data.html, data.internetCodepage ?? 65001, f);
    flags.push(...f);
  }

  const item: OutlookItem = {
    messageClass,
    subject: data.subject ?? null,
    sender,
    representing,
    recipients,
    submitTime: iso(data.clientSubmitTime),
    deliveryTime: iso(data.messageDeliveryTime),
    creationTime: iso(data.creationTime),
    modificationTime: iso(data.lastModificationTime),
    transportHeaders: data.headers ?? null,
    messageId: data.messageId ?? null,
    inReplyTo: str(props, '1042'),
    references: str(props, '1039'),
    body: data.body ?? null,
    html,
    rtfCompressed: data.compressedRtf ?? null,
    attachments,
    start: null,
    end: null,
    details: [],
    flags,
  };
  const src = propertySource(props);
  if (kind === 'event') {
    item.start = iso(data.apptStartWhole) ?? asIso(src.named(PSETID_APPOINTMENT, 0x820d));
    item.end = iso(data.apptEndWhole) ?? asIso(src.named(PSETID_APPOINTMENT, 0x820e));
  } else if (kind === 'task') {
    item.start = asIso(src.named(PSETID_TASK, 0x8104));
    item.end = asIso(src.named(PSETID_TASK, 0x8105));
  } else if (kind === 'contact') {
    // A contact's own addresses: what `participant:` and the people index find it by.
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
  return item;
}

/**
 * One address as Outlook stores it: the SMTP address when there is one (PidTagSmtpAddress or
 * the *SmtpAddress of the sender), else the address as stored, which for an Exchange sender is
 * an X.500 name (`/o=…/cn=…`), flagged `address-exchange-dn`: it still tells one person from
 * another. Null when there is neither name nor address.
 */
export function address(
  name: string | null,
  addressType: string | null,
  email: string | null,
  smtp: string | null,
  flags: string[],
): OutlookAddress | null {
  const clean = (s: string | null): string | null => {
    const t = s?.trim().replace(/^'(.*)'$/, '$1') ?? '';
    return t === '' ? null : t;
  };
  const n = clean(name);
  const type = clean(addressType);
  let addr = clean(smtp);
  const stored = clean(email);
  if (addr === null && stored !== null) {
    if ((type === null || type.toUpperCase() === 'SMTP') && stored.includes('@')) addr = stored;
    else if (stored.includes('@') && !stored.startsWith('/')) addr = stored;
    else {
      addr = stored;
      if (!flags.includes('address-exchange-dn')) flags.push('address-exchange-dn');
    }
  }
  if (n === null && addr === null) return null;
  return { name: n, address: addr, addressType: type };
}

/** msgreader gives times as `Date.toUTCString()` strings. */
export function iso(s: string | number | boolean | Uint8Array | null | undefined): string | null {
  if (typeof s !== 'string' || s === '') return null;
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  const year = new Date(t).getUTCFullYear();
  // 4501-01-01 is Outlook's "none" (and 1601 a zero FILETIME).
  return year <= 1601 || year >= 4500 ? null : new Date(t).toISOString();
}

function prop(props: RawProp[], id: string): RawProp | undefined {
  const want = id.toLowerCase();
  return props.find(
    (p) => p.propertyTag?.toLowerCase().startsWith(want) === true && p.propertySet === undefined,
  );
}

function str(props: RawProp[], id: string): string | null {
  const v = prop(props, id)?.value;
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function num(props: RawProp[], id: string): number | null {
  const v = prop(props, id)?.value as unknown;
  return typeof v === 'number' ? v : null;
}

function asIso(v: string | number | null): string | null {
  return typeof v === 'string' ? v : null;
}

/** A value as PropertySource gives it: times as ISO 8601, booleans as 1 or 0. */
function value(p: RawProp): string | number | null {
  const v = p.value as unknown;
  const type = p.propertyTag?.slice(4).toLowerCase();
  if (type === '0040') return iso(typeof v === 'string' ? v : null);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number') return v;
  return null;
}

/** msgreader's raw properties as a PropertySource (named properties by set and id). */
function propertySource(props: RawProp[]): PropertySource {
  return {
    tag(id) {
      const want = id.toString(16).padStart(4, '0');
      for (const p of props)
        if (p.propertySet === undefined && p.propertyTag?.toLowerCase().startsWith(want)) return value(p);
      return null;
    },
    named(set, lid) {
      const want = lid.toString(16).padStart(8, '0');
      for (const p of props) {
        if (p.propertySet?.toLowerCase() === set && p.propertyLid?.toLowerCase() === want) return value(p);
      }
      return null;
    },
  };
}
