import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import type { Item } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startPgCluster } from './pg-cluster.js';
import { makeItem, person, rawOf } from './store-fixtures.js';

/**
 * docs/deployment.md "Backups", as written there: one collection of a database that holds two is
 * dumped with `pg_dump --format=custom --schema=c_<name>`, restored with `pg_restore --no-owner
 * --exit-on-error` into a scratch database and in place (after DROP SCHEMA … CASCADE), and innsyn
 * answers from the restored copy exactly as from the original; the other collection is untouched.
 */
const started = await startPgCluster();

if ('skip' in started) {
  void test('PostgreSQL backups', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-backup-'));
  cluster.server.own(dir);
  after(() => {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const sql = async (url: string, text: string): Promise<unknown[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows as unknown[];
    } finally {
      await client.end();
    }
  };
  const bin = (name: string) => path.join(cluster.server.bin, name);
  const write = async (store: Store, items: Item[]): Promise<void> => {
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  };
  /** What a reporter would compare: counts, a search, an item, its marks, the people. */
  const answers = async (store: Store) => {
    const s = await store.stats();
    const found = await store.search(parseQuery('from:anna budget'), { limit: 50, offset: 0, sort: 'date' });
    const first = found.items[0];
    return {
      stats: { ...s, dbBytes: 0 },
      found: found.items.map((x) => [x.id, x.subject, x.tags]),
      item: first ? await store.getItem(first.id) : null,
      raw: first ? Buffer.from((await store.getRaw(first.id)) ?? []).toString('base64') : null,
      marks: first ? await store.getAnnotations({ kind: 'item', key: first.id }) : null,
      people: await store.listPeople({ limit: 50, offset: 0 }),
      threads: first ? await store.getThread(first.id) : null,
    };
  };

  void describe('Backups', () => {
    void test('Backups - a collection dumped with pg_dump --schema and restored elsewhere and in place answers as before', async () => {
      const url = await cluster.createDatabase();
      const alpha = await openStore(url, { collection: 'alpha' });
      const beta = await openStore(url, { collection: 'beta' });
      const items = Array.from({ length: 40 }, (_, i) =>
        makeItem({
          seed: `backup-${i}`,
          subject: `Budget ${i}`,
          text: `budget line ${i}`,
          from: person(i % 2 ? 'anna@example.org' : 'bo@example.org', i % 2 ? 'Anna' : 'Bo'),
        }),
      );
      await write(alpha, items);
      await write(beta, [makeItem({ seed: 'beta-only', text: 'other case' })]);
      await alpha.annotate(
        { kind: 'item', key: (items[1] as Item).id },
        { addTags: ['checked'], star: true },
      );
      await alpha.rebuildPeople();
      const before = await answers(alpha);
      const betaBefore = (await beta.stats()).items;
      await alpha.close();
      await beta.close();
      assert.ok(before.found.length > 0);

      const dump = path.join(dir, 'alpha.dump');
      cluster.server.run(bin('pg_dump'), ['--format=custom', '--schema=c_alpha', `--file=${dump}`, url]);

      // Into a scratch database, as "Check a backup" does.
      const check = await cluster.createDatabase();
      cluster.server.run(bin('pg_restore'), [`--dbname=${check}`, '--no-owner', '--exit-on-error', dump]);
      const restored = await openStore(check, { collection: 'alpha' });
      try {
        assert.deepEqual(await answers(restored), before);
        const empty = await openStore(check, { collection: 'beta' });
        assert.equal((await empty.stats()).items, 0, 'only the one collection is in the dump');
        await empty.close();
        // The copy is a case that goes on: new rows get new row numbers.
        await write(restored, [
          makeItem({ seed: 'after-restore', text: 'budget after', from: person('anna@example.org') }),
        ]);
        assert.equal((await restored.stats()).items, 41);
      } finally {
        await restored.close();
      }

      // In place, after the collection was dropped: "Restore a collection".
      await sql(url, 'DROP SCHEMA c_alpha CASCADE');
      cluster.server.run(bin('pg_restore'), [`--dbname=${url}`, '--no-owner', '--exit-on-error', dump]);
      const back = await openStore(url, { collection: 'alpha' });
      const betaAgain = await openStore(url, { collection: 'beta' });
      try {
        assert.deepEqual(await answers(back), before);
        assert.equal((await betaAgain.stats()).items, betaBefore);
      } finally {
        await back.close();
        await betaAgain.close();
      }
    });
  });
}
