import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { generateCorpus } from '../../src/demo/generate-corpus.js';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';
import { startPgCluster } from './pg-cluster.js';

/**
 * Team mode's promise for ingest: several `innsyn ingest` processes on one PostgreSQL database,
 * on overlapping inputs, at once, and one of them killed half-way and run again, end with
 * exactly the database one run over all the inputs gives: the same items (every column but the
 * row number), records and raw bytes, full-text documents (people words included), locations,
 * attachments, senders and recipients, persons, threads, quarantine and stats. Runs the built
 * CLI (`npx tsc -p tsconfig.build.json`), as users do.
 */
const started = await startPgCluster();
const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
const BUILT = path.join(repoRoot, 'dist', 'cli', 'main.js');

if ('skip' in started || !existsSync(BUILT)) {
  const reason =
    'skip' in started ? started.skip : `${BUILT} is missing: build first (npx tsc -p tsconfig.build.json)`;
  void test('PostgreSQL concurrent ingest', { skip: reason }, () => {});
} else {
  const { cluster } = started;
  const work = mkdtempSync(path.join(os.tmpdir(), 'innsyn-concurrent-'));
  after(() => {
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
  });
  const inputs = { a: path.join(work, 'a'), b: path.join(work, 'b'), c: path.join(work, 'c') };

  before(async () => {
    // 1,200 generated messages (threads, attachments, English and Norwegian), in three Maildirs
    // that share messages: a holds 0-499, b 400-899, c 800-1199. Copies are byte for byte the
    // same, so whichever process stores an item first stores the same bytes.
    const corpus = path.join(work, 'corpus');
    await generateCorpus({ messages: 1200, seed: 11, format: 'maildir', dir: corpus });
    const files = readdirSync(path.join(corpus, 'cur')).sort((x, y) => parseInt(x) - parseInt(y));
    const ranges: Array<[string, number, number]> = [
      [inputs.a, 0, 500],
      [inputs.b, 400, 900],
      [inputs.c, 800, 1200],
    ];
    for (const [dir, from, to] of ranges) {
      for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
      for (const f of files.slice(from, to))
        copyFileSync(path.join(corpus, 'cur', f), path.join(dir, 'cur', f));
    }
    // Something to quarantine, in two inputs: a file that is not mail.
    for (const dir of [inputs.b, inputs.c]) {
      writeFileSync(path.join(dir, 'cur', 'junk.1.x:2,S'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0]));
    }
  });

  /** What a finished process left: exit code (null when killed), standard output and error. */
  type Finished = { code: number | null; out: string; err: string };
  /** `innsyn ARGS` started without waiting; `done` resolves when it has ended. */
  const start = (args: string[]): { child: ChildProcess; done: Promise<Finished> } => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
    return { child, done };
  };
  const ingest = (url: string, paths: string[]) => start(['ingest', ...paths, '--db', url, '--json']);
  /** Exit 0, or 3: finished with something quarantined (the junk file). */
  const finished = (r: Finished): void => {
    assert.ok(r.code === 0 || r.code === 3, `ingest exited ${r.code}: ${r.err.slice(-2000)}`);
  };

  const query = async <R>(url: string, text: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows as R[];
    } finally {
      await client.end();
    }
  };
  /** Everything a run leaves, keyed by content (item ids, paths, identity keys), never by row number. */
  const DUMP: Record<string, string> = {
    items:
      'SELECT id, kind, platform, visibility, sent_at, lang, has_attachments, has_links, from_address, subject, message_id, ' +
      "in_reply_to, refs, conversation_id, reply_to, thread_id, thread_reply_to, ask, encode(exact, 'hex') AS exact FROM items ORDER BY id",
    contents:
      'SELECT i.id, c.codec, c.record_len, md5(c.data) AS data, md5(c.raw) AS raw FROM contents c JOIN items i ON i.n = c.n ORDER BY i.id',
    fts: 'SELECT i.id, md5(f.doc::text) AS doc, f.people_sig FROM fts f JOIN items i ON i.n = f.n ORDER BY i.id',
    locations:
      'SELECT i.id, p.path, l.member, l.byte_offset, l.byte_length, l.sha256, l.labels FROM locations l JOIN items i ON i.n = l.item ' +
      'JOIN paths p ON p.n = l.path ORDER BY 1, 2, 3, 4',
    folders:
      'SELECT f.name, f.words, i.id FROM item_folders x JOIN folders f ON f.n = x.folder JOIN items i ON i.n = x.item ORDER BY 1, 3',
    attachments:
      'SELECT a.sha256, i.id, a.seq, a.name, a.content_type FROM attachments a JOIN items i ON i.n = a.item ORDER BY 1, 2, 3',
    itemIdentities:
      'SELECT i.id, ii.role, ii.seq, d.platform, d.address, ii.name, ii.handle FROM item_identities ii ' +
      'JOIN items i ON i.n = ii.item JOIN identities d ON d.n = ii.identity ORDER BY 1, 2, 3',
    persons:
      'SELECT key, name, handles, identities, sent, received, items, first_at, last_at, search FROM persons ORDER BY key',
    personIdentities:
      'SELECT d.platform, d.address, p.person, p.sig FROM person_identities p JOIN identities d ON d.n = p.identity ORDER BY 1, 2',
    labels:
      'SELECT d.platform, d.address, l.kind, l.value, l.items FROM identity_labels l JOIN identities d ON d.n = l.identity ' +
      'ORDER BY 1, 2, 3, 4',
    threads:
      'SELECT thread_id, seq, item_id, message_id, parent_index, depth FROM thread_nodes ORDER BY thread_id, seq',
    quarantine:
      'SELECT p.path, q.member, q.byte_offset, q.byte_length, q.sha256, q.reason, md5(q.bytes) AS bytes FROM quarantine q ' +
      'JOIN paths p ON p.n = q.path ORDER BY 1, 2, 3',
    sources: 'SELECT path, size, state FROM sources ORDER BY path',
    pending: 'SELECT count(*)::int AS c FROM people_pending',
  };
  const dump = async (url: string): Promise<Record<string, unknown[]>> => {
    const out: Record<string, unknown[]> = {};
    for (const [name, text] of Object.entries(DUMP)) out[name] = await query(url, text);
    return out;
  };
  const stats = (url: string): Record<string, unknown> => {
    const r = runCli(['stats', '--db', url, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { stats: s } = JSON.parse(r.stdout) as { stats: Record<string, unknown> };
    delete s.dbBytes; // the size of the files, not of the case: dead rows of retried writes differ
    return s;
  };
  /** Equal dumps; else the first rows that differ, table by table (not 1,200 rows of each). */
  const assertSame = (got: Record<string, unknown[]>, want: Record<string, unknown[]>): void => {
    const problems: string[] = [];
    for (const name of Object.keys(DUMP)) {
      const g = (got[name] ?? []).map((r) => JSON.stringify(r));
      const w = (want[name] ?? []).map((r) => JSON.stringify(r));
      const only = (a: string[], b: string[]) => a.filter((x) => !new Set(b).has(x));
      const extra = only(g, w);
      const missing = only(w, g);
      if (g.length !== w.length || extra.length > 0 || missing.length > 0) {
        problems.push(
          `${name}: ${g.length} rows, want ${w.length}; ${extra.length} not in the single run, first: ${extra.slice(0, 3).join(' ')}; ` +
            `${missing.length} missing, first: ${missing.slice(0, 3).join(' ')}`,
        );
      }
    }
    assert.deepEqual(problems, []);
  };

  let reference: { url: string; dump: Record<string, unknown[]>; stats: Record<string, unknown> } | null =
    null;
  const referenceRun = async () => {
    if (reference !== null) return reference;
    const url = await cluster.createDatabase();
    finished(await ingest(url, [inputs.a, inputs.b, inputs.c]).done);
    reference = { url, dump: await dump(url), stats: stats(url) };
    // What the inputs hold, so that the comparison is about something.
    const d = reference.dump;
    assert.equal(d.items?.length, 1200);
    assert.equal(d.locations?.length, 1400, '1,200 messages, 200 of them in two inputs');
    assert.ok((d.attachments?.length ?? 0) > 50, 'attachments');
    assert.ok((d.threads?.length ?? 0) > 100, 'threads');
    assert.equal(d.quarantine?.length, 2, 'the junk file, once per input');
    assert.ok((d.persons?.length ?? 0) > 10, 'persons');
    assert.deepEqual(d.pending, [{ c: 0 }]);
    return reference;
  };

  void describe('Concurrent ingest', () => {
    void test('Concurrent ingest - two processes on overlapping inputs at once end with exactly what one run gives', async () => {
      const ref = await referenceRun();
      const url = await cluster.createDatabase();
      // The same input (b) in both, in different orders, started together.
      const one = ingest(url, [inputs.a, inputs.b]);
      const two = ingest(url, [inputs.c, inputs.b]);
      const [r1, r2] = await Promise.all([one.done, two.done]);
      finished(r1);
      finished(r2);
      // Each process reports every message it read: stored by it or found stored by the other.
      for (const r of [r1, r2]) {
        const { report } = JSON.parse(r.out) as {
          report: { read: number; stored: number; duplicates: number; quarantined: number };
        };
        assert.equal(report.read, report.stored + report.duplicates + report.quarantined);
      }
      assertSame(await dump(url), ref.dump);
      assert.deepEqual(stats(url), ref.stats);
    });

    void test('Concurrent ingest - one of two killed half-way (SIGKILL) and run again ends with exactly what one run gives', async () => {
      const ref = await referenceRun();
      const url = await cluster.createDatabase();
      const victim = ingest(url, [inputs.a, inputs.b, inputs.c]);
      const other = ingest(url, [inputs.c, inputs.b, inputs.a]);
      // Killed once a third of the messages are in: in the middle of its writes.
      let killedAt = -1;
      for (let i = 0; i < 600 && victim.child.exitCode === null; i++) {
        const n = await query<{ c: number }>(url, 'SELECT count(*)::int AS c FROM items').catch(() => [
          { c: 0 },
        ]);
        if ((n[0]?.c ?? 0) >= 400) {
          killedAt = n[0]?.c ?? 0;
          victim.child.kill('SIGKILL');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const killed = await victim.done;
      assert.ok(killedAt >= 400 && killedAt < 1200, `killed with ${killedAt} items stored`);
      assert.equal(killed.code, null, 'killed by the signal, not finished');
      finished(await other.done);
      finished(await ingest(url, [inputs.a, inputs.b, inputs.c]).done);
      assertSame(await dump(url), ref.dump);
      assert.deepEqual(stats(url), ref.stats);
    });
  });
}
