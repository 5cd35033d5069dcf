import type { AnalysisItem, AnalysisPerson } from '../../model/index.js';
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
 * and recipients come from `item_identities` as person keys (`person_identities`, kept by
 * rebuildPeople; an identity in no person yet stands for itself as `platform:address`), so no
 * record is decompressed for them; with `text`, each record is decompressed once for its text,
 * links, mentions and attachment hashes.
 */
export function readAnalysisItems(
  db: SqliteDatabase,
  ns: ArrayLike<number> | null,
  text: boolean,
  personOf: (key: string) => string = (k) => k,
): AnalysisItem[] {
  const wanted = ns === null ? null : new Set(Array.from(ns));
  const parts = new Map<number, { from: string | null; to: string[] }>();
  const partRows = db
    .prepare(
      "SELECT ii.item, ii.role, coalesce(pi.person, id.platform || ':' || id.address) FROM item_identities ii " +
        'JOIN identities id ON id.n = ii.identity LEFT JOIN person_identities pi ON pi.identity = ii.identity ' +
        'ORDER BY ii.item, ii.role, ii.seq',
    )
    .raw()
    .iterate() as Iterable<[number, number, string]>;
  for (const [n, role, identityOrPerson] of partRows) {
    const key = personOf(identityOrPerson);
    if (wanted !== null && !wanted.has(n)) continue;
    let p = parts.get(n);
    if (!p) parts.set(n, (p = { from: null, to: [] }));
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

/**
 * Every person (and every identity in no person yet) with the handles, addresses and names seen
 * for it: what analyses show and what echoes look for when a post names a message's sender.
 */
export function readAnalysisPersons(db: SqliteDatabase): AnalysisPerson[] {
  const byKey = new Map<string, AnalysisPerson>();
  const rows = db
    .prepare(
      "SELECT coalesce(pi.person, id.platform || ':' || id.address) AS key, p.name, id.address, l.kind, l.value " +
        'FROM identities id LEFT JOIN person_identities pi ON pi.identity = id.n ' +
        'LEFT JOIN persons p ON p.key = pi.person LEFT JOIN identity_labels l ON l.identity = id.n',
    )
    .raw()
    .iterate() as Iterable<[string, string | null, string, number | null, string | null]>;
  for (const [key, name, address, kind, value] of rows) {
    let p = byKey.get(key);
    if (!p) byKey.set(key, (p = { key, name, handles: [], addresses: [], names: [] }));
    if (!p.addresses.includes(address)) p.addresses.push(address);
    if (value === null || kind === null) continue;
    // identity_labels.kind: 0 a name seen, 1 a handle seen, 2 a name given by alias, 3 a handle given by alias.
    const list = kind === 1 || kind === 3 ? p.handles : p.names;
    const v = kind === 1 || kind === 3 ? value.toLowerCase() : value;
    if (!list.includes(v)) list.push(v);
  }
  for (const p of byKey.values()) p.name ??= p.names[0] ?? null;
  return [...byKey.values()];
}
