import Database from 'better-sqlite3';

/**
 * The small part of better-sqlite3 (12.x) the SQLite dialect uses, re-declared here so that no
 * driver type leaks out of store/ (Kysely's `sqlite-dialect-config.ts` does the same). This is
 * the only file that imports the driver; swapping it (node:sqlite one day) touches only this.
 *
 * better-sqlite3 is synchronous: every call below blocks the event loop for its duration. The
 * Store interface is async so that PostgreSQL fits behind it; the SQLite dialect simply does
 * its work synchronously inside async methods.
 */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `PRAGMA source`; with `simple` the first column of the first row. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Wraps `fn` in BEGIN/COMMIT (ROLLBACK when it throws); nested calls become savepoints. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>;
  close(): void;
  /**
   * better-sqlite3's unsafe mode: among other things it lifts SQLite's defensive mode, which
   * keeps SQL from writing shadow tables (sqlite-fts-averages.ts writes one record, then turns it off).
   */
  unsafeMode(on: boolean): void;
  /** Loads a SQLite extension (a shared library) into this connection, calling its `entryPoint`. */
  loadExtension(file: string, entryPoint?: string): void;
  readonly inTransaction: boolean;
  readonly open: boolean;
}

export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R;
  /** BEGIN IMMEDIATE: takes the write lock at the start, so a writer never fails half-way on SQLITE_BUSY. */
  immediate(...args: A): R;
}

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Return only the first column of each row. */
  pluck(toggle?: boolean): this;
  /** Return each row as an array of its columns (cheaper than an object per row). */
  raw(toggle?: boolean): this;
  /** Rows one at a time; no other statement may run on the connection until it is done. */
  iterate(...params: unknown[]): IterableIterator<unknown>;
}

/** The error the driver throws: `code` is the SQLite extended result code name ('SQLITE_BUSY'). */
export function sqliteErrorCode(e: unknown): string | null {
  if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
    return e.code;
  }
  return null;
}

/** Opens (creating when absent) the database file, or an in-memory one for ':memory:'. */
export function openSqliteDatabase(file: string, options: { busyTimeoutMs: number }): SqliteDatabase {
  return new Database(file, { timeout: options.busyTimeoutMs }) as unknown as SqliteDatabase;
}
