/**
 * `npm run bench`: generates (or reuses) corpora, runs innsyn and its peers on each, prints a
 * table and writes .bench/results-<size>.json.
 *
 *   npm run bench -- [--sizes 10000,100000 | --quick] [--seed 1] [--runs 10] [--engines innsyn,notmuch,mu] [--api] [--pg] [--skip-extract]
 *   npm run bench -- --pst MB [--seed 1]
 *   npm run bench -- --posts 100000,300000 [--seed 1]
 *
 * The HTTP API bench (api-bench.ts) runs after the engines for each size, unless --quick or
 * --engines narrows the run; --api runs it alone. --pg runs only the PostgreSQL bench (pg-bench.ts:
 * one and two ingest processes, search under load on `innsyn serve`). After innsyn, pattern-bench.ts times pairs,
 * network and timelines on its database and runs the planted-echo quality benchmark. Last,
 * extract-bench.ts times attachment text extraction (a PDF, DOCX and XLSX mix on every core: files/s
 * and MB/s, then OCR pages); --skip-extract leaves it out, --quick makes it small. --pst MB runs only the
 * PST ingest bench (pst-bench.ts: a generated PST of MB megabytes, counts checked against pffexport).
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATOR_VERSION } from '../src/demo/generate-corpus.js';
import { formatApiReport, runApiBench, writeApiReport } from './api-bench.js';
import { runPatternBench } from './pattern-bench.js';
import { formatPstReport, runPstBench, writePstReport } from './pst-bench.js';
import { formatPostsReport, runPostsBench } from './posts-bench.js';
import { formatPgReport, runPgBench, writePgReport } from './pg-bench.js';
import { runExtractBench } from './extract-bench.js';
import { BENCH_DIR, ensureCorpus, repoRoot } from './ensure-corpus.js';
import { runInnsyn } from './innsyn-runner.js';
import { round } from './measure.js';
import type { PeerResult, RunnerOptions } from './peer-result.js';
import { runMu, runNotmuch } from './peers.js';
import { type BenchReport, formatReport, writeReport } from './report.js';

const DEFAULT_SIZES = [10_000, 100_000];
const QUICK_SIZES = [2_000];
const ENGINES = ['innsyn', 'notmuch', 'mu'] as const;
type Engine = (typeof ENGINES)[number];

function parseSizes(s: string): number[] {
  const sizes = s.split(',').map((x) => Number(x.trim().replace(/_/g, '')));
  for (const n of sizes)
    if (!Number.isInteger(n) || n < 1) throw new Error(`--sizes: '${s}' is not a list of whole numbers`);
  return sizes;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string' },
      engines: { type: 'string', default: ENGINES.join(',') },
      api: { type: 'boolean', default: false },
      pg: { type: 'boolean', default: false },
      'skip-extract': { type: 'boolean', default: false },
      pst: { type: 'string' },
      posts: { type: 'string' },
    },
  });
  if (values.pst !== undefined) {
    const r = await runPstBench({ mb: Number(values.pst), seed: Number(values.seed) });
    console.log(`\n${formatPstReport(r)}\n`);
    console.log(`written: ${path.relative(repoRoot, writePstReport(r))}\n`);
    return r.innsyn !== null && r.innsyn.stored === r.written.items ? 0 : 1;
  }
  if (values.posts !== undefined) {
    const runs = await runPostsBench(parseSizes(values.posts), Number(values.seed));
    console.log(`\n${formatPostsReport(runs)}\n`);
    return runs.every((r) => r.stored === r.rows) ? 0 : 1;
  }
  const apiOnly = values.api;
  const withApi = apiOnly || (!values.quick && !process.argv.some((a) => a.startsWith('--engines')));
  const sizes = values.quick
    ? QUICK_SIZES
    : values.sizes === undefined
      ? DEFAULT_SIZES
      : parseSizes(values.sizes);
  const seed = Number(values.seed);
  const engines = values.engines.split(',').map((e) => e.trim());
  for (const e of engines)
    if (!(ENGINES as readonly string[]).includes(e)) throw new Error(`--engines: unknown engine '${e}'`);
  const options: RunnerOptions = values.runs === undefined ? {} : { runs: Number(values.runs) };
  const runners: Record<
    Engine,
    (maildir: string, work: string, o: RunnerOptions) => Promise<PeerResult | null>
  > = {
    innsyn: runInnsyn,
    notmuch: runNotmuch,
    mu: runMu,
  };

  for (const size of sizes) {
    if (values.pg) {
      const r = await runPgBench({ size, seed });
      console.log(`\n${formatPgReport(r)}\n`);
      console.log(`written: ${path.relative(repoRoot, writePgReport(r))}\n`);
      continue;
    }
    if (apiOnly) {
      const api = await runApiBench({ size, seed });
      console.log(`\n${formatApiReport(api)}\n`);
      console.log(`written: ${path.relative(repoRoot, writeApiReport(api))}\n`);
      continue;
    }
    const { maildir, stamp, reused } = await ensureCorpus(size, seed);
    const loadAtStart = os.loadavg()[0] ?? 0;
    const work = path.join(BENCH_DIR, `work-${size}`);
    mkdirSync(work, { recursive: true });
    const results: PeerResult[] = [];
    let innsynRan = false;
    for (const name of ENGINES) {
      if (!engines.includes(name)) continue;
      console.log(`${name}: indexing ${size} messages …`);
      const r = await runners[name](maildir, work, options);
      if (r === null) continue;
      if (name === 'innsyn') innsynRan = true;
      console.log(`  ${r.messages} messages in ${r.seconds} s`);
      results.push(r);
    }
    const report: BenchReport = {
      size,
      seed,
      corpus: {
        messages: size,
        files: stamp.files,
        bytes: stamp.bytes,
        generationSeconds: reused ? null : stamp.seconds,
        generatorVersion: GENERATOR_VERSION,
      },
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverage: round(loadAtStart),
      },
      results,
      innsynRan,
    };
    console.log(`\n${formatReport(report)}\n`);
    console.log(`written: ${path.relative(repoRoot, writeReport(report, BENCH_DIR))}\n`);
    if (withApi) {
      const api = await runApiBench({ size, seed });
      console.log(`\n${formatApiReport(api)}\n`);
      console.log(`written: ${path.relative(repoRoot, writeApiReport(api))}\n`);
    }
    if (innsynRan) console.log(`${(await runPatternBench(size)).join('\n')}\n`);
  }
  if (!values['skip-extract'] && !values.pg && !apiOnly) {
    console.log('attachment text extraction …');
    const lines = await runExtractBench({
      files: values.quick ? 60 : 240,
      workers: os.availableParallelism(),
      ocrPages: values.quick ? 1 : 4,
      seed,
    });
    console.log(`${lines.join('\n')}\n`);
  }
  return 0;
}

process.exitCode = await main();
