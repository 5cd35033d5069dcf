/**
 * Which collection this tab works in (team mode, docs/team.md "Serving a team"): `?c=` of the
 * address the tab was opened with (a link a colleague shared), else what was picked before in
 * this tab (sessionStorage: each tab may work in another collection). Every API request sends it
 * as `X-Innsyn-Collection` (api/api-client.ts); links the browser follows by itself (raw
 * message, attachment, HTML body, exports) carry it as `?c=`. In single-user mode there is none
 * and nothing is added.
 */
const KEY = 'innsyn.collection';
export const COLLECTION_HEADER = 'x-innsyn-collection';
const NAME = /^[a-z0-9_]{1,40}$/;

let current: string | null = readInitial();
const listeners = new Set<(name: string | null) => void>();

function readInitial(): string | null {
  if (typeof location === 'undefined') return null;
  const params = new URLSearchParams(location.search);
  const given = params.get('c');
  if (given !== null && NAME.test(given)) {
    remember(given);
    // Out of the address bar: the picker changes it, and a reload keeps it through sessionStorage.
    params.delete('c');
    const s = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${s === '' ? '' : `?${s}`}${location.hash}`);
    return given;
  }
  try {
    const kept = sessionStorage.getItem(KEY);
    return kept !== null && NAME.test(kept) ? kept : null;
  } catch {
    return null;
  }
}

function remember(name: string | null): void {
  try {
    if (name === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, name);
  } catch {
    // Storage off (a private window's policy): the choice lasts until the tab is reloaded.
  }
}

export function currentCollection(): string | null {
  return current;
}

export function setCollection(name: string | null): void {
  if (name === current) return;
  current = name;
  remember(name);
  for (const l of listeners) l(name);
}

export function onCollectionChange(listener: (name: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `{'x-innsyn-collection': name}` when the tab works in a collection, else nothing. */
export function collectionHeaders(): Record<string, string> {
  return current === null ? {} : { [COLLECTION_HEADER]: current };
}

/** `url` with `c=<collection>` added to its query string, for links the browser follows itself. */
export function withCollection(url: string): string {
  if (current === null) return url;
  return `${url}${url.includes('?') ? '&' : '?'}c=${encodeURIComponent(current)}`;
}
