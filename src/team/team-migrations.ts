import { InnsynError } from '../model/index.js';
import type { PgPool, PgQueryable } from '../store/postgres/pg-driver.js';
import { checkServer } from '../store/postgres/pg-migrations.js';
import { teamMigration0001 } from './migrations/0001-initial.js';

/**
 * The team tables' own versioned schema (the pattern of store/postgres/pg-migrations.ts, with
 * its own numbering and table): accounts, grants, sessions and the audit log live in the
 * schema `innsyn_team` of the database the collections share, apart from every case's tables.
 */
export interface TeamMigration {
  /** 1, 2, 3, ... with no gaps; the file is named after it (0001-initial.ts). */
  version: number;
  name: string;
  /** Runs inside the migration transaction. */
  up(db: PgQueryable): Promise<void>;
}

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [teamMigration0001];

export const TEAM_SCHEMA_VERSION = TEAM_MIGRATIONS.length;

/** The schema of the team tables; every statement names it, none relies on search_path. */
export const TEAM_SCHEMA = 'innsyn_team';

/** Records the team migrations and marks the schema as innsyn's. */
const MIGRATIONS_TABLE = `${TEAM_SCHEMA}.team_migrations`;

/**
 * The advisory lock team migrations hold (bytes of 'innsyn-T'; the case store's is 'innsyn-m'),
 * so that servers started together create the tables once: the others wait and find them done.
 */
const TEAM_MIGRATION_LOCK = 0x696e6e73796e2d54n;

/**
 * Brings `innsyn_team` to TEAM_SCHEMA_VERSION: pending migrations in one transaction (DDL is
 * transactional in PostgreSQL: a failure leaves the old version whole) under the advisory lock.
 * Refuses, untouched, a server older than 12, a database that is not UTF-8, a schema
 * `innsyn_team` holding tables that are not ours, and one written by a newer innsyn.
 */
export async function migrateTeam(pool: PgPool, db: string): Promise<void> {
  await checkServer(pool, db);
  if ((await currentVersion(pool, db)) === TEAM_SCHEMA_VERSION) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [TEAM_MIGRATION_LOCK.toString()]);
    const current = await currentVersion(client, db);
    if (current === null) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${TEAM_SCHEMA}`);
      await client.query(
        `CREATE TABLE ${MIGRATIONS_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`,
      );
    }
    for (const m of TEAM_MIGRATIONS) {
      if (m.version <= (current ?? 0)) continue;
      await m.up(client);
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`, [
        m.version,
        m.name,
        new Date(),
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

/** The team schema's version (null: no team tables yet), after checking the schema is ours and not newer. */
async function currentVersion(db: PgQueryable, name: string): Promise<number | null> {
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
    [TEAM_SCHEMA],
  );
  if (tables.rows.length === 0) return null;
  if (!tables.rows.some((t) => t.table_name === 'team_migrations')) {
    throw new InnsynError(
      'store',
      `the schema ${TEAM_SCHEMA} of ${name} holds tables that are not innsyn's (${tables.rows
        .slice(0, 5)
        .map((t) => t.table_name)
        .join(', ')}): innsyn leaves it untouched; drop or rename that schema, or use another database`,
    );
  }
  const r = await db.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${MIGRATIONS_TABLE}`);
  const current = r.rows[0]?.v ?? 0;
  if (current > TEAM_SCHEMA_VERSION) {
    throw new InnsynError(
      'store',
      `the team tables of ${name} were written by a newer innsyn (team schema version ${current}; this innsyn knows up to ${TEAM_SCHEMA_VERSION}): upgrade innsyn`,
    );
  }
  return current;
}
