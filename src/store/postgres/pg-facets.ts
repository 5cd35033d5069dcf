import type { PgQueryable } from './pg-driver.js';

/**
 * Facets and the date histogram are counted in memory, over the server process's facet index
 * (pg-facet-index.ts, counted by ../facet-counts.ts as in SQLite), from the row numbers of every
 * match. One GROUP BY per facet in SQL took 0.3-1 s per request on 100,000 items: every facet
 * joined every match to its senders and recipients (src/store/postgres/README.md).
 */

/** The matches: `SELECT i.n ... FROM <from> WHERE <where>` with `$1…` parameters. */
export interface MatchSql {
  /** A statement selecting the matching rows of `items i` as `n` (and nothing else). */
  sql: string;
  params: unknown[];
}

/**
 * The row numbers of every match, as one comma-separated text (one row, no per-row decoding by
 * the driver: 55,000 numbers arrive in a few milliseconds).
 */
export async function matchRowNumbers(db: PgQueryable, m: MatchSql): Promise<Int32Array> {
  const r = await db.query<{ ns: string | null }>(
    `SELECT string_agg(x.n::text, ',') AS ns FROM (${m.sql}) x(n)`,
    m.params,
  );
  const text = r.rows[0]?.ns ?? null;
  if (text === null || text === '') return new Int32Array(0);
  const out = new Int32Array(countCommas(text) + 1);
  let k = 0;
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) {
      out[k++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  out[k] = v;
  return out;
}

function countCommas(s: string): number {
  let n = 0;
  for (let i = s.indexOf(','); i !== -1; i = s.indexOf(',', i + 1)) n++;
  return n;
}
