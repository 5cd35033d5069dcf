/**
 * The echo quality benchmark: generates a case with planted echoes and decoys
 * (echo-generator.ts), runs findEchoes on it, prints recall, precision and MRR per kind of
 * evidence and overall (echo-metrics.ts), and the time taken.
 *
 *   node --import tsx bench/echo-quality.ts [--seed 1] [--items 20000] [--public-share 0.1] [--json]
 *
 * Exits 0 whatever the numbers (they are for reading, the unit test asserts floors), 1 on a
 * crash, 2 on a bad option.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { findEchoes } from '../src/analysis/echoes.js';
import { generateEchoCase, type EchoCase } from './echo-generator.js';
import { formatEchoQuality, measureEchoQuality, type EchoQuality } from './echo-metrics.js';

/** "Recall of planted echoes in the top 10 per private message" (issue 6). */
export const BENCH_MAX_PER_PRIVATE = 10;

export interface EchoBenchResult {
  seed: number;
  items: number;
  publicItems: number;
  privateItems: number;
  spanDays: number;
  decoys: Record<string, number>;
  generateMs: number;
  findMs: number;
  /** CPU time of findEchoes (user + system), which a busy shared machine does not inflate. */
  findCpuMs: number;
  quality: EchoQuality;
}

/** Generates the case for `seed`/`items` and measures findEchoes on it. */
export function runEchoBench(opts: { seed: number; items: number; publicShare?: number }): EchoBenchResult {
  let started = performance.now();
  const c: EchoCase = generateEchoCase(opts);
  const generateMs = performance.now() - started;
  started = performance.now();
  const cpu = process.cpuUsage();
  const echoes = findEchoes(c.items, c.persons, { maxPerPrivate: BENCH_MAX_PER_PRIVATE });
  const used = process.cpuUsage(cpu);
  const findMs = performance.now() - started;
  const publicItems = c.items.filter((i) => i.visibility === 'public').length;
  return {
    seed: opts.seed,
    items: c.items.length,
    publicItems,
    privateItems: c.items.length - publicItems,
    spanDays: c.spanDays,
    decoys: c.decoys,
    generateMs,
    findMs,
    findCpuMs: (used.user + used.system) / 1000,
    quality: measureEchoQuality(echoes, c.planted),
  };
}

function wholeNumber(name: string, s: string): number {
  const n = Number(s.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`--${name}: '${s}' is not a whole number of at least 1`);
  return n;
}

function main(): number {
  let values: { seed: string; items: string; 'public-share': string; json: boolean };
  let seed: number;
  let items: number;
  let publicShare: number;
  try {
    values = parseArgs({
      options: {
        seed: { type: 'string', default: '1' },
        items: { type: 'string', default: '20000' },
        'public-share': { type: 'string', default: '0.1' },
        json: { type: 'boolean', default: false },
      },
    }).values as typeof values;
    seed = wholeNumber('seed', values.seed);
    items = wholeNumber('items', values.items);
    publicShare = Number(values['public-share']);
    if (!(publicShare > 0 && publicShare < 1))
      throw new RangeError(`--public-share: '${values['public-share']}' is not between 0 and 1`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const r = runEchoBench({ seed, items, publicShare });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return 0;
  }
  const rate = Math.round(r.items / (r.findMs / 1000));
  process.stdout.write(
    [
      `echo quality, seed ${r.seed}: ${r.items} items (${r.privateItems} private, ${r.publicItems} public) over ${r.spanDays} days`,
      `decoys: ${Object.entries(r.decoys)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
      formatEchoQuality(r.quality),
      `generate ${Math.round(r.generateMs)} ms; findEchoes ${Math.round(r.findMs)} ms wall, ${Math.round(r.findCpuMs)} ms CPU (${rate} items/s wall)`,
      '',
    ].join('\n'),
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.exitCode = main();
  } catch (e) {
    process.stderr.write(
      `echo-quality crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 1;
  }
}
