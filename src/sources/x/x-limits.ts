import { InnsynError } from '../../model/errors.js';

/**
 * Safety limits of the X archive reader. An archive is hostile input like any leak: each limit
 * names what it stops. A limit that trips never ends the run: the affected file or element
 * becomes an UnreadableInput saying which limit tripped and how to raise it.
 */
export interface XArchiveLimits {
  /**
   * Largest data file (tweets.js, direct-messages.js, …) read into memory. The export tree
   * hands out whole files, so this bounds the memory one file can claim. X itself splits data
   * files into parts (tweets-part1.js, …) long before this. Bigger → UnreadableInput.
   */
  maxFileBytes: number;
  /**
   * Largest single element that is parsed as a whole: one tweet, one DM, one message event.
   * A real one is a few KiB; this stops one crafted element from claiming memory many times
   * its size in parsed objects. DM conversations are not parsed whole (their messages are).
   */
  maxElementBytes: number;
  /**
   * Deepest nesting of JSON arrays and objects followed. A real tweet is 7 levels deep; this
   * stops a "[[[[…" bomb from costing stack in the parser.
   */
  maxJsonDepth: number;
  /**
   * Largest media file hashed for its attachment record (tweets_media, direct_messages_media).
   * Bigger files are still listed with their size, without sha256, and flagged.
   */
  maxMediaBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_X_ARCHIVE_LIMITS: Readonly<XArchiveLimits> = Object.freeze({
  maxFileBytes: 1024 * MiB,
  maxElementBytes: 16 * MiB,
  maxJsonDepth: 64,
  maxMediaBytes: 512 * MiB,
});

/** Fills in defaults and validates each given limit. Throws InnsynError('usage') naming the bad option. */
export function resolveXArchiveLimits(options: Partial<XArchiveLimits> = {}): XArchiveLimits {
  const limits: XArchiveLimits = { ...DEFAULT_X_ARCHIVE_LIMITS };
  for (const key of Object.keys(DEFAULT_X_ARCHIVE_LIMITS) as (keyof XArchiveLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new InnsynError(
        'usage',
        `X archive limit ${key} must be a positive whole number, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits;
}
