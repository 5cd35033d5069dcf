/**
 * The post list ingest benchmark: ingests generated CSV lists of public posts of several sizes
 * with the built CLI, each into a fresh database, and prints posts/s, CPU and peak RSS per size
 * and the cost per post of the largest against the smallest. A reader whose cost grows with
 * the file (each record a view of the whole file, copied whole to the worker threads: fixed
 * 2026-11-28, src/model/own-bytes.ts) shows as a ratio well above 1.
 *
 *   npm run bench -- --posts 100000,300000 [--seed 1]
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, repoRoot } from './ensure-corpus.js';
import { round, runMeasured } from './measure.js';

const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
const WORDS =
  'the leak meeting campaign email link document source report public private møte kilde lenke avtale'.split(
    ' ',
  );

export interface PostsRun {
  rows: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number | null;
  peakRssMb: number | null;
  stored: number;
  postsPerSecond: number;
}

/** A deterministic CSV of `rows` posts (id, date, text of 25 words and a link). */
export function writePostList(file: string, rows: number, seed: number): void {
  let x = seed >>> 0 || 1;
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x;
  };
  const lines = ['id,created_at,text'];
  for (let i = 0; i < rows; i++) {
    const words = Array.from({ length: 25 }, () => WORDS[next() % WORDS.length]).join(' ');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hour = String(i % 24).padStart(2, '0');
    lines.push(`${i},2020-01-${day}T${hour}:00:00Z,${words} https://example.org/${i}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export async function runPostsBench(sizes: readonly number[], seed: number): Promise<PostsRun[]> {
  const dir = path.join(BENCH_DIR, `posts-seed${seed}`);
  mkdirSync(dir, { recursive: true });
  const runs: PostsRun[] = [];
  for (const rows of sizes) {
    const csv = path.join(dir, `posts-${rows}.csv`);
    const db = path.join(dir, `posts-${rows}.db`);
    writePostList(csv, rows, seed);
    rmSync(db, { force: true });
    const r = await runMeasured(process.execPath, [BIN, 'ingest', csv, '--db', db, '--json']);
    if (r.code !== 0) throw new Error(`ingest of ${rows} posts exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    const stored = (JSON.parse(r.stdout) as { report: { stored: number } }).report.stored;
    runs.push({
      rows,
      bytes: statSync(csv).size,
      seconds: round(r.seconds),
      cpuSeconds: r.cpuSeconds === null ? null : round(r.cpuSeconds),
      peakRssMb: r.peakRssKb === null ? null : round(r.peakRssKb / 1024, 0),
      stored,
      postsPerSecond: round(rows / r.seconds, 0),
    });
    rmSync(db, { force: true });
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
  }
  return runs;
}

export function formatPostsReport(runs: readonly PostsRun[]): string {
  const lines = [
    '| posts | CSV MB | seconds | CPU s | posts/s | peak RSS MiB | stored |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.rows} | ${round(r.bytes / 1e6, 1)} | ${r.seconds} | ${r.cpuSeconds ?? '?'} | ${r.postsPerSecond} | ${r.peakRssMb ?? '?'} | ${r.stored} |`,
    );
  }
  const first = runs[0];
  const last = runs.at(-1);
  if (first && last && last !== first) {
    const ratio = last.seconds / last.rows / (first.seconds / first.rows);
    lines.push(`\nseconds per post, ${last.rows} against ${first.rows}: ${round(ratio)}x (1 is linear)`);
  }
  return lines.join('\n');
}
