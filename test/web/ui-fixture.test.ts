/**
 * The UI in a real browser (Debian's chromium through playwright-core) against the fixture
 * server (fixture-server.ts): the seed scenario plus a hostile mailbox. The same steps, pointed
 * at `innsyn serve`, are the end-to-end test once the real server exists; only `server.url`
 * and the token change.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { sharedPath } from '../helpers/shared.js';
import { buildUi } from './build-ui.js';
import { FIXTURE_TOKEN, startFixtureServer, type FixtureServer } from './fixture-server.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const seed = sharedPath('fixtures/seed-scenario');
const skip = !existsSync(CHROMIUM)
  ? `no chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`
  : seed.skip;
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

void describe('UI', { skip }, () => {
  let dist = '';
  let server: FixtureServer;
  let browser: Browser;
  /** Every request any page made that left the server's origin. */
  const foreign: string[] = [];
  const dialogs: string[] = [];

  /** One signed-in English tab shared by the tests that need no fresh browser state (speed). */
  let shared: { context: BrowserContext; page: Page };

  async function open(locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
    // Requests that got past the page's policies to the network layer; CSP-blocked ones (the
    // tracking pixel in the hostile HTML) never get here. Aborted, so nothing leaves the machine.
    await context.route(
      (u) => !u.href.startsWith(server.url),
      async (route) => {
        foreign.push(route.request().url());
        await route.abort();
      },
    );
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${server.url}/?token=${FIXTURE_TOKEN}`);
    return { context, page };
  }

  before(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-e2e-'));
    await buildUi(dist);
    server = await startFixtureServer({ distDir: dist });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    shared = await open();
  });
  after(async () => {
    await shared?.context.close();
    await browser?.close();
    await server?.close();
    if (dist) await rm(dist, { recursive: true, force: true });
    assert.deepEqual(foreign, [], 'the UI or a message reached another origin');
    assert.deepEqual(dialogs, [], 'a script from message content ran');
  });

  void test('UI - search shows results, counts and matches marked, hostile text as text', async () => {
    const { page } = shared;
    // Let the first page (everything) finish before searching, so its late answer cannot be
    // mistaken for the search's.
    await page.getByTestId('result-row').first().waitFor();
    await page.getByTestId('result-count').waitFor();
    const before = await page.getByTestId('result-count').textContent();
    await page.getByTestId('search-input').fill('tax');
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL(/\/search\?q=tax$/);
    const rows = page.getByTestId('result-row');
    // The rows of the previous page stay until the new answer renders: wait until the list and
    // the count agree on the new query (under load the two can be a frame apart).
    const settled = async () => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const text = (await page.getByTestId('result-count').textContent()) ?? '';
        const shown = await rows.count();
        // The list of the query, not the one before it: every row has its match marked.
        const marked = await page.locator('[data-testid="result-snippet"] mark').count();
        if (shown > 0 && text !== before && text.startsWith(`${shown} result`) && marked >= shown)
          return shown;
        await new Promise((r) => setTimeout(r, 50));
      }
      return rows.count();
    };
    const n = await settled();
    assert.ok(n >= 2, `expected the tax DM and the hostile mail, got ${n}`);
    assert.match((await page.getByTestId('result-count').textContent()) ?? '', new RegExp(`${n} results`));
    const marks = await page.locator('[data-testid="result-snippet"] mark').allTextContents();
    assert.ok(marks.filter((m) => /^tax$/i.test(m)).length >= n, `marks: ${marks.join('|')}`);
    // The hostile sender and subject are shown literally; no element was made from them.
    const subjects = await page.locator('[data-testid="result-row"] .r-subject').allTextContents();
    assert.ok(subjects.includes("<script>alert('subject')</script> Tracking pixel test"), subjects.join('|'));
    assert.equal(await page.locator('.result-list img, .result-list script, .result-list b').count(), 0);
  });

  void test('UI - guillemets in message text are not shown as matches', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=skatten`);
    await page.getByTestId('result-row').first().waitFor();
    const marks = await page.locator('[data-testid="result-snippet"] mark').allTextContents();
    assert.deepEqual(
      marks.filter((m) => !/^skatt/i.test(m)),
      [],
      'the quoted word «hei» of the text is marked as a match',
    );
  });

  void test('UI - a facet bucket adds its term to the query and a second click removes it', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=wikileaks`);
    const bucket = page.locator('[data-testid="facet-kind"] [data-testid="facet-bucket"]').first();
    const value = (await bucket.getAttribute('data-value')) ?? '';
    assert.match(value, /^kind:/);
    await bucket.click();
    await page.waitForURL((u) => u.searchParams.get('q') === `wikileaks ${value}`);
    const active = page.locator(`[data-testid="facet-bucket"][data-value="${value}"]`);
    assert.equal(await active.getAttribute('aria-pressed'), 'true');
    await active.click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'wikileaks');
  });

  void test('UI - dragging across the histogram searches that date range; a click one period', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=wikileaks`);
    const svg = page.locator('[data-testid="histogram"] svg');
    // The bars come with the facets answer; the frame may be re-rendered until then.
    await page.getByTestId('histogram-bar').first().waitFor();
    // The histogram is drawn again when its answer comes in: a box read in between is null.
    const boxOf = async () => {
      let b = await svg.boundingBox();
      for (let i = 0; i < 100 && !b; i++) {
        await new Promise((r) => setTimeout(r, 50));
        b = await svg.boundingBox();
      }
      return b;
    };
    const box = await boxOf();
    assert.ok(box);
    const bars = await page.getByTestId('histogram-bar').count();
    const step = box.width / bars;
    await page.mouse.move(box.x + step * 0.5, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + step * 2.5, box.y + 20, { steps: 4 });
    await page.mouse.up();
    await page.waitForURL((u) => /date:\d{4}(-\d\d){0,2}\.\.\d{4}/.test(u.searchParams.get('q') ?? ''));
    const q = new URL(page.url()).searchParams.get('q') ?? '';
    assert.match(q, /^wikileaks date:\d{4}/);
    await page.getByTestId('histogram-bar').first().waitFor();
    const box2 = await boxOf();
    assert.ok(box2);
    await page.mouse.click(box2.x + 2, box2.y + 20);
    await page.waitForURL((u) => /^wikileaks date:[\d-]+$/.test(u.searchParams.get('q') ?? ''));
  });

  void test('UI - a bad query shows the message and marks its column under the box', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=${encodeURIComponent('from:wikileaks "tax returns')}`);
    await page.getByTestId('query-error').waitFor();
    // The column once: the server's message names it.
    assert.equal(
      await page.getByTestId('query-error').locator('.query-error-message').textContent(),
      'The query could not be read: unclosed quote starting at column 16',
    );
    assert.equal(await page.getByTestId('query-error-at').textContent(), '"');
    assert.equal(await page.getByTestId('search-input').getAttribute('aria-invalid'), 'true');
    // In Norwegian, written from the reason the server sends with it.
    const nb = await open('nb-NO');
    try {
      await nb.page.goto(`${server.url}/search?q=${encodeURIComponent('from:wikileaks date:2016-02-30')}`);
      await nb.page.getByTestId('query-error').waitFor();
      assert.equal(
        await nb.page.getByTestId('query-error').locator('.query-error-message').textContent(),
        'Søket kunne ikke tolkes (ved tegn 29): dag 30 finnes ikke (den måneden har 29 dager)',
      );
      // A page that is not there, and an item that is not: each says so, with a way back.
      await nb.page.goto(`${server.url}/no-such-page`);
      await nb.page.getByTestId('page-not-found').waitFor();
      await nb.page.getByTestId('back-to-search').click();
      await nb.page.waitForURL(`${server.url}/`);
      await nb.page.goto(`${server.url}/item/${'0'.repeat(32)}`);
      await nb.page.getByTestId('error-notice').waitFor();
      assert.equal(await nb.page.getByTestId('back-to-search').textContent(), 'Gå til søket');
    } finally {
      await nb.context.close();
    }
  });

  void test('UI - keyboard: / focuses the box, j/k select, Enter opens, j/k walk the thread, u returns', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=${encodeURIComponent('date:2016-06 meeting')}&sort=date-asc`);
    await page.getByTestId('result-row').first().waitFor();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate('document.activeElement.dataset.testid'), 'search-input');
    // Esc leaves the box with the query kept, and j / k act on the results.
    await page.keyboard.press('Escape');
    assert.notEqual(await page.evaluate('document.activeElement.dataset.testid'), 'search-input');
    assert.equal(await page.getByTestId('search-input').inputValue(), 'date:2016-06 meeting');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const first = await page.getByTestId('result-row').first().getAttribute('data-item-id');
    assert.equal(await page.evaluate('document.activeElement.dataset.itemId'), first);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/item/${first}`);
    await page.getByTestId('thread-tree').waitFor();
    const ids = await page
      .locator('[data-testid="thread-node"][data-item-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    const at = ids.indexOf(first);
    assert.ok(at >= 0 && at + 1 < ids.length, 'the first June email has a reply after it in the thread');
    await page.keyboard.press('j');
    await page.waitForURL(`**/item/${ids[at + 1]}`);
    // j and k act once the item (and so its thread) has loaded.
    await page
      .locator(`[data-testid="thread-node"][data-current="true"][data-item-id="${ids[at + 1]}"]`)
      .waitFor();
    await page.keyboard.press('k');
    await page.waitForURL(`**/item/${first}`);
    await page.locator(`[data-testid="thread-node"][data-current="true"][data-item-id="${first}"]`).waitFor();
    await page.keyboard.press('u');
    await page.waitForURL(/\/search\?q=date%3A2016-06\+meeting&sort=date-asc$/);
  });

  void test('UI - item page: sandboxed HTML frame, raw source, downloads, ghosts in the thread', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=${encodeURIComponent('tracking has:attachment')}`);
    await page.getByTestId('result-row').first().click();
    await page.getByTestId('item-text').waitFor();
    assert.match((await page.getByTestId('item-text').textContent()) ?? '', /<b>not bold<\/b>/);
    assert.equal(await page.locator('[data-testid="thread-node"][data-ghost="true"]').count(), 1);
    const att = page.getByTestId('attachment-link');
    assert.match(
      (await att.getAttribute('href')) ?? '',
      /^\/attachment\/[0-9a-f]{64}\?item=[0-9a-f]{32}&index=0$/,
    );
    assert.notEqual(await att.getAttribute('download'), null);

    await page.getByTestId('tab-html').click();
    const frame = page.getByTestId('html-frame');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '');
    assert.equal(await frame.getAttribute('referrerpolicy'), 'no-referrer');
    assert.match(page.url(), /\?view=html$/);

    await page.getByTestId('tab-raw').click();
    await page.getByTestId('raw-text').waitFor();
    assert.match(
      (await page.getByTestId('raw-text').textContent()) ?? '',
      /Message-ID: <hostile\.1@example\.net>/,
    );
    assert.match((await page.getByTestId('raw-download').getAttribute('href')) ?? '', /\/raw\?download=1$/);
  });

  void test('UI - a file uuencoded into a mail is an attachment, its lines out of the text, and the page says so', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=${encodeURIComponent('subject:uuencoded')}`);
    await page.getByTestId('result-row').first().click();
    await page.getByTestId('item-text').waitFor();
    const text = (await page.getByTestId('item-text').textContent()) ?? '';
    assert.match(text, /uuencoded below/);
    assert.doesNotMatch(text, /begin 644|M0G5D/);
    assert.match((await page.getByTestId('uuencoded-note').textContent()) ?? '', /Attachments/);
    assert.equal(await page.getByTestId('attachment-link').textContent(), 'budget-notes.txt');
    // Named in the envelope too, a link down to the list; a plain-text mail has no HTML tab.
    assert.equal(await page.getByTestId('item-attachment-names').textContent(), 'budget-notes.txt');
    assert.equal(await page.getByTestId('tab-html').count(), 0);
    // Its folders: the mailbox file's, and the labels written into the mail; each a search.
    assert.equal(await page.getByTestId('provenance-labels').textContent(), 'Important, Budget/2016');
    const folders = page.getByTestId('item-folders').getByRole('link');
    assert.deepEqual(await folders.allTextContents(), ['hostile', 'Important', 'Budget/2016']);
    await folders.nth(2).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'folder:"Budget/2016"');
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('result-row').count(), 1);
  });

  void test('UI - an opaque-signed S/MIME mail shows the text inside its signature, and says so', async () => {
    const { page } = shared;
    await page.goto(`${server.url}/search?q=${encodeURIComponent('board meeting signed')}`);
    await page.getByTestId('result-row').first().click();
    await page.getByTestId('item-text').waitFor();
    assert.match((await page.getByTestId('item-text').textContent()) ?? '', /bring the signed budget/);
    assert.match((await page.getByTestId('smime-note').textContent()) ?? '', /S\/MIME/);
    assert.equal(await page.getByTestId('attachment-link').textContent(), 'smime.p7m');
  });

  void test('UI - language follows the browser on first visit and a switch is remembered', async () => {
    const { context, page } = await open('nb-NO');
    assert.equal(await page.getByTestId('search-submit').textContent(), 'Søk');
    await page.getByTestId('lang-select').selectOption('en');
    assert.equal(await page.getByTestId('search-submit').textContent(), 'Search');
    await page.reload();
    assert.equal(await page.getByTestId('search-submit').textContent(), 'Search');
    assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
    await context.close();
  });

  void test('UI - without the token cookie the API refuses and the page says how to get in', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/search?q=tax`);
    await page.getByTestId('error-notice').waitFor();
    assert.match((await page.getByTestId('error-notice').textContent()) ?? '', /token/);
    await context.close();
  });
});
