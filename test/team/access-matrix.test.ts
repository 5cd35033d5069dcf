/**
 * Team mode's access matrix (docs/team.md "Serving a team"): the real front app of
 * src/api/team-server.ts on a real PostgreSQL server (test/store/pg-cluster.ts), two collections
 * with different mail, and five callers: anonymous, a reader of the other collection only, a
 * reader, an editor and an admin. Every route a collection app registers (read from buildApp's
 * own list, so that a new route cannot be forgotten) and every front route is called as each of
 * them, and the exact status is asserted; then nothing of collection beta may show anywhere a
 * caller reaches through alpha, nor in a search across collections by alpha's reader.
 */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningTeamServer } from '../../src/api/team-server.js';
import type { TeamStore } from '../../src/team/index.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { seedCollection as seed, type Seed } from './collection-seed.js';
import { CLI_ACTOR, endTeamTest, freshTeam, loginTo, sql, startLoopbackTeam } from './team-fixture.js';

const PASSWORD = 'a long enough password';
const ROLES = ['anonymous', 'outsider', 'reader', 'editor', 'admin'] as const;
type Role = (typeof ROLES)[number];
const USERS: Record<Exclude<Role, 'anonymous'>, string> = {
  outsider: 'bea',
  reader: 'rita',
  editor: 'ed',
  admin: 'boss',
};

interface Session {
  cookie: string;
  csrf: string;
}

const started = await startPgCluster();
const skip = 'skip' in started ? started.skip : false;

