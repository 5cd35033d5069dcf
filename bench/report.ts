import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PeerResult } from './peer-result.js';

/** One benchmark run at one corpus size, as printed and as written to .bench/results-<size>.json. */
export interface BenchReport {
  size: number;
  seed: number;
  corpus: {
    messages: number;
    files: number;
    bytes: number;
    /** Seconds the generator took, or null when a cached corpus was reused. */
    generationSeconds: number | null;
    generatorVersion: number;
  };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    platform: string;
    /** 1-minute load average before the engines ran: other work on the machine skews wall clock. */
    loadAverage: number;
  };
  /** innsyn's result (null when it could not run), then the peers that ran. */
  results: PeerResult[];
  innsynRan: boolean;
}

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

function mb(bytes: number): string {
  return `${dec1.format(bytes / 1e6)} MB`;
}

function ratio(a: number, b: number): string {
  if (!(a > 0) || !(b > 0)) return 'n/a';
  return `${a / b >= 10 ? int.format(a / b) : dec1.format(a / b)}x`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * The human-readable report: one table of ingest figures, ratio lines of the first engine
 * (innsyn when it ran) against each other, and one table of query latencies with hit counts.
 */
export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  const gen =
    r.corpus.generationSeconds === null
      ? 'cached'
      : `generated in ${dec1.format(r.corpus.generationSeconds)} s`;
  out.push(
    `Corpus: ${int.format(r.corpus.messages)} messages, ${mb(r.corpus.bytes)} of raw mail, seed ${r.seed} (${gen})`,
    `Machine: ${r.machine.cpus} x ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}, ` +
      `load ${dec1.format(r.machine.loadAverage)} at start`,
  );
  if (r.machine.loadAverage > r.machine.cpus / 2) {
    out.push('WARNING: the machine was busy; wall-clock figures are pessimistic, compare CPU seconds.');
  }
  out.push('');
  if (r.results.length === 0) {
    out.push('No engine ran.');
    return out.join('\n');
  }
  out.push(
    table([
      [
        'engine',
        'version',
        'messages',
        'seconds',
        'CPU s',
        'msg/s',
        'MB/s',
        'peak RSS',
        'db size',
        'db/corpus',
      ],
      ...r.results.map((e) => [
        e.name,
        e.version,
        int.format(e.messages),
        dec1.format(e.seconds),
        e.cpuSeconds === undefined || e.cpuSeconds === null ? 'n/a' : dec1.format(e.cpuSeconds),
        int.format(e.messagesPerSecond),
        dec1.format(e.mbPerSecond),
        e.peakRssMb === null ? 'n/a' : `${int.format(e.peakRssMb)} MiB`,
        mb(e.dbBytes),
        `${dec1.format((100 * e.dbBytes) / r.corpus.bytes)} %`,
      ]),
    ]),
    '',
  );
  const [first, ...others] = r.results;
  if (first !== undefined && others.length > 0) {
    const vs = (f: (e: PeerResult) => string): string => others.map((o) => `${f(o)} ${o.name}`).join(', ');
    out.push(
      `ingest: ${first.name} ${int.format(first.messagesPerSecond)} msg/s = ${vs((o) => ratio(first.messagesPerSecond, o.messagesPerSecond))}`,
      `db size: ${first.name} ${mb(first.dbBytes)} = ${vs((o) => ratio(first.dbBytes, o.dbBytes))}`,
    );
    if (first.peakRssMb !== null) {
      out.push(
        `peak RSS: ${first.name} ${int.format(first.peakRssMb)} MiB = ${vs((o) => (o.peakRssMb === null ? 'n/a' : ratio(first.peakRssMb ?? 0, o.peakRssMb)))}`,
      );
    }
    out.push('');
  }
  const kinds = first?.queries.map((q) => q.kind) ?? [];
  const header = ['query', ...r.results.map((e) => `${e.name} p50/p95 ms (hits)`)];
  const rows = kinds.map((kind) => [
    kind,
    ...r.results.map((e) => {
      const q = e.queries.find((x) => x.kind === kind);
      return q === undefined
        ? 'n/a'
        : `${dec1.format(q.p50ms)} / ${dec1.format(q.p95ms)} (${int.format(q.hits)})`;
    }),
  ]);
  out.push(table([header, ...rows]), '');
  for (const e of r.results) {
    const runs: Array<[string, typeof e.inProcessQueries]> = [
      ['relevance', e.inProcessQueries],
      ['newest-first', e.inProcessDateQueries],
    ];
    for (const [order, rowsOf] of runs) {
      if (!rowsOf) continue;
      const worst = Math.max(...rowsOf.map((q) => q.p95ms));
      out.push(
        `${e.name} in process (store.search, parsed query, ${order} order): worst p95 ${dec1.format(worst)} ms`,
        table([
          ['query', 'p50 ms', 'p95 ms', 'hits'],
          ...rowsOf.map((q) => [q.kind, dec1.format(q.p50ms), dec1.format(q.p95ms), int.format(q.hits)]),
        ]),
        '',
      );
    }
  }
  for (const e of r.results) {
    const how = e.latency === 'in-process' ? 'in-process calls' : 'one process per query, start-up included';
    const floor = e.startupMs === undefined ? '' : `; bare start-up p50 ${dec1.format(e.startupMs)} ms`;
    out.push(`${e.name}: ${how}${floor}`);
    for (const n of e.notes ?? []) out.push(`  - ${n}`);
  }
  if (!r.innsynRan) out.push('', 'innsyn did not run: the table compares the peers only.');
  out.push(
    "Hit counts differ where engines differ in stemming, folding and date handling; see each engine's notes.",
  );
  return out.join('\n');
}

/** Writes the report as JSON to `<dir>/results-<size>.json` and returns that path. */
export function writeReport(r: BenchReport, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `results-${r.size}.json`);
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}
