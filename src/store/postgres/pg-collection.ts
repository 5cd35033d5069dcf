import { createHash } from 'node:crypto';
import { InnsynError } from '../../model/index.js';

/**
 * Collections: several cases in one PostgreSQL database, each in a schema of its own
 * (`c_<name>`), so that one server, one backup job and one set of accounts (src/team/) serve a
 * whole newsroom while no query of one case can ever see another's rows: every table name is
 * resolved through the connection's `search_path`, which names the collection's schema only.
 */

/** Longest collection name: `c_` + 40 stays far below PostgreSQL's 63-byte identifier limit. */
export const MAX_COLLECTION_NAME_CHARS = 40;
/** Prefix of every collection's schema; never collides with `public`, `innsyn_team` or `pg_*`. */
export const COLLECTION_SCHEMA_PREFIX = 'c_';

/**
 * Only these characters: a schema name is spliced into SQL and into the `search_path` setting
 * (it cannot be a bound parameter), so no quoting, case folding or keyword may change it.
 */
const COLLECTION_NAME = /^[a-z0-9_]+$/;
/** A schema the store may be given directly: an unquoted lower-case identifier, not a system one. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The PostgreSQL schema of collection `name`: `c_<name>`. The name is 1-40 characters of
 * a-z, 0-9 and `_`; anything else is InnsynError('usage') saying so (upper case is refused, not
 * folded: `Leak` and `leak` must not silently be one case).
 */
export function collectionSchema(name: string): string {
  if (name.length === 0 || name.length > MAX_COLLECTION_NAME_CHARS || !COLLECTION_NAME.test(name)) {
    throw new InnsynError(
      'usage',
      `'${printable(name)}' is not a collection name: use 1-${MAX_COLLECTION_NAME_CHARS} characters of a-z, 0-9 and _ ` +
        `(it becomes the PostgreSQL schema ${COLLECTION_SCHEMA_PREFIX}NAME)`,
    );
  }
  return `${COLLECTION_SCHEMA_PREFIX}${name}`;
}

/**
 * A schema name as openPostgresStore takes it, checked: lower-case letters, digits and `_`,
 * starting with a letter or `_`, at most 63 characters, and not one of PostgreSQL's own
 * (`pg_*`, `information_schema`). Returns it unchanged.
 */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema) || schema.startsWith('pg_') || schema === 'information_schema') {
    throw new InnsynError(
      'usage',
      `'${printable(schema)}' cannot be innsyn's PostgreSQL schema: use 1-63 characters of a-z, 0-9 and _, ` +
        'starting with a letter or _, and not a system schema (pg_*, information_schema)',
    );
  }
  return schema;
}

/**
 * The advisory lock `base` (a bigint, as text) for the store in `schema`: `base` itself for the
 * default schema (what innsyn always used), else a key derived from both, so that a people
 * rebuild in one collection never waits for one in another. Advisory locks are per database.
 */
export function schemaLock(base: string, schema: string | undefined): string {
  if (schema === undefined) return base;
  return createHash('sha256').update(`${base}:${schema}`).digest().readBigInt64BE(0).toString();
}

/** A name as it may be echoed in a message: control characters escaped, cut at 80 characters. */
function printable(s: string): string {
  const cut = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
