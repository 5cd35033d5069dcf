import { createHash } from 'node:crypto';
import type { Identity, Item } from '../../model/index.js';
import { tokenize } from '../../model/text/analyzer.js';
import { compareKeys, groupIdentities, type Grouping } from '../people-grouping.js';
import type { PeopleEdit, PeopleRebuild } from '../people.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { FTS_COLUMNS } from './sqlite-fts-columns.js';
import { ftsDocument, identityColumns, type PersonValue, type PersonValues } from './sqlite-fts-document.js';
import { ITEM_COLUMNS, decodeRecord, toItem, type ContentRow, type ItemRow } from './sqlite-item-codec.js';

/**
 * Names of one identity that go into its person's full-text words, most seen first. A spam
 * address seen under 10,000 display names must not put 10,000 names into the index row of every
 * item of its person. Every name stays listed (`people show`) and searchable on the items it
 * was seen on.
 */
export const MAX_NAMES_PER_IDENTITY = 10;
/** Names, handles and addresses of one person indexed on each of its items (a merge of 500 identities). */
export const MAX_PERSON_VALUES = 100;
/**
 * When more identities than this changed, every item is a candidate for re-indexing (one pass
 * over all items beats a lookup per identity).
 */
const SCAN_ALL_FROM_CHANGED = 2_000;

/** `identity_labels.kind` (migration 0004). */
export const LABEL = { name: 0, handle: 1, aliasName: 2, aliasHandle: 3 } as const;

/** One identity as the people index sees it. */
export interface IdentityInfo {
  n: number;
  platform: string;
  address: string;
  key: string;
  /** Display names seen on its items with their counts, most seen first. */
  names: Array<[string, number]>;
  /** Handles seen (lower-case) with their counts, most seen first. */
  handles: Array<[string, number]>;
  aliasNames: string[];
  aliasHandles: string[];
  /** Sender/recipient rows naming it. */
  rows: number;
}

/** Persons as computed from the identities and the edits; what the derived tables are written from. */
export interface PeopleState {
  ids: IdentityInfo[];
  byKey: Map<string, IdentityInfo>;
  byN: Map<number, IdentityInfo>;
  grouping: Grouping;
  personOfN: Map<number, string>;
  /** Values of each person for the full-text index, and a signature of them. */
  values: Map<string, PersonValue[]>;
  sigs: Map<string, string>;
  edits: PeopleEdit[];
  /** What the FTS document builder asks for each identity on an item. */
  extras: PersonValues;
}

type Row = ItemRow & ContentRow;

/**
 * The derived part of people (migration 0004): computes persons, writes the derived tables, and
 * keeps the full-text sender/recipient columns of every item equal to
 * `identityColumns(item, person values)`. Items whose columns equal their own words (the common
 * case: one identity seen under one name) are never touched; the others are re-indexed once and
 * listed in `fts_people` with a signature of their columns, so that the next rebuild re-indexes
 * only items whose columns change. Run inside the caller's transaction.
 */
export class PeopleIndex {
  private readonly st: ReturnType<typeof indexStatements>;

  constructor(private readonly db: SqliteDatabase) {
    this.st = indexStatements(db);
  }

  /** True when items were added since the last rebuild (or none ran yet). */
  stale(): boolean {
    const through = this.st.through.get() as number | undefined;
    return through === undefined || through < (this.st.maxItem.get() as number);
  }

