import type { ExportIdentity } from '../../model/export-record.js';
import type { JsonElements } from '../export/json-elements.js';
import { parseJsonSlice } from './parse-json-slice.js';
import { peerAddress, telegramIdentity, type ChatShape } from './telegram-chat.js';
import type { TelegramLimits } from './telegram-limits.js';

/** Damage that ends a structure: bytes from `from` on could not be read as part of it. */
export interface Fatal {
  from: number;
  offset: number;
  message: string;
  /** The message element the damage is in, when it is inside a messages array. */
  index?: number;
}

export type StructEnd = { end: number } | { fatal: Fatal };

const OPEN_BRACKET = 0x5b;

/** What the first walk over a chat learns. */
export interface ChatSurvey {
  name: unknown;
  type: unknown;
  id: unknown;
  /** Offset of the messages array's '['. */
  messagesAt: number | null;
  /** `messages` that is not an array: its byte range. */
  messagesBad: { start: number; end: number } | null;
  /** Elements in the messages array (readable or not). */
  elements: number;
  /** Everyone seen sending or acting, in order of appearance, with the last name given. */
  seen: Map<string, ExportIdentity>;
  result: StructEnd;
}

/** First walk: the chat's fields, its messages' senders, and where it ends. */
export function surveyChat(json: JsonElements, open: number, limits: TelegramLimits): ChatSurvey {
  const b = json.bytes;
  const s: ChatSurvey = {
    name: undefined,
    type: undefined,
    id: undefined,
    messagesAt: null,
    messagesBad: null,
    elements: 0,
    seen: new Map(),
    result: { end: open },
  };
  let pos = open + 1;
  for (let first = true; ; first = false) {
    const entryAt = pos;
    const step = json.nextMember(pos, first);
    if (!step.ok) return ended(s, { from: entryAt, offset: step.at, message: step.problem });
    if (step.kind === 'end') return ended(s, { end: step.end });
    const v = step.valueStart;
    if (step.key === 'messages' && b[v] === OPEN_BRACKET) {
      s.messagesAt = v;
      for (const ev of json.elements(v, { resync: true })) {
        if (ev.kind === 'element') {
          s.elements++;
          const parsed = parseJsonSlice(b, ev.start, ev.end, limits.maxMessageBytes);
          if (parsed.ok) noteSenders(parsed.value, s.seen);
        } else if (ev.kind === 'close') pos = ev.end;
        else {
          s.elements++;
          if (!ev.resumed) {
            return ended(s, { from: ev.start, offset: ev.at, message: ev.problem, index: ev.index });
          }
        }
      }
      continue;
    }
    const value = json.valueEnd(v);
    if (!value.ok) return ended(s, { from: entryAt, offset: value.at, message: value.problem });
    if (step.key === 'messages') s.messagesBad = { start: v, end: value.end };
    else if (step.key === 'name' || step.key === 'type' || step.key === 'id') {
      const parsed = parseJsonSlice(b, v, value.end, limits.maxMessageBytes);
      s[step.key] = parsed.ok ? parsed.value : null;
    }
    pos = value.end;
  }
}

function ended(s: ChatSurvey, result: { end: number } | Fatal): ChatSurvey {
  s.result = 'end' in result ? result : { fatal: result };
  return s;
}

/** Adds a message's sender (from/from_id) or actor (actor/actor_id) to `seen`. */
function noteSenders(m: unknown, seen: Map<string, ExportIdentity>): void {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return;
  const r = m as Record<string, unknown>;
  for (const [nameKey, idKey] of [
    ['from', 'from_id'],
    ['actor', 'actor_id'],
  ] as const) {
    const name = typeof r[nameKey] === 'string' && r[nameKey] !== '' ? (r[nameKey] as string) : null;
    const peer = peerAddress(r[idKey]);
    const address = peer?.address ?? name;
    if (address === null) continue;
    seen.set(address, telegramIdentity(address, name ?? seen.get(address)?.name ?? null));
  }
}

/**
 * The conversation's participants: for a personal or bot chat the other user (the chat id is
 * their user id, the chat name their name) and the owner; for Saved Messages the owner; then
 * everyone seen sending or acting. The owner of a whole-account export is a member of every
 * chat in `chats` (not of `left_chats`), but of a channel only when they posted in it.
 */
export function chatParticipants(
  s: ChatSurvey,
  shape: ChatShape,
  chatId: string,
  title: string | null,
  owner: ExportIdentity | null,
  isMember: boolean,
): Map<string, ExportIdentity> {
  const out = new Map<string, ExportIdentity>();
  const named = (address: string, name: string | null): ExportIdentity =>
    telegramIdentity(address, name ?? s.seen.get(address)?.name ?? null);
  if (shape.peerIsChat) out.set(`user${chatId}`, named(`user${chatId}`, title));
  if (
    owner !== null &&
    (shape.self ||
      owner.address === `user${chatId}` ||
      s.seen.has(owner.address) ||
      (isMember && shape.conversationType !== 'channel'))
  ) {
    out.set(owner.address, owner);
  } else if (shape.self) out.set(`user${chatId}`, named(`user${chatId}`, null));
  for (const [address, id] of s.seen) if (!out.has(address)) out.set(address, id);
  return out;
}
