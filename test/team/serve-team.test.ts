/**
 * `innsyn serve --team` from the command line (the built CLI, as users run it): refused with a
 * SQLite file, and on PostgreSQL a server that asks for a login, prints its address without a
 * token and says how to make the first admin.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';
import { startPgCluster } from '../store/pg-cluster.js';
import { sql } from './team-fixture.js';

const fromSource = process.env.INNSYN_TEST_FROM_SOURCE === '1';
const started = await startPgCluster();

void describe('CLI serve --team', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-serve-team-'));
  after(() => {
    if ('cluster' in started) started.cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('CLI serve --team - a SQLite file is a usage error, and so are the team flags without --team', () => {
    const file = path.join(dir, 'case.db');
    writeFileSync(file, '');
    const r = runCli(['serve', '--team', '--db', file, '--port', '0']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /team mode needs PostgreSQL/);
    const s = runCli(['serve', '--db', file, '--port', '0', '--secure-cookies']);
    assert.equal(s.code, 2, s.stderr);
    assert.match(s.stderr, /apply in team mode only/);
    const idle = runCli(['serve', '--db', file, '--port', '0', '--collection-idle', '5']);
    assert.equal(idle.code, 2, idle.stderr);
    assert.match(idle.stderr, /--collection-idle apply in team mode only/);
    // Search threads are a database file's (PostgreSQL answers each connection in a process of its own).
    for (const bad of ['x', '-1', '65']) {
      const b = runCli(['serve', '--db', file, '--port', '0', `--search-threads=${bad}`]);
      assert.equal(b.code, 2, b.stderr);
      assert.match(
        b.stderr,
        /--search-threads \(or INNSYN_SEARCH_THREADS\) takes a whole number from 0 to 64/,
      );
    }
    const threads = runCli([
      'serve',
      '--team',
      '--db',
      'postgres://nobody@127.0.0.1:1/x',
      '--search-threads',
      '2',
    ]);
    assert.equal(threads.code, 2, threads.stderr);
    assert.match(threads.stderr, /--search-threads applies to a database file/);
    // Minutes, a whole number (checked before anything connects).
    for (const bad of ['soon', '-1', '1.5', '100000']) {
      const b = runCli([
        'serve',
        '--team',
        '--db',
        'postgres://nobody@127.0.0.1:1/x',
        `--collection-idle=${bad}`,
      ]);
      assert.equal(b.code, 2, b.stderr);
      assert.match(b.stderr, /--collection-idle takes a whole number from 0 to 10080/);
    }
  });

  void test(
    'CLI serve --team - prints the address without a token, asks for a login, says how to make the first admin',
    { skip: 'skip' in started ? started.skip : false },
    async () => {
      if (!('cluster' in started)) return;
      const db = await started.cluster.createDatabase();
      const args = ['serve', '--team', '--db', db, '--port', '0', '--collection-idle', '0', '--json'];
      const child = spawn(
        process.execPath,
        fromSource
          ? ['--import', 'tsx', path.join(repoRoot, 'test', 'helpers', 'cli-entry.ts'), ...args]
          : [path.join(repoRoot, 'bin', 'innsyn.js'), ...args],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      try {
        // The --json document (printed once listening), possibly over several lines.
        const deadline = Date.now() + 60_000;
        let doc: { url: string; team: boolean } | null = null;
        while (doc === null && Date.now() < deadline && child.exitCode === null) {
          try {
            doc = JSON.parse(stdout) as { url: string; team: boolean };
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        assert.ok(doc !== null, `no JSON: ${stdout} ${stderr}`);
        assert.equal(doc.team, true);
        assert.match(doc.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
        assert.doesNotMatch(doc.url, /token/);
        const me = await fetch(new URL('/api/me', doc.url));
        assert.equal(me.status, 401);
        const stats = await fetch(new URL('/api/stats', doc.url), {
          headers: { 'x-innsyn-collection': 'x' },
        });
        assert.equal(stats.status, 401);
        assert.equal((await fetch(new URL('/api/stats?token=whatever', doc.url))).status, 401);
      } finally {
        child.kill('SIGTERM');
      }
      assert.equal(await exited, 0, stderr);
      // It opened no case of its own in the database's public schema: only the team tables.
      const schemas = await sql<{ schema: string }>(
        db,
        `SELECT DISTINCT table_schema AS schema FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
      );
      assert.deepEqual(
        schemas.map((r) => r.schema),
        ['innsyn_team'],
      );
      assert.match(stderr, /no admin yet: create the first one with 'innsyn users add NAME --admin'/);
    },
  );
});
