/**
 * Screenshots of the UI at 1366×768 against the fixture server, for looking at by eye:
 *   node --import tsx test/web/take-screenshots.ts [outDir]   (default /tmp/innsyn-shots)
 * Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=path).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildUi } from './build-ui.js';
import { FIXTURE_TOKEN, startFixtureServer } from './fixture-server.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const outDir = process.argv[2] ?? '/tmp/innsyn-shots';
const bulk = Number(process.env.BULK ?? 0);

async function shot(page: Page, name: string) {
  // Not 'networkidle': a blocked tracking pixel in the HTML frame can keep it from settling.
  await page.waitForLoadState('load');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(outDir, `${name}.png`) });
  console.log(path.join(outDir, `${name}.png`));
}

const dist = await mkdtemp(path.join(tmpdir(), 'innsyn-web-'));
await mkdir(outDir, { recursive: true });
await buildUi(dist);
const server = await startFixtureServer({ distDir: dist, bulk });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});
try {
  for (const lang of ['en', 'nb'] as const) {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: lang === 'nb' ? 'nb-NO' : 'en-GB',
    });
    const page = await context.newPage();
    page.on('console', (m) => console.log(`[${lang} console] ${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => console.log(`[${lang} pageerror] ${e.message}`));
    page.on('dialog', (d) => {
      console.log(`[${lang}] UNEXPECTED DIALOG: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${server.url}/?token=${FIXTURE_TOKEN}`);
    await shot(page, `${lang}-search-all`);
    await page.goto(`${server.url}/search?q=wikileaks`);
    await shot(page, `${lang}-search-wikileaks`);
    await page.goto(`${server.url}/search?q=${encodeURIComponent('date:2016-06 meeting')}`);
    await page.getByTestId('result-row').first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await shot(page, `${lang}-search-keyboard`);
    await page.keyboard.press('Enter');
    await page.getByTestId('item-text').waitFor();
    await shot(page, `${lang}-item-thread`);
    await page.goto(`${server.url}/search?q=${encodeURIComponent('from:wikileaks "tax returns')}`);
    await page.getByTestId('query-error').waitFor();
    await shot(page, `${lang}-query-error`);
    await page.goto(`${server.url}/search?q=tax`);
    await page.getByTestId('query-help-toggle').click();
    await shot(page, `${lang}-query-help`);
    await page.goto(`${server.url}/search?q=${encodeURIComponent('tracking has:attachment')}`);
    await page.getByTestId('result-row').first().click();
    await page.getByTestId('item-text').waitFor();
    await shot(page, `${lang}-item-hostile`);
    await page.getByTestId('tab-html').click();
    await page.getByTestId('html-frame').waitFor();
    await shot(page, `${lang}-item-html`);
    await page.getByTestId('tab-raw').click();
    await page.getByTestId('raw-text').waitFor();
    await shot(page, `${lang}-item-raw`);
    await page.goto(`${server.url}/sources`);
    await page.getByTestId('sources-page').waitFor();
    await shot(page, `${lang}-sources`);
    const threadLink = `${server.url}/search?q=${encodeURIComponent('date:2016-06 meeting')}`;
    await page.goto(threadLink);
    await page.getByTestId('result-row').first().click();
    await page.getByText(lang === 'nb' ? 'Åpne hele tråden' : 'Open the whole thread').click();
    await page.getByTestId('thread-page').waitFor();
    await shot(page, `${lang}-thread`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dist, { recursive: true, force: true });
}
