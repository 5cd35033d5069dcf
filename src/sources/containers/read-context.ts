import type { ArchiveBudget } from './archive-budget.js';
import type { ReaderLimits } from './reader-limits.js';
import type { Where } from './unreadable.js';

/** Shared by everything read out of one input file. */
export interface ReadContext {
  limits: ReaderLimits;
  budget: ArchiveBudget;
}

/** Where a stream of bytes sits: its file, its member path, how many archives deep, its date. */
export interface StreamPlace extends Where {
  /** Archives around this stream (0 for a plain file); a new archive inside needs depth + 1 ≤ maxArchiveDepth. */
  depth: number;
  mtime?: Date;
}
