/**
 * The annotation answers of the API (docs/api.md, version 1) and the writes this UI makes.
 * Restated from src/store/annotations.ts so that web/ never imports server code; tags and notes
 * are the reporter's own, but a note may quote the material: render as text only.
 *
 * Writes follow the rules of api/api-client.ts: same origin, the HttpOnly cookie (never a token
 * in script), no HTTP cache, no referrer; a body only as application/json. The server refuses
 * these methods from any other site (request-guards.ts).
 */
import { csrfHeaders } from '../login/csrf-token.js';
import { collectionHeaders } from '../team/collection-state.js';
import { sessionEnded } from '../team/session-events.js';
import { ApiError, getJson, toApiError } from '../api/api-client.js';

export type TargetKind = 'item' | 'conversation' | 'person';

export interface Annotations {
  target: { kind: TargetKind; key: string };
  tags: Array<{ tag: string; author: string | null; createdAt: string }>;
  star: { author: string | null; createdAt: string } | null;
  note: { text: string; author: string | null; createdAt: string; updatedAt: string } | null;
}

export interface ItemAnnotationsResponse {
  version: 1;
  annotations: Annotations;
  /** Its conversation's (null when it has none). */
  conversation: Annotations | null;
}

export interface TagCount {
  tag: string;
  items: number;
  conversations: number;
  people: number;
}

export interface BulkTagResult {
  matched: number;
  added: number;
  removed: number;
}

/** The URL of a target's annotations. */
function base(kind: TargetKind, key: string): string {
  const k = encodeURIComponent(key);
  return kind === 'item'
    ? `/api/items/${k}`
    : kind === 'conversation'
      ? `/api/conversations/${k}`
      : `/api/people/${k}`;
}

export function getItemAnnotations(id: string, signal?: AbortSignal): Promise<ItemAnnotationsResponse> {
  return getJson<ItemAnnotationsResponse>(`${base('item', id)}/annotations`, signal);
}

/** The tags, star and note of a conversation or a person (an item's: getItemAnnotations). */
export function getAnnotations(
  kind: TargetKind,
  key: string,
  signal?: AbortSignal,
): Promise<{ version: 1; annotations: Annotations }> {
  return getJson(`${base(kind, key)}/annotations`, signal);
}

export function getTags(
  q: string,
  signal?: AbortSignal,
): Promise<{ version: 1; query: string; tags: TagCount[] }> {
  return getJson(`/api/tags?${new URLSearchParams({ q }).toString()}`, signal);
}

/** A PUT, DELETE or POST to our API; JSON in (when given) and out; errors as ApiError. */
async function send<T>(method: 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: {
        ...collectionHeaders(),
        ...csrfHeaders(method),
        ...(body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (err) {
    throw new ApiError('network', String(err), 0);
  }
  if (res.status === 401) sessionEnded();
  if (!res.ok) throw await toApiError(res);
  const doc = (await res.json().catch(() => null)) as T | null;
  if (doc !== null) return doc;
  throw new ApiError('internal', `HTTP ${res.status}: not JSON`, res.status);
}

export async function setTag(kind: TargetKind, key: string, tag: string, on: boolean): Promise<Annotations> {
  const r = await send<{ annotations: Annotations }>(
    on ? 'PUT' : 'DELETE',
    `${base(kind, key)}/tags/${encodeURIComponent(tag)}`,
  );
  return r.annotations;
}

export async function setStar(kind: TargetKind, key: string, on: boolean): Promise<Annotations> {
  const r = await send<{ annotations: Annotations }>(on ? 'PUT' : 'DELETE', `${base(kind, key)}/star`);
  return r.annotations;
}

/** A blank text deletes the note. */
export async function setNote(kind: TargetKind, key: string, text: string): Promise<Annotations> {
  const r =
    text.trim() === ''
      ? await send<{ annotations: Annotations }>('DELETE', `${base(kind, key)}/note`)
      : await send<{ annotations: Annotations }>('PUT', `${base(kind, key)}/note`, { text });
  return r.annotations;
}

export function tagAll(q: string, change: { add?: string[]; remove?: string[] }): Promise<BulkTagResult> {
  return send<BulkTagResult>('POST', '/api/tags/bulk', { q, ...change });
}

/** Tag names as the server folds and accepts them (src/store/annotations.ts): say so before sending. */
export const TAG_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{N}_.\-/]{0,63}$/u;

export function foldTag(s: string): string {
  return s.trim().normalize('NFC').toLowerCase();
}

export interface SavedSearch {
  name: string;
  query: string;
  author: string | null;
  createdAt: string;
  updatedAt: string;
}

export function getSavedSearches(signal?: AbortSignal): Promise<{ version: 1; searches: SavedSearch[] }> {
  return getJson('/api/saved-searches', signal);
}

export async function saveSearch(name: string, query: string): Promise<SavedSearch> {
  const r = await send<{ search: SavedSearch }>('PUT', `/api/saved-searches/${encodeURIComponent(name)}`, {
    query,
  });
  return r.search;
}

export async function deleteSavedSearch(name: string): Promise<void> {
  await send<{ deleted: string }>('DELETE', `/api/saved-searches/${encodeURIComponent(name)}`);
}

/** One term of a batch search (src/store/batch-search.ts); every string but the counts is the reporter's own or the material's. */
export interface BatchRow {
  term: string;
  query: string;
  hits: number | null;
  first: string | null;
  last: string | null;
  error: string | null;
  /** The error as data: a query error's reason, or `no-words` / `too-long-with-filter` (absent from an older server). */
  reason?: ({ key: string } & Record<string, unknown>) | null;
}

export interface BatchResponse {
  version: 1;
  filter: string;
  exact: boolean;
  rows: BatchRow[];
}

/** Lines in one batch at most (src/store/batch-search.ts MAX_BATCH_TERMS). */
export const MAX_BATCH_TERMS = 2000;

export function batchSearch(terms: string[], filter: string, exact: boolean): Promise<BatchResponse> {
  return send<BatchResponse>('POST', '/api/batch-search', { terms, filter, exact });
}
