import type { AnalysisItem } from './analysis-item.js';
import { isoTime, secondsOption, sortByTime, type DatedItem } from './analysis-time.js';

/**
 * Conversations split into sessions by silence: an email thread or a DM/chat conversation
 * (whatever carries the same `conversationId`) is one conversation; inside it, a pause longer
 * than `silenceSeconds` between two items starts a new session. Sessions are what "who starts"
 * counts and what the conversation view shows as blocks.
 */

/** A pause of more than 30 minutes ends a session (the default). */
export const DEFAULT_SILENCE_SECONDS = 30 * 60;

export interface ConversationOptions {
  /** A gap strictly longer than this starts a new session; a gap of exactly this does not. */
  silenceSeconds?: number;
}

export interface ConversationSession {
  /** Person key of the sender of the session's first item; null when that item names no sender. */
  startedBy: string | null;
  /** ISO 8601 UTC of the first and the last item. */
  start: string;
  end: string;
  /** The session's items in time order (ties at one millisecond by id). */
  itemIds: string[];
  /** Every person key that sent or received an item of the session, sorted. */
  participants: string[];
}

export interface ConversationSessions {
  conversationId: string;
  sessions: ConversationSession[];
  /**
   * Items of the conversation without a usable date: they cannot be placed in a session, and are
   * listed here (input order) rather than dropped, so the counts add up.
   */
  undatedItemIds: string[];
}

/**
 * Every conversation among `items` with its sessions. Items without a conversationId (public
 * posts, mostly) belong to none and are left out. Conversations come in the order of their first
 * dated item (ties by id); conversations with no dated item at all come last, by id.
 * O(n log n) time, O(n) memory. Throws InnsynError('usage') for a bad silenceSeconds.
 */
export function conversationSessions(
  items: readonly AnalysisItem[],
  options: ConversationOptions = {},
): ConversationSessions[] {
  const silenceMs = secondsOption('silenceSeconds', options.silenceSeconds, DEFAULT_SILENCE_SECONDS) * 1000;
  const { dated, undated } = sortByTime(items);

  // Grouping the sorted items keeps each group sorted: one sort for all conversations.
  const groups = new Map<string, { dated: DatedItem[]; undated: string[] }>();
  const group = (id: string): { dated: DatedItem[]; undated: string[] } => {
    let g = groups.get(id);
    if (g === undefined) {
      g = { dated: [], undated: [] };
      groups.set(id, g);
    }
    return g;
  };
  for (const item of dated) if (item.conversationId !== null) group(item.conversationId).dated.push(item);
  for (const item of undated)
    if (item.conversationId !== null) group(item.conversationId).undated.push(item.id);

  const out: (ConversationSessions & { firstMs: number | null })[] = [];
  for (const [conversationId, g] of groups) {
    out.push({
      conversationId,
      sessions: splitSessions(g.dated, silenceMs),
      undatedItemIds: g.undated,
      firstMs: g.dated[0]?.sentAt ?? null,
    });
  }
  out.sort((x, y) => {
    if (x.firstMs !== y.firstMs) {
      if (x.firstMs === null) return 1;
      if (y.firstMs === null) return -1;
      return x.firstMs - y.firstMs;
    }
    return x.conversationId < y.conversationId ? -1 : x.conversationId > y.conversationId ? 1 : 0;
  });
  return out.map(({ conversationId, sessions, undatedItemIds }) => ({
    conversationId,
    sessions,
    undatedItemIds,
  }));
}

function splitSessions(sorted: readonly DatedItem[], silenceMs: number): ConversationSession[] {
  const sessions: ConversationSession[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (
      i === sorted.length ||
      (sorted[i] as DatedItem).sentAt - (sorted[i - 1] as DatedItem).sentAt > silenceMs
    ) {
      sessions.push(session(sorted, start, i));
      start = i;
    }
  }
  return sessions;
}

/** Up to this many participants are kept unique by a scan; a larger group gets a Set. */
const SMALL_GROUP = 16;

/** The session of sorted[start … end−1]. */
function session(sorted: readonly DatedItem[], start: number, end: number): ConversationSession {
  const first = sorted[start] as DatedItem;
  const last = sorted[end - 1] as DatedItem;
  const itemIds: string[] = [];
  const people: string[] = [];
  let seen: Set<string> | null = null;
  const add = (p: string): void => {
    if (seen !== null) {
      if (!seen.has(p)) {
        seen.add(p);
        people.push(p);
      }
    } else if (!people.includes(p)) {
      people.push(p);
      if (people.length > SMALL_GROUP) seen = new Set(people);
    }
  };
  for (let i = start; i < end; i++) {
    const item = sorted[i] as DatedItem;
    itemIds.push(item.id);
    if (item.from !== null) add(item.from);
    for (const p of item.to) add(p);
  }
  return {
    startedBy: first.from,
    start: isoTime(first.sentAt),
    end: isoTime(last.sentAt),
    itemIds,
    participants: people.sort(),
  };
}
