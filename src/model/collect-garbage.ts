import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection, between the phases of long work (a command's ingest, threading
 * and people; the people rebuild's own passes): each leaves behind a heap of garbage it no
 * longer needs, and V8 sets the size at which it next collects from the largest heap it has
 * seen, so the next phase's garbage piles up on top of the last one's. At 1,000,000 emails the
 * people rebuild after threading took the ingest to 990 MiB that way, to 757 with collections
 * between the phases (README, Performance).
 *
 * Node exposes `gc` only when started with --expose-gc: the flag is set here, and a context
 * made after that gets the function (V8 reads the flag when it sets up a context). Where that
 * fails nothing happens: only memory is at stake.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: unknown }).gc;
    try {
      if (typeof exposed === 'function') {
        gc = exposed as () => void;
      } else {
        setFlagsFromString('--expose-gc');
        const fn = runInNewContext('gc') as unknown;
        gc = typeof fn === 'function' ? (fn as () => void) : null;
      }
    } catch {
      gc = null;
    }
  }
  gc?.();
}
