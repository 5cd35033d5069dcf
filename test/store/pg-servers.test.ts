import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { startServer, type RunningServer } from '../../src/api/index.js';
import type { Item } from '../../src/model/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startPgCluster } from './pg-cluster.js';
import { makeItem, rawOf } from './store-fixtures.js';

/**
 * Several `innsyn serve` processes on one PostgreSQL collection (docs/deployment.md "Servers"):
 * each with its own store and its own answer cache, the way separate processes have them. A tag
 * set through one server is in the next search answered by the other, whose cached answer from
 * before is not served again: the cache keys on the database's data version, which every write
 * of any process moves.
 */
const started = await startPgCluster();

if ('skip' in started) {
  void test('PostgreSQL servers', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  after(() => cluster.stop());
  const TOKEN = 'servers-test-token-0123456789';

  void describe('Servers - several on one database', () => {
    void test('Servers - a change made through one server is in the next answer of another, cache and all', async () => {
      const url = await cluster.createDatabase();
      const stores: Store[] = [];
      const servers: RunningServer[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const store = await openStore(url, { collection: 'shared' });
          stores.push(store);
          servers.push(await startServer({ store, port: 0, host: '127.0.0.1', token: TOKEN }));
        }
        const [a, b] = servers as [RunningServer, RunningServer];
        const items = Array.from({ length: 5 }, (_, i) =>
          makeItem({ seed: `srv-${i}`, subject: `Harbour ${i}`, text: 'harbour plans' }),
        );
        await (stores[0] as Store).writeBatch({
          items: items.map((item) => ({ item, raw: rawOf(item) })),
          quarantine: [],
        });
        const get = async (s: RunningServer, path: string, init: RequestInit = {}) => {
          const res = await fetch(`${s.origin}${path}`, {
            ...init,
            headers: {
              authorization: `Bearer ${TOKEN}`,
              'content-type': 'application/json',
              ...init.headers,
            },
          });
          assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
          return (await res.json()) as Record<string, unknown>;
        };
        const tagged = async (s: RunningServer) =>
          ((await get(s, '/api/search?q=tag%3Achecked&limit=10')) as { total: number }).total;
        const search = async (s: RunningServer) =>
          (await get(s, '/api/search?q=harbour&limit=10')) as {
            total: number;
            items: Array<{ tags: string[] }>;
          };

        // b answers (and caches) before the change...
        assert.equal((await search(b)).total, 5);
        assert.equal(await tagged(b), 0);
        // ...a changes the case...
        const first = items[0] as Item;
        await get(a, `/api/items/${first.id}/tags/checked`, { method: 'PUT', body: '{}' });
        // ...and b's next answers have it.
        assert.equal(await tagged(b), 1);
        assert.deepEqual(
          (await search(b)).items.flatMap((x) => x.tags),
          ['checked'],
        );
        // New items written by another process (an ingest) too.
        const more = makeItem({ seed: 'srv-late', subject: 'Harbour late', text: 'harbour plans' });
        const ingester = await openStore(url, { collection: 'shared' });
        await ingester.writeBatch({ items: [{ item: more, raw: rawOf(more) }], quarantine: [] });
        await ingester.close();
        assert.equal((await search(a)).total, 6);
        assert.equal((await search(b)).total, 6);
      } finally {
        for (const s of servers) await s.close();
        for (const s of stores) await s.close();
      }
    });
  });
}
