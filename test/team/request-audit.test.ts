/**
 * What the team server's front records of the requests it hands to a collection's app
 * (docs/team.md "Audit log"): a path written with percent-escapes is recorded as the route it
 * reaches; an export is recorded before its first byte, and not sent when that record cannot be
 * written; the routes that show items' texts by other ways than the search are recorded too.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunningTeamServer } from '../../src/api/team-server.js';
import { auditOf, canonicalUrl } from '../../src/api/team-request-audit.js';
import type { TeamStore } from '../../src/team/index.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { seedCollection, type Seed } from './collection-seed.js';
import {
  CLI_ACTOR,
  endTeamTest,
  freshTeam,
  loginTo,
  sql,
  startLoopbackTeam,
  uiShell,
} from './team-fixture.js';

const PASSWORD = 'a long enough password';

void test('Team request audit - canonicalUrl decodes each segment and encodes it again the one way', () => {
  assert.equal(canonicalUrl('/api/%73earch?q=%41'), '/api/search?q=%41');
  assert.equal(canonicalUrl('/api/batch%2Dsearch'), '/api/batch-search');
  assert.equal(canonicalUrl('/item/ab%2fcd/r%61w'), '/item/ab%2Fcd/raw');
  assert.equal(canonicalUrl('/api/saved-searches/two%20words'), '/api/saved-searches/two%20words');
  assert.equal(canonicalUrl("/api/saved-searches/o'neil"), "/api/saved-searches/o'neil");
  assert.equal(canonicalUrl('/api/items/%zz'), null);
  assert.equal(canonicalUrl('/api/items/%E0%A4%A'), null);
});

void test('Team request audit - auditOf names searches, item opens and export starts; HEAD as GET', () => {
  assert.deepEqual(auditOf('GET', '/api/search?q=a%20b&sort=date'), {
    action: 'search',
    detail: { query: 'a b' },
  });
  assert.deepEqual(auditOf('HEAD', '/item/abc/raw'), {
    action: 'item-open',
    detail: { item: 'abc', via: 'raw' },
  });
  assert.deepEqual(auditOf('GET', '/api/export.zip?q=x'), {
    action: 'export',
    detail: { format: 'evidence-zip', query: 'x', outcome: 'started' },
  });
  assert.deepEqual(auditOf('GET', '/api/echoes?item=abc'), {
    action: 'search',
    detail: { query: '', via: 'echoes', item: 'abc' },
  });
  assert.deepEqual(auditOf('GET', '/api/pairs?q=x&person=email%3Aa%40b'), {
    action: 'search',
    detail: { query: 'x', via: 'pairs', person: 'email:a@b' },
  });
  assert.equal(auditOf('GET', '/api/stats'), null);
  assert.equal(auditOf('POST', '/api/batch-search'), null); // the dispatcher reads its body
  assert.equal(auditOf('PUT', '/api/items/abc'), null);
});

const started = await startPgCluster();
const skip = 'skip' in started ? started.skip : false;

interface Entry {
  user: string | null;
  action: string;
  collection: string | null;
  detail: Record<string, unknown>;
}

void describe('Team request audit', { skip }, () => {
  const cluster = 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dir = '';
  let url = '';
  let team: TeamStore;
  let server: RunningTeamServer;
  let alpha: Seed;
  const logged: string[] = [];
  const sessions = new Map<string, { cookie: string; csrf: string }>();

  async function get(user: string, target: string, method = 'GET') {
    const session = sessions.get(user) as { cookie: string };
    const r = await fetch(new URL(target, server.url), {
      method,
      headers: { cookie: session.cookie, 'x-innsyn-collection': 'alpha' },
    });
    return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
  }

  async function post(user: string, target: string, body: unknown) {
    const session = sessions.get(user) as { cookie: string; csrf: string };
    const r = await fetch(new URL(target, server.url), {
      method: 'POST',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        'x-innsyn-collection': 'alpha',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.text() };
  }

  /** The user's entries of the audit log, oldest first. */
  async function entries(user: string): Promise<Entry[]> {
    return sql<Entry>(
      url,
      `SELECT user_name AS "user", action, collection, detail FROM innsyn_team.audit_log
       WHERE user_name = $1 AND action <> 'login' ORDER BY id`,
      [user],
    );
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-request-audit-'));
    const ui = await uiShell(dir);
    ({ url, team } = await freshTeam(cluster));
    await team.ensureCollection('alpha', CLI_ACTOR);
    for (const [name, role] of [
      ['rd', 'reader'],
      ['ed', 'editor'],
      ['blocked', 'reader'],
    ] as const) {
      await team.addUser(name, PASSWORD, {}, CLI_ACTOR);
      await team.grant(name, 'alpha', role, CLI_ACTOR);
    }
    alpha = await seedCollection(url, 'alpha', dir, 'aurora', 'anna@alpha.example');
    server = await startLoopbackTeam(url, team, ui, logged);
    for (const name of ['rd', 'ed', 'blocked']) sessions.set(name, await loginTo(server.url, name, PASSWORD));
  });

  after(() => endTeamTest({ server, team, cluster, dir, logged }));

  void test('Team request audit - a path with percent-escapes is recorded as the route it reaches', async () => {
    const id = alpha.ids[0] as string;
    const requests = [
      `/api/%73earch?q=${alpha.word}`,
      `/api/%69tems/${id}`,
      `/item/${id}/r%61w`,
      `/api/thr%65ads/${alpha.threadId}`,
      `/%61ttachment/${alpha.sha256}`,
      `/api/attachments/${alpha.sha256}/t%65xt`,
    ];
    for (const r of requests) assert.equal((await get('rd', r)).status, 200, r);
    const found = await get('rd', `/api/%73earch?q=${alpha.word}`);
    assert.equal((JSON.parse(found.body.toString()) as { total: number }).total, 2);
    assert.deepEqual(
      (await entries('rd')).map((e) => [e.action, e.collection, e.detail]),
      [
        ['search', 'alpha', { query: alpha.word }],
        ['item-open', 'alpha', { item: id }],
        ['item-open', 'alpha', { item: id, via: 'raw' }],
        ['item-open', 'alpha', { thread: alpha.threadId }],
        ['item-open', 'alpha', { attachment: alpha.sha256 }],
        ['item-open', 'alpha', { attachment: alpha.sha256, via: 'text' }],
        ['search', 'alpha', { query: alpha.word }],
      ],
    );
    // A path that is not valid percent-encoding reaches nothing.
    assert.equal((await get('rd', '/api/items/%zz')).status, 400);

    // A batch search under an escaped name: an editor's is recorded with its terms; a reader's
    // is a reading POST as the route it reaches.
    const batch = await post('ed', '/api/batch%2Dsearch', { terms: [alpha.word] });
    assert.equal(batch.status, 200, batch.body);
    const last = (await entries('ed')).at(-1);
    assert.equal(last?.action, 'search');
    assert.deepEqual(last?.detail.terms, [alpha.word]);
    assert.equal((await post('rd', '/api/%62atch-search', { terms: [alpha.word] })).status, 200);
    assert.deepEqual((await entries('rd')).at(-1)?.detail.terms, [alpha.word]);
  });

  void test('Team request audit - an export is recorded when it starts and when it ends', async () => {
    const r = await get('rd', `/api/export.mbox?q=${alpha.word}`);
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /^From /);
    const exports = (await entries('rd')).filter((e) => e.action === 'export');
    assert.deepEqual(exports[0]?.detail, { format: 'mbox', query: alpha.word, outcome: 'started' });
    // The export hook writes its entry when the stream has closed: wait for it.
    for (let i = 0; i < 50 && (await entries('rd')).filter((e) => e.action === 'export').length < 2; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const ended = (await entries('rd')).filter((e) => e.action === 'export')[1];
    assert.equal(ended?.detail.outcome, 'complete');
    assert.equal(ended?.detail.items, 2);
  });

  void test('Team request audit - an export the log cannot record is not sent', async () => {
    // The log refuses this user's entries (a full disk, a lost connection, a trigger).
    await sql(
      url,
      `CREATE FUNCTION public.refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
       $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$`,
    );
    await sql(
      url,
      `CREATE TRIGGER refuse_blocked BEFORE INSERT ON innsyn_team.audit_log
       FOR EACH ROW WHEN (NEW.user_name = 'blocked') EXECUTE FUNCTION public.refuse_audit()`,
    );
    const before = logged.length;
    for (const target of ['/api/export.zip', '/api/export.mbox', '/api/report.html']) {
      const r = await get('blocked', `${target}?q=${alpha.word}`);
      assert.equal(r.status, 500, target);
      assert.doesNotMatch(r.body.toString('latin1'), new RegExp(alpha.word), target);
    }
    assert.equal((await get('blocked', `/api/search?q=${alpha.word}`)).status, 500);
    assert.deepEqual(await entries('blocked'), []);
    // The server logged each failure: expected here, not a failure of the test.
    assert.ok(logged.length > before);
    logged.splice(before);
  });
});
