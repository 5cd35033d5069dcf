import type { QueryNode } from '../../src/query/index.js';
export { seededRandom as prng } from '../helpers/seeded-random.js';

/** A deep copy of `node` without `pos`, so trees from different spellings can be compared. */
export function withoutPos(node: QueryNode | null): unknown {
  return node === null
    ? null
    : JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === 'pos' ? undefined : v)));
}
