import type { ExportRecord } from './export-record.js';
import type { Location } from './item.js';

/**
 * What a reader yields: the raw bytes of one message, or the bytes of something it could not
 * read at all (which goes to quarantine with its reason, never silently dropped).
 */
export type RawRecord = RawMessage | UnreadableInput | ExportRecord;

export interface RawMessage {
  type: 'message';
  /**
   * How `bytes` are parsed: 'rfc822' an email (RFC 5322/MIME); 'outlook-msg' an Outlook .msg
   * compound file (a file as it is, or an attached message re-packed as one); 'outlook-pst' one
   * item of a .pst/.ost as read by src/sources/outlook/pst-reader.ts, serialised as JSON
   * (a PST item has no bytes of its own to cut out; see src/sources/outlook/README.md);
   * 'outlook-tnef' a TNEF file (winmail.dat) given by itself, as it is.
   */
  format: 'rfc822' | 'outlook-msg' | 'outlook-pst' | 'outlook-tnef';
  bytes: Uint8Array;
  location: Omit<Location, 'sha256'>;
  /** Maildir info flags (the part after ':2,'), when the message came from a Maildir. */
  maildirFlags?: string;
  /** File modification time, a last-resort date. */
  mtime?: Date;
  /**
   * The mbox "From " separator line before the message (`From a@b.c  Mon Nov  9 21:54:11
   * 1999`), as Latin-1 text: the time it was put in the mailbox, a date for a message that
   * has none of its own.
   */
  postmark?: string;
  /**
   * This record's share of its input's size, for the progress bar, when `location.length` is
   * not it: a PST item's property block is a small part of the bytes that hold it, so the PST
   * reader gives every item an equal share of the file. Defaults to `location.length`.
   */
  progressBytes?: number;
}

export interface UnreadableInput {
  type: 'unreadable';
  /** What was wrong and what to do, in words a reporter can act on. */
  reason: string;
  /** The bytes that could not be read (possibly truncated to a limit), kept as evidence. */
  bytes: Uint8Array;
  /**
   * Where it is: its own, never another unreadable input's of the same file (the store keeps one
   * quarantine entry per location, QuarantineRecord).
   */
  location: Omit<Location, 'sha256'>;
  /** As RawMessage.progressBytes. */
  progressBytes?: number;
}
