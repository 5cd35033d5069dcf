import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { QueryNode } from '../../src/query/ast.js';
import { parseQuery } from '../../src/query/index.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { generateItems, type GeneratedItem } from './generate-items.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-date-matches-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const DAY_MS = 86_400_000;
/** The last millisecond of 2017-03-31: 600 items there spill their date keys past midnight. */
const CROWDED = Date.UTC(2017, 3, 1) - 1;

/**
 * Generated mail with dates set for the edges: 600 items in one millisecond just before a
 * midnight (more than a millisecond's 512 keys), items at midnights, undated items, and dates
 * outside the years date keys tell apart (1601, 1850, 2500).
 */
function items(): GeneratedItem[] {
  const all = [...generateItems(900, 11)];
  const dates: Array<number | null> = [];
  for (let i = 0; i < 600; i++) dates.push(CROWDED);
  dates.push(Date.UTC(2017, 3, 1), Date.UTC(2017, 2, 31), Date.UTC(2017, 3, 2) - 1, Date.UTC(2017, 3, 2));
  dates.push(null, null, null);
  dates.push(
    Date.UTC(1601, 0, 1),
    Date.UTC(1850, 5, 1, 12),
    Date.UTC(1969, 11, 31, 23),
    Date.UTC(2500, 0, 1),
  );
  dates.forEach((ms, i) => {
    const g = all[i] as GeneratedItem;
    g.item.sentAt = ms === null ? null : new Date(ms).toISOString();
  });
  return all;
}

/** What matches by definition: the items whose sentAt lies in [from, to). */
function expected(all: GeneratedItem[], from: number | null, to: number | null): number {
  return all.filter(({ item }) => {
    if (item.sentAt === null) return false;
    const ms = Date.parse(item.sentAt);
    return (from === null || ms >= from) && (to === null || ms < to);
  }).length;
}

const QUERIES: Array<[string, number | null, number | null]> = [
  ['date:2017-03-31', Date.UTC(2017, 2, 31), Date.UTC(2017, 3, 1)],
  ['date:2017-04-01', Date.UTC(2017, 3, 1), Date.UTC(2017, 3, 2)],
  ['date:2017-03..2017-04', Date.UTC(2017, 2, 1), Date.UTC(2017, 4, 1)],
  ['date:..2017-03-31', null, Date.UTC(2017, 3, 1)],
  ['after:2017-03-31', Date.UTC(2017, 3, 1), null],
  ['before:2017-04-01', null, Date.UTC(2017, 3, 1)],
  ['date:2017 date:2017-03..2018', Date.UTC(2017, 2, 1), Date.UTC(2018, 0, 1)],
  ['date:2016..2018', Date.UTC(2016, 0, 1), Date.UTC(2019, 0, 1)],
  ['date:1601', Date.UTC(1601, 0, 1), Date.UTC(1602, 0, 1)],
  ['date:1850', Date.UTC(1850, 0, 1), Date.UTC(1851, 0, 1)],
  ['date:1969', Date.UTC(1969, 0, 1), Date.UTC(1970, 0, 1)],
  ['date:2500', Date.UTC(2500, 0, 1), Date.UTC(2501, 0, 1)],
  ['date:..1900', null, Date.UTC(1901, 0, 1)],
  ['date:2018 date:2017', Date.UTC(2018, 0, 1), Date.UTC(2018, 0, 1)],
];

describe('queries of dates alone', () => {
  let all: GeneratedItem[];
  let served: SqliteStore; // the facet index in use, as in the server
  let oneOff: SqliteStore; // none, as in the CLI: SQL counts

  it('are written', async () => {
    const file = path.join(dir, 'dates.db');
    all = items();
    served = openSqliteStore(file, { prepareWorkers: 0 });
    await served.writeBatch({ items: all, quarantine: [] });
    oneOff = openSqliteStore(file, { prepareWorkers: 0 });
    await served.facets(null, { limit: 1 });
  });

  after(async () => {
    await served?.close();
    await oneOff?.close();
  });

  it('match the items dated in their range, from the facet index as from SQL', async () => {
    for (const [q, from, to] of QUERIES) {
      const want = expected(all, from, to);
      const ast = parseQuery(q);
      const a = await served.search(ast, { limit: 10, offset: 0, sort: 'relevance' });
      const b = await oneOff.search(ast, { limit: 10, offset: 0, sort: 'date' });
      assert.equal(a.total, want, `${q}: total with the facet index`);
      assert.equal(b.total, want, `${q}: total counted in SQL`);
      const facets = await served.facets(ast, { limit: 50 });
      const counted = facets.hasAttachment.reduce((s, bucket) => s + bucket.count, 0);
      assert.equal(counted, want, `${q}: facets count every match`);
      const histogram = await served.histogram(ast, { interval: 'day' });
      const inBuckets = histogram.buckets.reduce((s, bucket) => s + bucket.count, 0);
      assert.equal(inBuckets + histogram.clipped, want, `${q}: histogram`);
      assert.equal(histogram.undated, 0, `${q}: no undated match`);
      // The facets of a date query equal those of the same query asked through SQL (an AND with
      // a condition every item meets, which takes the SQL path).
      const viaSql = parseQuery(`${q} (has:attachment OR -has:attachment)`);
      assert.deepEqual(facets, await served.facets(viaSql, { limit: 50 }), `${q}: facets as SQL finds them`);
    }
  });

  it('with bounds off midnight match exactly too', async () => {
    const from = CROWDED - 10;
    const to = Date.UTC(2017, 3, 1, 0, 0, 0, 1);
    const ast: QueryNode = {
      type: 'date',
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      pos: 0,
    };
    const want = expected(all, from, to);
    assert.equal(want, 601);
    assert.equal((await served.search(ast, { limit: 5, offset: 0, sort: 'date' })).total, want);
    assert.equal((await oneOff.search(ast, { limit: 5, offset: 0, sort: 'date' })).total, want);
    const facets = await served.facets(ast, { limit: 5 });
    assert.equal(
      facets.hasAttachment.reduce((s, bucket) => s + bucket.count, 0),
      want,
    );
  });

  it('take in items written after the index was built', async () => {
    const more = [...generateItems(20, 12)];
    for (const g of more) g.item.sentAt = new Date(CROWDED - DAY_MS).toISOString(); // 2017-03-30
    await served.writeBatch({ items: more, quarantine: [] });
    all.push(...more);
    const ast = parseQuery('date:2017-03-30..2017-03-31');
    const want = expected(all, Date.UTC(2017, 2, 30), Date.UTC(2017, 3, 1));
    assert.ok(want >= 620, `${want}`);
    assert.equal((await served.search(ast, { limit: 5, offset: 0, sort: 'relevance' })).total, want);
    assert.equal((await oneOff.search(ast, { limit: 5, offset: 0, sort: 'date' })).total, want);
  });
});
