import { InnsynError } from '../../model/index.js';
import type { PgPool, PgQueryable } from './pg-driver.js';
import { migration0001 } from './migrations/0001-initial.js';
import { migration0002 } from './migrations/0002-attachment-texts.js';
import { migration0003 } from './migrations/0003-folders.js';
import { migration0004 } from './migrations/0004-condition-statistics.js';

export interface PgMigration {
  /** 1, 2, 3, ... with no gaps; the file is named after it (0001-initial.ts). */
  version: number;
  name: string;
  /** Runs inside the migration transaction. */
  up(db: PgQueryable): Promise<void>;
}

/** Every migration this code knows, oldest first. PostgreSQL's own numbering, apart from SQLite's. */
export const MIGRATIONS: readonly PgMigration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** The table that records the migrations, and marks a database (schema) as innsyn's. */
export const MIGRATIONS_TABLE = 'innsyn_migrations';

/**
 * The advisory lock migrations hold (bytes of 'innsyn-m'), so that several innsyn processes
 * opening a new database at once do not all create it: the others wait and find it done.
 */
const MIGRATION_LOCK = 0x696e6e73796e2d6dn;

/** Oldest server accepted: GENERATED AS IDENTITY (10), tsquery phrases (9.6), reliable JIT-free plans. */
export const MIN_SERVER_VERSION = 120000;

/**
 * Refuses a server older than MIN_SERVER_VERSION and a database that is not UTF-8, saying what to
 * do. Checked before any migration writes (the case store's and the team schema's).
 */
export async function checkServer(pool: PgPool, db: string): Promise<void> {
  const server = await pool.query<{ encoding: string; version: number }>(
    "SELECT current_setting('server_encoding') AS encoding, current_setting('server_version_num')::int AS version",
  );
  const { encoding, version } = server.rows[0] as { encoding: string; version: number };
  if (version < MIN_SERVER_VERSION) {
    throw new InnsynError(
      'store',
      `the PostgreSQL server of ${db} is version ${version}: innsyn needs ${MIN_SERVER_VERSION / 10000} or newer`,
    );
  }
  if (encoding !== 'UTF8') {
    throw new InnsynError(
      'store',
      `the PostgreSQL database ${db} uses the ${encoding} encoding: innsyn needs UTF8 (CREATE DATABASE name ENCODING 'UTF8' TEMPLATE template0)`,
    );
  }
}

/**
 * Brings the database to SCHEMA_VERSION, all pending migrations in one transaction (PostgreSQL's
 * DDL is transactional: a failure half-way leaves the old version intact). Refuses, before
 * writing anything, a database that is not UTF-8, a schema holding other tables that are not
 * innsyn's, and a database written by a newer innsyn. A database at SCHEMA_VERSION is only read.
 */
export async function migrate(pool: PgPool, db: string): Promise<void> {
  await checkServer(pool, db);
  if ((await currentVersion(pool, db)) === SCHEMA_VERSION) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
    const current = await currentVersion(client, db);
    if (current === null) {
      await client.query(
        `CREATE TABLE ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= (current ?? 0)) continue;
      await m.up(client);
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`, [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/**
 * The schema version (null: an empty schema, to be created), after checking that the schema is
 * innsyn's and not newer than this code.
 */
async function currentVersion(db: PgQueryable, name: string): Promise<number | null> {
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  if (tables.rows.length === 0) return null;
  if (!tables.rows.some((t) => t.table_name === MIGRATIONS_TABLE)) {
    throw new InnsynError(
      'store',
      `${name} holds tables that are not innsyn's (${tables.rows
        .slice(0, 5)
        .map((t) => t.table_name)
        .join(', ')}): give innsyn a database of its own (innsyn leaves this one untouched)`,
    );
  }
  const r = await db.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${MIGRATIONS_TABLE}`);
  const current = r.rows[0]?.v ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new InnsynError(
      'store',
      `${name} was written by a newer innsyn (schema version ${current}; this innsyn knows up to ${SCHEMA_VERSION}): ` +
        'upgrade innsyn to open it',
    );
  }
  return current;
}
