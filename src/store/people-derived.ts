import { createHash } from 'node:crypto';
import { InnsynError } from '../model/index.js';
import type { Item } from '../model/index.js';
import { tokenize } from '../model/text/analyzer.js';
import { identityColumns, type PersonValue, type PersonValues } from './fts-document.js';
import { compareKeys, groupIdentities, type Grouping } from './people-grouping.js';
import type { PeopleEdit } from './people.js';

/**
 * What the people index derives from the identities, the names and handles seen with them and
 * the hand edits (people.ts), and the rules for reading it, the same in every dialect: pure
 * functions and limits, no database. The SQLite (sqlite/sqlite-people-index.ts,
 * sqlite-people.ts) and PostgreSQL (postgres/pg-people*.ts) dialects read their rows, call these
 * and write the results.
 */

/** Most persons in one page of `listPeople`: a list to read, not an export. */
export const MAX_PEOPLE_LIMIT = 1000;
/** Identity keys listed per person in `listPeople` (`identityCount` has them all). */
export const MAX_LISTED_IDENTITIES = 50;
/** Names listed per identity in `getPerson`, most seen first (`moreNames` counts the rest). */
export const MAX_SHOWN_NAMES = 500;
/** Candidates named in an "ambiguous key" error. */
export const MAX_CANDIDATES_SHOWN = 10;

/**
 * Names of one identity that go into its person's full-text words, most seen first. A spam
 * address seen under 10,000 display names must not put 10,000 names into the index row of every
 * item of its person. Every name stays listed (`people show`) and searchable on the items it
 * was seen on.
 */
export const MAX_NAMES_PER_IDENTITY = 10;
/** Names, handles and addresses of one person indexed on each of its items (a merge of 500 identities). */
export const MAX_PERSON_VALUES = 100;
/** A display name that holds an email address (person-derived values leave it out). */
const ADDRESS_LIKE = /[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+/;

/** `identity_labels.kind` (SQLite migration 0004; the same codes in PostgreSQL). */
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

/**
 * Persons from the identities (`n`: the dialect's identity row id), what was seen with them
 * (`[identity n, name, handle, rows]` per distinct name and handle on the items) and the edits,
 * oldest first. Pure: the dialects read the rows and write what this returns.
 */
export function computePeople(
  identities: ReadonlyArray<{ n: number; platform: string; address: string }>,
  seen: Iterable<readonly [number, string | null, string | null, number]>,
  edits: PeopleEdit[],
): PeopleState {
  const ids: IdentityInfo[] = identities.map((r) => ({
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

export interface EditRow {
  op: string;
  identity: string;
  other: string | null;
  handle: string | null;
  name: string | null;
  at: string;
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
export function columnsSig(
  item: Pick<Item, 'from' | 'to' | 'cc' | 'bcc'>,
  extras: PersonValues,
): string | null {
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
export function personValues(list: IdentityInfo[]): PersonValue[] {
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
    for (const [name] of id.names.slice(0, MAX_NAMES_PER_IDENTITY)) {
      // A display name that is an address (`"zzzz@example.org" <yyyy@example.org>`, a spammer's
      // or a list's) names no one: it stays on the items that carry it, not on every item of the
      // identity, where `to:zzzz@example.org` would find mail never sent there.
      if (!ADDRESS_LIKE.test(name)) add(name);
    }
    for (const h of id.aliasHandles) add(h);
    for (const [h] of id.handles) add(h);
    add(id.address);
  }
  return out;
}

/** The latest alias name, else the name seen most often, else null. */
export function displayName(list: IdentityInfo[]): string | null {
  for (const id of list) if (id.aliasNames.length) return id.aliasNames[id.aliasNames.length - 1] as string;
  let best: [string, number] | null = null;
  for (const id of list) for (const n of id.names) if (best === null || n[1] > best[1]) best = n;
  return best?.[0] ?? null;
}

export function personHandles(list: IdentityInfo[]): string[] {
  const out = new Set<string>();
  for (const id of list) {
    for (const [h] of id.handles) out.add(h);
    for (const h of id.aliasHandles) out.add(h.toLowerCase());
  }
  return [...out].sort(compareKeys);
}

/** What `people list QUERY` looks in: every key, name and handle, lower-cased, and folded. */
export function searchText(list: IdentityInfo[]): string {
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

export function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 24);
}

export function notFound(text: string): InnsynError {
  return new InnsynError(
    'not-found',
    `no person or identity '${text}' in this case: innsyn people list shows them (a key is platform:address, like x:16589206)`,
  );
}

/** What makes two edits the same (an import skips those it holds already). */
export function editKey(e: PeopleEdit): string {
  return JSON.stringify([
    e.op,
    e.identity,
    e.op === 'merge' ? e.other : null,
    e.op === 'alias' ? e.handle : null,
    e.op === 'alias' ? e.name : null,
    e.at,
  ]);
}
