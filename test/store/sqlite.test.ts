import type { AnalysisItem } from '../../src/model/index.js';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { InnsynError } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { FTS_COLUMNS } from '../../src/store/sqlite/sqlite-fts-columns.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/sqlite-migrations.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Item } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { UNDO_ANNOTATIONS } from './undo-annotations.js';
import { runStoreSuite } from './store.case.js';
import { generateItems } from './generate-items.js';
import { exact, makeItem, rawOf, term } from './store-fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = (): string => path.join(dir, `case-${++n}.db`);

runStoreSuite('SQLite', () => openStore(freshFile()));

/** SQL that takes a database back to what innsyn before migration 4 (people) left. */
/** What innsyn before migration 5 left: no request cues. */
const UNDO_ASK = `${UNDO_ANNOTATIONS}; ALTER TABLE items DROP COLUMN ask; DELETE FROM migrations WHERE version = 5`;

const UNDO_PEOPLE =
  `${UNDO_ASK}; ` +
  'DROP TABLE people_edits; DROP TABLE person_identities; DROP TABLE persons; DROP TABLE identity_labels; ' +
  'DROP TABLE person_links; DROP TABLE handle_conflicts; DROP TABLE fts_people; DROP TABLE people_state; ' +
  'ALTER TABLE item_identities DROP COLUMN handle; DELETE FROM migrations WHERE version = 4';

const isStoreError = (pattern: RegExp) => (e: unknown) =>
  e instanceof InnsynError && e.code === 'store' && pattern.test(e.message);

