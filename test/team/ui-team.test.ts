/**
 * Team mode's login page and admin page (web/src/login/, web/src/admin/) in a real browser
 * (Debian's chromium through playwright-core), served by a Fastify app with the real team
 * authentication (src/team/team-auth.ts) on a real PostgreSQL server (test/store/pg-cluster.ts).
 * The pages are mounted by web/src/admin/team-preview.tsx until the app shell routes to them.
 * Every request that leaves the server's origin fails the suite. Screenshots go to
 * $INNSYN_SHOTS (default: a temporary folder, printed).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { BrowserWatch, chromiumSkip, type OpenPage } from '../web/browser-watch.js';
import { build } from 'vite';
import { handleError } from '../../src/api/api-error.js';
import { setSecurityHeaders } from '../../src/api/security-headers.js';
import { registerTeamAuth, type TeamStore } from '../../src/team/index.js';
import { repoRoot } from '../helpers/shared.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { CLI_ACTOR, freshTeam } from './team-fixture.js';

const BOSS = 'the boss knows best';
const ALICE = 'correct horse battery';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
<link rel="icon" href="data:," /><link rel="stylesheet" href="/preview.css" /><title>innsyn</title></head>
<body><div id="app"></div><script type="module" src="/preview.js"></script></body></html>`;

/** Builds web/src/admin/team-preview.tsx into `outDir` as preview.js and preview.css. */
async function buildPreview(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: path.join(repoRoot, 'web'),
    logLevel: 'silent',
    publicDir: false,
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: {
      outDir,
      emptyOutDir: true,
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rollupOptions: {
        input: path.join(repoRoot, 'web', 'src', 'admin', 'team-preview.tsx'),
        output: { entryFileNames: 'preview.js', assetFileNames: 'preview[extname]' },
      },
    },
  });
}

