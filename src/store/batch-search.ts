import { InnsynError, isInnsynError } from '../model/index.js';
import { MAX_QUERY_LENGTH, parseQuery } from '../query/index.js';
import type { QueryReason } from '../query/query-reason.js';
import type { Store } from './store.js';

/**
 * Batch search: a list of names or terms, each run as its own search with the same filters,
 * and how many items each finds (issue 9: "search for long lists of names at once"). Only the
 * Store interface is used, so it works on every dialect.
 *
 * A term is read as a query of the query language (`Rob Goldstone` finds both words,
 * `"Rob Goldstone"` the phrase, `from:wikileaks` the sender); with `exact`, as one exact phrase
 * whatever it holds (a list pasted from elsewhere, where a '-' or 'OR' must mean nothing).
 */

/** Terms in one batch at most: each costs two searches (the count and first date, the last date). */
export const MAX_BATCH_TERMS = 2000;
/** Longest term: a name or a short query. */
export const MAX_BATCH_TERM_CHARS = 1000;

export interface BatchOptions {
  /** A query every term is combined with (AND): dates, kinds, senders. Empty: none. */
  filter?: string;
  /** Each term an exact phrase. */
  exact?: boolean;
  /** Called after each term. */
  onProgress?: (done: number, total: number) => void;
}

export interface BatchRow {
  term: string;
  /** The query run for it (the term, quoted when exact, AND the filter): search it to see the items. */
  query: string;
  /** Items it matched; null when the term could not be searched (see `error`). */
  hits: number | null;
  /** The earliest and latest date among its matches (ISO 8601 UTC); null without dated matches. */
  first: string | null;
  last: string | null;
  /** Why the term could not be searched (a query error, with its column in the term). */
  error: string | null;
  /** The same as data, for a client to say in its own language (the UI's Norwegian); null with no error. */
  reason: BatchErrorReason | null;
}

/** Why a term could not be searched: the query's reason (query-reason.ts), or one of the batch's own. */
export type BatchErrorReason =
  QueryReason | { key: 'no-words' } | { key: 'too-long-with-filter'; max: number };

export interface BatchResult {
  filter: string;
  exact: boolean;
  rows: BatchRow[];
}

/** A term as an exact phrase of the query language: in quotes, with `"` and `\` escaped. */
export function exactPhrase(term: string): string {
  return `"${term.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * The terms of a list: trimmed, blank ones left out, duplicates (the same text) once, in order.
 * InnsynError('usage') when there are none, more than MAX_BATCH_TERMS, or one is too long.
 */
export function checkBatchTerms(terms: readonly unknown[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const [i, t] of terms.entries()) {
    if (typeof t !== 'string') throw new InnsynError('usage', `term ${i + 1} is not text`);
    const term = t.trim();
    if (term === '' || seen.has(term)) continue;
    if (term.length > MAX_BATCH_TERM_CHARS) {
      throw new InnsynError(
        'usage',
        `term ${i + 1} is ${term.length} characters long: at most ${MAX_BATCH_TERM_CHARS}`,
      );
    }
    seen.add(term);
    out.push(term);
  }
  if (out.length === 0) throw new InnsynError('usage', 'the list holds no terms: one name or term per line');
  if (out.length > MAX_BATCH_TERMS) {
    throw new InnsynError(
      'usage',
      `${out.length} terms: at most ${MAX_BATCH_TERMS} in one batch (split the list)`,
    );
  }
  return out;
}

/**
 * Runs every term (checkBatchTerms first) with the filter and counts its matches. A term that is
 * not a query, or has nothing searchable in it, gets a row with `error` and the rest go on; a
 * filter that is not a query is InnsynError('bad-query') before anything runs.
 */
export async function runBatchSearch(
  store: Store,
  termsGiven: readonly unknown[],
  options: BatchOptions = {},
): Promise<BatchResult> {
  const terms = checkBatchTerms(termsGiven);
  const filter = (options.filter ?? '').trim();
  const exact = options.exact === true;
  if (filter !== '') {
    try {
      parseQuery(filter);
    } catch (e) {
      if (isInnsynError(e) && e.code === 'bad-query') {
        throw new InnsynError('bad-query', `the filter: ${e.message}`, {
          column: e.column,
          cause: e,
          ...(e.reason === undefined ? {} : { reason: e.reason }),
        });
      }
      throw e;
    }
  }
  const rows: BatchRow[] = [];
  for (const term of terms) {
    rows.push(await runTerm(store, term, filter, exact));
    options.onProgress?.(rows.length, terms.length);
  }
  return { filter, exact, rows };
}

async function runTerm(store: Store, term: string, filter: string, exact: boolean): Promise<BatchRow> {
  const own = exact ? exactPhrase(term) : term;
  const query = filter === '' ? own : `(${own}) (${filter})`;
  const failed = (error: string, reason: BatchErrorReason | null): BatchRow => ({
    term,
    query,
    hits: null,
    first: null,
    last: null,
    error,
    reason,
  });
  try {
    // Alone first, so that an error's column is one in the term as written.
    if (parseQuery(own) === null)
      return failed('nothing to search for in it (no letter or digit)', { key: 'no-words' });
  } catch (e) {
    if (isInnsynError(e) && e.code === 'bad-query')
      return failed(e.message, (e.reason as QueryReason | undefined) ?? null);
    throw e;
  }
  if (query.length > MAX_QUERY_LENGTH)
    return failed(`with the filter it is longer than ${MAX_QUERY_LENGTH} characters`, {
      key: 'too-long-with-filter',
      max: MAX_QUERY_LENGTH,
    });
  const ast = parseQuery(query);
  const oldest = await store.search(ast, { limit: 1, offset: 0, sort: 'date-asc' });
  // Undated items come last in both orders: the newest dated one is first by date.
  const newest = oldest.total > 1 ? await store.search(ast, { limit: 1, offset: 0, sort: 'date' }) : oldest;
  return {
    term,
    query,
    hits: oldest.total,
    first: oldest.items[0]?.sentAt ?? null,
    last: newest.items[0]?.sentAt ?? null,
    error: null,
    reason: null,
  };
}
