/**
 * Team mode on PostgreSQL: ingest throughput with one `innsyn ingest` process and with two at
 * once (on disjoint halves of the corpus), then search latency with 20 concurrent clients
 * against `innsyn serve` processes on that database, over loopback. Starts a throw-away
 * PostgreSQL server of its own (test/store/pg-cluster.ts) with durable settings (fsync and
 * synchronous commit on, as a newsroom's server runs), and spawns the built CLI
 * (`npx tsc -p tsconfig.build.json` first), as users run it.
 *
 *   node --import tsx bench/pg-bench.ts --size 100000 [--seed 1] [--workers 1|2] [--servers 1]
 *                                       [--duration 20] [--connections 20] [--rank-index]
 *   npm run bench -- --pg [--sizes 10000,100000]
 *
 * --workers 1 measures only the single ingest, --workers 2 only the pair; by default both, and
 * their ratio. The search load runs with the servers' answer cache off (every request ranks,
 * counts and makes snippets again; the store keeps a query's matches once read, per data
 * version, so its facets are counted from memory) and on (the default: repeated queries are
 * answered from memory).
 * Results go to .bench/pg-results-<size>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { startPgCluster, type PgCluster } from '../test/store/pg-cluster.js';
import { benchQueries } from './bench-queries.js';
import { BENCH_DIR, ensureCorpus, repoRoot } from './ensure-corpus.js';
import { percentile, round, runMeasured } from './measure.js';
import {
  type LoadQueries,
  PAGE,
  loadLabel,
  loadPaths,
  loadQueries,
  loadRequests,
  searchPath,
} from './search-load.js';

const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
const COMPILED_MAIN = path.join(repoRoot, 'dist', 'cli', 'main.js');
/**
 * The server's settings for the run: durable (what a real server does on every commit), memory
 * for a machine of this size, no JIT (innsyn's statements are short; compiling them costs more
 * than it saves: docs/deployment.md), checkpoints far apart during bulk ingest.
 */
export const BENCH_PG_SETTINGS: Record<string, string> = {
  fsync: 'on',
  full_page_writes: 'on',
  synchronous_commit: 'on',
  shared_buffers: '2GB',
  effective_cache_size: '8GB',
  work_mem: '32MB',
  maintenance_work_mem: '256MB',
  max_wal_size: '8GB',
  checkpoint_timeout: '30min',
  jit: 'off',
  max_connections: '200',
};

export interface PgBenchOptions {
  size: number;
  seed: number;
  /** 1: only the single ingest; 2: only the pair; undefined: both. */
  workers?: 1 | 2;
  /** `innsyn serve` processes the clients are spread over. */
  servers?: number;
  duration?: number;
  connections?: number;
  /** Make the rank index (`innsyn rank-index create`, the rum extension) before the searches. */
  rankIndex?: boolean;
}

export interface IngestRun {
  processes: number;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** The ingest phase alone (the CLI then rebuilds threads and persons), slowest process. */
  ingestSeconds: number;
  /** CPU of the innsyn processes (GNU time), and of the PostgreSQL server meanwhile. */
  cpuSeconds: number | null;
  serverCpuSeconds: number | null;
  dbBytes: number;
}

export interface SearchLoad {
  cache: boolean;
  queries: LoadQueries;
  servers: number;
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

export interface PgBenchReport {
  size: number;
  seed: number;
  postgres: string;
  settings: Record<string, string>;
  ingest: IngestRun[];
  /** Messages/s of two processes over one; null unless both ran. */
  ratio: number | null;
  cold: Array<{ query: string; total: number; ms: number }>;
  load: SearchLoad[];
  /** The rank index made before the searches (--rank-index): how long it took and its size. */
  rankIndex: { seconds: number; bytes: number } | null;
  machine: { cpus: number; cpuModel: string; loadAverage: [number, number]; node: string };
  notes: string[];
}

/** Two Maildirs of hard links to the corpus's files, even and odd positions: disjoint halves of it. */
function halves(maildir: string, size: number, seed: number): [string, string] {
  const root = path.join(BENCH_DIR, `corpus-${size}-seed${seed}`, 'halves');
  const out: [string, string] = [path.join(root, '0'), path.join(root, '1')];
  const done = path.join(root, 'done');
  if (existsSync(done)) return out;
  rmSync(root, { recursive: true, force: true });
  for (const h of out)
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(h, sub), { recursive: true });
  const files = readdirSync(path.join(maildir, 'cur')).sort();
  files.forEach((f, i) => linkSync(path.join(maildir, 'cur', f), path.join(out[i % 2] as string, 'cur', f)));
  writeFileSync(done, `${files.length}\n`);
  return out;
}

