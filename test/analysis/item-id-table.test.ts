import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ItemIdTable } from '../../src/analysis/item-id-table.js';

const hexId = (k: number): string => createHash('sha256').update(`item ${k}`).digest('hex').slice(0, 32);

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

void describe('Analysis - item id table', () => {
  void it('gives back every id as it was added, past the room it started with', () => {
    const t = new ItemIdTable();
    const ids = Array.from({ length: 5000 }, (_, k) => hexId(k));
    ids.push('00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff');
    for (const id of ids) t.add(id);
    assert.equal(t.size, ids.length);
    ids.forEach((id, k) => assert.equal(t.get(k), id));
  });

  void it('keeps ids that are not 32 lower-case hex digits as they are', () => {
    const t = new ItemIdTable();
    const ids = ['m1', '', 'ABCDEF0123456789ABCDEF0123456789', `${hexId(1)}0`, 'øl', hexId(2)];
    for (const id of ids) t.add(id);
    ids.forEach((id, k) => assert.equal(t.get(k), id));
  });

  void it('orders ids as their strings order, hex or not, mixed or not', () => {
    for (const ids of [
      Array.from({ length: 300 }, (_, k) => hexId(k % 250)),
      [...Array.from({ length: 200 }, (_, k) => hexId(k)), 'a', 'g', '0', 'ff', '~', hexId(3)],
    ]) {
      const t = new ItemIdTable();
      for (const id of ids) t.add(id);
      for (let a = 0; a < ids.length; a += 7) {
        for (let b = 0; b < ids.length; b++) {
          assert.equal(Math.sign(t.compare(a, b)), byString(ids[a]!, ids[b]!), `${ids[a]} vs ${ids[b]}`);
        }
      }
    }
  });
});
