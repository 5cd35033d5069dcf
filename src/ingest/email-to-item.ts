import type { Attachment, Identity, Item, Location, RawMessage } from '../model/index.js';
import { contentId, sha256Hex } from '../model/index.js';
import type { EmailAddress, ParsedEmail } from '../sources/email/index.js';
import { mailboxLabels, parseDate } from '../sources/email/index.js';
import { detectLanguage } from '../extract/lang-detect.js';
import { extractLinks, extractMentions } from '../extract/links.js';
import { oneLineLabel } from '../model/text/acting-characters.js';

/** What normalising one raw email gives: an item, or why it cannot be one. */
export type EmailOutcome = { ok: true; item: Item } | { ok: false; reason: string };

/**
 * Turns a parsed email into the one record of DESIGN.md.
 *
 * The id hashes Subject, From, Date, To, Cc, In-Reply-To, References and the decoded text
 * (DESIGN.md "The record"): not Received or list headers, so two copies of one message taken
 * from two mailboxes collapse into one item with two locations.
 */
export function emailToItem(parsed: ParsedEmail, raw: RawMessage): EmailOutcome {
  if (parsed.headers.length === 0) {
    return {
      ok: false,
      reason:
        'no email header fields found: this is not an RFC 5322 message (check that the file is a mailbox, not another format)',
    };
  }
  // One line each (an Outlook message class, a Maildir file name's flags quote the input).
  const flags = parsed.flags.map(oneLineLabel);
  // A sender with a name and no address (`From: ClamAV`, `Mail Delivery System <>`, an Exchange
  // user known by name) is still the sender: their name stands for the address.
  const from =
    parsed.from.find((a) => a.address) ??
    parsed.sender.find((a) => a.address) ??
    parsed.from.find((a) => a.name) ??
    parsed.sender.find((a) => a.name) ??
    null;
  const text = normaliseText(parsed.text);

  let sentAt: string | null = parsed.date?.utc ?? null;
  let tzOffset: number | null = parsed.date?.offsetMinutes ?? null;
  let dateSource: Item['dateSource'] = parsed.date ? 'header' : 'unknown';
  if (!parsed.date) {
    // Without a usable Date: when it was resent, else delivered (the newest Received header,
    // else the mbox separator line), else the file's time.
    const resent = resentDate(parsed);
    const received = resent ? null : receivedDate(parsed);
    const postmark = resent || received ? null : postmarkDate(raw.postmark);
    if (resent) {
      sentAt = resent.utc;
      tzOffset = resent.offsetMinutes;
      dateSource = 'header';
      flags.push('date-from-resent-date');
    } else if (received) {
      sentAt = received;
      dateSource = 'received';
      flags.push('date-from-received');
    } else if (postmark) {
      sentAt = postmark;
      dateSource = 'received';
      flags.push('date-from-mbox-postmark');
    } else if (raw.mtime) {
      sentAt = raw.mtime.toISOString();
      tzOffset = null;
      dateSource = 'file-mtime';
      flags.push('date-from-file-mtime');
    }
  }
  if (parsed.date) {
    const skew = clockSkew(parsed, parsed.date.utc);
    if (skew !== null) flags.push(skew);
  }
  if (raw.maildirFlags !== undefined) flags.push(oneLineLabel(`maildir:${raw.maildirFlags}`));

  // Headers read otherwise than before count as they were read then, so such mail keeps its id.
  const asBefore = parsed.headersAsBefore ?? parsed;
  const id = contentId([
    'email',
    asBefore.subject ?? '',
    addressKey(asBefore.from),
    // A Date whose zone is no offset was unreadable before it was read in its comment's zone:
    // it still counts as none here, so such mail keeps the id it had.
    // One whose zone lost its sign was read as UTC.
    flags.includes('date-zone-invalid') ? '' : (parsed.date?.utcAsBefore ?? parsed.date?.utc ?? ''),
    addressKey(asBefore.to),
    addressKey(asBefore.cc),
    parsed.inReplyTo.join(' '),
    parsed.references.join(' '),
    // Text with uuencoded files taken out hashes as written, so such mail keeps the id it had.
    parsed.textAsWritten === null ? text : normaliseText(parsed.textAsWritten),
  ]);

  const attachments: Attachment[] = parsed.attachments.map((a) => ({
    name: a.filename,
    contentType: a.contentType,
    size: a.size,
    sha256: a.sha256,
    disposition: a.disposition,
    contentId: a.contentId,
    text: null,
  }));

  const item: Item = {
    id,
    kind: 'email',
    platform: 'email',
    visibility: 'private',
    sentAt,
    tzOffset,
    dateSource,
    from: from ? identity(from) : null,
    to: identities(parsed.to),
    cc: identities(parsed.cc),
    bcc: identities(parsed.bcc),
    subject: parsed.subject,
    text,
    html: parsed.html,
    lang: detectLanguage(`${parsed.subject ?? ''}\n${text}`),
    links: extractLinks(text, parsed.html),
    mentions: extractMentions(text),
    attachments,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo[0] ?? null,
    references: parsed.references,
    conversationId: null,
    replyTo: null,
    flags,
    location: withLabels({ ...raw.location, sha256: sha256Hex(raw.bytes) }, mailboxLabels(parsed.headers)),
  };
  return { ok: true, item };
}

