import os from 'node:os';
import { InnsynError } from '../model/index.js';
import { openPgPool, pgErrorCode, type PgPool, type PgQueryable } from '../store/postgres/pg-driver.js';
import { redactUrl, toStoreError } from '../store/postgres/pg-errors.js';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
  type ScryptParams,
} from './passwords.js';
import { appendAudit, listAudit } from './team-audit.js';
import { migrateTeam } from './team-migrations.js';
import {
  checkCollectionName,
  checkPassword,
  checkRole,
  checkTokenLabel,
  checkUserName,
  collectionSchema,
  isUserName,
  type Role,
} from './team-names.js';
import { isApiToken, isSecret, newApiToken, newSecret, secretHash } from './team-secrets.js';
import type {
  Actor,
  ApiTokenRecord,
  AuditAction,
  AuditFilter,
  AuditPage,
  CollectionAccess,
  CollectionRecord,
  LoginResult,
  NewApiToken,
  NewSession,
  TeamUser,
  UserRecord,
} from './team-types.js';

/** A browser session ends this long after the login, whatever happens (a forgotten laptop). */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** …and sooner when unused this long. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** Failed logins count for this long. */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/**
 * Failed logins for one user name within the window before further tries are refused (429):
 * stops guessing one account's password from many addresses. Lower than per client: a person
 * mistypes a few times, a guesser needs millions.
 */
export const MAX_FAILURES_PER_NAME = 5;
/** Failed logins from one client address within the window: stops one address trying many names. */
export const MAX_FAILURES_PER_CLIENT = 20;
/** `last_seen_at` and `last_used_at` are written at most this often per session or token, not on every request. */
const TOUCH_INTERVAL_MS = 60 * 1000;
/** Connections the team store keeps: one short statement per request, mostly. */
const TEAM_POOL_SIZE = 4;
/** Waiting for ever on a server that does not answer (as the case store's CONNECT_TIMEOUT_MS). */
const CONNECT_TIMEOUT_MS = 15_000;
/** Longest user name kept of a failed login (anything may be typed there). */
const MAX_TRIED_NAME_CHARS = 100;

export interface TeamStoreOptions {
  poolSize?: number;
  /** Milliseconds since 1970; Date.now by default (the tests freeze it). */
  now?: () => number;
  sessionTtlMs?: number;
  sessionIdleMs?: number;
  loginWindowMs?: number;
  maxFailuresPerName?: number;
  maxFailuresPerClient?: number;
  /** scrypt cost of new hashes (passwords.ts DEFAULT_SCRYPT); stored in each hash. */
  passwordParams?: ScryptParams;
}

/** True when `spec` is a `postgres://` or `postgresql://` URL (the scheme parsed, not searched for). */
export function isPostgresUrl(spec: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(spec);
  if (!m || !URL.canParse(spec)) return false;
  const scheme = (m[1] as string).toLowerCase();
  return scheme === 'postgres' || scheme === 'postgresql';
}

/** Refuses anything but a PostgreSQL URL, saying why: the accounts live in PostgreSQL. */
export function checkTeamDatabase(spec: string): string {
  if (!isPostgresUrl(spec)) {
    throw new InnsynError(
      'usage',
      `team mode (accounts, collections, the audit log) needs PostgreSQL, and ${spec === '' ? 'no database' : spec} is not a postgres:// URL: ` +
        'give --db postgres://USER@HOST/DB or set INNSYN_DB (a SQLite case is single-user: innsyn serve prints its token URL)',
    );
  }
  return spec;
}

/** Who runs a command-line change, for the audit log: `cli:USER@HOST`. */
export function cliActor(): Actor {
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    // No passwd entry for this uid (a container): keep 'unknown'.
  }
  return { user: null, client: `cli:${who}@${os.hostname()}` };
}

/**
 * Opens the team tables of the database a `postgres://` URL names, creating them on first use
 * (team-migrations.ts). The same database holds the collections (schemas `c_<name>`).
 */
