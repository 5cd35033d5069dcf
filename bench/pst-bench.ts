/**
 * The PST ingest benchmark (issue 7: "a PST of 1 GB ingests in under 10 minutes with peak RSS
 * under 1 GB"): generates a deterministic PST of the given size (bench/pst/generate-pst.ts,
 * cached in .bench/ while its generator version matches), ingests it with the built CLI into a
 * fresh database, and compares the counts with what was written and with libpff's pffexport
 * when installed (the checker's reference).
 *
 *   npm run bench -- --pst 1024 [--seed 1]
 *   node --import tsx bench/pst-bench.ts --mb 100 [--seed 1] [--skip-pffexport]
 *
 * Writes .bench/pst-results-<mb>.json and prints a table.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_DIR, repoRoot } from './ensure-corpus.js';
import { hasCommand, round, runMeasured, type ChildRun } from './measure.js';
import { PST_GENERATOR_VERSION, type GeneratePstResult } from './pst/generate-pst.js';

const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
const COMPILED_MAIN = path.join(repoRoot, 'dist', 'cli', 'main.js');
const GENERATOR = path.join(repoRoot, 'bench', 'pst', 'generate-pst.ts');
/** Issue 7's targets for a 1 GB PST. */
const TARGET_SECONDS_PER_GB = 600;
const TARGET_PEAK_RSS_MB = 1024;

export interface PstBenchOptions {
  mb: number;
  seed: number;
  /** Leave out the pffexport comparison (it writes the whole PST out as files). */
  skipPffexport?: boolean;
}

interface Measured {
  seconds: number;
  cpuSeconds: number | null;
  peakRssMb: number | null;
}

export interface PstBenchReport {
  mb: number;
  seed: number;
  file: { path: string; bytes: number; generatorVersion: number; generation: Measured | null };
  written: { items: number; mail: number; otherItems: number; attachments: number; folders: number };
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    loadAverageBefore: number;
    loadAverageAfter: number;
  };
  innsyn:
    | (Measured & {
        exitCode: number | null;
        read: number;
        stored: number;
        quarantined: number;
        attachments: number;
        itemsPerSecond: number;
        mbPerSecond: number;
        /** Wall clock scaled to 1 GiB, and whether issue 7's targets are met at this size. */
        secondsPerGb: number;
        meetsTime: boolean;
        meetsMemory: boolean | null;
      })
    | null;
  pffexport: (Measured & { items: number; attachments: number }) | null;
  notes: string[];
}

function measured(r: ChildRun): Measured {
  return {
    seconds: round(r.seconds),
    cpuSeconds: r.cpuSeconds === null ? null : round(r.cpuSeconds),
    peakRssMb: r.peakRssKb === null ? null : round(r.peakRssKb / 1024, 1),
  };
}

/** The generated PST, made once per size, seed and generator version. */
async function ensurePst(
  mb: number,
  seed: number,
): Promise<{ file: string; manifest: GeneratePstResult; generation: Measured | null }> {
  const file = path.join(BENCH_DIR, `pst-${mb}-seed${seed}.pst`);
  const manifestFile = `${file}.json`;
  if (existsSync(file) && existsSync(manifestFile)) {
    const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as GeneratePstResult;
    if (
      m.generatorVersion === PST_GENERATOR_VERSION &&
      m.seed === seed &&
      m.mb === mb &&
      statSync(file).size === m.bytes
    )
      return { file, manifest: m, generation: null };
  }
  rmSync(manifestFile, { force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  console.log(`generating a ${mb} MB PST (seed ${seed}) at ${path.relative(repoRoot, file)} …`);
  const r = await runMeasured(
    process.execPath,
    ['--import', 'tsx', GENERATOR, '--mb', String(mb), '--seed', String(seed), '--out', file],
    {
      cwd: repoRoot,
    },
  );
  if (r.code !== 0 || !existsSync(manifestFile))
    throw new Error(`generate-pst failed (${r.code}): ${r.stderr.slice(0, 500)}`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as GeneratePstResult;
  return { file, manifest, generation: measured(r) };
}

/** Items and attachment files in a pffexport tree, walked with an explicit stack. */
function countExport(dir: string): { items: number; attachments: number } {
  let items = 0;
  let attachments = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    const inAttachments = path.basename(d) === 'Attachments';
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        // Message00001, Appointment00001, Contact00001, Task00001, …
        if (/^[A-Za-z]+\d{5}$/.test(e.name)) items++;
        stack.push(path.join(d, e.name));
      } else if (inAttachments) attachments++;
    }
  }
  return { items, attachments };
}

