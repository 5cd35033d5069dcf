import type { PgQueryable } from './pg-driver.js';
import type { MatchSql } from './pg-facets.js';
import { numbered, type CompiledQuery } from './pg-query-compiler.js';

/**
 * The SQL of a compiled query's matches (pg-query-compiler.ts gives the parts): the FROM and
 * WHERE a search pages through, and the statement selecting the row numbers of every match,
 * which the total, the facets, the histogram, exports and the pattern analyses read.
 */

/**
 * FROM and WHERE of a compiled query with its parameters, numbered from $1. With text, the
 * item's tsvector is joined (`fts f`) and the tsquery is always $1, so that ranking can name it.
 */
export function searchSql(c: CompiledQuery): { from: string; where: string; params: unknown[] } {
  if (c.match === null) {
    const items = itemConditions(c, 1);
    return { from: 'items i', where: items.where, params: items.params };
  }
  const items = itemConditions(c, 2, ['f.doc @@ $1::tsquery']);
  return { from: 'items i JOIN fts f ON f.n = i.n', where: items.where, params: [c.match, ...items.params] };
}

/** ` WHERE` and the conditions on `items i` (after `first`), numbered from `$start`. */
function itemConditions(
  c: CompiledQuery,
  start: number,
  first: string[] = [],
): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions = [...first];
  for (const w of c.where) {
    conditions.push(numbered(w.sql, start + params.length));
    params.push(...w.params);
  }
  return {
    where: conditions.length ? ` WHERE ${conditions.map((x) => `(${x})`).join(' AND ')}` : '',
    params,
  };
}

/**
 * The statement selecting the row numbers of every match. Text alone reads the full-text table
 * alone: joined to `items`, the planner walked every item and read each one's tsvector to test it
 * (it prices that test as one cheap operator, where it is a tsvector decompressed), every item
 * for `meeting` on 100,000 items: 310 → 73 ms (README "Measured").
 */
export function matchSql(c: CompiledQuery): MatchSql {
  if (c.match !== null && c.where.length === 0) {
    return { sql: 'SELECT f.n FROM fts f WHERE f.doc @@ $1::tsquery', params: [c.match] };
  }
  const { from, where, params } = searchSql(c);
  return { sql: `SELECT i.n FROM ${from}${where}`, params };
}

/**
 * How many items a text match may be tested on one by one, for each match of the full-text index,
 * before taking the index's matches first is cheaper. Each way reads an `fts` row per item, a
 * test ~7 µs; a match from the index ~1.3 µs on 100,000 generated emails (their rows in shared
 * buffers, read in order) but ~5.8 µs on 1,000,000 (`meeting`: 549,317 matches in 3.2 s): the
 * side with fewer rows goes first. On 1,000,000, read both ways: `date:2021 meeting` (333,147
 * items tested against 549,317 matches) 2.1 s tested, 2.9 s from the index;
 * `date:2022-03..2022-05 meeting` 0.5 against 2.8 s; `kind:email meeting` (every item) 6.3
 * against 3.4 s.
 */
const TESTS_PER_INDEX_MATCH = 1;

/**
 * matchSql for text and conditions on items both, in the order that costs less, which the
 * planner does not see: from the items the conditions select, testing each one's tsvector (when
 * they are fewer than the text's matches: `date:2022-03-01 meeting` 1 ms against 74 from the
 * index on 100,000), or from the full-text index's matches, kept apart (`OFFSET 0`) so that the
 * planner cannot turn them into tests (`kind:email meeting`: every item tested, 554 ms; from the
 * index, 199). Its row estimates of both sides decide: two EXPLAINs, ~1 ms; a query's matches are
 * read once per data version.
 */
export async function plannedMatchSql(db: PgQueryable, c: CompiledQuery): Promise<MatchSql> {
  const plain = matchSql(c);
  if (c.match === null || c.where.length === 0) return plain;
  const items = itemConditions(c, 1);
  const tested = await estimatedRows(db, `SELECT i.n FROM items i${items.where}`, items.params);
  if (tested <= (await estimatedTextMatches(db, c.match)) * TESTS_PER_INDEX_MATCH) return plain;
  const after = itemConditions(c, 2);
  return {
    sql:
      'SELECT i.n FROM (SELECT f.n FROM fts f WHERE f.doc @@ $1::tsquery OFFSET 0) f ' +
      `JOIN items i ON i.n = f.n${after.where}`,
    params: [c.match, ...after.params],
  };
}

/** The planner's estimate of the items a tsquery matches, conditions aside. */
export async function estimatedTextMatches(db: PgQueryable, match: string): Promise<number> {
  return estimatedRows(db, 'SELECT f.n FROM fts f WHERE f.doc @@ $1::tsquery', [match]);
}

/** The planner's estimate of the rows `sql` gives. */
async function estimatedRows(db: PgQueryable, sql: string, params: unknown[]): Promise<number> {
  const r = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
    params,
  );
  return r.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? Number.POSITIVE_INFINITY;
}

/** As matchSql; a query that can match nothing selects nothing. */
export function matchSqlOrNone(c: CompiledQuery): MatchSql {
  return c.never ? { sql: 'SELECT i.n FROM items i WHERE false', params: [] } : matchSql(c);
}

/**
 * A page in `order` (on `items i`), `$k+1` rows from `$k+2` on: the items walked in that order,
 * each tested against the query, until the page is full.
 */
export function orderedPageSql(c: CompiledQuery, order: string): MatchSql {
  const { from, where, params } = searchSql(c);
  const k = params.length;
  return {
    sql: `SELECT i.n FROM ${from}${where} ORDER BY ${order} LIMIT $${k + 1} OFFSET $${k + 2}`,
    params,
  };
}

/**
 * A page by ts_rank (no rank index), `$k+1` rows from `$k+2` on: the full-text index's matches
 * ranked and sorted in `fts` alone, and only the first of them joined to their item (for the
 * conditions, and the tie-break newest first: `tieBreak`, on `i.sent_at` and `i.n`), one at a
 * time as the page fills (kept apart with `OFFSET 0`; an incremental sort reads no further). Joined
 * as one, the planner walked every item testing and ranking each one's tsvector (`meeting` on
 * 100,000 items: 1,106 → 683 ms; `whistleblower`, 382 matches: 15 → 5).
 */
export function rankedPageSql(
  c: CompiledQuery & { match: string },
  rank: string,
  tieBreak: string,
): MatchSql {
  const items = itemConditions(c, 2, ['i.n = f.n']);
  const k = 1 + items.params.length;
  return {
    sql:
      `SELECT i.n FROM (SELECT f.n, ${rank} AS r FROM fts f WHERE f.doc @@ $1::tsquery ORDER BY r DESC OFFSET 0) f ` +
      `CROSS JOIN LATERAL (SELECT i.n, i.sent_at FROM items i${items.where} OFFSET 0) i ` +
      `ORDER BY f.r DESC, ${tieBreak} LIMIT $${k + 1} OFFSET $${k + 2}`,
    params: [c.match, ...items.params],
  };
}
