/**
 * Measures the PostgreSQL store on generated items, on a throw-away server (pg-cluster.ts):
 * writeBatch throughput (items prepared ahead, as ingest workers hand them over), database size,
 * and search, facet and histogram latency for common query kinds.
 *
 *   node --import tsx test/store/pg-store-bench.ts [items=10000] [batch=500]
 *
 * Not a test (no assertions); the numbers go into src/store/postgres/README.md.
 */
import type { QueryNode } from '../../src/query/ast.js';
import { parseQuery } from '../../src/query/index.js';
import { prepareItem } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres/pg-store.js';
import { generateItems } from './generate-items.js';
import { startPgCluster } from './pg-cluster.js';

const count = Number(process.argv[2] ?? 10_000);
const batchSize = Number(process.argv[3] ?? 500);

async function main(): Promise<void> {
  const started = await startPgCluster();
  if ('skip' in started) {
    console.log(`skipped: ${started.skip}`);
    return;
  }
  const { cluster } = started;
  try {
    const items = [...generateItems(count)];
    let rawBytes = 0;
    for (const { raw } of items) rawBytes += raw.length;
    const p0 = performance.now();
    const prepared = items.map(({ item, raw }) => ({ item, raw, prepared: prepareItem(item, raw) }));
    const prepareMs = performance.now() - p0;
    const store = await openPostgresStore(await cluster.createDatabase());
    const t0 = performance.now();
    for (let i = 0; i < prepared.length; i += batchSize) {
      await store.writeBatch({ items: prepared.slice(i, i + batchSize), quarantine: [] });
    }
    const writeMs = performance.now() - t0;
    const r0 = performance.now();
    await store.rebuildPeople();
    const peopleMs = performance.now() - r0;
    console.log(
      `prepare (analysis + compression, this thread): ${Math.round((count * 1000) / prepareMs)} items/s; ` +
        `writeBatch of prepared items: ${count} in ${(writeMs / 1000).toFixed(2)} s = ${Math.round((count * 1000) / writeMs)} items/s; ` +
        `first rebuildPeople ${Math.round(peopleMs)} ms`,
    );
    const stats = await store.stats();
    console.log(
      `database ${(stats.dbBytes / 1048576).toFixed(1)} MB for ${(rawBytes / 1048576).toFixed(1)} MB raw = ` +
        `${(stats.dbBytes / rawBytes).toFixed(2)}x`,
    );
    const queries: Array<[string, QueryNode | null]> = [
      ['browse (no query)', null],
      ['budget', parseQuery('budget')],
      ['meeting', parseQuery('meeting')],
      ['"tax returns"', parseQuery('"tax returns"')],
      ['bud*', parseQuery('bud*')],
      ['from:', parseQuery('from:julian')],
      ['date range', parseQuery('date:2016-03..2016-06')],
      ['budget AND NOT meeting', parseQuery('budget -meeting')],
      ['NOT budget', parseQuery('-budget')],
      ['mixed OR', parseQuery('budget OR has:attachment')],
    ];
    for (const [name, q] of queries) {
      for (const sort of ['relevance', 'date'] as const) {
        const times: number[] = [];
        let total = 0;
        for (let i = 0; i < 7; i++) {
          const s = performance.now();
          total = (await store.search(q, { limit: 20, offset: 0, sort })).total;
          times.push(performance.now() - s);
        }
        const f0 = performance.now();
        await store.facets(q, { limit: 10 });
        const facetMs = performance.now() - f0;
        const h0 = performance.now();
        await store.histogram(q);
        const histMs = performance.now() - h0;
        times.sort((a, b) => a - b);
        console.log(
          `${name.padEnd(24)} ${sort.padEnd(9)} ${String(total).padStart(6)} matches: median ${(times[3] as number).toFixed(1)} ms, ` +
            `max ${(times[6] as number).toFixed(1)} ms; facets ${facetMs.toFixed(1)} ms, histogram ${histMs.toFixed(1)} ms`,
        );
      }
    }
    const x0 = performance.now();
    await store.reindex();
    console.log(`reindex: ${((performance.now() - x0) / 1000).toFixed(1)} s`);
    await store.close();
  } finally {
    cluster.stop();
  }
}

await main();
