import { getJson } from '../api/api-client.js';
import type { EchoesResponse } from './echoes-types.js';

export interface EchoesRequest {
  q?: string;
  /** Seconds. */
  window?: number;
  minScore?: number;
  limit?: number;
  /** Only the echoes this item is in. */
  item?: string;
}

/** The query string of a request, defaults left out (the server fills them in). */
export function echoesPath(r: EchoesRequest): string {
  const p = new URLSearchParams();
  if (r.q && r.q.trim() !== '') p.set('q', r.q);
  if (r.window !== undefined) p.set('window', String(r.window));
  if (r.minScore !== undefined && r.minScore !== 0) p.set('minScore', String(r.minScore));
  if (r.limit !== undefined) p.set('limit', String(r.limit));
  if (r.item) p.set('item', r.item);
  const s = p.toString();
  return s ? `/api/echoes?${s}` : '/api/echoes';
}

export function getEchoes(r: EchoesRequest, signal?: AbortSignal): Promise<EchoesResponse> {
  return getJson<EchoesResponse>(echoesPath(r), signal);
}
