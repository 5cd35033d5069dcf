import type { RunningServer } from '../src/api/index.js';
import { BrowserWatch, chromiumSkip } from '../test/web/browser-watch.js';
import { percentile, round } from './measure.js';

/**
 * How long the search page takes to show a result page once the API has answered (issue 3:
 * under 200 ms), in Debian's Chromium, headless, on the server the API bench started.
 *
 * For each query the page is used as a reader uses it: the query typed into the search box and
 * Enter pressed. The time runs from the moment the last byte of the `/api/search` answer arrived
 * (the browser's own resource timing, `responseEnd`) to the first frame after the page stopped
 * being busy with the 50 rows, the facets and the histogram in it (a `requestAnimationFrame`,
 * then a task: the frame has been painted). Each query is new to the page, so its client-side
 * cache does not answer. The browser is the browser tests' (test/web/browser-watch.ts): the same
 * flags, and no request may leave the app's origin.
 */

export interface UiRenderResult {
  queries: number;
  /** Per query: ms from the API's answer to the painted page. */
  renderMs: { p50: number; p95: number; max: number };
  /** Rows on the page, to show it rendered what was asked (50 when the query has 50 matches). */
  rowsMedian: number;
}

/** Why the measurement cannot run here, or null when it can. */
export function uiRenderUnavailable(): string | null {
  return chromiumSkip === false ? null : chromiumSkip;
}

/**
 * Run in the page (a string: the bench runs under tsx, whose helpers a serialised function
 * would call): resolves with the painted frame after the page stops being busy, the rows shown
 * and when the last `/api/search` answer arrived.
 */
const AWAIT_PAINTED = `new Promise((resolve, reject) => {
  const page = () => document.querySelector('[data-testid=search-page]');
  let started = false;
  const timer = setTimeout(() => reject(new Error('the page did not answer in 30 s')), 30000);
  const observer = new MutationObserver(() => {
    if (page()?.getAttribute('aria-busy') === 'true') started = true;
    else if (started) {
      observer.disconnect();
      requestAnimationFrame(() =>
        setTimeout(() => {
          clearTimeout(timer);
          const searches = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/search?'));
          resolve({
            painted: performance.now(),
            rows: document.querySelectorAll('[data-testid=result-row]').length,
            responseEnd: searches.length > 0 ? searches[searches.length - 1].responseEnd : NaN,
          });
        }, 0),
      );
    }
  });
  observer.observe(document.body, { attributes: true, subtree: true, childList: true });
})`;

export async function measureUiRender(
  server: RunningServer,
  queries: readonly string[],
): Promise<UiRenderResult> {
  const watch = await BrowserWatch.launch();
  try {
    const { page } = await watch.open(server.origin, server.url, { width: 1400, height: 900 });
    await page.waitForSelector('[data-testid=search-page]');
    const times: number[] = [];
    const rows: number[] = [];
    for (const q of queries) {
      const box = page.locator('header input').first();
      await box.fill(q);
      // Armed before Enter: resolves with the painted frame after the page stops being busy.
      const done = page.evaluate(AWAIT_PAINTED) as Promise<{
        painted: number;
        rows: number;
        responseEnd: number;
      }>;
      await box.press('Enter');
      const r = await done;
      times.push(r.painted - r.responseEnd);
      rows.push(r.rows);
      await page.evaluate(() => performance.clearResourceTimings());
    }
    const sorted = [...times].sort((a, b) => a - b);
    const rowsSorted = [...rows].sort((a, b) => a - b);
    return {
      queries: queries.length,
      renderMs: {
        p50: round(percentile(sorted, 50), 1),
        p95: round(percentile(sorted, 95), 1),
        max: round(sorted[sorted.length - 1] ?? NaN, 1),
      },
      rowsMedian: rowsSorted[Math.floor(rowsSorted.length / 2)] ?? 0,
    };
  } finally {
    await watch.close();
  }
}
