import { InnsynError } from '../../model/index.js';
import { tokenize } from '../../model/text/analyzer.js';
import { msToIso } from '../item-codec.js';
import {
  LABEL,
  MAX_CANDIDATES_SHOWN,
  MAX_LISTED_IDENTITIES,
  MAX_PEOPLE_LIMIT,
  MAX_SHOWN_NAMES,
  editKey,
  notFound,
  toEdit,
  type EditRow,
} from '../people-derived.js';
import { checkHandle, checkName, checkPeopleEdits } from '../people-edits.js';
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
import { countOf, rowNumbers, type PgQueryable } from './pg-driver.js';
import { asciiLower, pgText } from './pg-item-codec.js';
import { PgPeopleIndex } from './pg-people-index.js';

/** `people list QUERY`: the query as typed (lower-cased), or folded, is part of the person's search text. */
const MATCHING = "(strpos(search, $1) > 0 OR ($2 <> '' AND strpos(search, $2) > 0))";

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

interface MemberRow {
  n: number;
  platform: string;
  address: string;
}

/**
 * Reading and editing people (../people.ts) in PostgreSQL, as sqlite-people.ts does in SQLite.
 * Every method takes the connection to run on: the store gives the editing ones a transaction
 * that holds the people lock, so an edit is recorded and the persons rebuilt together, or
 * neither.
 */
export class PgPeople {
  readonly index = new PgPeopleIndex();

  rebuild(db: PgQueryable): Promise<PeopleRebuild> {
    return this.index.rebuild(db);
  }

