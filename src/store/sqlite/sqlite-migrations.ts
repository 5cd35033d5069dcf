import { InnsynError } from '../../model/index.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { migration0001 } from './migrations/0001-initial.js';
import { migration0002 } from './migrations/0002-attachments-and-identities.js';
import { migration0003 } from './migrations/0003-date-keys.js';
import { migration0004 } from './migrations/0004-people.js';
import { migration0005 } from './migrations/0005-request-cues.js';
import { migration0006 } from './migrations/0006-annotations.js';
import { migration0007 } from './migrations/0007-saved-searches.js';
import { migration0008 } from './migrations/0008-attachment-texts.js';
import { migration0009 } from './migrations/0009-fts-averages.js';
import { migration0010 } from './migrations/0010-folders.js';

export interface SqliteMigration {
  /** 1, 2, 3, ... with no gaps; the file is named after it (0001-initial.ts). */
  version: number;
  name: string;
  up(db: SqliteDatabase): void;
}

/** Every migration this code knows, oldest first. */
export const MIGRATIONS: readonly SqliteMigration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * 'inns' in the database header (PRAGMA application_id), so `file(1)` and innsyn itself can
 * tell an innsyn database from any other SQLite file.
 */
export const APPLICATION_ID = 0x696e6e73;

/**
 * Brings the database to SCHEMA_VERSION, all pending migrations in one IMMEDIATE transaction:
 * a crash half-way leaves the old version intact, and two processes opening a new file at once
 * do not both create it. Refuses, before writing anything, a database that is not innsyn's or
 * was written by a newer innsyn (whose schema this code would misread or damage). A database
 * already at SCHEMA_VERSION is only read, so a read-only copy opens for searching.
 */
export function migrate(db: SqliteDatabase, file: string): void {
  if (pendingFrom(db, file) === SCHEMA_VERSION) return;
  db.transaction(() => {
    const current = pendingFrom(db, file);
    if (current === 0) {
      db.exec(
        'CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    const record = db.prepare('INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
    }
  }).immediate();
}

/** The schema version of the database (0 for an empty file), after checking it is ours and not newer. */
function pendingFrom(db: SqliteDatabase, file: string): number {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return 0;
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID || !tables.includes('migrations')) {
    throw new InnsynError(
      'store',
      `${file} is an SQLite database but not an innsyn one: choose another file with --db (innsyn leaves it untouched)`,
    );
  }
  const current = (db.prepare('SELECT max(version) FROM migrations').pluck().get() as number | null) ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new InnsynError(
      'store',
      `${file} was written by a newer innsyn (schema version ${current}; this innsyn knows up to ${SCHEMA_VERSION}): ` +
        'upgrade innsyn to open it',
    );
  }
  return current;
}
