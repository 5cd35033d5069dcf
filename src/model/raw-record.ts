import type { ExportRecord } from './export-record.js';
import type { Location } from './item.js';

/**
 * What a reader yields: the raw bytes of one message, or the bytes of something it could not
 * read at all (which goes to quarantine with its reason, never silently dropped).
 */
export type RawRecord = RawMessage | UnreadableInput | ExportRecord;

export interface RawMessage {
  type: 'message';
  /** 'rfc822' for email; later readers add their own formats. */
  format: 'rfc822';
  bytes: Uint8Array;
  location: Omit<Location, 'sha256'>;
  /** Maildir info flags (the part after ':2,'), when the message came from a Maildir. */
  maildirFlags?: string;
  /** File modification time, a last-resort date. */
  mtime?: Date;
}

export interface UnreadableInput {
  type: 'unreadable';
  /** What was wrong and what to do, in words a reporter can act on. */
  reason: string;
  /** The bytes that could not be read (possibly truncated to a limit), kept as evidence. */
  bytes: Uint8Array;
  location: Omit<Location, 'sha256'>;
}
