import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { parseQuery } from '../../src/query/index.js';
import { openStore } from '../../src/store/index.js';
import { runPeopleSuite } from './people.case.js';
import { makeItem, rawOf } from './store-fixtures.js';
import { UNDO_ANNOTATIONS } from './undo-annotations.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-people-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = (): string => path.join(dir, `case-${++n}.db`);

runPeopleSuite('SQLite', () => openStore(freshFile()));

void describe('SQLite: people tables', () => {
  void test('People - migration 4 backfills handles of a version-3 database; persons are built on first use', async () => {
    const file = freshFile();
    const resolved = makeItem({
      kind: 'message',
      platform: 'x',
      from: { platform: 'x', address: '16589206', name: 'WikiLeaks', handle: 'wikileaks' },
      to: [],
      text: 'resolved',
    });
    const unresolved = makeItem({
      kind: 'message',
      platform: 'x',
      from: { platform: 'x', address: '16589206', name: null, handle: null },
      to: [],
      text: 'unresolved',
    });
    const a = await openStore(file);
    await a.writeBatch({
      items: [resolved, unresolved].map((item) => ({ item, raw: rawOf(item) })),
      quarantine: [],
    });
    await a.close();
    // What innsyn before migration 4 left: no people tables, no handle column (and no request cues, 5).
    const db = new Database(file);
    db.exec(
      `${UNDO_ANNOTATIONS}; ALTER TABLE items DROP COLUMN ask; DELETE FROM migrations WHERE version = 5; ` +
        'DROP TABLE people_edits; DROP TABLE person_identities; DROP TABLE persons; DROP TABLE identity_labels; ' +
        'DROP TABLE person_links; DROP TABLE handle_conflicts; DROP TABLE fts_people; DROP TABLE people_state; ' +
        'ALTER TABLE item_identities DROP COLUMN handle; DELETE FROM migrations WHERE version = 4',
    );
    db.close();
    const b = await openStore(file);
    const check = new Database(file, { readonly: true });
    assert.deepEqual(check.prepare('SELECT handle FROM item_identities ORDER BY item').pluck().all(), [
      'wikileaks',
      null,
    ]);
    check.close();
    // Migration 8 builds the full-text index again, with the persons (so the unresolved DM is
    // found by the handle at once); a person is what the first people call shows.
    const q = parseQuery('from:wikileaks');
    assert.equal(
      (await b.search(q, { limit: 10, offset: 0, sort: 'date' })).total,
      2,
      'indexed with persons',
    );
    const person = await b.getPerson('@wikileaks');
    assert.deepEqual(person?.identities[0]?.names, [{ name: 'WikiLeaks', count: 1 }]);
    assert.equal((await b.search(q, { limit: 10, offset: 0, sort: 'date' })).total, 2);
    await b.close();
  });

  void test('People - edits are kept by identity key: no rowid of a derived table in them', async () => {
    const file = freshFile();
    const s = await openStore(file);
    const item = makeItem({ from: { platform: 'email', address: 'a@example.org', name: 'A' }, to: [] });
    const other = makeItem({ from: { platform: 'email', address: 'b@example.org', name: 'B' }, to: [] });
    await s.writeBatch({ items: [item, other].map((i) => ({ item: i, raw: rawOf(i) })), quarantine: [] });
    await s.mergePeople('a@example.org', 'b@example.org');
    await s.close();
    const db = new Database(file, { readonly: true });
    assert.deepEqual(db.prepare('SELECT op, identity, other FROM people_edits').all(), [
      { op: 'merge', identity: 'email:a@example.org', other: 'email:b@example.org' },
    ]);
    db.close();
  });
});
