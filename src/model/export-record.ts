import type { DateSource, ItemKind, Location, Visibility } from './item.js';

/**
 * What a platform-export reader (X archive, post lists, Telegram, WhatsApp, Slack) yields for
 * one message or post: the item as the export tells it, before ingest derives its id and
 * analyses its text. `sources/` readers produce these; `ingest/` turns them into Items.
 */
export interface ExportRecord {
  type: 'export';
  draft: ItemDraft;
  /**
   * The record's own bytes, kept as its raw source: the exact slice of the export file when the
   * reader can cut it out (a JSON array element, a CSV row, the lines of a WhatsApp message),
   * otherwise the record re-serialised as JSON (then `location.length` is 0 and the draft
   * carries the flag 'raw-reserialised').
   */
  bytes: Uint8Array;
  /**
   * Where the record sits: `path` the export as given (folder or zip), `member` the file in it
   * ('data/direct-messages.js'), `offset`/`length` the byte range of `bytes` in that member.
   */
  location: Omit<Location, 'sha256'>;
}

/** A person as one export names them. */
export interface ExportIdentity {
  /** 'x', 'telegram', 'whatsapp', 'slack', 'email', … */
  platform: string;
  /**
   * The most stable key the export gives: the account/user id ('16589206', 'U024BE7LH',
   * 'user123456') or, when none, the handle or the name as written (WhatsApp: the name or
   * phone number shown).
   */
  address: string;
  /** Handle without '@' (lower-case for X), when known. */
  handle: string | null;
  /** Display name, when known. */
  name: string | null;
}

export interface ExportAttachment {
  /** File name as the export gives it. */
  name: string | null;
  /** MIME type, guessed from the extension when the export does not say. */
  contentType: string;
  /** Path of the file inside the export (member path), when the export references one. */
  member: string | null;
  /** Size and sha256 of the file when it is present in the export; null when only referenced. */
  size: number | null;
  sha256: string | null;
}

export interface ExportConversation {
  /** The platform's own conversation/chat/channel id (stable across exports of it). */
  nativeId: string;
  /** 'dm' (two people), 'group', 'channel' (broadcast or Slack channel). */
  type: 'dm' | 'group' | 'channel';
  /** Chat or channel name, when it has one. */
  title: string | null;
  /** Everyone the export lists as taking part. */
  participants: ExportIdentity[];
}

export interface ItemDraft {
  /**
   * The platform's own id of this message or post, unique within the platform (prefix it with
   * the conversation id where the platform's ids are only unique per chat, e.g. Telegram
   * '<chatId>:<messageId>'). For formats without ids (WhatsApp text exports) a deterministic id
   * built from the conversation, time, sender, text and an occurrence counter.
   */
  nativeId: string;
  kind: ItemKind;
  /** 'x' | 'telegram' | 'whatsapp' | 'slack' | or the post list's platform ('x' by default). */
  platform: string;
  visibility: Visibility;
  /** ISO 8601 UTC or null. */
  sentAt: string | null;
  /** Original UTC offset in minutes when the export tells it, else null. */
  tzOffset: number | null;
  dateSource: DateSource;
  from: ExportIdentity | null;
  /** Recipients: the other DM party, the group's other members, or empty for public posts. */
  to: ExportIdentity[];
  /** Plain text as a reader sees it (entities flattened, t.co links replaced by expanded URLs). */
  text: string;
  /** Links as the export gives them, already expanded from its own entities where it can. */
  links: string[];
  /** Mentioned handles/user ids (without '@'). */
  mentions: string[];
  attachments: ExportAttachment[];
  conversation: ExportConversation | null;
  /** nativeId of the message this one replies to, when the export says. */
  replyToNativeId: string | null;
  /** Heuristics and oddities: 'deleted', 'edited', 'forwarded-from:<name>', 'date-ambiguous', … */
  flags: string[];
}
