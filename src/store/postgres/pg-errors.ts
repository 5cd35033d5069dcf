import { InnsynError, isInnsynError } from '../../model/index.js';
import { pgErrorCode } from './pg-driver.js';

/** SQLSTATEs after which the whole transaction may simply be run again (another writer got in the way). */
export const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Maps anything the driver throws to one InnsynError('store') whose message names the database
 * (its URL without the password), says what innsyn was doing and what the reporter can do about
 * it. The driver error is kept as `cause` for logs; it never escapes store/ on its own.
 * InnsynErrors pass unchanged.
 */
export function toStoreError(e: unknown, db: string, doing: string): InnsynError {
  if (isInnsynError(e)) return e;
  const code = pgErrorCode(e) ?? '';
  const detail = e instanceof Error ? e.message : String(e);
  const where = `the PostgreSQL database ${db}`;
  let message: string;
  if (['ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET'].includes(code)) {
    message = `cannot reach ${where} (${code}) while ${doing}: check that the server runs and that the URL's host and port are right`;
  } else if (code.startsWith('08') || /timeout expired|Connection terminated/i.test(detail)) {
    message = `lost or could not make the connection to ${where} while ${doing} (${detail}): check the server and the network, then try again`;
  } else if (code.startsWith('28')) {
    message = `${where} refused the login (${detail}): check the user and password in the URL (or ~/.pgpass)`;
  } else if (code === '3D000') {
    message = `${where} does not exist: create it first (createdb NAME, or CREATE DATABASE), then run innsyn again`;
  } else if (code === '42501') {
    message = `the PostgreSQL user may not do this on ${db} while ${doing} (${detail}): grant it the rights, or connect as the database's owner`;
  } else if (code === '25006') {
    message = `${where} is read-only (a standby?) while ${doing}: write through the primary server`;
  } else if (RETRYABLE.has(code)) {
    message = `${where} kept refusing the write because other innsyn processes wrote the same rows at once, while ${doing}: run it again`;
  } else if (code === '53100') {
    message = `the disk of ${where} is full (while ${doing}): free some space on the server and run the command again`;
  } else if (code === '53200') {
    message = `the PostgreSQL server ran out of memory while ${doing} on ${db}: try again, or give the server more memory`;
  } else if (code === '57P01' || code === '57P02' || code === '57P03') {
    message = `the PostgreSQL server of ${db} is shutting down or starting up (while ${doing}): try again in a moment`;
  } else if (code === '57014') {
    message = `${where} cancelled a statement that took too long while ${doing}: narrow the query, or raise statement_timeout`;
  } else {
    message = `${where} failed while ${doing}: ${detail}${code ? ` (${code})` : ''}`;
  }
  return new InnsynError('store', message, { cause: e });
}

/** The URL without its password, to name the database in messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unreadable postgres:// URL)';
  }
}
