import type { Identity, Item } from '../../model/index.js';
import { decodeRecord, type ContentRow } from '../item-codec.js';
import { ftsDocument } from '../fts-document.js';
import {
  LABEL,
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
import type { PeopleRebuild } from '../people.js';
import { rowNumbers, type PgQueryable } from './pg-driver.js';
import { tsvectorText } from './pg-fts-document.js';
import { PG_ITEM_COLUMNS, pgText, toItem, type PgItemRow } from './pg-item-codec.js';
import { attachmentTextsOf } from './pg-attachment-texts.js';

/**
 * When more identities than this changed, every item is a candidate for re-indexing (one pass
 * over all items beats a lookup per identity). As in SQLite.
 */
const SCAN_ALL_FROM_CHANGED = 2_000;
/** Items looked at (and re-indexed) per statement. */
const CHUNK_ITEMS = 1_000;
/** The advisory lock of a people rebuild (bytes of 'innsyn-p'): one at a time per database. */
export const PEOPLE_LOCK = '7597425098213486960';

const NOWHERE = { path: '', member: null, offset: 0, length: 0, sha256: '' };

/**
 * The derived part of people in PostgreSQL, as sqlite-people-index.ts does it in SQLite:
 * computes persons (../people-derived.ts), writes the derived tables, and keeps the sender and
 * recipient part of every item's tsvector equal to `identityColumns(item, person values)`,
 * re-indexing only the items whose words change (`fts.people_sig`). Runs inside the caller's
 * transaction, which holds PEOPLE_LOCK.
 */
export class PgPeopleIndex {
  /** True when items were written since the last rebuild (or none ran yet). */
  async stale(db: PgQueryable): Promise<boolean> {
    const r = await db.query<{ stale: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM people_pending) OR NOT EXISTS (SELECT 1 FROM people_state WHERE key = 'built') AS stale",
    );
    return r.rows[0]?.stale ?? true;
  }

  /** Recomputes everything and re-indexes the items whose sender/recipient words change. */
  async rebuild(db: PgQueryable): Promise<PeopleRebuild> {
    const built = (await db.query("SELECT 1 FROM people_state WHERE key = 'built'")).rows.length > 0;
    const pending = await rowNumbers(db, 'SELECT n FROM people_pending', []);
    const state = await this.compute(db);
    const changed = await this.save(db, state);
    let refreshed = 0;
    for await (const chunk of this.candidates(
      db,
      !built || changed.length > SCAN_ALL_FROM_CHANGED,
      pending,
      changed,
    )) {
      const parts = await this.parts(db, state, chunk);
      const have = new Map(
        (
          await db.query<{ n: number; people_sig: string | null }>(
            'SELECT n, people_sig FROM fts WHERE n = ANY($1::bigint[])',
            [chunk],
          )
        ).rows.map((r) => [r.n, r.people_sig]),
      );
      const todo: Array<{ n: number; sig: string | null }> = [];
      for (const n of chunk) {
        if (!have.has(n)) continue; // written by a transaction we do not see yet
        const sig = columnsSig(parts.get(n) ?? { from: null, to: [], cc: [], bcc: [] }, state.extras);
        if (sig !== have.get(n)) todo.push({ n, sig });
      }
      await this.refresh(db, state, todo);
      refreshed += todo.length;
    }
    if (pending.length > 0)
      await db.query('DELETE FROM people_pending WHERE n = ANY($1::bigint[])', [pending]);
    await db.query(
      "INSERT INTO people_state (key, value) VALUES ('built', 1) ON CONFLICT (key) DO UPDATE SET value = people_state.value + 1",
    );
    return {
      people: new Set(state.personOfN.values()).size,
      identities: state.ids.length,
      refreshed,
    };
  }

  /**
   * The items whose sender/recipient words may change, in chunks of CHUNK_ITEMS in row order:
   * every item (read a chunk at a time: all at once held a row object for each of 1,000,000),
   * or those written since the last rebuild and those of the identities whose person changed.
   */
  private async *candidates(
    db: PgQueryable,
    all: boolean,
    pending: number[],
    changed: number[],
  ): AsyncIterable<number[]> {
    if (all) {
      for (let after = 0; ;) {
        const chunk = await rowNumbers(db, 'SELECT n FROM items WHERE n > $1 ORDER BY n LIMIT $2', [
          after,
          CHUNK_ITEMS,
        ]);
        if (chunk.length > 0) yield chunk;
        if (chunk.length < CHUNK_ITEMS) return;
        after = chunk[chunk.length - 1]!;
      }
    }
    const set = new Set(pending);
    if (changed.length > 0) {
      const r = await db.query<{ item: number }>(
        'SELECT DISTINCT item FROM item_identities WHERE identity = ANY($1::bigint[])',
        [changed],
      );
      for (const x of r.rows) set.add(x.item);
    }
    const candidates = [...set].sort((a, b) => a - b);
    for (let i = 0; i < candidates.length; i += CHUNK_ITEMS) yield candidates.slice(i, i + CHUNK_ITEMS);
  }

  /**
   * For a reindex: computes and saves persons from the sender/recipient table as it stands
   * (call before it is cleared). Index each item with `ftsDocument(item, state.extras)` and its
   * `columnsSig`, then call `finishReindex`.
   */
  async beginReindex(db: PgQueryable): Promise<PeopleState> {
    const state = await this.compute(db);
    await this.save(db, state);
    return state;
  }

  async finishReindex(db: PgQueryable): Promise<void> {
    await db.query('DELETE FROM people_pending');
    await db.query(
      "INSERT INTO people_state (key, value) VALUES ('built', 1) ON CONFLICT (key) DO UPDATE SET value = people_state.value + 1",
    );
  }

  /** Persons from the identities, what was seen with them, and the edits. */
  async compute(db: PgQueryable): Promise<PeopleState> {
    const identities = await db.query<{ n: number; platform: string; address: string }>(
      'SELECT n, platform, address FROM identities ORDER BY n',
    );
    const seen = await db.query<{ identity: number; name: string | null; handle: string | null; c: number }>(
      'SELECT identity, name, handle, count(*) AS c FROM item_identities GROUP BY identity, name, handle',
    );
    const edits = await db.query<EditRow>(
      'SELECT op, identity, other, handle, name, at FROM people_edits ORDER BY seq',
    );
    return computePeople(
      identities.rows,
      seen.rows.map((r) => [r.identity, r.name, r.handle, r.c] as const),
      edits.rows.map(toEdit),
    );
  }

  /** Writes the derived tables; returns the identities whose person values changed (or are new). */
  private async save(db: PgQueryable, state: PeopleState): Promise<number[]> {
    const old = new Map(
      (
        await db.query<{ identity: number; sig: string }>('SELECT identity, sig FROM person_identities')
      ).rows.map((r) => [r.identity, r.sig]),
    );
    for (const t of ['person_identities', 'identity_labels', 'person_links', 'handle_conflicts', 'persons']) {
      await db.query(`DELETE FROM ${t}`);
    }
    const changed: number[] = [];
    const members = new Map<string, IdentityInfo[]>();
    const pi: unknown[][] = [[], [], []];
    const labels: unknown[][] = [[], [], [], []];
    for (const id of state.ids) {
      const p = state.personOfN.get(id.n) as string;
      const sig = state.sigs.get(p) as string;
      push(pi, [id.n, p, sig]);
      if (old.get(id.n) !== sig) changed.push(id.n);
      const list = members.get(p);
      if (list) list.push(id);
      else members.set(p, [id]);
      for (const [name, c] of id.names) push(labels, [id.n, LABEL.name, name, c]);
      for (const [h, c] of id.handles) push(labels, [id.n, LABEL.handle, h, c]);
      for (const name of id.aliasNames) push(labels, [id.n, LABEL.aliasName, pgText(name), 0]);
      for (const h of id.aliasHandles) push(labels, [id.n, LABEL.aliasHandle, pgText(h), 0]);
    }
    await db.query(
      'INSERT INTO person_identities (identity, person, sig) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
      pi,
    );
    await db.query(
      'INSERT INTO identity_labels (identity, kind, value, items) ' +
        'SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::text[], $4::int[]) ON CONFLICT DO NOTHING',
      labels,
    );
    const links: unknown[][] = [[], [], [], [], [], []];
    const seq = new Map<string, number>();
    for (const l of state.grouping.links) {
      const s = seq.get(l.person) ?? 0;
      seq.set(l.person, s + 1);
      push(links, [l.person, s, l.a, l.b, l.rule, l.value]);
    }
    await db.query(
      'INSERT INTO person_links (person, seq, a, b, rule, value) ' +
        'SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])',
      links,
    );
    const conflicts: unknown[][] = [[], [], []];
    for (const [k, holders] of state.grouping.conflicts) {
      const colon = k.indexOf(':');
      for (const h of holders) push(conflicts, [k.slice(0, colon), k.slice(colon + 1), h]);
    }
    await db.query(
      'INSERT INTO handle_conflicts (platform, handle, identity) ' +
        'SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING',
      conflicts,
    );
    const counts = new Map(
      (
        await db.query<CountsRow>(
          'SELECT p.person, count(DISTINCT CASE WHEN ii.role = 0 THEN ii.item END) AS sent, ' +
            'count(DISTINCT CASE WHEN ii.role > 0 THEN ii.item END) AS received, count(DISTINCT ii.item) AS items, ' +
            'min(i.sent_at) AS first_at, max(i.sent_at) AS last_at FROM person_identities p ' +
            'JOIN item_identities ii ON ii.identity = p.identity JOIN items i ON i.n = ii.item GROUP BY p.person',
        )
      ).rows.map((r) => [r.person, r]),
    );
    const persons: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
    for (const [p, list] of members) {
      const c = counts.get(p);
      push(persons, [
        p,
        pgText(displayName(list)),
        JSON.stringify(personHandles(list)),
        list.length,
        c?.sent ?? 0,
        c?.received ?? 0,
        c?.items ?? 0,
        c?.first_at ?? null,
        c?.last_at ?? null,
        pgText(searchText(list)),
      ]);
    }
    await db.query(
      'INSERT INTO persons (key, name, handles, identities, sent, received, items, first_at, last_at, search) ' +
        'SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], ' +
        '$8::bigint[], $9::bigint[], $10::text[])',
      persons,
    );
    return changed;
  }

  /**
   * Writes the tsvectors of these items again from their records, with the person words they
   * hold (when they hold any) and their attachment texts as attachment_texts has them now: after
   * a text was read again (OCR) for files they carry. Persons are computed only when one of them
   * holds person words.
   */
  async refreshItems(db: PgQueryable, ns: readonly number[]): Promise<void> {
    for (let i = 0; i < ns.length; i += CHUNK_ITEMS) {
      const chunk = ns.slice(i, i + CHUNK_ITEMS);
      const have = (
        await db.query<{ n: number; people_sig: string | null }>(
          'SELECT n, people_sig FROM fts WHERE n = ANY($1::bigint[])',
          [chunk],
        )
      ).rows;
      const own = have.filter((r) => r.people_sig === null).map((r) => ({ n: r.n, sig: null }));
      await this.refresh(db, null, own);
      const personal = have.filter((r) => r.people_sig !== null).map((r) => r.n);
      if (personal.length === 0) continue;
      const state = await this.compute(db);
      const parts = await this.parts(db, state, personal);
      await this.refresh(
        db,
        state,
        personal.map((n) => ({
          n,
          sig: columnsSig(parts.get(n) ?? { from: null, to: [], cc: [], bcc: [] }, state.extras),
        })),
      );
    }
  }

  /** Re-indexes items with their person words; `sig` is their signature (null: their own words). */
  private async refresh(
    db: PgQueryable,
    state: PeopleState | null,
    todo: ReadonlyArray<{ n: number; sig: string | null }>,
  ): Promise<void> {
    if (todo.length === 0) return;
    const rows = await db.query<PgItemRow & ContentRow>(
      `SELECT ${PG_ITEM_COLUMNS}, c.codec, c.record_len, c.data, NULL AS raw ` +
        'FROM items i JOIN contents c ON c.n = i.n WHERE i.n = ANY($1::bigint[])',
      [todo.map((t) => t.n)],
    );
    const byN = new Map(rows.rows.map((r) => [r.n, toItem(r, decodeRecord(r), NOWHERE)]));
    const texts = await attachmentTextsOf(db, [...byN.values()]);
    const ns: number[] = [];
    const docs: string[] = [];
    const sigs: Array<string | null> = [];
    for (const t of todo) {
      const item = byN.get(t.n);
      if (!item) continue;
      ns.push(t.n);
      docs.push(tsvectorText(ftsDocument(item, state?.extras, texts.source)));
      sigs.push(t.sig);
    }
    await db.query(
      'UPDATE fts SET doc = u.doc::tsvector, people_sig = u.sig FROM unnest($1::bigint[], $2::text[], $3::text[]) ' +
        'AS u(n, doc, sig) WHERE fts.n = u.n',
      [ns, docs, sigs],
    );
  }

  /** The senders and recipients of items, as on each item, from item_identities (no record decompressed). */
  private async parts(
    db: PgQueryable,
    state: PeopleState,
    ns: number[],
  ): Promise<Map<number, Pick<Item, 'from' | 'to' | 'cc' | 'bcc'>>> {
    const out = new Map<number, Pick<Item, 'from' | 'to' | 'cc' | 'bcc'>>();
    const rows = await db.query<{
      item: number;
      role: number;
      identity: number;
      name: string | null;
      handle: string | null;
    }>(
      'SELECT item, role, identity, name, handle FROM item_identities WHERE item = ANY($1::bigint[]) ORDER BY item, role, seq',
      [ns],
    );
    for (const r of rows.rows) {
      const id = state.byN.get(r.identity);
      if (!id) continue;
      let p = out.get(r.item);
      if (!p) out.set(r.item, (p = { from: null, to: [], cc: [], bcc: [] }));
      const who: Identity = { platform: id.platform, address: id.address, name: r.name, handle: r.handle };
      if (r.role === 0) p.from = who;
      else (r.role === 1 ? p.to : r.role === 2 ? p.cc : p.bcc).push(who);
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

function push(columns: unknown[][], values: unknown[]): void {
  values.forEach((v, i) => (columns[i] as unknown[]).push(v));
}
