import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyItemTable } from '../../src/store/sqlite/key-item-table.js';

/** A deterministic sequence of numbers in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('KeyItemTable', () => {
  it('finds the item of each key, ascending or not, and leaves out unknown keys', () => {
    const t = new KeyItemTable();
    const known = new Map<number, number>();
    const rnd = lcg(7);
    // Date keys are large (up to 2^53) and may be negative (undated items); items are added out of key order.
    for (let n = 1; n <= 5000; n++) {
      const key = rnd() < 0.05 ? -n : Math.floor(rnd() * 2 ** 52);
      if (known.has(key)) continue;
      known.set(key, n);
      t.add(key, n);
    }
    assert.equal(t.size, known.size);
    const all = [...known.keys()];
    const ascending = [...all].sort((a, b) => a - b);
    assert.deepEqual(
      [...t.itemsOf(ascending)],
      ascending.map((k) => known.get(k)),
    );
    assert.deepEqual(
      [...t.itemsOf(all)],
      all.map((k) => known.get(k)),
      'in insertion order',
    );
    const descending = [...ascending].reverse();
    assert.deepEqual(
      [...t.itemsOf(descending)],
      descending.map((k) => known.get(k)),
    );

    // A sparse, ascending selection mixed with keys the table does not hold.
    const asked = ascending.filter((_, i) => i % 37 === 0).flatMap((k) => [k, k + 0.5]);
    const expected = asked.filter((k) => known.has(k)).map((k) => known.get(k));
    assert.deepEqual([...t.itemsOf(asked)], expected);
    assert.deepEqual([...t.itemsOf([Number.MIN_SAFE_INTEGER, 2 ** 53])], []);
    assert.deepEqual([...t.itemsOf(new Float64Array(0))], []);
  });

  it('takes keys added after a lookup, in between and around the old ones', () => {
    const t = new KeyItemTable();
    for (let k = 10; k <= 100; k += 10) t.add(k, k / 10);
    assert.deepEqual([...t.itemsOf([10, 50, 100])], [1, 5, 10]);
    // Grows past the first capacity, with keys below, between and above those there.
    for (let i = 0; i < 3000; i++) t.add(1000 + i, 100 + i);
    t.add(5, 99);
    t.add(55, 98);
    assert.equal(t.size, 3012);
    assert.deepEqual(
      [...t.itemsOf([5, 10, 50, 55, 60, 100, 1000, 3999, 4000])],
      [99, 1, 5, 98, 6, 10, 100, 3099],
    );
  });
  it('walks the items of a range of keys in key order, keys added since included', () => {
    const t = new KeyItemTable();
    for (const k of [40, 10, 30, 20]) t.add(k, k / 10);
    const range = (from: number | null, to: number | null): number[] => {
      const out: number[] = [];
      t.forEachInRange(from, to, (n) => out.push(n));
      return out;
    };
    assert.deepEqual(range(null, null), [1, 2, 3, 4]);
    assert.deepEqual(range(20, 40), [2, 3]);
    assert.deepEqual(range(15, 35), [2, 3]);
    assert.deepEqual(range(null, 20), [1]);
    assert.deepEqual(range(41, null), []);
    assert.deepEqual(range(30, 30), []);
    t.add(25, 9);
    assert.deepEqual(range(20, 31), [2, 9, 3]);
  });
});
