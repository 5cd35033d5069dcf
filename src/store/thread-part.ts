/**
 * Which part of a long thread or conversation a view shows (both dialects): a chat of 80,000
 * messages is read in parts of MAX_THREAD_NODES, and the part a reader lands in from a search
 * hit must hold that hit.
 */
import { InnsynError } from '../model/index.js';
import { MAX_THREAD_NODES, type ItemSummary, type ThreadOptions, type ThreadView } from './store.js';

/** The offset asked for, checked: a whole number from 0, or undefined for "around the item". */
export function requestedOffset(options: ThreadOptions | undefined): number | undefined {
  const offset = options?.offset;
  if (offset === undefined) return undefined;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new InnsynError('usage', 'a thread offset must be a whole number from 0');
  }
  return offset;
}

/**
 * Where the part shown starts in a thread of `total` nodes: at `offset` when given, else with
 * item `at` (its index, -1 when unknown) in its middle; always a full part when the thread has
 * one, so asking past the end shows the last MAX_THREAD_NODES.
 */
export function partStart(
  total: number,
  at: number,
  offset: number | undefined,
  size = MAX_THREAD_NODES,
): number {
  if (total <= size) return 0;
  const wanted = offset ?? (at < 0 ? 0 : at - Math.floor(size / 2));
  return Math.max(0, Math.min(total - size, wanted));
}

/** The `part` of a view that starts at `start` in a thread of `total` nodes; none when it is whole. */
export function partOf(start: number, total: number, size = MAX_THREAD_NODES): Pick<ThreadView, 'part'> {
  return total > size ? { part: { offset: start, total } } : {};
}

/** A stored node's parent index (its place in the whole thread) as an index into a part from `start`. */
export function parentInPart(parentIndex: number | null, start: number): number | null {
  return parentIndex === null || parentIndex < start ? null : parentIndex - start;
}

/**
 * A conversation's members, in date order, as the nodes of its view: each under the member it
 * answers when that one comes earlier in the list (in this part), else at the top.
 */
export function conversationNodes<T>(
  members: Iterable<T>,
  fields: (m: T) => { id: string; messageId: string | null; answers: string | null },
  summary: (m: T) => ItemSummary,
): ThreadView['nodes'] {
  const index = new Map<string, number>();
  const nodes: ThreadView['nodes'] = [];
  for (const member of members) {
    const m = fields(member);
    const parentIndex = m.answers === null ? undefined : index.get(m.answers);
    index.set(m.id, nodes.length);
    nodes.push({
      itemId: m.id,
      messageId: m.messageId,
      parentIndex: parentIndex ?? null,
      depth: parentIndex === undefined ? 0 : (nodes[parentIndex]?.depth ?? 0) + 1,
      summary: summary(member),
    });
  }
  return nodes;
}
