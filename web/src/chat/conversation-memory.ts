/**
 * What the item page remembers of the conversation it last showed, for this tab only (memory,
 * not storage: nothing of the case is written to disk by the UI).
 *
 * - The conversation itself: a click on a bubble opens another item of the same conversation;
 *   until its answer arrives the chat stays drawn from the one in memory instead of flashing
 *   empty (the answer of a 5,000-message conversation takes about a second to arrive).
 * - Who is on the right: the sender of the item the reader opened the conversation from. It is
 *   kept while they walk through it (click, j, k), so that the sides do not swap at every
 *   change of speaker.
 *
 * Both are a collection's: a tab that changes collection (team mode) forgets them.
 */
import type { ThreadView } from '../api/api-types.js';
import { onCollectionChange } from '../team/collection-state.js';

let last: { thread: ThreadView; ids: Set<string> } | null = null;

/** Conversations whose right side is remembered; the oldest is forgotten past this. */
const MAX_SIDES = 100;
const sides = new Map<string, string>();

export function rememberConversation(thread: ThreadView): void {
  if (last?.thread === thread) return;
  const ids = new Set<string>();
  for (const n of thread.nodes) if (n.itemId !== null) ids.add(n.itemId);
  last = { thread, ids };
}

/**
 * The remembered conversation when `thread` is the same one again (same id, same messages in
 * the same order), else `thread`: opening the next message of a conversation then reuses what
 * was computed and drawn for it instead of drawing 200 bubbles again.
 */
export function sameOrNew(thread: ThreadView): ThreadView {
  const old = last?.thread;
  if (
    !old ||
    old === thread ||
    old.threadId !== thread.threadId ||
    old.nodes.length !== thread.nodes.length
  ) {
    return thread;
  }
  for (let i = 0; i < thread.nodes.length; i++) {
    if (old.nodes[i]?.itemId !== thread.nodes[i]?.itemId) return thread;
  }
  return old;
}

/** The remembered conversation when its id is `threadId`, else null (the conversation page shows it at once). */
export function rememberedThread(threadId: string): ThreadView | null {
  return last && last.thread.threadId.toLowerCase() === threadId.toLowerCase() ? last.thread : null;
}

/** The remembered conversation when it holds item `id`, else null. */
export function conversationContaining(id: string): ThreadView | null {
  return last && last.ids.has(id) ? last.thread : null;
}

/** The right side of conversation `threadId`: the one remembered, else `senderKey` (then remembered). */
export function rightSideFor(threadId: string, senderKey: string | null): string | null {
  const known = sides.get(threadId);
  if (known !== undefined) return known;
  if (senderKey === null) return null;
  if (sides.size >= MAX_SIDES) {
    const oldest = sides.keys().next();
    if (!oldest.done) sides.delete(oldest.value);
  }
  sides.set(threadId, senderKey);
  return senderKey;
}

/** Forgets everything (a change of collection; tests). */
export function forgetConversations(): void {
  last = null;
  sides.clear();
}
onCollectionChange(forgetConversations);

/** The right side remembered for conversation `threadId`, if the reader has opened it from an item. */
export function knownRightSide(threadId: string): string | undefined {
  return sides.get(threadId);
}