async function previewServer(team: TeamStore, dist: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 });
  app.setErrorHandler(handleError(() => {}));
  app.addHook('onRequest', async (_request, reply) => setSecurityHeaders(reply));
  await registerTeamAuth(app, team);
  for (const [file, type] of [
    ['preview.js', 'text/javascript; charset=utf-8'],
    ['preview.css', 'text/css; charset=utf-8'],
  ] as const) {
    const body = await readFile(path.join(dist, file));
    app.get(`/${file}`, { config: { public: true } }, async (_request, reply) => reply.type(type).send(body));
  }
  for (const url of ['/', '/admin']) {
    app.get(url, { config: { public: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(PAGE),
    );
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}` };
}

const started = chromiumSkip === false ? await startPgCluster() : null;
const skip = started === null ? chromiumSkip : 'skip' in started ? started.skip : false;

void describe('UI team', { skip }, () => {
  const cluster = started !== null && 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dist = '';
  let team: TeamStore;
  let server: { app: FastifyInstance; url: string };
  let watch: BrowserWatch;
  const shots = process.env.INNSYN_SHOTS ?? path.join(tmpdir(), 'innsyn-team-shots');
  mkdirSync(shots, { recursive: true });

  const open = (locale = 'en-GB', width = 1280): Promise<OpenPage> =>
    watch.open(server.url, `${server.url}/admin`, { locale, width, timezoneId: 'Europe/Oslo' });

  async function logIn(page: Page, name: string, password: string): Promise<void> {
    await page.getByTestId('login-name').fill(name);
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
  }

  before(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'innsyn-ui-team-'));
    await buildPreview(dist);
    ({ team } = await freshTeam(cluster));
    await team.addUser('boss', BOSS, { admin: true }, CLI_ACTOR);
    await team.addUser('alice', ALICE, {}, CLI_ACTOR);
    await team.addUser('ola.nordmann', ALICE, {}, CLI_ACTOR);
    await team.ensureCollection('leak2016', CLI_ACTOR);
    await team.ensureCollection('panama', CLI_ACTOR);
    await team.grant('alice', 'leak2016', 'reader', CLI_ACTOR);
    await team.grant('ola.nordmann', 'panama', 'editor', CLI_ACTOR);
    await team.createApiToken('ola.nordmann', 'nightly export', CLI_ACTOR);
    const u = { user: 'alice', client: '10.0.0.7' };
    await team.audit(u.user, 'search', 'leak2016', { query: 'from:wikileaks "tax returns"' }, u.client);
    await team.audit(u.user, 'item-open', 'leak2016', { item: '3f1c0a'.padEnd(32, '0') }, u.client);
    await team.audit(
      u.user,
      'export',
      'leak2016',
      {
        format: 'evidence-zip',
        query: 'from:wikileaks',
        outcome: 'complete',
        items: 17,
        sha256: 'ab'.repeat(32),
      },
      u.client,
    );
    server = await previewServer(team, dist);
    watch = await BrowserWatch.launch();
  });
  after(async () => {
    await watch?.close();
    await server?.app.close();
    await team?.close();
    cluster?.stop();
    if (dist) await rm(dist, { recursive: true, force: true });
    process.stdout.write(`# screenshots: ${shots}\n`);
    assert.deepEqual(watch.foreign, [], 'the UI reached another origin');
    assert.deepEqual(watch.pageErrors, [], 'a script error in the page');
  });

  void test('UI team - login: a wrong password says so and clears the field; the right one opens the admin page', async () => {
    const { context, page } = await open();
    await page.getByTestId('login-page').waitFor();
    assert.equal(await page.title(), 'Log in – innsyn');
    assert.equal(await page.getByTestId('login-submit').isDisabled(), true);
    await page.screenshot({ path: path.join(shots, 'login-en.png') });
    await logIn(page, 'boss', 'not the password');
    await page.getByTestId('login-problem').waitFor();
    assert.equal(await page.getByTestId('login-problem').textContent(), 'Wrong user name or password.');
    assert.equal(await page.getByTestId('login-password').inputValue(), '');
    assert.equal(await page.getByTestId('login-name').inputValue(), 'boss');
    await page.screenshot({ path: path.join(shots, 'login-wrong-en.png') });
    await page.getByTestId('login-password').fill(BOSS);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('admin-users').waitFor();
    // The session is an HttpOnly cookie: no script sees it.
    assert.equal(await page.evaluate(() => document.cookie), '');
    const cookies = await context.cookies();
    assert.deepEqual(
      cookies.map((c) => [c.name, c.httpOnly, c.sameSite]),
      [['innsyn_session', true, 'Strict']],
    );
    await context.close();
  });

  void test('UI team - users and access: the table, and a grant made through the form (with the CSRF token) shows at once', async () => {
    const { context, page } = await open();
    await logIn(page, 'boss', BOSS);
    await page.getByTestId('admin-users').waitFor();
    const rows = await page.getByTestId('admin-user').allTextContents();
    assert.equal(rows.length, 3);
    assert.match(rows[0] ?? '', /^alice.*leak2016 reader/);
    assert.match(rows[1] ?? '', /^bossadmin.*every collection/);
    assert.match(rows[2] ?? '', /^ola\.nordmann.*panama editor.*1/);
    await page.screenshot({ path: path.join(shots, 'admin-users-en.png'), fullPage: true });

    await page.getByTestId('grant-user').selectOption('alice');
    await page.getByTestId('grant-collection').selectOption('panama');
    assert.equal(await page.getByTestId('grant-current').textContent(), 'alice: no access');
    await page.getByTestId('grant-role').selectOption('editor');
    await page.getByTestId('grant-apply').click();
    await page.getByTestId('grant-outcome').waitFor();
    assert.equal(await page.getByTestId('grant-outcome').textContent(), 'alice is now editor in panama.');
    await page.locator('[data-user="alice"]', { hasText: 'panama' }).waitFor();
    assert.deepEqual((await team.getUser('alice'))?.grants, [
      { collection: 'leak2016', role: 'reader' },
      { collection: 'panama', role: 'editor' },
    ]);
    const [entry] = (await team.listAudit({ action: 'grant', collection: 'panama', user: 'boss' })).entries;
    assert.deepEqual(entry?.detail, { target: 'alice', role: 'editor', previous: null });
    assert.equal(entry?.client, '127.0.0.1');
    await page.screenshot({ path: path.join(shots, 'admin-granted-en.png'), fullPage: true });

    // Taking it away again.
    await page.getByTestId('grant-role').selectOption('none');
    await page.getByTestId('grant-apply').click();
    await page.getByText('alice has no access to panama any more.').waitFor();
    assert.equal((await team.getUser('alice'))?.grants.length, 1);
    await context.close();
  });

  void test('UI team - audit log: entries in words, filters in the URL, a user link from the users table', async () => {
    const { context, page } = await open();
    await logIn(page, 'boss', BOSS);
    await page.getByTestId('admin-users').waitFor();
    await page.locator('[data-user="alice"] a').click();
    await page.getByTestId('audit-table').waitFor();
    assert.equal(new URL(page.url()).search, '?tab=audit&user=alice');
    assert.equal(await page.getByTestId('audit-user').inputValue(), 'alice');
    const rows = await page.getByTestId('audit-row').evaluateAll((els) =>
      els.map((e) =>
        Array.from(e.querySelectorAll('td'))
          .slice(1)
          .map((td) => td.textContent ?? ''),
      ),
    );
    assert.deepEqual(rows.slice(-3).reverse(), [
      ['alice', 'Searched', 'leak2016', '“from:wikileaks "tax returns"”', '10.0.0.7'],
      ['alice', 'Opened an item', 'leak2016', '3f1c0a00000000000000000000000000', '10.0.0.7'],
      ['alice', 'Exported', 'leak2016', 'evidence zip, 17 items, complete: “from:wikileaks”', '10.0.0.7'],
    ]);
    await page.screenshot({ path: path.join(shots, 'admin-audit-alice-en.png'), fullPage: true });

    // Filter by action through the form: the URL holds it, the rows follow.
    await page.getByTestId('audit-user').fill('');
    await page.getByTestId('audit-action').selectOption('login-failed');
    await page.getByTestId('audit-apply').click();
    await page.waitForURL((u) => u.search === '?tab=audit&action=login-failed');
    await page.locator('[data-testid="audit-row"][data-action="login-failed"]').first().waitFor();
    const failed = await page.getByTestId('audit-row').allTextContents();
    assert.ok(failed.length >= 1);
    assert.ok(
      failed.every((r) => /Login failed.*wrong password/.test(r)),
      failed.join('\n'),
    );
    // Command-line changes name the command line.
    await page.getByTestId('audit-action').selectOption('user-add');
    await page.getByTestId('audit-apply').click();
    await page.locator('[data-testid="audit-row"][data-action="user-add"]').first().waitFor();
    assert.match(
      (await page.getByTestId('audit-row').first().textContent()) ?? '',
      /command line \(test@host\)/,
    );
    await page.getByTestId('audit-clear').click();
    await page.waitForURL((u) => u.search === '?tab=audit');
    await context.close();
  });

  void test('UI team - in Norwegian bokmål, at phone width: every string translated, nothing wider than the screen', async () => {
    const { context, page } = await open('nb-NO', 390);
    await page.getByTestId('login-page').waitFor();
    assert.equal(await page.getByTestId('login-submit').textContent(), 'Logg inn');
    await page.screenshot({ path: path.join(shots, 'login-nb-390.png'), fullPage: true });
    await logIn(page, 'boss', BOSS);
    await page.getByTestId('admin-users').waitFor();
    assert.equal(await page.getByTestId('admin-tab-users').textContent(), 'Brukere og tilgang');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    await page.screenshot({ path: path.join(shots, 'admin-users-nb-390.png'), fullPage: true });
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-table').waitFor();
    assert.ok((await page.getByTestId('audit-row').allTextContents()).some((r) => r.includes('Ga tilgang')));
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0);
    await page.screenshot({ path: path.join(shots, 'admin-audit-nb-390.png'), fullPage: true });
    await context.close();
  });

  void test('UI team - a member who is not an admin is told so; logging out shows the login page again', async () => {
    const { context, page } = await open();
    await logIn(page, 'alice', ALICE);
    await page.getByTestId('admin-error').first().waitFor();
    assert.equal(
      await page.getByTestId('admin-error').first().textContent(),
      'Only an admin may see this page.',
    );
    assert.equal(await page.getByTestId('account-admin').count(), 0);
    await page.screenshot({ path: path.join(shots, 'admin-forbidden-en.png') });
    await page.getByTestId('account-logout').click();
    await page.getByTestId('login-page').waitFor();
    assert.deepEqual(await context.cookies(), []);
    const [last] = (await team.listAudit({ user: 'alice', action: 'logout' })).entries;
    assert.ok(last);
    await context.close();
  });
});