export async function openTeamStore(url: string, options: TeamStoreOptions = {}): Promise<TeamStore> {
  checkTeamDatabase(url);
  const db = redactUrl(url);
  const pool = openPgPool(url, {
    max: positive(options.poolSize, TEAM_POOL_SIZE, 'poolSize'),
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  });
  try {
    await migrateTeam(pool, db);
  } catch (e) {
    await pool.end().catch(() => {});
    throw toStoreError(e, db, 'opening the team tables');
  }
  return new TeamStore(pool, db, options);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InnsynError(
      'internal',
      `team store option ${name} must be a positive whole number, not ${value}`,
    );
  }
  return value;
}

interface UserRow {
  id: number;
  name: string;
  is_admin: boolean;
  disabled: boolean;
  created_at: Date;
  grants: Array<{ collection: string; role: Role }>;
  tokens: number;
  sessions: number;
}

interface AuthRow {
  user_id: number;
  name: string;
  is_admin: boolean;
  grants: Record<string, Role>;
}

const GRANTS_OBJECT = `coalesce((SELECT json_object_agg(m.collection, m.role) FROM innsyn_team.memberships m
  WHERE m.user_id = u.id), '{}'::json) AS grants`;

/**
 * The team tables (docs/team.md): accounts, collections and grants, sessions, API tokens,
 * the login rate limit and the audit log. Every change to accounts, grants, tokens and
 * collections writes its audit entry in the same transaction: there is no way to change them
 * through this class without a record of who did it. Several server processes may share one
 * database: nothing is kept in memory between calls.
 */
export class TeamStore {
  private readonly now: () => number;
  private readonly sessionTtlMs: number;
  private readonly sessionIdleMs: number;
  private readonly loginWindowMs: number;
  private readonly maxFailuresPerName: number;
  private readonly maxFailuresPerClient: number;
  readonly passwordParams: ScryptParams;
  private closed = false;

