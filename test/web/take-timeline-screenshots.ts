/**
 * Screenshots of the timeline page against the real server (timeline-case.ts): the seed
 * scenario in English and bokmål, at 1280 px and a phone's 390 px, brushed and zoomed; and the
 * demo case with its generated 3,000-message mailbox, for density.
 *   node --import tsx test/web/take-timeline-screenshots.ts [outDir]   (default /tmp/shots-timeline)
 * Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM=path).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildUi } from './build-ui.js';
import { startTimelineCase, type TimelineCase } from './timeline-case.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const outDir = process.argv[2] ?? '/tmp/shots-timeline';
const only = process.argv[3] ?? '';
await mkdir(outDir, { recursive: true });
const dist = await mkdtemp(path.join(tmpdir(), 'innsyn-web-'));
await buildUi(dist);
const browser: Browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ARGS,
});

async function shoot(
  c: TimelineCase,
  name: string,
  href: string,
  opts: {
    lang?: 'en' | 'nb';
    width?: number;
    full?: boolean;
    after?: (page: Page) => Promise<void>;
  } = {},
) {
  if (only && !name.includes(only)) return;
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: 900 },
    locale: opts.lang === 'nb' ? 'nb-NO' : 'en-GB',
    deviceScaleFactor: 1,
  });
  await context.route(
    (u) => !u.href.startsWith(c.server.origin),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') console.error(`[${name}] console: ${m.text()}`);
  });
  await page.goto(c.server.url);
  await page.evaluate((l) => localStorage.setItem('innsyn.lang', l), opts.lang ?? 'en');
  const t0 = Date.now();
  await page.goto(`${c.server.origin}${href}`);
  await page.getByTestId('timeline-chart').waitFor();
  await page.waitForLoadState('networkidle');
  const ms = Date.now() - t0;
  if (opts.after) await opts.after(page);
  await page.waitForTimeout(250);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.full ?? true });
  console.log(`${file} (${ms} ms to the chart and idle)`);
  await context.close();
}

const seed = await startTimelineCase('seed', dist);
try {
  await shoot(seed, 'seed-en', '/timeline');
  await shoot(seed, 'seed-nb', '/timeline', { lang: 'nb' });
  await shoot(seed, 'seed-phone-en', '/timeline', { width: 390 });
  await shoot(seed, 'seed-phone-nb', '/timeline', { width: 390, lang: 'nb' });
  await shoot(
    seed,
    'seed-oct-2016-day',
    '/timeline?bucket=day&from=2016-10-01&to=2016-10-31&sel=2016-10-10..2016-10-15',
  );
  await shoot(seed, 'seed-hour', '/timeline?from=2016-10-12T06:00&to=2016-10-13T00:00', {
    after: async (page) => {
      await page.getByTestId('timeline-echo').first().locator('circle').hover({ force: true });
    },
  });
} finally {
  await seed.close();
}
const demo = only && !only.includes('demo') ? null : await startTimelineCase('demo', dist);
if (demo) {
  try {
    await shoot(demo, 'demo-en', '/timeline');
    await shoot(demo, 'demo-day-2022', '/timeline?bucket=day&from=2022&to=2022');
    await shoot(demo, 'demo-phone-nb', '/timeline', { width: 390, lang: 'nb' });
    await shoot(demo, 'demo-more-lanes', '/timeline?lanes=24');
  } finally {
    await demo.close();
  }
}

/**
 * `big`: 10,000 generated messages over three years, by day: how long until the chart is
 * drawn, and how long the page is busy per Ctrl+wheel step (long tasks over 50 ms counted).
 */
if (only === 'big') {
  const big = await startTimelineCase('big', dist);
  try {
    const b2 = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ARGS,
    });
    const context = await b2.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(big.server.url);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const timed = async (p: string): Promise<unknown> => {
      const t = Date.now();
      const body = (await (
        await fetch(`${big.server.origin}${p}`, { headers: { cookie } })
      ).json()) as unknown;
      console.log(`${p}: ${Date.now() - t} ms`);
      return body;
    };
    await timed('/api/timeline?bucket=month');
    await timed('/api/people?limit=500');
    await timed('/api/echoes?limit=20');
    const stats = (await timed('/api/timeline?bucket=day')) as {
      timeline: { buckets: Array<{ private: number; public: number }> };
    };
    const items = stats.timeline.buckets.reduce((s, r) => s + r.private + r.public, 0);
    console.log(`big case: ${items} items in ${stats.timeline.buckets.length} day buckets`);
    await page.addInitScript({
      content: `window.longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });`,
    });
    const t0 = Date.now();
    await page.goto(`${big.server.origin}/timeline?bucket=day&lanes=16`);
    try {
      await page.getByTestId('timeline-bars-private').first().waitFor({ timeout: 60_000 });
    } catch (e) {
      await page.screenshot({ path: path.join(outDir, 'big-10k-failed.png'), fullPage: true });
      throw e;
    }
    console.log(`chart drawn after ${Date.now() - t0} ms`);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: path.join(outDir, 'big-10k-day.png'), fullPage: true });
    const box = await page.getByTestId('timeline-chart').boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + 80);
      await page.evaluate('window.longTasks = []');
      const t1 = Date.now();
      await page.keyboard.down('Control');
      for (let i = 0; i < 20; i++) {
        await page.mouse.wheel(0, i < 10 ? -120 : 120);
        await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      }
      await page.keyboard.up('Control');
      const perStep = (Date.now() - t1) / 20;
      const long = (await page.evaluate('window.longTasks')) as number[];
      console.log(
        `Ctrl+wheel: ${perStep.toFixed(1)} ms a step (two frames included); long tasks: ${long.length} (${long.map((d) => d.toFixed(0)).join(', ')} ms)`,
      );
      // Hovering across the lanes.
      await page.evaluate('window.longTasks = []');
      const t2 = Date.now();
      for (let x = 0; x < box.width; x += 20) await page.mouse.move(box.x + x, box.y + 80);
      console.log(
        `hover: ${((Date.now() - t2) / Math.ceil(box.width / 20)).toFixed(1)} ms a move; long tasks: ${((await page.evaluate('window.longTasks')) as number[]).length}`,
      );
    }
    await b2.close();
  } finally {
    await big.close();
  }
}
await browser.close();
await rm(dist, { recursive: true, force: true });
