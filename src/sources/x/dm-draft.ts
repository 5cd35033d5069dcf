import type { ExportConversation, ExportIdentity, ItemDraft } from '../../model/export-record.js';
import { parseEpochMs, parseIsoDate, type ExportDate } from './export-date.js';
import { asArray, asObject, idField, str, type JsonObject } from './json-values.js';
import { isAccountId, type XIdentities } from './x-identities.js';
import { urlFileName, type MediaRef } from './x-media.js';
import { expandShortLinks, pushUnique, unescapeXText, type ShortLink } from './x-text.js';

/**
 * Direct messages. direct-messages.js (1:1) and direct-messages-group.js hold conversations:
 * `{dmConversation: {conversationId, messages: [event, …]}}`, newest event first. Each event is
 * one key: `messageCreate` (a message: the only kind that is an item) or, in groups,
 * `joinConversation`, `participantsJoin`, `participantsLeave`, `conversationNameUpdate`, which
 * tell who took part and the group's name. message-event.js (2025 on, X's end-to-end encrypted
 * chat) holds one event per element instead: `{messageEvent: {messageId, senderId,
 * conversationId 'a:b', createdAtMsec, detail: {messageCreateEvent | markConversationReadEvent
 * | conversationKeyChangeEvent: …}}}`; message texts there are encrypted (`contents`).
 */

/** A 1:1 conversation id names its two accounts: 'A-B' (legacy) or 'A:B' (encrypted chat). */
export function pairOf(conversationId: string): [string, string] | null {
  const m = /^(\d+)[-:](\d+)$/.exec(conversationId);
  if (!m || !isAccountId(m[1]!) || !isAccountId(m[2]!)) return null;
  return [m[1]!, m[2]!];
}

/**
 * The legacy form of an encrypted chat's 1:1 conversation id ('A:B' → 'A-B', lower id first as
 * X writes it), so both kinds of message between the same two people land in one conversation.
 */
export function legacyPairId(conversationId: string): string | null {
  const pair = pairOf(conversationId);
  if (pair === null) return null;
  const [a, b] = pair;
  return BigInt(a) <= BigInt(b) ? `${a}-${b}` : `${b}-${a}`;
}

/** What is known of a conversation before its messages are read. */
export interface ConversationInfo {
  nativeId: string;
  type: 'dm' | 'group';
  title: string | null;
  /** Account ids of everyone listed as taking part. */
  participantIds: string[];
  /** Flags every message of the conversation carries. */
  flags: string[];
}

export function conversationOf(info: ConversationInfo, ids: XIdentities): ExportConversation {
  return {
    nativeId: info.nativeId,
    type: info.type,
    title: info.title,
    participants: info.participantIds.map((id) => ids.identity(id)),
  };
}

/** What the non-message events of a group conversation tell: participants and the latest name. */
export function learnGroupEvent(
  event: JsonObject,
  participants: Set<string>,
  title: { name: string | null; at: number },
): void {
  const add = (v: unknown): void => {
    const id =
      typeof v === 'string' ? v : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : null;
    if (id !== null && isAccountId(id)) participants.add(id);
  };
  for (const [kind, body] of Object.entries(event)) {
    const b = asObject(body);
    if (b === null) continue;
    add(b.senderId);
    add(b.initiatingUserId);
    for (const id of asArray(b.userIds)) add(id);
    for (const id of asArray(b.participantsSnapshot)) add(id);
    if (kind === 'conversationNameUpdate') {
      const at = Date.parse(str(b, 'createdAt') ?? '');
      const name = str(b, 'name');
      if (name !== null && (title.name === null || (Number.isFinite(at) && at >= title.at))) {
        title.name = name;
        title.at = Number.isFinite(at) ? at : title.at;
      }
    }
  }
}

export interface MessageReading {
  draft: ItemDraft;
  media: MediaRef[];
}

function parseMessageDate(
  value: unknown,
  flags: string[],
  what: string,
): { ok: true; date: ExportDate | null } | { ok: false; problem: string } {
  if (value === undefined || value === null || value === '') {
    flags.push('date-missing');
    return { ok: true, date: null };
  }
  const date = typeof value === 'string' ? parseIsoDate(value) : null;
  if (date === null)
    return { ok: false, problem: `${what}: createdAt ${JSON.stringify(value).slice(0, 60)} is not a date` };
  if (!date.hasZone) flags.push('date-no-timezone');
  return { ok: true, date };
}

function recipients(
  info: ConversationInfo,
  senderId: string | null,
  recipientId: string | null,
  ids: XIdentities,
): ExportIdentity[] {
  if (recipientId !== null) return [ids.identity(recipientId)];
  return info.participantIds.filter((p) => p !== senderId).map((p) => ids.identity(p));
}

