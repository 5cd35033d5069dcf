import type { AnalysisItem, AnalysisPerson } from '../../model/index.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { decodeRecordWithoutHtml, type ContentRow } from './sqlite-item-codec.js';
import type { FacetIndex } from '../facet-index.js';
import { ROLE } from '../item-roles.js';

/** `items` columns an analysis needs, in the order of ITEM_LITE (read as raw arrays). */
type ItemRowLite = [
  n: number,
  id: string,
  kind: string,
  platform: string,
  visibility: string,
  sentAt: number | null,
  lang: string | null,
  subject: string | null,
  conv: string | null,
  reply: string | null,
  dk: number,
  ask: string | null,
];
const ITEM_LITE =
  'SELECT n, id, kind, platform, visibility, sent_at, lang, subject, ' +
  'coalesce(thread_id, conversation_id), coalesce(thread_reply_to, reply_to), dk, ask FROM items';

const NONE = Object.freeze([]) as unknown as string[];

/** Below this many matches, an item's senders and recipients are looked up by item, not scanned. */
const LOOKUP_BELOW = 20_000;

/**
 * The items with rowids in `ns` (null: every item), in date-key order, as AnalysisItems. Senders
 * and recipients come from `item_identities` as person keys (`person_identities`, kept by
 * rebuildPeople; an identity in no person yet stands for itself as `platform:address`), so no
 * record is decompressed for them; with `text`, each record is decoded once for its text,
 * links, mentions and attachment hashes.
 *
 * Speed (100k generated emails): identities are turned into keys once per identity, not per
 * row, and rows are read as arrays; a query's matches are read by rowid, everything in one scan.
 */
export function readAnalysisItems(
  db: SqliteDatabase,
  ns: ArrayLike<number> | null,
  text: boolean,
  /** When given, receives each returned item's rowid, in the same order. */
  rowids?: number[],
): AnalysisItem[] {
  const keyOf = identityKeys(db);

  const rows: ItemRowLite[] =
    ns === null ? (db.prepare(`${ITEM_LITE} ORDER BY dk`).raw().all() as ItemRowLite[]) : readByRowid(db, ns);
  const index = new Map<number, number>();
  const out: AnalysisItem[] = new Array<AnalysisItem>(rows.length);
  // Each row brings its own copy of 'email', 'private', 'en': one of each instead (less to collect).
  const words = new Map<string, string>();
  const one = (s: string): string => {
    const seen = words.get(s);
    if (seen !== undefined) return seen;
    words.set(s, s);
    return s;
  };
  for (let i = 0; i < rows.length; i++) {
    const [n, id, kind, platform, visibility, sentAt, lang, subject, conv, reply, , ask] = rows[
      i
    ] as ItemRowLite;
    index.set(n, i);
    rowids?.push(n);
    out[i] = {
      id,
      kind: one(kind) as AnalysisItem['kind'],
      platform: one(platform),
      visibility: one(visibility) as AnalysisItem['visibility'],
      sentAt,
      from: null,
      to: [],
      text: subject ?? '',
      lang: lang === null ? null : one(lang),
      // Shared and frozen until the text is read: analyses only read them.
      links: NONE,
      mentions: NONE,
      attachments: NONE,
      conversationId: conv,
      replyTo: reply,
      ask,
    };
  }

  const add = (item: AnalysisItem, role: number, identity: number): void => {
    const key = keyOf.get(identity) ?? `?${identity}`;
    if (role === ROLE.from) item.from = key;
    else if (!item.to.includes(key)) item.to.push(key);
  };
  if (rows.length < LOOKUP_BELOW) {
    const byItem = db.prepare('SELECT role, identity FROM item_identities WHERE item = ?').raw();
    for (const [n, i] of index) {
      for (const [role, identity] of byItem.iterate(n) as Iterable<[number, number]>) {
        add(out[i] as AnalysisItem, role, identity);
      }
    }
  } else {
    // In key order (item, role, seq): to before cc before bcc, each in the message's order.
    const parts = db.prepare('SELECT item, role, identity FROM item_identities').raw();
    for (const [n, role, identity] of parts.iterate() as Iterable<[number, number, number]>) {
      const i = index.get(n);
      if (i !== undefined) add(out[i] as AnalysisItem, role, identity);
    }
  }
  for (const item of out) {
    if (item.from !== null && item.to.includes(item.from)) item.to = item.to.filter((k) => k !== item.from);
  }

  if (text) {
    const content = db.prepare('SELECT codec, record_len, data, raw FROM contents WHERE n = ?');
    for (const [n, i] of index) {
      const item = out[i] as AnalysisItem;
      const record = decodeRecordWithoutHtml(content.get(n) as ContentRow);
      item.text = item.text !== '' ? `${item.text}\n${record.text}` : record.text;
      item.links = record.links;
      item.mentions = record.mentions;
      item.attachments = record.attachments.map((a) => a.sha256);
    }
  }
  return out;
}

