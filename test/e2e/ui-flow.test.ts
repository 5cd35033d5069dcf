import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parseQuery } from '../../src/query/index.js';
import { CHROMIUM, CHROMIUM_ARGS, browserSkipReason, startE2eCase, type E2eCase } from './e2e-server.js';

const skip = browserSkipReason();
if (skip) console.log(`# e2e UI flow skipped: ${skip}`);

void describe('E2E - the UI over the real server', { skip: skip ?? false }, () => {
  let c: E2eCase;
  let browser: Browser;
  let page: Page;
  before(async () => {
    c = await startE2eCase();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage();
  });
  after(async () => {
    await browser?.close();
    await c?.close();
  });

  void test('E2E - search, narrow by a facet, open an item, its thread and its raw source', async () => {
    // The printed URL: the token becomes a cookie and leaves the address bar.
    await page.goto(c.server.url);
    assert.equal(new URL(page.url()).searchParams.get('token'), null);
    await page.getByTestId('search-input').fill('russia');
    await page.getByTestId('search-input').press('Enter');
    const rows = page.getByTestId('result-row');
    await waitForCount(page, '[data-testid="result-row"]', 6);

    const fromDon = page.locator(
      '[data-testid="facet-from"] [data-testid="facet-bucket"][data-value="from:djtjr@example.org"]',
    );
    assert.equal(await fromDon.count(), 1, 'a from: bucket for Donald Trump Jr.');
    await fromDon.click();
    await waitForCount(page, '[data-testid="result-row"]', 3);
    const expected = await c.store.search(parseQuery('russia from:djtjr@example.org'), {
      limit: 10,
      offset: 0,
      sort: 'relevance',
    });
    assert.equal(expected.total, 3);
    const shown = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')));
    assert.deepEqual(new Set(shown), new Set(expected.items.map((i) => i.id)));

    const id = shown[0] as string;
    await rows.first().click();
    await page.getByTestId('item-page').waitFor();
    assert.equal(new URL(page.url()).pathname, `/item/${id}`);
    await waitForCount(page, '[data-testid="thread-tree"] [data-testid="thread-node"]', 6);
    const current = page.locator('[data-testid="thread-node"][data-current="true"]');
    assert.equal(await current.count(), 1, 'exactly one node is marked current');
    assert.equal(await current.getAttribute('data-item-id'), id);

    await page.getByTestId('tab-raw').click();
    const raw = page.getByTestId('raw-text');
    await raw.waitFor();
    const text = await raw.innerText();
    const bytes = Buffer.from((await c.store.getRaw(id)) as Uint8Array).toString('utf8');
    assert.match(text, /^Message-ID: </m);
    assert.ok(text.includes(bytes.split('\n')[0]?.trim() ?? '\u0000'), 'the raw view shows the stored bytes');
  });

  void test('E2E - the folder facet counts the folders and labels of the results; a bucket narrows to its folder', async () => {
    const first = (await c.store.search(parseQuery('russia'), { limit: 1, offset: 0, sort: 'date' }))
      .items[0];
    const item = await c.store.getItem(first?.id ?? '');
    assert.ok(item);
    // The same mail found again in a Google Takeout mbox, labelled there.
    const copy = {
      ...item,
      location: { ...item.location, path: '/takeout/All mail.mbox', labels: ['Leaked'] },
    };
    await c.store.writeBatch({ items: [{ item: copy, raw: new TextEncoder().encode('x') }], quarantine: [] });
    await page.goto(`${new URL(c.server.url).origin}/search?q=russia`);
    await waitForCount(page, '[data-testid="result-row"]', 6);
    const buckets = page.locator('[data-testid="facet-folder"] [data-testid="facet-bucket"]');
    const values = await buckets.evaluateAll((els) =>
      els.map((e) => [e.getAttribute('data-value'), e.querySelector('.bucket-label')?.textContent]),
    );
    assert.deepEqual(values, [
      // The shortest query that finds the folder, not where the files sat on this machine.
      ['folder:DonaldJTrumpJr-mail', 'DonaldJTrumpJr-mail'],
      ['folder:"All mail"', 'All mail'],
      ['folder:Leaked', 'Leaked'],
    ]);
    await buckets.nth(2).click();
    await waitForCount(page, '[data-testid="result-row"]', 1);
    assert.equal(new URL(page.url()).searchParams.get('q'), 'russia folder:Leaked');
    assert.equal(await page.getByTestId('result-row').first().getAttribute('data-item-id'), item.id);
  });

  void test("E2E - facets name languages, platforms and kinds in the reader's language, not by their codes", async () => {
    const labels = async (lang: string): Promise<string[][]> => {
      const context = await browser.newContext({ locale: lang });
      try {
        const p = await context.newPage();
        await p.goto(c.server.url);
        await p.goto(`${new URL(c.server.url).origin}/search?q=${encodeURIComponent('russia')}`);
        await waitForCount(p, '[data-testid="result-row"]', 6);
        const facet = (name: string) =>
          p
            .locator(`[data-testid="facet-${name}"] [data-testid="facet-bucket"] .bucket-label`)
            .allTextContents();
        return [await facet('lang'), await facet('platform'), await facet('kind')];
      } finally {
        await context.close();
      }
    };
    assert.deepEqual(await labels('en-GB'), [['English'], ['Email'], ['Email']]);
    assert.deepEqual(await labels('nb-NO'), [['Engelsk'], ['E-post'], ['E-post']]);
  });
});

/** Waits until `selector` matches exactly `n` elements (a wrong count fails after the timeout). */
async function waitForCount(page: Page, selector: string, n: number): Promise<void> {
  try {
    await page.waitForFunction(
      ([s, k]) =>
        (
          globalThis as unknown as { document: { querySelectorAll(q: string): { length: number } } }
        ).document.querySelectorAll(s as string).length === k,
      [selector, n] as const,
      { timeout: 10_000 },
    );
  } catch {
    assert.equal(await page.locator(selector).count(), n, `${selector} count`);
  }
}
