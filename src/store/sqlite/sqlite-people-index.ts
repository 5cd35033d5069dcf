import type { Identity, Item } from '../../model/index.js';
import {
  LABEL,
  MAX_NAMES_PER_IDENTITY,
  MAX_PERSON_VALUES,
  columnsSig,
  computePeople,
  displayName,
  personHandles,
  searchText,
  toEdit,
  type EditRow,
  type IdentityInfo,
  type PeopleState,
} from '../people-derived.js';
import { releaseMemory } from '../../model/release-memory.js';
import type { PeopleRebuild } from '../people.js';
import { SqliteAttachmentTexts } from './sqlite-attachment-texts.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { FTS_COLUMNS } from './sqlite-fts-columns.js';
import { FtsRemovals } from './sqlite-fts-averages.js';
import { ftsDocument } from './sqlite-fts-document.js';
import { ITEM_COLUMNS, decodeRecord, toItem, type ContentRow, type ItemRow } from './sqlite-item-codec.js';

/** The pure part moved to ../people-derived.ts; re-exported for the other SQLite files. */
export { LABEL, MAX_NAMES_PER_IDENTITY, MAX_PERSON_VALUES, toEdit, type IdentityInfo, type PeopleState };

/**
 * When more identities than this changed, every item is a candidate for re-indexing (one pass
 * over all items beats a lookup per identity).
 */
const SCAN_ALL_FROM_CHANGED = 2_000;

/** Candidate items read at a time. */
const PAGE_ROWS = 1_000;

/**
 * A full garbage collection and malloc_trim (`releaseMemory`) after this many candidate items,
 * and after this many re-indexed:
 * a first rebuild at 1,000,000 emails right after the ingest grew the heap by ~430 MiB of
 * garbage (parts, columns, decompressed records and FTS rows of 120,685 items) that V8 let pile
 * up. Small rebuilds (a people edit) never reach either.
 */
