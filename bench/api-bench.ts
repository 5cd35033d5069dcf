/**
 * The HTTP API under load: `innsyn serve`'s app in this process over a bench corpus, autocannon
 * with 20 connections for ~10 s against /api/search (a rotating set of queries, each asking for
 * facets and the histogram, as the UI does), once with the answer cache on (the default) and
 * once with it off (every request does the whole search). Also the cold latency of each query
 * alone, and the gzipped size of the built UI's JavaScript.
 *
 *   node --import tsx bench/api-bench.ts [--size 10000] [--seed 1] [--duration 10] [--connections 20]
 *   npm run bench -- --api [--sizes 10000,100000]
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { rebuildThreads } from '../src/analysis/rebuild-threads.js';
import { startServer, type RunningServer } from '../src/api/index.js';
import { defaultUiDir } from '../src/api/package-root.js';
import { defaultReadWorkers } from '../src/store/sqlite/sqlite-read-pool.js';
import { GENERATOR_VERSION } from '../src/demo/generate-corpus.js';
import { ingest } from '../src/ingest/index.js';
import { openStore, type Store } from '../src/store/index.js';
import { benchQueries } from './bench-queries.js';
import { BENCH_DIR, ensureCorpus, repoRoot } from './ensure-corpus.js';
import { freshQueries } from './fresh-queries.js';
import { percentile, round } from './measure.js';
import { measureUiRender, uiRenderUnavailable, type UiRenderResult } from './ui-render.js';
import {
  type LoadQueries,
  PAGE,
  loadLabel,
  loadPaths,
  loadQueries,
  loadRequests,
  searchPath,
} from './search-load.js';

export interface ApiBenchOptions {
  size: number;
  seed: number;
  /** Seconds of load per run. */
  duration?: number;
  connections?: number;
}

