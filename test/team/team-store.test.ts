import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { InnsynError } from '../../src/model/index.js';
import { accessOf, allows, openTeamStore, type LoginResult, type TeamUser } from '../../src/team/index.js';
import { parsePasswordHash } from '../../src/team/passwords.js';
import { LOGIN_WINDOW_MS, SESSION_IDLE_MS, SESSION_TTL_MS } from '../../src/team/team-store.js';
import { secretHash } from '../../src/team/team-secrets.js';
import { startPgCluster } from '../store/pg-cluster.js';
import { CLI_ACTOR, FAST_SCRYPT, FrozenClock, freshTeam, sql } from './team-fixture.js';

/**
 * The team tables (src/team/team-store.ts) on a real PostgreSQL server started here
 * (test/store/pg-cluster.ts): accounts, collections, grants and access, sessions, API tokens,
 * the shared login rate limit and the audit log.
 */
const started = await startPgCluster();

const usage = (pattern: RegExp) => (e: unknown) =>
  e instanceof InnsynError && e.code === 'usage' && pattern.test(e.message);
const notFound = (pattern: RegExp) => (e: unknown) =>
  e instanceof InnsynError && e.code === 'not-found' && pattern.test(e.message);

const PASSWORD = 'correct horse battery';
const ADMIN = { user: 'boss', client: '10.0.0.9' };