void describe('Team access matrix', { skip }, () => {
  const cluster = 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dir = '';
  let url = '';
  let team: TeamStore;
  let server: RunningTeamServer;
  let alpha: Seed;
  let beta: Seed;
  const sessions = new Map<Role, Session>();
  const logged: string[] = [];
  /** Every body answered to a request made through collection alpha (or across alpha only). */
  const alphaBodies: Array<{ what: string; sent: string; body: string }> = [];

  async function call(
    role: Role,
    method: string,
    target: string,
    options: { collection?: string | null; body?: unknown; csrf?: boolean; token?: string } = {},
  ): Promise<{ status: number; body: string; headers: Headers }> {
    const headers: Record<string, string> = {};
    const session = sessions.get(role);
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    else if (session) {
      headers.cookie = session.cookie;
      if (options.csrf !== false && method !== 'GET' && method !== 'HEAD')
        headers['x-csrf-token'] = session.csrf;
    }
    const collection = options.collection === undefined ? 'alpha' : options.collection;
    if (collection !== null) headers['x-innsyn-collection'] = collection;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const r = await fetch(new URL(target, server.url), { method, headers, body, redirect: 'manual' });
    const text = method === 'HEAD' ? '' : await r.text();
    if (collection === 'alpha')
      alphaBodies.push({
        what: `${role} ${method} ${target}`,
        sent: `${decodeURIComponent(target)} ${body ?? ''}`,
        body: text,
      });
    return { status: r.status, body: text, headers: r.headers };
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-access-'));
    const ui = path.join(dir, 'ui');
    await mkdir(path.join(ui, 'assets'), { recursive: true });
    await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>innsyn</title><div id="app"></div>');
    await writeFile(path.join(ui, 'assets', 'app.js'), 'console.log(1)');
    ({ url, team } = await freshTeam(cluster));
    await team.ensureCollection('alpha', CLI_ACTOR);
    await team.ensureCollection('beta', CLI_ACTOR);
    await team.addUser('boss', PASSWORD, { admin: true }, CLI_ACTOR);
    await team.addUser('ed', PASSWORD, {}, CLI_ACTOR);
    await team.addUser('rita', PASSWORD, {}, CLI_ACTOR);
    await team.addUser('bea', PASSWORD, {}, CLI_ACTOR);
    await team.grant('ed', 'alpha', 'editor', CLI_ACTOR);
    await team.grant('rita', 'alpha', 'reader', CLI_ACTOR);
    await team.grant('bea', 'beta', 'reader', CLI_ACTOR);
    alpha = await seed(url, 'alpha', dir, 'aurora', 'anna@alpha.example');
    beta = await seed(url, 'beta', dir, 'zephyrine', 'bjorn@beta.example');
    server = await startLoopbackTeam(url, team, ui, logged);
    for (const [role, name] of Object.entries(USERS) as Array<[Role, string]>) {
      sessions.set(role, await loginTo(server.url, name, PASSWORD));
    }
  });

  after(() => endTeamTest({ server, team, cluster, dir, logged }));

  /** A concrete URL for a route of alpha's app, and a body for the methods that take one. */
  function concrete(method: string, routeUrl: string): { target: string; body?: unknown } {
    const target = routeUrl
      .replace(':threadId', encodeURIComponent(alpha.threadId))
      .replace(':sha256', alpha.sha256)
      .replace(':tag', 'checked')
      .replace(':name', 'saved1')
      .replace('/api/people/:key', `/api/people/${encodeURIComponent(alpha.personKey)}`)
      .replace('/api/conversations/:id', `/api/conversations/${encodeURIComponent(alpha.threadId)}`)
      .replace(':id', alpha.ids[0] as string)
      .replace('/assets/*', '/assets/app.js');
    const bodies: Record<string, unknown> = {
      'POST /api/people/merge': { a: alpha.personKey, b: 'email:desk@news.example' },
      'POST /api/people/split': { identity: 'email:desk@news.example' },
      'POST /api/people/alias': { identity: alpha.personKey, name: 'Anna A.' },
      'POST /api/tags/bulk': { q: alpha.word, add: ['bulk'] },
      'POST /api/batch-search': { terms: [alpha.word, beta.word] },
      'PUT /api/saved-searches/:name': { query: alpha.word },
    };
    const key = `${method} ${routeUrl}`;
    if (key in bodies) return { target, body: bodies[key] };
    if (routeUrl.endsWith('/note') && method === 'PUT') return { target, body: { text: 'a note' } };
    return { target };
  }

  /**
   * What the route answers a caller allowed to make the request: its own status, the same in
   * local mode. Every route of a collection app must be in here (the test fails for one that is not).
   */
  const SUCCESS: Record<string, number | { editor: number; admin: number }> = {
    // The editor merges first; the admin's merge then finds them one person already (a 400 of
    // the collection's own route: it reached alpha's store), and the same for the split.
    'POST /api/people/merge': { editor: 200, admin: 400 },
    'POST /api/people/split': { editor: 200, admin: 400 },
    'POST /api/people/alias': 200,
    'POST /api/tags/bulk': 200,
    'POST /api/batch-search': 200,
    'PUT /api/saved-searches/:name': 200,
    'DELETE /api/saved-searches/:name': 200,
  };
  const successOf = (method: string, routeUrl: string, role: 'editor' | 'admin' | 'reader'): number => {
    const key = `${method} ${routeUrl}`;
    const known = SUCCESS[key];
    if (typeof known === 'number') return known;
    if (known !== undefined) return role === 'reader' ? known.editor : known[role];
    if (/^(PUT|DELETE) \/api\/(items|conversations|people)\/:(id|key)\/(tags\/:tag|star|note)$/.test(key))
      return 200;
    if (method === 'GET') return 200;
    throw new Error(`no expected answer for ${key}: add it to SUCCESS`);
  };

  void test('Team access - every route of a collection app, as each caller, answers exactly', async () => {
    const { routes } = await server.collectionApp('alpha');
    const calls = routes.filter((r) => r.method !== 'HEAD');
    assert.ok(calls.length >= 50, `${calls.length} routes`);
    // Routes the front answers itself (the UI shell, /api/openapi.json), taken from its own list.
    const front = new Set(server.routes.flatMap((r) => [r.method].flat().map((m) => `${m} ${r.url}`)));
    let checked = 0;
    for (const route of calls) {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        const { target, body } = concrete(method, route.url);
        const shell = route.config?.public === true;
        const own = front.has(`${method} ${route.url}`);
        for (const role of ROLES) {
          // Batch search reads (its terms are too many for a URL): a reader may.
          const safe = method === 'GET' || `${method} ${route.url}` === 'POST /api/batch-search';
          let expected: number;
          if (shell) expected = 200;
          else if (role === 'anonymous') expected = 401;
          else if (own) expected = 200;
          else if (role === 'outsider') expected = 404;
          else if (role === 'reader' && !safe) expected = 403;
          else expected = successOf(method, route.url, role);
          // Deleting the saved search needs it there for each caller that may.
          if (method === 'DELETE' && route.url === '/api/saved-searches/:name' && expected === 200) {
            assert.equal((await call('admin', 'PUT', target, { body: { query: 'x' } })).status, 200);
          }
          const r = await call(role, method, target, { body });
          assert.equal(r.status, expected, `${role} ${method} ${target}: ${r.body.slice(0, 300)}`);
          if (role === 'outsider' && !shell && !own)
            assert.match(r.body, /no collection 'alpha' that you may open/);
          checked++;
        }
      }
    }
    // HEAD goes with GET: a reader of another collection learns nothing from it either.
    assert.equal((await call('outsider', 'HEAD', `/api/items/${alpha.ids[0]}`)).status, 404);
    assert.equal((await call('reader', 'HEAD', `/api/items/${alpha.ids[0]}`)).status, 200);
    assert.ok(checked >= 250, `${checked} calls`);
  });

  void test('Team access - front routes, as each caller', async () => {
    const expect: Array<[string, string, Record<Role, number>, unknown?]> = [
      ['GET', '/api/me', { anonymous: 401, outsider: 200, reader: 200, editor: 200, admin: 200 }],
      ['GET', '/api/collections', { anonymous: 401, outsider: 200, reader: 200, editor: 200, admin: 200 }],
      [
        'GET',
        '/api/search-all?q=pipeline',
        { anonymous: 401, outsider: 200, reader: 200, editor: 200, admin: 200 },
      ],
      [
        'GET',
        '/api/search-all?q=pipeline&collections=alpha',
        { anonymous: 401, outsider: 404, reader: 200, editor: 200, admin: 200 },
      ],
      ['GET', '/api/admin/users', { anonymous: 401, outsider: 403, reader: 403, editor: 403, admin: 200 }],
      [
        'GET',
        '/api/admin/collections',
        { anonymous: 401, outsider: 403, reader: 403, editor: 403, admin: 200 },
      ],
      ['GET', '/api/admin/audit', { anonymous: 401, outsider: 403, reader: 403, editor: 403, admin: 200 }],
      [
        'POST',
        '/api/admin/grants',
        { anonymous: 401, outsider: 403, reader: 403, editor: 403, admin: 200 },
        { user: 'bea', collection: 'beta', role: 'reader' },
      ],
      ['GET', '/admin', { anonymous: 200, outsider: 200, reader: 200, editor: 200, admin: 200 }],
      ['GET', '/search', { anonymous: 200, outsider: 200, reader: 200, editor: 200, admin: 200 }],
    ];
    for (const [method, target, statuses, body] of expect) {
      for (const role of ROLES) {
        const r = await call(role, method, target, { collection: null, body });
        assert.equal(r.status, statuses[role], `${role} ${method} ${target}: ${r.body.slice(0, 200)}`);
      }
    }
    const collections = async (role: Role) =>
      JSON.parse((await call(role, 'GET', '/api/collections', { collection: null })).body) as {
        collections: Array<{ name: string; role: string }>;
      };
    assert.deepEqual((await collections('reader')).collections, [{ name: 'alpha', role: 'reader' }]);
    assert.deepEqual((await collections('outsider')).collections, [{ name: 'beta', role: 'reader' }]);
    assert.deepEqual(
      (await collections('admin')).collections.map((c) => c.name),
      ['alpha', 'beta'],
    );
    // A collection request that names none, or one that does not exist: the same for everyone.
    assert.equal((await call('reader', 'GET', '/api/stats', { collection: null })).status, 400);
    for (const role of ['reader', 'admin'] as const) {
      const none = await call(role, 'GET', '/api/stats', { collection: 'nosuch' });
      assert.equal(none.status, 404);
      assert.match(none.body, /no collection 'nosuch' that you may open/);
    }
    assert.equal((await call('anonymous', 'GET', '/api/stats', { collection: 'nosuch' })).status, 401);
  });

  void test('Team access - nothing of beta reaches alpha’s reader', async () => {
    // beta's word, searched in alpha: nothing; in beta: not even that beta exists.
    const inAlpha = JSON.parse((await call('reader', 'GET', `/api/search?q=${beta.word}&facets=1`)).body) as {
      total: number;
    };
    assert.equal(inAlpha.total, 0);
    const inBeta = await call('reader', 'GET', `/api/search?q=${beta.word}`, { collection: 'beta' });
    assert.equal(inBeta.status, 404);
    assert.doesNotMatch(inBeta.body, new RegExp(beta.word));
    // beta's item, raw, attachment, thread and person asked of alpha: not found there.
    for (const target of [
      `/api/items/${beta.ids[0]}`,
      `/api/items/${beta.ids[0]}/html`,
      `/item/${beta.ids[0]}/raw`,
      `/api/items/${beta.ids[0]}/annotations`,
      `/attachment/${beta.sha256}`,
      `/api/attachments/${beta.sha256}/text`,
      `/api/threads/${encodeURIComponent(beta.threadId)}`,
      `/api/people/${encodeURIComponent(beta.personKey)}`,
    ]) {
      const r = await call('reader', 'GET', target);
      assert.equal(r.status, 404, `${target}: ${r.body.slice(0, 200)}`);
    }
    // The same through ?c= (navigations), as the downloads are linked.
    const viaParam = await call('reader', 'GET', `/item/${alpha.ids[0]}/raw?c=alpha`, { collection: null });
    assert.equal(viaParam.status, 200);
    assert.match(viaParam.body, new RegExp(alpha.word));
    assert.equal(
      (await call('reader', 'GET', `/item/${beta.ids[0]}/raw?c=beta`, { collection: null })).status,
      404,
    );
    // Whole-collection views of alpha: people, facets, timeline, echoes, pairs, network, tags, exports.
    for (const target of [
      '/api/people',
      '/api/search?q=&facets=1&histogram=1',
      '/api/timeline',
      '/api/echoes',
      '/api/pairs',
      '/api/network',
      '/api/stats',
      '/api/sources',
      '/api/export.mbox',
      '/api/report.html',
      '/api/annotations/export',
    ]) {
      const r = await call('reader', 'GET', target);
      assert.equal(r.status, 200, `${target}: ${r.body.slice(0, 200)}`);
    }
    const zip = await fetch(new URL('/api/export.zip?c=alpha', server.url), {
      headers: { cookie: sessions.get('reader')?.cookie ?? '' },
    });
    assert.equal(zip.status, 200);
    const zipBytes = Buffer.from(await zip.arrayBuffer());
    for (const secret of [beta.word, beta.sender, beta.sha256, ...beta.ids]) {
      assert.equal(zipBytes.includes(Buffer.from(secret)), false, `the zip holds ${secret}`);
    }
    // Across collections, alpha's reader finds alpha's items only.
    const across = JSON.parse(
      (await call('reader', 'GET', '/api/search-all?q=pipeline', { collection: null })).body,
    ) as {
      total: number;
      collections: Array<{ name: string; total: number }>;
      items: Array<{ id: string; collection: string }>;
    };
    assert.deepEqual(across.collections, [{ name: 'alpha', total: 2 }]);
    assert.deepEqual(
      across.items.map((i) => i.collection),
      ['alpha', 'alpha'],
    );
    assert.deepEqual(across.items.map((i) => i.id).sort(), [...alpha.ids].sort());
    assert.equal(
      (await call('reader', 'GET', '/api/search-all?q=pipeline&collections=alpha,beta', { collection: null }))
        .status,
      404,
    );
    // The admin sees both, newest first, each hit with its collection.
    const all = JSON.parse(
      (await call('admin', 'GET', '/api/search-all?q=pipeline', { collection: null })).body,
    ) as {
      total: number;
      items: Array<{ id: string; collection: string; sentAt: string }>;
    };
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.items.map((i) => i.sentAt),
      [...all.items.map((i) => i.sentAt)].sort().reverse(),
    );
    assert.deepEqual(new Set(all.items.map((i) => i.collection)), new Set(['alpha', 'beta']));
    // No answer given through alpha, to anyone, named anything of beta.
    assert.ok(alphaBodies.length >= 250, `${alphaBodies.length} answers`);
    // (A query is echoed in its answer: what the caller sent is not counted.)
    for (const { what, sent, body } of alphaBodies) {
      for (const secret of [beta.word, beta.sender, beta.sha256, ...beta.ids].filter(
        (x) => !sent.includes(x),
      )) {
        assert.equal(body.includes(secret), false, `${what} answered ${secret}`);
      }
    }
  });

  void test('Team access - CSRF, API tokens, and the audit log', async () => {
    const tag = `/api/items/${alpha.ids[0]}/tags/csrf`;
    const noCsrf = await call('editor', 'PUT', tag, { csrf: false });
    assert.equal(noCsrf.status, 403);
    assert.match(noCsrf.body, /X-CSRF-Token/);
    const tagged = await call('editor', 'PUT', tag);
    assert.equal(tagged.status, 200);
    // In team mode an annotation names the account that made it.
    const marks = JSON.parse(tagged.body) as {
      annotations: { tags: Array<{ tag: string; author: string | null }> };
    };
    assert.deepEqual(
      marks.annotations.tags.filter((t) => t.tag === 'csrf').map((t) => t.author),
      [USERS.editor],
    );
    const { token } = await team.createApiToken('rita', 'script', CLI_ACTOR);
    assert.equal((await call('anonymous', 'GET', '/api/stats', { token })).status, 200);
    assert.equal((await call('anonymous', 'GET', '/api/stats', { token, collection: 'beta' })).status, 404);
    assert.equal((await call('anonymous', 'PUT', tag, { token })).status, 403);
    assert.equal((await call('anonymous', 'GET', '/api/stats', { token: 'innsyn_wrong' })).status, 401);

    const rows = await sql<{
      user_name: string;
      action: string;
      collection: string;
      detail: Record<string, unknown>;
    }>(
      url,
      `SELECT user_name, action, collection, detail FROM innsyn_team.audit_log
       WHERE action IN ('search', 'item-open', 'export') ORDER BY id`,
    );
    const has = (
      user: string,
      action: string,
      collection: string,
      check: (d: Record<string, unknown>) => boolean,
    ) =>
      rows.some(
        (r) => r.user_name === user && r.action === action && r.collection === collection && check(r.detail),
      );
    assert.ok(
      has('rita', 'search', 'alpha', (d) => d.query === beta.word),
      'a search',
    );
    assert.ok(
      has('rita', 'search', 'alpha', (d) => d.query === 'pipeline' && Array.isArray(d.across)),
      'across',
    );
    assert.ok(
      has('boss', 'search', 'beta', (d) => d.query === 'pipeline'),
      'the admin across beta',
    );
    assert.ok(
      has('rita', 'item-open', 'alpha', (d) => d.item === alpha.ids[0] && d.via === 'raw'),
      'raw',
    );
    assert.ok(
      has('rita', 'item-open', 'alpha', (d) => d.item === alpha.ids[0]),
      'an item',
    );
    assert.ok(
      has('rita', 'item-open', 'alpha', (d) => d.attachment === alpha.sha256),
      'an attachment',
    );
    assert.ok(
      has('rita', 'export', 'alpha', (d) => d.format === 'evidence-zip' && d.outcome === 'complete'),
      'zip',
    );
    assert.ok(
      has('rita', 'export', 'alpha', (d) => d.format === 'mbox' && d.items === 2),
      'mbox',
    );
    // Refused requests (another collection) are not searches of it.
    assert.equal(
      rows.some((r) => r.user_name === 'rita' && r.collection === 'beta'),
      false,
    );
  });
});