  /** Recomputes everything and re-indexes the items whose sender/recipient words change. */
  rebuild(): PeopleRebuild {
    const through = (this.st.through.get() as number | undefined) ?? null;
    const state = this.compute();
    const changed = this.save(state);
    // Candidates: [n, date key] of the items added since the last rebuild and of the identities
    // whose person changed (or all, when that is most of them).
    const candidates = new Map<number, number>();
    const scanAll = through === null || changed.length > SCAN_ALL_FROM_CHANGED;
    for (const [n, dk] of this.st.itemsAfter.all(scanAll ? 0 : through) as Array<[number, number]>) {
      candidates.set(n, dk);
    }
    if (!scanAll) {
      for (const id of changed) {
        for (const [n, dk] of this.st.itemsOfIdentity.all(id) as Array<[number, number]>)
          candidates.set(n, dk);
      }
    }
    const todo: Array<{ n: number; dk: number; sig: string | null }> = [];
    for (const [n, dk] of candidates) {
      const sig = columnsSig(this.parts(state, n), state.extras);
      const have = (this.st.ftsSig.get(n) as string | undefined) ?? null;
      if (sig !== have) todo.push({ n, dk, sig });
    }
    // In date-key order: FTS5 flushes its pending terms to a new segment whenever a rowid is
    // not above the last one written, and many small segments make every later query slower.
    todo.sort((a, b) => a.dk - b.dk);
    for (const t of todo) this.refresh(state, t.n, t.sig);
    this.st.setThrough.run(this.st.maxItem.get());
    return {
      people: new Set(state.personOfN.values()).size,
      identities: state.ids.length,
      refreshed: todo.length,
    };
  }

  /**
   * For a reindex: computes and saves persons from the sender/recipient table as it stands (call
   * before it is cleared) and forgets which items held person words. Index each item with
   * `ftsDocument(item, state.extras)`, then call `indexed`, then `finishReindex`.
   */
  beginReindex(): PeopleState {
    const state = this.compute();
    this.save(state);
    this.db.exec('DELETE FROM fts_people');
    return state;
  }

  /** Records that item `n` was just indexed with `state`'s person words. */
  indexed(state: PeopleState, n: number, item: Pick<Item, 'from' | 'to' | 'cc' | 'bcc'>): void {
    const sig = columnsSig(item, state.extras);
    if (sig !== null) this.st.setFtsSig.run(n, sig);
  }

  finishReindex(): void {
    this.st.setThrough.run(this.st.maxItem.get());
  }

  /** Persons from the identities, what was seen with them, and the edits. */
  compute(): PeopleState {
    const ids: IdentityInfo[] = (
      this.st.identities.all() as Array<{ n: number; platform: string; address: string }>
    ).map((r) => ({
      ...r,
      key: `${r.platform}:${r.address}`,
      names: [],
      handles: [],
      aliasNames: [],
      aliasHandles: [],
      rows: 0,
    }));
    const byN = new Map(ids.map((i) => [i.n, i]));
    const byKey = new Map(ids.map((i) => [i.key, i]));
    const names = new Map<number, Map<string, number>>();
    const handles = new Map<number, Map<string, number>>();
    const seen = this.st.seen.iterate() as Iterable<[number, string | null, string | null, number]>;
    for (const [n, name, handle, c] of seen) {
      const id = byN.get(n);
      if (!id) continue;
      id.rows += c;
      if (name) bump(names, n, name, c);
      if (handle) bump(handles, n, handle.toLowerCase(), c);
    }
    for (const id of ids) {
      id.names = mostFirst(names.get(id.n));
      id.handles = mostFirst(handles.get(id.n));
    }
    const edits = (this.st.edits.all() as EditRow[]).map(toEdit);
    for (const e of edits) {
      if (e.op !== 'alias') continue;
      const id = byKey.get(e.identity);
      if (!id) continue;
      if (e.handle !== null && !id.aliasHandles.includes(e.handle)) id.aliasHandles.push(e.handle);
      if (e.name !== null && !id.aliasNames.includes(e.name)) id.aliasNames.push(e.name);
    }
    const grouping = groupIdentities(
      ids.map((id) => ({
        key: id.key,
        platform: id.platform,
        address: id.address,
        handles: [...id.handles.map(([h]) => h), ...id.aliasHandles],
      })),
      edits,
    );
    const personOfN = new Map<number, string>();
    const members = new Map<string, IdentityInfo[]>();
    ids.forEach((id, i) => {
      const p = grouping.personOf[i] as string;
      personOfN.set(id.n, p);
      const list = members.get(p);
      if (list) list.push(id);
      else members.set(p, [id]);
    });
    const values = new Map<string, PersonValue[]>();
    const sigs = new Map<string, string>();
    for (const [p, list] of members) {
      const v = personValues(list);
      values.set(p, v);
      sigs.set(p, hash(v.map((x) => x.text).join('\n')));
    }
    const valuesOf = new Map<string, PersonValue[]>();
    for (const id of ids) {
      valuesOf.set(
        `${id.platform}\u0000${id.address}`,
        values.get(personOfN.get(id.n) as string) as PersonValue[],
      );
    }
    const extras: PersonValues = (who) => valuesOf.get(`${who.platform}\u0000${who.address}`);
    return { ids, byKey, byN, grouping, personOfN, values, sigs, edits, extras };
  }

