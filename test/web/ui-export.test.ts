/**
 * The search page's Export menu in a real browser (Debian's chromium through playwright-core),
 * against the real server (startServer) over a store filled by the real readers from the seed
 * scenario in demo/. The menu offers the three downloads; the zip downloaded through it verifies;
 * the report downloaded through it opens in Chromium with no request of any kind but the file
 * itself, its stylesheet allowed by its own CSP, and prints to PDF a page per day. Every request
 * that leaves the server's origin is caught and fails the suite. Screenshots (the menu, the report
 * in English and Norwegian, its print layout, a phone) go to SHOTS when it is set.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { verifyExport } from '../../src/export/index.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/shared.js';
import { buildUi } from './build-ui.js';

const skip = chromiumSkip;
/** Where screenshots go (e.g. SHOTS=/tmp/shots-report); none are taken without it. */
const SHOTS = process.env.SHOTS ?? '';
const SEED = ['DonaldJTrumpJr-x-archive', 'realDonaldTrump-public-posts.csv', 'DonaldJTrumpJr-mail.mbox'].map(
  (f) => path.join(repoRoot, 'demo', f),
);
const QUERY = 'from:wikileaks OR is:public';

void describe('UI export', { skip }, () => {
  let dir = '';
  let store: Store;
  let server: RunningServer;
  let watch: BrowserWatch;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(server.origin, server.url, {
      locale,
      width,
      height: 900,
      timezoneId: 'Europe/Oslo',
      acceptDownloads: true,
    });

  async function shot(page: Page, name: string, fullPage = true): Promise<void> {
    if (!SHOTS) return;
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, name), fullPage });
  }

  async function openMenu(page: Page, q = QUERY): Promise<void> {
    await page.goto(`${server.origin}/search?q=${encodeURIComponent(q)}&sort=date-asc`);
    await page.getByTestId('result-row').first().waitFor();
    await page.getByTestId('export-button').click();
    await page.getByTestId('export-report').waitFor();
  }

  /**
   * Opens a downloaded report in a fresh, offline context that records every request of any kind
   * (file:// included) and every console message (a CSP violation would be one).
   */
  async function openReport(
    file: string,
    width = 1100,
  ): Promise<OpenPage & { requests: string[]; console: string[] }> {
    const context = await watch.browser.newContext({ viewport: { width, height: 1000 }, offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const console: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => console.push(m.text()));
    page.on('dialog', (d) => {
      watch.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    return { context, page, requests, console };
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-export-'));
    const dist = path.join(dir, 'dist');
    await buildUi(dist);
    store = await openStore(path.join(dir, 'case.db'));
    await ingest(SEED, store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
    server = await startServer({ store, port: 0, host: '127.0.0.1', uiDir: dist, log: () => {} });
    watch = await BrowserWatch.launch(SHOTS);
  });
  after(async () => {
    await watch?.close();
    await server?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    assert.deepEqual(watch.foreign, [], 'the UI or a report reached another origin');
    assert.deepEqual(watch.dialogs, [], 'a script from message content ran');
    assert.deepEqual(watch.pageErrors, [], 'the page threw');
  });

  void test('UI export - the menu offers the evidence zip, the mbox and the report, for the query on screen', async () => {
    const { context, page } = await open();
    await openMenu(page);
    const q = encodeURIComponent(QUERY).replace(/%20/g, '+');
    assert.equal(await page.getByTestId('export-zip').getAttribute('href'), `/api/export.zip?q=${q}`);
    assert.equal(await page.getByTestId('export-mbox').getAttribute('href'), `/api/export.mbox?q=${q}`);
    assert.match(await page.getByTestId('export-scope').innerText(), /^19 results of this search\.$/);
    // The report: the reader's own zone and the UI's language to start with.
    assert.equal(await page.getByTestId('export-tz').inputValue(), 'Europe/Oslo');
    assert.equal(await page.getByTestId('export-lang').inputValue(), 'en');
    assert.ok(
      (await page.locator('[data-testid="export-tz"] option').count()) > 100,
      'every zone to choose from',
    );
    await page.getByTestId('export-lang').selectOption('nb');
    await page.getByTestId('export-tz').selectOption('America/New_York');
    await page.getByTestId('export-title').fill('Saken');
    assert.equal(
      await page.getByTestId('export-report-link').getAttribute('href'),
      `/api/report.html?q=${q}&tz=America%2FNew_York&lang=nb&title=Saken`,
    );
    await shot(page, 'export-menu-en.png', false);
    // Escape closes it and gives the focus back to the button.
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('export-report').count(), 0);
    assert.equal(await page.evaluate('document.activeElement?.dataset.testid'), 'export-button');
    await context.close();
  });

  void test('UI export - the evidence zip downloaded through the menu verifies', async () => {
    const { context, page } = await open();
    await openMenu(page, 'from:wikileaks');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-zip').click(),
    ]);
    assert.match(download.suggestedFilename(), /^innsyn-export-\d{8}-\d{6}\.zip$/);
    const file = path.join(dir, 'ui.zip');
    await download.saveAs(file);
    const v = await verifyExport(file);
    assert.equal(v.ok, true);
    assert.equal(v.manifest.items, 11);
    await context.close();
  });

  void test('UI export - the downloaded report opens with no request but itself, styled by its own CSP, and prints a page per day', async () => {
    const { context, page } = await open();
    await openMenu(page);
    const reports: Record<string, string> = {};
    for (const lang of ['en', 'nb'] as const) {
      await page.getByTestId('export-lang').selectOption(lang);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-report-link').click(),
      ]);
      assert.match(download.suggestedFilename(), /^innsyn-report-\d{8}-\d{6}\.html$/);
      reports[lang] = path.join(dir, `report-${lang}.html`);
      await download.saveAs(reports[lang] as string);
    }
    await context.close();

    for (const [lang, file] of Object.entries(reports)) {
      const r = await openReport(file);
      assert.deepEqual(r.requests, [pathToFileURL(file).href], `${lang}: the report loaded something`);
      assert.deepEqual(r.console, [], `${lang}: console messages (a CSP violation?)`);
      // The stylesheet applied: the CSP allows it by its hash.
      const border = await r.page
        .locator('article.entry')
        .first()
        .evaluate((e) => getComputedStyle(e).borderLeftWidth);
      assert.equal(border, '6px');
      assert.equal(await r.page.locator('article.entry').count(), 19);
      const heading = await r.page.locator('h1').innerText();
      assert.equal(heading, lang === 'nb' ? 'Tidslinje' : 'Story timeline');
      const text = await r.page.locator('body').innerText();
      assert.ok(text.includes(lang === 'nb' ? '15 minutter senere' : '15 minutes later'));
      // The same links to its own items as anchors only.
      const hrefs = await r.page
        .locator('a[href]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
      assert.ok(hrefs.length > 19 && hrefs.every((h) => /^#item-[0-9a-f]{32}$/.test(h)));
      await shot(r.page, `report-${lang}.png`);
      await r.page.locator(`#item-${await firstEchoedId(r.page)}`).scrollIntoViewIfNeeded();
      if (SHOTS) await r.page.screenshot({ path: path.join(SHOTS, `report-${lang}-echo.png`) });

      // Printed: A4, a new page for every day (the items of the seed fall on 14 days), the
      // first pages for the summary and the last for how to verify.
      const days = await r.page.locator('section.day').count();
      const pdf = await r.page.pdf({ format: 'A4', printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      assert.ok(pages >= days + 2, `${pages} pages for ${days} days`);
      if (SHOTS) {
        await r.page.emulateMedia({ media: 'print' });
        await r.page.setViewportSize({ width: 794, height: 1123 });
        await r.page.screenshot({ path: path.join(SHOTS, `report-${lang}-print.png`) });
        await (await import('node:fs/promises')).writeFile(path.join(SHOTS, `report-${lang}.pdf`), pdf);
      }
      await r.context.close();
    }
    const phone = await openReport(reports.nb as string, 390);
    const overflow = (await phone.page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 0, `the report is ${overflow}px wider than a phone`);
    await shot(phone.page, 'report-nb-phone.png', false);
    await phone.context.close();
    assert.ok(
      (await readFile(reports.en as string, 'utf8')).includes('<meta http-equiv="Content-Security-Policy"'),
    );
  });

  void test('UI export - in Norwegian on a phone: the labels, and the menu fits the screen', async () => {
    const { context, page } = await open('nb-NO', 390);
    await openMenu(page);
    assert.equal((await page.getByTestId('export-button').innerText()).replace('▾', '').trim(), 'Eksporter');
    assert.match(await page.getByTestId('export-zip').innerText(), /^Bevis-eksport \(zip\)/);
    assert.match(await page.getByTestId('export-mbox').innerText(), /^E-poster som mbox/);
    assert.match(await page.getByTestId('export-report').innerText(), /^Tidslinje \(HTML\)/);
    assert.equal(await page.getByTestId('export-lang').inputValue(), 'nb');
    assert.match(await page.getByTestId('export-scope').innerText(), /^19 treff i dette søket\.$/);
    const box = await page.locator('#export-panel').boundingBox();
    assert.ok(
      box && box.x >= 0 && box.x + box.width <= 390,
      `the menu spans ${box?.x}..${(box?.x ?? 0) + (box?.width ?? 0)}`,
    );
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await shot(page, 'export-menu-nb-phone.png', false);
    await context.close();
  });

  void test('UI export - a search with no results offers nothing to download', async () => {
    const { context, page } = await open();
    await page.goto(`${server.origin}/search?q=${encodeURIComponent('zzzznothing')}`);
    await page.getByTestId('no-results').waitFor();
    await page.getByTestId('export-button').click();
    assert.match(await page.getByTestId('export-scope').innerText(), /Nothing to export/);
    assert.equal(await page.locator('.export-panel a[href]').count(), 0);
    await context.close();
  });
});

/** The id of the first item of a report that lists echoes. */
async function firstEchoedId(page: Page): Promise<string> {
  const id = await page.locator('article.entry:has(section.echoes)').first().getAttribute('id');
  return (id ?? '').replace(/^item-/, '');
}
