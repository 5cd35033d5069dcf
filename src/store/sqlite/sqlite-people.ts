import { InnsynError } from '../../model/index.js';
import { tokenize } from '../../model/text/analyzer.js';
import { checkHandle, checkName, checkPeopleEdits } from '../people-edits.js';
import {
  MAX_CANDIDATES_SHOWN,
  MAX_LISTED_IDENTITIES,
  MAX_PEOPLE_LIMIT,
  MAX_SHOWN_NAMES,
  editKey,
  notFound,
} from '../people-derived.js';
import { compareKeys } from '../people-grouping.js';
import type {
  ListPeopleOptions,
  PeopleEdit,
  PeopleImport,
  PeopleList,
  PeopleRebuild,
  Person,
  PersonIdentity,
  PersonLink,
  PersonSummary,
  SplitResult,
} from '../people.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { msToIso } from './sqlite-item-codec.js';
import { LABEL, PeopleIndex, toEdit } from './sqlite-people-index.js';

/** The limits are the same in every dialect (../people-derived.ts); re-exported for callers of this file. */
export { MAX_LISTED_IDENTITIES, MAX_PEOPLE_LIMIT, MAX_SHOWN_NAMES };
/** `people list QUERY`: the query as typed (lower-cased), or folded, is part of the person's search text. */
const MATCHING = "(instr(search, ?) > 0 OR (? <> '' AND instr(search, ?) > 0))";

interface PersonRow {
  key: string;
  name: string | null;
  handles: string;
  identities: number;
  sent: number;
  received: number;
  items: number;
  first_at: number | null;
  last_at: number | null;
}

/**
 * Reading and editing people (../people.ts) in the SQLite dialect. Synchronous; the store runs
 * every call inside its own guard, and the writing ones in one IMMEDIATE transaction each: an
 * edit is recorded and the persons rebuilt together, or neither.
 */
export class SqlitePeople {
  private readonly index: PeopleIndex;
  private readonly st: ReturnType<typeof peopleStatements>;

  constructor(private readonly db: SqliteDatabase) {
    this.index = new PeopleIndex(db);
    this.st = peopleStatements(db);
  }

  /** True when items were added since the last rebuild (a killed ingest, an old database). */
  stale(): boolean {
    return this.index.stale();
  }

  rebuild(): PeopleRebuild {
    return this.index.rebuild();
  }

  /** For a reindex (see PeopleIndex.beginReindex). */
  get indexer(): PeopleIndex {
    return this.index;
  }