/** identities.n → person key (an identity in no person yet: `platform:address`). */
function identityKeys(db: SqliteDatabase): Map<number, string> {
  const keyOf = new Map<number, string>();
  const keyRows = db
    .prepare(
      "SELECT id.n, coalesce(pi.person, id.platform || ':' || id.address) FROM identities id " +
        'LEFT JOIN person_identities pi ON pi.identity = id.n',
    )
    .raw()
    .iterate() as Iterable<[number, string]>;
  for (const [n, key] of keyRows) keyOf.set(n, key);
  return keyOf;
}

/**
 * The items of `ns` (null: every item) from the facet index alone, with only what a timeline
 * counts: kind, platform, visibility, date and sender; ids, texts and recipients are empty. No
 * table is read but the identities: 100k items in a few tens of milliseconds.
 */
export function readSenderItems(
  db: SqliteDatabase,
  index: FacetIndex,
  ns: ArrayLike<number> | null,
): AnalysisItem[] {
  const keyOf = identityKeys(db);
  const out: AnalysisItem[] = [];
  const visit = (n: number): void => {
    const kind = index.kind[n] as number;
    if (kind === 0) return; // no item with this rowid
    const sentAt = index.sentAt[n] as number;
    const identity = index.fromIdentity[n] as number;
    out.push({
      id: '',
      kind: index.kinds.values[kind] as AnalysisItem['kind'],
      platform: index.platforms.values[index.platform[n] as number] ?? '',
      visibility: index.visibility[n] === 2 ? 'public' : 'private',
      sentAt: Number.isNaN(sentAt) ? null : sentAt,
      from: identity === 0 ? null : (keyOf.get(identity) ?? null),
      to: NONE,
      text: '',
      lang: null,
      links: NONE,
      mentions: NONE,
      attachments: NONE,
      conversationId: null,
      replyTo: null,
    });
  };
  if (ns === null) for (let n = 1; n <= index.maxN; n++) visit(n);
  else for (let i = 0; i < ns.length; i++) visit(ns[i] as number);
  return out;
}

/** Subject and text of each item of `ids` found, by id (see AnalysisItem.text). */
export function readAnalysisTexts(db: SqliteDatabase, ids: readonly string[]): Map<string, string> {
  // Rowids first, then the records in rowid order: the file is read front to back, not at random.
  const rowid = db.prepare('SELECT n, subject FROM items WHERE id = ?').raw();
  const found: Array<[number, string, string | null]> = [];
  for (const id of ids) {
    const r = rowid.get(id) as [number, string | null] | undefined;
    if (r !== undefined) found.push([r[0], id, r[1]]);
  }
  found.sort((x, y) => x[0] - y[0]);
  const content = db.prepare('SELECT codec, record_len, data, raw FROM contents WHERE n = ?');
  const out = new Map<string, string>();
  for (const [n, id, subject] of found) {
    const { text } = decodeRecordWithoutHtml(content.get(n) as ContentRow);
    out.set(id, subject ? `${subject}\n${text}` : text);
  }
  return out;
}

/** The rows of `ns`, in date-key order. */
function readByRowid(db: SqliteDatabase, ns: ArrayLike<number>): ItemRowLite[] {
  const get = db.prepare(`${ITEM_LITE} WHERE n = ?`).raw();
  const rows: ItemRowLite[] = [];
  for (let i = 0; i < ns.length; i++) {
    const row = get.get(ns[i]) as ItemRowLite | undefined;
    if (row !== undefined) rows.push(row);
  }
  return rows.sort((x, y) => x[10] - y[10]);
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
