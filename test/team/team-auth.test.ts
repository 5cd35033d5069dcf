import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { handleError } from '../../src/api/api-error.js';
import {
  accessOf,
  exportAuditHook,
  openTeamStore,
  registerTeamAuth,
  type TeamAuthOptions,
  type TeamStore,
} from '../../src/team/index.js';
import { SESSION_TTL_MS } from '../../src/team/team-store.js';
import { startPgCluster } from '../store/pg-cluster.js';
import { CLI_ACTOR, FAST_SCRYPT, FrozenClock, freshTeam } from './team-fixture.js';

/**
 * Team authentication over HTTP (src/team/team-auth.ts), through app.inject on a Fastify app
 * holding only it and two probe routes, against a real PostgreSQL server (test/store/pg-cluster.ts).
 */
const started = await startPgCluster();

const PASSWORD = 'correct horse battery';
const BOSS_PASSWORD = 'the boss knows best';

/** An app with team auth, a probe route per method, a public shell route, and an export-like route. */
async function teamApp(team: TeamStore, options: TeamAuthOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 });
  app.setErrorHandler(handleError(() => {}));
  await registerTeamAuth(app, team, options);
  const probe = async (request: { teamUser: unknown }) => {
    const user = request.teamUser as Parameters<typeof accessOf>[0];
    return { user: user?.name ?? null, via: user?.via ?? null, leak: accessOf(user, 'leak') };
  };
  app.get('/api/probe', probe);
  app.post('/api/probe', probe);
  app.delete('/api/probe', probe);
  app.get('/', { config: { public: true } }, async () => 'the shell');
  const onExport = exportAuditHook(team, (request) => (request.headers['x-collection'] as string) ?? null);
  app.get('/api/fake-export', async (request) => {
    await onExport(
      {
        format: 'mbox',
        query: 'from:wikileaks',
        started: '2026-11-26T09:00:00.000Z',
        outcome: 'complete',
        items: 12,
        sha256: 'ab'.repeat(32),
      },
      request,
    );
    return { ok: true };
  });
  await app.ready();
  return app;
}

const json = (r: LightMyRequestResponse) => r.json<Record<string, unknown>>();
const errorCode = (r: LightMyRequestResponse) => (json(r).error as { code: string }).code;

async function login(
  app: FastifyInstance,
  name: string,
  password: string,
  remoteAddress = '10.0.0.1',
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ name, password }),
    remoteAddress,
  });
}

/** Logs in and gives the cookie header and the CSRF token. */
async function session(app: FastifyInstance, name: string, password: string) {
  const r = await login(app, name, password);
  assert.equal(r.statusCode, 200, r.body);
  const setCookie = String(r.headers['set-cookie']);
  const cookie = setCookie.split(';')[0] as string;
  return { cookie, csrf: json(r).csrfToken as string, setCookie };
}

