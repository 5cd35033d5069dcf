/**
 * One Outlook item (a mail, meeting, contact, task, note, …) as both Outlook readers see it:
 * msg-item.ts builds it from a .msg (through msgreader), pst-item.ts from a PST node (through
 * pst-extractor), and outlook-to-parsed.ts turns it into what the email parser gives, so an
 * item reads the same whichever file it came from. Plain data: a PST item is stored as this,
 * serialised (pst-item-json.ts), as its raw source.
 */

export interface OutlookAddress {
  /** Display name, when known. */
  name: string | null;
  /** The SMTP address when known; otherwise the address as stored (an Exchange DN, flagged). */
  address: string | null;
  /** 'SMTP', 'EX', … as stored. */
  addressType: string | null;
}

export interface OutlookRecipient extends OutlookAddress {
  type: 'to' | 'cc' | 'bcc';
}

export interface OutlookAttachment {
  /** Long file name, else short file name, else display name; null when none. */
  name: string | null;
  /** PidTagAttachMimeTag, when stored. */
  mimeType: string | null;
  contentId: string | null;
  /** Hidden in the attachment list (an image shown in the body). */
  hidden: boolean;
  /** The bytes; for an attached Outlook item the bytes it is kept as (a .msg, or the item's JSON). */
  data: Uint8Array | null;
  /** Size of the bytes; with data null, the size stored for an attachment over a limit. */
  size: number;
  /** For an attachment over a limit, whose bytes are not kept: the sha256 of its bytes. */
  sha256?: string | null;
  /** An attached Outlook item (PidTagAttachMethod 5), which is also an item of its own. */
  embedded: boolean;
}

/** A named detail shown in the text of items that are not mail ('Location', 'Mobile phone', …). */
export type OutlookDetail = [label: string, value: string];

export interface OutlookItem {
  /** PidTagMessageClass: 'IPM.Note', 'IPM.Appointment', 'IPM.Contact', … */
  messageClass: string;
  subject: string | null;
  /** PidTagSender*: who sent it (the mailbox that sent it, for "on behalf of" mail the delegate). */
  sender: OutlookAddress | null;
  /** PidTagSentRepresenting*: on whose behalf; the From of the mail when it differs from the sender. */
  representing: OutlookAddress | null;
  recipients: OutlookRecipient[];
  /** ISO 8601 UTC. submit: PidTagClientSubmitTime (the Date header); delivery: PidTagMessageDeliveryTime. */
  submitTime: string | null;
  deliveryTime: string | null;
  creationTime: string | null;
  modificationTime: string | null;
  /** PidTagTransportMessageHeaders: the RFC 5322 header block of received mail. */
  transportHeaders: string | null;
  /** PidTagInternetMessageId, PidTagInReplyToId, PidTagInternetReferences, as stored. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  /** PidTagBody. */
  body: string | null;
  /** PidTagHtml / PidTagBodyHtml, decoded. */
  html: string | null;
  /** PidTagRtfCompressed, as stored (decompressed when the item has no plain body). */
  rtfCompressed: Uint8Array | null;
  attachments: OutlookAttachment[];
  /** Calendar items and tasks: when it starts and ends (ISO 8601 UTC). */
  start: string | null;
  end: string | null;
  /** What a reader of a meeting, contact or task needs beside the body, in order. */
  details: OutlookDetail[];
  /** What the reader noticed: 'ansi-codepage:932', 'attachment-unreadable:2', … */
  flags: string[];
}