export async function runPstBench(o: PstBenchOptions): Promise<PstBenchReport> {
  const { file, manifest, generation } = await ensurePst(o.mb, o.seed);
  const notes: string[] = [];
  const work = path.join(BENCH_DIR, `pst-work-${o.mb}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const loadAverageBefore = round(os.loadavg()[0] ?? 0);

  let innsyn: PstBenchReport['innsyn'] = null;
  if (!existsSync(COMPILED_MAIN)) {
    notes.push(
      `innsyn skipped: ${path.relative(repoRoot, COMPILED_MAIN)} is missing (run \`npm run build\`)`,
    );
  } else {
    console.log(`innsyn: ingesting ${path.relative(repoRoot, file)} …`);
    const db = path.join(work, 'innsyn.db');
    const r = await runMeasured(process.execPath, [BIN, 'ingest', file, '--db', db, '--json'], {
      env: { ...process.env, TZ: 'UTC', INNSYN_DB: db },
      cwd: repoRoot,
    });
    let report: { read?: number; stored?: number; quarantined?: number; attachments?: { files?: number } } =
      {};
    try {
      report = (JSON.parse(r.stdout) as { report?: typeof report }).report ?? {};
    } catch {
      notes.push(`innsyn ingest printed no JSON (exit ${r.code}): ${r.stderr.trim().slice(0, 300)}`);
    }
    const m = measured(r);
    const stored = report.stored ?? 0;
    const secondsPerGb = (m.seconds * 1024 ** 3) / manifest.bytes;
    innsyn = {
      ...m,
      exitCode: r.code,
      read: report.read ?? 0,
      stored,
      quarantined: report.quarantined ?? 0,
      attachments: report.attachments?.files ?? 0,
      itemsPerSecond: round(stored / m.seconds, 1),
      mbPerSecond: round(manifest.bytes / 1e6 / m.seconds, 2),
      secondsPerGb: round(secondsPerGb, 1),
      meetsTime: secondsPerGb < TARGET_SECONDS_PER_GB,
      meetsMemory: m.peakRssMb === null ? null : m.peakRssMb < TARGET_PEAK_RSS_MB,
    };
    if (innsyn.stored !== manifest.messages)
      notes.push(`innsyn stored ${innsyn.stored} items, ${manifest.messages} were written`);
    if (innsyn.attachments !== manifest.attachments)
      notes.push(`innsyn read ${innsyn.attachments} attachments, ${manifest.attachments} were written`);
  }
  const loadAverageAfter = round(os.loadavg()[0] ?? 0);

  let pffexport: PstBenchReport['pffexport'] = null;
  if (o.skipPffexport) notes.push('pffexport comparison skipped (--skip-pffexport)');
  else if (!hasCommand('pffexport', ['-V']))
    notes.push('pffexport (Debian pff-tools) is not installed: no libpff comparison');
  else {
    console.log('pffexport: exporting for the count comparison …');
    const target = path.join(work, 'pffexport');
    const r = await runMeasured('pffexport', ['-q', '-m', 'items', '-t', target, file]);
    const counts = countExport(`${target}.export`);
    rmSync(`${target}.export`, { recursive: true, force: true });
    pffexport = { ...measured(r), ...counts };
    if (r.code !== 0) notes.push(`pffexport exited ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
    if (innsyn !== null && counts.items !== innsyn.stored)
      notes.push(`pffexport found ${counts.items} items, innsyn stored ${innsyn.stored}`);
    if (innsyn !== null && counts.attachments !== innsyn.attachments)
      notes.push(`pffexport found ${counts.attachments} attachments, innsyn read ${innsyn.attachments}`);
  }

  return {
    mb: o.mb,
    seed: o.seed,
    file: {
      path: path.relative(repoRoot, file),
      bytes: manifest.bytes,
      generatorVersion: manifest.generatorVersion,
      generation,
    },
    written: {
      items: manifest.messages,
      mail: manifest.mail,
      otherItems: manifest.otherItems,
      attachments: manifest.attachments,
      folders: manifest.folders,
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore,
      loadAverageAfter,
    },
    innsyn,
    pffexport,
    notes,
  };
}

export function writePstReport(r: PstBenchReport): string {
  const out = path.join(BENCH_DIR, `pst-results-${r.mb}.json`);
  writeFileSync(out, `${JSON.stringify(r, null, 2)}\n`);
  return out;
}

const na = (v: number | null | undefined): string => (v === null || v === undefined ? 'n/a' : String(v));

export function formatPstReport(r: PstBenchReport): string {
  const i = r.innsyn;
  const p = r.pffexport;
  const rows: string[][] = [
    ['', 'written', 'innsyn', 'pffexport'],
    ['items', String(r.written.items), na(i?.stored), na(p?.items)],
    ['attachments', String(r.written.attachments), na(i?.attachments), na(p?.attachments)],
    ['wall s', na(r.file.generation?.seconds), na(i?.seconds), na(p?.seconds)],
    ['CPU s', na(r.file.generation?.cpuSeconds), na(i?.cpuSeconds), na(p?.cpuSeconds)],
    ['peak RSS MB', na(r.file.generation?.peakRssMb), na(i?.peakRssMb), na(p?.peakRssMb)],
    ['items/s', '', na(i?.itemsPerSecond), p === null ? 'n/a' : String(round(p.items / p.seconds, 1))],
    ['MB/s', '', na(i?.mbPerSecond), p === null ? 'n/a' : String(round(r.file.bytes / 1e6 / p.seconds, 2))],
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length))) ?? [];
  const table = rows.map((row) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
  );
  const lines = [
    `PST ingest, ${r.mb} MB (${(r.file.bytes / 1e6).toFixed(1)} MB file, ${r.written.items} items: ${r.written.mail} mail, ` +
      `${r.written.otherItems} calendar/contact/task; ${r.written.folders} folders), seed ${r.seed}` +
      (r.file.generation === null ? ' (cached file)' : ''),
    `machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}, ` +
      `load average ${r.machine.loadAverageBefore} before, ${r.machine.loadAverageAfter} after ingest`,
    ...table,
  ];
  if (i !== null)
    lines.push(
      `issue 7 target (1 GB in < ${TARGET_SECONDS_PER_GB} s, peak RSS < ${TARGET_PEAK_RSS_MB} MB): ` +
        `${i.secondsPerGb} s per GiB → ${i.meetsTime ? 'met' : 'NOT met'}; memory ${i.meetsMemory === null ? 'unknown' : i.meetsMemory ? 'met' : 'NOT met'}`,
    );
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}

async function cli(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mb: { type: 'string', default: '100' },
      seed: { type: 'string', default: '1' },
      'skip-pffexport': { type: 'boolean', default: false },
    },
  });
  const r = await runPstBench({
    mb: Number(values.mb),
    seed: Number(values.seed),
    skipPffexport: values['skip-pffexport'],
  });
  console.log(`\n${formatPstReport(r)}\n`);
  console.log(`written: ${path.relative(repoRoot, writePstReport(r))}`);
  return r.innsyn !== null && r.innsyn.stored === r.written.items ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await cli();
}
