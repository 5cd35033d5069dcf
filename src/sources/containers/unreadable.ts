import { InnsynError } from '../../model/errors.js';
import type { UnreadableInput } from '../../model/raw-record.js';

/**
 * How much of an unreadable input is kept as evidence: enough for a person (or a later, better
 * reader) to see what it was, without storing a multi-gigabyte blob in quarantine.
 */
export const KEPT_BYTES = 64 * 1024;

export interface Where {
  /** Absolute path of the input file (or Maildir root). */
  path: string;
  /** Member inside an archive, or path relative to a Maildir root; null for a plain file. */
  member: string | null;
}

/** "/cases/a.zip, member x/y.mbox, byte 120" — the place named in every failure reason. */
export function describePlace(where: Where, offset?: number): string {
  let s = where.path;
  if (where.member !== null) s += `, member ${where.member}`;
  if (offset !== undefined && offset > 0) s += `, byte ${offset}`;
  return s;
}

/** An UnreadableInput keeping at most KEPT_BYTES of `bytes` (copied, so the caller may reuse its buffer). */
export function unreadable(
  where: Where,
  offset: number,
  length: number,
  reason: string,
  bytes: Uint8Array = new Uint8Array(0),
): UnreadableInput {
  const kept = bytes.subarray(0, KEPT_BYTES);
  return {
    type: 'unreadable',
    reason,
    bytes: new Uint8Array(kept),
    location: { path: where.path, member: where.member, offset, length },
  };
}

/** The message of anything thrown, for a reason text. */
export function errorText(e: unknown): string {
  if (e instanceof InnsynError) return e.message;
  if (e instanceof Error) {
    // Node's system and zlib errors carry a code (ENOENT, Z_DATA_ERROR) worth showing.
    const code = (e as NodeJS.ErrnoException).code;
    return code !== undefined && !e.message.includes(code) ? `${code} ${e.message}` : e.message;
  }
  return String(e);
}
