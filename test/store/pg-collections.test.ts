import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { InnsynError, type Item } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { collectionSchema, checkSchemaName } from '../../src/store/postgres/pg-collection.js';
import { SCHEMA_VERSION } from '../../src/store/postgres/pg-migrations.js';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';
import { runAnnotationsSuite } from './annotations.case.js';
import { runPeopleSuite } from './people.case.js';
import { startPgCluster } from './pg-cluster.js';
import { runStoreSuite } from './store.case.js';
import { makeItem, person, rawOf, term } from './store-fixtures.js';

/**
 * Collections: several cases in one PostgreSQL database, each in its schema `c_<name>`
 * (src/store/postgres/pg-collection.ts). The behaviour suites run with every store a new
 * collection of ONE database (any leak between schemas would break their counts), then two
 * collections are filled with different data and compared, through the Store and the CLI.
 */
// Before any test is declared: the runner starts with the first one.
const started = await startPgCluster();

const isUsage = (pattern: RegExp) => (e: unknown) =>
  e instanceof InnsynError && e.code === 'usage' && pattern.test(e.message);

void describe('Collections - names', () => {
  void test('Collections - a name becomes c_<name>; anything but 1-40 of a-z 0-9 _ is refused, saying so', () => {
    assert.equal(collectionSchema('leak2016'), 'c_leak2016');
    assert.equal(collectionSchema('a'), 'c_a');
    assert.equal(collectionSchema('x'.repeat(40)), `c_${'x'.repeat(40)}`);
    for (const bad of [
      '',
      'Leak',
      'leak-2016',
      'leak 2016',
      'x'.repeat(41),
      'a;drop',
      'æøå',
      'a"b',
      'a\u0000b',
    ]) {
      assert.throws(
        () => collectionSchema(bad),
        isUsage(/is not a collection name: use 1-40 characters/),
        bad,
      );
    }
    assert.throws(
      () => collectionSchema('a\u0000b'),
      (e: unknown) => !(e as Error).message.includes('\u0000'),
    );
  });

  void test('Collections - a schema given to the store directly must be a plain lower-case name, not a system one', () => {
    for (const ok of ['public', 'c_x', '_x', 'team1']) assert.equal(checkSchemaName(ok), ok);
    for (const bad of ['', '1x', 'Public', 'pg_catalog', 'information_schema', 'a-b', 'x'.repeat(64)]) {
      assert.throws(() => checkSchemaName(bad), isUsage(/cannot be innsyn's PostgreSQL schema/), bad);
    }
  });

  void test('Collections - SQLite has none: --collection and --db-read with a file are usage errors', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-coll-'));
    try {
      const file = path.join(dir, 'case.db');
      await assert.rejects(
        openStore(file, { collection: 'a' }),
        isUsage(/collections need PostgreSQL; use one database file per case/),
      );
      await assert.rejects(
        openStore(file, { dbRead: 'postgres://x@127.0.0.1/y' }),
        isUsage(/streaming replica/),
      );
      await assert.rejects(
        openStore('postgres://x@127.0.0.1:1/y', { dbRead: 'file:///tmp/x.db' }),
        isUsage(/--db-read .*give a postgres:\/\/ URL/),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

if ('skip' in started) {
  void test('PostgreSQL collections', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  after(() => cluster.stop());
  const sql = async <R>(url: string, text: string, params: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as R[];
    } finally {
      await client.end();
    }
  };

  // Every store of the suites: a new collection of this one database.
  // (Made on first use: no await may come between declaring tests, or the runner ends early.)
  let shared: Promise<string> | null = null;
  let n = 0;
  const fresh = async (): Promise<Store> =>
    openStore(await (shared ??= cluster.createDatabase()), { collection: `suite_${++n}` });
  runStoreSuite('PostgreSQL collection', fresh);
  runPeopleSuite('PostgreSQL collection', fresh);
  runAnnotationsSuite('PostgreSQL collection', fresh);

  void describe('Collections - apart', () => {
    const write = async (store: Store, items: Item[]): Promise<void> => {
      await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    };

    void test('Collections - two collections of one database never show each other anything', async () => {
      const url = await cluster.createDatabase();
      const a = await openStore(url, { collection: 'alpha' });
      const b = await openStore(url, { collection: 'beta' });
      const plain = await openStore(url);
      try {
        const alpha = [0, 1, 2].map((i) =>
          makeItem({
            seed: `alpha-${i}`,
            subject: `Alpha report ${i}`,
            text: 'pipeline shared word',
            from: person('anna@alpha.example', 'Anna Alpha'),
            attachments: [
              {
                name: `alpha-${i}.pdf`,
                contentType: 'application/pdf',
                size: 3,
                sha256: `${i}`.repeat(64),
                disposition: 'attachment',
                contentId: null,
                text: null,
              },
            ],
          }),
        );
        const beta = [0, 1].map((i) =>
          makeItem({
            seed: `beta-${i}`,
            subject: `Beta memo ${i}`,
            text: 'harbour shared word',
            from: person('bjorn@beta.example', 'Bjørn Beta'),
          }),
        );
        // The same item (same id) in both: each collection holds its own copy.
        const both = makeItem({ seed: 'both', subject: 'In both', text: 'common ground shared word' });
        await write(a, [...alpha, both]);
        await write(b, [...beta, both]);
        await a.annotate({ kind: 'item', key: both.id }, { addTags: ['alphatag'] });
        await a.rebuildPeople();
        await b.rebuildPeople();

        const ids = async (s: Store, q: string | null) =>
          (await s.search(q === null ? null : parseQuery(q), { limit: 100, offset: 0, sort: 'date' })).items
            .map((x) => x.id)
            .sort();
        assert.deepEqual(await ids(a, null), [...alpha, both].map((x) => x.id).sort());
        assert.deepEqual(await ids(b, null), [...beta, both].map((x) => x.id).sort());
        assert.deepEqual(await ids(a, 'harbour'), []);
        assert.deepEqual(await ids(b, 'pipeline'), []);
        assert.deepEqual(await ids(b, 'from:anna'), []);
        assert.deepEqual(await ids(b, 'tag:alphatag'), []);
        assert.deepEqual(await ids(a, 'tag:alphatag'), [both.id]);
        assert.equal((await a.search(term('shared'), { limit: 0, offset: 0, sort: 'date' })).total, 4);
        assert.equal((await b.search(term('shared'), { limit: 0, offset: 0, sort: 'date' })).total, 3);

        assert.equal((await a.stats()).items, 4);
        assert.equal((await b.stats()).items, 3);
        assert.equal((await plain.stats()).items, 0, 'the default schema is a third, empty case');
        assert.ok((await a.stats()).dbBytes > 0);
        assert.equal(await b.getItem(alpha[0]!.id), null);
        assert.equal(await a.getItem(beta[0]!.id), null);
        assert.equal((await a.getItem(both.id))?.subject, 'In both');
        assert.deepEqual((await a.getAnnotations({ kind: 'item', key: both.id })).tags.length, 1);
        assert.deepEqual((await b.getAnnotations({ kind: 'item', key: both.id })).tags, []);
        assert.equal(await b.findAttachment('0'.repeat(64)), null);
        assert.equal((await a.findAttachment('0'.repeat(64)))?.itemId, alpha[0]!.id);

        const aPeople = JSON.stringify(await a.listPeople({ limit: 100, offset: 0 }));
        const bPeople = JSON.stringify(await b.listPeople({ limit: 100, offset: 0 }));
        assert.ok(aPeople.includes('anna@alpha.example') && !aPeople.includes('bjorn@beta.example'));
        assert.ok(bPeople.includes('bjorn@beta.example') && !bPeople.includes('anna@alpha.example'));
        assert.equal(await b.getPerson('anna@alpha.example'), null);
        const facets = await b.facets(null, { limit: 10 });
        assert.ok(!JSON.stringify(facets).includes('alpha.example'));

        // The tables are where they should be: in c_alpha and c_beta, and innsyn's own in public.
        const tables = await sql<{ table_schema: string; c: number }>(
          url,
          "SELECT table_schema, count(*)::int AS c FROM information_schema.tables WHERE table_name = 'items' GROUP BY 1 ORDER BY 1",
        );
        assert.deepEqual(tables, [
          { table_schema: 'c_alpha', c: 1 },
          { table_schema: 'c_beta', c: 1 },
          { table_schema: 'public', c: 1 },
        ]);
      } finally {
        await a.close();
        await b.close();
        await plain.close();
      }
    });

    void test('Collections - a collection opened again keeps its data; many processes opening a new one create it once', async () => {
      const url = await cluster.createDatabase();
      const stores = await Promise.all([1, 2, 3, 4].map(() => openStore(url, { collection: 'race' })));
      const item = makeItem({ text: 'kept words' });
      await write(stores[0] as Store, [item]);
      for (const s of stores) await s.close();
      const again = await openStore(url, { collection: 'race' });
      try {
        assert.equal((await again.getItem(item.id))?.text, 'kept words');
        assert.equal((await sql(url, 'SELECT version FROM c_race.innsyn_migrations')).length, SCHEMA_VERSION);
        assert.equal((await sql(url, "SELECT 1 FROM pg_namespace WHERE nspname = 'c_race'")).length, 1);
      } finally {
        await again.close();
      }
    });

    void test('Collections - a user that may not create schemas can still open a collection made for it', async () => {
      const url = await cluster.createDatabase();
      await (await openStore(url, { collection: 'granted' })).close();
      const dbName = new URL(url).pathname.slice(1);
      await sql(url, 'CREATE ROLE reporter LOGIN');
      await sql(url, `REVOKE CREATE ON DATABASE ${dbName} FROM PUBLIC`);
      await sql(url, 'GRANT USAGE ON SCHEMA c_granted TO reporter');
      await sql(url, 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA c_granted TO reporter');
      await sql(url, 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA c_granted TO reporter');
      const asReporter = url.replace(/\/\/[^@]+@/, '//reporter@');
      const s = await openStore(asReporter, { collection: 'granted' });
      try {
        const item = makeItem({ text: 'reporter words' });
        await write(s, [item]);
        assert.equal((await s.search(term('reporter'), { limit: 5, offset: 0, sort: 'date' })).total, 1);
      } finally {
        await s.close();
      }
      await assert.rejects(
        openStore(asReporter, { collection: 'another' }),
        (e: unknown) => e instanceof InnsynError && e.code === 'store' && /may not do this/.test(e.message),
      );
    });
  });

  void describe('Collections - CLI', () => {
    const demo = path.join(repoRoot, 'demo');
    void test('CLI - --collection: ingest, search, stats and show see only their own collection', async () => {
      const url = await cluster.createDatabase();
      const mail = runCli([
        'ingest',
        path.join(demo, 'DonaldJTrumpJr-mail.mbox'),
        '--db',
        url,
        '--collection',
        'mail',
        '--json',
      ]);
      assert.equal(mail.code, 0, mail.stderr);
      const posts = runCli([
        'ingest',
        path.join(demo, 'realDonaldTrump-public-posts.csv'),
        '--db',
        url,
        '--collection',
        'posts',
        '--json',
      ]);
      assert.equal(posts.code, 0, posts.stderr);
      const stats = (c: string) => {
        const r = runCli(['stats', '--db', url, '--collection', c, '--json']);
        assert.equal(r.code, 0, r.stderr);
        return (JSON.parse(r.stdout) as { stats: { items: number; byKind: Record<string, number> } }).stats;
      };
      const m = stats('mail');
      const p = stats('posts');
      assert.deepEqual(Object.keys(m.byKind), ['email']);
      assert.deepEqual(Object.keys(p.byKind), ['post']);
      assert.ok(m.items > 0 && p.items > 0);
      const search = (c: string, q: string) => {
        const r = runCli(['search', q, '--db', url, '--collection', c, '--json']);
        assert.equal(r.code, 0, r.stderr);
        return JSON.parse(r.stdout) as { total: number; items: Array<{ id: string }> };
      };
      const mailIds = search('mail', 'kind:email');
      assert.equal(mailIds.total, m.items);
      assert.equal(search('posts', 'kind:email').total, 0);
      assert.equal(search('mail', 'kind:post').total, 0);
      const id = (mailIds.items[0] as { id: string }).id;
      assert.equal(runCli(['show', id, '--db', url, '--collection', 'mail']).code, 0);
      const elsewhere = runCli(['show', id, '--db', url, '--collection', 'posts']);
      assert.notEqual(elsewhere.code, 0);
      // The environment names it as well as the flag.
      const env = runCli(['stats', '--db', url, '--json'], { INNSYN_COLLECTION: 'posts' });
      assert.equal((JSON.parse(env.stdout) as { stats: { items: number } }).stats.items, p.items);
      const bad = runCli(['stats', '--db', url, '--collection', 'Bad-Name']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not a collection name/);
    });

    void test('CLI - --collection with a database file says collections need PostgreSQL', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-coll-cli-'));
      try {
        const r = runCli(['search', 'x', '--db', path.join(dir, 'case.db'), '--collection', 'a']);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /collections need PostgreSQL; use one database file per case/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
