import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isDated, isoTime, secondsOption, sortByTime } from '../../../src/analysis/analysis-time.js';
import { isInnsynError } from '../../../src/model/errors.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { item } from './pattern-items.js';

void describe('Analysis time - isoTime', () => {
  void it('writes exactly what Date#toISOString writes, at the edges of days, months, leap years and eras', () => {
    const edges = [
      0,
      -1,
      1,
      Date.UTC(2016, 8, 21, 3, 59),
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 1, 28, 12),
      Date.parse('0000-01-01T00:00:00.000Z'),
      Date.parse('0000-01-01T00:00:00.000Z') - 1,
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('9999-12-31T23:59:59.999Z') + 1,
      Date.parse('0001-03-01T00:00:00.007Z'),
      -8.6e15,
      1.5,
      -1.5,
      8.6e15,
    ];
    for (const ms of edges) assert.equal(isoTime(ms), new Date(ms).toISOString(), String(ms));
  });

  void it('agrees with Date#toISOString on 100,000 random times from year 0 to 9999', () => {
    const rnd = seededRandom(42);
    const lo = Date.parse('0000-01-01T00:00:00.000Z');
    const hi = Date.parse('9999-12-31T23:59:59.999Z');
    for (let i = 0; i < 100_000; i++) {
      const ms = lo + Math.floor(rnd() * (hi - lo));
      assert.equal(isoTime(ms), new Date(ms).toISOString());
    }
  });
});

void describe('Analysis time - dates, order, options', () => {
  void it('takes only finite times inside the Date range as dated', () => {
    const at = (sentAt: number | null) => isDated(item('x', null, 'a', [], { sentAt }));
    assert.deepEqual(
      [at(0), at(-5), at(null), at(Number.NaN), at(Infinity), at(8.7e15), at(-8.7e15)],
      [true, true, false, false, false, false, false],
    );
  });

  void it('sorts by time, then id; keeps undated in input order; leaves sorted input as it is', () => {
    const items = [
      item('b', '2020-01-01T10:00', 'a', []),
      item('u2', null, 'a', []),
      item('a', '2020-01-01T10:00', 'a', []),
      item('c', '2019-01-01T10:00', 'a', []),
      item('u1', null, 'a', []),
    ];
    const { dated, undated } = sortByTime(items);
    assert.deepEqual(
      dated.map((i) => i.id),
      ['c', 'a', 'b'],
    );
    assert.deepEqual(
      undated.map((i) => i.id),
      ['u2', 'u1'],
    );
    assert.deepEqual(
      sortByTime(dated).dated.map((i) => i.id),
      ['c', 'a', 'b'],
    );
  });

  void it('checks a seconds option instead of defaulting it', () => {
    assert.equal(secondsOption('x', undefined, 30), 30);
    assert.equal(secondsOption('x', 0, 30), 0);
    assert.throws(
      () => secondsOption('silenceSeconds', -1, 30),
      (e) => isInnsynError(e) && e.code === 'usage',
    );
  });
});
