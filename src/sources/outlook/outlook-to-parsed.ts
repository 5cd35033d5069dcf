import { createHash } from 'node:crypto';
import type { DateSource, ItemKind } from '../../model/index.js';
import { decompressRtf } from '../email/compressed-rtf.js';
import type { EmailAddress, ParsedAttachment, ParsedEmail } from '../email/index.js';
import { parseEmail } from '../email/index.js';
import { htmlToText } from '../email/html-to-text.js';
import { parseMessageIds } from '../email/parse-message-ids.js';
import { rtfToText } from '../email/rtf-to-text.js';
import { openTnefParts } from '../email/tnef-attachments.js';
import { contentTypeFor } from '../export/export-media.js';
import type { OutlookAddress, OutlookItem } from './outlook-item.js';
import { outlookKind } from './outlook-kind.js';

/** What an Outlook item parses to: what the email parser gives for mail, plus what only Outlook knows. */
export interface ParsedOutlook extends ParsedEmail {
  outlook: {
    kind: ItemKind;
    /** 'email' for mail (so it meets its copies from mailboxes), 'outlook' for calendar items, contacts and tasks. */
    platform: string;
    messageClass: string;
    /** Where `date` came from: the Date header or PidTagClientSubmitTime ('header'), delivery time ('received'), … */
    dateSource: DateSource;
    /** False when `date` is an Outlook property: a UTC instant with no offset of its own. */
    offsetKnown: boolean;
    /**
     * Who sent it when neither `from` nor `sender` names anybody by address (see
     * `senderOfRecord`); null when one has an address, or nobody is named. The item's sender
     * only: the id hashes `from`.
     */
    fromWithoutAddress: { name: string | null; address: string; flag: string } | null;
  };
}

/**
 * Turns an Outlook item into the parsed form of an email, so that ingest makes items of .msg
 * and PST mail exactly as of mail from a mailbox.
 *
 * Received mail keeps its transport headers (PidTagTransportMessageHeaders): when it has them,
 * From, To, Cc, Subject, Date, Message-ID, In-Reply-To and References are read from them by the
 * email parser, as from the same message in an mbox, and the body is PidTagBody; so the item id
 * (which hashes those and the text) is the same as the mbox copy's whenever the two bodies agree.
 * Without them (sent items, drafts, calendar items) the same fields come from the properties.
 *
 * The text is PidTagBody; else the HTML body as text (`text-from-html`); else the RTF body as
 * text (`text-from-rtf`; an RTF body that encapsulates HTML also gives the HTML,
 * `html-from-rtf`). Calendar items, contacts and tasks head their text with their details
 * (when, where, phone numbers). Attachments are listed with their sha256; a TNEF attachment
 * (winmail.dat) is opened like in mail.
 */
