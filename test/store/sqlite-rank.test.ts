import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parseQuery } from '../../src/query/index.js';
import type { SqliteDatabase } from '../../src/store/sqlite/sqlite-driver.js';
import { BM25_RANKING, connectionRanking, type Ranking } from '../../src/store/sqlite/sqlite-rank.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { generateItems } from './generate-items.js';
import { rankExtensionMissing } from '../helpers/native-parts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const extension = path.join(root, 'dist', 'native', 'innsyn-rank.so');

const missing = rankExtensionMissing();
if (missing)
  console.log(`# sqlite-rank: the ranking extension cannot be built here (${missing}); its tests skip`);
const skip = missing ?? false;

/** Loads the extension by its entry point (better-sqlite3's types omit that argument). */
function load(db: Database.Database, file: string): void {
  (db as unknown as SqliteDatabase).loadExtension(file, 'sqlite3_innsynrank_init');
}

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-rank-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A connection with the extension loaded and a table `fts` of three columns, `rows` in it. */
function table(rows: string[][], file = path.join(dir, `t${++files}.db`)): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  load(db, extension);
  db.exec('CREATE VIRTUAL TABLE fts USING fts5(a, b, c)');
  const insert = db.prepare('INSERT INTO fts (rowid, a, b, c) VALUES (?, ?, ?, ?)');
  db.transaction(() => rows.forEach((r, i) => insert.run((i + 1) * 10, ...r)))();
  return db;
}

/** Two stores on one file: `own` ranks with innsyn_rank, `plain` with FTS5's bm25 (INNSYN_RANK=bm25). */
function twoStores(file: string): { own: SqliteStore; plain: SqliteStore } {
  const own = openSqliteStore(file, { prepareWorkers: 0 });
  process.env.INNSYN_RANK = 'bm25';
  try {
    return { own, plain: openSqliteStore(file, { prepareWorkers: 0 }) };
  } finally {
    delete process.env.INNSYN_RANK;
  }
}

const WORDS = 'alpha beta gamma delta epsilon zeta eta theta iota kappa'.split(' ');

/** Deterministic rows of 1-40 words per column; row 7 has a column of 20,000 words (3-byte lengths). */
function rows(count: number): string[][] {
  let x = 12345;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const column = (): string =>
    Array.from({ length: 1 + next(40) }, () => WORDS[next(WORDS.length)]).join(' ');
  return Array.from({ length: count }, (_, i) =>
    i === 7
      ? [column(), Array(20_000).fill('alpha beta').join(' '), column()]
      : [column(), column(), column()],
  );
}

const QUERIES = [
  'alpha',
  'alpha beta',
  'alpha OR kappa',
  '"gamma delta"',
  '{a}: theta',
  '{b c}: (iota OR eta) AND zeta',
  'NEAR(alpha kappa, 3)',
  'bet*',
];

/** innsyn_rank beside bm25 (weights 3, 1, 0.5) for every match: [rowid, own, bm25]. */
function both(db: Database.Database, match: string): Array<[number, number, number]> {
  return db
    .prepare('SELECT rowid, innsyn_rank(fts, 3, 1, 0.5), bm25(fts, 3, 1, 0.5) FROM fts WHERE fts MATCH ?')
    .raw()
    .all(match) as Array<[number, number, number]>;
}

/** Every query scores as bm25; returns whether the broadest ('alpha') took the kept lengths. */
function assertSame(db: Database.Database, when: string): boolean {
  let kept = false;
  for (const q of QUERIES) {
    const scores = both(db, q);
    assert.ok(scores.length > 0, `${q} matches something`);
    for (const [rowid, own, bm25] of scores) assert.equal(own, bm25, `${when}: ${q}, row ${rowid}`);
    if (q === 'alpha') kept = db.prepare('SELECT innsyn_rank_lengths()').pluck().get() === 1;
  }
  return kept;
}

