/**
 * Screenshots of the people list, person, pair and network pages over the real server, at
 * 1280×800 and a phone's 390×800, in English and bokmål, on the seed scenario; then the network
 * and people of the whole demo case (3,000 generated messages beside the seed) for density:
 *   node --import tsx test/web/take-people-screenshots.ts [outDir]   (default /tmp/shots-people)
 * Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=path).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startPeopleCase, type PeopleCase } from './people-server.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const outDir = process.argv[2] ?? '/tmp/shots-people';
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
});

async function shot(page: Page, name: string, full = true) {
  await page.waitForTimeout(300);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: full });
  console.log(file);
  // A tall phone page is also cut into screens, to be looked at without shrinking.
  const size = page.viewportSize();
  if (!full || !size || size.width > 500) return;
  const height = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { body: { scrollHeight: number } } }).document.body.scrollHeight,
  );
  for (let y = 0, i = 1; y < height && i <= 4; y += 1000, i++) {
    const part = path.join(outDir, `${name}-part${i}.png`);
    await page.screenshot({
      path: part,
      fullPage: true,
      clip: { x: 0, y, width: size.width, height: Math.min(1000, height - y) },
    });
  }
}

async function session(c: PeopleCase, b: Browser, lang: 'en' | 'nb', width: number): Promise<Page> {
  const context = await b.newContext({
    viewport: { width, height: 800 },
    locale: lang === 'nb' ? 'nb-NO' : 'en-GB',
    timezoneId: 'Europe/Oslo',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`[${lang} pageerror] ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') console.log(`[${lang} console] ${msg.text()}`);
  });
  await page.goto(c.server.url);
  return page;
}

const seedPages: Array<[string, string, string]> = [
  ['people', '/person', '[data-testid="people-row"]'],
  ['person-wikileaks', '/person?key=%40wikileaks', '[data-testid="correspondent-row"]'],
  ['person-donjr-email', '/person?key=email%3Adjtjr%40example.org', '[data-testid="correspondent-row"]'],
  ['pair-wikileaks', '/pair?a=x%3A16589206&b=x%3A39344374', '[data-testid="unanswered-row"]'],
  [
    'pair-email',
    '/pair?a=email%3Adjtjr%40example.org&b=email%3Arob.goldstone%40example.net',
    '[data-testid="pair-directions"]',
  ],
  [
    'network',
    '/network',
    '[data-testid="network-graph"][data-state="ready"], [data-testid="network-tables"]',
  ],
  ['network-table', '/network?view=table', '[data-testid="network-tables"]'],
];

const seed = await startPeopleCase('seed');
try {
  for (const lang of ['en', 'nb'] as const) {
    for (const width of [1280, 390]) {
      const page = await session(seed, browser, lang, width);
      for (const [name, href, ready] of seedPages) {
        if (width === 390 && name === 'network-table') continue;
        await page.goto(`${seed.server.origin}${href}`);
        await page.locator(ready).first().waitFor({ timeout: 20_000 });
        await shot(page, `${name}-${lang}-${width}`);
      }
      await page.context().close();
    }
  }
} finally {
  await seed.close();
}

const demo = await startPeopleCase('demo');
try {
  const page = await session(demo, browser, 'en', 1280);
  const ready = '[data-testid="network-graph"][data-state="ready"]';
  for (const [name, href] of [
    ['demo-network', '/network'],
    ['demo-network-min1', '/network?min=1'],
    ['demo-network-focus', '/network?q=participant%3Awikileaks&focus=x%3A16589206'],
  ] as const) {
    await page.goto(`${demo.server.origin}${href}`);
    await page.locator(ready).waitFor({ timeout: 60_000 });
    await shot(page, name, false);
  }
  await page.goto(`${demo.server.origin}/person`);
  await page.locator('[data-testid="people-row"]').first().waitFor();
  await shot(page, 'demo-people');
  const top = await page.locator('[data-testid="people-row"] a').first().getAttribute('href');
  await page.goto(`${demo.server.origin}${top ?? '/person'}`);
  await page.locator('[data-testid="correspondent-row"]').first().waitFor({ timeout: 60_000 });
  await shot(page, 'demo-person');
  const pair = await page.locator('[data-testid="correspondent-pair"]').first().getAttribute('href');
  await page.goto(`${demo.server.origin}${pair ?? '/pair'}`);
  await page.locator('[data-testid="pair-directions"]').waitFor({ timeout: 60_000 });
  await shot(page, 'demo-pair');
  await page.context().close();
} finally {
  await demo.close();
  await browser.close();
}
