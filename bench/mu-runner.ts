import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { benchQueries } from './bench-queries.js';
import { dirBytes, hasCommand, round, runMeasured, timeOnce, versionNumber } from './measure.js';
import { DEFAULT_LIMIT, DEFAULT_RUNS, type PeerResult, type RunnerOptions } from './peer-result.js';
import { startupFloor, timeQueries } from './query-timing.js';

// `mu find` exits 4 when nothing matched (mu-find(1)): an answer, not a failure.
const MU_NO_MATCHES = 4;

/**
 * Indexes `maildir` with mu (maildir-utils) into a throw-away mu home under `work` and times the
 * bench queries. Returns null, saying why, when mu is not installed. `mu init` is not timed (it
 * only writes the configuration); `mu index` is.
 */
export async function runMu(
  maildir: string,
  work: string,
  options: RunnerOptions = {},
): Promise<PeerResult | null> {
  if (!hasCommand('mu')) {
    console.log('mu: skipped, the mu binary is not on PATH (Debian: apt-get install maildir-utils)');
    return null;
  }
  const runs = options.runs ?? DEFAULT_RUNS;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const root = path.resolve(work, 'mu');
  const muhome = path.join(root, 'home');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(muhome, { recursive: true });
  const env = { ...process.env, HOME: root, TZ: 'UTC' };
  const home = `--muhome=${muhome}`;
  const mu = async (args: string[], okCodes = [0]): Promise<{ stdout: string; ms: number }> => {
    const r = await timeOnce('mu', args, { env });
    if (r.run.code === null || !okCodes.includes(r.run.code)) {
      throw new Error(`mu ${args.join(' ')} failed (${r.run.code}): ${r.run.stderr.trim()}`);
    }
    return { stdout: r.run.stdout, ms: r.ms };
  };
  const countLines = (s: string): number => s.split('\n').filter((l) => l.length > 0).length;

  const version = versionNumber((await mu(['--version'])).stdout);
  await mu(['init', `--maildir=${path.resolve(maildir)}`, home]);
  const index = await runMeasured('mu', ['index', '--quiet', home], { env });
  if (index.code !== 0) throw new Error(`mu index failed (${index.code}): ${index.stderr.trim()}`);
  // mu 1.8 has no count command: an empty query lists every message, one id per line.
  const messages = countLines((await mu(['find', home, '--fields=i', ''], [0, MU_NO_MATCHES])).stdout);
  const corpusBytes = dirBytes(maildir);

  const queries = await timeQueries(
    benchQueries(),
    runs,
    async (q) => countLines((await mu(['find', home, '--fields=i', '--', q.mu], [0, MU_NO_MATCHES])).stdout),
    async (q) =>
      (await mu(['find', home, `--maxnum=${limit}`, '--fields=i', '--', q.mu], [0, MU_NO_MATCHES])).ms,
  );
  const startupMs = await startupFloor(runs, async () => (await mu(['--version'])).ms);

  return {
    name: 'mu',
    version,
    messages,
    seconds: round(index.seconds),
    messagesPerSecond: round(messages / index.seconds, 1),
    mbPerSecond: round(corpusBytes / 1e6 / index.seconds),
    peakRssMb: index.peakRssKb === null ? null : round(index.peakRssKb / 1024, 1),
    cpuSeconds: index.cpuSeconds === null ? null : round(index.cpuSeconds),
    dbBytes: dirBytes(path.join(muhome, 'xapian')),
    queries,
    latency: 'process',
    startupMs,
    notes: [
      `query latency = one \`mu find --maxnum=${limit} --fields=i\` process (start-up included); hits = lines of an unlimited \`mu find\``,
      'mu does not stem; it indexes with several threads',
    ],
  };
}
