import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchQueries } from './bench-queries.js';
import { dirBytes, hasCommand, round, runMeasured, timeOnce, versionNumber } from './measure.js';
import { DEFAULT_LIMIT, DEFAULT_RUNS, type PeerResult, type RunnerOptions } from './peer-result.js';
import { startupFloor, timeQueries } from './query-timing.js';

/**
 * Indexes `maildir` with notmuch into a throw-away database under `work` and times the bench
 * queries. Returns null, saying why, when notmuch is not installed.
 *
 * The maildir itself is never written to: the database lives in `work` (notmuch ≥ 0.32 splits
 * database.path from database.mail_root) and maildir flag synchronisation is off, since with it
 * on notmuch may rename files to match tags.
 */
export async function runNotmuch(
  maildir: string,
  work: string,
  options: RunnerOptions = {},
): Promise<PeerResult | null> {
  if (!hasCommand('notmuch')) {
    console.log('notmuch: skipped, the notmuch binary is not on PATH (Debian: apt-get install notmuch)');
    return null;
  }
  const runs = options.runs ?? DEFAULT_RUNS;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const root = path.resolve(work, 'notmuch');
  const db = path.join(root, 'db');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(db, { recursive: true });
  const config = path.join(root, 'config');
  writeFileSync(
    config,
    [
      '[database]',
      `path=${db}`,
      `mail_root=${path.resolve(maildir)}`,
      '[new]',
      'tags=inbox;',
      '[search]',
      // Nothing hidden from counts (the default hides deleted/spam tags, which we never set anyway).
      'exclude_tags=',
      '[maildir]',
      'synchronize_flags=false',
      '',
    ].join('\n'),
  );
  // HOME points into work so no personal ~/.notmuch-config or hooks can leak in; TZ=UTC so
  // date: ranges mean the same days as for the other engines.
  const env = { ...process.env, NOTMUCH_CONFIG: config, HOME: root, TZ: 'UTC' };
  const nm = async (args: string[]): Promise<string> => {
    const r = await timeOnce('notmuch', args, { env });
    if (r.run.code !== 0)
      throw new Error(`notmuch ${args.join(' ')} failed (${r.run.code}): ${r.run.stderr.trim()}`);
    return r.run.stdout;
  };

  const version = versionNumber(await nm(['--version']));
  const index = await runMeasured('notmuch', ['new', '--quiet'], { env });
  if (index.code !== 0) throw new Error(`notmuch new failed (${index.code}): ${index.stderr.trim()}`);
  const messages = Number((await nm(['count', '--', '*'])).trim());
  const corpusBytes = dirBytes(maildir);

  const queries = await timeQueries(
    benchQueries(),
    runs,
    async (q) => Number((await nm(['count', '--', q.notmuch])).trim()),
    async (q) =>
      (
        await timeOnce('notmuch', ['search', '--output=messages', `--limit=${limit}`, '--', q.notmuch], {
          env,
        })
      ).ms,
  );
  const startupMs = await startupFloor(
    runs,
    async () => (await timeOnce('notmuch', ['--version'], { env })).ms,
  );

  return {
    name: 'notmuch',
    version,
    messages,
    seconds: round(index.seconds),
    messagesPerSecond: round(messages / index.seconds, 1),
    mbPerSecond: round(corpusBytes / 1e6 / index.seconds),
    peakRssMb: index.peakRssKb === null ? null : round(index.peakRssKb / 1024, 1),
    cpuSeconds: index.cpuSeconds === null ? null : round(index.cpuSeconds),
    dbBytes: dirBytes(db),
    queries,
    latency: 'process',
    startupMs,
    notes: [
      `query latency = one \`notmuch search --output=messages --limit=${limit}\` process (start-up included); hits = \`notmuch count\``,
      'notmuch stems English (Xapian), so "meeting" also matches "meet"',
    ],
  };
}