export function outlookToParsed(item: OutlookItem): ParsedOutlook {
  const flags = new Set(item.flags);
  const kind = outlookKind(item.messageClass);
  if (item.messageClass.toLowerCase() !== 'ipm.note') flags.add(`outlook-class:${item.messageClass}`);

  const fromHeaders =
    kind === 'email' && item.transportHeaders ? headerFields(item.transportHeaders, flags) : null;

  // A contact's sender is whoever filed it; the contact's own addresses are its recipients.
  const from = fromHeaders?.from.length
    ? fromHeaders.from
    : kind === 'contact'
      ? []
      : addresses([item.representing ?? item.sender]);
  let sender: EmailAddress[] = [];
  if (fromHeaders?.from.length) sender = fromHeaders.sender;
  else if (
    kind !== 'contact' &&
    item.representing &&
    item.sender &&
    item.sender.address !== item.representing.address
  )
    sender = addresses([item.sender]);
  const to = fromHeaders?.to.length
    ? fromHeaders.to
    : addresses(item.recipients.filter((r) => r.type === 'to'));
  const cc = fromHeaders?.cc.length
    ? fromHeaders.cc
    : addresses(item.recipients.filter((r) => r.type === 'cc'));
  const bcc = addresses(item.recipients.filter((r) => r.type === 'bcc'));
  const subject = fromHeaders?.subject ?? item.subject;

  let date: ParsedEmail['date'] = null;
  let dateSource: DateSource = 'unknown';
  let offsetKnown = false;
  if (fromHeaders?.date) {
    date = fromHeaders.date;
    dateSource = 'header';
    offsetKnown = true;
  } else {
    const [when, source, flag] = propertyDate(kind, item);
    if (when !== null) {
      date = { utc: when, offsetMinutes: 0 };
      dateSource = source;
      if (flag) flags.add(flag);
    }
  }

  const messageId = fromHeaders?.messageId ?? firstId(item.messageId);
  const inReplyTo = fromHeaders?.inReplyTo.length ? fromHeaders.inReplyTo : ids(item.inReplyTo);
  const references = fromHeaders?.references.length ? fromHeaders.references : ids(item.references);

  let html = item.html;
  let text = lf(item.body ?? '');
  if (text.trim() === '' && html !== null && html.trim() !== '') {
    const fromHtml = htmlToText(html);
    if (fromHtml !== '') {
      text = fromHtml;
      flags.add('text-from-html');
    }
  }
  if (text.trim() === '' && item.rtfCompressed !== null) {
    const rtf = decompressRtf(item.rtfCompressed, flags);
    if (rtf !== null) {
      const r = rtfToText(rtf, flags);
      if (r.text !== '') {
        text = r.text;
        flags.add('text-from-rtf');
      }
      if (html === null && r.html !== null) {
        html = lf(r.html);
        flags.add('html-from-rtf');
      }
    }
  }
  if (kind !== 'email' && item.details.length > 0) {
    const head = item.details.map(([label, value]) => `${label}: ${value.replace(/\n/g, '\n  ')}`).join('\n');
    text = text.trim() === '' ? head : `${head}\n\n${text}`;
  }

  const listed: ParsedAttachment[] = [];
  for (const a of item.attachments) {
    // Not in the file (attached by reference): nothing to list. Over a limit: listed by its hash.
    if (a.data === null && !a.sha256) continue;
    const declared = a.mimeType?.trim().toLowerCase() ?? '';
    const cid = a.contentId?.replace(/^\s*<|>\s*$/g, '').trim() || null;
    listed.push({
      filename: a.name,
      contentType: /^[\w.+-]+\/[\w.+-]+$/.test(declared) ? declared : contentTypeFor(a.name),
      disposition:
        a.hidden || (cid !== null && html?.includes(`cid:${cid}`) === true) ? 'inline' : 'attachment',
      contentId: cid,
      size: a.data === null ? a.size : a.data.length,
      sha256: a.data === null ? (a.sha256 as string) : createHash('sha256').update(a.data).digest('hex'),
      content: a.data ?? new Uint8Array(0),
    });
  }
  const tnef = openTnefParts(listed, flags);
  if (tnef.body !== null && text.trim() === '' && tnef.body.text.trim() !== '') {
    text = lf(tnef.body.text);
    flags.add('text-from-tnef');
  }

  const headers = fromHeaders?.headers.length
    ? fromHeaders.headers
    : synthesizedHeaders(from, to, cc, subject, date);
  return {
    headers,
    subject,
    from,
    sender,
    replyTo: fromHeaders?.replyTo ?? [],
    to,
    cc,
    bcc,
    date,
    messageId,
    inReplyTo,
    references,
    text,
    textAsWritten: null,
    html,
    attachments: tnef.attachments,
    flags: [...flags],
    outlook: {
      kind,
      platform: kind === 'email' ? 'email' : 'outlook',
      messageClass: item.messageClass,
      dateSource,
      offsetKnown,
      fromWithoutAddress: kind === 'contact' ? null : senderOfRecord(from, sender, item),
    },
  };
}

/**
 * The sender of an item whose From names nobody by address. EDRM's Enron PSTs keep Exchange
 * mail with transport headers that say `from: Moore` (the X.500 address was cut off); Outlook
 * keeps a sender with a name and nothing else in its properties too. Such mail showed no sender
 * and `from:moore` found none of it (13 of the 71 items of pst-extractor's enron.pst). The
 * address is the sender properties' as stored (an Exchange DN, or what the file holds: the
 * Enron PSTs repeat the name), flagged `from-address-from-properties`; without one the name
 * stands for the address (people are told apart by address), flagged `from-name-only`.
 */
