import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { InnsynError } from '../../src/model/index.js';
import type { Item } from '../../src/model/index.js';
import { analyzeText } from '../../src/model/text/analyzer.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore } from '../../src/store/index.js';
import { SCHEMA_VERSION } from '../../src/store/postgres/pg-migrations.js';
import { openPgPool, type PgPool } from '../../src/store/postgres/pg-driver.js';
import { PgFacetIndex } from '../../src/store/postgres/pg-facet-index.js';
import { MAX_TSVECTOR_BYTES } from '../../src/store/postgres/pg-fts-document.js';
import { runAnnotationsSuite } from './annotations.case.js';
import { runPeopleSuite } from './people.case.js';
import { startPgCluster } from './pg-cluster.js';
import { runStoreSuite } from './store.case.js';
import { generateItems } from './generate-items.js';
import { makeItem, rawOf, term } from './store-fixtures.js';

/**
 * The Store behaviour suites (store.case.ts, people.case.ts, annotations.case.ts) on a real PostgreSQL server that
 * this file starts (pg-cluster.ts), one fresh database per store; then what only PostgreSQL has.
 */
const started = await startPgCluster();

if ('skip' in started) {
  void test('PostgreSQL store', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  after(() => cluster.stop());
  const fresh = async () => openStore(await cluster.createDatabase());
  const sql = async (url: string, text: string, params: unknown[] = []): Promise<unknown[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as unknown[];
    } finally {
      await client.end();
    }
  };
  const isStoreError = (pattern: RegExp) => (e: unknown) =>
    e instanceof InnsynError && e.code === 'store' && pattern.test(e.message);
  const write = async (store: Awaited<ReturnType<typeof fresh>>, items: Item[]): Promise<void> => {
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  };

  runStoreSuite('PostgreSQL', fresh);
  runPeopleSuite('PostgreSQL', fresh);
  runAnnotationsSuite('PostgreSQL', fresh);

  void describe('PostgreSQL: the database', () => {
    void test('Store - data survives closing and opening again; migrations are recorded and run once', async () => {
      const url = await cluster.createDatabase();
      const item = makeItem({ text: 'persistent words' });
      const a = await openStore(url);
      await write(a, [item]);
      await a.close();
      const b = await openStore(url);
      assert.deepEqual(await b.getItem(item.id), item);
      assert.equal((await b.search(term('persistent'), { limit: 5, offset: 0, sort: 'relevance' })).total, 1);
      await b.close();
      const rows = await sql(url, 'SELECT version, name FROM innsyn_migrations ORDER BY version');
      assert.equal(rows.length, SCHEMA_VERSION);
      assert.deepEqual(rows[0], { version: 1, name: 'initial' });
    });

    void test('Store - several processes opening a new database at once create it once', async () => {
      const url = await cluster.createDatabase();
      const stores = await Promise.all([openStore(url), openStore(url), openStore(url)]);
      for (const s of stores) await s.close();
      assert.equal((await sql(url, 'SELECT version FROM innsyn_migrations')).length, SCHEMA_VERSION);
    });

    void test('Store - a database from a newer innsyn, or one holding other tables, is refused untouched', async () => {
      const newer = await cluster.createDatabase();
      await (await openStore(newer)).close();
      await sql(
        newer,
        "INSERT INTO innsyn_migrations (version, name, applied_at) VALUES ($1, 'future', '2099')",
        [SCHEMA_VERSION + 1],
      );
      await assert.rejects(openStore(newer), isStoreError(/newer innsyn.*upgrade innsyn/));
      const other = await cluster.createDatabase();
      await sql(other, 'CREATE TABLE notes (x text)');
      await assert.rejects(openStore(other), isStoreError(/not innsyn's \(notes\).*untouched/));
      assert.deepEqual(
        await sql(other, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"),
        [{ table_name: 'notes' }],
      );
    });

    void test('Store - a server that is not there, or a database that does not exist, says so without the password', async () => {
      const refused = 'postgres://user:hunter2@127.0.0.1:1/innsyn';
      await assert.rejects(openStore(refused), (e: unknown) => {
        return isStoreError(/cannot reach .*127\.0\.0\.1:1/)(e) && !(e as Error).message.includes('hunter2');
      });
      const url = await cluster.createDatabase();
      await assert.rejects(
        openStore(url.replace(/case_\d+$/, 'no_such_case')),
        isStoreError(/does not exist: create it/),
      );
    });

    void test('Store - connections start with random_page_cost 1.1 unless the URL sets it; the URL cannot move the schema', async () => {
      const url = await cluster.createDatabase();
      const setting = async (pool: PgPool, name: string): Promise<string> =>
        (await pool.query<{ v: string }>(`SELECT current_setting('${name}') AS v`)).rows[0]?.v ?? '';
      const ours = openPgPool(url, { max: 1, connectTimeoutMs: 5000 });
      const theirs = openPgPool(
        `${url}?options=${encodeURIComponent('-c random_page_cost=3 -c search_path=public')}`,
        {
          max: 1,
          connectTimeoutMs: 5000,
          searchPath: 'c_x',
        },
      );
      try {
        assert.equal(await setting(ours, 'random_page_cost'), '1.1');
        assert.equal(await setting(theirs, 'random_page_cost'), '3');
        assert.equal(await setting(theirs, 'search_path'), 'c_x');
      } finally {
        await ours.end();
        await theirs.end();
      }
    });

    void test('Facets - a row committed after the index was filled is counted, though its number is lower; a deleted one is not', async () => {
      const url = await cluster.createDatabase();
      const store = await openStore(url);
      // The index of another server process, filled at the same moments.
      const pool = openPgPool(url, { max: 1, connectTimeoutMs: 5000 });
      const index = new PgFacetIndex();
      const kinds = async (query: string | null) =>
        Object.fromEntries(
          (await store.facets(query === null ? null : parseQuery(query), { limit: 10 })).kind.map((b) => [
            b.label,
            b.count,
          ]),
        );
      try {
        await write(store, [makeItem({ text: 'first harbour' })]);
        assert.deepEqual(await kinds(null), { email: 1 });
        assert.equal(await index.extend(pool), true);
        // Another writer takes a row number and holds its transaction open...
        const other = new pg.Client({ connectionString: url });
        await other.connect();
        try {
          await other.query('BEGIN');
          const late = await other.query<{ n: string }>(
            "INSERT INTO items (id, kind, platform, visibility, has_attachments, has_links, refs, sent_at) VALUES ($1, 'task', 'outlook', 'private', false, false, '', 0) RETURNING n",
            ['f'.repeat(32)],
          );
          // ...while this store writes a later row number and fills its index.
          await write(store, [makeItem({ text: 'second harbour' })]);
          assert.deepEqual(await kinds(null), { email: 2 });
          assert.equal(
            (await store.histogram(null)).buckets.reduce((a, b) => a + b.count, 0),
            2,
          );
          assert.equal(await index.extend(pool), true);
          assert.equal(index.items, 2);
          await other.query('UPDATE data_version SET version = version + 1');
          await other.query('COMMIT');
          assert.deepEqual(await kinds(null), { email: 2, task: 1 });
          // Brought up to date, not built again: the row below the highest one is read by its xmin.
          assert.equal(await index.extend(pool), true);
          assert.equal(index.items, 3);
          assert.deepEqual(await kinds('kind:task'), { task: 1 });
          await other.query('BEGIN');
          await other.query('DELETE FROM items WHERE n = $1', [late.rows[0]?.n]);
          await other.query('UPDATE data_version SET version = version + 1');
          await other.query('COMMIT');
        } finally {
          await other.end();
        }
        assert.deepEqual(await kinds(null), { email: 2 });
        assert.deepEqual(await kinds('harbour'), { email: 2 });
        assert.equal(await index.extend(pool), false, 'fewer items than it holds: to be built again');
      } finally {
        await pool.end();
        await store.close();
      }
    });

    void test('Store - text with U+0000 (which PostgreSQL text cannot hold) is stored and read back exactly', async () => {
      const store = await fresh();
      try {
        const item = makeItem({
          subject: 'nul\u0000in subject',
          messageId: 'a\u0000b@example.org',
          conversationId: 'conv\u0000x',
          from: { platform: 'email', address: 'odd\u0000@example.org', name: 'N\u0000ame' },
          text: 'body with nul\u0000byte',
          location: {
            path: '/cases/nul.mbox',
            member: 'in\u0000side',
            offset: 1,
            length: 2,
            sha256: 'f'.repeat(64),
          },
        });
        assert.deepEqual(await store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }), [
          'stored',
        ]);
        const back = await store.getItem(item.id);
        assert.equal(back?.subject, item.subject);
        assert.equal(back?.messageId, item.messageId);
        assert.equal(back?.conversationId, item.conversationId);
        assert.deepEqual(back?.from, item.from);
        assert.equal(back?.text, item.text);
        assert.equal(
          (await store.search(parseQuery('subject:nul'), { limit: 5, offset: 0, sort: 'date' })).total,
          1,
        );
        const conv = await store.search(
          { type: 'exact', field: 'conversation', value: 'conv\u0000x', pos: 1 },
          { limit: 5, offset: 0, sort: 'date' },
        );
        assert.equal(conv.total, 1);
        assert.equal((await store.getThread(item.id))?.nodes.length, 1);
      } finally {
        await store.close();
      }
    });

    void test('Store - a text with more distinct words than a tsvector holds is stored whole and indexed up to the limit', async () => {
      const store = await fresh();
      try {
        // About 1.4 MB of index for 20,000 distinct 60-letter words: past MAX_TSVECTOR_BYTES.
        const words = Array.from(
          { length: 20_000 },
          (_, i) => `w${i.toString(36).padStart(4, '0')}${'x'.repeat(55)}`,
        );
        const item = makeItem({ subject: 'huge', text: `firstword ${words.join(' ')} lastword` });
        assert.deepEqual(await store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }), [
          'stored',
        ]);
        assert.equal((await store.getItem(item.id))?.text, item.text);
        assert.equal(
          (await store.search(term('firstword'), { limit: 5, offset: 0, sort: 'relevance' })).total,
          1,
        );
        assert.equal(
          (await store.search(term('lastword'), { limit: 5, offset: 0, sort: 'relevance' })).total,
          0,
        );
        assert.ok(MAX_TSVECTOR_BYTES < 1_048_576);
      } finally {
        await store.close();
      }
    });

    void test("Full text - the stems stored are what PostgreSQL's own english and norwegian dictionaries give", async () => {
      // Our analyzer stems (Snowball, per item language) so that SQLite and PostgreSQL index the
      // same lexemes; PostgreSQL's dictionaries run the same algorithms, but drop stop words.
      const url = await cluster.createDatabase();
      const words = { en: new Set<string>(), no: new Set<string>() };
      for (const { item } of generateItems(60, 3)) {
        for (const w of item.text.toLowerCase().split(/[^\p{L}]+/u))
          if (w) words[item.lang as 'en' | 'no'].add(w);
      }
      for (const [lang, dictionary] of [
        ['en', 'english_stem'],
        ['no', 'norwegian_stem'],
      ] as const) {
        const list = [...words[lang]];
        assert.ok(list.length > 300, lang);
        const rows = (await sql(
          url,
          'SELECT w, ts_lexize($1::regdictionary, w) AS l FROM unnest($2::text[]) AS w',
          [dictionary, list],
        )) as Array<{ w: string; l: string[] | null }>;
        let compared = 0;
        for (const r of rows) {
          if (r.l === null || r.l.length === 0) continue; // a stop word
          assert.equal(analyzeText(r.w, lang).stems[0], r.l[0], `${lang}: ${r.w}`);
          compared++;
        }
        assert.ok(compared > list.length * 0.9, `${lang}: ${compared} of ${list.length}`);
      }
    });

    void test('Search - in date order, rare and common words page right, newest and oldest first, before and after ANALYZE', async () => {
      const url = await cluster.createDatabase();
      const store = await openStore(url);
      // 200 items a day apart: "common" in every one, "rare" in three, "beta" in every 7th.
      const items = Array.from({ length: 200 }, (_, i) =>
        makeItem({
          sentAt: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString(),
          text: `common words ${i % 67 === 5 ? 'rare' : ''} ${i % 7 === 0 ? 'beta' : ''} number${i}`,
          subject: `day ${i}`,
        }),
      );
      await write(store, items);
      const newest = (pick: (i: number) => boolean) =>
        items
          .map((item, i) => ({ item, i }))
          .filter(({ i }) => pick(i))
          .reverse()
          .map(({ item }) => item.id);
      const expect = {
        common: newest(() => true),
        rare: newest((i) => i % 67 === 5),
        beta: newest((i) => i % 7 === 0),
      };
      const check = async (when: string) => {
        for (const [word, ids] of Object.entries(expect)) {
          for (const [offset, limit] of [
            [0, 10],
            [5, 3],
            [0, 50],
          ] as const) {
            const r = await store.search(term(word), { limit, offset, sort: 'date' });
            assert.equal(r.total, ids.length, `${when}: total of ${word}`);
            assert.deepEqual(
              r.items.map((x) => x.id),
              ids.slice(offset, offset + limit),
              `${when}: ${word} ${offset}+${limit}`,
            );
            const asc = await store.search(term(word), { limit, offset, sort: 'date-asc' });
            assert.deepEqual(
              asc.items.map((x) => x.id),
              [...ids].reverse().slice(offset, offset + limit),
              `${when}: ${word} oldest first`,
            );
          }
        }
      };
      // Before ANALYZE the planner knows no row counts; after it, it plans rare and common words apart.
      await check('not analyzed');
      await sql(url, 'ANALYZE items');
      await check('analyzed');
      await store.close();
    });

    void test('Store - two stores writing the same items at once end with each stored once and every copy recorded', async () => {
      const url = await cluster.createDatabase();
      const a = await openStore(url);
      const b = await openStore(url);
      try {
        const items = Array.from({ length: 200 }, (_, i) =>
          makeItem({
            seed: `concurrent-${i}`,
            text: `shared text ${i}`,
            from: { platform: 'email', address: `p${i % 7}@x.org`, name: null },
          }),
        );
        const copies = items.map((item, i) => ({
          ...item,
          location: { ...item.location, path: '/cases/other.mbox', offset: i },
        }));
        const batches = (list: Item[]) =>
          [0, 50, 100, 150].map((k) => ({
            items: list.slice(k, k + 50).map((item) => ({ item, raw: rawOf(item) })),
            quarantine: [],
          }));
        const [ra, rb] = await Promise.all([
          (async () => (await Promise.all(batches(items).map((x) => a.writeBatch(x)))).flat())(),
          (async () =>
            (await Promise.all(batches([...copies].reverse()).map((x) => b.writeBatch(x)))).flat())(),
        ]);
        const stored = [...ra, ...rb].filter((r) => r === 'stored').length;
        assert.equal(stored, 200, 'each item stored by exactly one writer');
        assert.equal((await a.stats()).items, 200);
        assert.equal((await a.stats()).locations, 400);
        assert.equal((await b.search(term('shared'), { limit: 0, offset: 0, sort: 'date' })).total, 200);
      } finally {
        await a.close();
        await b.close();
      }
    });
  });
}
