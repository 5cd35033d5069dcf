import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { openTeamStore } from '../../src/team/index.js';
import { repoRoot } from '../helpers/shared.js';
import { startPgCluster } from '../store/pg-cluster.js';

/**
 * `innsyn users`, `innsyn collections` and `innsyn audit` end to end: the built CLI (as
 * test/helpers/run-cli.ts runs it; INNSYN_TEST_FROM_SOURCE=1 for the sources) against a real
 * PostgreSQL server (test/store/pg-cluster.ts), passwords given on standard input.
 */
const fromSource = process.env.INNSYN_TEST_FROM_SOURCE === '1';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function innsyn(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Run {
  const argv = fromSource
    ? ['--import', 'tsx', path.join(repoRoot, 'test', 'helpers', 'cli-entry.ts'), ...args]
    : [path.join(repoRoot, 'bin', 'innsyn.js'), ...args];
  const env = { ...process.env, ...options.env };
  if (!options.env?.INNSYN_DB) delete env.INNSYN_DB;
  const r = spawnSync(process.execPath, argv, {
    cwd: repoRoot,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const ok = (r: Run): Run => {
  assert.equal(r.code, 0, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
};
const doc = (r: Run) => JSON.parse(ok(r).stdout) as Record<string, unknown>;

const started = await startPgCluster();

if ('skip' in started) {
  void test('CLI - team mode', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  after(() => cluster.stop());

  void describe('CLI - team mode', () => {
    void test('CLI team - users, collections and audit refuse a SQLite database: team mode needs PostgreSQL', () => {
      for (const args of [
        ['users', 'list', '--db', path.join(os.tmpdir(), 'case.db')],
        ['collections', 'list', '--db', 'case.db'],
        ['audit'],
      ]) {
        const r = innsyn(args);
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, /team mode \(accounts, collections, the audit log\) needs PostgreSQL/);
        assert.equal(r.stdout, '');
      }
      const help = ok(innsyn(['--help'])).stdout;
      for (const name of ['users', 'collections', 'audit'])
        assert.match(help, new RegExp(`\\n  ${name} +Team mode`));
    });

    void test('CLI team - accounts, grants, tokens and the audit log end to end', async () => {
      const db = await cluster.createDatabase();
      const env = { INNSYN_DB: db };
      const run = (args: string[], input = '') => innsyn(args, { input, env });

      // Collections.
      assert.deepEqual(doc(run(['collections', 'add', 'leak2016', '--json'])), {
        version: 1,
        collection: {
          name: 'leak2016',
          schema: 'c_leak2016',
          createdAt: (
            doc(run(['collections', 'list', '--json'])).collections as Array<{ createdAt: string }>
          )[0]?.createdAt,
          createdBy: null,
        },
        added: true,
      });
      assert.match(
        ok(run(['collections', 'add', 'leak2016'])).stdout,
        /^already there: leak2016 +\(schema c_leak2016/,
      );
      const badName = run(['collections', 'add', 'Leak-2016']);
      assert.equal(badName.code, 2);
      assert.match(
        badName.stderr,
        /'Leak-2016' is not a collection name: use 1-40 characters of a-z, 0-9 and _/,
      );

      // Users: the password from standard input, with the flag or piped without it.
      const boss = doc(
        run(['users', 'add', 'boss', '--admin', '--password-stdin', '--json'], 'the boss knows best\n'),
      );
      assert.deepEqual(boss.user, {
        name: 'boss',
        admin: true,
        disabled: false,
        createdAt: (boss.user as { createdAt: string }).createdAt,
        grants: [],
        tokens: 0,
        sessions: 0,
      });
      assert.match(
        ok(run(['users', 'add', 'alice'], 'correct horse battery\r\nignored\n')).stdout,
        /^added alice: no collections/,
      );
      const short = run(['users', 'add', 'bob'], 'short\n');
      assert.equal(short.code, 2);
      assert.match(short.stderr, /the password is too short/);
      const none = run(['users', 'add', 'bob']);
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no password on standard input/);
      const again = run(['users', 'add', 'alice'], 'correct horse battery\n');
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already a user 'alice'/);

      // Grants.
      assert.deepEqual(doc(run(['users', 'grant', 'alice', 'leak2016', 'reader', '--json'])), {
        version: 1,
        user: 'alice',
        collection: 'leak2016',
        role: 'reader',
        previous: null,
      });
      assert.equal(
        ok(run(['users', 'grant', 'alice', 'leak2016', 'editor'])).stdout,
        'alice is now editor in leak2016 (was reader)\n',
      );
      const noCollection = run(['users', 'grant', 'alice', 'panama', 'reader']);
      assert.equal(noCollection.code, 1);
      assert.match(noCollection.stderr, /no collection 'panama'.*innsyn collections add panama/);
      assert.equal(run(['users', 'grant', 'alice', 'leak2016', 'owner']).code, 2);
      const list = doc(run(['users', 'list', '--json'])).users as Array<{ name: string; grants: unknown }>;
      assert.deepEqual(
        list.map((u) => [u.name, u.grants]),
        [
          ['alice', [{ collection: 'leak2016', role: 'editor' }]],
          ['boss', []],
        ],
      );
      assert.equal(
        ok(run(['users', 'list'])).stdout,
        '2 users\n  alice: leak2016 (editor); 0 tokens, 0 sessions\n  boss [admin]: every collection; 0 tokens, 0 sessions\n',
      );

      // The password works; passwd changes it.
      const team = await openTeamStore(db);
      try {
        assert.ok((await team.login('alice', 'correct horse battery', '127.0.0.1')).ok);
        ok(run(['users', 'passwd', 'alice'], 'a brand new password\n'));
        assert.equal((await team.login('alice', 'correct horse battery', '127.0.0.1')).ok, false);
        assert.ok((await team.login('alice', 'a brand new password', '127.0.0.1')).ok);

        // Tokens: printed once on stdout (the note on stderr), work, listed, revoked.
        const t = run(['users', 'token', 'alice', '--name', 'nightly export']);
        ok(t);
        const token = t.stdout.trim();
        assert.match(token, /^innsyn_[A-Za-z0-9_-]{43}$/);
        assert.match(t.stderr, /shown this once/);
        assert.equal((await team.tokenUser(token))?.name, 'alice');
        const tokens = doc(run(['users', 'tokens', 'alice', '--json'])).tokens as Array<{
          id: number;
          name: string;
        }>;
        assert.deepEqual(
          tokens.map((x) => x.name),
          ['nightly export'],
        );
        assert.ok(!JSON.stringify(tokens).includes(token));
        ok(run(['users', 'revoke-token', 'alice', String(tokens[0]?.id)]));
        assert.equal(await team.tokenUser(token), null);
        assert.equal(run(['users', 'revoke-token', 'alice', String(tokens[0]?.id)]).code, 1);

        ok(run(['users', 'admin', 'alice', 'on']));
        ok(run(['users', 'admin', 'alice', 'off']));
        ok(run(['users', 'disable', 'alice']));
        assert.equal((await team.login('alice', 'a brand new password', '127.0.0.1')).ok, false);
        ok(run(['users', 'enable', 'alice']));
        assert.deepEqual(doc(run(['users', 'revoke', 'alice', 'leak2016', '--json'])), {
          version: 1,
          user: 'alice',
          collection: 'leak2016',
          revoked: true,
        });
        ok(run(['users', 'remove', 'alice']));
        assert.equal(run(['users', 'remove', 'alice']).code, 1);
        assert.equal(await team.getUser('alice'), null);
      } finally {
        await team.close();
      }

      // The audit log: every change above, by the command line, oldest last.
      const audit = doc(run(['audit', '--limit', '1000', '--json']));
      assert.equal(audit.more, false);
      const entries = audit.entries as Array<{ user: string | null; action: string; client: string }>;
      assert.deepEqual(entries.map((e) => `${e.user ?? '-'} ${e.action}`).reverse(), [
        '- collection-add',
        '- user-add',
        '- user-add',
        '- grant',
        '- grant',
        'alice login',
        '- user-passwd',
        'alice login-failed',
        'alice login',
        '- token-create',
        '- token-revoke',
        '- user-admin',
        '- user-admin',
        '- user-disable',
        'alice login-failed',
        '- user-enable',
        '- revoke',
        '- user-remove',
      ]);
      const cliEntry = entries.find((e) => e.action === 'user-remove');
      assert.match(String(cliEntry?.client), /^cli:[^@]+@.+$/);
      const grants = doc(run(['audit', '--action', 'grant', '--json'])).entries as unknown[];
      assert.equal(grants.length, 2);
      assert.equal((doc(run(['audit', '--user', 'alice', '--json'])).entries as unknown[]).length, 4);
      assert.deepEqual(doc(run(['audit', '--since', '2999-01-01', '--json'])).entries, []);
      const two = doc(run(['audit', '--limit', '2', '--json']));
      assert.equal((two.entries as unknown[]).length, 2);
      assert.equal(two.more, true);
      const text = ok(run(['audit', '--action', 'grant', '--limit', '1'])).stdout.split('\n');
      assert.match(
        text[0] as string,
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}- {2}grant {2}\[leak2016\] {2}role="editor" target="alice" previous="reader" {2}\(cli:.+\)$/,
      );
      assert.equal(text[1], '(the newest 1; --limit N shows more)');
      for (const bad of [
        ['audit', '--action', 'dance'],
        ['audit', '--since', 'yesterday'],
        ['audit', '--limit', '0'],
      ]) {
        assert.equal(run(bad).code, 2, bad.join(' '));
      }
    });

    void test('CLI team - collections remove says what it would delete, and with --yes deletes that collection only', async () => {
      const db = await cluster.createDatabase();
      const env = { INNSYN_DB: db };
      const fixtures = ['html-only.eml', 'norwegian-subject.eml', 'windows-1252-trap.eml'].map((f) =>
        path.join(repoRoot, 'test', 'fixtures', 'email', f),
      );
      for (const name of ['leak', 'keep']) {
        ok(innsyn(['collections', 'add', name], { env }));
        ok(innsyn(['ingest', ...fixtures, '--collection', name, '--json'], { env }));
      }
      const items = (name: string) =>
        (doc(innsyn(['stats', '--collection', name, '--json'], { env })).stats as { items: number }).items;
      const held = items('leak');
      assert.ok(held > 0, 'the fixtures were ingested');
      ok(innsyn(['users', 'add', 'alice'], { env, input: 'correct horse battery\n' }));
      ok(innsyn(['users', 'grant', 'alice', 'leak', 'reader'], { env }));
      ok(innsyn(['users', 'grant', 'alice', 'keep', 'editor'], { env }));

      // Without --yes: what it would delete, and nothing deleted.
      const asked = innsyn(['collections', 'remove', 'leak'], { env });
      assert.equal(asked.code, 2);
      assert.match(
        asked.stderr,
        new RegExp(
          `removing collection leak deletes its ${held} items and 1 member for good: export .*--yes`,
        ),
      );
      assert.equal(items('leak'), held);

      assert.deepEqual(doc(innsyn(['collections', 'remove', 'leak', '--yes', '--json'], { env })), {
        version: 1,
        collection: 'leak',
        removed: true,
        items: held,
        members: 1,
      });
      const left = doc(innsyn(['collections', 'list', '--json'], { env })).collections as Array<{
        name: string;
      }>;
      assert.deepEqual(
        left.map((c) => c.name),
        ['keep'],
      );
      const team = await openTeamStore(db);
      try {
        assert.deepEqual(
          (await team.getUser('alice'))?.grants.map((g) => g.collection),
          ['keep'],
        );
      } finally {
        await team.close();
      }
      // The schema is gone with everything in it; the other collection is whole.
      const client = new pg.Client({ connectionString: db });
      await client.connect();
      try {
        const schemas = await client.query<{ nspname: string }>(
          "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'c\\_%' ORDER BY 1",
        );
        assert.deepEqual(
          schemas.rows.map((r) => r.nspname),
          ['c_keep'],
        );
      } finally {
        await client.end();
      }
      assert.equal(items('keep'), held);
      const audit = doc(innsyn(['audit', '--json'], { env })).entries as Array<{
        action: string;
        collection: string | null;
        detail: Record<string, unknown>;
      }>;
      const entry = audit.find((e) => e.action === 'collection-remove');
      assert.deepEqual(entry && { collection: entry.collection, detail: entry.detail }, {
        collection: 'leak',
        detail: { schema: 'c_leak', items: held, members: 1 },
      });
      const again = innsyn(['collections', 'remove', 'leak', '--yes'], { env });
      assert.equal(again.code, 1);
      assert.match(again.stderr, /no collection 'leak'/);
    });

    void test('CLI team - audit --collection C lists that collection only', async () => {
      const db = await cluster.createDatabase();
      const env = { INNSYN_DB: db };
      ok(innsyn(['collections', 'add', 'leak'], { env }));
      ok(innsyn(['collections', 'add', 'panama'], { env }));
      const entries = doc(innsyn(['audit', '--collection', 'panama', '--json'], { env })).entries as Array<{
        collection: string;
      }>;
      assert.deepEqual(
        entries.map((e) => e.collection),
        ['panama'],
      );
    });
  });
}