  list(options: ListPeopleOptions): PeopleList {
    const { limit, offset } = options;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PEOPLE_LIMIT) {
      throw new InnsynError('usage', `limit must be a whole number from 1 to ${MAX_PEOPLE_LIMIT}`);
    }
    if (!Number.isInteger(offset) || offset < 0)
      throw new InnsynError('usage', 'offset must be a whole number, 0 or more');
    const q = (options.query ?? '').trim();
    let total: number;
    let rows: PersonRow[];
    if (q === '') {
      total = this.st.countAll.get() as number;
      rows = this.st.pageAll.all(limit, offset) as PersonRow[];
    } else {
      // As typed (lower-cased), and folded (Tromso finds Tromsø): the search text holds both forms.
      const folded = tokenize(q).join(' ');
      const params = [q.toLowerCase(), folded, folded];
      total = this.st.countMatching.get(...params) as number;
      rows = this.st.pageMatching.all(...params, limit, offset) as PersonRow[];
    }
    return { total, people: rows.map((r) => this.summary(r)) };
  }

  get(key: string): Person | null {
    const ns = this.resolve(key);
    if (ns.length === 0) return null;
    return this.person(this.onePerson(key, ns));
  }

  merge(a: string, b: string): Person {
    const pa = this.personNamed(a);
    const pb = this.personNamed(b);
    if (pa === pb) {
      throw new InnsynError('usage', `'${a}' and '${b}' are already one person (${pa}): nothing to merge`);
    }
    this.st.insertEdit.run('merge', pa, pb, null, null, now());
    this.index.rebuild();
    return this.person(this.st.personOf.get(this.nOfKey(pa)) as string);
  }

  split(x: string): SplitResult {
    const n = this.identityNamed(x);
    const key = this.keyOf(n);
    const person = this.st.personOf.get(n) as string;
    const rest = this.memberNs(person).filter((m) => m !== n);
    if (rest.length === 0) {
      throw new InnsynError('usage', `${key} is a person of its own already: nothing to split`);
    }
    const at = now();
    this.st.insertEdit.run('split', key, null, null, null, at);
    this.index.rebuild();
    // Taking it out may cut the rest apart (it was what joined them): merge them back together.
    const parts = [...new Set(rest.map((m) => this.st.personOf.get(m) as string))].sort(compareKeys);
    if (parts.length > 1) {
      for (const p of parts.slice(1)) this.st.insertEdit.run('merge', parts[0], p, null, null, at);
      this.index.rebuild();
    }
    return {
      identity: this.person(this.st.personOf.get(n) as string),
      rest: this.person(this.st.personOf.get(rest[0] as number) as string),
    };
  }

  alias(x: string, alias: { handle?: string; name?: string }): Person {
    const handle = alias.handle === undefined ? null : checkHandle(alias.handle);
    const name = alias.name === undefined ? null : checkName(alias.name);
    if (handle === null && name === null)
      throw new InnsynError('usage', 'give a handle, a name or both for the alias');
    const n = this.identityNamed(x);
    this.st.insertEdit.run('alias', this.keyOf(n), null, handle, name, now());
    this.index.rebuild();
    return this.person(this.st.personOf.get(n) as string);
  }

  exportEdits(): PeopleEdit[] {
    return (this.st.edits.all() as Parameters<typeof toEdit>[0][]).map(toEdit);
  }

  importEdits(given: readonly PeopleEdit[]): PeopleImport {
    const edits = checkPeopleEdits(given);
    const have = new Set(this.exportEdits().map(editKey));
    const known = new Set(this.st.identityKeys.all() as string[]);
    let added = 0;
    let duplicates = 0;
    let unknownIdentities = 0;
    for (const e of edits) {
      const k = editKey(e);
      if (have.has(k)) {
        duplicates++;
        continue;
      }
      have.add(k);
      const other = e.op === 'merge' ? e.other : null;
      this.st.insertEdit.run(
        e.op,
        e.identity,
        other,
        e.op === 'alias' ? e.handle : null,
        e.op === 'alias' ? e.name : null,
        e.at,
      );
      added++;
      if (!known.has(e.identity) || (other !== null && !known.has(other))) unknownIdentities++;
    }
    if (added > 0) this.index.rebuild();
    return { added, duplicates, unknownIdentities };
  }

  /**
   * The identities a key names: an identity key exactly (or in another letter case); else
   * identities with that address or handle (`@h` looks at handles only); else with that name.
   */
  private resolve(text: string): number[] {
    const t = text.trim();
    if (t === '')
      throw new InnsynError('usage', 'name a person: a key like x:16589206, a handle, an address or a name');
    const colon = t.indexOf(':');
    if (colon > 0) {
      const platform = t.slice(0, colon).toLowerCase();
      const address = t.slice(colon + 1);
      const exact = this.st.identityExact.get(platform, address) as number | undefined;
      if (exact !== undefined) return [exact];
      if (this.st.platformExists.get(platform) !== undefined) {
        return this.st.identityNoCase.all(platform, address) as number[];
      }
    }
    const handleOnly = t.startsWith('@');
    const h = t.replace(/^@/, '');
    const found = new Set<number>(this.st.byLabel.all(LABEL.handle, LABEL.aliasHandle, h) as number[]);
    if (!handleOnly) for (const n of this.st.byAddress.all(h) as number[]) found.add(n);
    if (found.size === 0 && !handleOnly) {
      for (const n of this.st.byLabel.all(LABEL.name, LABEL.aliasName, t) as number[]) found.add(n);
    }
    return [...found];
  }

  /** The one person identities `ns` (named by `text`) belong to, or a usage error listing them. */
  private onePerson(text: string, ns: number[]): string {
    const persons = [...new Set(ns.map((n) => this.st.personOf.get(n) as string | undefined))];
    if (persons.some((p) => p === undefined)) {
      throw new InnsynError('internal', `the people index misses an identity named by '${text}'`);
    }
    if (persons.length === 1) return persons[0] as string;
    const shown = (persons as string[]).sort(compareKeys).slice(0, MAX_CANDIDATES_SHOWN);
    const named = shown.map((p) => {
      const row = this.st.person.get(p) as PersonRow | undefined;
      return row?.name ? `${p} (${row.name})` : p;
    });
    throw new InnsynError(
      'usage',
      `'${text}' names ${persons.length} people: ${named.join(', ')}${persons.length > shown.length ? ', …' : ''}; ` +
        'give one of these keys',
    );
  }

  private personNamed(text: string): string {
    const ns = this.resolve(text);
    if (ns.length === 0) throw notFound(text);
    return this.onePerson(text, ns);
  }

  /** One identity: a key names it exactly; a handle, address or name must name only one. */
  private identityNamed(text: string): number {
    const ns = this.resolve(text);
    if (ns.length === 0) throw notFound(text);
    if (ns.length > 1) {
      const keys = ns.map((n) => this.keyOf(n)).sort(compareKeys);
      const shown = keys.slice(0, MAX_CANDIDATES_SHOWN);
      throw new InnsynError(
        'usage',
        `'${text}' names ${ns.length} identities: ${shown.join(', ')}${keys.length > shown.length ? ', …' : ''}; ` +
          'give one identity key (platform:address)',
      );
    }
    return ns[0] as number;
  }

  /** The rowid of an identity by its exact key (a person key is one). */
  private nOfKey(key: string): number {
    const colon = key.indexOf(':');
    return this.st.identityExact.get(key.slice(0, colon), key.slice(colon + 1)) as number;
  }

  private keyOf(n: number): string {
    return this.st.keyOf.get(n) as string;
  }

  private memberNs(person: string): number[] {
    return (this.st.members.all(person) as Array<{ n: number }>).map((r) => r.n);
  }

  private summary(r: PersonRow): PersonSummary {
    const keys = (this.st.members.all(r.key) as Array<{ platform: string; address: string }>)
      .map((m) => `${m.platform}:${m.address}`)
      .sort(compareKeys);
    return {
      key: r.key,
      name: r.name,
      handles: JSON.parse(r.handles) as string[],
      identities: keys.slice(0, MAX_LISTED_IDENTITIES),
      identityCount: r.identities,
      sent: r.sent,
      received: r.received,
      items: r.items,
      firstDate: msToIso(r.first_at),
      lastDate: msToIso(r.last_at),
    };
  }

  private person(key: string): Person {
    const row = this.st.person.get(key) as PersonRow | undefined;
    if (!row) throw new InnsynError('internal', `person ${key} is not in the people index`);
    const { identities: _keys, ...summary } = this.summary(row);
    const members = (
      this.st.members.all(key) as Array<{ n: number; platform: string; address: string }>
    ).sort((a, b) => compareKeys(`${a.platform}:${a.address}`, `${b.platform}:${b.address}`));
    const identities = members.map((m) => this.identity(m));
    const keys = new Set(identities.map((i) => i.key));
    const edits = this.exportEdits().filter(
      (e) => keys.has(e.identity) || (e.op === 'merge' && keys.has(e.other)),
    );
    const notes: string[] = [];
    for (const m of members) {
      for (const c of this.st.conflicts.all(`${m.platform}:${m.address}`) as Array<{
        platform: string;
        handle: string;
        holders: string;
      }>) {
        const note =
          `handle @${c.handle} on ${c.platform} is claimed by several accounts (${c.holders}): not joined ` +
          `automatically; if they are one person, join them with innsyn people merge`;
        if (!notes.includes(note)) notes.push(note);
      }
    }
    return {
      ...summary,
      identities,
      links: this.st.links.all(key) as PersonLink[],
      edits,
      notes,
    };
  }

  private identity(m: { n: number; platform: string; address: string }): PersonIdentity {
    const labels = this.st.labels.all(m.n) as Array<{ kind: number; value: string; items: number }>;
    const names = labels.filter((l) => l.kind === LABEL.name);
    const handles = new Set<string>();
    for (const l of labels)
      if (l.kind === LABEL.handle || l.kind === LABEL.aliasHandle) handles.add(l.value.toLowerCase());
    const c = this.st.identityCounts.get(m.n) as {
      sent: number;
      received: number;
      first_at: number | null;
      last_at: number | null;
    };
    return {
      key: `${m.platform}:${m.address}`,
      platform: m.platform,
      address: m.address,
      handles: [...handles].sort(compareKeys),
      names: names.slice(0, MAX_SHOWN_NAMES).map((l) => ({ name: l.value, count: l.items })),
      moreNames: Math.max(0, names.length - MAX_SHOWN_NAMES),
      aliases: {
        handles: labels.filter((l) => l.kind === LABEL.aliasHandle).map((l) => l.value),
        names: labels.filter((l) => l.kind === LABEL.aliasName).map((l) => l.value),
      },
      sent: c.sent,
      received: c.received,
      firstDate: msToIso(c.first_at),
      lastDate: msToIso(c.last_at),
    };
  }
}

