import { InnsynError } from '../model/errors.js';

/** A `bad-query` error pointing at a 1-based column (in code points) of the query. */
export function queryError(message: string, column: number): InnsynError {
  return new InnsynError('bad-query', message, { column });
}
