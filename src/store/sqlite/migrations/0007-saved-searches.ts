import type { SqliteMigration } from '../sqlite-migrations.js';

/**
 * Saved searches (../../saved-searches.ts): named queries, human data like the annotations of
 * 0006 (never touched by a reindex). Names compare without case (NOCASE folds ASCII only; the
 * names are a reporter's own labels, so that is enough to stop "WikiLeaks" and "wikileaks"
 * being two entries).
 *
 * Frozen once released, like 0001.
 */
export const migration0007: SqliteMigration = {
  version: 7,
  name: 'saved-searches',
  up(db) {
    db.exec(`
      CREATE TABLE saved_searches (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        query TEXT NOT NULL,
        author TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
