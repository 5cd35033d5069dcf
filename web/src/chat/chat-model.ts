/**
 * A DM or chat conversation as the chat view draws it: messages in time order, who took part,
 * which side each message goes on, and where days and sessions of talk begin. Pure functions
 * over the thread the API sends (docs/api.md: for a chat item the thread is the whole
 * conversation in time order), so that a 5,000-message conversation costs one pass here and the
 * page draws only a window of it.
 */
import type { Identity, ItemSummary, ThreadView } from '../api/api-types.js';

/**
 * Silence longer than this starts a new session (DESIGN.md, "Analysis": conversations are
 * split into sessions by silence). Half an hour: a reply within it reads as the same exchange.
 */
export const SESSION_GAP_MS = 30 * 60_000;
/** Messages drawn at first, around the current one: a screenful many times over, still cheap. */
export const CHAT_WINDOW = 200;
/** Messages added by "show earlier" or "show later". */
export const CHAT_STEP = 200;
/**
 * Most messages in the page at once. A reader who keeps asking for more of a 200,000-message
 * channel would otherwise build a DOM that freezes the tab; past this the far end is let go.
 */
export const MAX_RENDERED = 1000;

export interface ChatMessage {
  /** Position in the conversation (0 = oldest). */
  index: number;
  summary: ItemSummary;
  /** The message this one answers, when it is in the conversation. */
  replyTo: number | null;
}

export interface Participant {
  key: string;
  identity: Identity;
  /** Messages this participant sent in the conversation. */
  sent: number;
}

/** One identity, whatever name it was shown with: platform and address (account id or handle). */
export function identityKey(id: Identity): string {
  return `${id.platform}\u0000${id.address.toLowerCase()}`;
}

/**
 * Whether a thread is drawn as a chat: when any of its items is a chat message, or when it is a
 * feed of posts without replies (a Telegram channel: thousands of posts, one after another). An
 * email thread, or posts that answer each other (a reply chain), are drawn as a tree.
 */
export function isChatThread(thread: ThreadView | null): boolean {
  if (thread === null) return false;
  let posts = 0;
  let replies = false;
  for (const n of thread.nodes) {
    const kind = n.summary?.kind;
    if (kind === 'message') return true;
    if (kind === 'post') posts++;
    else if (kind === 'email') return false;
    if (n.depth > 0) replies = true;
  }
  return posts > 1 && !replies;
}

/** The real messages of the thread in the order the API sent them (time order for chats); ghosts left out. */
export function chatMessages(thread: ThreadView): ChatMessage[] {
  const byNode = new Map<number, number>();
  const out: ChatMessage[] = [];
  thread.nodes.forEach((n, i) => {
    if (n.itemId === null || n.summary === null) return;
    byNode.set(i, out.length);
    const parent = n.parentIndex === null ? undefined : byNode.get(n.parentIndex);
    out.push({ index: out.length, summary: n.summary, replyTo: parent ?? null });
  });
  return out;
}

/** How much an identity shows: a name and a handle beat a bare account id. */
function richness(x: Identity): number {
  return (x.name && x.name.trim() !== '' ? 2 : 0) + (x.handle ? 1 : 0);
}

/**
 * Everyone who sent or received a message in the conversation, most messages sent first (then
 * by name): the conversation's own participants, not the case's. One pass; a group message
 * names every member as a recipient, so this sees (messages × members) identities.
 */
export function chatParticipants(messages: readonly ChatMessage[]): Participant[] {
  const byKey = new Map<string, Participant & { score: number }>();
  const see = (id: Identity, sent: number) => {
    const key = identityKey(id);
    const p = byKey.get(key);
    if (!p) {
      byKey.set(key, { key, identity: id, sent, score: richness(id) });
      return;
    }
    p.sent += sent;
    if (p.score < 3) {
      const score = richness(id);
      if (score > p.score) {
        p.identity = id;
        p.score = score;
      }
    }
  };
  for (const m of messages) {
    if (m.summary.from) see(m.summary.from, 1);
    for (const to of m.summary.to) see(to, 0);
  }
  const label = (p: Participant) => p.identity.name ?? p.identity.handle ?? p.identity.address;
  return [...byKey.values()]
    .sort((a, b) => b.sent - a.sent || label(a).localeCompare(label(b)))
    .map(({ key, identity, sent }) => ({ key, identity, sent }));
}

export interface ChatModel {
  messages: ChatMessage[];
  participants: Participant[];
  /** 'public' or 'private' when every message is; 'mixed' when both occur (then each public bubble says so). */
  visibility: 'public' | 'private' | 'mixed';
  /** Position of each item id in `messages`. */
  indexOf: Map<string, number>;
}

const models = new WeakMap<ThreadView, ChatModel>();

/**
 * The conversation's messages, participants and index, computed once per thread answer: the
 * item page is drawn anew for every message the reader opens, the conversation is the same.
 */