function now(): string {
  return new Date().toISOString();
}

function peopleStatements(db: SqliteDatabase) {
  return {
    person: db.prepare('SELECT * FROM persons WHERE key = ?'),
    members: db.prepare(
      'SELECT i.n, i.platform, i.address FROM person_identities p JOIN identities i ON i.n = p.identity ' +
        'WHERE p.person = ?',
    ),
    labels: db.prepare(
      'SELECT kind, value, items FROM identity_labels WHERE identity = ? ORDER BY kind, items DESC, value',
    ),
    identityCounts: db.prepare(
      'SELECT count(DISTINCT CASE WHEN ii.role = 0 THEN ii.item END) AS sent, ' +
        'count(DISTINCT CASE WHEN ii.role > 0 THEN ii.item END) AS received, ' +
        'min(i.sent_at) AS first_at, max(i.sent_at) AS last_at ' +
        'FROM item_identities ii JOIN items i ON i.n = ii.item WHERE ii.identity = ?',
    ),
    links: db.prepare('SELECT a, b, rule, value FROM person_links WHERE person = ? ORDER BY seq'),
    edits: db.prepare('SELECT op, identity, other, handle, name, at FROM people_edits ORDER BY seq'),
    conflicts: db.prepare(
      "SELECT c.platform, c.handle, group_concat(o.identity, ', ') AS holders FROM handle_conflicts c " +
        'JOIN handle_conflicts o ON o.platform = c.platform AND o.handle = c.handle ' +
        'WHERE c.identity = ? GROUP BY c.platform, c.handle',
    ),
    personOf: db.prepare('SELECT person FROM person_identities WHERE identity = ?').pluck(),
    keyOf: db.prepare("SELECT platform || ':' || address FROM identities WHERE n = ?").pluck(),
    countAll: db.prepare('SELECT count(*) FROM persons').pluck(),
    pageAll: db.prepare('SELECT * FROM persons ORDER BY items DESC, key LIMIT ? OFFSET ?'),
    countMatching: db.prepare(`SELECT count(*) FROM persons WHERE ${MATCHING}`).pluck(),
    pageMatching: db.prepare(
      `SELECT * FROM persons WHERE ${MATCHING} ORDER BY items DESC, key LIMIT ? OFFSET ?`,
    ),
    identityExact: db.prepare('SELECT n FROM identities WHERE platform = ? AND address = ?').pluck(),
    identityNoCase: db
      .prepare('SELECT n FROM identities WHERE platform = ? AND address = ? COLLATE NOCASE')
      .pluck(),
    platformExists: db.prepare('SELECT 1 FROM identities WHERE platform = ? LIMIT 1').pluck(),
    byAddress: db.prepare('SELECT n FROM identities WHERE address = ? COLLATE NOCASE').pluck(),
    byLabel: db
      .prepare(
        'SELECT DISTINCT identity FROM identity_labels WHERE kind IN (?, ?) AND value = ? COLLATE NOCASE',
      )
      .pluck(),
    identityKeys: db.prepare("SELECT platform || ':' || address FROM identities").pluck(),
    insertEdit: db.prepare(
      'INSERT INTO people_edits (op, identity, other, handle, name, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
  };
}