async function sql<R>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as R[];
  } finally {
    await client.end();
  }
}

interface IngestJson {
  report: { read: number; stored: number; duplicates: number; quarantined: number; seconds: number };
}

/**
 * CPU seconds the PostgreSQL server has used so far: the postmaster and its live children, and
 * the children that ended (their time is added to the postmaster's when it reaps them).
 */
function serverCpuSeconds(cluster: PgCluster): number | null {
  try {
    const pidFile = path.join(cluster.server.dir, 'data', 'postmaster.pid');
    const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const ticks = (stat: string[], fields: number[]) => fields.reduce((sum, f) => sum + Number(stat[f]), 0);
    // /proc/PID/stat after the command's closing parenthesis: state is field 3, ppid 4,
    // utime 14, stime 15, cutime 16, cstime 17 (proc(5)); index 0 here is field 3.
    const statOf = (pid: string): string[] | null => {
      try {
        const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return text.slice(text.lastIndexOf(')') + 2).split(' ');
      } catch {
        return null; // ended meanwhile
      }
    };
    let total = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = statOf(pid);
      if (stat === null) continue;
      if (Number(pid) === postmaster) total += ticks(stat, [11, 12, 13, 14]);
      else if (Number(stat[1]) === postmaster) total += ticks(stat, [11, 12]);
    }
    return total / 100; // USER_HZ
  } catch {
    return null;
  }
}

/** `processes` ingest processes at once, one per input list; wall clock until the last one ends. */
async function ingestRun(cluster: PgCluster, url: string, inputLists: string[][]): Promise<IngestRun> {
  const serverCpu0 = serverCpuSeconds(cluster);
  const t0 = process.hrtime.bigint();
  const runs = await Promise.all(
    inputLists.map((inputs) =>
      runMeasured(process.execPath, [BIN, 'ingest', ...inputs, '--db', url, '--json'], {
        env: { ...process.env, TZ: 'UTC' },
      }),
    ),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const serverCpu1 = serverCpuSeconds(cluster);
  let stored = 0;
  let ingestSeconds = 0;
  let cpu: number | null = 0;
  for (const r of runs) {
    if (r.code !== 0 && r.code !== 3)
      throw new Error(`ingest failed (exit ${r.code}): ${r.stderr.slice(-1000)}`);
    const doc = JSON.parse(r.stdout) as IngestJson;
    stored += doc.report.stored;
    ingestSeconds = Math.max(ingestSeconds, doc.report.seconds);
    cpu = cpu === null || r.cpuSeconds === null ? null : cpu + r.cpuSeconds;
  }
  const [{ bytes }] = (await sql<{ bytes: number }>(
    url,
    'SELECT pg_database_size(current_database())::float8 AS bytes',
  )) as [{ bytes: number }];
  return {
    processes: inputLists.length,
    messages: stored,
    seconds: round(seconds),
    messagesPerSecond: round(stored / seconds, 1),
    ingestSeconds: round(ingestSeconds),
    cpuSeconds: cpu === null ? null : round(cpu),
    serverCpuSeconds: serverCpu0 === null || serverCpu1 === null ? null : round(serverCpu1 - serverCpu0),
    dbBytes: bytes,
  };
}

/** `innsyn rank-index create`, as an administrator runs it after the ingest. */
async function makeRankIndex(url: string): Promise<{ seconds: number; bytes: number }> {
  console.log('pg bench: making the rank index …');
  const t0 = process.hrtime.bigint();
  const r = await runMeasured(process.execPath, [BIN, 'rank-index', 'create', '--db', url, '--json'], {});
  if (r.code !== 0) throw new Error(`rank-index create failed (exit ${r.code}): ${r.stderr.slice(-1000)}`);
  const seconds = round(Number(process.hrtime.bigint() - t0) / 1e9);
  const doc = JSON.parse(r.stdout) as { bytes: number };
  console.log(`  ${seconds} s, ${(doc.bytes / 1048576).toFixed(0)} MB`);
  return { seconds, bytes: doc.bytes };
}

interface Server {
  child: ChildProcess;
  origin: string;
}

/** `innsyn serve` on loopback, a free port, the given token; resolves once it listens. */
function serve(url: string, token: string, cache: boolean): Promise<Server> {
  return new Promise((resolve, reject) => {
    const args = [BIN, 'serve', '--db', url, '--port', '0', '--token', token, '--json'];
    if (!cache) args.push('--cache', '0');
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // A bench that dies leaves no server behind.
    const kill = (): void => void child.kill('SIGKILL');
    process.once('exit', kill);
    child.once('exit', () => process.removeListener('exit', kill));
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let doc: { port: number; host: string };
      try {
        doc = JSON.parse(out) as { port: number; host: string }; // printed once it listens
      } catch {
        return; // not all of it yet
      }
      resolve({ child, origin: `http://${doc.host}:${doc.port}` });
    });
    child.on('exit', (code) => reject(new Error(`innsyn serve exited (${code}): ${err.slice(-1000)}`)));
  });
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const gone = new Promise((resolve) => s.child.once('exit', resolve));
  s.child.kill('SIGTERM');
  await gone;
}

