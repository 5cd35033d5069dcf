import { FirstK } from '../first-k.js';

/**
 * A page of matches in date order, from the send times the facet index holds (../facet-index.ts
 * `sentAt`, by row number, NaN when undated), in the order SQL's `sent_at DESC NULLS LAST, key
 * DESC` gives (pg-store.ts NEWEST_FIRST; key = n when dated, -n when not), or its reverse for the
 * dated (OLDEST_FIRST: undated still last).
 *
 * Why: with text in the query, PostgreSQL walked the items newest first and tested each one's
 * tsvector until a page was full. For a word in many items that is a few tests; for a word in
 * few, every item: a word in no item took 630 ms on 100,000 items, sorted by date (each test
 * reads and decompresses a tsvector). The matches are known before the page (pg-match-sql.ts,
 * kept per data version for the total, facets and histogram), so the page is chosen among them.
 */

/**
 * Row numbers `offset` … `offset + limit` of `matches` in date order: the `offset + limit` first
 * kept in a bounded heap (../first-k.ts), O(matches × log(offset + limit)).
 */
export function datePage(
  sentAt: Float64Array,
  matches: ArrayLike<number>,
  oldestFirst: boolean,
  offset: number,
  limit: number,
): number[] {
  const k = Math.min(offset + limit, matches.length);
  if (k <= offset) return [];
  const first = new FirstK(k, oldestFirst ? oldestBefore(sentAt) : newestBefore(sentAt));
  for (let m = 0; m < matches.length; m++) first.offer(matches[m] as number);
  return first.sorted().slice(offset);
}

type Before = (a: number, b: number) => boolean;

/** NEWEST_FIRST: dated before undated; later first, then the higher row; undated, lower row first. */
function newestBefore(sentAt: Float64Array): Before {
  return (a, b) => {
    const ta = sentAt[a] as number;
    const tb = sentAt[b] as number;
    const da = ta === ta; // not NaN
    const db = tb === tb;
    if (da !== db) return da;
    if (!da) return a < b;
    return ta !== tb ? ta > tb : a > b;
  };
}

/** OLDEST_FIRST: dated before undated; earlier first, then the lower row; undated, higher row first. */
function oldestBefore(sentAt: Float64Array): Before {
  return (a, b) => {
    const ta = sentAt[a] as number;
    const tb = sentAt[b] as number;
    const da = ta === ta;
    const db = tb === tb;
    if (da !== db) return da;
    if (!da) return a > b;
    return ta !== tb ? ta < tb : a < b;
  };
}