if ('skip' in started) {
  void test('Team auth (HTTP)', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  after(() => cluster.stop());

  /** A team with alice (reader of leak), boss (admin) and a token for robot (editor of leak). */
  const setUp = async (options: Parameters<typeof freshTeam>[1] = {}) => {
    const { url, team } = await freshTeam(cluster, options);
    await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
    await team.addUser('boss', BOSS_PASSWORD, { admin: true }, CLI_ACTOR);
    await team.addUser('robot', PASSWORD, {}, CLI_ACTOR);
    await team.ensureCollection('leak', CLI_ACTOR);
    await team.ensureCollection('panama', CLI_ACTOR);
    await team.grant('alice', 'leak', 'reader', CLI_ACTOR);
    await team.grant('robot', 'leak', 'editor', CLI_ACTOR);
    const { token, id: tokenId } = await team.createApiToken('robot', 'nightly', CLI_ACTOR);
    return { url, team, token, tokenId };
  };

  void describe('Team auth: login and sessions', () => {
    void test('Login - sets an HttpOnly SameSite=Strict Path=/ session cookie and answers who, where and the CSRF token', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      const r = await login(app, 'alice', PASSWORD);
      assert.equal(r.statusCode, 200);
      assert.equal(r.headers['cache-control'], 'no-store');
      assert.match(
        String(r.headers['set-cookie']),
        /^innsyn_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
      );
      const body = json(r);
      assert.deepEqual(body.user, { name: 'alice', admin: false });
      assert.equal(body.via, 'session');
      assert.deepEqual(body.collections, [{ name: 'leak', role: 'reader' }]);
      assert.match(String(body.csrfToken), /^[A-Za-z0-9_-]{43}$/);
      const { cookie } = await session(app, ' Alice ', PASSWORD);
      const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      assert.equal(me.statusCode, 200);
      assert.deepEqual(json(me).user, { name: 'alice', admin: false });
      const probe = await app.inject({ method: 'GET', url: '/api/probe', headers: { cookie } });
      assert.deepEqual(json(probe), { user: 'alice', via: 'session', leak: 'reader' });
      await app.close();
      await team.close();
    });

    void test('Login - a wrong password and an unknown user get the same 401; a form post is refused (415); nothing set', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      const wrong = await login(app, 'alice', 'not the password');
      const unknown = await login(app, 'zelda', 'not the password');
      for (const r of [wrong, unknown]) {
        assert.equal(r.statusCode, 401);
        assert.equal(r.headers['set-cookie'], undefined);
        assert.deepEqual(json(r).error, { code: 'unauthorized', message: 'wrong user name or password' });
      }
      const form = await app.inject({
        method: 'POST',
        url: '/api/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'name=alice&password=correct+horse+battery',
      });
      assert.equal(form.statusCode, 415);
      const extra = await app.inject({
        method: 'POST',
        url: '/api/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'alice' }),
      });
      assert.equal(extra.statusCode, 400);
      await app.close();
      await team.close();
    });

    void test('Sessions - without a cookie, with a made-up one or an expired one: 401; the shell and unknown URLs need none', async () => {
      const clock = new FrozenClock();
      const { team } = await setUp({ now: clock.now });
      const app = await teamApp(team);
      for (const headers of [
        {},
        { cookie: 'innsyn_session=' },
        { cookie: `innsyn_session=${'A'.repeat(43)}` },
      ]) {
        const r = await app.inject({ method: 'GET', url: '/api/probe', headers });
        assert.equal(r.statusCode, 401, JSON.stringify(headers));
        assert.equal(errorCode(r), 'unauthorized');
      }
      assert.equal((await app.inject({ method: 'GET', url: '/' })).body, 'the shell');
      assert.equal((await app.inject({ method: 'GET', url: '/nothing/here' })).statusCode, 404);
      const { cookie } = await session(app, 'alice', PASSWORD);
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/probe', headers: { cookie } })).statusCode,
        200,
      );
      clock.advance(SESSION_TTL_MS);
      const expired = await app.inject({ method: 'GET', url: '/api/probe', headers: { cookie } });
      assert.equal(expired.statusCode, 401);
      assert.match((json(expired).error as { message: string }).message, /session has ended/);
      await app.close();
      await team.close();
    });

    void test('Logout - ends the session on the server (the old cookie is refused), clears the cookie; needs the CSRF token', async () => {
      const { team, token } = await setUp();
      const app = await teamApp(team);
      const { cookie, csrf } = await session(app, 'alice', PASSWORD);
      const noCsrf = await app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } });
      assert.equal(noCsrf.statusCode, 403);
      const out = await app.inject({
        method: 'POST',
        url: '/api/logout',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      assert.equal(out.statusCode, 200);
      assert.equal(
        out.headers['set-cookie'],
        'innsyn_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
      );
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode,
        401,
      );
      const withToken = await app.inject({
        method: 'POST',
        url: '/api/logout',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(withToken.statusCode, 400);
      await app.close();
      await team.close();
    });

    void test('Sessions - are kept in PostgreSQL: a session made by one server process works on another', async () => {
      const { url, team } = await setUp();
      const other = await openTeamStore(url, { passwordParams: FAST_SCRYPT });
      const a = await teamApp(team);
      const b = await teamApp(other);
      const { cookie, csrf } = await session(a, 'alice', PASSWORD);
      const r = await b.inject({
        method: 'POST',
        url: '/api/probe',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      assert.deepEqual(json(r), { user: 'alice', via: 'session', leak: 'reader' });
      await b.inject({ method: 'POST', url: '/api/logout', headers: { cookie, 'x-csrf-token': csrf } });
      assert.equal(
        (await a.inject({ method: 'GET', url: '/api/probe', headers: { cookie } })).statusCode,
        401,
      );
      await a.close();
      await b.close();
      await other.close();
      await team.close();
    });

    void test('Secure cookies - with secureCookies the cookie is __Host-innsyn_session and Secure; the plain name is not read', async () => {
      const { team } = await setUp();
      const app = await teamApp(team, { secureCookies: true });
      const { cookie, setCookie } = await session(app, 'alice', PASSWORD);
      assert.match(
        setCookie,
        /^__Host-innsyn_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
      );
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode,
        200,
      );
      const plain = cookie.replace('__Host-', '');
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: plain } })).statusCode,
        401,
      );
      await app.close();
      await team.close();
    });
  });

  void describe('Team auth: CSRF and API tokens', () => {
    void test('CSRF - a state-changing request with the cookie and no or a wrong X-CSRF-Token is 403; the right one passes; GET needs none', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      const { cookie, csrf } = await session(app, 'alice', PASSWORD);
      const other = await session(app, 'boss', BOSS_PASSWORD);
      for (const method of ['POST', 'DELETE'] as const) {
        for (const headers of [
          { cookie },
          { cookie, 'x-csrf-token': '' },
          { cookie, 'x-csrf-token': csrf.slice(0, -1) },
          { cookie, 'x-csrf-token': other.csrf }, // another session's token
          { cookie, 'x-csrf-token': `${csrf}x` },
        ]) {
          const r = await app.inject({ method, url: '/api/probe', headers });
          assert.equal(r.statusCode, 403, `${method} ${JSON.stringify(headers)}`);
          assert.equal(errorCode(r), 'forbidden');
          assert.match((json(r).error as { message: string }).message, /X-CSRF-Token/);
        }
        const ok = await app.inject({ method, url: '/api/probe', headers: { cookie, 'x-csrf-token': csrf } });
        assert.equal(ok.statusCode, 200, method);
      }
      assert.equal(
        (await app.inject({ method: 'GET', url: '/api/probe', headers: { cookie } })).statusCode,
        200,
      );
      assert.equal(
        (await app.inject({ method: 'HEAD', url: '/api/probe', headers: { cookie } })).statusCode,
        200,
      );
      await app.close();
      await team.close();
    });

    void test('API tokens - Bearer authenticates without CSRF (not an ambient credential); a bad token is 401 even beside a good cookie', async () => {
      const { team, token, tokenId } = await setUp();
      const app = await teamApp(team);
      const r = await app.inject({
        method: 'POST',
        url: '/api/probe',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(r.statusCode, 200);
      assert.deepEqual(json(r), { user: 'robot', via: 'token', leak: 'editor' });
      const me = await app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(json(me).csrfToken, null);
      const { cookie, csrf } = await session(app, 'alice', PASSWORD);
      for (const authorization of [`Bearer ${token}x`, 'Bearer ', `Basic ${token}`, `Bearer ${csrf}`]) {
        const bad = await app.inject({
          method: 'GET',
          url: '/api/probe',
          headers: { authorization, cookie },
        });
        assert.equal(bad.statusCode, 401, authorization);
      }
      await team.revokeApiToken('robot', tokenId, CLI_ACTOR);
      assert.equal(
        (
          await app.inject({
            method: 'GET',
            url: '/api/probe',
            headers: { authorization: `Bearer ${token}` },
          })
        ).statusCode,
        401,
      );
      await app.close();
      await team.close();
    });
  });

  void describe('Team auth: rate limit', () => {
    void test('Rate limit - 5 bad logins for a name spread over two server processes: the 6th is 429 with Retry-After on both', async () => {
      const { url, team } = await setUp();
      const other = await openTeamStore(url, { passwordParams: FAST_SCRYPT });
      const a = await teamApp(team);
      const b = await teamApp(other);
      for (let i = 0; i < 5; i++) {
        const r = await login(i % 2 === 0 ? a : b, 'alice', `guess ${i}`, `192.0.2.${i}`);
        assert.equal(r.statusCode, 401, `attempt ${i}`);
      }
      for (const app of [a, b]) {
        const r = await login(app, 'alice', PASSWORD, '192.0.2.200');
        assert.equal(r.statusCode, 429);
        assert.equal(errorCode(r), 'rate-limited');
        const retry = Number(r.headers['retry-after']);
        assert.ok(retry > 14 * 60 && retry <= 15 * 60, String(retry));
        assert.equal(r.headers['set-cookie'], undefined);
      }
      // Another user is not affected.
      assert.equal((await login(b, 'boss', BOSS_PASSWORD, '192.0.2.200')).statusCode, 200);
      await a.close();
      await b.close();
      await other.close();
      await team.close();
    });

    void test('Rate limit - 20 bad logins from one address stop it for every name', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      for (let i = 0; i < 20; i++) {
        assert.equal((await login(app, `user${i}`, 'guess', '198.51.100.7')).statusCode, 401);
      }
      assert.equal((await login(app, 'alice', PASSWORD, '198.51.100.7')).statusCode, 429);
      assert.equal((await login(app, 'alice', PASSWORD, '198.51.100.8')).statusCode, 200);
      await app.close();
      await team.close();
    });
  });

  void describe('Team auth: admin routes and the audit log', () => {
    void test('Admin - users, collections, audit and grants are for admins only (403 for members, 401 for nobody)', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      const alice = await session(app, 'alice', PASSWORD);
      for (const url of ['/api/admin/users', '/api/admin/collections', '/api/admin/audit']) {
        assert.equal((await app.inject({ method: 'GET', url })).statusCode, 401, url);
        const r = await app.inject({ method: 'GET', url, headers: { cookie: alice.cookie } });
        assert.equal(r.statusCode, 403, url);
      }
      const grant = await app.inject({
        method: 'POST',
        url: '/api/admin/grants',
        headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrf, 'content-type': 'application/json' },
        payload: JSON.stringify({ user: 'alice', collection: 'panama', role: 'editor' }),
      });
      assert.equal(grant.statusCode, 403);
      assert.equal((await team.getUser('alice'))?.grants.length, 1);
      await app.close();
      await team.close();
    });

    void test('Admin - grants and revokes through the API (with CSRF), lists users and filters the audit log', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      const boss = await session(app, 'boss', BOSS_PASSWORD);
      const post = (payload: unknown, csrf = boss.csrf) =>
        app.inject({
          method: 'POST',
          url: '/api/admin/grants',
          headers: { cookie: boss.cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
          remoteAddress: '10.0.0.9',
        });
      assert.equal(
        (await post({ user: 'alice', collection: 'panama', role: 'editor' }, 'wrong')).statusCode,
        403,
      );
      const g = await post({ user: 'alice', collection: 'panama', role: 'editor' });
      assert.equal(g.statusCode, 200, g.body);
      assert.equal(json(g).changed, true);
      assert.deepEqual((json(g).user as { grants: unknown }).grants, [
        { collection: 'leak', role: 'reader' },
        { collection: 'panama', role: 'editor' },
      ]);
      assert.equal(json(await post({ user: 'alice', collection: 'panama', role: 'editor' })).changed, false);
      const rv = await post({ user: 'alice', collection: 'leak', role: 'none' });
      assert.deepEqual((json(rv).user as { grants: unknown }).grants, [
        { collection: 'panama', role: 'editor' },
      ]);
      assert.equal((await post({ user: 'zelda', collection: 'leak', role: 'reader' })).statusCode, 404);
      assert.equal((await post({ user: 'alice', collection: 'nowhere', role: 'reader' })).statusCode, 404);
      assert.equal((await post({ user: 'alice', collection: 'leak', role: 'owner' })).statusCode, 400);
      assert.equal((await post({ user: 'alice', collection: 'Leak!', role: 'reader' })).statusCode, 400);

      const users = json(
        await app.inject({ method: 'GET', url: '/api/admin/users', headers: { cookie: boss.cookie } }),
      );
      assert.deepEqual(
        (users.users as Array<{ name: string; admin: boolean; tokens: number; sessions: number }>).map(
          (u) => [u.name, u.admin, u.tokens, u.sessions],
        ),
        [
          ['alice', false, 0, 0],
          ['boss', true, 0, 1],
          ['robot', false, 1, 0],
        ],
      );
      const audit = async (query: string) =>
        json(
          await app.inject({
            method: 'GET',
            url: `/api/admin/audit?${query}`,
            headers: { cookie: boss.cookie },
          }),
        );
      const grants = (await audit('action=grant&collection=panama')).entries as Array<
        Record<string, unknown>
      >;
      assert.equal(grants.length, 1);
      assert.deepEqual(
        { user: grants[0]?.user, detail: grants[0]?.detail, client: grants[0]?.client },
        { user: 'boss', detail: { target: 'alice', role: 'editor', previous: null }, client: '10.0.0.9' },
      );
      const page = await audit('limit=2');
      assert.equal((page.entries as unknown[]).length, 2);
      const next = await audit(`limit=2&before=${String(page.next)}`);
      assert.ok(((next.entries as Array<{ id: number }>)[0]?.id ?? Infinity) < (page.next as number));
      assert.equal(((await audit('since=2999-01-01')).entries as unknown[]).length, 0);
      for (const bad of [
        'action=dance',
        'limit=0',
        'limit=5000',
        'since=yesterday',
        'since=2026-02-31',
        'before=-1',
      ]) {
        const r = await app.inject({
          method: 'GET',
          url: `/api/admin/audit?${bad}`,
          headers: { cookie: boss.cookie },
        });
        assert.equal(r.statusCode, 400, bad);
      }
      await app.close();
      await team.close();
    });

    void test('Audit - logins (both outcomes), logouts and exports are recorded with the user and the client address', async () => {
      const { team } = await setUp();
      const app = await teamApp(team);
      await login(app, 'alice', 'wrong password', '203.0.113.5');
      await login(app, 'nobody', 'wrong password', '203.0.113.6');
      const alice = await session(app, 'alice', PASSWORD);
      const exp = await app.inject({
        method: 'GET',
        url: '/api/fake-export',
        headers: { cookie: alice.cookie, 'x-collection': 'leak' },
        remoteAddress: '10.0.0.1',
      });
      assert.equal(exp.statusCode, 200);
      await app.inject({
        method: 'POST',
        url: '/api/logout',
        headers: { cookie: alice.cookie, 'x-csrf-token': alice.csrf },
        remoteAddress: '10.0.0.1',
      });
      const entries = (await team.listAudit({ since: new Date(Date.now() - 60_000) })).entries
        .filter((e) => ['login', 'login-failed', 'logout', 'export'].includes(e.action))
        .reverse();
      assert.deepEqual(
        entries.map((e) => [e.user, e.action, e.collection, e.detail, e.client]),
        [
          ['alice', 'login-failed', null, { reason: 'wrong-password' }, '203.0.113.5'],
          ['nobody', 'login-failed', null, { reason: 'unknown-user' }, '203.0.113.6'],
          ['alice', 'login', null, { via: 'password' }, '10.0.0.1'],
          [
            'alice',
            'export',
            'leak',
            {
              format: 'mbox',
              query: 'from:wikileaks',
              started: '2026-11-26T09:00:00.000Z',
              outcome: 'complete',
              items: 12,
              sha256: 'ab'.repeat(32),
            },
            '10.0.0.1',
          ],
          ['alice', 'logout', null, {}, '10.0.0.1'],
        ],
      );
      await app.close();
      await team.close();
    });
  });
}
