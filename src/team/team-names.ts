import { InnsynError } from '../model/index.js';
import {
  collectionSchema,
  COLLECTION_SCHEMA_PREFIX,
  MAX_COLLECTION_NAME_CHARS,
} from '../store/postgres/pg-collection.js';

/** What a member may do in a collection; an admin may do everything everywhere. */
export type Role = 'reader' | 'editor';
export const ROLES: readonly Role[] = ['reader', 'editor'];

/** What a user may do in one collection, weakest first. */
export type Access = 'none' | 'reader' | 'editor' | 'admin';

/**
 * A user name: lower-case letters, digits, `.`, `_`, `-`; starts with a letter or digit. Short
 * and plain so that it can be typed at a login prompt, printed in the audit log and passed on a
 * command line without quoting. Upper case is refused rather than folded (no silent changes);
 * the login form folds what is typed, so `Alice` logs in as `alice`.
 */
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * A collection name becomes the PostgreSQL schema `c_<name>`: 1-40 characters of a-z, 0-9 and
 * `_` (spliced into SQL as an identifier, so nothing that quoting, case folding or a keyword
 * could change). The rule is the case store's (store/postgres/pg-collection.ts), so that the
 * registry and the store never disagree about a name.
 */
export { MAX_COLLECTION_NAME_CHARS as MAX_COLLECTION_CHARS, COLLECTION_SCHEMA_PREFIX };

/** Shortest password accepted (NIST SP 800-63B: at least 8; a newsroom shares evidence here). */
export const MIN_PASSWORD_CHARS = 10;
/** Longest password accepted: bounds the work one login costs (scrypt reads all of it). */
export const MAX_PASSWORD_CHARS = 1024;
/** Longest label of an API token. */
export const MAX_TOKEN_LABEL_CHARS = 100;

export function checkUserName(name: string): string {
  if (!USER_NAME.test(name)) {
    throw new InnsynError(
      'usage',
      `'${printable(name)}' is not a user name: use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

export function isUserName(name: string): boolean {
  return USER_NAME.test(name);
}

/** The collection's name, checked (InnsynError 'usage' saying what a name may be); its schema is `c_<name>`. */
export function checkCollectionName(name: string): string {
  collectionSchema(name);
  return name;
}

export function isCollectionName(name: string): boolean {
  try {
    collectionSchema(name);
    return true;
  } catch {
    return false;
  }
}

/** The PostgreSQL schema of a collection: `c_` + its (checked) name. */
export { collectionSchema };

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new InnsynError('usage', `'${printable(role)}' is not a role: use reader or editor`);
  }
  return role as Role;
}

export function checkPassword(password: string): string {
  const chars = [...password].length;
  if (chars < MIN_PASSWORD_CHARS) {
    throw new InnsynError(
      'usage',
      `the password is too short: use at least ${MIN_PASSWORD_CHARS} characters`,
    );
  }
  if (chars > MAX_PASSWORD_CHARS) {
    throw new InnsynError('usage', `the password is too long: use at most ${MAX_PASSWORD_CHARS} characters`);
  }
  return password;
}

export function checkTokenLabel(label: string): string {
  const trimmed = label.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TOKEN_LABEL_CHARS || /[\p{Cc}]/u.test(trimmed)) {
    throw new InnsynError(
      'usage',
      `a token label is 1-${MAX_TOKEN_LABEL_CHARS} characters without control characters`,
    );
  }
  return trimmed;
}

/** A name as it may be echoed in a message: cut short, control characters shown as U+FFFD. */
function printable(s: string): string {
  const cut = s.length > 80 ? `${s.slice(0, 80)}…` : s;
  return cut.replace(/\p{Cc}/gu, '\uFFFD');
}
