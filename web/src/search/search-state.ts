/**
 * The search page's state, read from and written to its URL: /search?q=…&sort=…&page=…
 * (page is 1-based; defaults are left out so that URLs stay short and stable).
 */
import type { SortOrder } from '../api/api-types.js';

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

/** Without a query there is nothing to rank: the default order is then newest first. */
export function defaultSort(q: string): SortOrder {
  return q.trim() === '' ? 'date' : 'relevance';
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
