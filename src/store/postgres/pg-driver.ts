import pg from 'pg';

/**
 * The small part of node-postgres (`pg` 8.x) the PostgreSQL dialect uses, re-declared here so
 * that no driver type leaks out of store/ (as sqlite-driver.ts does for better-sqlite3, and
 * Kysely's dialect configs do). This is the only file that imports the driver.
 */
export interface PgQueryable {
  /** Runs one statement with `$1…` parameters; every value is bound, never spliced into the SQL. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<PgResult<R>>;
}

/** The `n` column of every row `sql` gives: row numbers of items, identities, persons. */
export async function rowNumbers(
  db: PgQueryable,
  sql: string,
  params: readonly unknown[],
): Promise<number[]> {
  return (await db.query<{ n: number }>(sql, params)).rows.map((r) => r.n);
}

/** The `c` column of the first row `sql` gives (a count), 0 when it gives none. */
export async function countOf(db: PgQueryable, sql: string, params: readonly unknown[]): Promise<number> {
  return (await db.query<{ c: number }>(sql, params)).rows[0]?.c ?? 0;
}

export interface PgResult<R> {
  rows: R[];
  rowCount: number | null;
}

/** One connection taken from the pool; give it back with `release` (pass the error when it broke). */
export interface PgClient extends PgQueryable {
  release(error?: Error | boolean): void;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

export interface PgPoolOptions {
  /** Connections kept at most (searches of one server process run on several at once). */
  max: number;
  /** Gives up connecting after this long, instead of waiting for the OS's TCP timeout. */
  connectTimeoutMs: number;
  /**
   * The schema every connection resolves table names in (a collection, pg-collection.ts): set
   * as the `search_path` startup parameter, so it is in force from the connection's first
   * statement on (no separate SET that could be skipped or lost). Checked by the caller.
   */
  searchPath?: string;
}

/** PostgreSQL type oids whose text form we parse ourselves (pg_type.dat). */
const OID = { int8: 20, numeric: 1700 } as const;

/**
 * bigint and numeric come back as numbers, not strings: every bigint we store (row numbers,
 * milliseconds since 1970, counts) is far below 2^53. Per pool, not pg's global parsers, so
 * that nothing else in the process is affected.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.int8 || oid === OID.numeric) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

/**
 * Planner settings every innsyn connection starts with, before the URL's own `options` (so a
 * `?options=-c random_page_cost=4` in the URL wins).
 *
 * random_page_cost: PostgreSQL's default (4) prices a random page read as four sequential ones,
 * as on a spinning disk. innsyn's full-text table is read from memory, and with that price the
 * planner scans the whole table for a word in half the items rather than reading the pages the
 * GIN index points to: `meeting` on 100,000 items took 373 ms that way and 84 ms through the index
 * with 1.1, `invoice OR faktura` 646 and 71 ms (src/store/postgres/README.md). 1.1 is the usual
 * value for SSDs and cached data.
 */
export const SESSION_SETTINGS: ReadonlyArray<[name: string, value: string]> = [['random_page_cost', '1.1']];

/** A pool of connections to the server a `postgres://` URL names. Connects lazily. */
export function openPgPool(url: string, options: PgPoolOptions): PgPool {
  const pool = new pg.Pool({
    connectionString: withStartupOptions(url, options.searchPath),
    max: options.max,
    connectionTimeoutMillis: options.connectTimeoutMs,
    application_name: 'innsyn',
    types,
  });
  // An idle connection the server dropped (a restart, a network cut) emits 'error' on the pool;
  // unhandled, that would end the process. The next query on it fails with a mapped error instead.
  pool.on('error', () => {});
  return pool as unknown as PgPool;
}

/**
 * The URL with its `options` parameter (libpq's: server settings sent at connection start) set to
 * SESSION_SETTINGS, then whatever `options` it already had, then `-c search_path=SCHEMA` when a
 * schema is given. The server applies them in order, so the URL's own settings override ours and
 * nothing overrides the schema.
 */
export function withStartupOptions(url: string, schema?: string): string {
  const u = new URL(url);
  const given = u.searchParams.get('options');
  const parts = SESSION_SETTINGS.map(([name, value]) => `-c ${name}=${value}`);
  if (given) parts.push(given);
  if (schema !== undefined) parts.push(`-c search_path=${schema}`);
  u.searchParams.set('options', parts.join(' '));
  return u.toString();
}

/** The SQLSTATE of a server error ('40P01'), or the Node error code of a connection failure ('ECONNREFUSED'). */
export function pgErrorCode(e: unknown): string | null {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return e.code;
  return null;
}
