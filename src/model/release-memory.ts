import { createRequire } from 'node:module';
import { collectGarbage } from './collect-garbage.js';
import { nativeFile } from './native-file.js';

/**
 * Memory a phase of long work has freed, handed back to the operating system.
 *
 * glibc's malloc keeps what is freed inside its heaps for later use, and gives back only the
 * free space at the very top of a heap. After an ingest the main heap is full of free holes
 * between pages still in use (SQLite's page cache, FTS5's merges, buffers in flight), which a
 * process's RSS keeps counting: at 100,000 emails 319 MiB before threading, 205 MiB after
 * malloc_trim(0), which releases the free pages inside every heap too (README, Performance).
 * Node has no way to call it: dist/native/malloc-trim.node does (native/malloc-trim.c, built by
 * `npm run build`). Where it was not built (no C compiler, not Linux, not glibc) nothing happens:
 * only memory is at stake.
 */

interface MallocTrimHelper {
  trim(): boolean;
  supported(): boolean;
}

let helper: MallocTrimHelper | null | undefined;

/** The built helper, or null. */
export function mallocTrimHelper(): MallocTrimHelper | null {
  if (helper === undefined) {
    try {
      const loaded = createRequire(import.meta.url)(
        nativeFile('malloc-trim.node'),
      ) as Partial<MallocTrimHelper>;
      helper =
        typeof loaded.trim === 'function' && typeof loaded.supported === 'function' && loaded.supported()
          ? (loaded as MallocTrimHelper)
          : null;
    } catch {
      helper = null;
    }
  }
  return helper;
}

/** malloc_trim(0): true when memory went back to the operating system. */
export function trimMalloc(): boolean {
  return mallocTrimHelper()?.trim() ?? false;
}

/** Between the phases of long work: a full garbage collection, then malloc_trim. */
export function releaseMemory(): void {
  collectGarbage();
  trimMalloc();
}
