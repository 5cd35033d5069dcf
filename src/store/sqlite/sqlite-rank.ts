import { existsSync } from 'node:fs';
import { nativeFile } from '../../model/native-file.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { FTS_COLUMNS, FTS_WEIGHTS } from './sqlite-fts-columns.js';

/**
 * How search results are ranked by relevance: bm25 with our column weights, computed by
 * `innsyn_rank` (native/innsyn-rank.c, a SQLite extension `npm run build` compiles into
 * dist/native/innsyn-rank.so) where it was built, else by FTS5's own `bm25`. Both give the same
 * score to the last bit; innsyn_rank keeps the rows' lengths in memory instead of reading one
 * row of fts_docsize per match (a word in 55,000 of 100,000 mails: 47 → 27 ms), keeps what it
 * scored, so neither the count of a full page nor the facets of the query need a second pass
 * over the index, and keeps each query's IDFs until the data changes (the next page of a search
 * skips a pass over every phrase's postings).
 */
export interface Ranking {
  /** The SQL expression to ORDER BY, best first (lower is better). */
  readonly expression: string;
  /** The values of its `?` parameters, for a query whose MATCH expression is `match`. */
  params(match: string): unknown[];
  /**
   * After a query that ORDER BY `expression` returned at least one row: how many rows matched
   * (every match is scored to be sorted). Null with bm25, which does not count.
   */
  scoredRows(): number | null;
  /** After such a query: the rowids (date keys) of those rows, in the order scored. Null with bm25. */
  scoredKeys(): Float64Array | null;
}

const EXTENSION = nativeFile('innsyn-rank.so');

const weights = FTS_COLUMNS.map((c) => FTS_WEIGHTS[c]).join(', ');

/** FTS5's bm25 with our weights; constants, so no user input reaches it. */
export const BM25_RANKING: Ranking = {
  expression: `bm25(fts, ${weights})`,
  params: () => [],
  scoredRows: () => null,
  scoredKeys: () => null,
};

/**
 * The ranking for a connection: innsyn_rank loaded into it when the extension is built and
 * `INNSYN_RANK` is not `bm25` (a switch for comparing the two), else BM25_RANKING. A build that
 * does not load (another SQLite, a damaged file) is not an error: bm25 ranks the same.
 */
export function connectionRanking(db: SqliteDatabase, file = EXTENSION): Ranking {
  if (process.env.INNSYN_RANK === 'bm25' || !existsSync(file)) return BM25_RANKING;
  try {
    db.loadExtension(file, 'sqlite3_innsynrank_init');
  } catch {
    return BM25_RANKING;
  }
  const rows = db.prepare('SELECT innsyn_rank_rows()').pluck();
  const keys = db.prepare('SELECT innsyn_rank_rowids()').pluck();
  return {
    // The MATCH expression again: the IDFs of its phrases are kept for it until the data changes.
    expression: `innsyn_rank(fts, ?, ${weights})`,
    params: (match) => [match],
    scoredRows: () => rows.get() as number,
    scoredKeys: () => {
      const blob = keys.get() as Buffer;
      // A copy: the blob's bytes need not be aligned for a Float64Array view.
      return new Float64Array(new Uint8Array(blob).buffer);
    },
  };
}
