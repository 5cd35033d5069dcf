import type { SqliteMigration } from '../sqlite-migrations.js';
import { repairFtsAverages } from '../sqlite-fts-averages.js';

/**
 * FTS5's averages record counted every full-text row that innsyn before this version deleted to
 * write again (sqlite-fts-averages.ts): counted again from fts_docsize, so that bm25 ranks with
 * the true number of rows and average length. No table changes.
 */
export const migration0009: SqliteMigration = {
  version: 9,
  name: 'fts-averages',
  up(db) {
    repairFtsAverages(db, { thorough: true });
  },
};
