import type { PgQueryable } from './pg-driver.js';
import { pgText } from './pg-item-codec.js';

/** How many names a NameIds remembers before it starts over (a Maildir of a million files has a million paths). */
const CACHE_NAMES = 10_000;

/**
 * Row numbers of the names of a table that stores each name once (`paths.path`, `folders.name`),
 * created when new: sorted, so that concurrent writers lock rows alike. Remembers the numbers it
 * handed out until `clear` (a rolled-back transaction may have made some of them void).
 */
export class PgNameIds {
  private readonly cache = new Map<string, number>();

  /**
   * `table (column)`; `extra` a further column filled from the name when a row is created
   * (`folders.words`).
   */
  constructor(
    private readonly table: string,
    private readonly column: string,
    private readonly extra?: { column: string; of: (name: string) => string },
  ) {}

  clear(): void {
    this.cache.clear();
  }

  async of(c: PgQueryable, list: Iterable<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const missing = new Set<string>();
    for (const name of list) {
      const n = this.cache.get(name);
      if (n !== undefined) out.set(name, n);
      else missing.add(name);
    }
    if (missing.size === 0) return out;
    const wanted = [...missing].sort();
    const stored = wanted.map(pgText);
    const { table, column, extra } = this;
    if (extra === undefined) {
      await c.query(`INSERT INTO ${table} (${column}) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [
        stored,
      ]);
    } else {
      await c.query(
        `INSERT INTO ${table} (${column}, ${extra.column}) SELECT * FROM unnest($1::text[], $2::text[]) ` +
          'ON CONFLICT DO NOTHING',
        [stored, stored.map(extra.of)],
      );
    }
    const rows = await c.query<{ n: number; name: string }>(
      `SELECT n, ${column} AS name FROM ${table} WHERE ${column} = ANY($1::text[])`,
      [stored],
    );
    const byStored = new Map(rows.rows.map((r) => [r.name, r.n]));
    for (const name of wanted) {
      const n = byStored.get(pgText(name)) as number;
      out.set(name, n);
      if (this.cache.size >= CACHE_NAMES) this.cache.clear();
      this.cache.set(name, n);
    }
    return out;
  }
}
