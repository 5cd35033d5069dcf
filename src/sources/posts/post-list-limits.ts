import { InnsynError } from '../../model/errors.js';

/** Safety limits of the post list reader; each names what it stops. */
export interface PostListLimits {
  /**
   * Largest single row (CSV) or element (JSON, JSONL) turned into a post. A real post is a few
   * KiB; this stops one crafted row (an unbalanced quote swallowing the file, a 1 GB cell) from
   * claiming memory many times its size. Bigger → UnreadableInput.
   */
  maxRowBytes: number;
  /** Deepest JSON nesting followed; stops a "[[[[…" bomb. */
  maxJsonDepth: number;
}

export const DEFAULT_POST_LIST_LIMITS: Readonly<PostListLimits> = Object.freeze({
  maxRowBytes: 16 * 1024 * 1024,
  maxJsonDepth: 64,
});

/** Fills in defaults and validates each given limit. Throws InnsynError('usage') naming the bad option. */
export function resolvePostListLimits(options: Partial<PostListLimits> = {}): PostListLimits {
  const limits: PostListLimits = { ...DEFAULT_POST_LIST_LIMITS };
  for (const key of Object.keys(DEFAULT_POST_LIST_LIMITS) as (keyof PostListLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new InnsynError(
        'usage',
        `post list limit ${key} must be a positive whole number, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits;
}
