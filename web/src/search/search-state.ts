/**
 * The search page's state, read from and written to its URL: /search?q=…&sort=…&page=…
 * (page is 1-based; defaults are left out so that URLs stay short and stable).
 */
import type { SortOrder } from '../api/api-types.js';
import { FIELD_ALIASES, FIELD_NAMES } from '../../../src/query/fields.js';

export const PAGE_SIZE = 50;

/**
 * Highest page number accepted from a URL. Deep offsets cost the database a scan of everything
 * before them; 100 000 pages of 50 is far past any real case.
 */
export const MAX_PAGE = 100_000;

export interface SearchState {
  q: string;
  /** The order in effect. */
  sort: SortOrder;
  /** The order the URL asked for, if any: kept when the query changes, a default is not. */
  sortParam: SortOrder | null;
  page: number;
}

const SORTS: readonly SortOrder[] = ['relevance', 'date', 'date-asc'];

/** Fields whose words relevance ranks by (how often and where they occur in a text). */
const RANKED_FIELDS: ReadonlySet<string> = new Set(['subject', 'body', 'attachment']);
/** Fields that only choose items (a sender, a date, a kind, a folder): nothing to rank by. */
const FILTER_FIELDS: ReadonlySet<string> = new Set(
  [...FIELD_NAMES, ...Object.keys(FIELD_ALIASES)].filter((f) => !RANKED_FIELDS.has(f)),
);
/** A `field:value` (a quoted value whole), a quoted phrase, or a word; parentheses between them. */
const TOKEN = /(-?)([A-Za-z]+):("[^"]*"?|[^\s()"]*)|(-?)("[^"]*"?|[^\s()"]+)/g;

/**
 * Whether a query has words to rank by: a word or phrase of its own, or one of `subject:`,
 * `body:` or `attachment:`, not negated. `from:wikileaks date:2016` only filters. A rough cut
 * (the server's parser is the judge of what a query means): it only chooses the default order.
 */
export function hasRankedWords(q: string): boolean {
  for (const m of q.matchAll(TOKEN)) {
    if (m[2] !== undefined) {
      if (m[1] === '' && !FILTER_FIELDS.has(m[2].toLowerCase())) return true;
    } else if (m[4] === '' && !/^(?:OR|AND|NOT)$/.test(m[5] ?? '')) return true;
  }
  return false;
}

/**
 * Newest first when there is nothing to rank by (no query, or one of filters alone: a sender, a
 * date range, a folder), as a mail program lists them; best match first otherwise.
 */
export function defaultSort(q: string): SortOrder {
  return hasRankedWords(q) ? 'relevance' : 'date';
}

export function readSearchState(params: URLSearchParams): SearchState {
  const q = params.get('q') ?? '';
  const s = params.get('sort');
  const sortParam = s !== null && (SORTS as readonly string[]).includes(s) ? (s as SortOrder) : null;
  const p = Number.parseInt(params.get('page') ?? '1', 10);
  const page = Number.isFinite(p) && p >= 1 ? Math.min(p, MAX_PAGE) : 1;
  return { q, sort: sortParam ?? defaultSort(q), sortParam, page };
}

export function searchHref(state: { q: string; sort?: SortOrder | null; page?: number }): string {
  const p = new URLSearchParams();
  const q = state.q.trim();
  if (q !== '') p.set('q', q);
  if (state.sort && state.sort !== defaultSort(q)) p.set('sort', state.sort);
  if (state.page && state.page > 1) p.set('page', String(state.page));
  const s = p.toString();
  return s ? `/search?${s}` : '/';
}