function senderOfRecord(
  from: EmailAddress[],
  sender: EmailAddress[],
  item: OutlookItem,
): ParsedOutlook['outlook']['fromWithoutAddress'] {
  // With an address in From or Sender, the item's sender is that (emailToItem).
  if (from.some((a) => a.address) || sender.some((a) => a.address)) return null;
  const stored = item.representing?.address ? item.representing : item.sender?.address ? item.sender : null;
  const name = from.find((a) => a.name)?.name ?? item.representing?.name ?? item.sender?.name ?? null;
  if (stored?.address) {
    return { name: name ?? stored.name, address: stored.address, flag: 'from-address-from-properties' };
  }
  return name === null ? null : { name, address: name, flag: 'from-name-only' };
}

/** The transport header block parsed as the header of an email (the body is not in it). */
function headerFields(headers: string, flags: Set<string>): ParsedEmail | null {
  // Without the body they describe, the MIME fields would only make the parser look for parts
  // that are not there (a multipart boundary, a winmail.dat): they are left out.
  const lines = headers.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) {
      if (!skipping) kept.push(line);
      continue;
    }
    skipping = /^(content-[^:]*|mime-version)\s*:/i.test(line);
    if (!skipping) kept.push(line);
  }
  const parsed = parseEmail(Buffer.from(`${kept.join('\r\n')}\r\n\r\n`, 'utf8'));
  if (parsed.headers.length === 0) {
    flags.add('transport-headers-unreadable');
    return null;
  }
  for (const f of parsed.flags) flags.add(f);
  flags.add('fields-from-transport-headers');
  return parsed;
}

/**
 * The date of an item without a Date header: when mail was sent (PidTagClientSubmitTime, the
 * property Exchange fills from the Date header), else when it arrived; a calendar item's start;
 * a task's start or due date; else when the item was made.
 */
function propertyDate(kind: ItemKind, item: OutlookItem): [string | null, DateSource, string | null] {
  if (kind === 'event' && item.start) return [item.start, 'export', 'date-is-event-start'];
  if (kind === 'task' && (item.start ?? item.end))
    return [item.start ?? item.end, 'export', 'date-is-task-start-or-due'];
  if (kind !== 'contact') {
    if (item.submitTime) return [item.submitTime, 'header', null];
    if (item.deliveryTime) return [item.deliveryTime, 'received', 'date-from-received'];
  }
  if (item.creationTime) return [item.creationTime, 'export', 'date-is-created'];
  return [null, 'unknown', null];
}

function addresses(list: Array<OutlookAddress | null>): EmailAddress[] {
  const out: EmailAddress[] = [];
  for (const a of list) {
    if (a === null || (a.name === null && a.address === null)) continue;
    out.push({ name: a.name, address: a.address, group: null });
  }
  return out;
}

function firstId(raw: string | null): string | null {
  return raw === null ? null : (ids(raw)[0] ?? null);
}

function ids(raw: string | null): string[] {
  if (raw === null || raw.trim() === '') return [];
  const found = parseMessageIds(raw);
  if (found.length > 0) return found;
  // Outlook sometimes stores an id without its angle brackets.
  const bare = raw.trim();
  return /^\S+@\S+$/.test(bare) ? [bare] : [];
}

function lf(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/** A header list for an item without transport headers: what ingest and the raw view expect to see. */
function synthesizedHeaders(
  from: EmailAddress[],
  to: EmailAddress[],
  cc: EmailAddress[],
  subject: string | null,
  date: ParsedEmail['date'],
): Array<{ name: string; value: string }> {
  const show = (list: EmailAddress[]) =>
    list
      .map((a) => (a.name && a.address ? `${a.name} <${a.address}>` : (a.address ?? a.name ?? '')))
      .join(', ');
  const out: Array<{ name: string; value: string }> = [];
  if (from.length) out.push({ name: 'From', value: show(from) });
  if (to.length) out.push({ name: 'To', value: show(to) });
  if (cc.length) out.push({ name: 'Cc', value: show(cc) });
  if (subject !== null) out.push({ name: 'Subject', value: subject });
  if (date) out.push({ name: 'Date', value: date.utc });
  if (out.length === 0) out.push({ name: 'X-Outlook-Item', value: 'no sender, recipients, subject or date' });
  return out;
}
