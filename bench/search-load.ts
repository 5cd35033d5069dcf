import type autocannon from 'autocannon';
import { freshQueries } from './fresh-queries.js';

/**
 * What the HTTP load tests (api-bench.ts, pg-bench.ts) ask a server: the search the UI makes
 * for a query, and the run's requests, either the bench queries in rotation or every request a
 * query never asked before.
 */

/** Results per page, as the UI asks. */
export const PAGE = 50;

/** `rotation`: the bench queries asked again and again; `new`: every request a query not asked before (fresh-queries.ts). */
export type LoadQueries = 'rotation' | 'new';

/** The UI's first request for query `q`: a page by relevance with its facets and histogram. */
export function searchPath(q: string): string {
  const p = new URLSearchParams({
    q,
    sort: 'relevance',
    offset: '0',
    limit: String(PAGE),
    facets: '1',
    histogram: '1',
  });
  return `/api/search?${p.toString()}`;
}

/**
 * The paths of a run: `rotation` as they are, or for `new` a function giving each request the
 * path of the next fresh query of `seed`. Make it once per run: every connection, on every
 * server, draws from the same generator, so no query comes twice.
 */
export function loadPaths(
  asked: LoadQueries,
  rotation: readonly string[],
  seed: number,
): readonly string[] | (() => string) {
  if (asked === 'rotation') return rotation;
  const next = freshQueries(seed);
  return () => searchPath(next().q);
}

/** Which of the two a run's paths are. */
export function loadQueries(paths: readonly string[] | (() => string)): LoadQueries {
  return typeof paths === 'function' ? 'new' : 'rotation';
}

/** How a run is named in the progress lines. */
export function loadLabel(asked: LoadQueries): string {
  return asked === 'new' ? 'every query new' : 'queries in rotation';
}

/**
 * What autocannon asks: a list of paths (each connection walks it in turn, every query asked
 * again and again by many clients at once), or a function that makes the path of each request.
 */
export function loadRequests(paths: readonly string[] | (() => string)): autocannon.Request[] {
  if (typeof paths !== 'function') return paths.map((p) => ({ method: 'GET', path: p }));
  return [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths() }) }];
}
