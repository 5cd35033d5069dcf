/**
 * The search the reporter came from, so that `u` and "Back to results" on an item page return
 * to exactly that list (same query, sort and page). Per tab: sessionStorage, not localStorage.
 */
const KEY = 'innsyn.lastSearch';

export function rememberSearch(href: string): void {
  try {
    sessionStorage.setItem(KEY, href);
  } catch {
    // Storage disabled (private mode, policy): "back" then goes to the start page.
  }
}

export function lastSearch(): string {
  try {
    const v = sessionStorage.getItem(KEY);
    // Only our own search paths: the value came from this tab, but never trust it to be a URL elsewhere.
    if (v && (v === '/' || v.startsWith('/search'))) return v;
  } catch {
    // As above.
  }
  return '/';
}
