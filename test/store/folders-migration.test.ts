import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startPgCluster } from './pg-cluster.js';
import { makeItem, location, rawOf } from './store-fixtures.js';
import { UNDO_FOLDERS } from './undo-annotations.js';

/**
 * Migration 10 (SQLite) and 3 (PostgreSQL): a database written before folders were kept gets
 * the folder index of every copy it holds, from the copies' places.
 */
const items = [
  makeItem({ text: 'old copy one', location: location('/leak/john', 0, '.Sent/cur/1:2,S') }),
  makeItem({
    text: 'old copy two',
    location: location('/leak/backup.pst', 0, 'Top of Outlook data file/Inbox#2097188'),
  }),
];
const copy = { ...(items[0] as (typeof items)[number]), location: location('/leak/Archive.mbox', 300) };

async function fill(store: Store): Promise<void> {
  await store.writeBatch({
    items: [...items, copy].map((item) => ({ item, raw: rawOf(item) })),
    quarantine: [],
  });
  await store.close();
}

async function check(store: Store): Promise<void> {
  try {
    const found = async (q: string): Promise<string[]> =>
      (await store.search(parseQuery(q), { limit: 10, offset: 0, sort: 'date' })).items.map((x) => x.id);
    const [one, two] = items as [(typeof items)[number], (typeof items)[number]];
    assert.deepEqual(await found('folder:sent'), [one.id]);
    assert.deepEqual(await found('folder:archive'), [one.id], 'every copy, not only the first');
    assert.deepEqual(await found('folder:"outlook data file" folder:inbox'), [two.id]);
    assert.deepEqual(await store.getLocations(one.id), [one.location, copy.location]);
  } finally {
    await store.close();
  }
}

void describe('Migrations: folders', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-folders-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('SQLite migration 10 gives the copies of a version-9 database their folders', async () => {
    const file = path.join(dir, 'old.db');
    await fill(await openStore(file));
    const db = new Database(file);
    db.exec(UNDO_FOLDERS);
    db.close();
    await check(await openStore(file));
  });

  void test('PostgreSQL migration 3 gives the copies of a version-2 database their folders', async (t) => {
    const started = await startPgCluster();
    if ('skip' in started) {
      t.skip(started.skip);
      return;
    }
    try {
      const url = await started.cluster.createDatabase();
      await fill(await openStore(url));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(
        'DROP TABLE item_folders; DROP TABLE folders; ALTER TABLE locations DROP COLUMN labels; ' +
          'DELETE FROM innsyn_migrations WHERE version >= 3',
      );
      await client.end();
      await check(await openStore(url));
    } finally {
      started.cluster.stop();
    }
  });
});
