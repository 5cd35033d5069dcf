import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { InnsynError, type Item } from '../../src/model/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startPgCluster, startPgReplica } from './pg-cluster.js';
import { makeItem, person, rawOf, term } from './store-fixtures.js';

/**
 * `--db-read`: a primary and a streaming replica (hot standby, `pg_basebackup -R`) on Unix
 * sockets in temporary folders (pg-cluster.ts). Writes go to the primary; reads to the replica
 * once it has replayed this process's writes (src/store/postgres/pg-read-route.ts). Shown three
 * ways: with replay paused, a store that wrote reads its write (from the primary) while another
 * that did not still answers from the replica, which lacks it; the replica's backends, not the
 * primary's, ran the searches; and with the primary stopped, searching goes on.
 */
const started = await startPgCluster();
const replicaStart = 'skip' in started ? null : await startPgReplica(started.cluster);

if ('skip' in started || replicaStart === null || 'skip' in replicaStart) {
  const reason = 'skip' in started ? started.skip : (replicaStart as { skip: string }).skip;
  void test('PostgreSQL replica', { skip: reason }, () => {});
} else {
  const { cluster } = started;
  const { replica } = replicaStart;
  after(() => {
    replica.stop();
    cluster.stop();
  });
  const sql = async <R>(url: string, text: string, params: unknown[] = []): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as R[];
    } finally {
      await client.end();
    }
  };
  const write = async (store: Store, items: Item[]): Promise<void> => {
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  };
  const total = async (store: Store, word: string): Promise<number> =>
    (await store.search(term(word), { limit: 10, offset: 0, sort: 'date' })).total;
  const items = (word: string, count: number): Item[] =>
    Array.from({ length: count }, (_, i) =>
      makeItem({
        seed: `${word}-${i}`,
        subject: `${word} ${i}`,
        text: `${word} text number ${i}`,
        from: person(`${word}${i % 3}@example.org`, `Writer ${i % 3}`),
      }),
    );
  /** The last statement of every innsyn connection to the server of `url` (pg_stat_activity). */
  const innsynQueries = async (url: string): Promise<string[]> =>
    (
      await sql<{ query: string }>(
        url,
        "SELECT query FROM pg_stat_activity WHERE application_name = 'innsyn' AND datname = current_database()",
      )
    ).map((r) => r.query);

  void describe('Replica - reads from a streaming replica', () => {
    void test('Replica - a process reads its own writes at once; one that did not write reads the replica, as it stands', async () => {
      const url = await cluster.createDatabase();
      await replica.waitForReplay();
      const readUrl = replica.urlFor(url);
      const writer = await openStore(url, { dbRead: readUrl, collection: 'case' });
      const reader = await openStore(url, { dbRead: readUrl, collection: 'case' });
      try {
        await write(writer, items('first', 20));
        await replica.waitForReplay();
        assert.equal(await total(reader, 'first'), 20);
        const before = await reader.dataVersion();

        // Replay stopped: the replica keeps what it has, the primary moves on.
        await sql(readUrl, 'SELECT pg_wal_replay_pause()');
        try {
          await write(writer, items('second', 10));
          assert.equal(await total(writer, 'second'), 10, 'the writer sees its write (from the primary)');
          assert.equal(
            await total(reader, 'second'),
            0,
            'the reader answers from the replica, which lacks it',
          );
          assert.equal(await reader.dataVersion(), before, "and its data version is the replica's");
          assert.notEqual(await writer.dataVersion(), before);
          assert.equal(await sql(url, 'SELECT 1 FROM c_case.items').then((r) => r.length), 30);
        } finally {
          await sql(readUrl, 'SELECT pg_wal_replay_resume()');
        }
        await replica.waitForReplay();
        assert.equal(await total(reader, 'second'), 10);
        assert.equal(await total(writer, 'second'), 10);
        assert.equal(await reader.dataVersion(), await writer.dataVersion());
      } finally {
        await writer.close();
        await reader.close();
      }
    });

    void test('Replica - searches, items, facets, people and stats run on the replica; with the primary stopped they go on', async () => {
      // A cluster of its own: this test stops its primary.
      const own = await startPgCluster();
      if ('skip' in own) throw new Error(own.skip);
      const ownReplica = await startPgReplica(own.cluster);
      if ('skip' in ownReplica) {
        own.cluster.stop();
        throw new Error(ownReplica.skip);
      }
      const url = await own.cluster.createDatabase();
      await ownReplica.replica.waitForReplay();
      const readUrl = ownReplica.replica.urlFor(url);
      const store = await openStore(url, { dbRead: readUrl });
      try {
        const list = items('harbour', 30);
        await write(store, list);
        await store.rebuildPeople();
        await ownReplica.replica.waitForReplay();
        // The fence of our writes is passed once the replica has them: from here on, reads stay there.
        assert.equal(await total(store, 'harbour'), 30);
        const marker = 'harbour';
        await store.search(term(marker), { limit: 5, offset: 0, sort: 'relevance' });
        const onReplica = await innsynQueries(readUrl);
        const onPrimary = await innsynQueries(url);
        // A search's statements: the ranked page, then the marks of its items (its last one).
        const searchSql = /ts_rank\(|annotation_tags/;
        assert.ok(
          onReplica.some((q) => searchSql.test(q)),
          `the replica ran the search: ${JSON.stringify(onReplica)}`,
        );
        assert.ok(
          !onPrimary.some((q) => searchSql.test(q)),
          `the primary did not: ${JSON.stringify(onPrimary)}`,
        );

        own.cluster.stopServer();
        assert.equal(await total(store, 'harbour'), 30);
        const first = list[0] as Item;
        assert.equal((await store.getItem(first.id))?.subject, first.subject);
        assert.equal((await store.stats()).items, 30);
        assert.ok((await store.facets(null, { limit: 5 })).from.length > 0);
        assert.equal(
          (await store.histogram(null)).buckets.reduce((s, b) => s + b.count, 0),
          30,
        );
        assert.equal((await store.listPeople({ limit: 10, offset: 0 })).total, 4);
        assert.match(await store.dataVersion(), /^pg:\d+$/);
        // Writing needs the primary, and says so.
        await assert.rejects(
          write(store, items('late', 1)),
          (e: unknown) =>
            e instanceof InnsynError && e.code === 'store' && /cannot reach|connection/.test(e.message),
        );
      } finally {
        await store.close();
        ownReplica.replica.stop();
        own.cluster.stop();
      }
    });

    void test('Replica - --db-read must name a standby of the same database', async () => {
      const url = await cluster.createDatabase();
      await assert.rejects(
        openStore(url, { dbRead: url }),
        (e: unknown) =>
          e instanceof InnsynError && e.code === 'usage' && /is not a standby server/.test(e.message),
      );
      await assert.rejects(
        openStore(url, { dbRead: replica.urlFor(cluster.url('postgres')) }),
        (e: unknown) =>
          e instanceof InnsynError &&
          e.code === 'usage' &&
          /is not a replica of .*another database/.test(e.message),
      );
    });

    void test('CLI - --db-read: ingest through the primary, search through the replica; a primary as --db-read is refused', async () => {
      const url = await cluster.createDatabase();
      const readUrl = replica.urlFor(url);
      const store = await openStore(url);
      await write(store, items('lantern', 12));
      await store.close();
      await replica.waitForReplay();
      const r = runCli(['search', 'lantern', '--db', url, '--db-read', readUrl, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { total: number }).total, 12);
      const env = runCli(['stats', '--db', url, '--json'], { INNSYN_DB_READ: readUrl });
      assert.equal(env.code, 0, env.stderr);
      const bad = runCli(['search', 'lantern', '--db', url, '--db-read', url]);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /is not a standby server/);
    });
  });
}