  /** Writes the derived tables; returns the identities whose person values changed (or are new). */
  private save(state: PeopleState): number[] {
    const old = new Map(this.st.oldSigs.all() as Array<[number, string]>);
    for (const t of ['person_identities', 'identity_labels', 'person_links', 'handle_conflicts', 'persons']) {
      this.db.exec(`DELETE FROM ${t}`);
    }
    const changed: number[] = [];
    const members = new Map<string, IdentityInfo[]>();
    for (const id of state.ids) {
      const p = state.personOfN.get(id.n) as string;
      const sig = state.sigs.get(p) as string;
      this.st.insertPersonIdentity.run(id.n, p, sig);
      if (old.get(id.n) !== sig) changed.push(id.n);
      const list = members.get(p);
      if (list) list.push(id);
      else members.set(p, [id]);
      for (const [name, c] of id.names) this.st.insertLabel.run(id.n, LABEL.name, name, c);
      for (const [h, c] of id.handles) this.st.insertLabel.run(id.n, LABEL.handle, h, c);
      for (const name of id.aliasNames) this.st.insertLabel.run(id.n, LABEL.aliasName, name, 0);
      for (const h of id.aliasHandles) this.st.insertLabel.run(id.n, LABEL.aliasHandle, h, 0);
    }
    const seq = new Map<string, number>();
    for (const l of state.grouping.links) {
      const s = seq.get(l.person) ?? 0;
      seq.set(l.person, s + 1);
      this.st.insertLink.run(l.person, s, l.a, l.b, l.rule, l.value);
    }
    for (const [k, holders] of state.grouping.conflicts) {
      const colon = k.indexOf(':');
      for (const h of holders) this.st.insertConflict.run(k.slice(0, colon), k.slice(colon + 1), h);
    }
    const counts = new Map<string, CountsRow>();
    for (const r of this.st.personCounts.all() as CountsRow[]) counts.set(r.person, r);
    for (const [p, list] of members) {
      const c = counts.get(p);
      this.st.insertPerson.run(
        p,
        displayName(list),
        JSON.stringify(personHandles(list)),
        list.length,
        c?.sent ?? 0,
        c?.received ?? 0,
        c?.items ?? 0,
        c?.first_at ?? null,
        c?.last_at ?? null,
        searchText(list),
      );
    }
    return changed;
  }

  /** Re-indexes item `n` with its person words; `want` is their signature (null: its own words). */
  private refresh(state: PeopleState, n: number, want: string | null): void {
    const row = this.st.contentItem.get(n) as Row | undefined;
    if (!row) return;
    const nowhere = { path: '', member: null, offset: 0, length: 0, sha256: '' };
    const item = toItem(row, decodeRecord(row), nowhere);
    this.st.deleteFts.run(row.dk);
    this.st.insertFts.run(row.dk, ...ftsDocument(item, state.extras));
    if (want === null) this.st.dropFtsSig.run(n);
    else this.st.setFtsSig.run(n, want);
  }

