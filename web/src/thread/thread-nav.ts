import type { ThreadView } from '../api/api-types.js';

/**
 * The real messages before and after `id` in the thread's depth-first order (the order the
 * tree is drawn in), skipping ghosts: what `k` and `j` go to.
 */
export function threadNeighbours(
  thread: ThreadView | null,
  id: string,
): { prev: string | null; next: string | null } {
  if (!thread) return { prev: null, next: null };
  const ids = thread.nodes.map((n) => n.itemId).filter((x): x is string => x !== null);
  const at = ids.indexOf(id);
  if (at < 0) return { prev: null, next: null };
  return { prev: ids[at - 1] ?? null, next: ids[at + 1] ?? null };
}
