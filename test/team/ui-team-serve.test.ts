/**
 * The whole app in team mode in a real browser (Debian's chromium through playwright-core): the
 * built UI served by the front app of src/api/team-server.ts over two collections of a real
 * PostgreSQL server. Log in, choose a collection, search, open an item, switch collections,
 * and the admin page for an admin. Every request that leaves the server's origin fails the
 * suite. Screenshots go to $INNSYN_SHOTS (default: a temporary folder, printed).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from '../web/browser-watch.js';
import type { RunningTeamServer } from '../../src/api/team-server.js';
import type { TeamStore } from '../../src/team/index.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { buildUi } from '../web/build-ui.js';
import { seedCollection, type Seed } from './collection-seed.js';
import { CLI_ACTOR, freshTeam, startLoopbackTeam } from './team-fixture.js';

const PASSWORD = 'a long enough password';

const started = chromiumSkip === false ? await startPgCluster() : null;
const skip = started === null ? chromiumSkip : 'skip' in started ? started.skip : false;

void describe('UI team mode', { skip }, () => {
  const cluster = started !== null && 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dir = '';
  let team: TeamStore;
  let server: RunningTeamServer;
  let watch: BrowserWatch;
  let alpha: Seed;
  let beta: Seed;
  const logged: string[] = [];
  const shots = process.env.INNSYN_SHOTS ?? path.join(tmpdir(), 'innsyn-team-serve-shots');
  mkdirSync(shots, { recursive: true });

  const open = (locale = 'en-GB', width = 1280, at = '/'): Promise<OpenPage> =>
    watch.open(server.url, new URL(at, server.url).href, { locale, width });

  async function logIn(page: Page, name: string): Promise<void> {
    await page.getByTestId('login-name').fill(name);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-team-serve-'));
    const ui = path.join(dir, 'ui');
    await buildUi(ui);
    let url: string;
    ({ url, team } = await freshTeam(cluster));
    await team.ensureCollection('alpha', CLI_ACTOR);
    await team.ensureCollection('beta', CLI_ACTOR);
    await team.addUser('boss', PASSWORD, { admin: true }, CLI_ACTOR);
    await team.addUser('rita', PASSWORD, {}, CLI_ACTOR);
    await team.addUser('bea', PASSWORD, {}, CLI_ACTOR);
    await team.grant('rita', 'alpha', 'reader', CLI_ACTOR);
    await team.grant('rita', 'beta', 'editor', CLI_ACTOR);
    await team.grant('bea', 'beta', 'reader', CLI_ACTOR);
    alpha = await seedCollection(url, 'alpha', dir, 'aurora', 'anna@alpha.example');
    beta = await seedCollection(url, 'beta', dir, 'zephyrine', 'bjorn@beta.example');
    server = await startLoopbackTeam(url, team, ui, logged);
    watch = await BrowserWatch.launch();
  });

  after(async () => {
    await watch?.close();
    await server?.close();
    await team?.close();
    cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    process.stdout.write(`# screenshots: ${shots}\n`);
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.pageErrors, [], 'a script error in the page');
    assert.deepEqual(logged, [], 'the server logged a failure');
  });

  void test('UI team mode - log in, choose a collection, search, open an item, switch collections', async () => {
    const { context, page } = await open();
    await page.getByTestId('login-page').waitFor();
    await page.screenshot({ path: path.join(shots, 'serve-login-en.png') });
    await logIn(page, 'rita');
    await page.getByTestId('collection-chooser').waitFor();
    assert.equal(await page.title(), 'Choose a collection – innsyn');
    assert.match((await page.getByTestId('account-menu').textContent()) ?? '', /rita/);
    await page.screenshot({ path: path.join(shots, 'serve-choose-en.png') });
    await page.getByTestId('collection-alpha').click();
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('collection-select').inputValue(), 'alpha');
    assert.equal(await page.getByTestId('result-row').count(), 2);

    await page.getByTestId('search-input').fill('pipeline');
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL((u) => u.search.includes('q=pipeline'));
    await page.getByTestId('result-row').first().waitFor();
    const ids = await page
      .getByTestId('result-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item-id')));
    assert.deepEqual([...ids].sort(), [...alpha.ids].sort());
    await page.screenshot({ path: path.join(shots, 'serve-search-en.png'), fullPage: true });
    // The header's controls fit the window, the account menu last.
    for (const width of [1280, 1024]) {
      await page.setViewportSize({ width, height: 860 });
      const right = await page.getByTestId('account-logout').evaluate((b) => b.getBoundingClientRect().right);
      assert.ok(right <= width, `the Log out button ends at ${right} of ${width}`);
      // Charts take their width from a ResizeObserver, a frame or more after the resize: wait
      // for the page to settle (a page that never fits fails here with its width in the message).
      const fits = await page
        .waitForFunction((w) => document.documentElement.scrollWidth === w, width, { timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(fits, `the page is ${scroll} px wide in a ${width} px window`);
    }
    await page.screenshot({ path: path.join(shots, 'serve-search-en-1024.png') });
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByTestId('result-row').first().click();
    await page.getByTestId('item-text').waitFor();
    assert.match((await page.getByTestId('item-text').textContent()) ?? '', /aurora/);
    // The downloads the browser follows by itself name the collection.
    const href = (await page.getByTestId('attachment-link').first().getAttribute('href')) ?? '';
    assert.match(href, /^\/attachment\/[0-9a-f]{64}\?item=[0-9a-f]{32}&index=0&c=alpha$/);
    const fetched = await page.evaluate(async (h) => {
      const r = await fetch(h);
      return { status: r.status, text: await r.text() };
    }, href);
    assert.equal(fetched.status, 200);
    assert.match(fetched.text, /Attached notes about aurora/);
    await page.screenshot({ path: path.join(shots, 'serve-item-en.png'), fullPage: true });

    // Another collection: the same search finds beta's items, never alpha's, not even for a
    // moment while beta's answer loads (the tab's caches are alpha's: they are forgotten).
    const rowIds = (): Promise<Array<string | null>> =>
      page.getByTestId('result-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-item-id')));
    await page.evaluate((alphaIds) => {
      const w = window as unknown as { alphaSeen: string[] };
      w.alphaSeen = [];
      new MutationObserver(() => {
        for (const r of Array.from(document.querySelectorAll('[data-testid="result-row"]'))) {
          const id = r.getAttribute('data-item-id') ?? '';
          if (alphaIds.includes(id)) w.alphaSeen.push(id);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }, alpha.ids);
    await page.getByTestId('collection-select').selectOption('beta');
    await page.getByTestId('result-row').first().waitFor();
    assert.deepEqual((await rowIds()).sort(), [...beta.ids].sort());
    await page.getByTestId('search-input').fill('pipeline');
    await page.getByTestId('search-input').press('Enter');
    await page.waitForURL((u) => u.search.includes('q=pipeline'));
    await page.getByTestId('result-row').first().waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="search-page"]')?.getAttribute('aria-busy') === 'false',
    );
    assert.deepEqual((await rowIds()).sort(), [...beta.ids].sort());
    assert.deepEqual(await page.evaluate(() => (window as unknown as { alphaSeen: string[] }).alphaSeen), []);

    // The collection is the tab's: a reload keeps it.
    await page.reload();
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('collection-select').inputValue(), 'beta');
    const audit = await team.listAudit({ user: 'rita', action: 'search', collection: 'beta' });
    assert.ok(audit.entries.some((e) => e.detail.query === 'pipeline'));

    // A session that ends under the reader's feet (here: the cookie gone) shows the login page
    // at the next request, saying why; logging in again returns to the same collection.
    await context.clearCookies();
    await page.getByTestId('search-input').fill('leaking');
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('login-page').waitFor();
    assert.equal(await page.locator('.login-intro').textContent(), 'Your session has ended. Log in again.');
    await logIn(page, 'rita');
    await page.getByTestId('result-row').first().waitFor();
    assert.equal(await page.getByTestId('collection-select').inputValue(), 'beta');

    // Logging out shows the login page again.
    await page.getByTestId('account-logout').click();
    await page.getByTestId('login-page').waitFor();
    await context.close();
  });

  void test('UI team mode - Norwegian at phone width, and a link with ?c= opens that collection', async () => {
    const { context, page } = await open('nb-NO', 390, `/item/${beta.ids[0]}?c=beta`);
    await page.getByTestId('login-page').waitFor();
    await page.screenshot({ path: path.join(shots, 'serve-login-nb-390.png') });
    await logIn(page, 'bea');
    await page.getByTestId('item-text').waitFor();
    assert.match((await page.getByTestId('item-text').textContent()) ?? '', /zephyrine/);
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await page.getByTestId('collection-select').inputValue(), 'beta');
    await page.screenshot({ path: path.join(shots, 'serve-item-nb-390.png'), fullPage: true });
    // bea may not open alpha: the chooser offers beta only, and alpha's item is not found.
    await page.goto(new URL(`/item/${alpha.ids[0]}?c=alpha`, server.url).href);
    await page.getByTestId('collection-chooser').waitFor();
    assert.equal(await page.getByTestId('collection-alpha').count(), 0);
    await page.screenshot({ path: path.join(shots, 'serve-choose-nb-390.png'), fullPage: true });
    await context.close();
  });

  void test('UI team mode - an admin sees every collection and the admin page', async () => {
    const { context, page } = await open('en-GB', 1280, '/admin');
    await logIn(page, 'boss');
    await page.getByTestId('admin-users').waitFor();
    const rows = await page.getByTestId('admin-user').allTextContents();
    assert.equal(rows.length, 3);
    await page.screenshot({ path: path.join(shots, 'serve-admin-en.png'), fullPage: true });
    const box = await page.getByTestId('search-input').evaluate((b) => b.getBoundingClientRect().width);
    assert.ok(box >= 200, `the search box is ${box} px wide`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 1280);
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await page.screenshot({ path: path.join(shots, 'serve-admin-audit-en.png'), fullPage: true });
    const options = await page
      .getByTestId('collection-select')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(options, ['', 'alpha', 'beta']);
    await context.close();
  });
});
