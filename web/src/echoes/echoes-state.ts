/**
 * The echoes page's state, in its URL: /echoes?q=…&window=…&minScore=…&limit=…&item=…&focus=…
 * Defaults are left out, so a link stays short and means the same to a colleague.
 */

/** The engine's default window: seven days (src/analysis/echoes.ts). */
export const DEFAULT_WINDOW = 7 * 86_400;
/** Windows offered in the page's menu, in seconds. */
export const WINDOWS: readonly number[] = [
  3600,
  6 * 3600,
  86_400,
  3 * 86_400,
  7 * 86_400,
  14 * 86_400,
  30 * 86_400,
];
/** Longest window a URL may ask for: a year (the server accepts any, the page keeps it sane). */
export const MAX_WINDOW = 365 * 86_400;
export const PAGE_SIZE = 50;
/** The server's largest `limit`. */
export const MAX_LIMIT = 1000;

const ID = /^[0-9a-fA-F]{32}$/;

export interface EchoesState {
  q: string;
  window: number;
  minScore: number;
  limit: number;
  /** Only the echoes of this item. */
  item: string | null;
  /** The echo to bring into view: `privateId~publicId`. */
  focus: string | null;
}

function numberParam(params: URLSearchParams, name: string): number | null {
  const v = params.get(name);
  if (v === null || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function readEchoesState(params: URLSearchParams): EchoesState {
  const w = numberParam(params, 'window');
  const s = numberParam(params, 'minScore');
  const l = numberParam(params, 'limit');
  const item = params.get('item');
  const focus = params.get('focus');
  return {
    q: params.get('q') ?? '',
    window: w !== null && w > 0 ? Math.min(w, MAX_WINDOW) : DEFAULT_WINDOW,
    minScore: s !== null && s > 0 ? s : 0,
    limit: l !== null && l >= 1 ? Math.min(Math.floor(l), MAX_LIMIT) : PAGE_SIZE,
    item: item !== null && ID.test(item) ? item.toLowerCase() : null,
    focus: focus !== null && /^[0-9a-fA-F]{32}~[0-9a-fA-F]{32}$/.test(focus) ? focus.toLowerCase() : null,
  };
}

export function echoesHref(state: Partial<EchoesState>): string {
  const p = new URLSearchParams();
  const q = (state.q ?? '').trim();
  if (q !== '') p.set('q', q);
  if (state.window !== undefined && state.window !== DEFAULT_WINDOW) p.set('window', String(state.window));
  if (state.minScore !== undefined && state.minScore > 0) p.set('minScore', String(state.minScore));
  if (state.limit !== undefined && state.limit !== PAGE_SIZE) p.set('limit', String(state.limit));
  if (state.item) p.set('item', state.item);
  if (state.focus) p.set('focus', state.focus);
  const s = p.toString();
  return s ? `/echoes?${s}` : '/echoes';
}

/** The key of an echo in `focus` and in element ids. */
export function echoKey(e: { privateId: string; publicId: string }): string {
  return `${e.privateId}~${e.publicId}`;
}

/** The echoes page showing one echo: the item's echoes, that one in view. */
export function echoPairHref(itemId: string, e: { privateId: string; publicId: string }): string {
  return echoesHref({ item: itemId, focus: echoKey(e) });
}
