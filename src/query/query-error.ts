import { InnsynError } from '../model/errors.js';
import type { QueryReason } from './query-reason.js';

/**
 * A `bad-query` error pointing at a 1-based column (in code points) of the query: the message in
 * English, and the same as data (`reason`) for a client that writes it in another language.
 */
export function queryError(message: string, column: number, reason: QueryReason): InnsynError {
  return new InnsynError('bad-query', message, { column, reason });
}
