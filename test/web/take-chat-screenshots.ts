/**
 * Screenshots of the chat and post views against the fixture server filled with the chat
 * corpus (chat-corpus.ts), at 1280×800 and at a phone's 390×800, in English and bokmål:
 *   node --import tsx test/web/take-chat-screenshots.ts [outDir]   (default /tmp/innsyn-chat-shots)
 * Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=path) and ../shared.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { parseQuery } from '../../src/query/index.js';
import { buildUi } from './build-ui.js';
import { buildChatCorpus, chatCorpusSkip } from './chat-corpus.js';
import { FIXTURE_TOKEN, startFixtureServer } from './fixture-server.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (chatCorpusSkip) {
  console.error(`cannot take the chat screenshots: ${chatCorpusSkip}`);
  process.exit(1);
}
const outDir = process.argv[2] ?? '/tmp/innsyn-chat-shots';
const dist = await mkdtemp(path.join(tmpdir(), 'innsyn-web-'));
await mkdir(outDir, { recursive: true });
await buildUi(dist);
const server = await startFixtureServer({ distDir: dist, corpus: buildChatCorpus });
const first = async (q: string, offset = 0) =>
  (await server.corpus.store.search(parseQuery(q), { sort: 'date-asc', offset, limit: 1 })).items[0]?.id ??
  '';
const pages: Array<[string, string, string]> = [
  ['x-dm', `/item/${await first('kind:message platform:x tax')}`, '[aria-current="page"].chat-bubble'],
  [
    'telegram-group',
    `/item/${await first('platform:telegram conversation:568a020161334acf668743e3b2e79e34', 2700)}`,
    '[aria-current="page"].chat-bubble',
  ],
  ['x-post', `/item/${await first('kind:post link:wlsearch.tk')}`, '[data-testid="post-card"]'],
  ['search', `/search?q=${encodeURIComponent('wikileaks OR tax OR meeting')}`, '[data-testid="result-row"]'],
];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});

async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  console.log(file);
}

try {
  for (const lang of ['en', 'nb'] as const) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        locale: lang === 'nb' ? 'nb-NO' : 'en-GB',
        timezoneId: 'Europe/Oslo',
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => console.log(`[${lang} pageerror] ${e.message}`));
      await page.goto(`${server.url}/?token=${FIXTURE_TOKEN}`);
      for (const [name, href, ready] of pages) {
        await page.goto(`${server.url}${href}`);
        await page.locator(ready).first().waitFor({ timeout: 60_000 });
        // On a phone the chat is under the message: show it.
        const head = page.locator('.chat-head');
        if (width < 600 && (await head.count()) > 0) await head.first().scrollIntoViewIfNeeded();
        await shot(page, `${lang}-${width}-${name}`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dist, { recursive: true, force: true });
}
