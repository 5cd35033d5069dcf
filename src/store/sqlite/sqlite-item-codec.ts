import type { Item } from '../../model/index.js';
import { msToIso, sentAtMs, type ItemRecord } from '../item-codec.js';

/**
 * How an item is laid out in the SQLite `items` table (slim: what search, sorting and threading
 * read); the heavy part (`contents`: the rest of the record plus the raw bytes, compressed) is
 * dialect-independent, in ../item-codec.ts, and re-exported here.
 */
export {
  CODEC_JOINED,
  CODEC_SEPARATE,
  SEPARATE_RAW_BYTES,
  compress,
  decodeRaw,
  decodeRecord,
  decodeRecordWithoutHtml,
  decompress,
  encodeContent,
  msToIso,
  sentAtMs,
  type ContentRow,
  type ItemRecord,
  type RecordWithoutHtml,
} from '../item-codec.js';

/** A row of `items` as read back. */
export interface ItemRow {
  /** Date key: the item's rowid in the full-text index (sqlite-date-key.ts). */
  dk: number;
  n: number;
  id: string;
  kind: string;
  platform: string;
  visibility: string;
  sent_at: number | null;
  lang: string | null;
  has_attachments: number;
  subject: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  conversation_id: string | null;
  reply_to: string | null;
  thread_id: string | null;
  thread_reply_to: string | null;
}

/** The SELECT list that yields an ItemRow from `items i`. */
export const ITEM_COLUMNS =
  'i.n, i.dk, i.id, i.kind, i.platform, i.visibility, i.sent_at, i.lang, i.has_attachments, i.subject, i.message_id, ' +
  'i.in_reply_to, i.refs, i.conversation_id, i.reply_to, i.thread_id, i.thread_reply_to';

/** Values for `INSERT INTO items`, in the order of the store's insert statement. */
export function itemValues(item: Item, dk: number): unknown[] {
  const ms = sentAtMs(item.sentAt);
  return [
    dk,
    item.id,
    item.kind,
    item.platform,
    item.visibility,
    ms,
    item.lang,
    item.attachments.length > 0 ? 1 : 0,
    item.links.length > 0 ? 1 : 0,
    item.from?.address ?? null,
    item.subject,
    item.messageId,
    item.inReplyTo,
    JSON.stringify(item.references),
    item.conversationId,
    item.replyTo,
  ];
}

/** Rebuilds the Item from its slim row, its record and its first location. */
export function toItem(row: ItemRow, record: ItemRecord, location: Item['location']): Item {
  return {
    id: row.id,
    kind: row.kind as Item['kind'],
    platform: row.platform,
    visibility: row.visibility as Item['visibility'],
    sentAt: record.sentAt ?? msToIso(row.sent_at),
    tzOffset: record.tzOffset,
    dateSource: record.dateSource,
    from: record.from,
    to: record.to,
    cc: record.cc,
    bcc: record.bcc,
    subject: row.subject,
    text: record.text,
    html: record.html,
    lang: row.lang,
    links: record.links,
    mentions: record.mentions,
    attachments: record.attachments,
    messageId: row.message_id,
    inReplyTo: row.in_reply_to,
    references: JSON.parse(row.refs) as string[],
    conversationId: row.thread_id ?? row.conversation_id,
    replyTo: row.thread_reply_to ?? row.reply_to,
    flags: record.flags,
    location,
  };
}
