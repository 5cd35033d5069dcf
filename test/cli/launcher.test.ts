import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';

/**
 * `innsyn` as an installed bin or `npx innsyn` starts it: the file itself, through its first
 * line, which gives the process the memory settings it can only take at start-up
 * (bin/innsyn.js): glibc's MALLOC_ARENA_MAX=2 and V8's --max-semi-space-size=4.
 */
const BIN = path.join(repoRoot, 'bin', 'innsyn.js');
const why =
  process.platform !== 'linux'
    ? 'the process is inspected through /proc (Linux only)'
    : !existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))
      ? 'dist/ is not built (npm test builds it first)'
      : null;
if (why) console.log(`# skipped: launcher test: ${why}`);

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

  it('runs through its first line, with the allocator and young-generation settings', async () => {
    const env = { ...process.env };
    delete env.MALLOC_ARENA_MAX;
    const child = spawn(BIN, ['serve', '--port', '0', '--db', db], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve printed no address in 30 s: ${out}`)), 30_000);
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString('utf8');
          if (out.includes('http://127.0.0.1:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const pid = child.pid as number;
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      assert.ok(environ.includes('MALLOC_ARENA_MAX=2'), 'MALLOC_ARENA_MAX=2 in the environment');
      // env execs node in the same process: the command line is node's, with the V8 flag before the script.
      assert.ok(argv.includes('--max-semi-space-size=4'), argv.join(' '));
      assert.ok(argv.indexOf('--max-semi-space-size=4') < argv.indexOf(BIN), argv.join(' '));
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    }
  });
});