if ('skip' in started) {
  void test('Team store', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  after(() => cluster.stop());

  void describe('Team store: schema', () => {
    void test('Team store - creates its tables in innsyn_team under its own migrations, once, even when opened twice at once', async () => {
      const url = await cluster.createDatabase();
      const [a, b] = await Promise.all([
        openTeamStore(url, { passwordParams: FAST_SCRYPT }),
        openTeamStore(url, { passwordParams: FAST_SCRYPT }),
      ]);
      await a.close();
      await b.close();
      const tables = await sql<{ table_name: string }>(
        url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'innsyn_team' ORDER BY 1",
      );
      assert.deepEqual(
        tables.map((t) => t.table_name),
        [
          'api_tokens',
          'audit_log',
          'collections',
          'login_attempts',
          'memberships',
          'sessions',
          'team_migrations',
          'users',
        ],
      );
      assert.deepEqual(await sql(url, 'SELECT version, name FROM innsyn_team.team_migrations'), [
        { version: 1, name: 'initial' },
      ]);
      // Nothing in the public schema: the case store keeps that (or a collection's schema) to itself.
      assert.deepEqual(
        await sql(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"),
        [],
      );
    });

    void test('Team store - refuses, untouched, an innsyn_team schema holding tables that are not its own, and a newer version', async () => {
      const url = await cluster.createDatabase();
      await sql(url, 'CREATE SCHEMA innsyn_team; CREATE TABLE innsyn_team.payroll (x int)');
      await assert.rejects(
        openTeamStore(url),
        (e: unknown) =>
          e instanceof InnsynError && e.code === 'store' && /not innsyn's \(payroll\)/.test(e.message),
      );
      const url2 = await cluster.createDatabase();
      await (await openTeamStore(url2)).close();
      await sql(url2, "INSERT INTO innsyn_team.team_migrations VALUES (99, 'future', now())");
      await assert.rejects(openTeamStore(url2), /newer innsyn \(team schema version 99/);
    });

    void test('Team store - a SQLite path or another scheme is refused: team mode needs PostgreSQL', async () => {
      for (const spec of ['/tmp/case.db', 'case.db', 'mysql://x@y/z', './postgres://notes.db']) {
        await assert.rejects(openTeamStore(spec), usage(/team mode .* needs PostgreSQL/));
      }
    });
  });

  void describe('Team store: users and collections', () => {
    void test('Users - added, listed with grants, refused when the name is taken or bad or the password short, removed with their grants', async () => {
      const { team } = await freshTeam(cluster);
      const alice = await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      assert.equal(alice.name, 'alice');
      assert.equal(alice.admin, false);
      await team.addUser('boss', PASSWORD, { admin: true }, CLI_ACTOR);
      await assert.rejects(team.addUser('alice', PASSWORD, {}, CLI_ACTOR), usage(/already a user 'alice'/));
      for (const bad of ['Alice', '', '-x', 'a b', 'x'.repeat(65), "o'brien"]) {
        await assert.rejects(team.addUser(bad, PASSWORD, {}, CLI_ACTOR), usage(/is not a user name/), bad);
      }
      await assert.rejects(team.addUser('bob', 'short', {}, CLI_ACTOR), usage(/too short/));
      await team.ensureCollection('leak2016', CLI_ACTOR);
      await team.grant('alice', 'leak2016', 'reader', ADMIN);
      const list = await team.listUsers();
      assert.deepEqual(
        list.map((u) => [u.name, u.admin, u.disabled, u.grants]),
        [
          ['alice', false, false, [{ collection: 'leak2016', role: 'reader' }]],
          ['boss', true, false, []],
        ],
      );
      assert.equal(await team.removeUser('alice', CLI_ACTOR), true);
      assert.equal(await team.removeUser('alice', CLI_ACTOR), false);
      assert.equal(await team.getUser('alice'), null);
      await team.close();
    });

    void test('Collections - a name becomes schema c_<name>; [a-z0-9_] up to 40 characters, anything else refused; adding twice is one', async () => {
      const { url, team } = await freshTeam(cluster);
      const c = await team.ensureCollection('leak_2016', CLI_ACTOR);
      assert.equal(c.schema, 'c_leak_2016');
      assert.equal(c.createdBy, null);
      const again = await team.ensureCollection('leak_2016', ADMIN);
      assert.deepEqual(again, c);
      assert.deepEqual(
        await sql(url, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'c\\_%' ORDER BY 1"),
        [{ nspname: 'c_leak_2016' }],
      );
      for (const bad of ['Leak', 'leak-2016', 'x'.repeat(41), '', 'a;drop schema public', 'æøå', 'a b']) {
        await assert.rejects(team.ensureCollection(bad, CLI_ACTOR), usage(/is not a collection name/), bad);
      }
      await team.ensureCollection('x'.repeat(40), CLI_ACTOR);
      assert.deepEqual(
        (await team.listCollections()).map((x) => x.name),
        ['leak_2016', 'x'.repeat(40)],
      );
      const added = await team.listAudit({ action: 'collection-add' });
      assert.equal(added.entries.length, 2, 'adding an existing collection records nothing');
      await team.close();
    });
  });

  void describe('Team store: grants and access', () => {
    void test('Grants - accessOf gives admin everywhere, the granted role to members, none to others; revoking takes it away', async () => {
      const { team } = await freshTeam(cluster);
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      await team.addUser('bob', PASSWORD, {}, CLI_ACTOR);
      await team.addUser('boss', PASSWORD, { admin: true }, CLI_ACTOR);
      await team.ensureCollection('leak', CLI_ACTOR);
      await team.ensureCollection('panama', CLI_ACTOR);
      assert.equal(await team.grant('alice', 'leak', 'editor', ADMIN), null);
      assert.equal(await team.grant('bob', 'leak', 'reader', ADMIN), null);
      assert.equal(await team.grant('bob', 'panama', 'editor', ADMIN), null);
      assert.equal(await team.grant('bob', 'panama', 'reader', ADMIN), 'editor');
      await assert.rejects(
        team.grant('bob', 'nowhere', 'reader', ADMIN),
        notFound(/no collection 'nowhere'/),
      );
      await assert.rejects(team.grant('carol', 'leak', 'reader', ADMIN), notFound(/no user 'carol'/));
      await assert.rejects(team.grant('bob', 'leak', 'owner' as 'reader', ADMIN), usage(/not a role/));

      const login = async (name: string): Promise<TeamUser> => {
        const r = await team.login(name, PASSWORD, '10.0.0.1');
        assert.ok(r.ok, name);
        return r.user;
      };
      const alice = await login('alice');
      const bob = await login('bob');
      const boss = await login('boss');
      assert.equal(accessOf(alice, 'leak'), 'editor');
      assert.equal(accessOf(alice, 'panama'), 'none');
      assert.equal(accessOf(bob, 'leak'), 'reader');
      assert.equal(accessOf(bob, 'panama'), 'reader');
      assert.equal(accessOf(boss, 'leak'), 'admin');
      assert.equal(accessOf(boss, 'not-even-there'), 'admin');
      assert.equal(accessOf(null, 'leak'), 'none');
      assert.equal(accessOf(alice, 'constructor'), 'none', 'no prototype key is a grant');
      assert.ok(allows(accessOf(bob, 'leak'), 'reader') && !allows(accessOf(bob, 'leak'), 'editor'));
      assert.ok(allows(accessOf(boss, 'leak'), 'editor'));

      assert.deepEqual(await team.visibleCollections(alice), [
        { name: 'leak', schema: 'c_leak', role: 'editor' },
      ]);
      assert.deepEqual(
        (await team.visibleCollections(boss)).map((c) => [c.name, c.role]),
        [
          ['leak', 'admin'],
          ['panama', 'admin'],
        ],
      );
      assert.equal(await team.revoke('bob', 'leak', ADMIN), true);
      assert.equal(await team.revoke('bob', 'leak', ADMIN), false);
      // Grants are read with every request: the revocation counts at once for a live session.
      const r = await team.login('bob', PASSWORD, '10.0.0.1');
      assert.ok(r.ok);
      assert.equal(accessOf(await team.sessionUser(r.session.id), 'leak'), 'none');

      const grants = await team.listAudit({ collection: 'leak' });
      assert.deepEqual(grants.entries.map((e) => [e.user, e.action, e.detail, e.client]).reverse(), [
        [null, 'collection-add', { schema: 'c_leak' }, 'cli:test@host'],
        ['boss', 'grant', { target: 'alice', role: 'editor', previous: null }, '10.0.0.9'],
        ['boss', 'grant', { target: 'bob', role: 'reader', previous: null }, '10.0.0.9'],
        ['boss', 'revoke', { target: 'bob', previous: 'reader' }, '10.0.0.9'],
      ]);
      await team.close();
    });
  });

  void describe('Team store: sessions and tokens', () => {
    void test('Sessions - only sha256 of the id is stored; the session ends at its lifetime, when idle, at logout, on a new password', async () => {
      const clock = new FrozenClock();
      const { url, team } = await freshTeam(cluster, { now: clock.now });
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      const login = async () => {
        const r = await team.login('alice', PASSWORD, '10.0.0.1');
        assert.ok(r.ok);
        return r.session;
      };
      const s = await login();
      assert.match(s.id, /^[A-Za-z0-9_-]{43}$/);
      assert.match(s.csrfToken, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(s.id, s.csrfToken);
      assert.equal(s.expiresAt, new Date(clock.ms + SESSION_TTL_MS).toISOString());
      // The id is nowhere in the database, in any form a reader of a dump could use.
      const dump = JSON.stringify(await sql(url, 'SELECT * FROM innsyn_team.sessions'));
      assert.ok(!dump.includes(s.id));
      const rows = await sql<{ id_hash: Buffer }>(url, 'SELECT id_hash FROM innsyn_team.sessions');
      assert.deepEqual(
        rows.map((r) => r.id_hash.toString('hex')),
        [secretHash(s.id).toString('hex')],
      );
      const user = await team.sessionUser(s.id);
      assert.equal(user?.name, 'alice');
      assert.equal(user?.via, 'session');
      assert.equal(user?.csrfToken, s.csrfToken);
      assert.equal(await team.sessionUser(s.id.slice(0, -1) + (s.id.endsWith('A') ? 'B' : 'A')), null);
      assert.equal(await team.sessionUser('not a session id'), null);

      // Used every hour: alive until the lifetime ends, then gone (and deleted).
      for (let h = 1; h < SESSION_TTL_MS / 3_600_000; h++) {
        clock.advance(3_600_000);
        assert.ok(await team.sessionUser(s.id), `hour ${h}`);
      }
      clock.advance(3_600_000);
      assert.equal(await team.sessionUser(s.id), null);
      assert.deepEqual(await sql(url, 'SELECT count(*)::int AS n FROM innsyn_team.sessions'), [{ n: 0 }]);

      // Idle past the limit: ended.
      const idle = await login();
      clock.advance(SESSION_IDLE_MS - 1000);
      assert.ok(await team.sessionUser(idle.id));
      clock.advance(SESSION_IDLE_MS);
      assert.equal(await team.sessionUser(idle.id), null);

      // Logout.
      const out = await login();
      assert.equal(await team.endSession(out.id, '10.0.0.1'), true);
      assert.equal(await team.sessionUser(out.id), null);
      assert.equal(await team.endSession(out.id, '10.0.0.1'), false);

      // A new password ends every session of the user; disabling does too and stops logins.
      const a = await login();
      const b = await login();
      await team.setPassword('alice', 'another good password', CLI_ACTOR);
      assert.equal(await team.sessionUser(a.id), null);
      assert.equal(await team.sessionUser(b.id), null);
      assert.equal((await team.login('alice', PASSWORD, '10.0.0.1')).ok, false);
      const c = await team.login('alice', 'another good password', '10.0.0.1');
      assert.ok(c.ok);
      await team.setDisabled('alice', true, CLI_ACTOR);
      assert.equal(await team.sessionUser(c.session.id), null);
      assert.equal((await team.login('alice', 'another good password', '10.0.0.1')).ok, false);
      await team.setDisabled('alice', false, CLI_ACTOR);
      assert.ok((await team.login('alice', 'another good password', '10.0.0.1')).ok);
      await team.close();
    });

    void test('Tokens - shown once, stored as sha256, name their user; revoked or of a disabled user they stop working', async () => {
      const clock = new FrozenClock();
      const { url, team } = await freshTeam(cluster, { now: clock.now });
      await team.addUser('robot', PASSWORD, {}, CLI_ACTOR);
      await team.ensureCollection('leak', CLI_ACTOR);
      await team.grant('robot', 'leak', 'reader', CLI_ACTOR);
      const t = await team.createApiToken('robot', 'nightly export', CLI_ACTOR);
      assert.match(t.token, /^innsyn_[A-Za-z0-9_-]{43}$/);
      assert.ok(!JSON.stringify(await sql(url, 'SELECT * FROM innsyn_team.api_tokens')).includes(t.token));
      const user = await team.tokenUser(t.token);
      assert.equal(user?.name, 'robot');
      assert.equal(user?.via, 'token');
      assert.equal(user?.csrfToken, null);
      assert.equal(accessOf(user, 'leak'), 'reader');
      assert.equal(await team.tokenUser(t.token.replace('innsyn_', 'innsyn-')), null);
      assert.equal(await team.tokenUser(`innsyn_${'A'.repeat(43)}`), null);
      const listed = await team.listApiTokens('robot');
      assert.deepEqual(
        listed.map((x) => [x.id, x.name, x.lastUsedAt]),
        [[t.id, 'nightly export', new Date(clock.ms).toISOString()]],
      );
      await team.setDisabled('robot', true, CLI_ACTOR);
      assert.equal(await team.tokenUser(t.token), null);
      await team.setDisabled('robot', false, CLI_ACTOR);
      assert.ok(await team.tokenUser(t.token));
      assert.equal(await team.revokeApiToken('robot', t.id, CLI_ACTOR), true);
      assert.equal(await team.tokenUser(t.token), null);
      assert.equal(await team.revokeApiToken('robot', t.id, CLI_ACTOR), false);
      await assert.rejects(team.createApiToken('robot', ' ', CLI_ACTOR), usage(/token label/));
      await team.close();
    });

    void test('Logins - an old hash is made again with the current parameters at the next login', async () => {
      const { url, team } = await freshTeam(cluster);
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      await team.close();
      const stronger = await openTeamStore(url, { passwordParams: { ln: 11, r: 8, p: 1 } });
      assert.ok((await stronger.login('alice', PASSWORD, '10.0.0.1')).ok);
      const [row] = await sql<{ password_hash: string }>(url, 'SELECT password_hash FROM innsyn_team.users');
      assert.deepEqual(parsePasswordHash(row?.password_hash ?? '')?.params, { ln: 11, r: 8, p: 1 });
      assert.ok((await stronger.login('alice', PASSWORD, '10.0.0.1')).ok);
      await stronger.close();
    });
  });

  void describe('Team store: login rate limit', () => {
    void test('Rate limit - N failures for a name refuse further tries (the right password too) until the oldest leaves the window', async () => {
      const clock = new FrozenClock();
      const { team } = await freshTeam(cluster, {
        now: clock.now,
        maxFailuresPerName: 3,
        maxFailuresPerClient: 100,
      });
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      for (let i = 0; i < 3; i++) {
        const r = await team.login('alice', `wrong ${i}`, `10.0.0.${i}`);
        assert.deepEqual(r, { ok: false, reason: 'bad-credentials', retryAfterSeconds: null });
        clock.advance(60_000);
      }
      const refused = await team.login('alice', PASSWORD, '10.9.9.9');
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.reason, 'rate-limited');
      // The first failure was 3 minutes ago: it leaves the 15-minute window in 12 minutes.
      assert.equal(!refused.ok && refused.retryAfterSeconds, (LOGIN_WINDOW_MS - 3 * 60_000) / 1000);
      // A name typed another way is the same name.
      assert.equal((await team.login('  ALICE ', PASSWORD, '10.9.9.9')).ok, false);
      clock.advance(LOGIN_WINDOW_MS - 3 * 60_000 + 1000);
      assert.ok((await team.login('alice', PASSWORD, '10.9.9.9')).ok);
      await team.close();
    });

    void test('Rate limit - N failures from one address refuse it for every name; a success clears its own name only', async () => {
      const clock = new FrozenClock();
      const { team } = await freshTeam(cluster, {
        now: clock.now,
        maxFailuresPerName: 100,
        maxFailuresPerClient: 4,
      });
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      await team.addUser('bob', PASSWORD, {}, CLI_ACTOR);
      assert.equal((await team.login('alice', 'wrong', '10.0.0.1')).ok, false);
      assert.equal((await team.login('alice', 'wrong', '10.0.0.1')).ok, false);
      assert.ok((await team.login('alice', PASSWORD, '10.0.0.1')).ok); // clears alice's two
      for (const name of ['bob', 'carol', 'dave', 'erin']) {
        assert.equal((await team.login(name, 'wrong', '10.0.0.1')).ok, false);
      }
      const r = await team.login('alice', PASSWORD, '10.0.0.1');
      assert.equal(!r.ok && r.reason, 'rate-limited');
      assert.ok((await team.login('alice', PASSWORD, '10.0.0.2')).ok, 'another address is not limited');
      await team.close();
    });

    void test('Rate limit - parallel guesses are counted one at a time: no more than the limit has its password checked', async () => {
      const { team } = await freshTeam(cluster, { maxFailuresPerName: 5, maxFailuresPerClient: 8 });
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      // For one name from many addresses: 5 checked; the right password among them too.
      const guesses = Array.from({ length: 30 }, (_, i) => (i === 25 ? PASSWORD : `wrong ${i}`));
      const byName = await Promise.all(guesses.map((g, i) => team.login('alice', g, `10.1.0.${i}`)));
      const reasons = (rs: LoginResult[]) => rs.map((r) => (r.ok ? 'ok' : r.reason));
      const count = (rs: LoginResult[], what: string) => reasons(rs).filter((x) => x === what).length;
      assert.equal(count(byName, 'rate-limited'), 25, reasons(byName).join());
      assert.equal(count(byName, 'bad-credentials') + count(byName, 'ok'), 5);
      // From one address, for many names: 8 checked.
      const byClient = await Promise.all(
        Array.from({ length: 30 }, (_, i) => team.login(`user${i}`, 'wrong', '10.2.0.1')),
      );
      assert.equal(count(byClient, 'bad-credentials'), 8, reasons(byClient).join());
      assert.equal(count(byClient, 'rate-limited'), 22);
      await team.close();
    });
  });

  void describe('Team store: audit log', () => {
    void test('Audit - every account change and login is recorded with who, what, where; filters and pages; append-only', async () => {
      const clock = new FrozenClock();
      const { url, team } = await freshTeam(cluster, { now: clock.now });
      await team.addUser('boss', PASSWORD, { admin: true }, CLI_ACTOR);
      await team.addUser('alice', PASSWORD, {}, CLI_ACTOR);
      await team.ensureCollection('leak', ADMIN);
      await team.grant('alice', 'leak', 'reader', ADMIN);
      assert.equal((await team.login('alice', 'wrong password', '10.0.0.1')).ok, false);
      assert.equal((await team.login('mallory', 'guess', '10.0.0.66')).ok, false);
      const ok = await team.login('alice', PASSWORD, '10.0.0.1');
      assert.ok(ok.ok);
      await team.audit(ok.user, 'search', 'leak', { query: 'from:wikileaks' }, '10.0.0.1');
      await team.audit('alice', 'item-open', 'leak', { item: 'a'.repeat(32) }, '10.0.0.1');
      await team.endSession(ok.session.id, '10.0.0.1');
      const token = await team.createApiToken('alice', 'script', ADMIN);
      await team.revokeApiToken('alice', token.id, ADMIN);
      await team.setAdmin('alice', true, ADMIN);
      await team.setDisabled('alice', true, ADMIN);
      await team.setDisabled('alice', false, ADMIN);
      await team.setPassword('alice', 'a new long password', CLI_ACTOR);
      await team.revoke('alice', 'leak', ADMIN);
      await team.removeUser('alice', CLI_ACTOR);

      const all = await team.listAudit({ limit: 1000 });
      assert.equal(all.next, null);
      assert.deepEqual(
        all.entries.map((e) => [e.user, e.action, e.collection, e.detail, e.client]).reverse(),
        [
          [null, 'user-add', null, { target: 'boss', admin: true }, 'cli:test@host'],
          [null, 'user-add', null, { target: 'alice', admin: false }, 'cli:test@host'],
          ['boss', 'collection-add', 'leak', { schema: 'c_leak' }, '10.0.0.9'],
          ['boss', 'grant', 'leak', { target: 'alice', role: 'reader', previous: null }, '10.0.0.9'],
          ['alice', 'login-failed', null, { reason: 'wrong-password' }, '10.0.0.1'],
          ['mallory', 'login-failed', null, { reason: 'unknown-user' }, '10.0.0.66'],
          ['alice', 'login', null, { via: 'password' }, '10.0.0.1'],
          ['alice', 'search', 'leak', { query: 'from:wikileaks' }, '10.0.0.1'],
          ['alice', 'item-open', 'leak', { item: 'a'.repeat(32) }, '10.0.0.1'],
          ['alice', 'logout', null, {}, '10.0.0.1'],
          ['boss', 'token-create', null, { target: 'alice', token: token.id, label: 'script' }, '10.0.0.9'],
          ['boss', 'token-revoke', null, { target: 'alice', token: token.id }, '10.0.0.9'],
          ['boss', 'user-admin', null, { target: 'alice', admin: true }, '10.0.0.9'],
          ['boss', 'user-disable', null, { target: 'alice', sessionsEnded: 0 }, '10.0.0.9'],
          ['boss', 'user-enable', null, { target: 'alice' }, '10.0.0.9'],
          [null, 'user-passwd', null, { target: 'alice', sessionsEnded: 0 }, 'cli:test@host'],
          ['boss', 'revoke', 'leak', { target: 'alice', previous: 'reader' }, '10.0.0.9'],
          [null, 'user-remove', null, { target: 'alice' }, 'cli:test@host'],
        ],
      );
      assert.ok(all.entries.every((e) => e.at === new Date(clock.ms).toISOString()));

      // Filters, and paging by id.
      assert.deepEqual((await team.listAudit({ user: 'alice' })).entries.map((e) => e.action).reverse(), [
        'login-failed',
        'login',
        'search',
        'item-open',
        'logout',
      ]);
      assert.equal((await team.listAudit({ action: 'grant' })).entries.length, 1);
      assert.equal((await team.listAudit({ since: new Date(clock.ms + 1) })).entries.length, 0);
      assert.equal((await team.listAudit({ until: new Date(clock.ms + 1) })).entries.length, 18);
      const p1 = await team.listAudit({ limit: 7 });
      const p2 = await team.listAudit({ limit: 7, before: p1.next as number });
      const p3 = await team.listAudit({ limit: 7, before: p2.next as number });
      assert.deepEqual(
        [...p1.entries, ...p2.entries, ...p3.entries].map((e) => e.id),
        all.entries.map((e) => e.id),
      );
      assert.equal(p3.next, null);
      await assert.rejects(team.listAudit({ action: 'dance' as 'login' }), usage(/not an audit action/));
      await assert.rejects(team.listAudit({ limit: 5000 }), usage(/page size/));

      // Only ever added to.
      await assert.rejects(sql(url, "UPDATE innsyn_team.audit_log SET user_name = 'nobody'"), /append-only/);
      await assert.rejects(sql(url, 'DELETE FROM innsyn_team.audit_log'), /append-only/);
      await assert.rejects(sql(url, 'TRUNCATE innsyn_team.audit_log'), /append-only/);
      assert.equal((await team.listAudit({ limit: 1000 })).entries.length, 18);
      await team.close();
    });

    void test('Audit - a huge detail is cut and marked, never refused', async () => {
      const { team } = await freshTeam(cluster);
      await team.audit('alice', 'search', 'leak', { query: 'x'.repeat(100_000) }, '10.0.0.1');
      const [e] = (await team.listAudit({})).entries;
      assert.equal(e?.detail.truncated, true);
      assert.ok(String(e?.detail.json).startsWith('{"query":"xxx'));
      await team.close();
    });
  });
}
