/**
 * Team mode records what a batch search searched for (docs/team.md "Audit log"): the front reads
 * the body of POST /api/batch-search, records its terms (the first MAX_AUDIT_BATCH_TERMS, within
 * MAX_AUDIT_BATCH_CHARS) with their count and filter, and hands the same bytes to the
 * collection's app, which answers as without the front. Read back with `innsyn audit --json`,
 * as an admin would.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  MAX_AUDIT_BATCH_CHARS,
  MAX_AUDIT_BATCH_TERMS,
  type RunningTeamServer,
} from '../../src/api/team-server.js';
import type { TeamStore } from '../../src/team/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { seedCollection, type Seed } from './collection-seed.js';
import { CLI_ACTOR, endTeamTest, freshTeam, loginTo, startLoopbackTeam, uiShell } from './team-fixture.js';

const PASSWORD = 'a long enough password';

const started = await startPgCluster();
const skip = 'skip' in started ? started.skip : false;

interface Entry {
  user: string | null;
  action: string;
  collection: string | null;
  detail: { batch?: boolean; count?: number; terms?: string[]; filter?: string; unreadable?: boolean };
}

void describe('Team audit of batch searches', { skip }, () => {
  const cluster = 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dir = '';
  let url = '';
  let team: TeamStore;
  let server: RunningTeamServer;
  let alpha: Seed;
  let cookie = '';
  let csrf = '';
  const logged: string[] = [];

  async function batch(body: BodyInit, headers: Record<string, string> = {}) {
    const r = await fetch(new URL('/api/batch-search', server.url), {
      method: 'POST',
      headers: {
        cookie,
        'x-csrf-token': csrf,
        'x-innsyn-collection': 'alpha',
        'content-type': 'application/json',
        ...headers,
      },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    return { status: r.status, body: await r.text() };
  }

  /** The batch searches of the audit log, oldest first, as `innsyn audit --json` prints them. */
  function audited(): Entry[] {
    const r = runCli(['audit', '--db', url, '--action', 'search', '--limit', '1000', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const entries = (JSON.parse(r.stdout) as { entries: Entry[] }).entries;
    return entries.filter((e) => e.detail.batch === true).reverse();
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-batch-audit-'));
    const ui = await uiShell(dir);
    ({ url, team } = await freshTeam(cluster));
    await team.ensureCollection('alpha', CLI_ACTOR);
    await team.addUser('ed', PASSWORD, {}, CLI_ACTOR);
    await team.grant('ed', 'alpha', 'editor', CLI_ACTOR);
    alpha = await seedCollection(url, 'alpha', dir, 'aurora', 'anna@alpha.example');
    server = await startLoopbackTeam(url, team, ui, logged);
    ({ cookie, csrf } = await loginTo(server.url, 'ed', PASSWORD));
  });

  after(() => endTeamTest({ server, team, cluster, dir, logged }));

  void test('Team batch audit - the terms searched are recorded, the first 100 of 150 with the count', async () => {
    const terms = [alpha.word, 'pipeline', ...Array.from({ length: 148 }, (_, i) => `name${i}`)];
    const r = await batch(JSON.stringify({ terms, filter: 'from:anna@alpha.example' }));
    assert.equal(r.status, 200, r.body);
    // The collection's app read the same body: every term searched, with the filter.
    const answer = JSON.parse(r.body) as { filter: string; rows: Array<{ term: string; hits: number }> };
    assert.equal(answer.filter, 'from:anna@alpha.example');
    assert.equal(answer.rows.length, 150);
    assert.equal(answer.rows.find((row) => row.term === alpha.word)?.hits, 2);
    assert.equal(answer.rows.find((row) => row.term === 'name147')?.hits, 0);

    const [entry, ...rest] = audited();
    assert.deepEqual(rest, []);
    assert.equal(entry?.user, 'ed');
    assert.equal(entry?.collection, 'alpha');
    assert.equal(entry?.detail.count, 150);
    assert.equal(entry?.detail.filter, 'from:anna@alpha.example');
    assert.equal(entry?.detail.terms?.length, MAX_AUDIT_BATCH_TERMS);
    assert.deepEqual(entry?.detail.terms, terms.slice(0, MAX_AUDIT_BATCH_TERMS));
  });

  void test('Team batch audit - long terms are recorded up to the character budget; a streamed body too', async () => {
    const terms = Array.from({ length: 40 }, (_, i) => `${String(i).padStart(3, '0')}${'x'.repeat(997)}`);
    // Sent chunked (no Content-Length), in pieces: the front reads it all, the app again.
    const bytes = new TextEncoder().encode(JSON.stringify({ terms, exact: true }));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
        controller.close();
      },
    });
    const r = await batch(stream);
    assert.equal(r.status, 200, r.body);
    assert.equal((JSON.parse(r.body) as { rows: unknown[] }).rows.length, 40);
    const entry = audited().at(-1);
    assert.equal(entry?.detail.count, 40);
    const kept = entry?.detail.terms ?? [];
    assert.equal(kept.length, Math.floor(MAX_AUDIT_BATCH_CHARS / 1000));
    assert.deepEqual(kept, terms.slice(0, kept.length));
  });

  void test('Team batch audit - a body the route refuses is recorded as unreadable; one too large is not', async () => {
    const before = audited().length;
    const bad = await batch('{"terms": [');
    assert.equal(bad.status, 400, bad.body);
    const entry = audited().at(-1);
    assert.equal(audited().length, before + 1);
    assert.deepEqual(entry?.detail, { batch: true, count: 0, terms: [], unreadable: true });
    const huge = await batch(JSON.stringify({ terms: ['x'.repeat(3 * 1024 * 1024)] }));
    assert.equal(huge.status, 413, huge.body);
    assert.equal(audited().length, before + 1);
    // The same sent chunked, without a length: the front stops reading at the limit.
    const big = new TextEncoder().encode(JSON.stringify({ terms: ['y'.repeat(3 * 1024 * 1024)] }));
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 65536) controller.enqueue(big.slice(i, i + 65536));
        controller.close();
      },
    });
    const streamed = await batch(chunked);
    assert.equal(streamed.status, 413, streamed.body);
    assert.equal(audited().length, before + 1);
    // The rest of those bodies was never read: the front closed the connection after answering
    // (else server.close() below would wait for the request timeout).
  });
});