/** `connections` clients spread over the servers for `duration` s, every one walking the query list. */
async function load(
  servers: Server[],
  token: string,
  paths: readonly string[] | (() => string),
  cache: boolean,
  connections: number,
  duration: number,
): Promise<SearchLoad> {
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  await Promise.all(
    servers.map(
      (s, i) =>
        new Promise<void>((resolve, reject) => {
          const share = Math.floor(connections / servers.length) + (i < connections % servers.length ? 1 : 0);
          const instance = autocannon(
            {
              url: s.origin,
              connections: share,
              duration,
              headers: { authorization: `Bearer ${token}` },
              requests: loadRequests(paths),
            },
            (err, result) => {
              if (err) return reject(err instanceof Error ? err : new Error(String(err)));
              requests += result.requests.total;
              errors += result.errors + result.timeouts + result.non2xx;
              resolve();
            },
          );
          instance.on('response', (_client, _status, _bytes, ms) => {
            latencies.push(ms);
          });
        }),
    ),
  );
  latencies.sort((a, b) => a - b);
  return {
    cache,
    queries: loadQueries(paths),
    servers: servers.length,
    connections,
    seconds: duration,
    requests,
    requestsPerSecond: round(requests / duration, 1),
    errors,
    latencyMs: {
      p50: round(percentile(latencies, 50), 1),
      p95: round(percentile(latencies, 95), 1),
      p99: round(percentile(latencies, 99), 1),
      max: round(latencies[latencies.length - 1] ?? NaN, 1),
    },
  };
}

