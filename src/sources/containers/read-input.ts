import { stat } from 'node:fs/promises';
import path from 'node:path';
import { InnsynError } from '../../model/errors.js';
import type { RawRecord } from '../../model/raw-record.js';
import { readDirectory, type ClaimInput } from './directory-reader.js';
import { readFileInput } from './file-reader.js';
import { deferred } from './lazy-iterables.js';
import { resolveReaderLimits, type ReaderLimits } from './reader-limits.js';

/**
 * Every message in an input path — a file of any supported format (mbox, .eml, .emlx, zip, tar,
 * .tar.gz, gzip of any of these) or a folder (walked, Maildirs recognised) — as RawRecords, in
 * a deterministic order. Whatever cannot be read comes out as an UnreadableInput with its
 * reason; nothing is dropped silently.
 *
 * The input path itself is followed if it is a symbolic link (the person named it); links
 * inside a folder are not. Throws InnsynError 'usage' for a bad limit and 'not-found' when the
 * path does not exist (from the first `next()`, before anything is read); after that it never
 * throws for bad input. `claim` lets the caller read some of a folder's contents itself
 * (ClaimInput: platform exports inside a folder of mail).
 */
export function readInput(
  input: string,
  options: Partial<ReaderLimits> = {},
  claim?: ClaimInput,
): AsyncIterable<RawRecord> {
  return deferred(async () => {
    const limits = resolveReaderLimits(options);
    const abs = path.resolve(input);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch (e) {
      throw new InnsynError('not-found', `${abs} does not exist or cannot be reached; check the path`, {
        cause: e,
      });
    }
    return isDir ? readDirectory(abs, limits, claim) : readFileInput(abs, limits);
  });
}
