import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datePage } from '../../src/store/postgres/pg-date-page.js';

/**
 * datePage (src/store/postgres/pg-date-page.ts) against SQL's order written out as a sort:
 * `sent_at DESC NULLS LAST, key DESC` (key = n dated, -n undated) and `sent_at ASC NULLS LAST,
 * key ASC`, over random matches with shared send times and undated items, for pages at every
 * offset.
 */
function sqlOrder(sentAt: Float64Array, matches: number[], oldestFirst: boolean): number[] {
  const key = (n: number): number => (Number.isNaN(sentAt[n]) ? -n : n);
  return [...matches].sort((a, b) => {
    const ta = sentAt[a] as number;
    const tb = sentAt[b] as number;
    const na = Number.isNaN(ta);
    const nb = Number.isNaN(tb);
    if (na !== nb) return na ? 1 : -1; // NULLS LAST both ways
    if (!na && ta !== tb) return oldestFirst ? ta - tb : tb - ta;
    return oldestFirst ? key(a) - key(b) : key(b) - key(a);
  });
}

test('date page - every page of random matches is the slice SQL order gives, newest and oldest first', () => {
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let round = 0; round < 40; round++) {
    const size = 1 + Math.floor(random() * 400);
    const sentAt = new Float64Array(size + 1);
    for (let n = 1; n <= size; n++) {
      // Few distinct times (ties) and a share of undated items.
      sentAt[n] = random() < 0.2 ? NaN : 1_600_000_000_000 + Math.floor(random() * 30) * 60_000;
    }
    const matches = [];
    for (let n = 1; n <= size; n++) if (random() < 0.6) matches.push(n);
    for (const oldestFirst of [false, true]) {
      const all = sqlOrder(sentAt, matches, oldestFirst);
      for (const [offset, limit] of [
        [0, 50],
        [0, 1],
        [3, 7],
        [Math.floor(matches.length / 2), 10],
        [Math.max(0, matches.length - 2), 5],
        [matches.length, 5],
        [0, matches.length + 10],
      ] as const) {
        assert.deepEqual(
          datePage(sentAt, Int32Array.from(matches), oldestFirst, offset, limit),
          all.slice(offset, offset + limit),
          `round ${round}, ${oldestFirst ? 'oldest' : 'newest'} first, offset ${offset}, limit ${limit}`,
        );
      }
    }
  }
});
