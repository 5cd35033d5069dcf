import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { parseQuery } from '../../src/query/index.js';
import { openStore } from '../../src/store/index.js';
import { FTS_COLUMNS } from '../../src/store/sqlite/sqlite-fts-columns.js';
import { makeItem, person, rawOf } from './store-fixtures.js';
import { UNDO_ATTACHMENT_TEXTS } from './undo-annotations.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-migration-8-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void describe('SQLite: migration 8 (attachment texts)', () => {
  void test('Store - migration 8 types the attachments of a version-7 database and rebuilds its index with person words', async () => {
    const file = path.join(dir, 'case.db');
    const attachment = (sha: string, name: string, contentType: string) => ({
      name,
      contentType,
      size: 10,
      sha256: sha.repeat(64),
      disposition: 'attachment' as const,
      contentId: null,
      text: null,
    });
    const a = makeItem({
      text: 'minutes attached',
      from: person('alice@example.org', 'Alice'),
      attachments: [
        attachment('a', 'minutes.pdf', 'application/octet-stream'),
        attachment('b', 'x.zip', 'application/zip'),
      ],
    });
    const b = makeItem({ text: 'hello', from: person('alice@example.org', 'Alice Smith') });
    const store = await openStore(file);
    await store.writeBatch({ items: [a, b].map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    await store.rebuildPeople();
    await store.close();
    // What innsyn before migration 8 left: its full-text table (emptied here; 0008 fills it from the records).
    const db = new Database(file);
    db.exec(UNDO_ATTACHMENT_TEXTS);
    db.close();

    const again = await openStore(file);
    const ids = async (q: string) =>
      (await again.search(parseQuery(q), { limit: 10, offset: 0, sort: 'date' })).items
        .map((i) => i.id)
        .sort();
    assert.deepEqual(await ids('type:pdf'), [a.id], 'typed by its name: never read');
    assert.deepEqual(await ids('type:archive'), [a.id]);
    assert.deepEqual(await ids('minutes'), [a.id]);
    // The person's other name, in the sender words of both (people.case.ts): kept by the rebuild.
    assert.deepEqual(await ids('from:smith'), [a.id, b.id].sort());
    assert.deepEqual(
      (await again.facets(null, { limit: 10 })).type.map((x) => x.value),
      ['type:pdf', 'type:archive'],
    );
    await again.close();
    const check = new Database(file, { readonly: true });
    const cols = check.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('fts');
    const version = check.prepare('SELECT max(version) FROM migrations').pluck().get();
    check.close();
    assert.deepEqual(cols, [...FTS_COLUMNS]);
    assert.ok((version as number) >= 8);
  });
});
