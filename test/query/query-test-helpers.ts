import type { QueryNode } from '../../src/query/index.js';

/** A deep copy of `node` without `pos`, so trees from different spellings can be compared. */
export function withoutPos(node: QueryNode | null): unknown {
  return node === null
    ? null
    : JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'pos' ? undefined : v)));
}

/** A small seeded PRNG (mulberry32), so a failing random case can be reproduced from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