void describe('SQLite - ranking by bm25 without its per-row lookups (native/innsyn-rank.c)', () => {
  void it('is built by npm run build where Linux, cc and SQLite headers are', { skip }, () => {
    assert.ok(existsSync(extension), `${extension} exists (run npm run build)`);
  });

  void it('scores every match exactly as bm25 does, weights and all', { skip }, () => {
    const db = table(rows(400));
    try {
      assert.equal(assertSame(db, 'first read'), true, 'the lengths are read and used');
      assert.equal(assertSame(db, 'lengths kept'), true);
    } finally {
      db.close();
    }
  });

  void it('follows changes: commits, its own open transaction, another connection', { skip }, () => {
    const file = path.join(dir, 'changes.db');
    const db = table(rows(400), file);
    const other = new Database(file);
    try {
      assert.equal(assertSame(db, 'before'), true);
      // Two rows swapped: as many rows and tokens as before, but not where they were.
      const row = db.prepare('SELECT a, b, c FROM fts WHERE rowid = ?').raw();
      const [r70, r80] = [row.get(70), row.get(80)] as string[][];
      const put = db.prepare('UPDATE fts SET a = ?, b = ?, c = ? WHERE rowid = ?');
      db.transaction(() => {
        put.run(...(r80 as string[]), 70);
        put.run(...(r70 as string[]), 80);
      })();
      assert.equal(assertSame(db, 'after a swap'), true, 'read again');
      db.prepare("UPDATE fts SET b = 'alpha' WHERE rowid = 20").run();
      db.prepare("INSERT INTO fts (rowid, a, b, c) VALUES (5, 'alpha alpha', 'beta', '')").run();
      db.prepare('DELETE FROM fts WHERE rowid = 30').run();
      assert.equal(assertSame(db, 'after commits on the same connection'), true);
      db.exec('BEGIN'); // the swap undone: no commit yet, so no new data version
      put.run(...(r70 as string[]), 70);
      put.run(...(r80 as string[]), 80);
      assert.equal(assertSame(db, 'inside an open transaction'), false, 'FTS5 asked inside a transaction');
      db.exec('COMMIT');
      assert.equal(assertSame(db, 'after the commit'), true);
      other.prepare("UPDATE fts SET c = 'zeta zeta theta' WHERE rowid = 50").run();
      other.prepare("INSERT INTO fts (rowid, a, b, c) VALUES (100000, 'alpha', 'alpha', 'alpha')").run();
      assert.equal(assertSame(db, 'after another connection wrote'), true);
    } finally {
      other.close();
      db.close();
    }
  });

  void it('keeps a query’s IDFs for its MATCH expression until the data changes', { skip }, () => {
    const db = table(rows(400));
    try {
      const scores = db
        .prepare(
          'SELECT rowid, innsyn_rank(fts, ?, 3, 1, 0.5), bm25(fts, 3, 1, 0.5) FROM fts WHERE fts MATCH ?',
        )
        .raw();
      const kept = db.prepare('SELECT innsyn_rank_kept()').pluck();
      const same = (q: string, when: string): boolean => {
        for (const [rowid, own, bm25] of scores.all(q, q) as Array<[number, number, number]>) {
          assert.equal(own, bm25, `${when}: ${q}, row ${rowid}`);
        }
        return kept.get() === 1;
      };
      const q = 'kappa OR {a}: theta';
      assert.equal(same(q, 'first'), false);
      assert.equal(same(q, 'again'), true, 'kept');
      assert.equal(same('kappa', 'another expression'), false);
      // As many rows as before, but kappa in one more of them: its IDF changes.
      const without = db
        .prepare(
          "SELECT id FROM fts_docsize WHERE id NOT IN (SELECT rowid FROM fts WHERE fts MATCH 'kappa') LIMIT 1",
        )
        .pluck()
        .get() as number;
      db.prepare("UPDATE fts SET a = 'kappa' WHERE rowid = ?").run(without);
      assert.equal(same(q, 'after a commit'), false);
      assert.equal(same(q, 'again after it'), true);
      db.exec('BEGIN');
      db.prepare("UPDATE fts SET b = 'kappa' WHERE rowid = 20").run();
      assert.equal(same(q, 'inside a transaction'), false);
      db.exec('COMMIT');
      assert.equal(same(q, 'after that commit'), false);
    } finally {
      db.close();
    }
  });

  void it('keeps what it scored: the matches and match count of an ORDER BY query', { skip }, () => {
    const db = table(rows(400));
    try {
      const matches = db.prepare('SELECT rowid FROM fts WHERE fts MATCH ?').pluck();
      const page = db.prepare('SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY innsyn_rank(fts) LIMIT 5');
      const scored = db.prepare('SELECT innsyn_rank_rows()').pluck();
      const keys = db.prepare('SELECT innsyn_rank_rowids()').pluck();
      for (const q of QUERIES) {
        const all = matches.all(q) as number[];
        assert.equal(page.all(q).length, Math.min(5, all.length));
        assert.equal(scored.get(), all.length, q);
        const blob = keys.get() as Buffer;
        assert.deepEqual(
          [...new Float64Array(new Uint8Array(blob).buffer)].sort((a, b) => a - b),
          all,
          q,
        );
      }
    } finally {
      db.close();
    }
  });

  void it('on a table not named fts, or without fts_docsize, still scores as bm25', { skip }, () => {
    const db = table(rows(200));
    try {
      db.exec('CREATE VIRTUAL TABLE other USING fts5(a, b, c)');
      db.exec("INSERT INTO other (rowid, a, b, c) SELECT rowid, b, c, a || ' alpha' FROM fts");
      const scores = db
        .prepare(
          'SELECT innsyn_rank(other, 3, 1, 0.5), bm25(other, 3, 1, 0.5) FROM other WHERE other MATCH ?',
        )
        .raw()
        .all('alpha') as Array<[number, number]>;
      assert.ok(scores.length >= 200);
      for (const [own, bm25] of scores) assert.equal(own, bm25);
      assert.equal(db.prepare('SELECT innsyn_rank_lengths()').pluck().get(), 0, "fts's lengths not used");
    } finally {
      db.close();
    }
    const bare = new Database(':memory:');
    try {
      load(bare, extension);
      bare.exec("CREATE VIRTUAL TABLE t USING fts5(a); INSERT INTO t VALUES ('alpha'), ('alpha beta')");
      const scores = bare
        .prepare("SELECT innsyn_rank(t), bm25(t) FROM t WHERE t MATCH 'alpha'")
        .raw()
        .all() as Array<[number, number]>;
      for (const [own, bm25] of scores) assert.equal(own, bm25);
    } finally {
      bare.close();
    }
  });

  void it('ranks a store’s searches as bm25 does, with the same totals', { skip }, async () => {
    const { own, plain } = twoStores(path.join(dir, 'store.db'));
    try {
      await own.writeBatch({ items: [...generateItems(600, 3)], quarantine: [] });
      const queries = ['meeting', 'budget deadline', 'invoice OR faktura', '"to the"', 'regjer*', 'møte'];
      for (const q of queries) {
        const ast = parseQuery(q);
        for (const offset of [0, 20, 200]) {
          const a = await own.search(ast, { limit: 20, offset, sort: 'relevance' });
          const b = await plain.search(ast, { limit: 20, offset, sort: 'relevance' });
          assert.deepEqual(
            a.items.map((i) => i.id),
            b.items.map((i) => i.id),
            `${q} from ${offset}`,
          );
          assert.equal(a.total, b.total, `${q}: total`);
        }
        const counted = await own.search(ast, { limit: 0, offset: 0, sort: 'date' });
        const ranked = await own.search(ast, { limit: 1, offset: 0, sort: 'relevance' });
        assert.ok(counted.total > 1, `${q} matches more than one item`);
        assert.equal(ranked.total, counted.total, `${q}: the total of a ranked page is the match count`);
      }
      // With a filter on the items table as well as the text.
      const ast = parseQuery('meeting has:attachment');
      const a = await own.search(ast, { limit: 3, offset: 0, sort: 'relevance' });
      const counted = await own.search(ast, { limit: 0, offset: 0, sort: 'date' });
      assert.ok(counted.total > 3);
      assert.equal(a.total, counted.total);
    } finally {
      await own.close();
      await plain.close();
    }
  });

  void it('hands a ranked search’s matches to the facets and histogram that follow', { skip }, async () => {
    const { own, plain } = twoStores(path.join(dir, 'facets.db'));
    try {
      await own.writeBatch({ items: [...generateItems(500, 5)], quarantine: [] });
      await own.facets(null, { limit: 5 }); // the facet index in use, as in the API
      const ranking = (own as unknown as { ranking: Ranking }).ranking;
      const scoredKeys = ranking.scoredKeys.bind(ranking);
      let handed = 0;
      ranking.scoredKeys = () => {
        handed++;
        return scoredKeys();
      };
      for (const q of ['meeting', 'budget OR møte', 'from:a* the']) {
        const ast = parseQuery(q);
        const before = handed;
        await own.search(ast, { limit: 5, offset: 0, sort: 'relevance' });
        assert.equal(handed, before + 1, `${q}: the scored matches were kept`);
        assert.deepEqual(await own.facets(ast, { limit: 10 }), await plain.facets(ast, { limit: 10 }), q);
        assert.deepEqual(
          await own.histogram(ast, { interval: 'month' }),
          await plain.histogram(ast, { interval: 'month' }),
          q,
        );
      }
    } finally {
      await own.close();
      await plain.close();
    }
  });

  void it('falls back to bm25 where the extension is not built or does not load', () => {
    const db = new Database(':memory:') as unknown as SqliteDatabase;
    try {
      assert.equal(connectionRanking(db, path.join(dir, 'absent.so')), BM25_RANKING);
      const broken = path.join(dir, 'broken.so');
      writeFileSync(broken, 'not a shared library');
      assert.equal(connectionRanking(db, broken), BM25_RANKING);
    } finally {
      db.close();
    }
  });
});
