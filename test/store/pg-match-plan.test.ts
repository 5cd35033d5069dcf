import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { parseQuery } from '../../src/query/index.js';
import { openStore } from '../../src/store/index.js';
import { matchRowNumbers } from '../../src/store/postgres/pg-facets.js';
import { matchSql, plannedMatchSql } from '../../src/store/postgres/pg-match-sql.js';
import { compileQuery } from '../../src/store/postgres/pg-query-compiler.js';
import type { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { generateItems } from './generate-items.js';
import { startPgCluster } from './pg-cluster.js';

/**
 * The statement that reads a query's matches (src/store/postgres/pg-match-sql.ts): text alone
 * from the full-text table alone; text and conditions on items in the order the planner's row
 * estimates make cheaper, each order giving the same matches. And migration 0004's statistics
 * of `lower(kind)`, `lower(platform)`, `lower(lang)`, which those estimates need.
 */
const started = await startPgCluster();
const skip = 'skip' in started ? started.skip : false;
if (skip) console.log(`# skipped: PostgreSQL match plan tests: ${skip}`);
after(() => {
  if ('cluster' in started) started.cluster.stop();
});

void describe('PostgreSQL match plans', { skip }, () => {
  void test('match plans - text alone, text with few and with many items, all give the matches the query has', async () => {
    if (!('cluster' in started)) return;
    const url = await started.cluster.createDatabase();
    const store = (await openStore(url, { collection: 'm' })) as PostgresStore;
    const db = new pg.Client({ connectionString: url, options: '-c search_path=c_m' });
    await db.connect();
    try {
      const generated = [...generateItems(600, 5)];
      await store.writeBatch({ items: generated, quarantine: [] });
      await db.query('ANALYZE');
      const byId = new Map(generated.map((g) => [g.item.id, g.item]));
      const rowOf = new Map(
        (await db.query<{ id: string; n: string }>('SELECT id, n FROM items')).rows.map((r) => [
          r.id,
          Number(r.n),
        ]),
      );

      /** Row numbers of every match of `q`, and of the items `keep` accepts among `meeting`'s. */
      const rows = async (q: string): Promise<number[]> => {
        const sql = await plannedMatchSql(db, compileQuery(parseQuery(q)));
        return [...(await matchRowNumbers(db, sql))].sort((a, b) => a - b);
      };
      const meeting = (await store.search(parseQuery('meeting'), { limit: 10_000, offset: 0, sort: 'date' }))
        .items;
      assert.ok(meeting.length > 100 && meeting.length < 600, `meeting matches ${meeting.length} of 600`);
      const among = (keep: (id: string) => boolean): number[] =>
        meeting
          .filter((m) => keep(m.id))
          .map((m) => rowOf.get(m.id) as number)
          .sort((a, b) => a - b);

      // Text alone: the full-text table alone.
      const text = matchSql(compileQuery(parseQuery('meeting')));
      assert.doesNotMatch(text.sql, /items/, 'text alone reads no items');
      assert.deepEqual(
        await rows('meeting'),
        among(() => true),
      );

      // Every item is an email: the condition selects all, so the index's matches come first.
      const all = compileQuery(parseQuery('kind:email meeting'));
      assert.match((await plannedMatchSql(db, all)).sql, /OFFSET 0/, 'kind:email meeting: the index first');
      assert.deepEqual(
        await rows('kind:email meeting'),
        among(() => true),
      );
      assert.deepEqual(await rows('-kind:email meeting'), []);

      // One day: few items, each tested.
      const day = meeting[0]?.sentAt?.slice(0, 10) as string;
      const oneDay = compileQuery(parseQuery(`date:${day} meeting`));
      assert.doesNotMatch((await plannedMatchSql(db, oneDay)).sql, /OFFSET 0/, 'a day: its items tested');
      assert.deepEqual(
        await rows(`date:${day} meeting`),
        among((id) => byId.get(id)?.sentAt?.slice(0, 10) === day),
      );

      // The same statements whichever order is taken: both forms give one set.
      const lang = compileQuery(parseQuery('lang:en meeting'));
      const forced = await matchRowNumbers(db, matchSql(lang));
      assert.deepEqual(
        await rows('lang:en meeting'),
        [...forced].sort((a, b) => a - b),
      );
      assert.deepEqual(
        await rows('lang:en meeting'),
        among((id) => byId.get(id)?.lang === 'en'),
      );

      // Migration 0004: what the planner estimates conditions on kind, platform and language by.
      const version = Number(
        (await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]?.v,
      );
      const stats = (
        await db.query<{ name: string }>(
          "SELECT stxname AS name FROM pg_statistic_ext WHERE stxnamespace = 'c_m'::regnamespace ORDER BY 1",
        )
      ).rows.map((r) => r.name);
      assert.deepEqual(
        stats,
        version >= 140000 ? ['items_kind_values', 'items_lang_values', 'items_platform_values'] : [],
      );
      if (version >= 140000) {
        const estimate = await db.query<{ plan: Array<{ Plan: { 'Plan Rows': number } }> }>(
          "EXPLAIN (FORMAT JSON) SELECT n FROM items i WHERE lower(i.kind) = 'email'",
        );
        const planned = estimate.rows[0] as unknown as Record<
          string,
          Array<{ Plan: { 'Plan Rows': number } }>
        >;
        assert.equal(
          planned['QUERY PLAN']?.[0]?.Plan['Plan Rows'],
          600,
          'every item is an email, and the planner knows',
        );
      }
    } finally {
      await db.end();
      await store.close();
    }
  });

  void test('search pages - chosen among the matches, by walking, or from the facet index: the same pages', async () => {
    if (!('cluster' in started)) return;
    const url = await started.cluster.createDatabase();
    const open = async (): Promise<PostgresStore> =>
      (await openStore(url, { collection: 'p' })) as PostgresStore;
    const writer = await open();
    await writer.writeBatch({ items: [...generateItems(500, 9)], quarantine: [] });
    await writer.close();
    // Walking: the items in date order, the full-text index in rank order.
    const walking = await open();
    walking.pageChoice = { amongMatches: 0, rankAmongShare: 0 };
    // Among the matches by row number (no facet index loaded).
    const among = await open();
    among.pageChoice = { amongMatches: 1_000_000, rankAmongShare: Number.POSITIVE_INFINITY };
    // Date order from the facet index's send times (loaded by a facets call).
    const indexed = await open();
    await indexed.facets(null, { limit: 5 });
    try {
      const day = (await walking.search(parseQuery('meeting'), { limit: 1, offset: 0, sort: 'date' }))
        .items[0]?.sentAt as string;
      const queries = [
        'meeting',
        'kind:email meeting',
        'budget OR faktura',
        '-kind:email meeting',
        `date:${day.slice(0, 7)} meeting`,
        'zzqqnothing',
      ];
      for (const q of queries) {
        for (const sort of ['relevance', 'date', 'date-asc'] as const) {
          for (const [offset, limit] of [
            [0, 50],
            [17, 9],
            [0, 1000],
          ] as const) {
            const options = { limit, offset, sort };
            const want = await walking.search(parseQuery(q), options);
            const what = `${q}, ${sort}, ${offset}+${limit}`;
            assert.ok(q === 'zzqqnothing' || q.startsWith('-') || want.total > 0, `${what}: matches`);
            assert.deepEqual(await among.search(parseQuery(q), options), want, `${what}: among the matches`);
            assert.deepEqual(
              await indexed.search(parseQuery(q), options),
              want,
              `${what}: from the facet index`,
            );
          }
        }
      }
    } finally {
      await Promise.all([walking.close(), among.close(), indexed.close()]);
    }
  });
});
