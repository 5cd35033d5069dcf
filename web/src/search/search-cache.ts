/**
 * Recent search answers, in memory for this tab only: Back to a result list shows it at once
 * (and at its scroll position) while it is fetched again. Nothing is written to disk. They are
 * one collection's answers: a tab that changes collection (team mode) forgets them, or the same
 * query would show the other collection's results until the new answer arrives.
 */
import type { Facets, Histogram, SearchResponse } from '../api/api-types.js';
import { onCollectionChange } from '../team/collection-state.js';

/** Answers kept; a page of 50 summaries is some 50 kB, so this stays near a megabyte. */
const MAX_ENTRIES = 20;

export interface Aggregates {
  q: string;
  facets: Facets | undefined;
  histogram: Histogram | undefined;
}

const pages = new Map<string, SearchResponse>();
const aggregates = new Map<string, Aggregates>();
onCollectionChange(() => {
  pages.clear();
  aggregates.clear();
});

function put<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  // Maps iterate in insertion order: the first key is the least recently stored.
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}

export function cachedPage(key: string): SearchResponse | null {
  return pages.get(key) ?? null;
}

export function cachePage(key: string, r: SearchResponse): void {
  put(pages, key, r);
}

export function cachedAggregates(q: string): Aggregates | null {
  return aggregates.get(q) ?? null;
}

export function cacheAggregates(a: Aggregates): void {
  put(aggregates, a.q, a);
}
