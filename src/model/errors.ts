/**
 * The one error type of innsyn. `code` is a closed union so the CLI and the API can map it
 * to an exit code or an HTTP status in one place; `cause` keeps the underlying error
 * (driver exceptions are wrapped, never passed through).
 */
export type ErrorCode =
  | 'usage' // the caller's words are off (bad flag, missing argument)
  | 'bad-query' // the query language could not parse the input; `column` says where
  | 'not-found' // an id, file or resource that does not exist
  | 'unreadable-input' // an input file could not be read or recognised at all
  | 'limit-exceeded' // a named safety limit tripped
  | 'store' // the database failed (wrapped driver error)
  | 'internal'; // a bug: should never reach a user

/** An error's message as data: its key, and the values it names (strings, numbers, lists of strings). */
export type ErrorReason = { key: string } & Record<string, string | number | string[] | null>;

export class InnsynError extends Error {
  readonly code: ErrorCode;
  /** 1-based column in a query string, for `bad-query`. */
  readonly column: number | undefined;
  /**
   * What the message says, as data (a key and the values it names), for a client that writes it
   * in another language: for `bad-query`, src/query/query-reason.ts.
   */
  readonly reason: ErrorReason | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; column?: number; reason?: ErrorReason } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InnsynError';
    this.code = code;
    this.column = options.column;
    this.reason = options.reason;
  }
}

export function isInnsynError(e: unknown): e is InnsynError {
  return e instanceof InnsynError;
}
