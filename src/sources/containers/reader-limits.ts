import { InnsynError } from '../../model/errors.js';

/**
 * Safety limits of the container readers. Leaked material is hostile input: each limit names
 * the attack it stops. A limit that trips never crashes the run: the affected bytes become an
 * `UnreadableInput` with a reason saying which limit and how to raise it.
 */
export interface ReaderLimits {
  /**
   * Largest single message kept in memory (mbox message, .eml, Maildir file, archive member
   * read as one message). Stops a multi-gigabyte "message" (or an mbox with no separators)
   * from exhausting memory. Bigger → UnreadableInput with its first 64 KiB kept.
   */
  maxMessageBytes: number;
  /**
   * Members read from one input file, summed over every archive nested inside it. Stops
   * archives with millions of tiny entries (and nested ones multiplying them).
   */
  maxArchiveEntries: number;
  /** Archives inside archives (a .tar.gz counts once). Stops recursive bombs like 42.zip. */
  maxArchiveDepth: number;
  /**
   * Decompressed bytes read from one input file, summed over every nested archive. The
   * zip-bomb guard: declared sizes are checked before reading, actual bytes while reading.
   */
  maxUncompressedBytes: number;
  /**
   * Largest expansion ratio (uncompressed / compressed) allowed for one zip member or gzip
   * stream once it passes RATIO_CHECK_MIN_BYTES. Real mail compresses 2–20×; the 1000×
   * that deflate reaches on runs of zeros is a bomb.
   */
  maxCompressionRatio: number;
  /** Folder nesting walked below an input folder. Stops pathological (or looping) trees. */
  maxDirectoryDepth: number;
  /**
   * A zip inside another archive must be held in memory (zip needs random access to its
   * central directory at the end). Stops a nested zip from claiming unbounded memory.
   */
  maxNestedZipBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_READER_LIMITS: Readonly<ReaderLimits> = Object.freeze({
  maxMessageBytes: 256 * MiB,
  maxArchiveEntries: 1_000_000,
  maxArchiveDepth: 4,
  maxUncompressedBytes: 64 * GiB,
  maxCompressionRatio: 200,
  maxDirectoryDepth: 64,
  maxNestedZipBytes: 512 * MiB,
});

/**
 * Ratio checks apply only past this many uncompressed bytes: a small file of zeros is
 * harmless, and tiny members often have silly ratios.
 */
export const RATIO_CHECK_MIN_BYTES = 16 * MiB;

/**
 * Fills in defaults and validates each given limit (a positive safe integer; the ratio may be
 * fractional). Throws InnsynError('usage') naming the bad option; nothing has been read then.
 */
export function resolveReaderLimits(options: Partial<ReaderLimits> = {}): ReaderLimits {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS };
  for (const key of Object.keys(DEFAULT_READER_LIMITS) as (keyof ReaderLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const ok =
      key === 'maxCompressionRatio'
        ? typeof value === 'number' && Number.isFinite(value) && value >= 1
        : Number.isSafeInteger(value) && value > 0;
    if (!ok) {
      throw new InnsynError(
        'usage',
        `reader limit ${key} must be a positive ${key === 'maxCompressionRatio' ? 'number ≥ 1' : 'whole number'}, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits;
}