export interface LoadRun {
  cache: boolean;
  /** Threads answering searches (`innsyn serve --search-threads`); 0: the server's own thread. */
  searchThreads: number;
  queries: LoadQueries;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

export interface ApiBenchReport {
  size: number;
  seed: number;
  items: number;
  dbBuildSeconds: number | null;
  /** Opening the database (migrations included) and the first facets call (builds the facet index). */
  openMs: number;
  facetIndexMs: number;
  /** Each query alone, nothing cached: search + facets + histogram, as one request. */
  cold: Array<{ query: string; total: number; ms: number }>;
  /**
   * New queries asked one at a time (before the load), by the kind of bench query they are
   * shaped like: what one request costs without waiting behind others.
   */
  fresh: FreshAlone[];
  load: LoadRun[];
  uiJsGzipBytes: number | null;
  /** In Chromium: from the API's answer to the painted result page (bench/ui-render.ts); null when skipped. */
  uiRender: UiRenderResult | null;
  /** Why uiRender was not measured. */
  uiRenderSkipped: string | null;
  machine: { cpus: number; cpuModel: string; loadAverage: number; node: string };
  notes: string[];
}

export interface FreshAlone {
  kind: string;
  queries: number;
  /** Median hits of these queries. */
  hits: number;
  p50: number;
  p95: number;
}

/** New queries asked alone, one after another; summed up by kind. */
const FRESH_ALONE = 200;

/** New queries typed into the UI to time its result page. */
const UI_RENDER_QUERIES = 40;

async function freshAlone(server: RunningServer, seed: number): Promise<FreshAlone[]> {
  // Another seed than the load's, so that neither asks what the other cached.
  const next = freshQueries(seed + 1_000);
  const byKind = new Map<string, { ms: number[]; hits: number[] }>();
  for (let i = 0; i < FRESH_ALONE; i++) {
    const { kind, q } = next();
    const t = performance.now();
    const res = await fetch(`${server.origin}${searchPath(q)}`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    const doc = (await res.json()) as { total?: number };
    const ms = performance.now() - t;
    const k = byKind.get(kind) ?? { ms: [], hits: [] };
    k.ms.push(ms);
    k.hits.push(doc.total ?? NaN);
    byKind.set(kind, k);
  }
  // Slowest first.
  const rows = [...byKind].map(([kind, k]) => {
    const ms = k.ms.sort((a, b) => a - b);
    return {
      kind,
      queries: ms.length,
      hits: percentile(
        k.hits.sort((a, b) => a - b),
        50,
      ),
      p50: round(percentile(ms, 50), 1),
      p95: round(percentile(ms, 95), 1),
    };
  });
  return rows.sort((a, b) => b.p50 - a.p50);
}

/** The bench database of `size` messages, built once by the real ingest and reused while its stamp matches. */
async function ensureDb(size: number, seed: number): Promise<{ file: string; seconds: number | null }> {
  const { maildir } = await ensureCorpus(size, seed);
  const dir = path.join(BENCH_DIR, `api-${size}-seed${seed}`);
  const file = path.join(dir, 'innsyn.db');
  const stampFile = path.join(dir, 'db-stamp.json');
  const stamp = { generatorVersion: GENERATOR_VERSION, messages: size, seed };
  if (existsSync(stampFile) && existsSync(file)) {
    const s = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<typeof stamp>;
    if (s.generatorVersion === stamp.generatorVersion && s.messages === size && s.seed === seed) {
      return { file, seconds: null };
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`api bench: ingesting ${size} messages into ${path.relative(repoRoot, file)} …`);
  const t0 = performance.now();
  const store = await openStore(file);
  try {
    await ingest([maildir], store);
    await rebuildThreads(store);
  } finally {
    await store.close();
  }
  writeFileSync(stampFile, `${JSON.stringify(stamp)}\n`);
  return { file, seconds: round((performance.now() - t0) / 1000) };
}

async function load(
  server: RunningServer,
  paths: readonly string[] | (() => string),
  cache: boolean,
  searchThreads: number,
  o: Required<ApiBenchOptions>,
): Promise<LoadRun> {
  const latencies: number[] = [];
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.origin,
        connections: o.connections,
        duration: o.duration,
        headers: { authorization: `Bearer ${server.token}` },
        requests: loadRequests(paths),
      },
      (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
  const sorted = latencies.sort((a, b) => a - b);
  return {
    cache,
    searchThreads,
    queries: loadQueries(paths),
    connections: o.connections,
    seconds: o.duration,
    requests: r.requests.total,
    requestsPerSecond: round(r.requests.average, 1),
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    latencyMs: {
      p50: round(percentile(sorted, 50), 1),
      p95: round(percentile(sorted, 95), 1),
      p99: round(percentile(sorted, 99), 1),
      max: round(sorted[sorted.length - 1] ?? NaN, 1),
    },
  };
}

/** Total gzipped bytes of the built UI's JavaScript, or null when it is not built. */
function uiJsGzipBytes(): number | null {
  const assets = path.join(defaultUiDir(), 'assets');
  if (!existsSync(assets)) return null;
  let total = 0;
  for (const f of readdirSync(assets)) {
    if (f.endsWith('.js')) total += gzipSync(readFileSync(path.join(assets, f)), { level: 9 }).length;
  }
  return total;
}

/**
 * Reads the database file (and its WAL) through once, so that the OS holds it in memory, as it
 * does for a server in use; returns the milliseconds it took (long when much of it had to come
 * from disk). The bench machine's kernel pages out file pages nobody touched for about a minute
 * (DAMON), so without this a run that follows another one measures the disk more than the
 * server: the 100k database is 1.2 GB and the results of new queries are scattered over it.
 */
function holdInMemory(file: string): number {
  const t = performance.now();
  const chunk = Buffer.allocUnsafe(8 << 20);
  for (const f of [file, `${file}-wal`]) {
    if (!existsSync(f)) continue;
    const fd = openSync(f, 'r');
    try {
      while (readSync(fd, chunk, 0, chunk.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
  return round(performance.now() - t, 0);
}

export async function runApiBench(options: ApiBenchOptions): Promise<ApiBenchReport> {
  const o: Required<ApiBenchOptions> = { duration: 10, connections: 20, ...options };
  const { file, seconds } = await ensureDb(o.size, o.seed);
  let t0 = performance.now();
  const store: Store = await openStore(file);
  const openMs = round(performance.now() - t0, 1);
  const queries = ['', ...benchQueries().map((q) => q.innsyn)];
  const paths = queries.map(searchPath);
  try {
    t0 = performance.now();
    await store.facets(null, { limit: 1 });
    const facetIndexMs = round(performance.now() - t0, 1);
    const items = (await store.stats()).items;
    const runs: LoadRun[] = [];
    const cold: ApiBenchReport['cold'] = [];
    let fresh: FreshAlone[] = [];
    // As served (`innsyn serve`'s default threads), and every query new once more on the server's
    // own thread, the way it answered before it had search threads.
    const threads = defaultReadWorkers();
    const plans: Array<{ cache: boolean; queries: LoadQueries; threads: number }> = [
      { cache: true, queries: 'rotation', threads },
      { cache: false, queries: 'rotation', threads },
      { cache: true, queries: 'new', threads },
      { cache: true, queries: 'new', threads: 0 },
    ];
    for (const [plan, { cache, queries: asked, threads: readWorkers }] of plans.entries()) {
      const server = await startServer({
        store,
        port: 0,
        host: '127.0.0.1',
        cacheChars: cache ? undefined : 0,
        readWorkers,
        warm: true,
      });
      try {
        const readMs = holdInMemory(file);
        console.log(`api bench: the database read through in ${readMs} ms (held in memory for the run)`);
        if (cache && asked === 'rotation') {
          for (const [i, p] of paths.entries()) {
            const t = performance.now();
            const res = await fetch(`${server.origin}${p}`, {
              headers: { authorization: `Bearer ${server.token}` },
            });
            const doc = (await res.json()) as { total?: number };
            cold.push({
              query: queries[i] as string,
              total: doc.total ?? NaN,
              ms: round(performance.now() - t, 1),
            });
          }
        }
        if (asked === 'new' && fresh.length === 0) {
          console.log(`api bench: ${o.size} items, ${FRESH_ALONE} new queries one at a time …`);
          fresh = await freshAlone(server, o.seed);
          holdInMemory(file);
        }
        console.log(
          `api bench: ${o.size} items, cache ${cache ? 'on' : 'off'}, ${loadLabel(asked)}, ${readWorkers} search threads: ` +
            `${o.connections} connections for ${o.duration} s …`,
        );
        // Each run of new queries draws other ones (seed + plan): none was asked by a run before.
        runs.push(await load(server, loadPaths(asked, paths, o.seed + plan), cache, readWorkers, o));
      } finally {
        await server.close();
      }
    }
    let uiRender: UiRenderResult | null = null;
    const uiRenderSkipped = existsSync(path.join(defaultUiDir(), 'index.html'))
      ? uiRenderUnavailable()
      : 'the UI is not built (npm run build)';
    if (uiRenderSkipped === null) {
      console.log(
        `api bench: ${o.size} items, a result page in Chromium, ${UI_RENDER_QUERIES} new queries …`,
      );
      const server = await startServer({
        store,
        port: 0,
        host: '127.0.0.1',
        readWorkers: threads,
        warm: true,
      });
      try {
        holdInMemory(file);
        const next = freshQueries(o.seed + 2_000);
        uiRender = await measureUiRender(
          server,
          Array.from({ length: UI_RENDER_QUERIES }, () => next().q),
        );
      } finally {
        await server.close();
      }
    } else console.log(`api bench: the result page is not timed in a browser: ${uiRenderSkipped}`);
    return {
      size: o.size,
      seed: o.seed,
      items,
      dbBuildSeconds: seconds,
      openMs,
      facetIndexMs,
      cold,
      fresh,
      load: runs,
      uiJsGzipBytes: uiJsGzipBytes(),
      uiRender,
      uiRenderSkipped,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        loadAverage: round(os.loadavg()[0] ?? 0),
        node: process.version,
      },
      notes: [
        `every request: /api/search limit=${PAGE} sort=relevance facets=1 histogram=1; ${queries.length} queries in rotation`,
        'autocannon runs in the same process as the server (one event loop): its own cost is in the numbers',
        'before each server starts, the database file is read through once, so that the OS holds it in memory as for a server in use ' +
          "(this machine's kernel pages out file pages untouched for a minute)",
        'rotation, cache on: answers are kept by query and data version, so after the first round every request is a hit; ' +
          "rotation, cache off: no answer is kept, but the store still keeps each query's matches and facet counts, " +
          'so every request ranks, counts and makes snippets again but reads its facets from memory',
        'every query new (cache on, as served): each request a query not asked before (bench/fresh-queries.ts: ' +
          'the shapes of the bench queries with words, names and dates from the corpus vocabulary), so nothing is cached: ' +
          'matches, facets, histogram, ranking and snippets are all computed',
      ],
    };
  } finally {
    await store.close();
  }
}

export function formatApiReport(r: ApiBenchReport): string {
  const lines = [
    `API bench: ${r.items} items (seed ${r.seed}); open ${r.openMs} ms, facet index ${r.facetIndexMs} ms` +
      (r.dbBuildSeconds === null ? '' : `; database built in ${r.dbBuildSeconds} s`),
    '',
    'cold, one request alone (search + facets + histogram):',
    ...r.cold.map(
      (c) =>
        `  ${String(c.ms).padStart(8)} ms  ${String(c.total).padStart(7)} hits  ${c.query === '' ? '(everything)' : c.query}`,
    ),
    '',
    `new queries, one request alone, by the bench query they are shaped like (${FRESH_ALONE} in all):`,
    '     p50 ms     p95 ms  queries  median hits  kind',
    ...r.fresh.map(
      (f) =>
        `  ${String(f.p50).padStart(9)}  ${String(f.p95).padStart(9)}  ${String(f.queries).padStart(7)}  ` +
        `${String(f.hits).padStart(11)}  ${f.kind}`,
    ),
    '',
    'under load:',
    '  queries   cache  threads  conns      req/s     p50 ms     p95 ms     p99 ms     max ms  errors',
    ...r.load.map(
      (l) =>
        `  ${l.queries.padEnd(8)}  ${(l.cache ? 'on' : 'off').padEnd(5)}  ${String(l.searchThreads ?? 0).padStart(7)}  ${String(l.connections).padStart(5)}  ${String(l.requestsPerSecond).padStart(9)}  ` +
        `${[l.latencyMs.p50, l.latencyMs.p95, l.latencyMs.p99, l.latencyMs.max].map((x) => String(x).padStart(9)).join('  ')}  ${l.errors + l.non2xx}`,
    ),
    '',
    `UI JavaScript, gzipped: ${r.uiJsGzipBytes === null ? 'not built' : `${(r.uiJsGzipBytes / 1024).toFixed(1)} KiB`}`,
    r.uiRender === null
      ? `UI result page: not timed (${r.uiRenderSkipped ?? 'skipped'})`
      : `UI result page painted after the API answered (Chromium, ${r.uiRender.queries} new queries typed in, ` +
        `${r.uiRender.rowsMedian} rows on the median page): p50 ${r.uiRender.renderMs.p50} ms, ` +
        `p95 ${r.uiRender.renderMs.p95} ms, max ${r.uiRender.renderMs.max} ms`,
    `machine: ${r.machine.cpus} × ${r.machine.cpuModel}, load ${r.machine.loadAverage}, node ${r.machine.node}`,
  ];
  return lines.join('\n');
}

export function writeApiReport(r: ApiBenchReport): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `api-results-${r.size}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '20' },
    },
  });
  const report = await runApiBench({
    size: Number(values.size),
    seed: Number(values.seed),
    duration: Number(values.duration),
    connections: Number(values.connections),
  });
  console.log(`\n${formatApiReport(report)}\n`);
  console.log(`written: ${path.relative(repoRoot, writeApiReport(report))}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