/** The location with the mailbox's labels when it has any (none: no `labels` key, as before). */
function withLabels(location: Location, labels: string[]): Location {
  return labels.length === 0 ? location : { ...location, labels };
}

/** An address as an identity; one with a name alone is known by the name (as chat exports' people are). */
function identity(a: EmailAddress): Identity {
  return { platform: 'email', address: (a.address || a.name || '').toLowerCase(), name: a.name || null };
}

function identities(list: EmailAddress[]): Identity[] {
  return list.filter((a) => a.address || a.name).map(identity);
}

function addressKey(list: EmailAddress[]): string {
  return list.map((a) => (a.address ?? a.name ?? '').toLowerCase()).join(',');
}

/** CRLF → LF and no trailing white space, so copies that differ only in line endings hash alike. */
function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .trimEnd();
}

/**
 * The date of the newest Received header (the last hop, nearest to delivery), for mail with
 * no usable Date header. RFC 5321 §4.4: the date follows the last ';' of the field.
 */
function receivedDate(parsed: ParsedEmail): string | null {
  const first = parsed.headers.find((h) => h.name.toLowerCase() === 'received');
  return first ? receivedFieldDate(first.value) : null;
}

/** The date of one Received field (RFC 5321 §4.4: after its last ';'), as UTC, or null. */
function receivedFieldDate(value: string): string | null {
  const semi = value.lastIndexOf(';');
  return semi < 0 ? null : (parseDate(value.slice(semi + 1))?.utc ?? null);
}

const DAY_MS = 24 * 3600 * 1000;
/** A Date more than a day after delivery is a wrong clock or a made-up date (time zones are hours). */
const AFTER_DELIVERY_MS = DAY_MS;
/** Mail can wait in an outbox or a queue; a Date more than 30 days before delivery is worth a look. */
const BEFORE_DELIVERY_MS = 30 * DAY_MS;

/**
 * The Date header checked against the oldest Received header (the first server that took the
 * mail, minutes after it was sent; the newest is the last delivery, which for an archive
 * imported later can be months after): `date-after-received` when the Date claims a time more
 * than a day later, `date-before-received` when more than 30 days earlier. The Date is kept as
 * written (it is the evidence); the flag says it disagrees with the transport. Not for resent
 * mail, whose Received headers are the resending's.
 */
function clockSkew(parsed: ParsedEmail, dateUtc: string): string | null {
  if (parsed.headers.some((h) => h.name.toLowerCase() === 'resent-date')) return null;
  const received = oldestReceivedDate(parsed);
  if (received === null) return null;
  const diff = Date.parse(dateUtc) - Date.parse(received);
  if (diff > AFTER_DELIVERY_MS) return 'date-after-received';
  if (diff < -BEFORE_DELIVERY_MS) return 'date-before-received';
  return null;
}

/** The date of the oldest Received header that has one (the last in the header block). */
function oldestReceivedDate(parsed: ParsedEmail): string | null {
  for (let i = parsed.headers.length - 1; i >= 0; i--) {
    const h = parsed.headers[i] as ParsedEmail['headers'][number];
    if (h.name.toLowerCase() !== 'received') continue;
    const d = receivedFieldDate(h.value);
    if (d !== null) return d;
  }
  return null;
}

/** The first Resent-Date header that reads as a date (RFC 5322 §3.6.6: the resent block's own). */
function resentDate(parsed: ParsedEmail): { utc: string; offsetMinutes: number } | null {
  for (const h of parsed.headers) {
    if (h.name.toLowerCase() !== 'resent-date') continue;
    const d = parseDate(h.value);
    if (d) return d;
  }
  return null;
}

/**
 * The time on an mbox separator line (`From a@b.c  Mon Nov  9 21:54:11 1999`, asctime, written
 * by whatever put the message in the mailbox, usually in its local time: read as UTC). The
 * sender after "From " is skipped. The Unix epoch some programs write there is no date.
 */
function postmarkDate(line: string | undefined): string | null {
  if (line === undefined) return null;
  const rest = line.slice(5).trimStart();
  const space = rest.search(/\s/);
  if (space < 0) return null;
  const d = parseDate(rest.slice(space));
  return d && Date.parse(d.utc) !== 0 ? d.utc : null;
}
