/**
 * Stars, tags and notes in a real browser (Debian's chromium through playwright-core) over the
 * real server and a store filled by the real readers from the seed scenario bundled in demo/
 * (people-server.ts): star, tag and note a DM on its item page, see the marks in the results,
 * tag every result of a search at once, filter by a tag. English and bokmål, and a phone's
 * width. Every request leaving the app's origin fails the suite, and so does any error in the
 * page's console. Screenshots go to $SHOTS (default /tmp/shots-annotations).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from './browser-watch.js';
import { parseQuery } from '../../src/query/index.js';
import { startPeopleCase, type PeopleCase } from './people-server.js';

const skip = chromiumSkip;
const SHOTS = process.env.SHOTS ?? '/tmp/shots-annotations';

void describe('UI annotations', { skip }, () => {
  let c: PeopleCase;
  let watch: BrowserWatch;

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(c.server.origin, c.server.url, { locale, width });
  const shot = (page: Page, name: string): Promise<void> => watch.shot(page, name);
  const ids = async (q: string): Promise<string[]> =>
    (await c.store.search(parseQuery(q), { sort: 'date-asc', offset: 0, limit: 100 })).items.map((i) => i.id);

  before(async () => {
    c = await startPeopleCase('seed');
    watch = await BrowserWatch.launch(SHOTS);
  });
  after(async () => {
    await watch?.close();
    await c?.close();
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.consoleErrors, [], 'errors in the browser console');
  });

  void test('UI annotations - star, tag and note a DM on its page; the results show the marks', async () => {
    const { context, page } = await open();
    const [dm] = await ids('from:wikileaks "tax returns"');
    assert.ok(dm);
    await page.goto(`${c.server.origin}/item/${dm}`);
    const marks = page.getByTestId('item-annotations');
    await marks.waitFor();
    const star = page.getByTestId('star-toggle');
    assert.equal(await star.getAttribute('aria-pressed'), 'false');
    assert.equal((await star.textContent())?.trim(), 'Star');
    await star.click();
    await page.waitForSelector('[data-testid="star-toggle"][aria-pressed="true"]');
    assert.equal((await star.textContent())?.trim(), 'Starred');

    await page.getByTestId('tag-add').click();
    const input = page.getByTestId('tag-input');
    await input.fill('two words');
    assert.equal(
      await input.getAttribute('aria-invalid'),
      'true',
      'a tag with a space is refused before sending',
    );
    await input.fill('Tax-Returns');
    await input.press('Enter');
    await page.getByTestId('tag-chip').waitFor();
    assert.deepEqual(await page.getByTestId('tag-chip').allTextContents(), ['#tax-returns']);

    await page.getByTestId('note-add').click();
    await page
      .getByTestId('note-input')
      .fill('First ask for the tax returns.\nCheck against the father’s post.');
    await page.getByTestId('note-save').click();
    await page.getByTestId('item-note').waitFor();
    assert.match(
      (await page.getByTestId('item-note').textContent()) ?? '',
      /First ask for the tax returns\./,
    );
    await shot(page, 'item-marked-en');

    const stored = await c.store.getAnnotations({ kind: 'item', key: dm });
    assert.deepEqual(
      [stored.tags.map((t) => t.tag), Boolean(stored.star), stored.note?.text],
      [['tax-returns'], true, 'First ask for the tax returns.\nCheck against the father’s post.'],
    );

    // Reloaded, the page shows what was stored.
    await page.reload();
    await page.waitForSelector('[data-testid="star-toggle"][aria-pressed="true"]');
    assert.deepEqual(await page.getByTestId('tag-chip').allTextContents(), ['#tax-returns']);

    // The chip is a search for the tag: the result row carries the tag and the star.
    await page.getByTestId('tag-chip').click();
    await page.waitForURL(/\/search\?q=tag%3Atax-returns/);
    await page.getByTestId('result-row').first().waitFor();
    const rows = page.getByTestId('result-row');
    assert.equal(await rows.count(), 1);
    assert.equal(await rows.first().getAttribute('data-item-id'), dm);
    assert.deepEqual(await rows.first().getByTestId('result-tags').allTextContents(), ['#tax-returns']);
    assert.equal(await rows.first().locator('svg[aria-label="Starred"]').count(), 1);
    assert.equal(await rows.first().locator('svg[aria-label="Has a note"]').count(), 1);
    await context.close();
  });

  void test('UI annotations - "Tag all 11 results" tags every match; the tag bar filters by it', async () => {
    const { context, page } = await open();
    await page.goto(`${c.server.origin}/search?q=${encodeURIComponent('from:wikileaks')}&sort=date`);
    await page.getByTestId('result-row').first().waitFor();
    const all = page.getByTestId('tag-all');
    assert.equal((await all.textContent())?.trim(), 'Tag all 11 results');
    await all.click();
    await page.getByTestId('tag-all-input').fill('wikileaks');
    await page.getByTestId('tag-all-apply').click();
    const status = page.getByTestId('tag-all-status');
    await status.waitFor();
    assert.equal((await status.textContent())?.trim(), '11 results tagged wikileaks (11 newly).');
    assert.deepEqual(await ids('tag:wikileaks'), await ids('from:wikileaks'));
    // The page is fetched again: every row shows the tag now.
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="result-tags"]').length === 11,
      undefined,
      { timeout: 5000 },
    );
    const filters = page.getByTestId('tag-filter');
    await page.waitForSelector('[data-testid="tag-filter"][data-tag="wikileaks"]');
    assert.deepEqual(await filters.allTextContents(), ['#tax-returns 1', '#wikileaks 11']);
    await shot(page, 'search-tagged-en');

    await page.locator('[data-testid="tag-filter"][data-tag="tax-returns"]').click();
    await page.waitForURL(/q=from%3Awikileaks\+tag%3Atax-returns/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result-row"]').length === 1);
    assert.equal(
      await page.locator('[data-testid="tag-filter"][data-tag="tax-returns"]').getAttribute('aria-pressed'),
      'true',
    );
    await context.close();
  });

  void test('UI annotations - in bokmål, and at a phone’s width', async () => {
    const { context, page } = await open('nb-NO');
    await page.goto(`${c.server.origin}/search?q=${encodeURIComponent('tag:wikileaks')}&sort=date`);
    await page.getByTestId('result-row').first().waitFor();
    assert.equal((await page.getByTestId('tag-all').textContent())?.trim(), 'Merk alle 11 treff');
    const [dm] = await ids('from:wikileaks "tax returns"');
    await page.goto(`${c.server.origin}/item/${dm}`);
    await page.waitForSelector('[data-testid="star-toggle"][aria-pressed="true"]');
    assert.equal((await page.getByTestId('star-toggle').textContent())?.trim(), 'Stjernemerket');
    assert.match((await page.getByTestId('item-note').textContent()) ?? '', /^Notat/);
    await shot(page, 'item-marked-nb');
    await context.close();

    const phone = await open('nb-NO', 390);
    await phone.page.goto(`${c.server.origin}/item/${dm}`);
    await phone.page.waitForSelector('[data-testid="star-toggle"][aria-pressed="true"]');
    await phone.page.getByTestId('tag-add').click();
    await shot(phone.page, 'item-phone-nb');
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the item page is ${wide} px wide at 390`);
    await phone.page.goto(`${c.server.origin}/search?q=${encodeURIComponent('from:wikileaks')}&sort=date`);
    await phone.page.getByTestId('result-row').first().waitFor();
    await phone.page.getByTestId('tag-all').click();
    await shot(phone.page, 'search-phone-nb');
    const wideSearch = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wideSearch <= 390, `the search page is ${wideSearch} px wide at 390`);
    await phone.context.close();
  });

  void test("UI annotations - a conversation's marks show on each of its messages", async () => {
    const [answer] = await ids('from:donaldjtrumpjr kind:message');
    assert.ok(answer);
    const conv = (await c.store.getItem(answer))?.conversationId;
    assert.ok(conv);
    await c.store.annotate({ kind: 'conversation', key: conv }, { addTags: ['dm-channel'], star: true });
    const { context, page } = await open();
    await page.goto(`${c.server.origin}/item/${answer}`);
    const marks = page.getByTestId('conversation-marks');
    await marks.waitFor();
    assert.equal((await marks.textContent())?.trim(), 'From the conversation:Starred#dm-channel');
    assert.equal(
      await page.getByTestId('star-toggle').getAttribute('aria-pressed'),
      'false',
      'its own star is apart',
    );
    await page.getByTestId('note-add').click();
    await page.getByTestId('note-input').fill('He answers only twice.');
    await shot(page, 'item-conversation-marks-en');
    await page.goto(`${c.server.origin}/search?q=${encodeURIComponent('tag:dm-channel')}&sort=date`);
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('result-row').count(), 13, 'every message of the conversation');
    await context.close();
  });
  void test('UI annotations - a search is saved and run again from the menu; a list of names is searched at once', async () => {
    const { context, page } = await open();
    await page.goto(`${c.server.origin}/search?q=${encodeURIComponent('from:wikileaks date:2016-10')}`);
    await page.getByTestId('result-row').first().waitFor();
    await page.getByTestId('save-search').click();
    await page.getByTestId('save-search-name').fill('WL in October');
    await page.getByTestId('save-search-name').press('Enter');
    await page.getByTestId('save-search-status').waitFor();
    assert.equal(
      (await page.getByTestId('save-search-status').textContent())?.trim(),
      'Saved as “WL in October”.',
    );
    assert.deepEqual(
      (await c.store.listSavedSearches()).map((x) => [x.name, x.query]),
      [['WL in October', 'from:wikileaks date:2016-10']],
    );
    await page.goto(`${c.server.origin}/`);
    await page.locator('[data-testid="saved-searches"] summary').click();
    await shot(page, 'saved-searches-en');
    await page.getByTestId('saved-search').click();
    await page.waitForURL(/q=from%3Awikileaks\+date%3A2016-10/);
    // The rows of the page before stay until the answer comes: wait for the new ones.
    const october = (await ids('from:wikileaks date:2016-10')).length;
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="result-row"]').length === n,
      october,
    );

    // "Search a list…" carries the query over as the filter.
    await page.getByTestId('search-list').click();
    await page.waitForURL(/\/batch\?filter=from%3Awikileaks\+date%3A2016-10/);
    assert.equal(await page.getByTestId('batch-filter').inputValue(), 'from:wikileaks date:2016-10');
    await page.getByTestId('batch-filter').fill('');
    await page
      .getByTestId('batch-terms')
      .fill('WikiLeaks\nRob Goldstone\n"tax returns"\nfrom:"open\nnobody at all\n');
    await page.getByTestId('batch-run').click();
    await page.getByTestId('batch-table').waitFor();
    const rows = page.getByTestId('batch-row');
    assert.equal(await rows.count(), 5);
    const hits = await page.getByTestId('batch-hits').allTextContents();
    const expected = [];
    for (const q of ['WikiLeaks', 'Rob Goldstone', '"tax returns"'])
      expected.push(String((await ids(q)).length));
    assert.deepEqual(hits, [...expected, '–', '0']);
    assert.match(
      (await page.getByTestId('batch-summary').textContent()) ?? '',
      /5 terms · 3 find something · 1 could not be searched/,
    );
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('batch-csv').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'innsyn-batch.csv');
    await page.getByTestId('batch-order').selectOption('hits');
    await shot(page, 'batch-en');
    await context.close();

    const phone = await open('nb-NO', 390);
    await phone.page.goto(`${c.server.origin}/batch?filter=date%3A2016`);
    await phone.page.getByTestId('batch-terms').fill('WikiLeaks\nRob Goldstone\n"tax returns"\n');
    await phone.page.getByTestId('batch-run').click();
    await phone.page.getByTestId('batch-table').waitFor();
    assert.match(
      (await phone.page.getByTestId('batch-summary').textContent()) ?? '',
      /^3 linjer · 3 gir treff/,
    );
    await shot(phone.page, 'batch-phone-nb');
    const wide = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the batch page is ${wide} px wide at 390`);
    // A filter that is not a query: said in Norwegian (the 400 is the browser's one console line).
    const logged = watch.consoleErrors.length;
    await phone.page.getByTestId('batch-filter').fill('from:');
    await phone.page.getByTestId('batch-run').click();
    assert.equal(
      await phone.page.getByTestId('batch-error').textContent(),
      'ingenting etter «from:»; skriv en verdi, f.eks. from:ord',
    );
    assert.deepEqual(watch.consoleErrors.splice(logged), [
      'Failed to load resource: the server responded with a status of 400 (Bad Request)',
    ]);
    // Lines that are not queries: each row says why in Norwegian too.
    await phone.page.getByTestId('batch-filter').fill('');
    await phone.page.getByTestId('batch-terms').fill('WikiLeaks\nfrom:"x\n--\n');
    await phone.page.getByTestId('batch-run').click();
    await phone.page.getByTestId('batch-row-error').nth(1).waitFor();
    assert.deepEqual(await phone.page.getByTestId('batch-row-error').allTextContents(), [
      'anførselstegnet her lukkes aldri',
      'ingenting å søke etter (ingen bokstaver eller sifre)',
    ]);
    await phone.page.goto(`${c.server.origin}/`);
    await phone.page.locator('[data-testid="saved-searches"] summary').click();
    await shot(phone.page, 'saved-searches-phone-nb');
    const wideMenu = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wideMenu <= 390, `the search page with the menu open is ${wideMenu} px wide at 390`);
    await phone.context.close();
  });
});