  /** The senders and recipients of item `n`, as on the item, from item_identities (no record decompressed). */
  private parts(state: PeopleState, n: number): Pick<Item, 'from' | 'to' | 'cc' | 'bcc'> {
    const out: Pick<Item, 'from' | 'to' | 'cc' | 'bcc'> = { from: null, to: [], cc: [], bcc: [] };
    const rows = this.st.parts.all(n) as Array<{
      role: number;
      identity: number;
      name: string | null;
      handle: string | null;
    }>;
    for (const r of rows) {
      const id = state.byN.get(r.identity);
      if (!id) continue;
      const who: Identity = { platform: id.platform, address: id.address, name: r.name, handle: r.handle };
      if (r.role === 0) out.from = who;
      else (r.role === 1 ? out.to : r.role === 2 ? out.cc : out.bcc).push(who);
    }
    return out;
  }
}

interface EditRow {
  op: string;
  identity: string;
  other: string | null;
  handle: string | null;
  name: string | null;
  at: string;
}

interface CountsRow {
  person: string;
  sent: number;
  received: number;
  items: number;
  first_at: number | null;
  last_at: number | null;
}

export function toEdit(r: EditRow): PeopleEdit {
  if (r.op === 'merge') return { op: 'merge', identity: r.identity, other: r.other ?? '', at: r.at };
  if (r.op === 'split') return { op: 'split', identity: r.identity, at: r.at };
  return { op: 'alias', identity: r.identity, handle: r.handle, name: r.name, at: r.at };
}

/**
 * A signature of the item's sender/recipient columns with person words, or null when they are
 * the item's own words (what `prepareItem` indexes; no `fts_people` row is kept for those).
 */
function columnsSig(item: Pick<Item, 'from' | 'to' | 'cc' | 'bcc'>, extras: PersonValues): string | null {
  const own = identityColumns(item);
  const want = identityColumns(item, extras);
  if (own.from_ === want.from_ && own.to_ === want.to_ && own.cc_ === want.cc_ && own.bcc_ === want.bcc_) {
    return null;
  }
  return hash(`${want.from_}\u0001${want.to_}\u0001${want.cc_}\u0001${want.bcc_}`);
}

/**
 * What a person's items are indexed with besides their own words: for each identity, most items
 * first, its alias names, its most seen names, its handles and its address; each value whose
 * words are new. Capped (MAX_NAMES_PER_IDENTITY, MAX_PERSON_VALUES).
 */
function personValues(list: IdentityInfo[]): PersonValue[] {
  const ordered = [...list].sort((a, b) => b.rows - a.rows || compareKeys(a.key, b.key));
  const out: PersonValue[] = [];
  const seen = new Set<string>();
  const add = (text: string): void => {
    if (out.length >= MAX_PERSON_VALUES) return;
    const words = tokenize(text).join(' ');
    if (words === '' || seen.has(words)) return;
    seen.add(words);
    out.push({ text, words });
  };
  for (const id of ordered) {
    for (const name of id.aliasNames) add(name);
    for (const [name] of id.names.slice(0, MAX_NAMES_PER_IDENTITY)) add(name);
    for (const h of id.aliasHandles) add(h);
    for (const [h] of id.handles) add(h);
    add(id.address);
  }
  return out;
}

/** The latest alias name, else the name seen most often, else null. */
function displayName(list: IdentityInfo[]): string | null {
  for (const id of list) if (id.aliasNames.length) return id.aliasNames[id.aliasNames.length - 1] as string;
  let best: [string, number] | null = null;
  for (const id of list) for (const n of id.names) if (best === null || n[1] > best[1]) best = n;
  return best?.[0] ?? null;
}

function personHandles(list: IdentityInfo[]): string[] {
  const out = new Set<string>();
  for (const id of list) {
    for (const [h] of id.handles) out.add(h);
    for (const h of id.aliasHandles) out.add(h.toLowerCase());
  }
  return [...out].sort(compareKeys);
}

