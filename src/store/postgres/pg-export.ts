import { msToIso } from '../item-codec.js';
import type { MatchRef } from '../store.js';
import type { MatchSql } from './pg-facets.js';

/**
 * Matches read per page by `listMatches`. Each page is one short statement: no statement or
 * transaction stays open while the consumer (an export writing files) runs.
 */
export const MATCH_PAGE_ROWS = 1_000;

export interface MatchReader {
  /** Compiles the query; called on the first read, so a bad query rejects the iteration, not the call. */
  compile(): Promise<MatchSql | null>;
  /** Runs one page's statement the way every store read runs (errors mapped). */
  page(sql: string, params: unknown[]): Promise<Array<{ n: number; id: string; sent_at: number | null }>>;
}

/**
 * Every match in `search`'s 'date-asc' order (oldest first, items of one moment in the order
 * they were written, then the undated ones newest written first), paged by key (keyset, not
 * OFFSET: each page costs the same however deep it is, and items written meanwhile neither
 * repeat nor shift a page).
 */
export async function* readMatches(reader: MatchReader): AsyncGenerator<MatchRef> {
  const m = await reader.compile();
  if (m === null) return;
  const k = m.params.length;
  const select = `SELECT i.n, i.id, i.sent_at FROM items i WHERE i.n IN (${m.sql}) AND `;
  const dated =
    `${select}i.sent_at IS NOT NULL AND (i.sent_at, i.n) > ($${k + 1}, $${k + 2}) ` +
    `ORDER BY i.sent_at, i.n LIMIT $${k + 3}`;
  const undated = `${select}i.sent_at IS NULL AND i.n < $${k + 1} ORDER BY i.n DESC LIMIT $${k + 2}`;
  let after: [number, number] = [Number.MIN_SAFE_INTEGER, 0];
  for (;;) {
    const rows = await reader.page(dated, [...m.params, after[0], after[1], MATCH_PAGE_ROWS]);
    for (const r of rows) yield { id: r.id, sentAt: msToIso(r.sent_at) };
    if (rows.length < MATCH_PAGE_ROWS) break;
    const last = rows[rows.length - 1] as { n: number; sent_at: number };
    after = [last.sent_at, last.n];
  }
  let below = Number.MAX_SAFE_INTEGER;
  for (;;) {
    const rows = await reader.page(undated, [...m.params, below, MATCH_PAGE_ROWS]);
    for (const r of rows) yield { id: r.id, sentAt: msToIso(r.sent_at) };
    if (rows.length < MATCH_PAGE_ROWS) break;
    below = (rows[rows.length - 1] as { n: number }).n;
  }
}
