import type { Browser, BrowserContext, Page } from 'playwright-core';

/** Everything a page and its frames did that a hostile message could make it do. */
export interface Watch {
  /** Every request of the context, any frame. */
  requests: string[];
  /** Requests to another origin, which the route handler aborted. */
  foreign: string[];
  /** Calls of the `__pwned` binding (each hostile script calls it). */
  pwned: string[];
  dialogs: string[];
  console: string[];
  /** The main frame's navigations after the start. */
  navigations: string[];
  /** Pages the context opened (1: no popup, window or tab). */
  pages: number;
}

/**
 * A new browser context whose every request is watched (requests to another origin than
 * `origin` aborted and listed), with a `__pwned` binding, dialogs dismissed and listed, the
 * console and the main frame's navigations kept; its page opened at `start` (the printed URL of
 * a server sets the token cookie), that navigation forgotten.
 */
export async function watchedPage(
  browser: Browser,
  origin: string,
  start: string,
): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const watch: Watch = {
    requests: [],
    foreign: [],
    pwned: [],
    dialogs: [],
    console: [],
    navigations: [],
    pages: 0,
  };
  await context.exposeBinding('__pwned', (_source, what: unknown) => {
    watch.pwned.push(String(what));
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    watch.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('request', (r) => {
    watch.requests.push(r.url());
  });
  context.on('page', () => {
    watch.pages++;
  });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => watch.console.push(m.text()));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) watch.navigations.push(f.url());
  });
  await page.goto(start);
  watch.navigations.length = 0;
  return { context, page, watch };
}
