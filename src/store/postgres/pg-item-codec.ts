import type { Item } from '../../model/index.js';
import { msToIso, sentAtMs, type ItemRecord } from '../item-codec.js';

/**
 * How an item is laid out in the PostgreSQL `items` table (slim: what search, sorting and
 * threading read). The heavy part (`contents`) is the dialect-independent ../item-codec.ts.
 */

/** A row of `items` as read back (PG_ITEM_COLUMNS). */
export interface PgItemRow {
  n: number;
  id: string;
  kind: string;
  platform: string;
  visibility: string;
  sent_at: number | null;
  lang: string | null;
  has_attachments: boolean;
  subject: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string;
  conversation_id: string | null;
  reply_to: string | null;
  thread_id: string | null;
  thread_reply_to: string | null;
  exact: Buffer | null;
}

/** The SELECT list that yields a PgItemRow from `items i`. */
export const PG_ITEM_COLUMNS =
  'i.n, i.id, i.kind, i.platform, i.visibility, i.sent_at, i.lang, i.has_attachments, i.subject, i.message_id, ' +
  'i.in_reply_to, i.refs, i.conversation_id, i.reply_to, i.thread_id, i.thread_reply_to, i.exact';

/** The columns `itemValues` fills, in its order. */
export const PG_ITEM_INSERT_COLUMNS = [
  'id',
  'kind',
  'platform',
  'visibility',
  'sent_at',
  'lang',
  'has_attachments',
  'has_links',
  'from_address',
  'subject',
  'message_id',
  'in_reply_to',
  'refs',
  'conversation_id',
  'reply_to',
  'exact',
  'ask',
] as const;

/** Their PostgreSQL types, for `unnest($1::text[], ...)`. */
export const PG_ITEM_INSERT_TYPES = [
  'text',
  'text',
  'text',
  'text',
  'bigint',
  'text',
  'boolean',
  'boolean',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'bytea',
  'text',
] as const;

/** Item fields kept in `items` columns and returned from there: PostgreSQL text cannot hold U+0000. */
const EXACT_FIELDS = [
  'kind',
  'platform',
  'subject',
  'lang',
  'messageId',
  'inReplyTo',
  'conversationId',
  'replyTo',
] as const;
type ExactField = (typeof EXACT_FIELDS)[number];

/**
 * PostgreSQL's text type cannot hold U+0000 (a header of a hostile message can: an RFC 2047
 * word decodes to anything). Such text is stored with U+FFFD in its place; the item's own
 * fields come back exact from `items.exact` or the record, and a query's values are mapped the
 * same way, so they still compare equal.
 */
export function pgText<T extends string | null>(s: T): T {
  return (s !== null && s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s) as T;
}

/** What SQLite's NOCASE and `lower()` of a COLLATE "C" column do: A-Z to a-z, nothing else. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Values for PG_ITEM_INSERT_COLUMNS. */
export function itemValues(item: Item, ask: string | null): unknown[] {
  let exact: Partial<Record<ExactField, string>> | null = null;
  for (const f of EXACT_FIELDS) {
    const v = item[f];
    if (typeof v === 'string' && v.includes('\u0000')) (exact ??= {})[f] = v;
  }
  return [
    item.id,
    pgText(item.kind),
    pgText(item.platform),
    item.visibility,
    sentAtMs(item.sentAt),
    pgText(item.lang),
    item.attachments.length > 0,
    item.links.length > 0,
    pgText(item.from?.address ?? null),
    pgText(item.subject),
    pgText(item.messageId),
    pgText(item.inReplyTo),
    JSON.stringify(item.references),
    pgText(item.conversationId),
    pgText(item.replyTo),
    exact === null ? null : Buffer.from(JSON.stringify(exact), 'utf8'),
    ask === null ? null : pgText(ask),
  ];
}

/** The row's fields as the item had them (U+0000 restored from `exact`). */
export function exactRow(row: PgItemRow): PgItemRow {
  if (row.exact === null) return row;
  const exact = JSON.parse(row.exact.toString('utf8')) as Partial<Record<ExactField, string>>;
  return {
    ...row,
    kind: exact.kind ?? row.kind,
    platform: exact.platform ?? row.platform,
    subject: exact.subject ?? row.subject,
    lang: exact.lang ?? row.lang,
    message_id: exact.messageId ?? row.message_id,
    in_reply_to: exact.inReplyTo ?? row.in_reply_to,
    conversation_id: exact.conversationId ?? row.conversation_id,
    reply_to: exact.replyTo ?? row.reply_to,
  };
}

/** Rebuilds the Item from its slim row, its record and its first location. */
export function toItem(stored: PgItemRow, record: ItemRecord, location: Item['location']): Item {
  const row = exactRow(stored);
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