async function searchBench(
  url: string,
  o: Required<Omit<PgBenchOptions, 'workers'>>,
): Promise<{ cold: PgBenchReport['cold']; load: SearchLoad[] }> {
  const token = randomBytes(24).toString('hex');
  const queries = ['', ...benchQueries().map((q) => q.innsyn)];
  const paths = queries.map(searchPath);
  const cold: PgBenchReport['cold'] = [];
  const runs: SearchLoad[] = [];
  // Off first: the run with the cache on starts with one round alone (the cold times), which
  // fills it, as the first visitors of a case do. Last, every request a query never asked.
  const plans: Array<{ cache: boolean; queries: LoadQueries }> = [
    { cache: false, queries: 'rotation' },
    { cache: true, queries: 'rotation' },
    { cache: true, queries: 'new' },
  ];
  for (const { cache, queries: asked } of plans) {
    const servers: Server[] = [];
    try {
      for (let i = 0; i < o.servers; i++) servers.push(await serve(url, token, cache));
      if (cache && asked === 'rotation') {
        // One round, each query alone: what a first visitor waits, and the cache then holds it.
        for (const [i, p] of paths.entries()) {
          const t = performance.now();
          const res = await fetch(`${(servers[0] as Server).origin}${p}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const doc = (await res.json()) as { total?: number };
          cold.push({
            query: queries[i] as string,
            total: doc.total ?? NaN,
            ms: round(performance.now() - t, 1),
          });
        }
      }
      console.log(
        `pg bench: ${o.size} items, cache ${cache ? 'on' : 'off'}, ${loadLabel(asked)}: ` +
          `${o.connections} clients on ${o.servers} server(s) for ${o.duration} s …`,
      );
      runs.push(
        await load(servers, token, loadPaths(asked, paths, o.seed), cache, o.connections, o.duration),
      );
    } finally {
      for (const s of servers) await stopServer(s);
    }
  }
  return { cold, load: runs };
}

export async function runPgBench(options: PgBenchOptions): Promise<PgBenchReport> {
  const o = { servers: 1, duration: 20, connections: 20, rankIndex: false, ...options };
  if (!existsSync(COMPILED_MAIN)) {
    throw new Error(
      `${path.relative(repoRoot, COMPILED_MAIN)} is missing: build first (npx tsc -p tsconfig.build.json)`,
    );
  }
  const { maildir } = await ensureCorpus(o.size, o.seed);
  const parts = halves(maildir, o.size, o.seed);
  const started = await startPgCluster({ settings: BENCH_PG_SETTINGS });
  if ('skip' in started) throw new Error(`pg bench: ${started.skip}`);
  const cluster: PgCluster = started.cluster;
  const loadAtStart = os.loadavg()[0] ?? 0;
  try {
    const [{ version }] = (await sql<{ version: string }>(
      cluster.url('postgres'),
      "SELECT current_setting('server_version') AS version",
    )) as [{ version: string }];
    const ingest: IngestRun[] = [];
    let searchDb: string | null = null;
    if (o.workers !== 2) {
      const url = await cluster.createDatabase();
      console.log(`pg bench: one ingest process, ${o.size} messages …`);
      const r = await ingestRun(cluster, url, [[maildir]]);
      console.log(`  ${r.messagesPerSecond} msg/s (${r.seconds} s)`);
      ingest.push(r);
      if (o.workers === 1) searchDb = url;
      else await sql(cluster.url('postgres'), `DROP DATABASE ${new URL(url).pathname.slice(1)}`); // the disk
    }
    if (o.workers !== 1) {
      const url = await cluster.createDatabase();
      console.log(`pg bench: two ingest processes at once, ${o.size / 2} messages each …`);
      const r = await ingestRun(cluster, url, [[parts[0]], [parts[1]]]);
      console.log(`  ${r.messagesPerSecond} msg/s (${r.seconds} s)`);
      ingest.push(r);
      searchDb = url;
    }
    const one = ingest.find((r) => r.processes === 1);
    const two = ingest.find((r) => r.processes === 2);
    const rankIndex = o.rankIndex ? await makeRankIndex(searchDb as string) : null;
    const { cold, load: runs } = await searchBench(searchDb as string, o);
    return {
      size: o.size,
      seed: o.seed,
      postgres: version,
      settings: BENCH_PG_SETTINGS,
      ingest,
      ratio: one && two ? round(two.messagesPerSecond / one.messagesPerSecond) : null,
      cold,
      load: runs,
      rankIndex,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        loadAverage: [round(loadAtStart), round(os.loadavg()[0] ?? 0)],
        node: process.version,
      },
      notes: [
        'ingest: the built CLI, `innsyn ingest --db postgres://…` (parsing on worker threads, one per core, in each process); ' +
          'seconds = wall clock until the last process ended, threads and persons rebuilt included',
        'two processes: even and odd files of the corpus (hard links), each its own Maildir, started together',
        `search: /api/search limit=${PAGE} sort=relevance facets=1 histogram=1; ${benchQueries().length + 1} queries in rotation, ` +
          'then every query new (bench/fresh-queries.ts: nothing cached anywhere); ' +
          'autocannon in this process, the servers in their own',
        'PostgreSQL on the same machine, over a Unix socket; servers to clients over loopback TCP',
      ],
    };
  } finally {
    cluster.stop();
  }
}

export function formatPgReport(r: PgBenchReport): string {
  const lines = [
    `PostgreSQL bench: ${r.size} messages (seed ${r.seed}), PostgreSQL ${r.postgres}`,
    '',
    'ingest:',
    '  processes      msg/s    seconds  ingest s  innsyn cpu s  server cpu s  database MB',
    ...r.ingest.map(
      (x) =>
        `  ${String(x.processes).padStart(9)}  ${String(x.messagesPerSecond).padStart(9)}  ${String(x.seconds).padStart(9)}  ` +
        `${String(x.ingestSeconds).padStart(8)}  ${String(x.cpuSeconds ?? '-').padStart(12)}  ` +
        `${String(x.serverCpuSeconds ?? '-').padStart(12)}  ${(x.dbBytes / 1048576).toFixed(0).padStart(11)}`,
    ),
    ...(r.ratio === null ? [] : [`  two processes / one: ${r.ratio}x`]),
    ...(r.rankIndex === null
      ? []
      : [
          '',
          `rank index (rum): made in ${r.rankIndex.seconds} s, ${(r.rankIndex.bytes / 1048576).toFixed(0)} MB; relevance ordered by it`,
        ]),
    '',
    'cold, one request alone (search + facets + histogram; the first of each on a fresh server):',
    ...r.cold.map(
      (c) =>
        `  ${String(c.ms).padStart(8)} ms  ${String(c.total).padStart(8)} hits  ${c.query === '' ? '(everything)' : c.query}`,
    ),
    '',
    'search under load:',
    '  queries   cache  servers  clients      req/s     p50 ms     p95 ms     p99 ms     max ms  errors',
    ...r.load.map(
      (l) =>
        `  ${l.queries.padEnd(8)}  ${(l.cache ? 'on' : 'off').padEnd(5)}  ${String(l.servers).padStart(7)}  ${String(l.connections).padStart(7)}  ` +
        `${String(l.requestsPerSecond).padStart(9)}  ` +
        `${[l.latencyMs.p50, l.latencyMs.p95, l.latencyMs.p99, l.latencyMs.max].map((x) => String(x).padStart(9)).join('  ')}  ${l.errors}`,
    ),
    '',
    `machine: ${r.machine.cpus} × ${r.machine.cpuModel}, load ${r.machine.loadAverage[0]} at start, ${r.machine.loadAverage[1]} at end, node ${r.machine.node}`,
  ];
  return lines.join('\n');
}

export function writePgReport(r: PgBenchReport): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `pg-results-${r.size}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      workers: { type: 'string' },
      servers: { type: 'string', default: '1' },
      duration: { type: 'string', default: '20' },
      connections: { type: 'string', default: '20' },
      'rank-index': { type: 'boolean', default: false },
    },
  });
  const size = Number(values.size.replace(/_/g, ''));
  if (!Number.isInteger(size) || size < 2)
    throw new Error(`--size: '${values.size}' is not a whole number of 2 or more`);
  if (values.workers !== undefined && values.workers !== '1' && values.workers !== '2') {
    throw new Error('--workers takes 1 or 2');
  }
  const report = await runPgBench({
    size,
    seed: Number(values.seed),
    workers: values.workers === undefined ? undefined : (Number(values.workers) as 1 | 2),
    servers: Number(values.servers),
    duration: Number(values.duration),
    connections: Number(values.connections),
    rankIndex: values['rank-index'],
  });
  console.log(`\n${formatPgReport(report)}\n`);
  console.log(`written: ${path.relative(repoRoot, writePgReport(report))}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