const COLLECT_EVERY_CANDIDATES = 100_000;
const COLLECT_EVERY_REFRESHED = 10_000;

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

  /** The texts read from attachments, which an item's full-text row indexes beside its own. */
  private readonly texts: SqliteAttachmentTexts;

  /** The lengths of the full-text rows deleted to be written again, for FTS5's averages record. */
  readonly removals: FtsRemovals;

  constructor(private readonly db: SqliteDatabase) {
    this.st = indexStatements(db);
    this.texts = new SqliteAttachmentTexts(db);
    this.removals = new FtsRemovals(db);
  }

  /**
   * Writes the full-text rows of these items again from their records, with the person words
   * they hold (when they hold any) and their attachment texts as attachment_texts has them now:
   * after a text was read again (OCR) for files they carry. The persons are computed only when
   * one of them holds person words.
   */
  refreshItems(ns: readonly number[]): void {
    this.texts.forget(); // what an earlier, rolled-back transaction read is not the truth
    let state: PeopleState | null = null;
    const rows = ns.map((n) => [n, (this.st.dkOf.get(n) as number | undefined) ?? 0] as const);
    for (const [n] of [...rows].sort((a, b) => a[1] - b[1])) {
      if (this.st.ftsSig.get(n) === undefined) {
        this.refresh(null, n, null);
        continue;
      }
      state ??= this.compute();
      this.refresh(state, n, columnsSig(this.parts(state, n), state.extras));
    }
  }

  /** True when items were added since the last rebuild (or none ran yet). */
  stale(): boolean {
    const through = this.st.through.get() as number | undefined;
    return through === undefined || through < (this.st.maxItem.get() as number);
  }

  /** Recomputes everything and re-indexes the items whose sender/recipient words change. */
  rebuild(): PeopleRebuild {
    this.texts.forget();
    const through = (this.st.through.get() as number | undefined) ?? null;
    const state = this.compute();
    const changed = this.save(state);
    // Candidates: the items added since the last rebuild and those of the identities whose
    // person changed (or all, when that is most of them). Read a page at a time and marked in a
    // bitmap of row numbers: reading them all at once into a Map held ~340 MB at 1,000,000 items.
    const scanAll = through === null || changed.length > SCAN_ALL_FROM_CHANGED;
    const considered = new Uint8Array((this.st.maxItem.get() as number) + 1);
    const todo: Array<{ n: number; dk: number; sig: string | null }> = [];
    const consider = (n: number, dk: number): void => {
      if (considered[n] === 1) return;
      considered[n] = 1;
      const sig = columnsSig(this.parts(state, n), state.extras);
      const have = (this.st.ftsSig.get(n) as string | undefined) ?? null;
      if (sig !== have) todo.push({ n, dk, sig });
    };
    let sinceCollected = 0;
    for (let after = scanAll ? 0 : through; ;) {
      const page = this.st.itemsAfter.all(after, PAGE_ROWS) as Array<[number, number]>;
      for (const [n, dk] of page) consider(n, dk);
      sinceCollected += page.length;
      if (sinceCollected >= COLLECT_EVERY_CANDIDATES) {
        releaseMemory();
        sinceCollected = 0;
      }
      if (page.length < PAGE_ROWS) break;
      after = page[page.length - 1]![0];
    }
    if (!scanAll && through !== null && through > 0) {
      // Only the items up to `through`: the scan above read every later one. At the end of a
      // case's first ingest `through` is 0 (a rebuild ran on the empty database) and every
      // identity is new: reading their items again, 4 million rows at 1,000,000 emails, grew
      // the heap by ~230 MB for nothing.
      for (const id of changed) {
        for (const [n, dk] of this.st.itemsOfIdentity.iterate(id, through) as Iterable<[number, number]>) {
          consider(n, dk);
        }
      }
    }
    // In date-key order: FTS5 flushes its pending terms to a new segment whenever a rowid is
    // not above the last one written, and many small segments make every later query slower.
    todo.sort((a, b) => a.dk - b.dk);
    todo.forEach((t, k) => {
      this.refresh(state, t.n, t.sig);
      if ((k + 1) % COLLECT_EVERY_REFRESHED === 0) releaseMemory();
    });
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

  /** Persons from the identities, what was seen with them, and the edits (../people-derived.ts). */
  compute(): PeopleState {
    const identities = this.st.identities.all() as Array<{ n: number; platform: string; address: string }>;
    return computePeople(identities, this.seen(identities), (this.st.edits.all() as EditRow[]).map(toEdit));
  }

  /**
   * The names and handles each identity was seen with and how often, [identity, name, handle,
   * count], an identity at a time in identity order. One GROUP BY over all of item_identities
   * sorts every row at once, and in memory (temp_store = MEMORY): ~190 MB at 1,000,000 emails.
   */
  private *seen(
    identities: ReadonlyArray<{ n: number }>,
  ): Iterable<[number, string | null, string | null, number]> {
    for (const n of identities.map((r) => r.n).sort((a, b) => a - b)) {
      for (const [name, handle, c] of this.st.seenOf.all(n) as Array<
        [string | null, string | null, number]
      >) {
        yield [n, name, handle, c];
      }
    }
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
  private refresh(state: PeopleState | null, n: number, want: string | null): void {
    const row = this.st.contentItem.get(n) as Row | undefined;
    if (!row) return;
    const nowhere = { path: '', member: null, offset: 0, length: 0, sha256: '' };
    const item = toItem(row, decodeRecord(row), nowhere);
    this.removals.note(row.dk);
    this.st.deleteFts.run(row.dk);
    this.st.insertFts.run(row.dk, ...ftsDocument(item, state?.extras, this.texts.source));
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

interface CountsRow {
  person: string;
  sent: number;
  received: number;
  items: number;
  first_at: number | null;
  last_at: number | null;
}

function indexStatements(db: SqliteDatabase) {
  return {
    identities: db.prepare('SELECT n, platform, address FROM identities'),
    seenOf: db
      .prepare(
        'SELECT name, handle, count(*) AS c FROM item_identities WHERE identity = ? GROUP BY name, handle',
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
        'SELECT DISTINCT ii.item, i.dk FROM item_identities ii JOIN items i ON i.n = ii.item ' +
          'WHERE ii.identity = ? AND ii.item <= ?',
      )
      .raw(),
    itemsAfter: db.prepare('SELECT n, dk FROM items WHERE n > ? ORDER BY n LIMIT ?').raw(),
    dkOf: db.prepare('SELECT dk FROM items WHERE n = ?').pluck(),
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
