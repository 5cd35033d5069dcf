import { InnsynError } from '../../model/index.js';
import { pgErrorCode, type PgQueryable } from './pg-driver.js';

/**
 * The rank index: a RUM index (the `rum` extension, Debian's `postgresql-15-rum`) on the
 * full-text document, which keeps each word's positions in the index, so that a search by
 * relevance is ordered by the index (`doc <=> query`) instead of reading and ranking the
 * tsvector of every match with ts_rank (~10 µs a match at 100,000 items, ~28 at 1,000,000: 15 s
 * for a word in half of a million mails). Optional: without it, ts_rank ranks as before.
 *
 * Measured on 30,000 generated items (PostgreSQL 15, 2 cores): the 50 best of a word in 9,906
 * of them 60 → 5 ms, an AND 40 → 7, an OR 57 → 5. Its cost: writing. Each new item costs ~5.5
 * ms more to insert (GIN: ~0.5 ms), so a big ingest runs first and the index is made after it
 * (`innsyn rank-index create`: one pass, ~0.5 ms an item), and it is ~5.5x the size of the
 * GIN index. RUM orders by its own rank, close to ts_rank's but with its own weights for the
 * A-D labels (which cannot be set): the order differs a little, the matches do not.
 */

export const RANK_INDEX = 'fts_doc_rum';

export interface RankIndexState {
  /** The extension's version in this database, or null when not created in it. */
  extension: string | null;
  /** Whether the database server has the extension's files (it can be created). */
  available: boolean;
  /** The index on this case's `fts` (this collection's, with --collection), ready to use. */
  index: boolean;
  /** A build of it that failed or was interrupted (CREATE INDEX CONCURRENTLY leaves it behind). */
  invalid: boolean;
  /** Its size in bytes when it exists. */
  bytes: number | null;
}

/** Where the rum extension's objects are, or null when it is not created in this database. */
async function extensionSchema(db: PgQueryable): Promise<string | null> {
  const r = await db.query<{ nspname: string }>(
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'rum'",
  );
  return r.rows[0]?.nspname ?? null;
}

export async function rankIndexState(db: PgQueryable): Promise<RankIndexState> {
  const ext = await db.query<{ installed_version: string | null }>(
    "SELECT installed_version FROM pg_available_extensions WHERE name = 'rum'",
  );
  const index = await db.query<{ bytes: string; valid: boolean }>(
    'SELECT pg_relation_size(c.oid) AS bytes, x.indisvalid AS valid FROM pg_class c JOIN pg_index x ON x.indexrelid = c.oid ' +
      'WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace',
    [RANK_INDEX],
  );
  const row = index.rows[0];
  return {
    extension: ext.rows[0]?.installed_version ?? null,
    available: ext.rows.length > 0,
    index: row?.valid === true,
    invalid: row?.valid === false,
    bytes: row?.valid === true ? Number(row.bytes) : null,
  };
}

/**
 * The ORDER BY term that ranks by the rank index, for a tsquery in `$param` (null: no index,
 * rank with ts_rank). The operator is named with its schema: a collection's connections resolve
 * names in the collection's schema only.
 */
export async function rankIndexOrder(db: PgQueryable, param: string): Promise<string | null> {
  const schema = await extensionSchema(db);
  if (schema === null) return null;
  if (!(await rankIndexState(db)).index) return null;
  return `f.doc OPERATOR(${quoteIdent(schema)}.<=>) ${param}::tsquery`;
}

/**
 * Creates the rum extension (in `public`, shared by every collection) when the server has it and
 * the user may, then the index, without blocking writers (CONCURRENTLY: `db` must not be in a
 * transaction). Says what to do when the extension is missing or the user may not create it.
 */
export async function createRankIndex(db: PgQueryable, where: string): Promise<void> {
  const state = await rankIndexState(db);
  if (!state.available) {
    throw new InnsynError(
      'usage',
      `the database server of ${where} has no rum extension: install it there (Debian: apt install postgresql-15-rum, ` +
        "for the server's PostgreSQL version), then run this again",
    );
  }
  let schema = await extensionSchema(db);
  if (schema === null) {
    try {
      await db.query('CREATE EXTENSION IF NOT EXISTS rum SCHEMA public');
    } catch (e) {
      if (pgErrorCode(e) === '42501') {
        throw new InnsynError(
          'usage',
          `the user of ${where} may not create the rum extension: a superuser runs 'CREATE EXTENSION rum SCHEMA public;' ` +
            'in that database once, then run this again',
        );
      }
      throw e;
    }
    schema = 'public';
  }
  if (state.index) return;
  if (state.invalid) await dropRankIndex(db);
  await db.query(
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${RANK_INDEX} ON fts USING rum (doc ${quoteIdent(schema)}.rum_tsvector_ops)`,
  );
}

/**
 * The statement that makes the rank index again as it is (CONCURRENTLY), or null without one:
 * for a reindex, which drops it while it writes every row again.
 */
export async function rankIndexDefinition(db: PgQueryable): Promise<string | null> {
  const r = await db.query<{ def: string }>(
    'SELECT pg_get_indexdef(x.indexrelid) AS def FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid ' +
      'WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace AND x.indisvalid',
    [RANK_INDEX],
  );
  const def = r.rows[0]?.def;
  return def === undefined ? null : def.replace(/^CREATE INDEX /, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ');
}

/** Drops the index (not the extension, which other collections may use). */
export async function dropRankIndex(db: PgQueryable): Promise<void> {
  await db.query(`DROP INDEX CONCURRENTLY IF EXISTS ${RANK_INDEX}`);
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
