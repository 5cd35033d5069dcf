import type { PeopleEdit, PersonLink } from './people.js';

/** What grouping needs of one identity. */
export interface GroupingIdentity {
  /** `platform:address`. */
  key: string;
  platform: string;
  address: string;
  /** Handles seen on its items and given by aliases (any case, without '@'). */
  handles: readonly string[];
}

export interface Grouping {
  /** The person key of each identity, in the order given. */
  personOf: string[];
  /** The joins that made the persons (a spanning forest), automatic ones first, then merges in edit order. */
  links: Array<PersonLink & { person: string }>;
  /** `platform:handle` → the identity keys of the different accounts that claim it (not joined by it). */
  conflicts: Map<string, string[]>;
}

/**
 * What the hand edits amount to, replayed in order: a split takes its identity out of every
 * merge recorded before it and keeps it out of the automatic rules from then on; merges recorded
 * after it apply again. Aliases do not join by themselves (their handles go with the others).
 */
export function effectiveEdits(edits: readonly PeopleEdit[]): {
  merges: Array<[string, string]>;
  isolated: Set<string>;
} {
  let merges: Array<[string, string]> = [];
  const isolated = new Set<string>();
  for (const e of edits) {
    if (e.op === 'merge') merges.push([e.identity, e.other]);
    else if (e.op === 'split') {
      isolated.add(e.identity);
      merges = merges.filter(([a, b]) => a !== e.identity && b !== e.identity);
    }
  }
  return { merges, isolated };
}

/**
 * Joins identities into persons (people.ts): by the same address in another case, by the same
 * handle on one platform, and by hand. A handle that two or more different accounts of one
 * platform claim (X handles are given up and taken by others; two archives of different years
 * may disagree) joins nothing: guessing would put one person's messages under another. Merges
 * naming an identity the case does not hold still pass joins through it, so edits made on a
 * larger case keep their meaning on a smaller one.
 *
 * Deterministic: the same identities and edits give the same persons, keys and links on every
 * machine, whatever order they are given in. No recursion (union-find with path halving).
 */
export function groupIdentities(ids: readonly GroupingIdentity[], edits: readonly PeopleEdit[]): Grouping {
  const { merges, isolated } = effectiveEdits(edits);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id.key, i));
  // Identities that merges name but the case does not hold get a node of their own.
  const absent: string[] = [];
  const nodeOf = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = ids.length + absent.length;
      absent.push(key);
      index.set(key, i);
    }
    return i;
  };
  for (const [a, b] of merges) {
    nodeOf(a);
    nodeOf(b);
  }
  const keyOf = (i: number): string =>
    i < ids.length ? (ids[i] as GroupingIdentity).key : (absent[i - ids.length] as string);
  const parent = Int32Array.from({ length: ids.length + absent.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const joins: Array<{ at: number; link: PersonLink }> = [];
  const union = (a: number, b: number, rule: PersonLink['rule'], value: string | null): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    parent[Math.max(ra, rb)] = Math.min(ra, rb);
    joins.push({ at: a, link: { a: keyOf(a), b: keyOf(b), rule, value } });
  };

  // Sorted by key, so that which identity a rule joins the others to does not depend on input order.
  const order = ids.map((_, i) => i).sort((x, y) => compareKeys(keyOf(x), keyOf(y)));
  const automatic = order.filter((i) => !isolated.has(keyOf(i)));

  const byAddress = new Map<string, number[]>();
  for (const i of automatic) {
    const id = ids[i] as GroupingIdentity;
    push(byAddress, `${id.platform}\u0000${id.address.toLowerCase()}`, i);
  }
  for (const [k, members] of byAddress) {
    const first = members[0] as number;
    for (const m of members.slice(1)) union(first, m, 'address', k.slice(k.indexOf('\u0000') + 1));
  }

  const byHandle = new Map<string, number[]>();
  for (const i of automatic) {
    const id = ids[i] as GroupingIdentity;
    for (const h of new Set(id.handles.map((x) => x.toLowerCase())))
      push(byHandle, `${id.platform}\u0000${h}`, i);
  }
  const conflicts = new Map<string, string[]>();
  for (const [k, members] of byHandle) {
    const cut = k.indexOf('\u0000');
    const platform = k.slice(0, cut);
    const handle = k.slice(cut + 1);
    // An identity addressed by the handle itself names no account; the others are accounts.
    const accounts = new Set(
      members.map((i) => (ids[i] as GroupingIdentity).address.toLowerCase()).filter((a) => a !== handle),
    );
    if (accounts.size > 1) {
      conflicts.set(`${platform}:${handle}`, members.map(keyOf));
      continue;
    }
    const first = members[0] as number;
    for (const m of members.slice(1)) union(first, m, 'handle', handle);
  }

  for (const [a, b] of merges) union(index.get(a) as number, index.get(b) as number, 'merge', null);

  const smallest = new Map<number, string>();
  for (const i of order) {
    const r = find(i);
    if (!smallest.has(r)) smallest.set(r, keyOf(i));
  }
  const links: Grouping['links'] = [];
  for (const { at, link } of joins) {
    const person = smallest.get(find(at));
    // A join among identities the case does not hold belongs to no person.
    if (person !== undefined) links.push({ ...link, person });
  }
  return { personOf: ids.map((_, i) => smallest.get(find(i)) as string), links, conflicts };
}

/** Code-unit order: the same on every machine and in every locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