  constructor(
    private readonly pool: PgPool,
    /** The database's URL without its password. */
    readonly db: string,
    options: TeamStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.sessionTtlMs = positive(options.sessionTtlMs, SESSION_TTL_MS, 'sessionTtlMs');
    this.sessionIdleMs = positive(options.sessionIdleMs, SESSION_IDLE_MS, 'sessionIdleMs');
    this.loginWindowMs = positive(options.loginWindowMs, LOGIN_WINDOW_MS, 'loginWindowMs');
    this.maxFailuresPerName = positive(
      options.maxFailuresPerName,
      MAX_FAILURES_PER_NAME,
      'maxFailuresPerName',
    );
    this.maxFailuresPerClient = positive(
      options.maxFailuresPerClient,
      MAX_FAILURES_PER_CLIENT,
      'maxFailuresPerClient',
    );
    this.passwordParams = options.passwordParams ?? DEFAULT_SCRYPT;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Session lifetime and idle limit, for the cookie's Max-Age and docs. */
  get sessionLimits(): { ttlMs: number; idleMs: number } {
    return { ttlMs: this.sessionTtlMs, idleMs: this.sessionIdleMs };
  }

  // ---- users -----------------------------------------------------------------------------

  /** Adds an account. Errors: 'usage' for a bad name or password, or a name already taken. */
  async addUser(
    name: string,
    password: string,
    options: { admin?: boolean },
    by: Actor,
  ): Promise<UserRecord> {
    checkUserName(name);
    checkPassword(password);
    const hash = await hashPassword(password, this.passwordParams);
    const admin = options.admin === true;
    await this.tx(`adding user ${name}`, async (db) => {
      try {
        await db.query(
          'INSERT INTO innsyn_team.users (name, password_hash, is_admin, created_at) VALUES ($1, $2, $3, $4)',
          [name, hash, admin, this.date()],
        );
      } catch (e) {
        if (pgErrorCode(e) === '23505') throw new InnsynError('usage', `there is already a user '${name}'`);
        throw e;
      }
      await this.audit1(db, by, 'user-add', null, { target: name, admin });
    });
    return this.mustGetUser(name);
  }

  async listUsers(): Promise<UserRecord[]> {
    return this.read('listing the users', async (db) => (await this.userRows(db, null)).map(userRecord));
  }

  async getUser(name: string): Promise<UserRecord | null> {
    if (!isUserName(name)) return null;
    return this.read(`reading user ${name}`, async (db) => {
      const rows = await this.userRows(db, name);
      return rows[0] ? userRecord(rows[0]) : null;
    });
  }

  /** Removes an account with its grants, sessions and tokens; its audit entries stay. False: no such user. */
  async removeUser(name: string, by: Actor): Promise<boolean> {
    return this.tx(`removing user ${name}`, async (db) => {
      const r = await db.query('DELETE FROM innsyn_team.users WHERE name = $1', [name]);
      if ((r.rowCount ?? 0) === 0) return false;
      await this.audit1(db, by, 'user-remove', null, { target: name });
      return true;
    });
  }

  /**
   * Sets a new password. Ends every browser session of the user (whoever knew the old one is
   * logged out) and clears the failed logins counted against the name. API tokens stay: they
   * are credentials of their own (revoke them with revokeApiToken).
   */
  async setPassword(name: string, password: string, by: Actor): Promise<void> {
    checkPassword(password);
    const hash = await hashPassword(password, this.passwordParams);
    await this.tx(`setting the password of ${name}`, async (db) => {
      const id = await this.userId(db, name);
      await db.query('UPDATE innsyn_team.users SET password_hash = $2 WHERE id = $1', [id, hash]);
      const ended = await db.query('DELETE FROM innsyn_team.sessions WHERE user_id = $1', [id]);
      await db.query('DELETE FROM innsyn_team.login_attempts WHERE user_name = $1', [name]);
      await this.audit1(db, by, 'user-passwd', null, { target: name, sessionsEnded: ended.rowCount ?? 0 });
    });
  }

  /** Makes the user an admin (every collection) or takes it away. Counts from their next request. */
  async setAdmin(name: string, admin: boolean, by: Actor): Promise<void> {
    await this.tx(`changing user ${name}`, async (db) => {
      const id = await this.userId(db, name);
      await db.query('UPDATE innsyn_team.users SET is_admin = $2 WHERE id = $1', [id, admin]);
      await this.audit1(db, by, 'user-admin', null, { target: name, admin });
    });
  }

  /** A disabled user cannot log in, and every session and token of theirs stops working at once. */
  async setDisabled(name: string, disabled: boolean, by: Actor): Promise<void> {
    await this.tx(`changing user ${name}`, async (db) => {
      const id = await this.userId(db, name);
      await db.query('UPDATE innsyn_team.users SET disabled = $2 WHERE id = $1', [id, disabled]);
      let ended = 0;
      if (disabled)
        ended = (await db.query('DELETE FROM innsyn_team.sessions WHERE user_id = $1', [id])).rowCount ?? 0;
      await this.audit1(db, by, disabled ? 'user-disable' : 'user-enable', null, {
        target: name,
        ...(disabled ? { sessionsEnded: ended } : {}),
      });
    });
  }

  // ---- collections and grants ------------------------------------------------------------

  /**
   * The collection `name`, registered (and its schema `c_<name>` created) when it is new. The
   * case tables in the schema are the case store's to create (openPostgresStore with that
   * schema). Errors: 'usage' for a name that is not [a-z0-9_]{1,40}.
   */
  async ensureCollection(name: string, by: Actor): Promise<CollectionRecord> {
    const schema = collectionSchema(name);
    return this.tx(`adding collection ${name}`, async (db) => {
      const inserted = await db.query<CollectionRow>(
        `INSERT INTO innsyn_team.collections (name, schema, created_at, created_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO NOTHING RETURNING name, schema, created_at, created_by`,
        [name, schema, this.date(), by.user],
      );
      if (inserted.rows[0]) {
        // The name is checked to [a-z0-9_]: safe to splice as an identifier (it cannot be bound).
        await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        await this.audit1(db, by, 'collection-add', name, { schema });
        return collectionRecord(inserted.rows[0]);
      }
      const r = await db.query<CollectionRow>(
        'SELECT name, schema, created_at, created_by FROM innsyn_team.collections WHERE name = $1',
        [name],
      );
      return collectionRecord(r.rows[0] as CollectionRow);
    });
  }

  /** What removing a collection deletes: its items (0 before the first ingest) and its members. */
  async collectionContents(name: string): Promise<{ items: number; members: number } | null> {
    return this.read(`reading collection ${name}`, async (db) => {
      const c = await db.query<{ schema: string }>(
        'SELECT schema FROM innsyn_team.collections WHERE name = $1',
        [name],
      );
      const schema = c.rows[0]?.schema;
      return schema === undefined ? null : this.contentsOf(db, name, schema);
    });
  }

  /**
   * Removes a collection for good: its schema with every item, annotation and saved search in it,
   * its memberships, and its line in the registry, in one transaction; recorded in the audit log
   * with what it held. Returns null when there is no such collection. Servers drop their app of
   * it on the next request (api/team-server.ts).
   */
  async removeCollection(name: string, by: Actor): Promise<{ items: number; members: number } | null> {
    checkCollectionName(name);
    return this.tx(`removing collection ${name}`, async (db) => {
      const c = await db.query<{ schema: string }>(
        'SELECT schema FROM innsyn_team.collections WHERE name = $1 FOR UPDATE',
        [name],
      );
      const schema = c.rows[0]?.schema;
      if (schema === undefined) return null;
      const held = await this.contentsOf(db, name, schema);
      await db.query('DELETE FROM innsyn_team.collections WHERE name = $1', [name]);
      // The schema name is c_ + a checked name ([a-z0-9_]): safe to splice as an identifier.
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await this.audit1(db, by, 'collection-remove', name, { schema, ...held });
      return held;
    });
  }

  private async contentsOf(
    db: PgQueryable,
    name: string,
    schema: string,
  ): Promise<{ items: number; members: number }> {
    const members = await db.query<{ c: string }>(
      'SELECT count(*) AS c FROM innsyn_team.memberships WHERE collection = $1',
      [name],
    );
    const table = await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
      `"${schema}".items`,
    ]);
    const items =
      table.rows[0]?.t == null
        ? 0
        : Number(
            (await db.query<{ c: string }>(`SELECT count(*) AS c FROM "${schema}".items`)).rows[0]?.c ?? 0,
          );
    return { items, members: Number(members.rows[0]?.c ?? 0) };
  }

  async listCollections(): Promise<CollectionRecord[]> {
    return this.read('listing the collections', async (db) => {
      const r = await db.query<CollectionRow>(
        'SELECT name, schema, created_at, created_by FROM innsyn_team.collections ORDER BY name',
      );
      return r.rows.map(collectionRecord);
    });
  }

  async getCollection(name: string): Promise<CollectionRecord | null> {
    return this.read(`reading collection ${name}`, async (db) => {
      const r = await db.query<CollectionRow>(
        'SELECT name, schema, created_at, created_by FROM innsyn_team.collections WHERE name = $1',
        [name],
      );
      return r.rows[0] ? collectionRecord(r.rows[0]) : null;
    });
  }

  /**
   * Gives `user` the role in `collection` (replacing another role; the same role again changes
   * and records nothing). Errors: 'not-found' for an unknown user or collection, 'usage' for a
   * bad role or collection name. Returns the role held before, or null.
   */
  async grant(user: string, collection: string, role: Role, by: Actor): Promise<Role | null> {
    checkRole(role);
    checkCollectionName(collection);
    return this.tx(`granting ${user} ${role} in ${collection}`, async (db) => {
      const id = await this.userId(db, user);
      await this.collectionMustExist(db, collection);
      const before = await db.query<{ role: Role }>(
        'SELECT role FROM innsyn_team.memberships WHERE user_id = $1 AND collection = $2 FOR UPDATE',
        [id, collection],
      );
      const previous = before.rows[0]?.role ?? null;
      if (previous === role) return previous;
      await db.query(
        `INSERT INTO innsyn_team.memberships (user_id, collection, role, granted_at, granted_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, collection) DO UPDATE SET role = EXCLUDED.role, granted_at = EXCLUDED.granted_at,
         granted_by = EXCLUDED.granted_by`,
        [id, collection, role, this.date(), by.user],
      );
      await this.audit1(db, by, 'grant', collection, { target: user, role, previous });
      return previous;
    });
  }

  /** Takes `user`'s role in `collection` away. False when they had none. Errors: 'not-found' for an unknown user. */
  async revoke(user: string, collection: string, by: Actor): Promise<boolean> {
    return this.tx(`revoking ${user} in ${collection}`, async (db) => {
      const id = await this.userId(db, user);
      const r = await db.query<{ role: Role }>(
        'DELETE FROM innsyn_team.memberships WHERE user_id = $1 AND collection = $2 RETURNING role',
        [id, collection],
      );
      const previous = r.rows[0]?.role;
      if (previous === undefined) return false;
      await this.audit1(db, by, 'revoke', collection, { target: user, previous });
      return true;
    });
  }

  /** The collections `user` may open, with their role; an admin sees every one (role 'admin'). */
  async visibleCollections(user: TeamUser): Promise<CollectionAccess[]> {
    return this.read(`listing the collections of ${user.name}`, async (db) => {
      if (user.admin) {
        const r = await db.query<{ name: string; schema: string }>(
          'SELECT name, schema FROM innsyn_team.collections ORDER BY name',
        );
        return r.rows.map((c) => ({ name: c.name, schema: c.schema, role: 'admin' as const }));
      }
      const r = await db.query<{ name: string; schema: string; role: Role }>(
        `SELECT c.name, c.schema, m.role FROM innsyn_team.memberships m
         JOIN innsyn_team.collections c ON c.name = m.collection WHERE m.user_id = $1 ORDER BY c.name`,
        [user.id],
      );
      return r.rows.map((c) => ({ name: c.name, schema: c.schema, role: c.role }));
    });
  }

  // ---- logins and sessions ---------------------------------------------------------------

  /**
   * A password login from `client` (an address). Refused without checking the password while
   * the name or the client has too many recent failures (rate-limited, with the seconds to
   * wait). The attempt is counted before the password is checked, so that parallel guesses
   * from several server processes see one another; a success takes it (and the earlier
   * failures of this name from this client) off again. The password is checked with scrypt
   * whether the user exists or not (an unknown name takes as long as a wrong password), and
   * every answer but rate-limited is the same 'bad-credentials', so nothing tells which names
   * exist. Every try that is checked is audited ('login' or 'login-failed' with the reason).
   */
  async login(typedName: string, password: string, client: string): Promise<LoginResult> {
    const name = typedName.trim().toLowerCase().slice(0, MAX_TRIED_NAME_CHARS);
    const now = this.now();
    const counted = await this.tx('counting a login attempt', async (db) => {
      // The check and the count are one step per name and per address, across every server
      // process: a burst of parallel guesses is taken one at a time, each seeing those before it
      // (always the name's lock first, then the address's, so no two logins wait on each other in
      // a circle).
      await db.query("SELECT pg_advisory_xact_lock(hashtextextended('innsyn-login-name:' || $1, 0))", [name]);
      await db.query("SELECT pg_advisory_xact_lock(hashtextextended('innsyn-login-client:' || $1, 0))", [
        client,
      ]);
      await db.query('DELETE FROM innsyn_team.login_attempts WHERE at <= $1', [
        new Date(now - this.loginWindowMs),
      ]);
      const retryAfter = await this.throttled(db, name, client, now);
      if (retryAfter !== null) return { retryAfter, attempt: null };
      const r = await db.query<{ id: number }>(
        'INSERT INTO innsyn_team.login_attempts (at, user_name, client) VALUES ($1, $2, $3) RETURNING id',
        [new Date(now), name, client],
      );
      return { retryAfter: null, attempt: (r.rows[0] as { id: number }).id };
    });
    const { retryAfter, attempt } = counted;
    if (attempt === null) return { ok: false, reason: 'rate-limited', retryAfterSeconds: retryAfter };
    const row = isUserName(name)
      ? await this.read('looking up a user', async (db) => {
          const r = await db.query<{ id: number; password_hash: string; disabled: boolean }>(
            'SELECT id, password_hash, disabled FROM innsyn_team.users WHERE name = $1',
            [name],
          );
          return r.rows[0] ?? null;
        })
      : null;
    let failure: 'unknown-user' | 'wrong-password' | 'disabled' | null;
    if (row === null) {
      await verifyAgainstDummy(password, this.passwordParams);
      failure = 'unknown-user';
    } else if (!(await verifyPassword(password, row.password_hash))) {
      failure = 'wrong-password';
    } else {
      failure = row.disabled ? 'disabled' : null;
    }
    if (failure !== null || row === null) {
      await this.tx('recording a failed login', (db) =>
        this.audit1(db, { user: name, client }, 'login-failed', null, { reason: failure }),
      );
      return { ok: false, reason: 'bad-credentials', retryAfterSeconds: null };
    }
    // Hashed with weaker parameters than today's: the password is at hand, hash it again.
    const rehash = needsRehash(row.password_hash, this.passwordParams)
      ? await hashPassword(password, this.passwordParams)
      : null;
    const session = await this.tx(`logging ${name} in`, async (db) => {
      await db.query(
        'DELETE FROM innsyn_team.login_attempts WHERE id = $1 OR (user_name = $2 AND client = $3)',
        [attempt, name, client],
      );
      if (rehash !== null) {
        await db.query('UPDATE innsyn_team.users SET password_hash = $2 WHERE id = $1', [row.id, rehash]);
      }
      const s = await this.newSession(db, row.id, client);
      await this.audit1(db, { user: name, client }, 'login', null, { via: 'password' });
      return s;
    });
    const user = await this.sessionUser(session.id);
    if (user === null) throw new InnsynError('internal', `the session just made for ${name} is not there`);
    return { ok: true, user, session };
  }

  /**
   * Seconds until a login for `name` from `client` is counted again, or null when it may be
   * tried now: the time until the oldest failure that keeps a count at its limit leaves the window.
   */
  private async throttled(
    db: PgQueryable,
    name: string,
    client: string,
    now: number,
  ): Promise<number | null> {
    const since = new Date(now - this.loginWindowMs);
    let until = 0;
    for (const [column, value, max] of [
      ['user_name', name, this.maxFailuresPerName],
      ['client', client, this.maxFailuresPerClient],
    ] as const) {
      const r = await db.query<{ at: Date }>(
        `SELECT at FROM innsyn_team.login_attempts WHERE ${column} = $1 AND at > $2 ORDER BY at DESC LIMIT $3`,
        [value, since, max],
      );
      if (r.rows.length >= max) {
        until = Math.max(until, (r.rows[max - 1] as { at: Date }).at.getTime() + this.loginWindowMs);
      }
    }
    return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : null;
  }

  private async newSession(db: PgQueryable, userId: number, client: string | null): Promise<NewSession> {
    const now = this.now();
    // Expired sessions of everyone go when someone logs in: the table holds live ones and a few more.
    await db.query('DELETE FROM innsyn_team.sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [
      new Date(now),
      new Date(now - this.sessionIdleMs),
    ]);
    const id = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now + this.sessionTtlMs);
    await db.query(
      `INSERT INTO innsyn_team.sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, client)
       VALUES ($1, $2, $3, $4, $5, $4, $6)`,
      [secretHash(id), userId, csrfToken, new Date(now), expiresAt, client],
    );
    return { id, csrfToken, expiresAt: expiresAt.toISOString() };
  }

  /**
   * The user of a session id (the cookie's value), or null when there is no such session, it
   * has expired or been idle too long (it is deleted then), or the user was disabled.
   */
  async sessionUser(sessionId: string): Promise<TeamUser | null> {
    if (!isSecret(sessionId)) return null;
    const hash = secretHash(sessionId);
    return this.read('reading a session', async (db) => {
      const r = await db.query<AuthRow & { csrf_token: string; expires_at: Date; last_seen_at: Date }>(
        `SELECT s.user_id, s.csrf_token, s.expires_at, s.last_seen_at, u.name, u.is_admin, ${GRANTS_OBJECT}
         FROM innsyn_team.sessions s JOIN innsyn_team.users u ON u.id = s.user_id
         WHERE s.id_hash = $1 AND NOT u.disabled`,
        [hash],
      );
      const row = r.rows[0];
      if (!row) return null;
      const now = this.now();
      if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() <= now - this.sessionIdleMs) {
        await db.query('DELETE FROM innsyn_team.sessions WHERE id_hash = $1', [hash]);
        return null;
      }
      if (now - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
        await db.query('UPDATE innsyn_team.sessions SET last_seen_at = $2 WHERE id_hash = $1', [
          hash,
          new Date(now),
        ]);
      }
      return teamUser(row, 'session', row.csrf_token);
    });
  }

  /** Ends a session (logout). False when there was none. Audited as 'logout'. */
  async endSession(sessionId: string, client: string | null): Promise<boolean> {
    if (!isSecret(sessionId)) return false;
    return this.tx('ending a session', async (db) => {
      const r = await db.query<{ name: string }>(
        `DELETE FROM innsyn_team.sessions s USING innsyn_team.users u
         WHERE s.id_hash = $1 AND u.id = s.user_id RETURNING u.name`,
        [secretHash(sessionId)],
      );
      const name = r.rows[0]?.name;
      if (name === undefined) return false;
      await this.audit1(db, { user: name, client }, 'logout', null, {});
      return true;
    });
  }

  // ---- API tokens ------------------------------------------------------------------------

  /** A new API token for `user`; the returned `token` is the only copy there will ever be. */
  async createApiToken(user: string, label: string, by: Actor): Promise<NewApiToken> {
    const name = checkTokenLabel(label);
    const token = newApiToken();
    return this.tx(`making a token for ${user}`, async (db) => {
      const id = await this.userId(db, user);
      const r = await db.query<{ id: number; created_at: Date }>(
        `INSERT INTO innsyn_team.api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4)
         RETURNING id, created_at`,
        [id, name, secretHash(token), this.date()],
      );
      const row = r.rows[0] as { id: number; created_at: Date };
      await this.audit1(db, by, 'token-create', null, { target: user, token: row.id, label: name });
      return { id: row.id, user, name, createdAt: row.created_at.toISOString(), lastUsedAt: null, token };
    });
  }

  async listApiTokens(user: string): Promise<ApiTokenRecord[]> {
    return this.read(`listing the tokens of ${user}`, async (db) => {
      const id = await this.userId(db, user);
      const r = await db.query<{ id: number; name: string; created_at: Date; last_used_at: Date | null }>(
        'SELECT id, name, created_at, last_used_at FROM innsyn_team.api_tokens WHERE user_id = $1 ORDER BY id',
        [id],
      );
      return r.rows.map((t) => ({
        id: t.id,
        user,
        name: t.name,
        createdAt: t.created_at.toISOString(),
        lastUsedAt: t.last_used_at?.toISOString() ?? null,
      }));
    });
  }

  /** Revokes one of `user`'s tokens by its id. False when they hold no such token. */
  async revokeApiToken(user: string, tokenId: number, by: Actor): Promise<boolean> {
    return this.tx(`revoking a token of ${user}`, async (db) => {
      const id = await this.userId(db, user);
      const r = await db.query('DELETE FROM innsyn_team.api_tokens WHERE id = $1 AND user_id = $2', [
        tokenId,
        id,
      ]);
      if ((r.rowCount ?? 0) === 0) return false;
      await this.audit1(db, by, 'token-revoke', null, { target: user, token: tokenId });
      return true;
    });
  }

  /** The user an API token belongs to, or null (no such token, not one at all, user disabled). */
  async tokenUser(token: string): Promise<TeamUser | null> {
    if (!isApiToken(token)) return null;
    return this.read('reading an API token', async (db) => {
      const r = await db.query<AuthRow & { token_id: number; last_used_at: Date | null }>(
        `SELECT t.id AS token_id, t.last_used_at, t.user_id, u.name, u.is_admin, ${GRANTS_OBJECT}
         FROM innsyn_team.api_tokens t JOIN innsyn_team.users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND NOT u.disabled`,
        [secretHash(token)],
      );
      const row = r.rows[0];
      if (!row) return null;
      const now = this.now();
      if (row.last_used_at === null || now - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
        await db.query('UPDATE innsyn_team.api_tokens SET last_used_at = $2 WHERE id = $1', [
          row.token_id,
          new Date(now),
        ]);
      }
      return teamUser(row, 'token', null);
    });
  }

  // ---- audit -----------------------------------------------------------------------------

  /**
   * Records what `user` did (a search, an item opened, an export: the API calls this; account
   * changes record themselves). `user` is a TeamUser, a name, or null for nobody known.
   */
  async audit(
    user: TeamUser | string | null,
    action: AuditAction,
    collection: string | null,
    detail: Record<string, unknown>,
    client: string | null,
  ): Promise<void> {
    const name = user === null ? null : typeof user === 'string' ? user : user.name;
    await this.read(`recording ${action} in the audit log`, (db) =>
      appendAudit(db, this.date(), name, action, collection, detail, client),
    );
  }

  /** A page of the audit log, newest first (team-audit.ts). */
  async listAudit(filter: AuditFilter = {}): Promise<AuditPage> {
    return this.read('reading the audit log', (db) => listAudit(db, filter));
  }

  // ---- helpers ---------------------------------------------------------------------------

  private date(): Date {
    return new Date(this.now());
  }

  private audit1(
    db: PgQueryable,
    by: Actor,
    action: AuditAction,
    collection: string | null,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return appendAudit(db, this.date(), by.user, action, collection, detail, by.client);
  }

  private async userRows(db: PgQueryable, name: string | null): Promise<UserRow[]> {
    const now = this.now();
    const r = await db.query<UserRow>(
      `SELECT u.id, u.name, u.is_admin, u.disabled, u.created_at,
         coalesce((SELECT json_agg(json_build_object('collection', m.collection, 'role', m.role) ORDER BY m.collection)
           FROM innsyn_team.memberships m WHERE m.user_id = u.id), '[]'::json) AS grants,
         (SELECT count(*) FROM innsyn_team.api_tokens t WHERE t.user_id = u.id) AS tokens,
         (SELECT count(*) FROM innsyn_team.sessions s WHERE s.user_id = u.id AND s.expires_at > $1
           AND s.last_seen_at > $2) AS sessions
       FROM innsyn_team.users u ${name === null ? '' : 'WHERE u.name = $3'} ORDER BY u.name`,
      name === null
        ? [new Date(now), new Date(now - this.sessionIdleMs)]
        : [new Date(now), new Date(now - this.sessionIdleMs), name],
    );
    return r.rows;
  }

  private async mustGetUser(name: string): Promise<UserRecord> {
    const user = await this.getUser(name);
    if (user === null) throw new InnsynError('not-found', `no user '${name}'`);
    return user;
  }

  /** The id of user `name`. Errors: 'not-found'. */
  private async userId(db: PgQueryable, name: string): Promise<number> {
    const r = isUserName(name)
      ? await db.query<{ id: number }>('SELECT id FROM innsyn_team.users WHERE name = $1', [name])
      : { rows: [] };
    const row = r.rows[0];
    if (!row)
      throw new InnsynError('not-found', `no user '${name.slice(0, 80)}' (innsyn users list shows them)`);
    return row.id;
  }

  private async collectionMustExist(db: PgQueryable, name: string): Promise<void> {
    const r = await db.query('SELECT 1 FROM innsyn_team.collections WHERE name = $1', [name]);
    if (r.rows.length === 0) {
      throw new InnsynError(
        'not-found',
        `no collection '${name}' (innsyn collections list shows them; innsyn collections add ${name} adds it)`,
      );
    }
  }

  private async read<T>(doing: string, fn: (db: PgQueryable) => Promise<T>): Promise<T> {
    this.open(doing);
    try {
      return await fn(this.pool);
    } catch (e) {
      throw toStoreError(e, this.db, doing);
    }
  }

  /** One transaction: the change and its audit entry commit together or not at all. */
  private async tx<T>(doing: string, fn: (db: PgQueryable) => Promise<T>): Promise<T> {
    this.open(doing);
    let client;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw toStoreError(e, this.db, doing);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw toStoreError(e, this.db, doing);
    } finally {
      client.release();
    }
  }

  private open(doing: string): void {
    if (this.closed) throw new InnsynError('internal', `the team store is closed (while ${doing})`);
  }
}

interface CollectionRow {
  name: string;
  schema: string;
  created_at: Date;
  created_by: string | null;
}

function collectionRecord(r: CollectionRow): CollectionRecord {
  return { name: r.name, schema: r.schema, createdAt: r.created_at.toISOString(), createdBy: r.created_by };
}

function userRecord(r: UserRow): UserRecord {
  return {
    id: r.id,
    name: r.name,
    admin: r.is_admin,
    disabled: r.disabled,
    createdAt: r.created_at.toISOString(),
    grants: r.grants,
    tokens: r.tokens,
    sessions: r.sessions,
  };
}

function teamUser(row: AuthRow, via: 'session' | 'token', csrfToken: string | null): TeamUser {
  return {
    id: row.user_id,
    name: row.name,
    admin: row.is_admin,
    grants: new Map(Object.entries(row.grants)),
    via,
    csrfToken,
  };
}