/** A `messageCreate` event of a legacy DM conversation. */
export function readMessageCreate(
  body: JsonObject,
  info: ConversationInfo,
  ids: XIdentities,
): { ok: true; message: MessageReading } | { ok: false; problem: string } {
  const id = idField(body, 'id');
  if (id === null) return { ok: false, problem: 'the message has no id' };
  const raw = body.text ?? '';
  if (typeof raw !== 'string') return { ok: false, problem: `message ${id}: text is not a string` };
  const flags = [...info.flags];
  const d = parseMessageDate(body.createdAt, flags, `message ${id}`);
  if (!d.ok) return d;
  const senderId = idField(body, 'senderId');
  const recipientId = idField(body, 'recipientId');
  if (senderId === null) flags.push('sender-missing');

  const shortLinks: ShortLink[] = [];
  const links: string[] = [];
  for (const u of asArray(body.urls)) {
    const short = str(asObject(u), 'url');
    const long = str(asObject(u), 'expanded');
    if (long !== null) pushUnique(links, long);
    else if (short !== null) {
      pushUnique(links, short);
      pushUnique(flags, 'tco-unexpanded');
    }
    if (short !== null && long !== null) shortLinks.push({ short, long });
  }
  const media: MediaRef[] = [];
  for (const m of asArray(body.mediaUrls)) {
    if (typeof m === 'string' && m !== '') media.push({ url: m, name: urlFileName(m) });
  }
  for (const r of asArray(body.reactions)) {
    const ro = asObject(asObject(r)?.reactionCreate) ?? asObject(r);
    const key = str(ro, 'reactionKey');
    const by = idField(ro, 'senderId', 'reactionSenderId', 'reactionSenderID');
    if (key !== null) flags.push(by === null ? `reaction:${key}` : `reaction:${key}:${by}`);
  }
  if (asArray(body.editHistory).length > 0) flags.push('edited');

  return {
    ok: true,
    message: {
      draft: {
        nativeId: id,
        kind: 'message',
        platform: 'x',
        visibility: 'private',
        sentAt: d.date?.utc ?? null,
        tzOffset: null,
        dateSource: d.date === null ? 'unknown' : 'export',
        from: senderId === null ? null : ids.identity(senderId),
        to: recipients(info, senderId, recipientId, ids),
        text: expandShortLinks(unescapeXText(raw), shortLinks),
        links,
        mentions: [],
        attachments: [],
        conversation: conversationOf(info, ids),
        replyToNativeId: null,
        flags,
      },
      media,
    },
  };
}

/** The body of a message-event.js element (`{messageEvent: {…}}`), or null. */
export function messageEventBody(element: unknown): JsonObject | null {
  return asObject(asObject(element)?.messageEvent);
}

/** The one key of an event's `detail` ('messageCreateEvent', …), or null. */
export function messageEventKind(body: JsonObject): string | null {
  const detail = asObject(body.detail);
  const keys = detail === null ? [] : Object.keys(detail);
  return keys.length === 0 ? null : keys[0]!;
}

/**
 * A `messageCreateEvent` of message-event.js. Its text is end-to-end encrypted in the export
 * (`contents`, readable only with keys the archive does not hold): the item keeps who, when and
 * in which conversation, with empty text and the flag 'encrypted'; the raw bytes keep the
 * ciphertext. Should a generation carry plain `text`, it is used.
 */
export function readMessageEvent(
  body: JsonObject,
  info: ConversationInfo,
  ids: XIdentities,
): { ok: true; message: MessageReading } | { ok: false; problem: string } {
  const id = idField(body, 'messageId', 'sequenceId');
  if (id === null) return { ok: false, problem: 'the message event has no messageId' };
  const flags = [...info.flags];
  const create = asObject(asObject(body.detail)?.messageCreateEvent);
  let text = '';
  const plain = create?.text;
  if (typeof plain === 'string') text = unescapeXText(plain);
  else if (create?.contents !== undefined) flags.push('encrypted');
  const ms = body.createdAtMsec;
  let date: ExportDate | null = null;
  if (ms === undefined || ms === null || ms === '') flags.push('date-missing');
  else if ((date = parseEpochMs(ms)) === null) {
    return {
      ok: false,
      problem: `message event ${id}: createdAtMsec ${JSON.stringify(ms).slice(0, 40)} is not a date`,
    };
  }
  const senderId = idField(body, 'senderId');
  if (senderId === null) flags.push('sender-missing');
  return {
    ok: true,
    message: {
      draft: {
        nativeId: id,
        kind: 'message',
        platform: 'x',
        visibility: 'private',
        sentAt: date?.utc ?? null,
        tzOffset: null,
        dateSource: date === null ? 'unknown' : 'export',
        from: senderId === null ? null : ids.identity(senderId),
        to: recipients(info, senderId, null, ids),
        text,
        links: [],
        mentions: [],
        attachments: [],
        conversation: conversationOf(info, ids),
        replyToNativeId: null,
        flags,
      },
      media: [],
    },
  };
}
