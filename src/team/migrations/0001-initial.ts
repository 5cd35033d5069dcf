import type { TeamMigration } from '../team-migrations.js';

/**
 * The first team schema (docs/team.md "Tables"). Frozen once released: a later change is a new
 * numbered migration. Names compared as keys are `COLLATE "C"` (byte order, no locale folding),
 * as in the case tables. Times are timestamptz, written by innsyn's clock (team-store.ts), so
 * that every server process and the tests' frozen clock agree on what has expired.
 */
export const teamMigration0001: TeamMigration = {
  version: 1,
  name: 'initial',
  async up(db) {
    await db.query(`
      -- The collections (investigations): each is the PostgreSQL schema c_<name> holding one
      -- case's tables. The name is checked here as well as in the code: it is spliced into SQL
      -- as an identifier.
      CREATE TABLE innsyn_team.collections (
        name text COLLATE "C" PRIMARY KEY CHECK (name ~ '^[a-z0-9_]{1,40}$'),
        schema text COLLATE "C" NOT NULL UNIQUE CHECK (schema = 'c_' || name),
        created_at timestamptz NOT NULL,
        created_by text COLLATE "C"
      );

      -- Accounts. password_hash is a PHC string ($scrypt$ln=…,r=…,p=…$salt$key; passwords.ts).
      -- is_admin: sees and manages every collection. disabled: may not log in; sessions ended.
      CREATE TABLE innsyn_team.users (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text COLLATE "C" NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
        password_hash text NOT NULL,
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        disabled boolean NOT NULL DEFAULT false
      );

      -- Who may read (reader) or also annotate (editor) which collection.
      CREATE TABLE innsyn_team.memberships (
        user_id bigint NOT NULL REFERENCES innsyn_team.users (id) ON DELETE CASCADE,
        collection text COLLATE "C" NOT NULL REFERENCES innsyn_team.collections (name) ON DELETE CASCADE,
        role text COLLATE "C" NOT NULL CHECK (role IN ('reader', 'editor')),
        granted_at timestamptz NOT NULL,
        granted_by text COLLATE "C",
        PRIMARY KEY (user_id, collection)
      );
      CREATE INDEX memberships_collection ON innsyn_team.memberships (collection);

      -- Browser sessions. Only sha256(session id) is stored: a copy of this table (a backup, a
      -- replica, a leaked dump) logs nobody in. The CSRF token is not a credential on its own
      -- (it works only beside the session cookie), so it is kept as it is sent.
      CREATE TABLE innsyn_team.sessions (
        id_hash bytea PRIMARY KEY CHECK (length(id_hash) = 32),
        user_id bigint NOT NULL REFERENCES innsyn_team.users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        client text
      );
      CREATE INDEX sessions_user ON innsyn_team.sessions (user_id);
      CREATE INDEX sessions_expires ON innsyn_team.sessions (expires_at);

      -- API tokens for scripts; only sha256(token) is stored, the token is shown once.
      CREATE TABLE innsyn_team.api_tokens (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES innsyn_team.users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        created_at timestamptz NOT NULL,
        last_used_at timestamptz
      );
      CREATE INDEX api_tokens_user ON innsyn_team.api_tokens (user_id);

      -- Failed (and in-flight) password logins, by the name tried and the client's address:
      -- the rate limit every server process shares. Rows older than the window are deleted.
      CREATE TABLE innsyn_team.login_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        user_name text COLLATE "C" NOT NULL,
        client text COLLATE "C" NOT NULL
      );
      CREATE INDEX login_attempts_name ON innsyn_team.login_attempts (user_name, at);
      CREATE INDEX login_attempts_client ON innsyn_team.login_attempts (client, at);
      CREATE INDEX login_attempts_at ON innsyn_team.login_attempts (at);

      -- Who did what, when, where from. user_name is text, not a reference: the record of what a
      -- removed account did stays. Append-only (the trigger below).
      CREATE TABLE innsyn_team.audit_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        user_name text COLLATE "C",
        action text COLLATE "C" NOT NULL,
        collection text COLLATE "C",
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        client text
      );
      CREATE INDEX audit_log_at ON innsyn_team.audit_log (at);
      CREATE INDEX audit_log_user ON innsyn_team.audit_log (user_name, id);
      CREATE INDEX audit_log_action ON innsyn_team.audit_log (action, id);
      CREATE INDEX audit_log_collection ON innsyn_team.audit_log (collection, id);

      -- The audit log is only ever added to: an UPDATE, DELETE or TRUNCATE (a bug, or a session
      -- that should not) fails. Pruning old entries is a deliberate act of the database owner:
      -- ALTER TABLE … DISABLE TRIGGER, delete, enable again (docs/team.md "Audit log").
      CREATE FUNCTION innsyn_team.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the innsyn audit log is append-only (%)', TG_OP USING ERRCODE = '42501';
      END
      $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON innsyn_team.audit_log
        FOR EACH ROW EXECUTE FUNCTION innsyn_team.audit_log_append_only();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON innsyn_team.audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION innsyn_team.audit_log_append_only();
    `);
  },
};
