/**
 * The timeline page in a real browser (Debian's chromium through playwright-core) against the
 * real server over the seed scenario read by the real readers (timeline-case.ts): a lane per
 * sender with private and public apart, the emails, the echo arrows, brushing and "search this
 * span", bars and arrows that open their items, zoom in the URL, the keyboard, Norwegian, a
 * phone's width, and the empty and error states. Every request that leaves the app's origin is
 * caught and fails the suite.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { parseQuery } from '../../src/query/index.js';
import { parseBound } from '../../web/src/timeline/timeline-state.js';
import { buildUi } from './build-ui.js';
import { startTimelineCase, type TimelineCase } from './timeline-case.js';

const skip = chromiumSkip;

const T = (iso: string) => Date.parse(iso);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

void describe('UI timeline', { skip }, () => {
  let dist = '';
  let seed: TimelineCase;
  let watch: BrowserWatch;
  let shared: OpenPage;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(seed.server.origin, seed.server.url, { locale, width, height: 900, timezoneId: null });

  async function total(q: string): Promise<number> {
    return (await seed.store.search(parseQuery(q), { sort: 'date', offset: 0, limit: 1 })).total;
  }

  async function ids(q: string): Promise<string[]> {
    const r = await seed.store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 50 });
    return r.items.map((i) => i.id);
  }

  /** Opens a timeline URL and waits for the chart and its echoes. */
  async function show(page: Page, href: string): Promise<void> {
    await page.goto(`${seed.server.origin}${href}`);
    await page.getByTestId('timeline-chart').waitFor();
    await page.getByTestId('timeline-echo-list').waitFor();
  }

  /** The lane's label text and the boxes of its private and public bars and its middle line. */
  async function lane(page: Page, key: string) {
    const label = page.locator(`[data-testid="timeline-lane"][data-lane="${key}"]`);
    const bars = page.locator(`[data-testid="timeline-lane-bars"][data-lane="${key}"]`);
    const box = async (testid: string): Promise<Box | null> => {
      const el = bars.getByTestId(testid);
      return (await el.count()) > 0 ? el.boundingBox() : null;
    };
    return {
      text: (await label.textContent()) ?? '',
      priv: await box('timeline-bars-private'),
      pub: await box('timeline-bars-public'),
    };
  }

  /** The screen x of a time in the chart, from the view the URL asked for. */
  async function xAt(
    page: Page,
    view: { start: number; end: number },
    t: number,
  ): Promise<{ x: number; box: Box }> {
    const box = (await page.getByTestId('timeline-chart').boundingBox()) as Box;
    return { x: box.x + ((t - view.start) / (view.end - view.start)) * box.width, box };
  }

  before(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-timeline-'));
    await buildUi(dist);
    seed = await startTimelineCase('seed', dist);
    watch = await BrowserWatch.launch();
    shared = await open();
  });
  after(async () => {
    await shared?.context.close();
    await watch?.close();
    await seed?.close();
    if (dist) await rm(dist, { recursive: true, force: true });
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.pageErrors, [], 'no script errors');
  });

  void test('UI timeline - a lane per sender: @wikileaks, @donaldjtrumpjr, @realdonaldtrump and the emails, private above, public below', async () => {
    const { page } = shared;
    await show(page, '/timeline');
    const lanes = await page
      .getByTestId('timeline-lane')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-lane')));
    // Most items first; every sender of the seed case has a lane (5 senders, fewer than 8 lanes).
    assert.deepEqual(lanes, [
      'x:16589206',
      'x:39344374',
      'x:realdonaldtrump',
      'email:djtjr@example.org',
      'email:rob.goldstone@example.net',
    ]);
    const wl = await lane(page, 'x:16589206');
    const jr = await lane(page, 'x:39344374');
    const dt = await lane(page, 'x:realdonaldtrump');
    const mail = await lane(page, 'email:djtjr@example.org');
    assert.match(wl.text, /^WikiLeaks @wikileaks · 11 private · 0 public$/);
    assert.match(jr.text, /^Donald Trump Jr\. @donaldjtrumpjr · 2 private · 4 public$/);
    assert.match(dt.text, /^Donald J\. Trump @realdonaldtrump · 0 private · 4 public$/);
    assert.match(mail.text, /^Donald Trump Jr\. djtjr@example\.org · 3 private · 0 public$/, 'the emails');
    assert.ok(wl.priv && !wl.pub, 'WikiLeaks only wrote privately');
    assert.ok(dt.pub && !dt.priv, 'the father only posted');
    assert.ok(mail.priv && !mail.pub, 'emails are private');
    assert.ok(jr.priv && jr.pub, 'the son did both');
    // Apart by position: the son's private bars end where his public bars begin (the lane's middle line).
    assert.ok(jr.priv.y + jr.priv.height <= jr.pub.y + 0.5, 'private above, public below');
    assert.ok(jr.priv.y > wl.priv.y && dt.pub.y > jr.pub.y, 'lanes in rank order down the page');
    // And apart without colour: the legend says which is which, private bars are striped.
    const legend = (await page.locator('.tl-legend').textContent()) ?? '';
    assert.match(legend, /Private: emails, DMs, chats \(above the line\)/);
    assert.match(legend, /Public posts \(below the line\)/);
    const fill = await page
      .locator('[data-testid="timeline-bars-private"]')
      .first()
      .evaluate((e) => getComputedStyle(e).fill);
    assert.match(fill, /url\("?#tl-hatch-private"?\)/);
    // All 27 items on one axis, June 2016 to July 2017.
    assert.match(
      (await page.getByTestId('timeline-summary').textContent()) ?? '',
      /^27 items · 1 Jun 2016 – 31 Jul 2017/,
    );
    // Each lane's name opens the person.
    const href = await page.locator('[data-lane="x:16589206"] a').getAttribute('href');
    assert.equal(href, '/person?key=x%3A16589206');
  });

  void test('UI timeline - the echoes of EXPECTED.md are arrows from the DM to the post, with the latency', async () => {
    const { page } = shared;
    await show(page, '/timeline?bucket=day&from=2016-10-01&to=2016-10-31');
    const arrows = page.getByTestId('timeline-echo');
    const labels = await arrows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const find = (re: RegExp) => labels.find((l) => re.test(l));
    assert.ok(
      find(
        /^Echo: WikiLeaks @wikileaks, 12 Oct 2016, 12:31 → Donald J\. Trump @realdonaldtrump, 12 Oct 2016, 12:46: 15 min later \(names the sender\)/,
      ),
      labels.join('\n'),
    );
    assert.ok(
      find(
        /^Echo: WikiLeaks @wikileaks, 12 Oct 2016, 12:31 → Donald Trump Jr\. @donaldjtrumpjr, 14 Oct 2016, 09:42: 1 day 21 h 11 min later \(same link/,
      ),
      labels.join('\n'),
    );
    // Each goes forward in time, from WikiLeaks' private half down to a public half.
    const wl = await lane(page, 'x:16589206');
    const geometry = await arrows.evaluateAll((els) =>
      els.map((e) => {
        const dot = e.querySelector('circle')?.getBoundingClientRect();
        return {
          x1: Number(e.getAttribute('data-private-x')),
          x2: Number(e.getAttribute('data-public-x')),
          dotY: dot ? dot.y + dot.height / 2 : -1,
          title: e.querySelector('title')?.textContent ?? '',
        };
      }),
    );
    assert.ok(geometry.length >= 4);
    for (const g of geometry) {
      assert.ok(g.x2 >= g.x1, 'private before public');
      assert.ok(
        wl.priv && g.dotY >= wl.priv.y - 1 && g.dotY <= wl.priv.y + wl.priv.height + 1,
        'starts in the private half of WikiLeaks',
      );
      assert.match(g.title, / later /, 'the tooltip gives the latency');
    }
    // The list beside the chart says the same in words; the request for the emails is there too.
    const rows = await page.getByTestId('timeline-echo-latency').allTextContents();
    for (const l of ['15 min later', '1 day 21 h 11 min later', '2 h 59 min later'])
      assert.ok(rows.includes(l), `${l} in ${rows.join(', ')}`);
    // Clicking an arrow opens both messages in search.
    const dm = (await ids('from:wikileaks link:wlsearch.tk'))[0] as string;
    const post = (await ids('from:realdonaldtrump wikileaks date:2016-10-12'))[0] as string;
    assert.ok(dm && post, 'the DM with the link and the post of the father naming WikiLeaks');
    const arrow = page.locator(`[data-testid="timeline-echo"][href*="${dm}"][href*="${post}"]`);
    await arrow.locator('.tl-echo-line').click({ force: true });
    await page.waitForURL(/\/search\?/);
    assert.equal(new URL(page.url()).searchParams.get('q'), `id:${dm} OR id:${post}`);
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('result-row').count(), 2);
  });

  void test('UI timeline - brushing a span keeps it in the URL, and "search this span" searches those days', async () => {
    const { page } = shared;
    const view = { start: T('2016-10-01T00:00:00Z'), end: T('2016-11-01T00:00:00Z') };
    await show(page, '/timeline?bucket=day&from=2016-10-01&to=2016-10-31');
    const a = await xAt(page, view, T('2016-10-10T12:00:00Z'));
    const b = await xAt(page, view, T('2016-10-14T12:00:00Z'));
    const wl = await lane(page, 'x:16589206');
    const y = (wl.priv as Box).y + 4;
    await page.mouse.move(a.x, y);
    await page.mouse.down();
    await page.mouse.move(b.x, y, { steps: 6 });
    await page.mouse.up();
    await page.getByTestId('timeline-selbar').waitFor();
    await page.waitForURL(/sel=/);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('sel'), '2016-10-10..2016-10-14');
    assert.equal(url.searchParams.get('bucket'), 'day');
    const inSpan = await total('date:2016-10-10..2016-10-14');
    assert.equal(inSpan, 6);
    assert.equal(
      await page.getByTestId('timeline-selected').textContent(),
      `Selected: 10 Oct 2016 – 14 Oct 2016 · ${inSpan} items`,
    );
    // The selection is drawn across every lane, and comes back from the URL.
    const sel = (await page.getByTestId('timeline-selection').boundingBox()) as Box;
    assert.ok(Math.abs(sel.x - (await xAt(page, view, T('2016-10-10T00:00:00Z'))).x) < 2);
    await page.reload();
    await page.getByTestId('timeline-selbar').waitFor();
    await page.getByTestId('timeline-search-span').click();
    await page.waitForURL(/\/search\?/);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'date:2016-10-10..2016-10-14');
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('result-row').count(), inSpan);

    // With a query: the span replaces its date terms, the rest stays.
    await show(
      page,
      '/timeline?q=wikileaks%20date%3A2016&bucket=day&from=2016-10-01&to=2016-10-31&sel=2016-10-12..2016-10-14',
    );
    await page.getByTestId('timeline-search-span').click();
    await page.waitForURL(/\/search\?/);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'wikileaks date:2016-10-12..2016-10-14');
  });

  void test('UI timeline - a bar opens its items: the sender, private or public, the period', async () => {
    const { page } = shared;
    const view = { start: T('2016-10-01T00:00:00Z'), end: T('2016-11-01T00:00:00Z') };
    await show(page, '/timeline?bucket=day&from=2016-10-01&to=2016-10-31');
    const { x } = await xAt(page, view, T('2016-10-12T12:00:00Z'));
    const wl = await lane(page, 'x:16589206');
    await page.mouse.move(x, (wl.priv as Box).y + (wl.priv as Box).height - 3);
    assert.equal(
      await page.getByTestId('timeline-readout').textContent(),
      'WikiLeaks · private · 12 Oct 2016: 2 items',
    );
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForURL(/\/search\?/);
    const q = new URL(page.url()).searchParams.get('q') ?? '';
    assert.equal(q, 'from:16589206 is:private date:2016-10-12');
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('result-row').count(), await total(q));
    assert.equal(await total(q), 2);
  });

  void test('UI timeline - zoom: buttons and Ctrl+wheel change the view and the bucket, and the URL keeps them', async () => {
    const { page } = shared;
    await show(page, '/timeline');
    const bucket = page.getByTestId('timeline-bucket');
    assert.match((await bucket.locator('option[value="auto"]').textContent()) ?? '', /^Auto \(week\)$/);
    await page.getByTestId('timeline-zoom-in').click();
    await page.getByTestId('timeline-zoom-in').click();
    await page.waitForURL(/from=/);
    const spanOf = (u: string): number => {
      const p = new URL(u).searchParams;
      return (
        (parseBound(p.get('to') ?? '', 'end') ?? NaN) - (parseBound(p.get('from') ?? '', 'start') ?? NaN)
      );
    };
    const whole = T('2017-08-01T00:00:00Z') - T('2016-06-01T00:00:00Z');
    const twice = spanOf(page.url());
    assert.ok(
      Math.abs(twice - whole / 4) < 2 * 86_400_000,
      `zoomed in twice: a quarter of the period (${twice})`,
    );
    assert.match((await bucket.locator('option[value="auto"]').textContent()) ?? '', /^Auto \(day\)$/);
    // Ctrl+wheel (a trackpad's pinch) zooms in further around the pointer; the URL follows when it settles.
    const box = (await page.getByTestId('timeline-chart').boundingBox()) as Box;
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    const before = new URL(page.url()).search;
    await page.keyboard.down('Control');
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await page.waitForFunction((s) => location.search !== s, before);
    assert.ok(spanOf(page.url()) < twice / 3, 'the wheel zoomed in');
    // A plain wheel is left to the page (it scrolls); Shift+wheel moves the view.
    const zoomed = new URL(page.url()).searchParams.get('from');
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, 400);
    await page.keyboard.up('Shift');
    await page.waitForFunction((f) => new URLSearchParams(location.search).get('from') !== f, zoomed);
    // Show all forgets the zoom.
    await page.getByTestId('timeline-zoom-fit').click();
    await page.waitForFunction(() => !location.search.includes('from='));
    // A bucket chosen by hand stays in the URL.
    await bucket.selectOption('month');
    await page.waitForURL(/bucket=month/);
    assert.equal((await page.locator('[data-testid="timeline-bars-private"]').count()) > 0, true);
  });

  void test('UI timeline - keyboard: arrows walk the bars, Shift selects a span, Enter opens the items', async () => {
    const { page } = shared;
    await show(page, '/timeline?bucket=day&from=2016-10-10&to=2016-10-16');
    const chart = page.getByTestId('timeline-chart');
    await chart.focus();
    // The cursor starts at the middle of the view (13 Oct) in the first lane's private half.
    await page.keyboard.press('ArrowLeft');
    const readout = page.getByTestId('timeline-readout');
    assert.equal(await readout.textContent(), 'WikiLeaks · private · 12 Oct 2016: 2 items');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.waitForURL(/sel=2016-10-12..2016-10-14/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await readout.textContent(), 'Donald Trump Jr. · public · 14 Oct 2016: 1 item');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?/);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'from:39344374 is:public date:2016-10-14');
    // Every echo arrow is a link in the tab order, named by its evidence.
    await show(page, '/timeline?bucket=day&from=2016-10-10&to=2016-10-16');
    assert.ok((await page.locator('a[data-testid="timeline-echo"][href^="/search?"]').count()) >= 4);
  });

  void test('UI timeline - Norwegian and a phone: the same lanes, nothing wider than the screen', async () => {
    const { context, page } = await open('nb-NO', 390);
    try {
      await show(page, '/timeline');
      assert.equal(await page.locator('h1').textContent(), 'Tidslinje');
      const legend = (await page.locator('.tl-legend').textContent()) ?? '';
      assert.match(legend, /Privat: e-post, DM-er, chat \(over linjen\)/);
      assert.match(legend, /Offentlige innlegg \(under linjen\)/);
      assert.equal(await page.getByTestId('timeline-lane').count(), 5);
      const wl = await lane(page, 'x:16589206');
      assert.match(
        wl.text,
        /^WikiLeaks @wikileaks11 private · 0 offentlige$/,
        'the counts on a row of their own',
      );
      const rows = await page.getByTestId('timeline-echo-latency').allTextContents();
      assert.ok(rows.includes('1 døgn 21 t 11 min senere'), rows.join(', '));
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, 'no sideways scrolling');
    } finally {
      await context.close();
    }
  });

  void test('UI timeline - the bars come first: echoes (which read every text) are asked for once they are drawn', async () => {
    const { context, page } = await open();
    try {
      const events: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/')) events.push(`start ${u.pathname}${u.search}`);
      });
      page.on('requestfinished', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/')) events.push(`end ${u.pathname}${u.search}`);
      });
      await show(page, '/timeline?q=wikileaks&bucket=day');
      const echoes = events.findIndex((e) => e.startsWith('start /api/echoes'));
      const bars = events.findIndex((e) => e.startsWith('end /api/timeline') && e.includes('bucket=day'));
      assert.ok(bars >= 0 && echoes > bars, events.join('\n'));
      assert.equal(events.filter((e) => e.startsWith('start /api/echoes')).length, 1, 'asked once');
      assert.ok(events.includes('start /api/timeline?q=wikileaks&bucket=month'), 'the overview');
    } finally {
      await context.close();
    }
  });

  void test('UI timeline - an empty answer and a bad query say so', async () => {
    const { page } = shared;
    await page.goto(`${seed.server.origin}/timeline?q=${encodeURIComponent('zzqxv-nothing')}`);
    await page.getByTestId('timeline-empty').waitFor();
    assert.equal(await page.getByTestId('timeline-chart').count(), 0);
    await page.goto(`${seed.server.origin}/timeline?q=${encodeURIComponent('"unclosed')}`);
    const notice = page.getByTestId('error-notice');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /unclosed quote/);
  });
});
