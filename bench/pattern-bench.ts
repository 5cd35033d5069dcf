/**
 * Pairs, network and timeline over a bench corpus's database (issue 5, "Benchmark"), and the
 * planted-echo quality benchmark (issue 6): `npm run bench` runs both after the engines.
 *
 *   node --import tsx bench/pattern-bench.ts [--size 100000]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildNetwork } from '../src/analysis/network.js';
import { loadPairs } from '../src/analysis/load-pairs.js';
import { timeline } from '../src/analysis/timeline.js';
import { parseQuery } from '../src/query/index.js';
import { openStore } from '../src/store/index.js';
import { runEchoBench } from './echo-quality.js';
import { formatEchoQuality } from './echo-metrics.js';
import { BENCH_DIR } from './ensure-corpus.js';

function ms(since: number): number {
  return Math.round(performance.now() - since);
}

/** Times each analysis on the database `innsyn` built for the corpus of `size` messages. */
export async function runPatternBench(size: number): Promise<string[]> {
  const db = path.join(BENCH_DIR, `work-${size}`, 'innsyn', 'innsyn.db');
  if (!existsSync(db)) return [`patterns: no database for ${size} messages (run the innsyn engine first)`];
  const store = await openStore(db);
  const out: string[] = [`patterns over ${size} messages (${path.relative(process.cwd(), db)}):`];
  try {
    // As a one-shot CLI run: nothing read yet (a server keeps the light items until the data changes).
    let t = performance.now();
    const { total, pairs } = await loadPairs(store, null, {}, 50);
    const texts = pairs.reduce((n, p) => n + p.unanswered.length, 0);
    out.push(
      `  pairs: all ${total} computed, the first 50 with the texts of their ${texts} unanswered messages: ` +
        `${ms(t)} ms (load included; the requests were judged at ingest)`,
    );
    t = performance.now();
    const again = await loadPairs(store, null, {}, 50);
    out.push(`  pairs again (items kept, as in a server): ${again.total} in ${ms(t)} ms`);
    t = performance.now();
    const net = buildNetwork(await store.analysisItems(null, { text: false }), await store.analysisPersons());
    out.push(`  network: ${net.nodes.length} people, ${net.edges.length} edges in ${ms(t)} ms (items kept)`);
    t = performance.now();
    const withText = await store.analysisItems(null, { text: true });
    out.push(`  load ${withText.length} items with text (what echoes read): ${ms(t)} ms`);
    // Timelines from the facet index, as the API answers them once a search has built it.
    await store.search(null, { limit: 1, offset: 0, sort: 'date' });
    for (const [q, bucket] of [
      [null, 'day'],
      ['date:2022', 'week'],
    ] as const) {
      t = performance.now();
      const items = await store.analysisItems(q === null ? null : parseQuery(q), {
        text: false,
        only: 'senders',
      });
      const tl = timeline(items, { bucket });
      out.push(
        `  timeline ${q ?? '(all)'} by ${bucket}: ${tl.buckets.length} buckets in ${ms(t)} ms (load included)`,
      );
    }
  } finally {
    await store.close();
  }
  const echo = runEchoBench({ seed: 1, items: Math.min(size, 100_000) });
  out.push(
    `echoes (planted, seed 1): ${echo.items} items (${echo.privateItems} private, ${echo.publicItems} public)`,
    formatEchoQuality(echo.quality),
    `  findEchoes ${Math.round(echo.findMs)} ms wall, ${Math.round(echo.findCpuMs)} ms CPU`,
  );
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' } } });
  for (const line of await runPatternBench(Number(values.size))) console.log(line);
}
