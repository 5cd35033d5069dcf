import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Item } from '../../src/model/index.js';
import { MAX_QUERY_LENGTH, parseQuery } from '../../src/query/index.js';
import type { Store } from '../../src/store/index.js';
import { json, startApiCase, type ApiCase } from './api-fixture.js';

type Doc = Record<string, unknown>;
const errorOf = (d: Doc) => d.error as { code: string; message: string; column?: number };

void describe('API routes: JSON answers and their 400s', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase()));
  after(async () => c.close());

  void test('API - search answers the page, and facets and a histogram only when asked', async () => {
    const plain = json(await c.get('/api/search?q=russia&limit=2&sort=date'));
    assert.equal(plain.version, 1);
    assert.equal(plain.query, 'russia');
    assert.equal(plain.total, 6);
    assert.equal(plain.offset, 0);
    assert.equal(plain.limit, 2);
    const expected = await c.store.search(parseQuery('russia'), { limit: 2, offset: 0, sort: 'date' });
    assert.deepEqual(plain.items, expected.items);
    assert.equal(plain.facets, undefined);
    assert.equal(plain.histogram, undefined);

    const full = json(await c.get('/api/search?q=russia&facets=1&histogram=1'));
    assert.deepEqual(full.facets, await c.store.facets(parseQuery('russia'), { limit: 100 }));
    assert.deepEqual(full.histogram, await c.store.histogram(parseQuery('russia')));
    assert.equal((full.items as unknown[]).length, 6);

    const all = json(await c.get('/api/search'));
    assert.equal(all.total, 8, 'no query lists everything');
    assert.equal(all.query, '');
    const page2 = json(await c.get('/api/search?offset=7&limit=5&sort=date-asc'));
    assert.equal((page2.items as unknown[]).length, 1);
  });

  void test('API - a repeated search is the same answer; a write changes it', async () => {
    const a = (await c.get('/api/search?q=kari&facets=1')).body;
    assert.equal((await c.get('/api/search?q=kari&facets=1')).body, a);
    const item = (await c.store.getItem(c.ids.latin1)) as Item;
    const copy: Item = {
      ...item,
      id: 'f'.repeat(32),
      subject: 'Latin-1 body again',
      messageId: 'again@example.no',
    };
    await c.store.writeBatch({ items: [{ item: copy, raw: Buffer.from('raw') }], quarantine: [] });
    const b = json(await c.get('/api/search?q=kari&facets=1'));
    assert.equal(b.total, 2, 'the new item is found: the cached answer was not reused');
  });

  void test('API - bad search parameters are 400 bad-request naming the parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['limit=0', /limit must be >= 1/],
      ['limit=501', /limit must be <= 500/],
      ['limit=ten', /limit must be integer/],
      ['offset=-1', /offset must be >= 0/],
      ['sort=foo', /sort must be equal to one of the allowed values/],
      ['facets=2', /facets must be equal to one of the allowed values/],
      ['interval=week', /interval/],
      [`q=${'x'.repeat(MAX_QUERY_LENGTH + 1)}`, /q must NOT have more than/],
    ];
    for (const [qs, message] of cases) {
      const r = await c.get(`/api/search?${qs}`);
      assert.equal(r.statusCode, 400, qs);
      assert.equal(errorOf(json(r)).code, 'bad-request');
      assert.match(errorOf(json(r)).message, message);
    }
  });

  void test('API - a bad query is 400 bad-query with the column where it went wrong', async () => {
    const r = await c.get(`/api/search?q=${encodeURIComponent('russia (from:x')}`);
    assert.equal(r.statusCode, 400);
    const e = errorOf(json(r));
    assert.equal(e.code, 'bad-query');
    assert.equal(e.column, 8);
    assert.match(e.message, /never closed/);
    const field = errorOf(json(await c.get('/api/search?q=nosuchfield:x')));
    assert.equal(field.code, 'bad-query');
    assert.equal(field.column, 1);
  });

  void test('API - an item: the item (no HTML), every location and its thread', async () => {
    const id = c.ids.demoLast;
    const d = json(await c.get(`/api/items/${id}`));
    assert.equal(d.version, 1);
    const { html, ...rest } = (await c.store.getItem(id)) as Item;
    assert.equal(html, null);
    assert.deepEqual(d.item, { ...rest, html: null });
    assert.deepEqual(d.locations, await c.store.getLocations(id));
    const thread = d.thread as { nodes: Array<{ itemId: string }> };
    assert.equal(thread.nodes.length, 6);
    assert.ok(thread.nodes.some((n) => n.itemId === id));
    // An item with HTML: `html` is left out (it is only served sanitised).
    const hostile = json(await c.get(`/api/items/${c.ids.hostile}`)).item as Doc;
    assert.equal('html' in hostile, false);
    assert.equal((hostile.attachments as unknown[]).length, 1);
    // Ids are case-insensitive; not hex is 400; unknown is 404.
    assert.equal((await c.get(`/api/items/${id.toUpperCase()}`)).statusCode, 200);
    const bad = await c.get('/api/items/not-an-id');
    assert.equal(bad.statusCode, 400);
    assert.match(errorOf(json(bad)).message, /params\/id must match pattern/);
    const none = await c.get(`/api/items/${'0'.repeat(32)}`);
    assert.equal(none.statusCode, 404);
    assert.equal(errorOf(json(none)).code, 'not-found');
  });

  void test('API - an item lists the folders of every copy, and the labels of each', async () => {
    const id = c.ids.latin1;
    const item = (await c.store.getItem(id)) as Item;
    const before = json(await c.get(`/api/items/${id}`));
    assert.deepEqual(
      before.folders,
      [item.location.path.replace(/\/[^/]+$/, '')],
      'an .eml is in its directory',
    );
    const copy = {
      ...item,
      location: { ...item.location, path: '/takeout/All mail.mbox', labels: ['Inbox', 'Søppel'] },
    };
    await c.store.writeBatch({ items: [{ item: copy, raw: new TextEncoder().encode('x') }], quarantine: [] });
    const d = json(await c.get(`/api/items/${id}`));
    assert.deepEqual(d.locations, [item.location, copy.location]);
    assert.deepEqual(d.folders, [...(before.folders as string[]), '/takeout/All mail', 'Inbox', 'Søppel']);
    const found = json(await c.get(`/api/search?q=${encodeURIComponent('folder:soppel')}`));
    assert.deepEqual(
      (found.items as Array<{ id: string }>).map((x) => x.id),
      [id],
    );
    // Each folder's query: the shortest tail of its name that finds what the whole name finds.
    const queries = d.folderQueries as string[];
    assert.deepEqual(queries.slice(1), ['All mail', 'Inbox', 'Søppel']);
    const first = (d.folders as string[])[0] as string;
    assert.ok(
      first.endsWith(queries[0] as string) && queries[0] !== first,
      `${queries[0]} is a tail of ${first}`,
    );
    for (const [i, folder] of (d.folders as string[]).entries()) {
      const ids = async (value: string): Promise<string[]> =>
        (
          json(await c.get(`/api/search?limit=500&q=${encodeURIComponent(`folder:"${value}"`)}`))
            .items as Array<{ id: string }>
        )
          .map((x) => x.id)
          .sort();
      assert.deepEqual(await ids(queries[i] as string), await ids(folder), folder);
    }
  });

  void test('API - a thread by its id; a lone item by its own id; unknown is 404', async () => {
    const item = (await c.store.getItem(c.ids.demoLast)) as Item;
    const d = json(await c.get(`/api/threads/${item.conversationId}`));
    assert.deepEqual(d.thread, await c.store.getThread(c.ids.demoLast));
    const latin1 = (await c.store.getItem(c.ids.latin1)) as Item;
    const lone = json(await c.get(`/api/threads/${latin1.conversationId}`)).thread as { nodes: unknown[] };
    assert.equal(lone.nodes.length, 1, 'a message alone is a thread of one');
    assert.equal((await c.get(`/api/threads/${'e'.repeat(32)}`)).statusCode, 404);
    assert.equal(
      (await c.get(`/api/threads/${c.ids.demoFirst}`)).statusCode,
      404,
      'a member id is not a thread id',
    );
    assert.equal((await c.get(`/api/threads/${'x'.repeat(300)}`)).statusCode, 400);
  });

  void test('API - stats and sources', async () => {
    const stats = json(await c.get('/api/stats'));
    assert.deepEqual(stats.stats, await c.store.stats());
    const sources = json(await c.get('/api/sources'));
    assert.deepEqual(sources.sources, await c.store.listSources());
    assert.equal((sources.sources as unknown[]).length, 3);
    assert.deepEqual(sources.quarantine, []);
  });

  void test('API - unknown API paths and methods are 404 JSON', async () => {
    for (const r of [
      await c.get('/api/nothing'),
      await c.app.inject({ method: 'POST', url: '/api/search', headers: { host: '127.0.0.1:7070' } }),
      await c.app.inject({
        method: 'DELETE',
        url: `/api/items/${c.ids.latin1}`,
        headers: { host: '127.0.0.1:7070' },
      }),
    ]) {
      assert.equal(r.statusCode, 404);
      assert.equal(errorOf(json(r)).code, 'not-found');
    }
  });

  void test('API - the OpenAPI document lists every route with its parameters and schemas', async () => {
    const doc = json(await c.get('/api/openapi.json')) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: Array<{ name: string; schema: Doc }>; responses: Doc }>
      >;
      components: { schemas: Record<string, unknown> };
    };
    assert.equal(doc.openapi, '3.1.0');
    const registered = c.routes
      .flatMap((r) => [r.method].flat().map((m) => `${m} ${r.url}`))
      .filter((r) => !r.startsWith('HEAD '));
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map(
        (m) => `${m.toUpperCase()} ${p.replace(/\{path\}$/, '*').replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    assert.deepEqual(new Set(documented), new Set(registered));
    for (const route of [
      'GET /api/search',
      'GET /api/items/:id',
      'GET /api/items/:id/html',
      'GET /api/threads/:threadId',
      'GET /api/stats',
      'GET /api/sources',
      'GET /api/openapi.json',
      'GET /item/:id',
      'GET /item/:id/raw',
      'GET /attachment/:sha256',
      'GET /',
      'GET /assets/*',
    ]) {
      assert.ok(registered.includes(route), `${route} is served and documented`);
    }
    const limit = doc.paths['/api/search']?.get?.parameters?.find((p) => p.name === 'limit');
    assert.deepEqual(limit?.schema, { type: 'integer', minimum: 1, maximum: 500, default: 50 });
    // Every reference points at a component that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 10);
    for (const r of refs) {
      const name = r.slice(8, -1).replace('#/components/schemas/', '');
      assert.ok(name in doc.components.schemas, r);
    }
  });
});

void describe('API failures: a 500 leaks nothing', () => {
  let c: ApiCase;
  before(
    async () =>
      (c = await startApiCase({
        store: (real) =>
          new Proxy(real, {
            get(target, key, receiver) {
              if (key === 'search' || key === 'stats') {
                return () => {
                  const cause = new Error(
                    'SQLITE_CORRUPT: database disk image is malformed at /secret/case.db',
                  );
                  return Promise.reject(
                    new Error(`driver failed: SELECT * FROM items (${String(key)})`, { cause }),
                  );
                };
              }
              return Reflect.get(target, key, receiver) as unknown;
            },
          }) as Store,
      })),
  );
  after(async () => c.close());

  void test('API - an unexpected failure is a bare 500 and its cause goes to the log', async () => {
    for (const url of ['/api/search?q=x', '/api/stats']) {
      const r = await c.get(url);
      assert.equal(r.statusCode, 500);
      assert.deepEqual(json(r), {
        version: 1,
        error: { code: 'internal', message: 'the server failed to answer this request; see its log' },
      });
      assert.doesNotMatch(r.body, /SQLITE|secret|SELECT|driver|at \//);
    }
    assert.equal(c.logged.length, 2);
    assert.match(c.logged[0] as string, /GET \/api\/search failed: Error: driver failed/);
    assert.match(c.logged[0] as string, /cause: Error: SQLITE_CORRUPT/);
    assert.doesNotMatch(c.logged[0] as string, /q=x/, 'the search itself is not logged');
  });
});
