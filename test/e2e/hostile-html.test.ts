import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { parseEmail } from '../../src/sources/email/index.js';
import { parseQuery } from '../../src/query/index.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  HOSTILE_EML,
  browserSkipReason,
  startE2eCase,
  type E2eCase,
} from './e2e-server.js';
import { watchedPage, type Watch } from './watched-page.js';

const skip = browserSkipReason();
if (skip) console.log(`# e2e hostile HTML skipped: ${skip}`);

/**
 * Everything a page of the hostile message did, seen from outside the page: every request of
 * every frame (and what the route handler let through), every script that ran (each hostile
 * script calls window.__pwned), dialogs, console messages, navigations of the top frame.
 */
void describe(
  'E2E - a hostile message cannot run script or reach the network',
  { skip: skip ?? false },
  () => {
    let c: E2eCase;
    let browser: Browser;
    let id: string;
    let origin: string;

    before(async () => {
      c = await startE2eCase();
      origin = c.server.origin;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      const found = await c.store.search(parseQuery('zebrafish'), { limit: 5, offset: 0, sort: 'date' });
      assert.equal(found.total, 1, 'the hostile message was ingested');
      id = (found.items[0] as { id: string }).id;
    });
    after(async () => {
      await browser?.close();
      await c?.close();
    });

    const openPage = () => watchedPage(browser, origin, c.server.url);

    function assertNothingEscaped(watch: Watch): void {
      assert.deepEqual(watch.pwned, [], 'no hostile script ran');
      assert.deepEqual(watch.dialogs, [], 'no dialog opened');
      const elsewhere = watch.requests.filter((u) => new URL(u).origin !== origin);
      assert.deepEqual(elsewhere, [], 'no request left the app');
      assert.deepEqual(
        watch.foreign,
        [],
        'nothing even tried to leave (the route handler saw nothing foreign)',
      );
      for (const n of watch.navigations) assert.equal(new URL(n).origin, origin, `navigation to ${n}`);
      assert.deepEqual(
        watch.console.filter((m) => /tracker\.invalid|__pwned/.test(m)),
        [],
        'no console message mentions a hostile resource',
      );
    }

    void test('E2E - control: the watch does see a script call, a dialog, a blocked load and a request elsewhere', async () => {
      const { context, page, watch } = await openPage();
      try {
        await page.evaluate(() => {
          // Browser globals, typed here: the tests compile without the DOM library.
          const w = globalThis as unknown as {
            __pwned(s: string): void;
            alert(s: string): void;
            document: {
              createElement(t: string): { src: string };
              body: { append(e: unknown): void };
            };
          };
          w.__pwned('control');
          w.alert('control');
          // The app's CSP refuses this; the refusal shows in the console, which the watch reads.
          const img = w.document.createElement('img');
          img.src = 'http://tracker.invalid/control.gif';
          w.document.body.append(img);
        });
        await page.waitForTimeout(300);
        assert.deepEqual(watch.pwned, ['control']);
        assert.deepEqual(watch.dialogs, ['control']);
        assert.ok(
          watch.console.some((m) => m.includes('tracker.invalid/control.gif')),
          watch.console.join('\n'),
        );
        // Outside the app's CSP, a request elsewhere reaches the route handler and is recorded.
        const blank = await context.newPage();
        await blank.evaluate(() => fetch('http://tracker.invalid/control').catch(() => undefined));
        assert.deepEqual(watch.foreign, ['http://tracker.invalid/control']);
        assert.throws(() => assertNothingEscaped(watch));
      } finally {
        await context.close();
      }
    });

    void test('E2E - the item page and its HTML tab: the text shows, nothing runs, nothing loads', async () => {
      const { context, page, watch } = await openPage();
      try {
        await page.goto(`${origin}/item/${id}`);
        await page.getByTestId('item-page').waitFor();
        await page.getByTestId('tab-html').click();
        const frameEl = page.getByTestId('html-frame');
        await frameEl.waitFor();
        const frame = await (await frameEl.elementHandle())?.contentFrame();
        assert.ok(frame, 'the HTML is in a frame');
        await frame.waitForSelector('text=This paragraph must be visible', { timeout: 10_000 });
        assert.equal(new URL(frame.url()).pathname, `/api/items/${id}/html`);
        assert.equal(
          await frame
            .locator(
              'script, iframe, object, embed, svg, math, form, input, link, meta[http-equiv], base, video, audio',
            )
            .count(),
          0,
        );
        assert.match(await frame.locator('body').innerText(), /remote image blocked: tracker\.invalid/);
        // Click what were links: they lead nowhere.
        await frame.getByText('click me').click();
        await frame.getByText('tracked link').click();
        // A meta refresh of 0 s, lazy loads, late timers: give them time to show themselves.
        await page.waitForTimeout(800);
        assert.equal(new URL(frame.url()).pathname, `/api/items/${id}/html`, 'the frame did not navigate');
        assertNothingEscaped(watch);
        assert.ok(watch.requests.some((u) => u.endsWith(`/api/items/${id}/html`)));
      } finally {
        await context.close();
      }
    });

    void test('E2E - the attachment link downloads the exact bytes and never renders them', async () => {
      const { context, page, watch } = await openPage();
      try {
        await page.goto(`${origin}/item/${id}`);
        const link = page.getByTestId('attachment-link');
        await link.waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
        const name = download.suggestedFilename();
        assert.match(name, /evil\.html$/, `the name is kept, made safe: ${name}`);
        assert.doesNotMatch(name, /[\\/]|\.\./, `a plain file name, not a path: ${name}`);
        const saved = await readFile(await download.path());
        const original = parseEmail(await readFile(HOSTILE_EML)).attachments.find(
          (a) => a.contentType === 'text/html',
        );
        assert.ok(original);
        assert.ok(saved.equals(Buffer.from(original.content)), 'the downloaded bytes are the attachment');
        // Opened directly (a pasted permalink), it is a download too, never a page.
        const direct = page.waitForEvent('download');
        await page.goto(`${origin}/attachment/${original.sha256}`).catch(() => {
          // Playwright reports a navigation that turns into a download as an error.
        });
        await direct;
        assert.equal(context.pages().length, 1, 'no new window or tab');
        await page.waitForTimeout(300);
        assertNothingEscaped(watch);
      } finally {
        await context.close();
      }
    });

    void test('E2E - the HTML and raw routes opened directly as pages stay inert', async () => {
      const { context, page, watch } = await openPage();
      try {
        await page.goto(`${origin}/api/items/${id}/html`);
        await page.waitForSelector('text=This paragraph must be visible');
        await page.waitForTimeout(500);
        await page.goto(`${origin}/item/${id}/raw`);
        const raw = await page.locator('body').innerText();
        assert.match(raw, /<script>__pwned\('script-body'\)<\/script>/, 'the raw source shows as text');
        await page.waitForTimeout(300);
        assertNothingEscaped(watch);
      } finally {
        await context.close();
      }
    });
  },
);
