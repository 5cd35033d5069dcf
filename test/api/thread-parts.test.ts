/**
 * A chat longer than one view over the API: an item's page carries the part of its conversation
 * around it (a hit late in an 80,000-message group chat is in the chat beside it), and
 * /api/threads/:id walks the parts with `offset`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildApp, type InnsynApp } from '../../src/api/index.js';
import { MAX_THREAD_NODES, openStore, type Store } from '../../src/store/index.js';
import { makeItem, rawOf } from '../store/store-fixtures.js';
import { AUTH, json, PORT, TOKEN } from './api-fixture.js';

const TOTAL = MAX_THREAD_NODES + 5;
let dir = '';
let store: Store;
let app: InnsynApp['app'];
const ids: string[] = [];

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'innsyn-thread-parts-'));
  store = await openStore(path.join(dir, 'case.db'));
  const items = Array.from({ length: TOTAL }, (_, k) =>
    makeItem({
      seed: `api-long-chat-${k}`,
      kind: 'message',
      platform: 'telegram',
      conversationId: 'group-77',
      sentAt: new Date(Date.UTC(2021, 5, 1) + k * 1_000).toISOString(),
      messageId: null,
      text: `chat line ${k}`,
    }),
  );
  for (const m of items) ids.push(m.id);
  for (let k = 0; k < items.length; k += 2_000) {
    await store.writeBatch({
      items: items.slice(k, k + 2_000).map((item) => ({ item, raw: rawOf(item) })),
      quarantine: [],
    });
  }
  app = (await buildApp({ store, token: TOKEN, port: PORT, uiDir: path.join(dir, 'no-ui'), log: () => {} }))
    .app;
});
after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => app.inject({ method: 'GET', url, headers: AUTH });
type Thread = {
  threadId: string;
  part?: { offset: number; total: number };
  nodes: Array<{ itemId: string }>;
};

void test('API threads - an item late in a long chat comes with the part of the chat around it', async () => {
  const last = ids.at(-1)!;
  const r = await get(`/api/items/${last}`);
  assert.equal(r.statusCode, 200, r.body);
  const thread = json(r).thread as Thread;
  assert.deepEqual(thread.part, { offset: TOTAL - MAX_THREAD_NODES, total: TOTAL });
  assert.equal(thread.nodes.length, MAX_THREAD_NODES);
  assert.equal(thread.nodes.at(-1)?.itemId, last);
  const first = json(await get(`/api/items/${ids[0]!}`)).thread as Thread;
  assert.deepEqual(first.part, { offset: 0, total: TOTAL });
  assert.equal(first.nodes[0]?.itemId, ids[0]);
});

void test('API threads - /api/threads/:id gives the first part, or the part from ?offset=', async () => {
  const whole = json(await get('/api/threads/group-77')).thread as Thread;
  assert.equal(whole.threadId, 'group-77');
  assert.deepEqual(whole.part, { offset: 0, total: TOTAL });
  const from = json(await get('/api/threads/group-77?offset=2')).thread as Thread;
  assert.deepEqual(from.part, { offset: 2, total: TOTAL });
  assert.deepEqual(
    from.nodes.map((n) => n.itemId),
    ids.slice(2, 2 + MAX_THREAD_NODES),
  );
  const past = json(await get('/api/threads/group-77?offset=999999')).thread as Thread;
  assert.deepEqual(past.part, { offset: TOTAL - MAX_THREAD_NODES, total: TOTAL });
  for (const bad of ['-1', 'x', '1.5']) {
    const r = await get(`/api/threads/group-77?offset=${bad}`);
    assert.equal(r.statusCode, 400, `offset=${bad}: ${r.body}`);
    assert.match((json(r).error as { message: string }).message, /offset/);
  }
});
