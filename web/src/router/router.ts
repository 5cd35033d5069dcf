/**
 * Client-side routing on the History API. Every state of a page lives in its URL, so any view
 * a reporter sees can be copied into a note or a chat and opened again by a colleague.
 */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'search'; params: URLSearchParams }
  | { page: 'item'; id: string; params: URLSearchParams }
  | { page: 'thread'; id: string }
  | { page: 'sources' }
  | { page: 'echoes'; params: URLSearchParams }
  | { page: 'timeline'; params: URLSearchParams }
  | { page: 'network'; params: URLSearchParams }
  | { page: 'person'; params: URLSearchParams }
  | { page: 'pair'; params: URLSearchParams }
  | { page: 'batch'; params: URLSearchParams }
  | { page: 'not-found'; path: string };

/** Pages whose whole state is in the query string (person keys hold ':' and '@': ?key=). */
const PARAM_PAGES = ['echoes', 'timeline', 'network', 'person', 'pair', 'batch'] as const;
type ParamPage = (typeof PARAM_PAGES)[number];

/** Ids are hex (items, threads); anything else in the path is not one of ours. */
const ID = /^[0-9A-Za-z_-]{1,128}$/;

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  if (pathname === '/' || pathname === '/search') return { page: 'search', params };
  if (pathname === '/sources') return { page: 'sources' };
  const name = pathname.replace(/^\/|\/$/g, '');
  if ((PARAM_PAGES as readonly string[]).includes(name)) return { page: name as ParamPage, params };
  const m = /^\/(item|thread)\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    let id: string;
    try {
      id = decodeURIComponent(m[2] as string);
    } catch {
      return { page: 'not-found', path: pathname };
    }
    if (ID.test(id)) return m[1] === 'item' ? { page: 'item', id, params } : { page: 'thread', id };
  }
  return { page: 'not-found', path: pathname };
}

const CHANGE = 'innsyn:navigate';

interface EntryState {
  scrollY?: number;
}

/** Goes to `href` (a path on this origin) without reloading the page. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const here = location.pathname + location.search;
  if (href === here && !options.replace) return;
  if (options.replace) {
    history.replaceState(history.state, '', href);
  } else {
    // Remember where the reader was on this page, for Back (see restoreScroll).
    history.replaceState({ ...(history.state as EntryState | null), scrollY: window.scrollY }, '');
    history.pushState(null, '', href);
  }
  window.dispatchEvent(new Event(CHANGE));
  if (!options.replace) window.scrollTo(0, 0);
}

/**
 * After Back or Forward has rendered the page again, scrolls to where the reader was. The
 * browser's own restoration runs before our content is there, so it is turned off.
 */
export function restoreScroll(): void {
  const y = (history.state as EntryState | null)?.scrollY;
  if (typeof y === 'number') window.scrollTo(0, y);
}

if (typeof history !== 'undefined' && 'scrollRestoration' in history) history.scrollRestoration = 'manual';

/** The current route; re-renders on navigate() and on the browser's back and forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    const onPop = () => {
      update();
      // After the render that the route change causes (cached answers render at once).
      requestAnimationFrame(restoreScroll);
    };
    window.addEventListener('popstate', onPop);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/**
 * For <a onClick>: a plain left click is handled in the page; a middle click, a modified click
 * (new tab, new window) or a download goes to the browser as usual.
 */
export function followLink(e: MouseEvent, href: string): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(href);
}
