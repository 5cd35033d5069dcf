import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATOR_VERSION, generateCorpus } from '../src/demo/generate-corpus.js';
import { round } from './measure.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Our own cache folder (git-ignored): corpora, databases and reports of benchmark runs. */
export const BENCH_DIR = path.join(repoRoot, '.bench');

/** What a cached corpus was generated with; a mismatch means regenerate. */
export interface Stamp {
  generatorVersion: number;
  messages: number;
  seed: number;
  files: number;
  bytes: number;
  seconds: number;
}

/** The generated Maildir of `size` messages, made once and reused while its stamp matches. */
export async function ensureCorpus(
  size: number,
  seed: number,
): Promise<{ maildir: string; stamp: Stamp; reused: boolean }> {
  const dir = path.join(BENCH_DIR, `corpus-${size}-seed${seed}`);
  const maildir = path.join(dir, 'maildir');
  const stampFile = path.join(dir, 'stamp.json');
  if (existsSync(stampFile)) {
    const s = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<Stamp>;
    if (
      s.generatorVersion === GENERATOR_VERSION &&
      s.messages === size &&
      s.seed === seed &&
      existsSync(maildir)
    ) {
      return { maildir, stamp: s as Stamp, reused: true };
    }
  }
  // Our own cache folder: a stale or half-written corpus is removed whole, never mixed.
  rmSync(dir, { recursive: true, force: true });
  console.log(`generating ${size} messages (seed ${seed}) into ${path.relative(repoRoot, maildir)} …`);
  const t0 = process.hrtime.bigint();
  const r = await generateCorpus({ messages: size, seed, format: 'maildir', dir: maildir });
  const seconds = round(Number(process.hrtime.bigint() - t0) / 1e9);
  const stamp: Stamp = {
    generatorVersion: GENERATOR_VERSION,
    messages: size,
    seed,
    files: r.files,
    bytes: r.bytes,
    seconds,
  };
  // Written last: a run killed mid-generation leaves no stamp, so the next run starts over.
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2) + '\n');
  console.log(`  ${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB in ${seconds} s`);
  return { maildir, stamp, reused: false };
}
