import type { AnalysisItem } from '../../model/index.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { decodeRecord, type ContentRow } from './sqlite-item-codec.js';
import { ROLE } from './sqlite-item-parts.js';

/** The columns of `items` an analysis needs. */
interface ItemRowLite {
  n: number;
  id: string;
  kind: string;
  platform: string;
  visibility: string;
  sent_at: number | null;
  lang: string | null;
  subject: string | null;
  conv: string | null;
  reply: string | null;
}

/**
 * The items with rowids in `ns` (null: every item), in date-key order, as AnalysisItems. Senders
 * and recipients come from `item_identities` (no record is decompressed for them); with `text`,
 * each record is decompressed once for its text, links, mentions and attachment hashes.
 * `personOf` maps an identity key (`platform:address`) to its person key.
 */
export function readAnalysisItems(
  db: SqliteDatabase,
  ns: ArrayLike<number> | null,
  text: boolean,
  personOf: (identityKey: string) => string = (k) => k,
): AnalysisItem[] {
  const wanted = ns === null ? null : new Set(Array.from(ns));
  const parts = new Map<number, { from: string | null; to: string[] }>();
  const partRows = db
    .prepare(
      'SELECT ii.item, ii.role, id.platform, id.address FROM item_identities ii ' +
        'JOIN identities id ON id.n = ii.identity ORDER BY ii.item, ii.role, ii.seq',
    )
    .raw()
    .iterate() as Iterable<[number, number, string, string]>;
  for (const [n, role, platform, address] of partRows) {
    if (wanted !== null && !wanted.has(n)) continue;
    let p = parts.get(n);
    if (!p) parts.set(n, (p = { from: null, to: [] }));
    const key = personOf(`${platform}:${address}`);
    if (role === ROLE.from) p.from = key;
    else if (!p.to.includes(key)) p.to.push(key);
  }
  const rows = db
    .prepare(
      'SELECT n, id, kind, platform, visibility, sent_at, lang, subject, ' +
        'coalesce(thread_id, conversation_id) AS conv, coalesce(thread_reply_to, reply_to) AS reply ' +
        'FROM items ORDER BY dk',
    )
    .iterate() as Iterable<ItemRowLite>;
  const content = db.prepare('SELECT codec, record_len, data, raw FROM contents WHERE n = ?');
  const out: AnalysisItem[] = [];
  for (const r of rows) {
    if (wanted !== null && !wanted.has(r.n)) continue;
    const p = parts.get(r.n);
    const from = p?.from ?? null;
    const item: AnalysisItem = {
      id: r.id,
      kind: r.kind as AnalysisItem['kind'],
      platform: r.platform,
      visibility: r.visibility as AnalysisItem['visibility'],
      sentAt: r.sent_at,
      from,
      to: (p?.to ?? []).filter((k) => k !== from),
      text: r.subject ?? '',
      lang: r.lang,
      links: [],
      mentions: [],
      attachments: [],
      conversationId: r.conv,
      replyTo: r.reply,
    };
    if (text) {
      const record = decodeRecord(content.get(r.n) as ContentRow);
      item.text = r.subject ? `${r.subject}\n${record.text}` : record.text;
      item.links = record.links;
      item.mentions = record.mentions;
      item.attachments = record.attachments.map((a) => a.sha256);
    }
    out.push(item);
  }
  return out;
}
