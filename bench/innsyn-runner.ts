import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchQueries } from './bench-queries.js';
import { dirBytes, round, runMeasured, timeOnce } from './measure.js';
import { DEFAULT_LIMIT, DEFAULT_RUNS, type PeerResult, type RunnerOptions } from './peer-result.js';
import { startupFloor, timeQueries } from './query-timing.js';
import { parseQuery } from '../src/query/index.js';
import { openStore } from '../src/store/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
// bin/innsyn.js runs the compiled CLI; without a build there is nothing to measure.
const COMPILED_MAIN = path.join(repoRoot, 'dist', 'cli', 'main.js');

/** The parts of the CLI's --json documents this runner reads (see docs/json.md). */
interface IngestJson {
  report?: { stored?: number; read?: number };
}
interface SearchJson {
  total?: number;
}

function parseJson<T>(what: string, s: string): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    throw new Error(`${what}: output is not JSON: ${s.slice(0, 200)}`);
  }
}

/**
 * Measures innsyn exactly as the peers are measured: by spawning its CLI, so ingest includes
 * Node start-up (negligible over thousands of messages) and every query includes it too (not
 * negligible: tens of milliseconds). Returns null, saying why, when the CLI is not built.
 * The same queries are then timed again as calls inside this process (`inProcessQueries`):
 * that is what a server answers with, and what the p95 target is about.
 */
export async function runInnsyn(
  maildir: string,
  work: string,
  options: RunnerOptions = {},
): Promise<PeerResult | null> {
  if (!existsSync(COMPILED_MAIN)) {
    console.log(
      `innsyn: skipped, ${path.relative(repoRoot, COMPILED_MAIN)} is missing (run \`npm run build\` first)`,
    );
    return null;
  }
  const runs = options.runs ?? DEFAULT_RUNS;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const root = path.resolve(work, 'innsyn');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const db = path.join(root, 'innsyn.db');
  const env = { ...process.env, TZ: 'UTC', INNSYN_DB: db };
  // The bin itself, as `npx innsyn` and an installed `innsyn` run it: its first line gives Node
  // the memory settings a process only takes at start-up (bin/innsyn.js; `node bin/innsyn.js`
  // would leave them out). Windows has no such line: Node and the script there.
  const launch = (args: string[]): [string, string[]] =>
    process.platform === 'win32' ? [process.execPath, [BIN, ...args]] : [BIN, args];
  const cli = (args: string[]): [string, string[]] => launch([...args, '--db', db]);

  const pkg = parseJson<{ version?: string }>(
    'package.json',
    readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
  );
  const index = await runMeasured(...cli(['ingest', path.resolve(maildir), '--json']), { env });
  // Exit 3 = finished with some inputs quarantined: still a complete run, the count says how many.
  if (index.code !== 0 && index.code !== 3) {
    console.log(`innsyn: ingest failed (exit ${index.code}): ${index.stderr.trim().slice(0, 500)}`);
    return null;
  }
  const ingest = parseJson<IngestJson>('innsyn ingest --json', index.stdout);
  const messages = ingest.report?.stored ?? NaN;
  const corpusBytes = dirBytes(maildir);

  const search = async (q: string): Promise<{ ms: number; total: number }> => {
    // Newest first, as notmuch and mu sort by default.
    const [cmd, args] = cli(['search', q, '--sort', 'date', '--limit', String(limit), '--json']);
    const r = await timeOnce(cmd, args, { env });
    if (r.run.code !== 0)
      throw new Error(`innsyn search ${q} failed (${r.run.code}): ${r.run.stderr.trim()}`);
    return { ms: r.ms, total: parseJson<SearchJson>(`innsyn search ${q}`, r.run.stdout).total ?? NaN };
  };
  const queries = await timeQueries(
    benchQueries(),
    runs,
    async (q) => (await search(q.innsyn)).total,
    async (q) => (await search(q.innsyn)).ms,
  );
  const inProcessQueries = await timeInProcess(db, runs, limit, 'relevance');
  const inProcessDateQueries = await timeInProcess(db, runs, limit, 'date');
  const startupMs = await startupFloor(
    runs,
    async () => (await timeOnce(...launch(['--version']), { env })).ms,
  );

  return {
    name: 'innsyn',
    version: pkg.version ?? 'unknown',
    messages,
    seconds: round(index.seconds),
    messagesPerSecond: round(messages / index.seconds, 1),
    mbPerSecond: round(corpusBytes / 1e6 / index.seconds),
    peakRssMb: index.peakRssKb === null ? null : round(index.peakRssKb / 1024, 1),
    cpuSeconds: index.cpuSeconds === null ? null : round(index.cpuSeconds),
    dbBytes: dirBytes(root),
    queries,
    inProcessQueries,
    inProcessDateQueries,
    latency: 'process',
    startupMs,
    notes: [
      `query latency = one \`innsyn search --sort date --limit ${limit} --json\` process (Node start-up included); hits = its total`,
      'ingest time includes thread rebuilding (the CLI does it after every ingest)',
    ],
  };
}

/** Each bench query as `store.search` calls in this process, with a parsed query, like the API does. */
async function timeInProcess(db: string, runs: number, limit: number, sort: 'relevance' | 'date') {
  const store = await openStore(db);
  try {
    const search = async (q: string) => {
      const t = process.hrtime.bigint();
      const r = await store.search(parseQuery(q), { limit, offset: 0, sort });
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, total: r.total };
    };
    return await timeQueries(
      benchQueries(),
      runs,
      async (q) => (await search(q.innsyn)).total,
      async (q) => (await search(q.innsyn)).ms,
    );
  } finally {
    await store.close();
  }
}
