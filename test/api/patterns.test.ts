import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp, type InnsynApp } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { AUTH, DEMO_MBOX, PORT, TOKEN } from './api-fixture.js';
import { repoRoot } from '../helpers/shared.js';

const ARCHIVE = path.join(repoRoot, 'demo', 'DonaldJTrumpJr-x-archive');
const POSTS = path.join(repoRoot, 'demo', 'realDonaldTrump-public-posts.csv');

void describe('API patterns: pairs, echoes, timeline, network of the seed scenario', () => {
  let dir: string;
  let store: Store;
  let built: InnsynApp;
  const get = async (url: string) => {
    const r = await built.app.inject({ url, headers: AUTH });
    return { status: r.statusCode, body: r.json() as Record<string, unknown> };
  };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-patterns-'));
    store = await openStore(path.join(dir, 'case.db'));
    await ingest([ARCHIVE, POSTS, DEMO_MBOX], store, { workers: 0 });
    await store.rebuildPeople();
    built = await buildApp({ store, token: TOKEN, port: PORT, uiDir: dir, log: () => {} });
  });
  after(async () => {
    await built.app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('API - /api/pairs answers the WikiLeaks pair with its two answers', async () => {
    const r = await get('/api/pairs?person=wikileaks');
    assert.equal(r.status, 200);
    const pairs = r.body.pairs as Array<{
      aToB: number;
      bToA: number;
      answeredAtoB: number;
      answeredBtoA: number;
    }>;
    assert.equal(pairs.length, 1);
    const p = pairs[0] as (typeof pairs)[number];
    assert.deepEqual([p.aToB + p.bToA, p.answeredAtoB + p.answeredBtoA], [13, 2]);
    assert.equal(r.body.total, 1);
    const two = await get('/api/pairs?person=wikileaks&with=DonaldJTrumpJr&limit=1');
    assert.equal((two.body.pairs as unknown[]).length, 1);
    const none = await get('/api/pairs?person=wikileaks&with=realDonaldTrump');
    assert.deepEqual([none.body.total, none.body.pairs], [0, []]);
  });

  test('API - /api/echoes ranks the link echo with its latency and evidence', async () => {
    const r = await get('/api/echoes?limit=5');
    assert.equal(r.status, 200);
    const echoes = r.body.echoes as Array<{ latencySeconds: number; evidence: Array<{ kind: string }> }>;
    const link = echoes.find((e) => e.evidence.some((ev) => ev.kind === 'link'));
    assert.equal(link?.latencySeconds, ((24 + 21) * 60 + 11) * 60);
  });

  test('API - /api/timeline and /api/network answer; a bad query is a 400 with its column', async () => {
    const t = await get('/api/timeline?bucket=month&q=platform:x');
    assert.equal(t.status, 200);
    const buckets = (t.body.timeline as { buckets: Array<{ private: number; public: number }> }).buckets;
    assert.equal(
      buckets.reduce((n, b) => n + b.private + b.public, 0),
      21, // 13 DMs, 4 posts of the son, 4 of the father (the post list is platform x too)
    );
    const n = await get('/api/network');
    assert.equal(n.status, 200);
    assert.ok((n.body.network as { nodes: unknown[] }).nodes.length >= 5);
    const bad = await get('/api/timeline?q=' + encodeURIComponent('from:(a'));
    assert.equal(bad.status, 400);
    const noToken = await built.app.inject({ url: '/api/pairs', headers: { host: AUTH.host } });
    assert.equal(noToken.statusCode, 401);
  });
});
