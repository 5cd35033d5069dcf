import { decodeTnef } from '../email/tnef-reader.js';
import { propString, propValue, type MapiProperty } from '../email/tnef-mapi-props.js';
import { address } from './msg-item.js';
import type { OutlookAddress, OutlookAttachment, OutlookItem, OutlookRecipient } from './outlook-item.js';

/** MAPI properties of the message read here ([MS-OXPROPS]). */
const PR_CLIENT_SUBMIT_TIME = 0x0039;
const PR_SENT_REPRESENTING_NAME = 0x0042;
const PR_SENT_REPRESENTING_ADDRTYPE = 0x0064;
const PR_SENT_REPRESENTING_EMAIL_ADDRESS = 0x0065;
const PR_CONVERSATION_TOPIC = 0x0070;
const PR_TRANSPORT_MESSAGE_HEADERS = 0x007d;
const PR_SENDER_NAME = 0x0c1a;
const PR_SENDER_ADDRTYPE = 0x0c1e;
const PR_SENDER_EMAIL_ADDRESS = 0x0c1f;
const PR_MESSAGE_DELIVERY_TIME = 0x0e06;
const PR_NORMALIZED_SUBJECT = 0x0e1d;
const PR_INTERNET_REFERENCES = 0x1039;
const PR_IN_REPLY_TO_ID = 0x1042;
const PR_CREATION_TIME = 0x3007;
const PR_LAST_MODIFICATION_TIME = 0x3008;
const PR_SENDER_SMTP_ADDRESS = 0x5d01;
const PR_SENT_REPRESENTING_SMTP_ADDRESS = 0x5d02;
/** Of a recipient row. */
const PR_RECIPIENT_TYPE = 0x0c15;
const PR_DISPLAY_NAME = 0x3001;
const PR_ADDRTYPE = 0x3002;
const PR_EMAIL_ADDRESS = 0x3003;
const PR_SMTP_ADDRESS = 0x39fe;
const RECIPIENT_TYPES: Record<number, OutlookRecipient['type']> = { 1: 'to', 2: 'cc', 3: 'bcc' };

/**
 * A TNEF file given by itself (a winmail.dat saved from a mail, or sent on its own) as the
 * Outlook item it encodes, read as mail's winmail.dat is (../email/tnef-reader.ts) and then as a
 * .msg is (outlook-to-parsed.ts): subject, sender and recipients, times, transport headers,
 * body (plain, HTML or RTF) and attachments (an attached message, itself TNEF, is opened into
 * its files as in mail). What the stream lacks stays empty: MimeKit's attachments.tnef (the
 * winmail.dat of pst-extractor's and other tests) has no sender and no subject but its
 * conversation topic.
 *
 * Times are the MAPI properties (UTC); a stream that has only attDateSent or attDateReceived
 * gives that, which Outlook writes in the sender's local time: read as UTC, flagged
 * `date-tnef-local-time`.
 */
export function tnefToOutlookItem(bytes: Uint8Array): OutlookItem {
  const t = decodeTnef(bytes);
  const m = t.message;
  const props = m.properties;
  const flags = [...t.flags];
  const time = (id: number): string | null => {
    const v = propValue(props, id);
    return typeof v === 'string' ? v : null;
  };

  // Without PidTagSubject: the subject without its prefix (RE:, FW:), else the conversation's.
  let subject = t.subject ?? propString(props, PR_NORMALIZED_SUBJECT);
  if (subject === null) {
    subject = propString(props, PR_CONVERSATION_TOPIC);
    if (subject !== null) flags.push('subject-from-conversation-topic');
  }
  let sender = address(
    propString(props, PR_SENDER_NAME),
    propString(props, PR_SENDER_ADDRTYPE),
    propString(props, PR_SENDER_EMAIL_ADDRESS),
    propString(props, PR_SENDER_SMTP_ADDRESS),
    flags,
  );
  sender ??= fromTriple(m.from, flags);
  const representing = address(
    propString(props, PR_SENT_REPRESENTING_NAME),
    propString(props, PR_SENT_REPRESENTING_ADDRTYPE),
    propString(props, PR_SENT_REPRESENTING_EMAIL_ADDRESS),
    propString(props, PR_SENT_REPRESENTING_SMTP_ADDRESS),
    flags,
  );

  let submitTime = time(PR_CLIENT_SUBMIT_TIME);
  let deliveryTime = time(PR_MESSAGE_DELIVERY_TIME);
  if (submitTime === null && deliveryTime === null && (m.sent ?? m.received) !== null) {
    submitTime = m.sent === null ? null : `${m.sent}.000Z`;
    deliveryTime = m.received === null ? null : `${m.received}.000Z`;
    flags.push('date-tnef-local-time');
  }

  return {
    messageClass: t.messageClass ?? 'IPM.Note',
    subject,
    sender,
    representing,
    recipients: recipientsOf(m.recipients, flags),
    submitTime,
    deliveryTime,
    creationTime: time(PR_CREATION_TIME),
    modificationTime: time(PR_LAST_MODIFICATION_TIME),
    transportHeaders: propString(props, PR_TRANSPORT_MESSAGE_HEADERS),
    messageId: t.messageId === null ? null : `<${t.messageId}>`,
    inReplyTo: propString(props, PR_IN_REPLY_TO_ID),
    references: propString(props, PR_INTERNET_REFERENCES),
    body: t.body,
    html: m.htmlProperty,
    rtfCompressed: m.rtfCompressed,
    attachments: t.attachments.map((a): OutlookAttachment => ({
      name: a.name,
      mimeType: a.contentType,
      contentId: a.contentId,
      hidden: a.inline,
      data: a.content,
      size: a.content.length,
      embedded: a.embeddedMessage,
    })),
    start: null,
    end: null,
    details: [],
    flags,
  };
}

/** attFrom's address is written `TYPE:address` (`SMTP:kari@example.no`) or bare. */
function fromTriple(
  from: { name: string | null; address: string | null } | null,
  flags: string[],
): OutlookAddress | null {
  if (from === null) return null;
  const typed = /^([A-Za-z][\w-]*):(.+)$/.exec(from.address ?? '');
  return typed
    ? address(from.name, typed[1] as string, typed[2] as string, null, flags)
    : address(from.name, null, from.address, null, flags);
}

function recipientsOf(rows: MapiProperty[][], flags: string[]): OutlookRecipient[] {
  const out: OutlookRecipient[] = [];
  for (const row of rows) {
    const a = address(
      propString(row, PR_DISPLAY_NAME),
      propString(row, PR_ADDRTYPE),
      propString(row, PR_EMAIL_ADDRESS),
      propString(row, PR_SMTP_ADDRESS),
      flags,
    );
    if (a === null) continue;
    const type = propValue(row, PR_RECIPIENT_TYPE);
    out.push({ ...a, type: (typeof type === 'number' ? RECIPIENT_TYPES[type & 0xf] : undefined) ?? 'to' });
  }
  return out;
}
