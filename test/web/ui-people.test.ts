/**
 * The people list, person, pair and network pages in a real browser (Debian's chromium through
 * playwright-core) over the real server and a store filled by the real readers from the seed
 * scenario bundled in demo/ (people-server.ts). What a reporter must read off them is
 * EXPECTED.md point 1: 11 messages one way and 2 the other, two answers after 11 h 51 min and
 * 1 h 15 min, and the requests left unanswered (tax returns, not conceding, the ambassador, the
 * emails about the meeting). Every request leaving the app's origin fails the suite, and so
 * does any error in the page's console (a Content-Security-Policy refusal included).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { parseQuery } from '../../src/query/index.js';
import { startPeopleCase, type PeopleCase } from './people-server.js';

const skip = chromiumSkip;

const WIKILEAKS = 'x:16589206';
const DON_X = 'x:39344374';

/** What page.evaluate sees of cytoscape: the instance it registers on its container. */
interface CyEdge {
  source(): { data(k: string): unknown };
  target(): { data(k: string): unknown };
  renderedMidpoint(): { x: number; y: number };
}
interface CyNode {
  data(k: string): unknown;
  renderedPosition(): { x: number; y: number };
  hasClass(c: string): boolean;
  boundingBox(o: { includeNodes: boolean; includeEdges: boolean; includeLabels: boolean }): {
    x1: number;
    y1: number;
    x2: number;
    y2: number;
  };
}
interface CyHost {
  getBoundingClientRect(): { left: number; top: number };
  _cyreg?: { cy?: { nodes(): CyNode[]; edges(): CyEdge[]; style(): { length: number }; zoom(): number } };
}
interface Doc {
  querySelector(s: string): CyHost | null;
}