void describe('SQLite: the database file', () => {
  void test('Store - data survives closing and opening again', async () => {
    const file = freshFile();
    const item = makeItem({ text: 'persistent words' });
    const a = await openStore(file);
    await a.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] });
    await a.close();
    const b = await openStore(file);
    assert.deepEqual(await b.getItem(item.id), item);
    assert.equal((await b.search(term('persistent'), { limit: 5, offset: 0, sort: 'relevance' })).total, 1);
    await b.close();
  });

  void test('Store - batches marked more are committed together, with the next batch without it', async () => {
    const file = freshFile();
    const items = ['first', 'second', 'third'].map((w) => makeItem({ seed: w, text: `grouped ${w}` }));
    const writer = await openStore(file);
    const reader = await openStore(file);
    try {
      const count = async (s: typeof writer) =>
        (await s.search(term('grouped'), { limit: 10, offset: 0, sort: 'date' })).total;
      for (const item of items.slice(0, 2)) {
        const r = await writer.writeBatch({
          items: [{ item, raw: rawOf(item) }],
          quarantine: [],
          more: true,
        });
        assert.deepEqual(r, ['stored']);
      }
      // The writer reads what it wrote; another connection sees none of it before the commit.
      assert.equal(await count(writer), 2);
      assert.equal(await count(reader), 0);
      const last = items[2] as Item;
      await writer.writeBatch({ items: [{ item: last, raw: rawOf(last) }], quarantine: [] });
      assert.equal(await count(reader), 3);
    } finally {
      await writer.close();
      await reader.close();
    }
  });

  void test('Store - close keeps batches written with more and nothing after them', async () => {
    const file = freshFile();
    const item = makeItem({ seed: 'left-open', text: 'unfinished group' });
    const a = await openStore(file);
    await a.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [], more: true });
    await a.close();
    const b = await openStore(file);
    assert.deepEqual(await b.getItem(item.id), item);
    await b.close();
  });

  void test('Store - a database from a newer innsyn is refused with a clear message', async () => {
    const file = freshFile();
    await (await openStore(file)).close();
    const db = new Database(file);
    db.prepare("INSERT INTO migrations (version, name, applied_at) VALUES (?, 'future', '2099-01-01')").run(
      SCHEMA_VERSION + 1,
    );
    db.close();
    await assert.rejects(openStore(file), isStoreError(/newer innsyn.*upgrade innsyn/));
  });

  void test('Store - migrations are recorded and run once', async () => {
    const file = freshFile();
    await (await openStore(file)).close();
    await (await openStore(file)).close();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT version, name FROM migrations ORDER BY version').all();
    db.close();
    assert.equal(rows.length, SCHEMA_VERSION);
    assert.deepEqual(rows[0], { version: 1, name: 'initial' });
  });

  void test('Store - migration 2 fills the attachment and identity indexes of a version-1 database', async () => {
    const file = freshFile();
    const sha = 'f'.repeat(64);
    const item = makeItem({
      from: { platform: 'email', address: 'old@example.org', name: 'Old Sender' },
      to: [{ platform: 'email', address: 'to@example.org', name: null }],
      attachments: [
        {
          name: 'old.pdf',
          contentType: 'application/pdf',
          size: 3,
          sha256: sha,
          disposition: 'attachment',
          contentId: null,
          text: null,
        },
      ],
    });
    const a = await openStore(file);
    await a.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] });
    await a.close();
    // Make it what innsyn before migration 2 left: no such tables, version 1.
    const db = new Database(file);
    db.exec(UNDO_PEOPLE);
    db.exec(
      'DROP TABLE attachments; DROP TABLE item_identities; DROP TABLE identities; ' +
        'DROP INDEX items_dk; ALTER TABLE items DROP COLUMN dk; DELETE FROM migrations WHERE version >= 2',
    );
    db.close();
    const b = await openStore(file);
    assert.deepEqual(await b.findAttachment(sha), {
      itemId: item.id,
      name: 'old.pdf',
      contentType: 'application/pdf',
    });
    const f = await b.facets(null, { limit: 10 });
    assert.deepEqual(f.from, [{ value: 'from:old@example.org', label: 'Old Sender', count: 1 }]);
    assert.deepEqual(f.to, [{ value: 'to:to@example.org', label: 'to@example.org', count: 1 }]);
    await b.close();
  });

  void test('Store - migration 3 gives a version-2 database date keys and re-keys its full-text index', async () => {
    const file = freshFile();
    const dates = ['2016-10-12T12:31:00.000Z', null, '2001-01-01T00:00:00.000Z', '2016-10-12T12:31:00.000Z'];
    const items = dates.map((sentAt, i) => makeItem({ sentAt, text: `shared word number${i}` }));
    const a = await openStore(file);
    await a.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    await a.close();
    // What innsyn before migration 3 left: no dk, full-text rowids = item rowids.
    const db = new Database(file);
    db.exec(UNDO_PEOPLE);
    db.exec(
      'DROP INDEX items_dk; ALTER TABLE items DROP COLUMN dk; DELETE FROM migrations WHERE version = 3',
    );
    db.exec('DELETE FROM fts');
    db.close();
    const b = await openStore(file);
    const r = await b.search(parseQuery('shared'), { limit: 10, offset: 0, sort: 'date' });
    // Newest first, undated last; the two of one minute newest-written first.
    assert.deepEqual(
      r.items.map((x) => x.id),
      [items[3], items[0], items[2], items[1]].map((x) => (x as Item).id),
    );
    const one = await b.search(parseQuery('number2 date:2001'), { limit: 10, offset: 0, sort: 'relevance' });
    assert.deepEqual(
      one.items.map((x) => x.id),
      [(items[2] as Item).id],
    );
    await b.close();
  });

  void test('Store - analysisItems gives the matches in date order, people as keys, text only when asked', async () => {
    const store = await openStore(freshFile());
    const a = makeItem({
      sentAt: '2016-10-12T12:31:00.000Z',
      text: 'if he mentions us share wlsearch.tk',
      from: { platform: 'x', address: '16589206', name: 'WikiLeaks', handle: 'wikileaks' },
      to: [{ platform: 'x', address: '25073877', name: null }],
      links: ['http://wlsearch.tk/'],
    });
    const b = makeItem({
      sentAt: '2016-10-12T12:46:00.000Z',
      visibility: 'public',
      kind: 'post',
      text: 'WikiLeaks again',
      from: { platform: 'x', address: '25073877', name: null },
      to: [],
    });
    // Without text only the subject is there (from the items row); the body needs the record.
    await store.writeBatch({ items: [b, a].map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    const all = await store.analysisItems(null, { text: false });
    assert.deepEqual(
      all.map((x) => [x.id, x.from, x.to, x.text, x.links]),
      [
        [a.id, 'x:16589206', ['x:25073877'], 'A subject', []],
        [b.id, 'x:25073877', [], 'A subject', []],
      ],
    );
    const some = await store.analysisItems(parseQuery('wlsearch'), { text: true });
    assert.equal(some.length, 1);
    assert.equal(some[0]?.sentAt, Date.parse('2016-10-12T12:31:00.000Z'));
    assert.match(some[0]?.text ?? '', /if he mentions us/);
    assert.deepEqual(some[0]?.links, ['http://wlsearch.tk/']);
    // Request cues judged when stored: private items get one ('' for none), public ones null.
    assert.deepEqual(
      all.map((x) => x.ask),
      ['', null],
    );
    // Senders only (from the facet index): what a timeline counts, the same as from the rows.
    const senders = await store.analysisItems(null, { text: false, only: 'senders' });
    const lane = (x: AnalysisItem) => [x.kind, x.platform, x.visibility, x.sentAt, x.from];
    const byDate = (x: AnalysisItem, y: AnalysisItem) => (x.sentAt ?? 0) - (y.sentAt ?? 0);
    assert.deepEqual(senders.sort(byDate).map(lane), all.map(lane));
    const one = await store.analysisItems(parseQuery('is:public'), { text: false, only: 'senders' });
    assert.deepEqual(
      one.map((x) => x.from),
      ['x:25073877'],
    );
    const texts = await store.analysisTexts([a.id, 'no-such-id']);
    assert.deepEqual([...texts], [[a.id, 'A subject\nif he mentions us share wlsearch.tk']]);
    await store.close();
  });

  void test('Store - migration 5 judges the request cues of a version-4 database; reindex judges again', async () => {
    const file = freshFile();
    const ask = makeItem({ text: 'Could you send the tax returns?', sentAt: '2016-10-21T12:00:00.000Z' });
    const tell = makeItem({ text: 'The rally went well.', sentAt: '2016-10-22T12:00:00.000Z' });
    const a = await openStore(file);
    await a.writeBatch({ items: [ask, tell].map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    await a.close();
    const db = new Database(file);
    db.exec(UNDO_ASK);
    db.close();
    const b = await openStore(file);
    const cues = async () => (await b.analysisItems(null, { text: false })).map((x) => x.ask);
    assert.deepEqual(await cues(), ['request phrase "could you" (en)', '']);
    const raw = new Database(file);
    raw.exec("UPDATE items SET ask = 'stale'");
    raw.close();
    await b.reindex();
    assert.deepEqual(await cues(), ['request phrase "could you" (en)', '']);
    await b.close();
  });

  void test('Store - a conversation read again is the same, and a new message in it shows at once', async () => {
    const store = await openStore(freshFile());
    const msg = (i: number) =>
      makeItem({
        kind: 'message',
        platform: 'x',
        sentAt: `2016-10-1${i}T12:00:00.000Z`,
        text: `message ${i}`,
        conversationId: 'c0nversation',
      });
    const first = [msg(1), msg(2)];
    await store.writeBatch({ items: first.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    const a = await store.getThread(first[0]?.id as string);
    const b = await store.getThread(first[1]?.id as string);
    assert.deepEqual(b, a);
    assert.equal(a?.nodes.length, 2);
    const third = msg(3);
    await store.writeBatch({ items: [{ item: third, raw: rawOf(third) }], quarantine: [] });
    const c = await store.getThread(first[0]?.id as string);
    assert.deepEqual(
      c?.nodes.map((n) => n.itemId),
      [...first, third].map((x) => x.id),
    );
    await store.close();
  });

  void test('Store - another SQLite database or a file that is no database is left alone', async () => {
    const other = freshFile();
    const db = new Database(other);
    db.exec('CREATE TABLE notes (x TEXT)');
    db.close();
    await assert.rejects(openStore(other), isStoreError(/not an innsyn one/));
    const db2 = new Database(other, { readonly: true });
    assert.deepEqual(db2.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), [
      'notes',
    ]);
    db2.close();
    const junk = freshFile();
    writeFileSync(junk, Buffer.alloc(8192, 0x41));
    await assert.rejects(openStore(junk), isStoreError(/is damaged or is not a database/));
    await assert.rejects(openStore(path.join(dir, 'no-such-dir', 'x.db')), isStoreError(/x\.db/));
  });

  void test('Store - a write while another process holds the database says so', async () => {
    const file = freshFile();
    const store = openSqliteStore(file, { busyTimeoutMs: 50 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      const item = makeItem();
      await assert.rejects(
        store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }),
        isStoreError(/in use by another innsyn process/),
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const item = makeItem();
    assert.deepEqual(await store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }), [
      'stored',
    ]);
    await store.close();
  });

  void test('Store - items prepared on worker threads are stored exactly as inline ones', async () => {
    const generated = [...generateItems(300, 7)];
    const withWorkers = openSqliteStore(freshFile(), { prepareWorkers: 2 });
    const inline = openSqliteStore(freshFile(), { prepareWorkers: 0 });
    try {
      // Two batches, the second half duplicates, so the pipeline meets both kinds.
      for (const store of [withWorkers, inline]) {
        await store.writeBatch({ items: generated.slice(0, 200), quarantine: [] });
        const results = await store.writeBatch({ items: generated.slice(100), quarantine: [] });
        assert.deepEqual(results, [...Array(100).fill('duplicate'), ...Array(100).fill('stored')]);
      }
      for (const { item, raw } of generated.filter((_, i) => i % 37 === 0)) {
        assert.deepEqual(await withWorkers.getItem(item.id), item);
        assert.deepEqual(await withWorkers.getItem(item.id), await inline.getItem(item.id));
        assert.deepEqual(Buffer.from((await withWorkers.getRaw(item.id)) as Uint8Array), Buffer.from(raw));
      }
      for (const q of [term('budget'), term('skatt'), exact('lang', 'no')]) {
        const a = await withWorkers.search(q, { limit: 50, offset: 0, sort: 'relevance' });
        const b = await inline.search(q, { limit: 50, offset: 0, sort: 'relevance' });
        assert.deepEqual(a, b);
      }
    } finally {
      await withWorkers.close();
      await inline.close();
    }
  });

  void test('Store - the FTS table has the columns the code expects', async () => {
    const file = freshFile();
    await (await openStore(file)).close();
    const db = new Database(file, { readonly: true });
    const cols = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('fts');
    db.close();
    assert.deepEqual(cols, [...FTS_COLUMNS]);
  });

  void test('Store - tags survive a reindex; migration 6 keeps the tags of the old tags table', async () => {
    const file = freshFile();
    const a = makeItem({ text: 'tagged words' });
    const b = makeItem({ text: 'other words' });
    const first = await openStore(file);
    await first.writeBatch({ items: [a, b].map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    await first.close();
    // A tag in the table of 0001, as a database before migration 6 held it.
    const db = new Database(file);
    db.exec(UNDO_ANNOTATIONS);
    db.prepare('INSERT INTO tags (item_id, tag) VALUES (?, ?)').run(a.id, 'Important');
    db.close();
    const store = await openStore(file);
    const tagged = async (): Promise<string[]> =>
      (await store.search(exact('tag', 'important'), { limit: 5, offset: 0, sort: 'date' })).items.map(
        (i) => i.id,
      );
    assert.deepEqual(await tagged(), [a.id]);
    await store.reindex();
    assert.deepEqual(await tagged(), [a.id]);
    assert.equal((await store.search(term('words'), { limit: 5, offset: 0, sort: 'date' })).total, 2);
    await store.close();
  });

  void test('Store - calls during a reindex are refused, not mixed into it', async () => {
    const store = await openStore(freshFile());
    const items = Array.from({ length: 1500 }, (_, i) => makeItem({ text: `word${i} common` }));
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
    // reindex() returns at its first pause between pages, with its transaction open.
    const running = store.reindex();
    await assert.rejects(store.stats(), isStoreError(/busy with a reindex/));
    await running;
    assert.equal((await store.search(term('common'), { limit: 1, offset: 0, sort: 'date' })).total, 1500);
    await store.close();
  });
});

void describe('openStore: choosing the dialect', () => {
  void test('Store - a path, a file: URL and :memory: open SQLite', async () => {
    const file = freshFile();
    await (await openStore(`file://${file}`)).close();
    await (await openStore(file)).close();
    await (await openStore(':memory:')).close();
  });

  void test('Store - other schemes are refused by name, never leaking a password', async () => {
    // postgres:// is PostgreSQL's (test/store/postgres.test.ts), never a file: here no server answers.
    await assert.rejects(openStore('postgres://user:hunter2@127.0.0.1:1/innsyn'), (e: unknown) => {
      return (
        e instanceof InnsynError &&
        e.code === 'store' &&
        /PostgreSQL/.test(e.message) &&
        !e.message.includes('hunter2')
      );
    });
    await assert.rejects(
      openStore('mysql://x/y'),
      (e: unknown) => e instanceof InnsynError && e.code === 'usage',
    );
    await assert.rejects(openStore(''), (e: unknown) => e instanceof InnsynError && e.code === 'usage');
  });
});
