/**
 * Team mode closes what it keeps open per collection (docs/team.md "Collection apps"): a
 * collection's app and its PostgreSQL pool unused for collectionIdleMs are closed (the
 * server's connections drop in pg_stat_activity) and opened again by the next request; a
 * request under way is never cut; a collection removed from the registry is dropped at the next
 * request that names it. The collections' stores connect as a role of their own, so that their
 * connections can be told from the team store's.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { startTeamServer, type RunningTeamServer } from '../../src/api/team-server.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { TeamStore } from '../../src/team/index.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { seedCollection } from './collection-seed.js';
import { CLI_ACTOR, endTeamTest, freshTeam, loginTo, sql, uiShell } from './team-fixture.js';

const PASSWORD = 'a long enough password';
/** The role the collections' pools connect as (a superuser: it reads what innsyn made). */
const APP_ROLE = 'idle_app';
/** Far below node-postgres's own idle timeout for pooled connections (10 s). */
const IDLE_MS = 300;
/** How long a close may take to show, still well within those 10 s. */
const CLOSE_WITHIN_MS = 4000;

const started = await startPgCluster();
const skip = 'skip' in started ? started.skip : false;

void describe('Team collection apps: idle and removed ones are closed', { skip }, () => {
  const cluster = 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dir = '';
  let ui = '';
  let url = '';
  let appUrl = '';
  let team: TeamStore;
  let server: RunningTeamServer | null = null;
  const logged: string[] = [];
  const cookies = new Map<string, string>();
  /** Milliseconds GET /api/stats waits before it reads the store (0: none). */
  let statsDelayMs = 0;
  let opens = 0;

  /** Opens a collection's store as APP_ROLE, with a stats() that can be made slow. */
  async function openCollection(name: string): Promise<Store> {
    opens++;
    const store = await openStore(appUrl, { collection: name });
    return new Proxy(store, {
      get(target, key) {
        if (key === 'stats') {
          return async () => {
            if (statsDelayMs > 0) await sleep(statsDelayMs);
            return target.stats();
          };
        }
        const value = Reflect.get(target, key, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  async function start(collectionIdleMs: number): Promise<RunningTeamServer> {
    // The server of a test that failed half-way too: none may be left listening.
    await server?.close();
    server = null;
    const s = await startTeamServer({
      db: url,
      team,
      port: 0,
      host: '127.0.0.1',
      uiDir: ui,
      collectionIdleMs,
      openCollection,
      log: (line) => logged.push(line),
    });
    for (const name of ['boss', 'rita']) {
      cookies.set(name, (await loginTo(s.url, name, PASSWORD)).cookie);
    }
    return s;
  }

  async function stats(user: string, collection: string): Promise<{ status: number; body: string }> {
    assert.ok(server !== null);
    const r = await fetch(new URL('/api/stats', server.url), {
      headers: { cookie: cookies.get(user) ?? '', 'x-innsyn-collection': collection },
    });
    return { status: r.status, body: await r.text() };
  }

  /** The collections' connections to the server: those of APP_ROLE. */
  async function connections(): Promise<number> {
    const rows = await sql<{ n: number }>(
      url,
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1',
      [APP_ROLE],
    );
    return rows[0]?.n ?? -1;
  }

  async function until(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<number> {
    const t0 = Date.now();
    while (!(await check())) {
      if (Date.now() - t0 > ms) assert.fail(`${what}: not within ${ms} ms`);
      await sleep(25);
    }
    return Date.now() - t0;
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-idle-'));
    ui = await uiShell(dir);
    ({ url, team } = await freshTeam(cluster));
    await team.ensureCollection('alpha', CLI_ACTOR);
    await team.ensureCollection('gamma', CLI_ACTOR);
    await team.addUser('boss', PASSWORD, { admin: true }, CLI_ACTOR);
    await team.addUser('rita', PASSWORD, {}, CLI_ACTOR);
    await team.addUser('olga', PASSWORD, {}, CLI_ACTOR); // of no collection
    await team.grant('rita', 'alpha', 'reader', CLI_ACTOR);
    await team.grant('rita', 'gamma', 'reader', CLI_ACTOR);
    await seedCollection(url, 'alpha', dir, 'aurora', 'anna@alpha.example');
    await seedCollection(url, 'gamma', dir, 'gemstone', 'gus@gamma.example');
    await sql(url, `CREATE ROLE ${APP_ROLE} LOGIN SUPERUSER`);
    appUrl = url.replace(/^postgres:\/\/[^@]+@/, `postgres://${APP_ROLE}@`);
    assert.notEqual(appUrl, url);
  });

  after(() => endTeamTest({ server, team, cluster, dir, logged }));

  void test('Team idle - an unused collection app is closed with its pool, and opened by the next request', async () => {
    server = await start(IDLE_MS);
    assert.equal(await connections(), 0);
    const first = await stats('rita', 'alpha');
    assert.equal(first.status, 200, first.body);
    assert.deepEqual(server.openCollections(), ['alpha']);
    assert.ok((await connections()) >= 1, 'the collection connected');
    const opened = opens;
    // Closed after IDLE_MS, well before node-postgres would let its idle connections go.
    await until('closed', () => server?.openCollections().length === 0, CLOSE_WITHIN_MS);
    const waited = await until(
      'the connections gone',
      async () => (await connections()) === 0,
      CLOSE_WITHIN_MS,
    );
    assert.ok(waited < CLOSE_WITHIN_MS);
    // The next request opens it again and is answered as before.
    const again = await stats('rita', 'alpha');
    assert.equal(again.status, 200, again.body);
    assert.deepEqual(JSON.parse(again.body), JSON.parse(first.body));
    assert.equal(opens, opened + 1);
    assert.ok((await connections()) >= 1);
    // Requests keep it open: each one restarts the clock.
    for (let i = 0; i < 4; i++) {
      await sleep(IDLE_MS / 3);
      assert.equal((await stats('rita', 'alpha')).status, 200);
    }
    assert.equal(opens, opened + 1, 'reopened while in use');
  });

  void test('Team idle - a request under way is never cut, however long it takes', async () => {
    assert.ok(server !== null);
    statsDelayMs = IDLE_MS * 5;
    const slow = stats('rita', 'alpha');
    await sleep(IDLE_MS / 2);
    // Another request comes and goes meanwhile (gamma's, and a quick one of alpha's own that
    // the front answers before the collection: a reader's change, refused).
    statsDelayMs = 0;
    assert.equal((await stats('rita', 'gamma')).status, 200);
    const refused = await fetch(new URL('/api/items/x/star', server.url), {
      method: 'PUT',
      headers: { authorization: 'Bearer innsyn_wrong', 'x-innsyn-collection': 'alpha' },
    });
    assert.equal(refused.status, 401);
    await sleep(IDLE_MS * 2);
    // gamma, unused, is closed; alpha, still answering, is not.
    assert.deepEqual(server.openCollections(), ['alpha']);
    const answer = await slow;
    assert.equal(answer.status, 200, answer.body);
    assert.equal((JSON.parse(answer.body) as { stats: { items: number } }).stats.items, 2);
    await until(
      'alpha closed after its answer',
      () => server?.openCollections().length === 0,
      CLOSE_WITHIN_MS,
    );
    await until('the connections gone', async () => (await connections()) === 0, CLOSE_WITHIN_MS);
    await server.close();
    server = null;
  });

  void test('Team idle - a refused request asks the registry alike for an open, a closed and no collection', async () => {
    server = await start(0);
    const olga = (await loginTo(server.url, 'olga', PASSWORD)).cookie;
    assert.equal((await stats('rita', 'alpha')).status, 200); // alpha open, gamma not
    assert.deepEqual(server.openCollections(), ['alpha']);
    const asked: string[] = [];
    const getCollection = team.getCollection.bind(team);
    team.getCollection = async (name) => {
      asked.push(name);
      return getCollection(name);
    };
    try {
      for (const name of ['alpha', 'gamma', 'nosuch']) {
        const r: Response = await fetch(new URL('/api/stats', server.url), {
          headers: { cookie: olga, 'x-innsyn-collection': name },
        });
        assert.equal(r.status, 404, name);
      }
    } finally {
      team.getCollection = getCollection;
    }
    // The same work for each: the time of the answer does not tell which exist or are open.
    assert.deepEqual(asked, ['alpha', 'gamma', 'nosuch']);
    assert.deepEqual(server.openCollections(), ['alpha']);
  });

  void test('Team idle - 0 keeps them open; a removed collection is dropped at the next request', async () => {
    server = await start(0);
    assert.equal((await stats('boss', 'alpha')).status, 200);
    assert.equal((await stats('rita', 'gamma')).status, 200);
    await sleep(IDLE_MS * 3);
    assert.deepEqual(server.openCollections().sort(), ['alpha', 'gamma']);
    assert.ok((await connections()) >= 2);
    // Removed from the registry behind the server's back (their grants go with them).
    await sql(url, `DELETE FROM innsyn_team.collections WHERE name IN ('alpha', 'gamma')`);
    // An admin's request: the registry is asked, the collection is gone, its app dropped.
    const admin = await stats('boss', 'alpha');
    assert.equal(admin.status, 404);
    assert.match(admin.body, /no collection 'alpha' that you may open/);
    assert.deepEqual(server.openCollections(), ['gamma']);
    // A member's request: no grant any more, and the app is dropped as well.
    const member = await stats('rita', 'gamma');
    assert.equal(member.status, 404);
    assert.deepEqual(server.openCollections(), []);
    await until('the connections gone', async () => (await connections()) === 0, CLOSE_WITHIN_MS);
  });
});
