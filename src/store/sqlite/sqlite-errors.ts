import { InnsynError, isInnsynError } from '../../model/index.js';
import { sqliteErrorCode } from './sqlite-driver.js';

/**
 * Maps anything the driver throws to one InnsynError('store') whose message names the database
 * file, says what innsyn was doing and what the reporter can do about it. The driver error is
 * kept as `cause` for logs; it never escapes store/ on its own. InnsynErrors pass unchanged.
 */
export function toStoreError(e: unknown, file: string, doing: string): InnsynError {
  if (isInnsynError(e)) return e;
  const db = file === ':memory:' ? 'the in-memory database' : `the database ${file}`;
  const code = sqliteErrorCode(e) ?? '';
  const detail = e instanceof Error ? e.message : String(e);
  let message: string;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    message = `${db} is in use by another innsyn process (it holds the write lock) while ${doing}: wait for it to finish or stop it, then try again`;
  } else if (code.startsWith('SQLITE_READONLY')) {
    message = `cannot write to ${db} while ${doing}: the file or its folder is read-only; check the permissions`;
  } else if (code === 'SQLITE_FULL') {
    message = `the disk holding ${db} is full (while ${doing}): free some space and run the command again`;
  } else if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    message = `${db} is damaged or is not a database (while ${doing}): restore it from a backup or choose another file with --db`;
  } else if (code.startsWith('SQLITE_CANTOPEN')) {
    message = `cannot open ${db}: check that its folder exists and is writable`;
  } else if (code.startsWith('SQLITE_IOERR')) {
    message = `the disk failed to read or write ${db} while ${doing} (${detail}): check the disk and try again`;
  } else if (code === 'SQLITE_NOMEM') {
    message = `out of memory while ${doing} on ${db}: close other programs and try again`;
  } else {
    message = `${db} failed while ${doing}: ${detail}`;
  }
  return new InnsynError('store', message, { cause: e });
}
