import { InnsynError } from '../../model/errors.js';
import type { ReaderLimits } from './reader-limits.js';
import { describePlace, type Where } from './unreadable.js';

/**
 * What one input file may cost when it holds archives: members and decompressed bytes,
 * summed over every archive nested inside it, so that nesting cannot multiply the limits
 * (42.zip is 16 archives of 16 archives of ...).
 */
export class ArchiveBudget {
  entries = 0;
  bytes = 0;

  constructor(readonly limits: ReaderLimits) {}

  /** Counts one member; false when that exceeds maxArchiveEntries. */
  takeEntry(): boolean {
    this.entries++;
    return this.entries <= this.limits.maxArchiveEntries;
  }

  /** True when `bytes` more decompressed bytes stay within maxUncompressedBytes. */
  canTake(bytes: number): boolean {
    return this.bytes + bytes <= this.limits.maxUncompressedBytes;
  }

  /** Counts decompressed bytes as they are read; throws a 'limit-exceeded' error past the limit. */
  takeBytes(bytes: number, where: Where): void {
    this.bytes += bytes;
    if (this.bytes > this.limits.maxUncompressedBytes) {
      throw new InnsynError(
        'limit-exceeded',
        `${describePlace(where)}: archive expands to more than ${this.limits.maxUncompressedBytes} bytes ` +
          '(maxUncompressedBytes, the zip-bomb guard); reading stopped here. If the archive is genuine, ' +
          'unpack it by hand and ingest the folder, or raise the limit',
      );
    }
  }
}

export function isLimitError(e: unknown): boolean {
  return e instanceof InnsynError && e.code === 'limit-exceeded';
}

/** The member path of `inner` inside a member `outer` ('a/inner.zip!/x/y.eml'); just `inner` at top level. */
export function nestMember(outer: string | null, inner: string): string {
  return outer === null ? inner : `${outer}!/${inner}`;
}
