import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';

/**
 * `innsyn` as an installed bin or `npx innsyn` starts it: the file itself, through its first
 * line, which gives the process the memory settings it can only take at start-up
 * (bin/innsyn.js): glibc's MALLOC_ARENA_MAX=2 and V8's --max-semi-space-size=4 and
 * --no-allocation-site-pretenuring.
 */
const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
const why =
  process.platform !== 'linux'
    ? 'the process is inspected through /proc (Linux only)'
    : !existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))
      ? 'dist/ is not built (npm test builds it first)'
      : null;
if (why) console.log(`# skipped: launcher test: ${why}`);

/** The node options on the bin's first line, after `node`. */
function binNodeFlags(): string[] {
  const first = readFileSync(BIN, 'utf8').split('\n', 1)[0] ?? '';
  const words = first.split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

describe('bin/innsyn.js and the bench', () => {
  it('the bench runs with the V8 flags the bin gives innsyn (its API bench serves in that process)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const flags = binNodeFlags();
    assert.ok(flags.includes('--no-allocation-site-pretenuring'), flags.join(' '));
    const bench = pkg.scripts.bench ?? '';
    assert.match(bench, /^node /);
    assert.deepEqual(
      bench.split(/\s+/).filter((w) => w.startsWith('--') && w !== '--import'),
      flags,
      `npm run bench: ${bench}`,
    );
  });
});

describe('bin/innsyn.js run as a program', { skip: why ?? false }, () => {
  let dir = '';
  let db = '';
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-launcher-'));
    db = path.join(dir, 'case.db');
    const eml = path.join(dir, 'one.eml');
    writeFileSync(
      eml,
      'From: Kari <kari@example.no>\r\nTo: Ola <ola@example.no>\r\nSubject: Styremøte\r\n' +
        'Date: Tue, 3 Mar 2020 10:00:00 +0100\r\nMessage-ID: <a1@example.no>\r\n\r\nVi sees i morgen.\r\n',
    );
    const r = runCli(['ingest', eml, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** `innsyn serve` started as a program, once it prints its URL. */
  async function serve(
    extra: string[] = [],
  ): Promise<{ child: ChildProcessByStdio<null, Readable, Readable>; url: string }> {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    delete env.INNSYN_SEARCH_THREADS;
    const child = spawn(BIN, ['serve', '--port', '0', '--db', db, ...extra], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no address in 30 s: ${out}`)), 30_000);
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        const m = /http:\/\/127\.0\.0\.1:\S+/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    return { child, url };
  }

  async function stop(child: ChildProcessByStdio<null, Readable, Readable>): Promise<number | null> {
    if (child.exitCode === null) {
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      return exited;
    }
    return child.exitCode;
  }

  it('runs through its first line, with the allocator and young-generation settings', async () => {
    const { child } = await serve();
    try {
      const pid = child.pid as number;
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      assert.ok(environ.includes('MALLOC_ARENA_MAX=2'), 'MALLOC_ARENA_MAX=2 in the environment');
      // env execs node in the same process: the command line is node's, with the V8 flag before the script.
      for (const flag of ['--max-semi-space-size=4', '--no-allocation-site-pretenuring']) {
        assert.ok(argv.includes(flag), argv.join(' '));
        assert.ok(argv.indexOf(flag) < argv.indexOf(BIN), argv.join(' '));
      }
    } finally {
      await stop(child);
    }
  });

  it('answers searches on its search threads (built from dist/), and stops them on SIGTERM', async () => {
    const tasks = (pid: number): number => readdirSync(`/proc/${pid}/task`).length;
    const search = async (url: string): Promise<unknown> => {
      const u = new URL(url);
      const token = u.searchParams.get('token') ?? '';
      const res = await fetch(`${u.origin}/api/search?q=styrem%C3%B8te&facets=1&histogram=1`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
      const doc = (await res.json()) as { total: number; items: Array<{ subject: string }>; facets: unknown };
      assert.equal(doc.total, 1);
      assert.equal(doc.items[0]?.subject, 'Styremøte');
      return { ...doc, facets: doc.facets };
    };
    const none = await serve(['--search-threads', '0']);
    const two = await serve(['--search-threads', '2']);
    try {
      assert.deepEqual(
        await search(two.url),
        await search(none.url),
        'the same answer with threads and without',
      );
      // Each search thread is a thread of the process (and V8 may start helpers of its own for it).
      assert.ok(
        tasks(two.child.pid as number) >= tasks(none.child.pid as number) + 2,
        `${tasks(two.child.pid as number)} threads with 2 search threads, ${tasks(none.child.pid as number)} without`,
      );
    } finally {
      assert.equal(await stop(two.child), 0, 'closed its threads and exited');
      assert.equal(await stop(none.child), 0);
    }
  });
});
