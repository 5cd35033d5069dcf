/**
 * The benchmark corpus: a deterministic, realistic mailbox dump of any size, written as a
 * Maildir (what notmuch and mu index) or one mbox file.
 *
 *   node --import tsx src/demo/generate-corpus.ts --messages 10000 --seed 1 --format maildir --out DIR
 *
 * Same options → byte-identical output on every machine: one seeded PRNG, a fixed epoch, no
 * clock, no Math.random, no iteration over anything unordered.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { Documents } from './corpus/attachments.js';
import { CorpusPlan } from './corpus/corpus-plan.js';
import { buildMessage } from './corpus/message-builder.js';
import { Prng } from './corpus/prng.js';

/**
 * Bump whenever the output for a given seed changes, so bench/run.ts regenerates cached
 * corpora instead of benchmarking a stale one.
 */
export const GENERATOR_VERSION = 1;

export interface GenerateOptions {
  messages: number;
  seed: number;
  format: 'maildir' | 'mbox';
  /** Output directory. Maildir: its cur/ new/ tmp/ are created here. Mbox: `corpus.mbox` inside. */
  dir: string;
  /**
   * 'real': PDF and DOCX attachments are documents with text to find (the demo); 'opaque'
   * (default, the benchmark corpora): bytes that only look like them. Everything else is
   * the same for a seed either way.
   */
  documents?: Documents;
}

export interface GenerateResult {
  /** Files written: one per message for Maildir, 1 for mbox. */
  files: number;
  /** Bytes of mail written. */
  bytes: number;
  /** The Maildir (= dir) or the mbox file. */
  path: string;
}

// Guards against a typo (100000000) filling the disk: ~10 KB a message on average.
const MAX_MESSAGES = 2_000_000;
// Maildir files being written at once (each up to ~300 KB): enough to keep the thread pool busy.
const MAX_PENDING_WRITES = 32;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The mbox "From " separator line: envelope sender and asctime() in UTC. */
function fromLine(address: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return (
    `From ${address} ${DAYS[d.getUTCDay()] ?? 'Mon'} ${MONTHS[d.getUTCMonth()] ?? 'Jan'} ` +
    `${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:` +
    `${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}\n`
  );
}

/**
 * mboxrd quoting: a line of zero or more ">" followed by "From " gets one more ">", so a reader
 * can undo it exactly (the mboxrd variant; plain mboxo loses information).
 */
function mboxrdQuote(raw: Buffer): Buffer {
  const s = raw.toString('latin1');
  if (!/^>*From /m.test(s)) return raw;
  return Buffer.from(s.replace(/^(>*From )/gm, '>$1'), 'latin1');
}

function validate(o: GenerateOptions): void {
  if (!Number.isInteger(o.messages) || o.messages < 1 || o.messages > MAX_MESSAGES) {
    throw new RangeError(`messages must be an integer in 1..${MAX_MESSAGES}, got ${o.messages}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new RangeError(`seed must be an unsigned 32-bit integer, got ${o.seed}`);
  }
  if (o.format !== 'maildir' && o.format !== 'mbox') throw new RangeError(`format must be maildir or mbox`);
}

/**
 * Writes the corpus. Refuses to write into a Maildir whose cur/ already holds files (or over an
 * existing mbox), because mixing two generations would make every count in the report wrong.
 */
export async function generateCorpus(options: GenerateOptions): Promise<GenerateResult> {
  validate(options);
  const { messages, seed, format, dir } = options;
  mkdirSync(dir, { recursive: true });
  const rng = new Prng(seed);
  const plan = new CorpusPlan(rng, messages, seed, options.documents);
  let bytes = 0;

  if (format === 'maildir') {
    const cur = path.join(dir, 'cur');
    if (existsSync(cur) && readdirSync(cur).length > 0) throw new Error(`${cur} is not empty`);
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
    // Creating a file in a directory of 100k entries costs about as much as generating the message;
    // writes go through libuv's thread pool so generation overlaps them (a bounded number in
    // flight keeps memory flat). Content and names do not depend on completion order.
    const pending = new Set<Promise<void>>();
    let failure: unknown = null;
    for (let i = 0; i < messages; i++) {
      const raw = buildMessage(rng, plan.next(i));
      // Maildir names: unique per message; ":2,S" = seen, so mu/notmuch treat it as read mail.
      const p: Promise<void> = writeFile(path.join(cur, `${i}.${seed}.bench:2,S`), raw).then(
        () => void pending.delete(p),
        (e: unknown) => {
          pending.delete(p);
          failure ??= e;
        },
      );
      pending.add(p);
      bytes += raw.length;
      if (pending.size >= MAX_PENDING_WRITES) await Promise.race(pending);
      if (failure !== null) break;
    }
    await Promise.all(pending);
    if (failure !== null) throw failure;
    return { files: messages, bytes, path: dir };
  }

  const file = path.join(dir, 'corpus.mbox');
  if (existsSync(file)) throw new Error(`${file} already exists`);
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < messages; i++) {
      const spec = plan.next(i);
      const raw = mboxrdQuote(buildMessage(rng, spec));
      const sep = Buffer.from(fromLine(spec.from.address, spec.ms), 'latin1');
      // A blank line ends each message, so the next "From " line starts after an empty line.
      const chunk = Buffer.concat([sep, raw, Buffer.from('\n')]);
      writeSync(fd, chunk);
      bytes += chunk.length;
      if (i % 5000 === 4999) await new Promise((r) => setImmediate(r));
    }
  } finally {
    closeSync(fd);
  }
  return { files: 1, bytes, path: file };
}

async function cli(): Promise<number> {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      format: { type: 'string', default: 'maildir' },
      out: { type: 'string' },
    },
  });
  if (values.out === undefined) {
    process.stderr.write('usage: generate-corpus --messages N --seed S --format maildir|mbox --out DIR\n');
    return 2;
  }
  const format = values.format === 'mbox' ? 'mbox' : values.format === 'maildir' ? 'maildir' : null;
  if (format === null) {
    process.stderr.write(`unknown --format ${values.format}\n`);
    return 2;
  }
  const t0 = process.hrtime.bigint();
  const r = await generateCorpus({
    messages: Number(values.messages),
    seed: Number(values.seed),
    format,
    dir: values.out,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(
    JSON.stringify({ ...r, seconds: Math.round(seconds * 100) / 100, generatorVersion: GENERATOR_VERSION }) +
      '\n',
  );
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await cli();
}
