import type { SqliteMigration } from '../sqlite-migrations.js';
import { DateKeys } from '../sqlite-date-key.js';
import { ftsDocument } from '../sqlite-fts-document.js';
import { FTS_COLUMNS } from '../sqlite-fts-columns.js';
import { ITEM_COLUMNS, decodeRecord, toItem, type ContentRow, type ItemRow } from '../sqlite-item-codec.js';

type Row = ItemRow & ContentRow & { dk: number };

/** Items read per page while rebuilding: bounds memory on a database of millions of items. */
const PAGE_ROWS = 500;

/**
 * Date keys (sqlite-date-key.ts): `items.dk`, and the full-text index re-keyed on it so that
 * "newest first" and date ranges are answered by FTS5 in rowid order. A contentless FTS5 table
 * cannot change its rowids, so the index is rebuilt from the stored records (about 0.5 ms an
 * item: under a minute for 100,000) in the migration's transaction.
 *
 * Frozen once released, like 0001.
 */
export const migration0003: SqliteMigration = {
  version: 3,
  name: 'date-keys',
  up(db) {
    db.exec('ALTER TABLE items ADD COLUMN dk INTEGER');
    db.exec('CREATE UNIQUE INDEX items_dk ON items (dk)');
    const keys = new DateKeys(db);
    const setKey = db.prepare('UPDATE items SET dk = ? WHERE n = ?');
    for (;;) {
      const rows = db
        .prepare('SELECT n, sent_at FROM items WHERE dk IS NULL ORDER BY sent_at, n LIMIT ?')
        .all(PAGE_ROWS) as Array<{ n: number; sent_at: number | null }>;
      for (const r of rows) setKey.run(keys.next(r.sent_at), r.n);
      if (rows.length < PAGE_ROWS) break;
    }

    const ddl = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'fts'").pluck().get() as string;
    db.exec('DROP TABLE fts');
    db.exec(ddl);
    // The columns the table had at this version (later migrations add some, 0008): the
    // document's values of those only.
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('fts') as string[];
    const at = columns.map((c) => (FTS_COLUMNS as readonly string[]).indexOf(c));
    const insert = db.prepare(
      `INSERT INTO fts (rowid, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})`,
    );
    const page = db.prepare(
      `SELECT ${ITEM_COLUMNS}, c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n ` +
        'WHERE i.n > ? ORDER BY i.n LIMIT ?',
    );
    const nowhere = { path: '', member: null, offset: 0, length: 0, sha256: '' };
    let after = 0;
    for (;;) {
      const rows = page.all(after, PAGE_ROWS) as Row[];
      for (const row of rows) {
        const doc = ftsDocument(toItem(row, decodeRecord(row), nowhere));
        insert.run(row.dk, ...at.map((k) => doc[k] ?? ''));
      }
      if (rows.length < PAGE_ROWS) break;
      after = (rows[rows.length - 1] as Row).n;
    }
    db.exec("INSERT INTO fts (fts) VALUES ('optimize')");
  },
};
