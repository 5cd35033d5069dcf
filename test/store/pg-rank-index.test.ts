import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { compileQuery } from '../../src/store/postgres/pg-query-compiler.js';
import type { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { runCli } from '../helpers/run-cli.js';
import { generateItems } from './generate-items.js';
import { startPgCluster } from './pg-cluster.js';

/**
 * The rank index (src/store/postgres/pg-rank-index.ts): a RUM index made by `innsyn rank-index
 * create` on one collection orders that collection's relevance searches, finds the same matches,
 * and leaves other collections ranking with ts_rank; `drop` takes it away. Needs the rum
 * extension on the test server (Debian's postgresql-15-rum, which .ci/run installs).
 */
const started = await startPgCluster();
let skip: string | false = 'skip' in started ? started.skip : false;
let url = '';
if ('cluster' in started) {
  url = await started.cluster.createDatabase();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'");
  await c.end();
  if (r.rowCount === 0)
    skip = 'the rum extension is not installed on this PostgreSQL (Debian: postgresql-15-rum)';
}
if (skip) console.log(`# skipped: rank index tests: ${skip}`);

after(() => {
  if ('cluster' in started) started.cluster.stop();
});

const QUERIES = ['meeting', 'budget deadline', 'invoice OR faktura', 'møte', 'rep* -budget'];

/** Every match of each query (ids, sorted) and the total, which an index must not change. */
async function matchSets(store: Store): Promise<Array<{ total: number; ids: string[] }>> {
  const out = [];
  for (const q of QUERIES) {
    const r = await store.search(parseQuery(q), { limit: 1000, offset: 0, sort: 'relevance' });
    out.push({ total: r.total, ids: r.items.map((i) => i.id).sort() });
  }
  return out;
}

/** Every match of `q` in collection a with RUM's distance, by that distance, ties newest first. */
async function rumOrder(q: string): Promise<Array<{ id: string; d: number; sent: string | null }>> {
  const c = new pg.Client({ connectionString: url, options: '-c search_path=c_a' });
  await c.connect();
  try {
    const r = await c.query<{ id: string; d: number; sent: string | null }>(
      'SELECT i.id, f.doc OPERATOR(public.<=>) $1::tsquery AS d, i.sent_at::text AS sent FROM items i ' +
        'JOIN fts f ON f.n = i.n WHERE f.doc @@ $1::tsquery ' +
        'ORDER BY 2, i.sent_at DESC NULLS LAST, (CASE WHEN i.sent_at IS NULL THEN -i.n ELSE i.n END) DESC',
      [compileQuery(parseQuery(q)).match],
    );
    return r.rows;
  } finally {
    await c.end();
  }
}

/**
 * A page by relevance with the rank index: the best distances, in order, ties newest first
 * (where a tie spans the page's end, which of the tied items are on it is the index's choice).
 */
async function assertRumPage(store: Store, q: string, offset: number, limit: number): Promise<void> {
  const page = await store.search(parseQuery(q), { limit, offset, sort: 'relevance' });
  const all = await rumOrder(q);
  const byId = new Map(all.map((m) => [m.id, m]));
  const got = page.items.map((i) => byId.get(i.id));
  assert.ok(
    got.every((m) => m !== undefined),
    `${q}: every result is a match`,
  );
  const expected = all.slice(offset, offset + limit);
  assert.deepEqual(
    got.map((m) => m?.d),
    expected.map((m) => m.d),
    `${q} (offset ${offset}): the best distances of the rank index, in order`,
  );
  const last = expected[expected.length - 1]?.d;
  assert.deepEqual(
    got.filter((m) => m?.d !== last).map((m) => m?.id),
    expected.filter((m) => m.d !== last).map((m) => m.id),
    `${q}: ties newest first`,
  );
}

void describe('PostgreSQL rank index', { skip }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-rank-index-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('rank index - made on one collection it orders its relevance searches, with the same matches; dropped, ts_rank again', async () => {
    const a = (await openStore(url, { collection: 'a' })) as PostgresStore;
    const b = (await openStore(url, { collection: 'b' })) as PostgresStore;
    try {
      await a.writeBatch({ items: [...generateItems(300, 21)], quarantine: [] });
      await b.writeBatch({ items: [...generateItems(300, 21)], quarantine: [] });
      const before = await matchSets(a);
      assert.ok(
        before.every((m) => m.total > 0 && m.ids.length === Math.min(m.total, 1000)),
        JSON.stringify(before),
      );
      assert.equal((await a.rankIndex('status')).index, false);

      const made = await a.rankIndex('create');
      assert.equal(made.index, true);
      assert.ok(made.extension, 'the extension was created');
      assert.ok((made.bytes ?? 0) > 0);
      assert.equal(
        (await b.rankIndex('status')).index,
        false,
        "the other collection's own index is not made",
      );

      assert.deepEqual(await matchSets(a), before, 'the same matches and totals');
      for (const q of QUERIES) {
        await assertRumPage(a, q, 0, 10);
        await assertRumPage(a, q, 7, 5);
      }
      // Date order and the other collection answer as before.
      const byDate = await a.search(parseQuery('meeting'), { limit: 5, offset: 0, sort: 'date' });
      assert.deepEqual(byDate, await b.search(parseQuery('meeting'), { limit: 5, offset: 0, sort: 'date' }));
      assert.deepEqual(await matchSets(b), before);

      // A reindex rewrites every row: the index is made again at its end, and still orders.
      await a.reindex();
      assert.equal((await a.rankIndex('status')).index, true, 'the rank index survives a reindex');
      assert.deepEqual(await matchSets(a), before);
      await assertRumPage(a, 'meeting', 0, 10);

      const dropped = await a.rankIndex('drop');
      assert.equal(dropped.index, false);
      assert.ok(dropped.extension, 'the extension stays (other collections may use it)');
      assert.deepEqual(await matchSets(a), before);
    } finally {
      await a.close();
      await b.close();
    }
  });

  void test('rank index - the CLI makes it, says what it did, and refuses a database file', () => {
    const made = runCli(['rank-index', 'create', '--db', url, '--collection', 'a', '--json']);
    assert.equal(made.code, 0, made.stderr);
    const doc = JSON.parse(made.stdout) as { index: boolean; extension: string | null };
    assert.equal(doc.index, true);
    const status = runCli(['rank-index', '--db', url, '--collection', 'a']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /rank index: yes \([\d.]+ MB\); searches by relevance are ordered by it/);
    const other = runCli(['rank-index', 'status', '--db', url, '--collection', 'b']);
    assert.match(other.stdout, /rank index: no; searches by relevance rank every match with ts_rank/);
    const bad = runCli(['rank-index', 'rebuild', '--db', url, '--collection', 'a']);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /rank-index takes one of status, create, drop/);
    const file = path.join(dir, 'case.db');
    const sqlite = runCli(['rank-index', '--db', file], {});
    // A file that does not exist is not created by a read command; one that does is refused.
    assert.notEqual(sqlite.code, 0);
    runCli(['ingest', '--db', file, path.join(dir, 'nothing-here')]);
    const refused = runCli(['rank-index', 'create', '--db', file]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /the rank index is PostgreSQL's/);
  });
});
