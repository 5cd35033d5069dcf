import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  MAX_TIMELINE_BUCKETS,
  timeline,
  type TimelineBucket,
  type TimelineRow,
} from '../../../src/analysis/timeline.js';
import { isInnsynError } from '../../../src/model/errors.js';
import { item, post } from './pattern-items.js';

/** Rows as plain data (byPerson is a null-prototype object). */
const plain = (rows: TimelineRow[]) => rows.map((r) => ({ ...r, byPerson: { ...r.byPerson } }));
const starts = (rows: TimelineRow[]) => rows.map((r) => r.start);

void describe('Timeline - buckets', () => {
  void it('counts by day, private and public apart, lanes by sender, empty days included', () => {
    const t = timeline(
      [
        item('m1', '2020-01-01T10:00', 'ann', ['bob']),
        post('p1', '2020-01-01T23:59:59', 'bob'),
        item('m2', '2020-01-03T00:00', 'bob', ['ann']),
        item('m3', '2020-01-03T08:00', null, ['ann']), // no sender: totals only
      ],
      { bucket: 'day' },
    );
    assert.equal(t.bucket, 'day');
    assert.equal(t.timeZone, 'UTC');
    assert.equal(t.undated, 0);
    assert.deepEqual(plain(t.buckets), [
      {
        start: '2020-01-01T00:00:00.000Z',
        private: 1,
        public: 1,
        byPerson: { ann: { private: 1, public: 0 }, bob: { private: 0, public: 1 } },
      },
      { start: '2020-01-02T00:00:00.000Z', private: 0, public: 0, byPerson: {} },
      {
        start: '2020-01-03T00:00:00.000Z',
        private: 2,
        public: 0,
        byPerson: { bob: { private: 1, public: 0 } },
      },
    ]);
  });

  void it('starts ISO weeks on Monday, also across a year end', () => {
    const t = timeline(
      [
        post('wed', '2020-01-01T12:00', 'a'), // Wednesday of the week of Monday 2019-12-30
        post('sun', '2020-01-05T23:59:59.999', 'a'),
        post('mon', '2020-01-06T00:00', 'a'),
      ],
      { bucket: 'week' },
    );
    assert.deepEqual(
      t.buckets.map((r) => [r.start, r.public]),
      [
        ['2019-12-30T00:00:00.000Z', 2],
        ['2020-01-06T00:00:00.000Z', 1],
      ],
    );
  });

  void it('places days before 1970 in their week', () => {
    const t = timeline([post('x', '1969-12-31T12:00', 'a')], { bucket: 'week' });
    assert.deepEqual(starts(t.buckets), ['1969-12-29T00:00:00.000Z']);
  });

  void it('counts by calendar month, with an empty February of a leap year', () => {
    const t = timeline(
      [
        post('a', '2020-01-31T23:00', 'a'),
        post('b', '2020-03-01T00:00', 'a'),
        post('c', '2020-02-29T12:00', 'a'),
      ],
      {
        bucket: 'month',
      },
    );
    assert.deepEqual(
      t.buckets.map((r) => [r.start, r.public]),
      [
        ['2020-01-01T00:00:00.000Z', 1],
        ['2020-02-01T00:00:00.000Z', 1],
        ['2020-03-01T00:00:00.000Z', 1],
      ],
    );
    const year50 = new Date(0);
    year50.setUTCFullYear(50, 5, 15);
    assert.deepEqual(
      starts(timeline([item('y', null, 'a', [], { sentAt: year50.getTime() })], { bucket: 'month' }).buckets),
      ['0050-06-01T00:00:00.000Z'],
    );
  });

  void it('counts by hour', () => {
    const t = timeline([post('a', '2020-01-01T10:59:59', 'a'), post('b', '2020-01-01T12:00', 'a')], {
      bucket: 'hour',
    });
    assert.deepEqual(
      t.buckets.map((r) => [r.start, r.public]),
      [
        ['2020-01-01T10:00:00.000Z', 1],
        ['2020-01-01T11:00:00.000Z', 0],
        ['2020-01-01T12:00:00.000Z', 1],
      ],
    );
  });

  void it('counts undated and unusable dates apart, and is empty without dated items', () => {
    const t = timeline(
      [
        item('u', null, 'a', []),
        item('n', null, 'a', [], { sentAt: Number.NaN }),
        item('big', null, 'a', [], { sentAt: 1e300 }),
      ],
      {
        bucket: 'day',
      },
    );
    assert.deepEqual(t, { bucket: 'day', timeZone: 'UTC', buckets: [], undated: 3 });
  });

  void it('keeps "__proto__" and "constructor" as person keys', () => {
    const t = timeline(
      [post('a', '2020-01-01T10:00', '__proto__'), post('b', '2020-01-01T10:00', 'constructor')],
      { bucket: 'day' },
    );
    const by = t.buckets[0]?.byPerson ?? {};
    assert.deepEqual(Object.keys(by).sort(), ['__proto__', 'constructor']);
    assert.deepEqual({ ...by['__proto__'] }, { private: 0, public: 1 });
    assert.equal(Object.getPrototypeOf(by), null);
  });
});

void describe('Timeline - limits and usage', () => {
  const HOUR = 3_600_000;
  void it(`allows ${MAX_TIMELINE_BUCKETS} buckets and refuses one more, advising a coarser bucket`, () => {
    const at = (h: number) => item(`h${h}`, null, 'a', [], { sentAt: h * HOUR });
    assert.equal(
      timeline([at(0), at(MAX_TIMELINE_BUCKETS - 1)], { bucket: 'hour' }).buckets.length,
      MAX_TIMELINE_BUCKETS,
    );
    assert.throws(
      () => timeline([at(0), at(MAX_TIMELINE_BUCKETS)], { bucket: 'hour' }),
      (e) =>
        isInnsynError(e) &&
        e.code === 'usage' &&
        /100001 buckets/.test(e.message) &&
        /coarser bucket \(day, week, month\)/.test(e.message),
    );
  });

  void it('refuses a stray date far from the rest by hour, and takes it by month', () => {
    const items = [post('old', '1970-01-01T00:00', 'a'), post('new', '2016-10-12T12:31', 'a')];
    assert.throws(
      () => timeline(items, { bucket: 'hour' }),
      (e) => isInnsynError(e) && e.code === 'usage',
    );
    assert.equal(timeline(items, { bucket: 'month' }).buckets.length, 46 * 12 + 10);
  });

  void it('refuses an unknown bucket or time zone', () => {
    assert.throws(
      () => timeline([], { bucket: 'year' as TimelineBucket }),
      (e) => isInnsynError(e) && e.code === 'usage' && e.message.includes("'year'"),
    );
    assert.throws(
      () => timeline([], { bucket: 'day', timeZone: 'Europe/Oslo' as 'UTC' }),
      (e) => isInnsynError(e) && e.code === 'usage',
    );
  });
});