/** What `people list QUERY` looks in: every key, name and handle, lower-cased, and folded. */
function searchText(list: IdentityInfo[]): string {
  const parts: string[] = [];
  for (const id of list) {
    parts.push(id.key, ...id.names.map(([n]) => n), ...id.aliasNames, ...id.handles.map(([h]) => h));
    parts.push(...id.aliasHandles);
  }
  const text = parts.join('\n');
  return `${text.toLowerCase()}\n${tokenize(text).join(' ')}`;
}

function bump(m: Map<number, Map<string, number>>, n: number, value: string, c: number): void {
  let inner = m.get(n);
  if (!inner) m.set(n, (inner = new Map()));
  inner.set(value, (inner.get(value) ?? 0) + c);
}

function mostFirst(m: Map<string, number> | undefined): Array<[string, number]> {
  if (!m) return [];
  return [...m].sort((a, b) => b[1] - a[1] || compareKeys(a[0], b[0]));
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 24);
}

function indexStatements(db: SqliteDatabase) {
  return {
    identities: db.prepare('SELECT n, platform, address FROM identities'),
    seen: db
      .prepare(
        'SELECT identity, name, handle, count(*) AS c FROM item_identities GROUP BY identity, name, handle',
      )
      .raw(),
    edits: db.prepare('SELECT op, identity, other, handle, name, at FROM people_edits ORDER BY seq'),
    oldSigs: db.prepare('SELECT identity, sig FROM person_identities').raw(),
    insertPersonIdentity: db.prepare(
      'INSERT INTO person_identities (identity, person, sig) VALUES (?, ?, ?)',
    ),
    insertLabel: db.prepare(
      'INSERT OR IGNORE INTO identity_labels (identity, kind, value, items) VALUES (?, ?, ?, ?)',
    ),
    insertLink: db.prepare(
      'INSERT INTO person_links (person, seq, a, b, rule, value) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertConflict: db.prepare(
      'INSERT OR IGNORE INTO handle_conflicts (platform, handle, identity) VALUES (?, ?, ?)',
    ),
    personCounts: db.prepare(
      'SELECT p.person, count(DISTINCT CASE WHEN ii.role = 0 THEN ii.item END) AS sent, ' +
        'count(DISTINCT CASE WHEN ii.role > 0 THEN ii.item END) AS received, count(DISTINCT ii.item) AS items, ' +
        'min(i.sent_at) AS first_at, max(i.sent_at) AS last_at FROM person_identities p ' +
        'JOIN item_identities ii ON ii.identity = p.identity JOIN items i ON i.n = ii.item GROUP BY p.person',
    ),
    insertPerson: db.prepare(
      'INSERT INTO persons (key, name, handles, identities, sent, received, items, first_at, last_at, search) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    itemsOfIdentity: db
      .prepare(
        'SELECT DISTINCT ii.item, i.dk FROM item_identities ii JOIN items i ON i.n = ii.item WHERE ii.identity = ?',
      )
      .raw(),
    itemsAfter: db.prepare('SELECT n, dk FROM items WHERE n > ?').raw(),
    parts: db.prepare(
      'SELECT role, identity, name, handle FROM item_identities WHERE item = ? ORDER BY role, seq',
    ),
    ftsSig: db.prepare('SELECT sig FROM fts_people WHERE n = ?').pluck(),
    setFtsSig: db.prepare('INSERT OR REPLACE INTO fts_people (n, sig) VALUES (?, ?)'),
    dropFtsSig: db.prepare('DELETE FROM fts_people WHERE n = ?'),
    contentItem: db.prepare(
      `SELECT ${ITEM_COLUMNS}, c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n WHERE i.n = ?`,
    ),
    deleteFts: db.prepare('DELETE FROM fts WHERE rowid = ?'),
    insertFts: db.prepare(
      `INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(FTS_COLUMNS.length)})`,
    ),
    maxItem: db.prepare('SELECT coalesce(max(n), 0) FROM items').pluck(),
    through: db.prepare("SELECT value FROM people_state WHERE key = 'items_through'").pluck(),
    setThrough: db.prepare("INSERT OR REPLACE INTO people_state (key, value) VALUES ('items_through', ?)"),
  };
}
