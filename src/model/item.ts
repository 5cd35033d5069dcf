/** One message or post, whatever its origin (see ../shared/DESIGN.md, "The record"). */

/**
 * `email` mail (from any mailbox format, Outlook .msg and .pst/.ost included), `message` a DM or
 * chat message, `post` a public post; `event` a calendar item, `contact` an address-book entry and
 * `task` a to-do item, as Outlook keeps them (IPM.Appointment, IPM.Contact and IPM.DistList,
 * IPM.Task: src/sources/outlook/outlook-kind.ts).
 */
export type ItemKind = 'email' | 'message' | 'post' | 'event' | 'contact' | 'task';
export type Visibility = 'private' | 'public';
/** Where `sentAt` came from. */
export type DateSource = 'header' | 'received' | 'export' | 'file-mtime' | 'unknown';

/**
 * A sender or recipient on one platform. For email `address` is the lower-cased
 * addr-spec; for other platforms it is the account id or handle the export gives.
 */
export interface Identity {
  platform: string;
  address: string;
  /** Display name as seen on this item (RFC 2047 decoded), if any. */
  name: string | null;
  /** Handle without '@' on platforms that have them (X, Telegram, Slack), when known. */
  handle?: string | null;
}

export interface Attachment {
  name: string | null;
  contentType: string;
  size: number;
  sha256: string;
  disposition: 'attachment' | 'inline';
  contentId: string | null;
  /** Extracted text (a later stage fills it); null when none. */
  text: string | null;
}

/** Where an item's bytes were found: enough to cut them out of the input again. */
export interface Location {
  /** The input file as given on the command line, resolved to an absolute path. */
  path: string;
  /**
   * Path of the member inside an archive (zip, tar) or Maildir-relative name, if any. Outlook
   * files (src/sources/outlook/README.md): in a .pst/.ost the item's folder path and its node id,
   * `Top of Outlook data file/Inbox#2097188`; a message attached to a .msg or a PST item, its
   * attachment number after the member of what holds it: `attachment 2`, `…#2097188!/attachment 1`.
   */
  member: string | null;
  /** Byte offset of the raw message in the file (or in the archive member). */
  offset: number;
  /** Length in bytes of the raw message. */
  length: number;
  /** sha256 (hex) of exactly those raw bytes. */
  sha256: string;
  /**
   * Folders the mailbox program wrote into this copy when it exported it (Gmail's labels,
   * a converter's X-Folder: src/sources/email/mailbox-labels.ts), each once; absent or empty
   * when none. With the place's own folder (folders.ts), what `folder:` searches.
   */
  labels?: string[];
}

export interface Item {
  /** Stable, content-derived id (32 lower-case hex characters). */
  id: string;
  kind: ItemKind;
  /** 'email' | 'x' | 'telegram' | 'whatsapp' | 'slack' | ... */
  platform: string;
  visibility: Visibility;
  /** ISO 8601 UTC (`2016-10-12T12:31:00.000Z`) or null when no date is known. */
  sentAt: string | null;
  /** The original UTC offset in minutes (east positive), when known. */
  tzOffset: number | null;
  dateSource: DateSource;
  from: Identity | null;
  to: Identity[];
  cc: Identity[];
  bcc: Identity[];
  subject: string | null;
  /** Decoded plain text (converted from HTML when the message had only HTML). */
  text: string;
  /** Original HTML body, never shown unsanitised. */
  html: string | null;
  /** ISO 639-1 code ('en', 'no', ...) or null when undetermined. */
  lang: string | null;
  /** Normalised links found in the text and HTML. */
  links: string[];
  /** @handles and similar mentions. */
  mentions: string[];
  attachments: Attachment[];
  /** Message-ID without angle brackets: data, never a key (may be missing or duplicated). */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Thread or conversation this item belongs to (filled by analysis for email). */
  conversationId: string | null;
  /** Id of the item this one answers, when known. */
  replyTo: string | null;
  /** Every heuristic or limit that fired while reading this item (e.g. 'charset-fallback:windows-1252'). */
  flags: string[];
  /** Where the first copy was found; further copies are recorded as extra locations by the store. */
  location: Location;
}
