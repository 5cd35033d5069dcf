import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';

/** How many names a SqliteNameIds remembers before it starts over (a Maildir of a million files has a million paths). */
const CACHE_NAMES = 10_000;

/**
 * Row numbers of the names of a table that stores each name once (`paths.path`, `folders.name`),
 * created when new, as PostgreSQL's ../postgres/pg-name-ids.ts. Remembers the numbers it handed
 * out until `clear` (a rolled-back transaction may have made some of them void).
 */
export class SqliteNameIds {
  private readonly cache = new Map<string, number>();
  private readonly s: { find: SqliteStatement; insert: SqliteStatement };

  /** `table (column)`; `extra` a further column filled from the name when a row is created (`folders.words`). */
  constructor(
    db: SqliteDatabase,
    table: string,
    column: string,
    private readonly extra?: { column: string; of: (name: string) => string },
  ) {
    this.s = {
      find: db.prepare(`SELECT n FROM ${table} WHERE ${column} = ?`).pluck(),
      insert: db.prepare(
        extra === undefined
          ? `INSERT INTO ${table} (${column}) VALUES (?)`
          : `INSERT INTO ${table} (${column}, ${extra.column}) VALUES (?, ?)`,
      ),
    };
  }

  clear(): void {
    this.cache.clear();
  }

  /** The row number of `name`, its row created when there is none. */
  of(name: string): number {
    let n = this.cache.get(name);
    if (n === undefined) {
      const args = this.extra === undefined ? [name] : [name, this.extra.of(name)];
      n = (this.s.find.get(name) as number | undefined) ?? Number(this.s.insert.run(...args).lastInsertRowid);
      if (this.cache.size >= CACHE_NAMES) this.cache.clear();
      this.cache.set(name, n);
    }
    return n;
  }
}
