import { InnsynError } from '../../model/index.js';
import type { MatchRef } from '../store.js';
import { msToIso } from './sqlite-item-codec.js';
import type { CompiledQuery } from './sqlite-query-compiler.js';

/**
 * Matches read per page by `listMatches`. Each page is one short statement: no statement stays
 * open while the consumer (an export writing files) runs, so writers are never held up for long.
 */
export const MATCH_PAGE_ROWS = 1_000;

/** FROM, WHERE conditions and parameters of a compiled query (sqlite-store.ts `searchSql`). */
export interface MatchSql {
  from: string;
  conditions: string[];
  params: unknown[];
}

export interface MatchReader {
  /** Compiles the query; called on the first read, so a bad query rejects the iteration, not the call. */
  compile(): CompiledQuery;
  sql(compiled: CompiledQuery): MatchSql;
  /** Runs one page's statement the way every store read runs (after pending writes, errors mapped). */
  page(sql: string, params: unknown[]): Promise<unknown[]>;
}

/**
 * Every match in `search`'s 'date-asc' order, paged by date key (keyset, not OFFSET: each page
 * costs the same however deep into the matches it is, and items written meanwhile neither
 * repeat nor shift a page). Date keys are unique and sort as dates do; undated items have
 * negative keys and come after the dated ones, in key order as search puts them.
 */
export async function* readMatches(reader: MatchReader): AsyncGenerator<MatchRef> {
  const compiled = reader.compile();
  if (compiled.never) return;
  const { from, conditions, params } = reader.sql(compiled);
  // The key FTS5 seeks on when there is text to match (it walks its matches in rowid order).
  const key = compiled.match !== null ? 'fts.rowid' : 'i.dk';
  // Each in parentheses: a condition may be an OR ('(a) OR (b)'), and AND binds tighter.
  const where = conditions.map((c) => ` AND (${c})`).join('');
  const pageSql = (bound: string): string =>
    `SELECT i.id, i.sent_at, ${key} AS k FROM ${from} WHERE ${bound}${where} ORDER BY ${key} LIMIT ?`;
  const dated = pageSql(`${key} > ?`);
  const undated = pageSql(`${key} < 0 AND ${key} > ?`);
  for (const [sql, start] of [
    [dated, -1],
    [undated, Number.MIN_SAFE_INTEGER],
  ] as const) {
    let after: number = start;
    for (;;) {
      const rows = (await reader.page(sql, [after, ...params, MATCH_PAGE_ROWS])) as Array<{
        id: string;
        sent_at: number | null;
        k: number;
      }>;
      for (const r of rows) yield { id: r.id, sentAt: msToIso(r.sent_at) };
      if (rows.length < MATCH_PAGE_ROWS) break;
      const last = (rows[rows.length - 1] as { k: number }).k;
      // Keys only grow; a page that does not move on would repeat forever.
      if (!(last > after))
        throw new InnsynError('internal', `listing matches did not advance past date key ${after}`);
      after = last;
    }
  }
}