  async list(db: PgQueryable, options: ListPeopleOptions): Promise<PeopleList> {
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
      total = await countOf(db, 'SELECT count(*) AS c FROM persons', []);
      rows = (
        await db.query<PersonRow>('SELECT * FROM persons ORDER BY items DESC, key LIMIT $1 OFFSET $2', [
          limit,
          offset,
        ])
      ).rows;
    } else {
      // As typed (lower-cased), and folded (Tromso finds Tromsø): the search text holds both forms.
      const params = [pgText(q.toLowerCase()), tokenize(q).join(' ')];
      total = await countOf(db, `SELECT count(*) AS c FROM persons WHERE ${MATCHING}`, params);
      rows = (
        await db.query<PersonRow>(
          `SELECT * FROM persons WHERE ${MATCHING} ORDER BY items DESC, key LIMIT $3 OFFSET $4`,
          [...params, limit, offset],
        )
      ).rows;
    }
    const people: PersonSummary[] = [];
    for (const r of rows) people.push(await this.summary(db, r));
    return { total, people };
  }

  async get(db: PgQueryable, key: string): Promise<Person | null> {
    const ns = await this.resolve(db, key);
    if (ns.length === 0) return null;
    return this.person(db, await this.onePerson(db, key, ns));
  }

  async merge(db: PgQueryable, a: string, b: string): Promise<Person> {
    const pa = await this.personNamed(db, a);
    const pb = await this.personNamed(db, b);
    if (pa === pb) {
      throw new InnsynError('usage', `'${a}' and '${b}' are already one person (${pa}): nothing to merge`);
    }
    await insertEdit(db, 'merge', pa, pb, null, null, now());
    await this.index.rebuild(db);
    return this.person(db, await this.personOf(db, await this.nOfKey(db, pa)));
  }

  async split(db: PgQueryable, x: string): Promise<SplitResult> {
    const n = await this.identityNamed(db, x);
    const key = await this.keyOf(db, n);
    const person = await this.personOf(db, n);
    const rest = (await this.members(db, person)).map((m) => m.n).filter((m) => m !== n);
    if (rest.length === 0) {
      throw new InnsynError('usage', `${key} is a person of its own already: nothing to split`);
    }
    const at = now();
    await insertEdit(db, 'split', key, null, null, null, at);
    await this.index.rebuild(db);
    // Taking it out may cut the rest apart (it was what joined them): merge them back together.
    const parts: string[] = [];
    for (const m of rest) {
      const p = await this.personOf(db, m);
      if (!parts.includes(p)) parts.push(p);
    }
    parts.sort(compareKeys);
    if (parts.length > 1) {
      for (const p of parts.slice(1)) await insertEdit(db, 'merge', parts[0] as string, p, null, null, at);
      await this.index.rebuild(db);
    }
    return {
      identity: await this.person(db, await this.personOf(db, n)),
      rest: await this.person(db, await this.personOf(db, rest[0] as number)),
    };
  }

  async alias(db: PgQueryable, x: string, alias: { handle?: string; name?: string }): Promise<Person> {
    const handle = alias.handle === undefined ? null : checkHandle(alias.handle);
    const name = alias.name === undefined ? null : checkName(alias.name);
    if (handle === null && name === null)
      throw new InnsynError('usage', 'give a handle, a name or both for the alias');
    const n = await this.identityNamed(db, x);
    await insertEdit(db, 'alias', await this.keyOf(db, n), null, handle, name, now());
    await this.index.rebuild(db);
    return this.person(db, await this.personOf(db, n));
  }

  async exportEdits(db: PgQueryable): Promise<PeopleEdit[]> {
    const r = await db.query<EditRow>(
      'SELECT op, identity, other, handle, name, at FROM people_edits ORDER BY seq',
    );
    return r.rows.map(toEdit);
  }

  async importEdits(db: PgQueryable, given: readonly PeopleEdit[]): Promise<PeopleImport> {
    const edits = checkPeopleEdits(given);
    const have = new Set((await this.exportEdits(db)).map(editKey));
    const known = new Set(
      (await db.query<{ k: string }>("SELECT platform || ':' || address AS k FROM identities")).rows.map(
        (r) => r.k,
      ),
    );
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
      await insertEdit(
        db,
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
    if (added > 0) await this.index.rebuild(db);
    return { added, duplicates, unknownIdentities };
  }

  /**
   * The identities a key names: an identity key exactly (or in another letter case); else
   * identities with that address or handle (`@h` looks at handles only); else with that name.
   */
  private async resolve(db: PgQueryable, text: string): Promise<number[]> {
    const t = pgText(text.trim());
    if (t === '')
      throw new InnsynError('usage', 'name a person: a key like x:16589206, a handle, an address or a name');
    const colon = t.indexOf(':');
    if (colon > 0) {
      const platform = t.slice(0, colon).toLowerCase();
      const address = t.slice(colon + 1);
      const exact = await rowNumbers(db, 'SELECT n FROM identities WHERE platform = $1 AND address = $2', [
        platform,
        address,
      ]);
      if (exact.length > 0) return exact.slice(0, 1);
      if (
        (await db.query('SELECT 1 FROM identities WHERE platform = $1 LIMIT 1', [platform])).rows.length > 0
      ) {
        return rowNumbers(db, 'SELECT n FROM identities WHERE platform = $1 AND lower(address) = $2', [
          platform,
          asciiLower(address),
        ]);
      }
    }
    const handleOnly = t.startsWith('@');
    const h = t.replace(/^@/, '');
    const byLabel =
      'SELECT DISTINCT identity AS n FROM identity_labels WHERE kind IN ($1, $2) AND lower(value) = $3';
    const found = new Set<number>(
      await rowNumbers(db, byLabel, [LABEL.handle, LABEL.aliasHandle, asciiLower(h)]),
    );
    if (!handleOnly) {
      for (const n of await rowNumbers(db, 'SELECT n FROM identities WHERE lower(address) = $1', [
        asciiLower(h),
      ]))
        found.add(n);
    }
    if (found.size === 0 && !handleOnly) {
      for (const n of await rowNumbers(db, byLabel, [LABEL.name, LABEL.aliasName, asciiLower(t)]))
        found.add(n);
    }
    return [...found];
  }

  /** The one person identities `ns` (named by `text`) belong to, or a usage error listing them. */
  private async onePerson(db: PgQueryable, text: string, list: number[]): Promise<string> {
    const r = await db.query<{ identity: number; person: string }>(
      'SELECT identity, person FROM person_identities WHERE identity = ANY($1::bigint[])',
      [list],
    );
    if (r.rows.length < new Set(list).size) {
      throw new InnsynError('internal', `the people index misses an identity named by '${text}'`);
    }
    const persons = [...new Set(r.rows.map((x) => x.person))];
    if (persons.length === 1) return persons[0] as string;
    const shown = persons.sort(compareKeys).slice(0, MAX_CANDIDATES_SHOWN);
    const named: string[] = [];
    for (const p of shown) {
      const row = (await db.query<PersonRow>('SELECT * FROM persons WHERE key = $1', [p])).rows[0];
      named.push(row?.name ? `${p} (${row.name})` : p);
    }
    throw new InnsynError(
      'usage',
      `'${text}' names ${persons.length} people: ${named.join(', ')}${persons.length > shown.length ? ', …' : ''}; ` +
        'give one of these keys',
    );
  }

  private async personNamed(db: PgQueryable, text: string): Promise<string> {
    const list = await this.resolve(db, text);
    if (list.length === 0) throw notFound(text);
    return this.onePerson(db, text, list);
  }

  /** One identity: a key names it exactly; a handle, address or name must name only one. */
  private async identityNamed(db: PgQueryable, text: string): Promise<number> {
    const list = await this.resolve(db, text);
    if (list.length === 0) throw notFound(text);
    if (list.length > 1) {
      const keys: string[] = [];
      for (const n of list) keys.push(await this.keyOf(db, n));
      keys.sort(compareKeys);
      const shown = keys.slice(0, MAX_CANDIDATES_SHOWN);
      throw new InnsynError(
        'usage',
        `'${text}' names ${list.length} identities: ${shown.join(', ')}${keys.length > shown.length ? ', …' : ''}; ` +
          'give one identity key (platform:address)',
      );
    }
    return list[0] as number;
  }

  /** The row number of an identity by its exact key (a person key is one). */
  private async nOfKey(db: PgQueryable, key: string): Promise<number> {
    const colon = key.indexOf(':');
    const r = await rowNumbers(db, 'SELECT n FROM identities WHERE platform = $1 AND address = $2', [
      key.slice(0, colon),
      key.slice(colon + 1),
    ]);
    return r[0] as number;
  }

  private async keyOf(db: PgQueryable, n: number): Promise<string> {
    const r = await db.query<{ k: string }>(
      "SELECT platform || ':' || address AS k FROM identities WHERE n = $1",
      [n],
    );
    return r.rows[0]?.k as string;
  }

  private async personOf(db: PgQueryable, n: number): Promise<string> {
    const r = await db.query<{ person: string }>('SELECT person FROM person_identities WHERE identity = $1', [
      n,
    ]);
    return r.rows[0]?.person as string;
  }

  private async members(db: PgQueryable, person: string): Promise<MemberRow[]> {
    return (
      await db.query<MemberRow>(
        'SELECT i.n, i.platform, i.address FROM person_identities p JOIN identities i ON i.n = p.identity ' +
          'WHERE p.person = $1',
        [person],
      )
    ).rows;
  }

  private async summary(db: PgQueryable, r: PersonRow): Promise<PersonSummary> {
    const keys = (await this.members(db, r.key)).map((m) => `${m.platform}:${m.address}`).sort(compareKeys);
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

  private async person(db: PgQueryable, key: string): Promise<Person> {
    const row = (await db.query<PersonRow>('SELECT * FROM persons WHERE key = $1', [key])).rows[0];
    if (!row) throw new InnsynError('internal', `person ${key} is not in the people index`);
    const { identities: _keys, ...summary } = await this.summary(db, row);
    const members = (await this.members(db, key)).sort((a, b) =>
      compareKeys(`${a.platform}:${a.address}`, `${b.platform}:${b.address}`),
    );
    const identities: PersonIdentity[] = [];
    for (const m of members) identities.push(await this.identity(db, m));
    const keys = new Set(identities.map((i) => i.key));
    const edits = (await this.exportEdits(db)).filter(
      (e) => keys.has(e.identity) || (e.op === 'merge' && keys.has(e.other)),
    );
    const notes: string[] = [];
    for (const m of members) {
      const conflicts = await db.query<{ platform: string; handle: string; holders: string }>(
        "SELECT c.platform, c.handle, string_agg(o.identity, ', ' ORDER BY o.identity) AS holders " +
          'FROM handle_conflicts c JOIN handle_conflicts o ON o.platform = c.platform AND o.handle = c.handle ' +
          'WHERE c.identity = $1 GROUP BY c.platform, c.handle ORDER BY c.platform, c.handle',
        [`${m.platform}:${m.address}`],
      );
      for (const c of conflicts.rows) {
        const note =
          `handle @${c.handle} on ${c.platform} is claimed by several accounts (${c.holders}): not joined ` +
          `automatically; if they are one person, join them with innsyn people merge`;
        if (!notes.includes(note)) notes.push(note);
      }
    }
    const links = await db.query<PersonLink>(
      'SELECT a, b, rule, value FROM person_links WHERE person = $1 ORDER BY seq',
      [key],
    );
    return { ...summary, identities, links: links.rows, edits, notes };
  }

  private async identity(db: PgQueryable, m: MemberRow): Promise<PersonIdentity> {
    const labels = (
      await db.query<{ kind: number; value: string; items: number }>(
        'SELECT kind, value, items FROM identity_labels WHERE identity = $1 ORDER BY kind, items DESC, value',
        [m.n],
      )
    ).rows;
    const names = labels.filter((l) => l.kind === LABEL.name);
    const handles = new Set<string>();
    for (const l of labels)
      if (l.kind === LABEL.handle || l.kind === LABEL.aliasHandle) handles.add(l.value.toLowerCase());
    const c = (
      await db.query<{ sent: number; received: number; first_at: number | null; last_at: number | null }>(
        'SELECT count(DISTINCT CASE WHEN ii.role = 0 THEN ii.item END) AS sent, ' +
          'count(DISTINCT CASE WHEN ii.role > 0 THEN ii.item END) AS received, ' +
          'min(i.sent_at) AS first_at, max(i.sent_at) AS last_at ' +
          'FROM item_identities ii JOIN items i ON i.n = ii.item WHERE ii.identity = $1',
        [m.n],
      )
    ).rows[0] as { sent: number; received: number; first_at: number | null; last_at: number | null };
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

async function insertEdit(
  db: PgQueryable,
  op: PeopleEdit['op'],
  identity: string,
  other: string | null,
  handle: string | null,
  name: string | null,
  at: string,
): Promise<void> {
  await db.query(
    'INSERT INTO people_edits (op, identity, other, handle, name, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [op, pgText(identity), pgText(other), pgText(handle), pgText(name), pgText(at)],
  );
}

function now(): string {
  return new Date().toISOString();
}
