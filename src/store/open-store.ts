import { InnsynError } from '../model/index.js';
import type { Store } from './store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

export interface OpenStoreOptions {
  /**
   * A collection of a shared PostgreSQL database (team mode): the case lives in the schema
   * `c_<name>` (postgres/pg-collection.ts). SQLite has none: one database file per case.
   */
  collection?: string;
  /**
   * A streaming replica of the PostgreSQL database (`--db-read`): reads go there, writes to
   * `spec` (postgres/pg-read-route.ts).
   */
  dbRead?: string;
}

/**
 * Opens the store a `--db` spec names: a file path or ':memory:' (SQLite), or a URL whose
 * scheme picks the dialect (`postgres://` or `postgresql://`: PostgreSQL, postgres/README.md). The scheme is parsed, never matched as a substring: a file called
 * `./postgres://notes.db` stays a file, and `C:\cases\x.db` is a Windows path, not scheme `c:`.
 * A collection or a read replica with SQLite is InnsynError('usage').
 */
export async function openStore(spec: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (spec.trim() === '')
    throw new InnsynError('usage', 'the database spec is empty: give a file path or a postgres:// URL');
  const scheme = urlScheme(spec);
  const postgres = scheme === 'postgres' || scheme === 'postgresql';
  if (!postgres && options.collection !== undefined) {
    throw new InnsynError(
      'usage',
      `collections need PostgreSQL; use one database file per case (--collection ${options.collection} with ${printableSpec(spec)})`,
    );
  }
  if (!postgres && options.dbRead !== undefined) {
    throw new InnsynError(
      'usage',
      '--db-read names a PostgreSQL streaming replica; it needs --db to be the primary as a postgres:// URL',
    );
  }
  if (options.dbRead !== undefined && !['postgres', 'postgresql'].includes(urlScheme(options.dbRead) ?? '')) {
    throw new InnsynError('usage', `--db-read ${printableSpec(options.dbRead)}: give a postgres:// URL`);
  }
  switch (scheme) {
    case null:
      return openSqliteStore(spec);
    case 'file': {
      const url = new URL(spec);
      if (url.host !== '' && url.host !== 'localhost') {
        throw new InnsynError(
          'usage',
          `${spec}: a file: URL must name a local file (file:///path/to/case.db)`,
        );
      }
      return openSqliteStore(decodeURIComponent(url.pathname));
    }
    case 'postgres':
    case 'postgresql': {
      // Loaded on use: a SQLite case never loads the PostgreSQL driver.
      const { collectionSchema } = await import('./postgres/pg-collection.js');
      const schema = options.collection === undefined ? undefined : collectionSchema(options.collection);
      return (await import('./postgres/pg-store.js')).openPostgresStore(spec, {
        schema,
        readUrl: options.dbRead,
      });
    }
    default:
      throw new InnsynError(
        'usage',
        `${printableSpec(spec)}: unknown database scheme '${scheme}:'; use a file path (./name for a file whose name holds a colon) or postgres://`,
      );
  }
}

/**
 * The lower-cased URL scheme of `spec`, or null when it is a path. RFC 3986 §3.1: a scheme is a
 * letter followed by letters, digits, '+', '-' or '.', then ':'. One letter is a drive letter.
 */
function urlScheme(spec: string): string | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(spec);
  if (!m || (m[1] as string).length === 1) return null;
  if (!URL.canParse(spec)) return null;
  return (m[1] as string).toLowerCase();
}

/**
 * A database spec as it may be printed (terminal, log, JSON, a manifest): a URL's password
 * replaced by '***'. Never echo a password back.
 */
export function printableSpec(spec: string): string {
  try {
    const url = new URL(spec);
    if (!url.password) return spec; // a path (C:\cases is scheme c: to URL) or a URL without one
    url.password = '***';
    return url.toString();
  } catch {
    return spec;
  }
}