void describe('UI people', { skip }, () => {
  let c: PeopleCase;
  let watch: BrowserWatch;
  let shared: OpenPage;
  const assets: string[] = [];

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(c.server.origin, c.server.url, {
      locale,
      width,
      height: 800,
      beforeLoad: (page) =>
        page.on('request', (r) => {
          const u = new URL(r.url());
          if (u.pathname.startsWith('/assets/')) assets.push(`${width}:${u.pathname}`);
        }),
    });

  async function firstId(q: string): Promise<string> {
    const r = await c.store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 1 });
    assert.ok(r.items[0], `nothing matches ${q}`);
    return r.items[0].id;
  }

  before(async () => {
    c = await startPeopleCase('seed');
    watch = await BrowserWatch.launch();
    shared = await open();
  });
  after(async () => {
    await shared?.context.close();
    await watch?.close();
    await c?.close();
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.consoleErrors, [], 'errors in the browser console');
  });

  void test('UI people - the pair @wikileaks / @DonaldJTrumpJr: 11 and 2, two answers, the unanswered requests', async () => {
    const { page } = shared;
    await page.goto(`${c.server.origin}/pair?a=%40wikileaks&b=%40DonaldJTrumpJr`);
    await page.getByTestId('pair-directions').waitFor();
    assert.equal(await page.getByTestId('pair-title').textContent(), 'WikiLeaks and Donald Trump Jr.');
    assert.equal(await page.getByTestId('pair-head-a').textContent(), 'WikiLeaks → Donald Trump Jr.');
    assert.equal(await page.getByTestId('pair-messages-a').textContent(), '11');
    assert.equal(await page.getByTestId('pair-messages-b').textContent(), '2');
    assert.equal(await page.getByTestId('pair-answered-a').textContent(), '2 of 7 (29 %)');
    assert.equal(await page.getByTestId('pair-min-a').textContent(), '1 hour 15 minutes');
    assert.equal(await page.getByTestId('pair-p90-a').textContent(), '11 hours 51 minutes');
    assert.equal(await page.getByTestId('pair-median-b').textContent(), 'never answered');

    // The two answers, each with its latency and links to the message and the answer.
    const replies = page.locator('[data-testid="pair-replies-a"] [data-testid="pair-reply"]');
    assert.deepEqual(await replies.evaluateAll((els) => els.map((e) => e.getAttribute('data-seconds'))), [
      String(11 * 3600 + 51 * 60),
      String(3600 + 15 * 60),
    ]);
    const replyText = await replies.allTextContents();
    assert.match(replyText[0] ?? '', /21 Sept 2016, 03:59.*21 Sept 2016, 15:50after 11 hours 51 minutes/);
    assert.match(replyText[1] ?? '', /3 Oct 2016, 14:20.*3 Oct 2016, 15:35after 1 hour 15 minutes/);
    assert.equal(await page.locator('[data-testid="pair-replies-b"] [data-testid="pair-reply"]').count(), 0);

    // Messages over time add up to the counts; the latency histogram has one answer under
    // 6 hours and one under a day.
    await page.getByTestId('pair-time').waitFor();
    assert.equal(await page.getByTestId('pair-time-total-a').textContent(), '11');
    assert.equal(await page.getByTestId('pair-time-total-b').textContent(), '2');
    const buckets = await page
      .getByTestId('latency-bucket')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-a')}/${e.getAttribute('data-b')}`));
    assert.deepEqual(buckets, ['0/0', '0/0', '0/0', '1/0', '1/0', '0/0', '0/0']);

    // The requests left unanswered, each with its date, sender, text and a link to the item.
    const rows = page.getByTestId('unanswered-row');
    const texts = await rows.allTextContents();
    const tax = await firstId('from:wikileaks tax');
    const taxRow = page.locator(`[data-testid="unanswered-row"][data-id="${tax}"]`);
    assert.equal(await taxRow.count(), 1, texts.join('\n'));
    assert.match((await taxRow.textContent()) ?? '', /^21 Oct 2016, 09:10WikiLeaksrequest.*tax returns/);
    assert.equal(await taxRow.getByTestId('unanswered-date').getAttribute('href'), `/item/${tax}`);
    for (const [day, words] of [
      ['8 Nov 2016', /concede/],
      ['16 Dec 2016', /ambassador/],
      ['11 Jul 2017', /send us the emails/],
    ] as const) {
      assert.ok(
        texts.some((t) => t.startsWith(day) && words.test(t)),
        `an unanswered request of ${day}: ${texts.join('\n')}`,
      );
    }
    assert.ok(
      (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-request')))).every(
        (r) => r === 'true',
      ),
      'only requests until asked for the rest',
    );
    const requests = await rows.count();
    await page.getByTestId('pair-show-all-unanswered').check();
    assert.ok((await rows.count()) > requests, 'the unanswered messages that ask nothing are there too');

    // The conversation search names both persons.
    const search = await page.getByTestId('pair-search').getAttribute('href');
    assert.equal(
      search,
      `/search?${new URLSearchParams({ q: 'is:private participant:16589206 participant:39344374', sort: 'date-asc' }).toString()}`,
    );

    // A click on the request opens its item.
    await taxRow.getByTestId('unanswered-date').click();
    await page.getByTestId('item-page').waitFor();
    assert.equal(new URL(page.url()).pathname, `/item/${tax}`);
  });

  void test('UI people - the pair page in bokmål writes the latencies in Norwegian', async () => {
    const { context, page } = await open('nb-NO');
    try {
      await page.goto(
        `${c.server.origin}/pair?a=${encodeURIComponent(DON_X)}&b=${encodeURIComponent(WIKILEAKS)}`,
      );
      await page.getByTestId('pair-directions').waitFor();
      // The URL's a is the left side: here the son.
      assert.equal(await page.getByTestId('pair-head-a').textContent(), 'Donald Trump Jr. → WikiLeaks');
      assert.equal(await page.getByTestId('pair-messages-a').textContent(), '2');
      assert.equal(await page.getByTestId('pair-min-b').textContent(), '1 time 15 minutter');
      const replies = await page
        .locator('[data-testid="pair-replies-b"] [data-testid="pair-reply"]')
        .allTextContents();
      assert.match(replies[0] ?? '', /etter 11 timer 51 minutter$/);
      assert.match((await page.locator('#pp-unanswered').textContent()) ?? '', /^Ubesvarte forespørsler/);
    } finally {
      await context.close();
    }
  });

  void test('UI people - the network shows the persons; a click on a line opens the pair, on a circle the person', async () => {
    const { page } = shared;
    const before = assets.length;
    await page.goto(`${c.server.origin}/network`);
    const graph = page.locator('[data-testid="network-graph"][data-state="ready"]');
    await graph.waitFor();
    assert.ok(
      assets.slice(before).some((a) => /cytoscape/.test(a)),
      'cytoscape is loaded when the graph is drawn',
    );
    const keys = await page.evaluate(() => {
      const host = (globalThis as unknown as { document: Doc }).document.querySelector(
        '[data-testid="network-graph"]',
      );
      return (host?._cyreg?.cy?.nodes() ?? []).map((n) => String(n.data('key')));
    });
    for (const k of [WIKILEAKS, DON_X, 'email:djtjr@example.org', 'email:rob.goldstone@example.net']) {
      assert.ok(keys.includes(k), `${k} in ${keys.join(', ')}`);
    }
    assert.equal(await page.getByTestId('network-counts').textContent(), '7 of 7 people, 6 of 6 lines');
    // The names written (network-logic.ts placeLabels): none printed over another.
    const names = await page.evaluate(() => {
      const host = (globalThis as unknown as { document: Doc }).document.querySelector(
        '[data-testid="network-graph"]',
      );
      return (host?._cyreg?.cy?.nodes() ?? [])
        .filter((n) => !n.hasClass('minor'))
        .map((n) => ({
          key: String(n.data('key')),
          box: n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
        }));
    });
    assert.ok(names.length >= 4, `${names.length} names written`);
    assert.ok(names.some((n) => n.key === WIKILEAKS));
    for (const a of names)
      for (const b of names)
        if (a !== b)
          assert.ok(
            !(a.box.x1 < b.box.x2 && b.box.x1 < a.box.x2 && a.box.y1 < b.box.y2 && b.box.y1 < a.box.y2),
            `the names of ${a.key} and ${b.key} overlap`,
          );
    // Zooming gives the style again for the new zoom; it does not add rules at every step.
    const sheet = () =>
      page.evaluate(() => {
        const cy = (globalThis as unknown as { document: Doc }).document.querySelector(
          '[data-testid="network-graph"]',
        )?._cyreg?.cy;
        return { rules: cy?.style().length ?? -1, zoom: cy?.zoom() ?? -1 };
      });
    const unzoomed = await sheet();
    const area = await page.getByTestId('network-graph').boundingBox();
    assert.ok(area);
    await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
    for (let i = 0; i < 5; i++) {
      await page.mouse.wheel(0, -100);
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(200);
    const zoomed = await sheet();
    assert.ok(zoomed.zoom > unzoomed.zoom, `zoomed in: ${unzoomed.zoom} → ${zoomed.zoom}`);
    assert.equal(zoomed.rules, unzoomed.rules, 'as many style rules after zooming as before');

    const at = (what: 'edge' | 'node') =>
      page.evaluate(
        ([kind, a, b]) => {
          const host = (globalThis as unknown as { document: Doc }).document.querySelector(
            '[data-testid="network-graph"]',
          );
          const cy = host?._cyreg?.cy;
          if (!host || !cy) return null;
          const r = host.getBoundingClientRect();
          if (kind === 'node') {
            const n = cy.nodes().find((x) => x.data('key') === a);
            const p = n?.renderedPosition();
            return p ? { x: r.left + p.x, y: r.top + p.y } : null;
          }
          const e = cy.edges().find((x) => x.source().data('key') === a && x.target().data('key') === b);
          const p = e?.renderedMidpoint();
          return p ? { x: r.left + p.x, y: r.top + p.y } : null;
        },
        [what, WIKILEAKS, DON_X] as const,
      );
    const mid = await at('edge');
    assert.ok(mid, 'the line WikiLeaks → Donald Trump Jr. is drawn');
    await page.mouse.move(mid.x, mid.y);
    await page.getByTestId('network-info').filter({ hasText: 'WikiLeaks →' }).waitFor();
    assert.match(
      (await page.getByTestId('network-info').textContent()) ?? '',
      /^WikiLeaks → Donald Trump Jr\. \(x\): 11 messages \(11 private, 0 public, 0 mentions\)$/,
    );
    await page.mouse.click(mid.x, mid.y);
    await page.getByTestId('pair-directions').waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/pair');
    assert.deepEqual([url.searchParams.get('a'), url.searchParams.get('b')], [WIKILEAKS, DON_X]);
    assert.equal(await page.getByTestId('pair-messages-a').textContent(), '11');

    await page.goBack();
    await graph.waitFor();
    const node = await at('node');
    assert.ok(node);
    await page.mouse.click(node.x, node.y);
    await page.getByTestId('person-page').waitFor();
    assert.equal(await page.getByTestId('person-page').getAttribute('data-key'), WIKILEAKS);
  });

  void test('UI people - the network filters by query and weight, and has a table with the same', async () => {
    const { page } = shared;
    await page.goto(`${c.server.origin}/network`);
    await page.getByTestId('network-q').fill('kind:email');
    await page.getByTestId('network-apply').click();
    await page.getByTestId('network-counts').filter({ hasText: '4 of 4 people' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), 'kind:email');
    await page.getByTestId('network-view-table').click();
    await page.getByTestId('network-tables').waitFor();
    const nodes = await page
      .getByTestId('network-node-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    assert.deepEqual(nodes, [
      'email:djtjr@example.org',
      'email:rob.goldstone@example.net',
      'email:jared@example.org',
      'email:paul.manafort@example.com',
    ]);
    // At least 2 messages: the forward's two recipients drop out.
    await page.getByTestId('network-min').fill('2');
    await page.getByTestId('network-counts').filter({ hasText: '2 of 4 people, 2 of 4 lines' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('min'), '2');
    const edges = await page.getByTestId('network-edge-row').allTextContents();
    assert.equal(edges.length, 2);
    assert.match(edges[0] ?? '', /^Rob GoldstoneDonald Trump Jr\.3300Pair$/);
    // The pair link of a row keeps the query.
    await page
      .getByTestId('network-edge-row')
      .first()
      .getByRole('link', { name: /The pair/ })
      .click();
    await page.getByTestId('pair-query').waitFor();
    assert.equal(await page.getByTestId('pair-messages-a').textContent(), '3');
  });

  void test('UI people - the person page of @wikileaks: identity, volume, top correspondent, replies', async () => {
    const { page } = shared;
    await page.goto(`${c.server.origin}/person?key=%40wikileaks`);
    await page.getByTestId('correspondent-row').first().waitFor();
    assert.equal(await page.getByTestId('person-name').textContent(), 'WikiLeaks');
    assert.equal(await page.getByTestId('person-counts').textContent(), '13 items: 11 sent, 2 received');
    const identity = page.locator(`[data-testid="identity-row"][data-key="${WIKILEAKS}"]`);
    assert.deepEqual(await identity.locator('td').allTextContents(), [
      'X',
      '@wikileaksx:16589206',
      'WikiLeaks 13',
      '11',
      '2',
      '21 Sept 2016 – 11 Jul 2017',
    ]);
    assert.equal(await page.getByTestId('person-why').textContent(), 'One identity: nothing is joined.');
    await page.getByTestId('person-volume').waitFor();
    assert.equal(await page.getByTestId('person-volume-total-a').textContent(), '11');
    assert.equal(await page.getByTestId('person-volume-total-b').textContent(), '2');
    const top = page.getByTestId('correspondent-row');
    assert.equal(await top.count(), 1);
    assert.equal(await top.getAttribute('data-key'), DON_X);
    assert.match((await top.textContent()) ?? '', /^Donald Trump Jr\.11213/);
    assert.equal(
      await page.getByTestId('reply-row').textContent(),
      'Donald Trump Jr.0 of 2 (0 %)never answered2 of 7 (29 %)6 hours 33 minutes',
    );
    assert.equal(
      await page.getByTestId('person-search').getAttribute('href'),
      '/search?q=participant%3A16589206',
    );
    await page.getByTestId('correspondent-pair').click();
    await page.getByTestId('pair-directions').waitFor();
    assert.equal(await page.getByTestId('pair-messages-a').textContent(), '11');
    await page.goBack();
    await page.getByTestId('person-network').click();
    await page.locator('[data-testid="network-graph"][data-state="ready"]').waitFor();
    assert.equal(await page.getByTestId('network-counts').textContent(), '2 of 2 people, 2 of 2 lines');
  });

  void test('UI people - the people list filters, pages and links to each person', async () => {
    const { page } = shared;
    await page.goto(`${c.server.origin}/person`);
    await page.getByTestId('people-row').first().waitFor();
    assert.equal(await page.getByTestId('people-count').textContent(), '7 persons');
    const keys = await page
      .getByTestId('people-row')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
    assert.deepEqual(keys.slice(0, 2), [DON_X, WIKILEAKS], 'most items first');
    await page.getByTestId('people-q').fill('goldst');
    await page.getByTestId('people-count').filter({ hasText: '1 person' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('q'), 'goldst');
    await page.getByTestId('people-row').getByRole('link').click();
    await page.getByTestId('person-page').waitFor();
    assert.equal(
      await page.getByTestId('person-page').getAttribute('data-key'),
      'email:rob.goldstone@example.net',
    );
  });

  void test('UI people - on a phone the network is a table and cytoscape is never loaded', async () => {
    const { context, page } = await open('en-GB', 390);
    try {
      await page.goto(`${c.server.origin}/network`);
      await page.getByTestId('network-tables').waitFor();
      assert.equal(await page.getByTestId('network-graph').count(), 0);
      assert.equal(await page.getByTestId('network-edge-row').count(), 6);
      assert.deepEqual(
        assets.filter((a) => a.startsWith('390:') && /cytoscape/.test(a)),
        [],
        'the graph library stays unloaded',
      );
      // Nothing wider than the phone: the tables are cards.
      const wide = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
      assert.ok(wide <= 390, `the page is ${wide} px wide`);
    } finally {
      await context.close();
    }
  });
});
