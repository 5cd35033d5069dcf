import type { Item } from '../../model/index.js';
import { SqliteAttachmentTexts } from './sqlite-attachment-texts.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { FTS_COLUMNS } from './sqlite-fts-columns.js';
import { ftsDocument } from './sqlite-fts-document.js';
import { ITEM_COLUMNS, decodeRecord, toItem, type ContentRow, type ItemRow } from './sqlite-item-codec.js';
import { PeopleIndex } from './sqlite-people-index.js';

/** Items read per page: bounds memory on a database of millions of items. */
const PAGE_ROWS = 1_000;

const NOWHERE = { path: '', member: null, offset: 0, length: 0, sha256: '' };

export interface RefillOptions {
  /** The `CREATE VIRTUAL TABLE fts` statement: the table's own (reindex) or a new one (a migration). */
  ddl: string;
  /** Called once the persons are computed from the sender/recipient table, before the first item. */
  beforeItems?: () => void;
  /** Called for every item after its full-text row is written. */
  each?: (n: number, item: Item) => void;
}

/**
 * Drops the full-text table, creates it from `ddl` and fills it from the stored records, inside
 * the caller's transaction: every item's document with its person words (sqlite-people-index.ts)
 * and the texts extracted from its attachments (attachment_texts), keyed by its date key. Yields
 * the number of items done after each page, so that a caller can show progress and give the
 * event loop a turn (reindex) or simply run it through (a migration).
 */
export function* refillFullText(db: SqliteDatabase, options: RefillOptions): Generator<number, void> {
  db.exec('DROP TABLE fts');
  db.exec(options.ddl);
  // Statements on the new table (a migration may have changed its columns).
  const people = new PeopleIndex(db);
  const texts = new SqliteAttachmentTexts(db);
  // Persons from the sender/recipient table as it stands (`beforeItems` may clear it: reindex
  // fills it again from the same records).
  const state = people.beginReindex();
  options.beforeItems?.();
  const insert = db.prepare(
    `INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(FTS_COLUMNS.length)})`,
  );
  const page = db.prepare(
    `SELECT ${ITEM_COLUMNS}, c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n ` +
      'WHERE i.n > ? ORDER BY i.n LIMIT ?',
  );
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = page.all(after, PAGE_ROWS) as Array<ItemRow & ContentRow>;
    for (const row of rows) {
      const item = toItem(row, decodeRecord(row), NOWHERE);
      insert.run(row.dk, ...ftsDocument(item, state.extras, texts.source));
      people.indexed(state, row.n, item);
      options.each?.(row.n, item);
    }
    done += rows.length;
    yield done;
    if (rows.length < PAGE_ROWS) break;
    after = (rows[rows.length - 1] as ItemRow).n;
  }
  people.finishReindex();
  // One segment instead of dozens: smaller, and every query reads fewer b-trees.
  db.exec("INSERT INTO fts (fts) VALUES ('optimize')");
}
