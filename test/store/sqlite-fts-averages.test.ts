import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { SqliteDatabase } from '../../src/store/sqlite/sqlite-driver.js';
import {
  FtsRemovals,
  readVarints,
  repairFtsAverages,
  writeVarints,
} from '../../src/store/sqlite/sqlite-fts-averages.js';
import { FTS_COLUMNS } from '../../src/store/sqlite/sqlite-fts-columns.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { makeItem, person, rawOf } from './store-fixtures.js';
import { UNDO_FTS_AVERAGES } from './undo-annotations.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/sqlite-migrations.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-averages-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = (): string => path.join(dir, `a${++files}.db`);

const driver = (db: Database.Database): SqliteDatabase => db as unknown as SqliteDatabase;

/** FTS5's record: [rows, tokens of each column]. */
function recorded(db: Database.Database): number[] {
  return readVarints(db.prepare('SELECT block FROM fts_data WHERE id = 1').pluck().get() as Buffer);
}

/** The record fts_docsize calls for. */
function counted(db: Database.Database): number[] {
  const totals = new Array<number>(FTS_COLUMNS.length + 1).fill(0);
  for (const sz of db.prepare('SELECT sz FROM fts_docsize').pluck().all() as Buffer[]) {
    totals[0]! += 1;
    readVarints(sz).forEach((v, i) => (totals[i + 1]! += v));
  }
  return totals;
}

/** A table like innsyn's: contentless, contentless_delete, our columns. */
function table(): Database.Database {
  const db = new Database(freshFile());
  db.exec(
    `CREATE VIRTUAL TABLE fts USING fts5 (${FTS_COLUMNS.join(', ')}, content = '', contentless_delete = 1, tokenize = 'ascii')`,
  );
  const insert = db.prepare(
    `INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(FTS_COLUMNS.length)})`,
  );
  db.transaction(() => {
    for (let r = 1; r <= 50; r++) {
      insert.run(
        r,
        ...FTS_COLUMNS.map((_, c) =>
          Array(1 + ((r * 7 + c * 3) % 13))
            .fill(`w${c}`)
            .join(' '),
        ),
      );
    }
  })();
  return db;
}

function rewrite(db: Database.Database, rowid: number, removals?: FtsRemovals): void {
  removals?.note(rowid);
  db.prepare('DELETE FROM fts WHERE rowid = ?').run(rowid);
  db.prepare(
    `INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(FTS_COLUMNS.length)})`,
  ).run(rowid, ...FTS_COLUMNS.map(() => 'x y'));
}

void describe('SQLite - FTS5 averages kept true (sqlite-fts-averages.ts)', () => {
  void it('writes and reads SQLite varints', () => {
    const values = [0, 1, 127, 128, 16383, 16384, 2 ** 21, 2 ** 31 + 5, 2 ** 40 + 3, 2 ** 53 - 1];
    assert.deepEqual(readVarints(writeVarints(values)), values);
    assert.deepEqual([...writeVarints([300])], [0x82, 0x2c]);
  });

  void it('FTS5 keeps a deleted row in the record; the removals noted take it out after the commit', () => {
    const db = table();
    try {
      assert.deepEqual(recorded(db), counted(db));
      db.transaction(() => rewrite(db, 7))();
      assert.notDeepEqual(recorded(db), counted(db), 'FTS5 alone counts the row twice');
      assert.equal(repairFtsAverages(driver(db)), true);
      assert.deepEqual(recorded(db), counted(db));

      const removals = new FtsRemovals(driver(db));
      db.transaction(() => [3, 9, 20].forEach((r) => rewrite(db, r, removals)))();
      removals.settle();
      assert.deepEqual(recorded(db), counted(db));
      assert.equal(repairFtsAverages(driver(db), { thorough: true }), false, 'nothing left to repair');
    } finally {
      db.close();
    }
  });

  void it('forgets the removals of a rolled-back transaction', () => {
    const db = table();
    try {
      const removals = new FtsRemovals(driver(db));
      assert.throws(() =>
        db.transaction(() => {
          rewrite(db, 4, removals);
          throw new Error('rolled back');
        })(),
      );
      removals.discard();
      removals.settle();
      assert.deepEqual(recorded(db), counted(db));
    } finally {
      db.close();
    }
  });

  void it('a store: people edits leave the record true; an ingest and migration 9 repair a wrong one', async () => {
    const file = freshFile();
    let store = openSqliteStore(file, { prepareWorkers: 0 });
    const items = [
      ...Array.from({ length: 6 }, (_, i) =>
        makeItem({ subject: `budget ${i}`, from: person('ann@example.com', 'Ann Berg') }),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        makeItem({ subject: `meeting ${i}`, from: person('a.berg@example.org', 'A. Berg') }),
      ),
    ];
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    await store.rebuildPeople();
    await store.mergePeople('ann@example.com', 'a.berg@example.org');
    await store.close();
    let db = new Database(file);
    assert.ok(
      (db.prepare('SELECT count(*) FROM fts_people').pluck().get() as number) > 0,
      'rows written again',
    );
    assert.deepEqual(recorded(db), counted(db));

    rewrite(db, db.prepare('SELECT max(rowid) FROM fts_docsize').pluck().get() as number);
    assert.notDeepEqual(recorded(db), counted(db));
    db.close();
    store = openSqliteStore(file, { prepareWorkers: 0 });
    await store.rebuildPeople(); // what every ingest ends with
    await store.close();
    db = new Database(file);
    assert.deepEqual(recorded(db), counted(db));

    rewrite(db, db.prepare('SELECT min(rowid) FROM fts_docsize').pluck().get() as number);
    db.exec(UNDO_FTS_AVERAGES);
    db.close();
    await openSqliteStore(file, { prepareWorkers: 0 }).close();
    db = new Database(file);
    try {
      assert.deepEqual(recorded(db), counted(db));
      assert.equal(db.prepare('SELECT max(version) FROM migrations').pluck().get(), SCHEMA_VERSION);
    } finally {
      db.close();
    }
  });
});
