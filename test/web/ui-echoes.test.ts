/**
 * The echoes page and the item page's echo panel in a real browser (Debian's chromium through
 * playwright-core), against the real server (startServer) over a store filled by the real
 * readers from the seed scenario in demo/: the son's X archive, the father's public posts and
 * the email chain. Every request that leaves the server's origin is caught and fails the suite.
 * Screenshots (English, Norwegian, a phone) go to SHOTS when it is set.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/shared.js';
import { buildUi } from './build-ui.js';

const skip = chromiumSkip;
/** Where screenshots go (e.g. SHOTS=/tmp/shots-echoes); none are taken without it. */
const SHOTS = process.env.SHOTS ?? '';
const SEED = ['DonaldJTrumpJr-x-archive', 'realDonaldTrump-public-posts.csv', 'DonaldJTrumpJr-mail.mbox'].map(
  (f) => path.join(repoRoot, 'demo', f),
);
/** The three echoes of ../shared/fixtures/seed-scenario/EXPECTED.md point 2. */
const SEED_LATENCIES = ['15 minutes later', '1 day 21 hours 11 minutes later', '2 hours 59 minutes later'];

void describe('UI echoes', { skip }, () => {
  let dir = '';
  let store: Store;
  let server: RunningServer;
  let watch: BrowserWatch;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(server.origin, server.url, { locale, width, height: 900, timezoneId: 'Europe/Oslo' });

  /** A screenshot of the whole page, or (on a phone, where the page is very long) of the screen. */
  async function shot(page: Page, name: string, fullPage = true): Promise<void> {
    if (!SHOTS) return;
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, name), fullPage });
  }

  async function idOf(q: string): Promise<string> {
    const r = await store.search(parseQuery(q), { limit: 1, offset: 0, sort: 'date' });
    return r.items[0]?.id ?? '';
  }

  /** The card whose latency says `words`. */
  const card = (page: Page, words: string) =>
    page
      .getByTestId('echo')
      .filter({ has: page.getByTestId('echo-latency').getByText(words, { exact: true }) });

  /** The marked parts of one side of a card, as "kind:text". */
  async function marks(page: Page, words: string, side: 'echo-private' | 'echo-public'): Promise<string[]> {
    return card(page, words)
      .getByTestId(side)
      .locator('[data-testid="echo-text"] mark')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind') ?? ''}:${e.textContent ?? ''}`));
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-echoes-'));
    const dist = path.join(dir, 'dist');
    await buildUi(dist);
    store = await openStore(path.join(dir, 'case.db'));
    await ingest(SEED, store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
    // Searches on two threads, as `innsyn serve` answers them by default (sqlite-read-pool.ts).
    server = await startServer({
      store,
      port: 0,
      host: '127.0.0.1',
      uiDir: dist,
      log: () => {},
      readWorkers: 2,
    });
    watch = await BrowserWatch.launch(SHOTS);
  });
  after(async () => {
    await watch?.close();
    await server?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    assert.deepEqual(watch.foreign, [], 'the UI or a message reached another origin');
    assert.deepEqual(watch.dialogs, [], 'a script from message content ran');
    assert.deepEqual(watch.pageErrors, [], 'the page threw');
  });

  void test('UI echoes - the three seed echoes, strongest first, with latencies, times, people and the evidence marked in both texts', async () => {
    const { context, page } = await open();
    await page.goto(`${server.origin}/echoes`);
    await page.getByTestId('echo').first().waitFor();
    const latencies = await page.getByTestId('echo-latency').allTextContents();
    for (const l of SEED_LATENCIES) {
      const at = latencies.indexOf(l);
      assert.ok(at >= 0 && at < 5, `${l} in the top five: ${latencies.join(' | ')}`);
    }
    // The link DM and the son's post two days later: the link marked as each text writes it.
    const son = card(page, '1 day 21 hours 11 minutes later');
    assert.deepEqual(await marks(page, '1 day 21 hours 11 minutes later', 'echo-private'), [
      'link:wlsearch.tk',
    ]);
    assert.deepEqual(await marks(page, '1 day 21 hours 11 minutes later', 'echo-public'), [
      'mention:wikileaks',
      'link:http://wlsearch.tk/',
    ]);
    assert.deepEqual(await son.getByTestId('echo-time').allTextContents(), [
      '12 Oct 2016, 12:31 UTC',
      '14 Oct 2016, 09:42 UTC',
    ]);
    assert.match((await son.getByTestId('echo-from').textContent()) ?? '', /WikiLeaks/);
    assert.match((await son.getByTestId('echo-to').textContent()) ?? '', /Donald Trump Jr\./);
    assert.match((await son.getByTestId('echo-author').textContent()) ?? '', /Donald Trump Jr\./);
    assert.match(
      (await son.getByTestId('echo-evidence').textContent()) ?? '',
      /Both hold the link http:\/\/wlsearch\.tk\//,
    );
    assert.match((await son.getByTestId('echo-score').textContent()) ?? '', /^score \d+\.\d\d$/);
    // The father's post 15 minutes later names the sender: marked in the post and on the sender.
    assert.deepEqual(await marks(page, '15 minutes later', 'echo-public'), ['mention:WikiLeaks']);
    const father = card(page, '15 minutes later');
    assert.equal(await father.getByTestId('echo-from').locator('mark[data-kind="mention"]').count(), 1);
    assert.match((await father.getByTestId('echo-author').textContent()) ?? '', /Donald J\. Trump/);
    // The request for the emails and the post publishing them: the shared words in both.
    assert.deepEqual(await marks(page, '2 hours 59 minutes later', 'echo-private'), [
      'terms:meeting',
      'terms:emails',
      'terms:publish',
    ]);
    assert.deepEqual(await marks(page, '2 hours 59 minutes later', 'echo-public'), [
      'terms:publishing',
      'terms:email',
      'terms:meeting',
    ]);
    // Each side links to its item page.
    const dm = await idOf('kind:message link:wlsearch.tk');
    assert.equal(await son.getByTestId('echo-open-private').getAttribute('href'), `/item/${dm}`);
    // Side by side on a laptop: the private text left of the public one.
    const left = await son.getByTestId('echo-private').boundingBox();
    const right = await son.getByTestId('echo-public').boundingBox();
    assert.ok(left && right && left.x + left.width <= right.x && Math.abs(left.y - right.y) < 2);
    await shot(page, 'echoes-en.png');
    await context.close();
  });

  void test('UI echoes - the controls: a query on the private side, the window, an empty answer, a bad query', async () => {
    const { context, page } = await open();
    await page.goto(`${server.origin}/echoes`);
    await page.getByTestId('echo').first().waitFor();
    const all = await page.getByTestId('echo').count();
    await page.getByTestId('echoes-query').fill('link:wlsearch.tk');
    await page.getByTestId('echoes-apply').click();
    await page.waitForURL(/q=link%3Awlsearch\.tk/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="echo"]').length === 2);
    const dm = await idOf('kind:message link:wlsearch.tk');
    const privates = await page
      .getByTestId('echo')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-private-id')));
    assert.deepEqual(privates, [dm, dm]);
    // A one-hour window: only the father's post after the burst of 12:31 and 12:33.
    await page.getByTestId('echoes-window').selectOption(String(3600));
    await page.waitForURL(/window=3600/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="echo"]').length === 1);
    assert.deepEqual(await page.getByTestId('echo-latency').allTextContents(), ['15 minutes later']);
    // Nothing echoed the tax request.
    await page.goto(`${server.origin}/echoes?q=tax`);
    await page.getByTestId('echoes-empty').waitFor();
    assert.equal(await page.getByTestId('echo').count(), 0);
    await shot(page, 'echoes-empty-en.png', false);
    await page.goto(`${server.origin}/echoes?q=${encodeURIComponent('from:(a')}`);
    await page.getByTestId('error-notice').waitFor();
    // And back to everything.
    await page.goto(`${server.origin}/echoes`);
    await page.getByTestId('echo').first().waitFor();
    assert.equal(await page.getByTestId('echo').count(), all);
    await context.close();
  });

  void test('UI echoes - Norwegian: latencies and evidence in bokmål', async () => {
    const { context, page } = await open('nb-NO');
    await page.goto(`${server.origin}/echoes`);
    await page.getByTestId('echo').first().waitFor();
    const latencies = await page.getByTestId('echo-latency').allTextContents();
    for (const l of ['15 minutter senere', '1 dag 21 timer 11 minutter senere', '2 timer 59 minutter senere'])
      assert.ok(latencies.includes(l), `${l}: ${latencies.join(' | ')}`);
    const son = card(page, '1 dag 21 timer 11 minutter senere');
    assert.match(
      (await son.getByTestId('echo-evidence').textContent()) ?? '',
      /Begge har lenken http:\/\/wlsearch\.tk\//,
    );
    assert.match((await son.getByTestId('echo-score').textContent()) ?? '', /^poengsum \d+,\d\d$/);
    assert.equal(await page.locator('h1').textContent(), 'Ekko');
    await shot(page, 'echoes-nb.png');
    await context.close();
  });

  void test('UI echoes - on a phone the two texts are stacked, private first', async () => {
    const { context, page } = await open('en-GB', 390);
    await page.goto(`${server.origin}/echoes`);
    await page.getByTestId('echo').first().waitFor();
    const son = card(page, '1 day 21 hours 11 minutes later');
    const top = await son.getByTestId('echo-private').boundingBox();
    const below = await son.getByTestId('echo-public').boundingBox();
    assert.ok(top && below && top.y + top.height <= below.y, 'stacked');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
    await shot(page, 'echoes-phone.png', false);
    await son.scrollIntoViewIfNeeded();
    await shot(page, 'echoes-phone-card.png', false);
    await context.close();
  });

  void test('UI echoes - the item page of the DM of 2016-10-12 12:31 lists its echoes; a post lists what it echoes; each leads to the pair', async () => {
    const { context, page } = await open();
    const dm = await idOf('kind:message link:wlsearch.tk');
    await page.goto(`${server.origin}/item/${dm}`);
    const panel = page.getByTestId('item-echoes');
    await panel.waitFor();
    assert.match((await panel.locator('h2').textContent()) ?? '', /^Echoed by 2$/);
    const rows = panel.getByTestId('item-echo');
    assert.deepEqual((await panel.getByTestId('item-echo-latency').allTextContents()).sort(), [
      '1 day 21 hours 11 minutes later',
      '15 minutes later',
    ]);
    const son = await idOf('is:public link:wlsearch.tk');
    const sonRow = rows.filter({ has: page.locator(`[href="/item/${son}"]`) });
    assert.equal(await sonRow.getByTestId('item-echo-kinds').textContent(), 'LinkName');
    await shot(page, 'item-dm-en.png');
    await sonRow.getByTestId('item-echo-pair').click();
    await page.waitForURL(/\/echoes\?item=/);
    const focused = page.locator('[data-testid="echo"][aria-current="true"]');
    await focused.waitFor();
    assert.equal(await focused.getAttribute('data-public-id'), son);
    assert.equal(await focused.getAttribute('data-private-id'), dm);
    assert.ok(await focused.isVisible());
    assert.equal(await page.getByTestId('echo').count(), 2, 'the echoes of that item only');
    assert.equal(
      await page.getByTestId('echoes-item-link').textContent(),
      'WikiLeaks, 12 Oct 2016, 12:31 UTC',
    );
    await shot(page, 'echoes-pair-en.png', false);
    // The son's post: the DM it echoes, earlier.
    await page.goto(`${server.origin}/item/${son}`);
    await page.getByTestId('item-echoes').waitFor();
    assert.match((await page.getByTestId('item-echoes').locator('h2').textContent()) ?? '', /^Echo of/);
    assert.ok(
      (await page.getByTestId('item-echo-latency').allTextContents()).includes(
        '1 day 21 hours 11 minutes earlier',
      ),
    );
    // An item in no echo shows no panel.
    await page.goto(`${server.origin}/item/${await idOf('family')}`);
    await page.getByTestId('item-page').waitFor();
    await page.getByTestId('provenance').waitFor();
    assert.equal(await page.getByTestId('item-echoes').count(), 0);
    await context.close();
  });

  void test('UI echoes - the item panel in Norwegian and on a phone', async () => {
    const { context, page } = await open('nb-NO', 390);
    const dm = await idOf('kind:message link:wlsearch.tk');
    await page.goto(`${server.origin}/item/${dm}`);
    await page.getByTestId('item-echoes').waitFor();
    assert.match((await page.getByTestId('item-echoes').locator('h2').textContent()) ?? '', /^Ekko i 2$/);
    assert.ok((await page.getByTestId('item-echo-latency').allTextContents()).includes('15 minutter senere'));
    await page.getByTestId('item-echoes').scrollIntoViewIfNeeded();
    await shot(page, 'item-dm-nb-phone.png', false);
    await context.close();
  });
});
