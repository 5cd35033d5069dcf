/**
 * Every request the UI makes. Same origin only: the API token is an HttpOnly cookie the server
 * set when the reporter opened the `?token=` link, so nothing here ever sees or stores a secret.
 */
import type {
  ApiErrorBody,
  ApiErrorCode,
  ItemResponse,
  SearchResponse,
  SortOrder,
  SourcesResponse,
  ThreadResponse,
} from './api-types.js';
import { csrfHeaders } from '../login/csrf-token.js';
import { collectionHeaders, withCollection } from '../team/collection-state.js';
import { sessionEnded } from '../team/session-events.js';

/** 'network' when the server could not be reached at all (stopped, or the laptop went to sleep). */
export type ClientErrorCode = ApiErrorCode | 'network';

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number,
    /** 1-based column in code points of the query, for 'bad-query'. */
    readonly column?: number,
    /** The message as data, for 'bad-query' (src/query/query-reason.ts): written in the UI's language. */
    readonly reason?: { key: string },
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const INIT: RequestInit = {
  credentials: 'same-origin',
  // The reporter's searches must not linger in a shared HTTP cache.
  cache: 'no-store',
  referrerPolicy: 'no-referrer',
};

async function request(
  path: string,
  signal: AbortSignal | undefined,
  init: RequestInit = {},
): Promise<Response> {
  let res: Response;
  try {
    // Team mode: the tab's collection and, for a change, the session's CSRF token (none in single-user mode).
    const headers = {
      ...collectionHeaders(),
      ...csrfHeaders(init.method),
      ...(init.headers as Record<string, string>),
    };
    res = await fetch(path, { ...INIT, ...init, headers, signal: signal ?? null });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('network', String(err), 0);
  }
  if (res.ok) return res;
  if (res.status === 401) sessionEnded();
  throw await toApiError(res);
}

/** The API's error document when there is one; otherwise a code from the status alone. */
export async function toApiError(res: Response): Promise<ApiError> {
  const fallback: ApiErrorCode =
    res.status === 401
      ? 'unauthorized'
      : res.status === 404
        ? 'not-found'
        : res.status === 400
          ? 'bad-request'
          : 'internal';
  try {
    const body = (await res.json()) as Partial<ApiErrorBody>;
    const e = body.error;
    if (e && typeof e.message === 'string') {
      const column = typeof e.column === 'number' ? e.column : undefined;
      const reason =
        typeof e.reason === 'object' && e.reason !== null && typeof e.reason.key === 'string'
          ? e.reason
          : undefined;
      return new ApiError(e.code ?? fallback, e.message, res.status, column, reason);
    }
  } catch {
    // Not JSON: a proxy's page or an empty body. The status says enough.
  }
  return new ApiError(fallback, `HTTP ${res.status}`, res.status);
}

/** GET a JSON answer of our API (same origin, no cache, errors as ApiError). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await request(path, signal, { headers: { accept: 'application/json' } });
  return (await res.json()) as T;
}

export interface SearchRequest {
  q: string;
  sort: SortOrder;
  offset: number;
  limit: number;
  facets: boolean;
  histogram: boolean;
}

export function searchItems(r: SearchRequest, signal?: AbortSignal): Promise<SearchResponse> {
  const p = new URLSearchParams({
    q: r.q,
    sort: r.sort,
    offset: String(r.offset),
    limit: String(r.limit),
    facets: r.facets ? '1' : '0',
    histogram: r.histogram ? '1' : '0',
  });
  return getJson<SearchResponse>(`/api/search?${p.toString()}`, signal);
}

export function getItem(id: string, signal?: AbortSignal): Promise<ItemResponse> {
  return getJson<ItemResponse>(`/api/items/${encodeURIComponent(id)}`, signal);
}

/** A thread; one of more than 10,000 messages in parts: the first, or the one from node `offset`. */
export function getThread(threadId: string, signal?: AbortSignal, offset?: number): Promise<ThreadResponse> {
  const from = offset === undefined ? '' : `?offset=${Math.max(0, Math.floor(offset))}`;
  return getJson<ThreadResponse>(`/api/threads/${encodeURIComponent(threadId)}${from}`, signal);
}

export function getSources(signal?: AbortSignal): Promise<SourcesResponse> {
  return getJson<SourcesResponse>('/api/sources', signal);
}

// URLs the browser opens by itself (frames, links, downloads) name the collection as `?c=`.
export function itemHtmlUrl(id: string): string {
  return withCollection(`/api/items/${encodeURIComponent(id)}/html`);
}

export function itemRawUrl(id: string, download = false): string {
  return withCollection(`/item/${encodeURIComponent(id)}/raw${download ? '?download=1' : ''}`);
}

/**
 * An attachment's download. With `from` (the item it is shown in, and its place in the item's
 * list) the file is saved under its name there: the same bytes may be attached under other names.
 */
export function attachmentUrl(sha256: string, from?: { item: string; index: number }): string {
  const at = from ? `?item=${encodeURIComponent(from.item)}&index=${from.index}` : '';
  return withCollection(`/attachment/${encodeURIComponent(sha256)}${at}`);
}

/**
 * Whether the item has an HTML body. The item JSON leaves `html` out, so when it does not say
 * null, ask the HTML route itself: a 404 means there is none.
 */
export async function hasHtml(id: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await request(itemHtmlUrl(id), signal, { method: 'HEAD' });
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not-found') return false;
    throw err;
  }
}

/**
 * Raw source shown in the page. A raw email can be tens of megabytes of base64 attachments,
 * and a <pre> that large freezes the tab; beyond this the reader downloads the file instead.
 */
export const MAX_RAW_DISPLAY_BYTES = 1024 * 1024;

export interface RawText {
  text: string;
  /** True when only the first MAX_RAW_DISPLAY_BYTES were read. */
  truncated: boolean;
}

/** The first MAX_RAW_DISPLAY_BYTES of the raw message, decoded as UTF-8 (bad bytes as U+FFFD). */
export async function getRawText(id: string, signal?: AbortSignal): Promise<RawText> {
  const res = await request(itemRawUrl(id), signal);
  const body = res.body;
  if (!body) return { text: await res.text(), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = MAX_RAW_DISPLAY_BYTES - size;
    if (value.byteLength >= room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = value.byteLength > room;
      if (!truncated) {
        const next = await reader.read();
        truncated = !next.done;
      }
      if (truncated) await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  // stream: true leaves a multi-byte sequence cut at the limit undecoded instead of garbling it.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(all, { stream: truncated });
  return { text, truncated };
}
