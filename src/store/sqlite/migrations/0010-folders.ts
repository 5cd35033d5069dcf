import type { SqliteMigration } from '../sqlite-migrations.js';
import { SqliteFolders } from '../sqlite-folders.js';

/** Location rows read per page while giving them their folders. */
const PAGE_ROWS = 5_000;

/**
 * Folders (`folder:`, model/folders.ts):
 *
 * - `locations.labels`: the folders a mailbox program wrote into the copy (Gmail's labels, an
 *   X-Folder header: src/sources/email/mailbox-labels.ts), a JSON array; null when none, as for
 *   every copy stored before this version (ingesting the mailbox again fills them in).
 * - `folders` (each folder name once, with its folded words) and `item_folders` (which item has
 *   a copy in which folder, numbered in the order written), filled here from every location's place.
 *
 * Frozen once released, like 0001.
 */
export const migration0010: SqliteMigration = {
  version: 10,
  name: 'folders',
  up(db) {
    db.exec(`
      ALTER TABLE locations ADD COLUMN labels TEXT;
      CREATE TABLE folders (
        n INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        words TEXT NOT NULL
      );
      -- Row numbers in the order written: the facet index reads the rows added since it last looked.
      CREATE TABLE item_folders (
        n INTEGER PRIMARY KEY,
        folder INTEGER NOT NULL,
        item INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX item_folders_key ON item_folders (folder, item);
    `);
    const folders = new SqliteFolders(db);
    const page = db.prepare(
      'SELECT l.n, l.item, p.path, l.member FROM locations l JOIN paths p ON p.n = l.path WHERE l.n > ? ORDER BY l.n LIMIT ?',
    );
    let at = 0;
    for (;;) {
      const rows = page.all(at, PAGE_ROWS) as Array<{
        n: number;
        item: number;
        path: string;
        member: string | null;
      }>;
      for (const r of rows) folders.add(r.item, r);
      if (rows.length < PAGE_ROWS) break;
      at = (rows[rows.length - 1] as (typeof rows)[number]).n;
    }
  },
};
