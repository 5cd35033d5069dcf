import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InnsynError } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import type { Store } from '../../src/store/index.js';
import { SqliteReadPool, withReadPool, type PooledMethod } from '../../src/store/sqlite/sqlite-read-pool.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { generateItems } from './generate-items.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-read-pool-'));
const file = path.join(dir, 'case.db');
let store: SqliteStore;

before(async () => {
  store = openSqliteStore(file, { prepareWorkers: 0 });
  await store.writeBatch({ items: [...generateItems(400, 11)], quarantine: [] });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A pool over the case, with the calls made on the store itself counted (the fallback). */
function poolOf(size: number, on = file): { pool: SqliteReadPool; own: string[]; log: string[] } {
  const own: string[] = [];
  const log: string[] = [];
  const fallback = (method: PooledMethod, args: unknown[]): Promise<unknown> => {
    own.push(method);
    return (store[method] as (...a: unknown[]) => Promise<unknown>).apply(store, args);
  };
  return { pool: new SqliteReadPool(on, size, fallback, (l) => log.push(l)), own, log };
}

const QUERIES = [
  'meeting',
  'budget møte',
  'invoice OR faktura',
  '"next week"',
  'rep*',
  '',
  'from:nobody@example.org',
];

async function answers(s: Store, q: string): Promise<unknown[]> {
  const ast = q === '' ? null : parseQuery(q);
  return [
    await s.search(ast, { limit: 20, offset: 0, sort: 'relevance' }),
    await s.search(ast, { limit: 5, offset: 3, sort: 'date' }),
    await s.facets(ast, { limit: 10 }),
    await s.histogram(ast, { interval: 'month' }),
  ];
}

describe('SqliteReadPool', () => {
  it('answers searches, facets and histograms on its threads exactly as the store does on its own', async () => {
    const { pool, own } = poolOf(2);
    try {
      await pool.warm();
      const pooled = withReadPool(store, pool);
      for (const q of QUERIES) assert.deepEqual(await answers(pooled, q), await answers(store, q), q);
      // Many at once, as a server's clients ask: each answer is its own query's.
      const all = await Promise.all(QUERIES.map((q) => answers(pooled, q)));
      for (const [i, q] of QUERIES.entries()) assert.deepEqual(all[i], await answers(store, q), q);
      assert.deepEqual(own, [], 'nothing ran on the fallback');
      // What is not a search is the store's own.
      assert.deepEqual(await pooled.stats(), await store.stats());
    } finally {
      await pool.close();
    }
  });

  it('sees what the server writes, once it is committed', async () => {
    const { pool } = poolOf(1);
    try {
      const pooled = withReadPool(store, pool);
      const ast = parseQuery('meeting');
      const first = await pooled.search(ast, { limit: 1, offset: 0, sort: 'relevance' });
      const top = first.items[0];
      assert.ok(top);
      assert.deepEqual(top.tags, []);
      await store.annotate({ kind: 'item', key: top.id }, { addTags: ['pool-check'] });
      const again = await pooled.search(ast, { limit: 1, offset: 0, sort: 'relevance' });
      assert.deepEqual(again.items[0]?.tags, ['pool-check']);
      const tagged = await pooled.search(parseQuery('tag:pool-check'), { limit: 5, offset: 0, sort: 'date' });
      assert.deepEqual(
        tagged.items.map((i) => i.id),
        [top.id],
      );
    } finally {
      await pool.close();
    }
  });

  it("gives the store's own errors, with their codes", async () => {
    const { pool } = poolOf(1);
    try {
      const pooled = withReadPool(store, pool);
      await assert.rejects(
        pooled.histogram(null, { interval: 'week' as 'month' }),
        (e: unknown) =>
          e instanceof InnsynError && e.code === 'usage' && /interval must be one of/.test(e.message),
      );
      // The thread goes on answering.
      assert.ok(
        (await pooled.search(parseQuery('meeting'), { limit: 1, offset: 0, sort: 'date' })).total > 0,
      );
    } finally {
      await pool.close();
    }
  });

  it('answers the calls of a thread that stopped on the fallback, and starts another', async () => {
    const { pool, own, log } = poolOf(1);
    try {
      const pooled = withReadPool(store, pool);
      const ast = parseQuery('meeting');
      const expected = await store.search(ast, { limit: 10, offset: 0, sort: 'relevance' });
      assert.deepEqual(await pooled.search(ast, { limit: 10, offset: 0, sort: 'relevance' }), expected);
      // The thread is told to stop first, then given the call in the same turn (it has not yet
      // said it exited): it never answers it. The other way round, a thread that answers a query
      // it has cached before it stops made this test fail now and then.
      const stopping = pool.threads()[0]?.terminate();
      const asked = pooled.search(ast, { limit: 10, offset: 0, sort: 'relevance' });
      await stopping;
      assert.deepEqual(await asked, expected, 'answered all the same');
      assert.deepEqual(own, ['search']);
      assert.match(log.join('\n'), /a search thread stopped \(it exited with code 1\); starting another/);
      assert.equal(pool.size, 1);
      assert.deepEqual(await pooled.search(ast, { limit: 10, offset: 0, sort: 'relevance' }), expected);
      assert.deepEqual(own, ['search'], 'the new thread answers');
    } finally {
      await pool.close();
    }
  });

  it('searches on the fallback when its threads cannot open the database, and says so once', async () => {
    const broken = path.join(dir, 'not-a-database.db');
    writeFileSync(broken, 'this is not a SQLite database, it is text\n'.repeat(200));
    const { pool, own, log } = poolOf(2, broken);
    try {
      const pooled = withReadPool(store, pool);
      const ast = parseQuery('meeting');
      const expected = await store.search(ast, { limit: 3, offset: 0, sort: 'date' });
      assert.deepEqual(await pooled.search(ast, { limit: 3, offset: 0, sort: 'date' }), expected);
      assert.deepEqual(await pooled.search(ast, { limit: 3, offset: 0, sort: 'date' }), expected);
      assert.deepEqual(own, ['search', 'search']);
      assert.equal(log.length, 1, log.join('\n'));
      assert.match(
        log[0] ?? '',
        /a search thread could not start \(.+\); searching in the server's own thread/,
      );
    } finally {
      await pool.close();
    }
  });

  it('answers every call asked before it closed: the thread finishes its own, the server the rest', async () => {
    const { pool, own } = poolOf(1);
    const pooled = withReadPool(store, pool);
    const asked = QUERIES.map((q) =>
      pooled.search(q === '' ? null : parseQuery(q), { limit: 5, offset: 0, sort: 'relevance' }),
    );
    // The facets of the first query follow its search to the thread (which holds its matches).
    const first = parseQuery(QUERIES[0] as string);
    const facets = pooled.facets(first, { limit: 10 });
    await pool.close();
    const answers = await Promise.all(asked);
    for (const [i, q] of QUERIES.entries()) {
      const ast = q === '' ? null : parseQuery(q);
      assert.deepEqual(answers[i], await store.search(ast, { limit: 5, offset: 0, sort: 'relevance' }), q);
    }
    assert.deepEqual(await facets, await store.facets(first, { limit: 10 }));
    assert.ok(own.length >= QUERIES.length - 1, `${own.length} of ${QUERIES.length} on the server's store`);
  });

  it('after close, answers on the fallback', async () => {
    const { pool, own } = poolOf(2);
    await pool.close();
    await withReadPool(store, pool).facets(null, { limit: 1 });
    assert.deepEqual(own, ['facets']);
  });
});