export function chatModel(thread: ThreadView): ChatModel {
  let m = models.get(thread);
  if (!m) {
    const messages = chatMessages(thread);
    const indexOf = new Map<string, number>();
    for (const x of messages) indexOf.set(x.summary.id, x.index);
    const pub = messages.filter((x) => x.summary.visibility === 'public').length;
    const visibility = pub === 0 ? 'private' : pub === messages.length ? 'public' : 'mixed';
    m = { messages, participants: chatParticipants(messages), indexOf, visibility };
    models.set(thread, m);
  }
  return m;
}

/**
 * Whose messages go on the right: the given sender when there is one (the reader's item); in a
 * two-person conversation without one, the person who did not write first, so the opening
 * message is on the left as in a chat app. In a group without one, nobody: all on the left.
 */
export function rightSideKey(
  participants: readonly Participant[],
  messages: readonly ChatMessage[],
  sender: Identity | null,
): string | null {
  if (sender) return identityKey(sender);
  if (participants.length !== 2) return null;
  const first = messages.find((m) => m.summary.from !== null)?.summary.from;
  if (!first) return null;
  const firstKey = identityKey(first);
  return participants.find((p) => p.key !== firstKey)?.key ?? null;
}

export interface ChatWindow {
  /** First message drawn. */
  start: number;
  /** One past the last message drawn. */
  end: number;
}

/** CHAT_WINDOW messages around `at` (or from the start when there is no current message). */
export function windowAround(count: number, at: number, size = CHAT_WINDOW): ChatWindow {
  if (count <= size) return { start: 0, end: count };
  if (at < 0) return { start: 0, end: size };
  const start = Math.max(0, Math.min(count - size, at - Math.floor(size / 2)));
  return { start, end: start + size };
}

/** `step` more messages before the window; the far end is let go past `max`. */
export function extendEarlier(w: ChatWindow, step = CHAT_STEP, max = MAX_RENDERED): ChatWindow {
  const start = Math.max(0, w.start - step);
  return { start, end: Math.min(w.end, start + max) };
}

/** `step` more messages after the window; the near end is let go past `max`. */
export function extendLater(w: ChatWindow, count: number, step = CHAT_STEP, max = MAX_RENDERED): ChatWindow {
  const end = Math.min(count, w.end + step);
  return { start: Math.max(w.start, end - max), end };
}

export type ChatRow =
  | {
      type: 'divider';
      key: string;
      /** sentAt of the first message of a new UTC day (the day to name), else null. */
      day: string | null;
      /** The silence before it, when it starts a new session; else null. */
      gapMs: number | null;
    }
  | {
      type: 'message';
      key: string;
      message: ChatMessage;
      side: 'start' | 'end';
      /** The sender's name goes above the bubble (in groups, above every one: no bubble is anonymous in a screenshot). */
      showSender: boolean;
    };

function dayOf(iso: string | null): string | null {
  return iso && iso.length >= 10 ? iso.slice(0, 10) : null;
}

function timeOf(iso: string | null): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * The rows of the window: a divider where a UTC day begins (always one above the first
 * message drawn, so the reader knows the date), one where the silence since the message before
 * is longer than SESSION_GAP_MS, then the messages with their side. Days and gaps are measured
 * against the message before in the whole conversation, not the window.
 */
export function chatRows(
  messages: readonly ChatMessage[],
  w: ChatWindow,
  options: { rightKey: string | null; group: boolean },
): ChatRow[] {
  const rows: ChatRow[] = [];
  for (let i = w.start; i < w.end; i++) {
    const m = messages[i];
    if (!m) break;
    const prev = i > 0 ? messages[i - 1] : undefined;
    const at = m.summary.sentAt;
    const day = dayOf(at);
    const newDay = day !== null && (i === w.start || dayOf(prev?.summary.sentAt ?? null) !== day);
    const t = timeOf(at);
    const tPrev = prev ? timeOf(prev.summary.sentAt) : null;
    const gap = t !== null && tPrev !== null && t - tPrev > SESSION_GAP_MS ? t - tPrev : null;
    if (newDay || gap !== null) {
      rows.push({ type: 'divider', key: `d${i}`, day: newDay ? at : null, gapMs: gap });
    }
    const speaker = m.summary.from ? identityKey(m.summary.from) : '';
    rows.push({
      type: 'message',
      key: m.summary.id,
      message: m,
      side: options.rightKey !== null && speaker === options.rightKey ? 'end' : 'start',
      showSender: options.group,
    });
  }
  return rows;
}

/** A silence split into whole days, hours and minutes, the two largest kept ("2 days 3 h"). */
export function gapParts(ms: number): { days: number; hours: number; minutes: number } {
  const total = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const minutes = total % 60;
  if (days > 0) return { days, hours, minutes: 0 };
  return { days: 0, hours, minutes };
}
