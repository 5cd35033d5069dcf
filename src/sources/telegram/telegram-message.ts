import type { ExportConversation, ExportIdentity, ItemDraft } from '../../model/export-record.js';
import { baseName, contentTypeFor, resolveMember, UNKNOWN_CONTENT_TYPE } from '../export/export-media.js';
import { bareId, peerAddress, telegramIdentity, type ChatShape } from './telegram-chat.js';
import { telegramDate } from './telegram-date.js';
import { telegramText } from './telegram-text.js';

/** What every message of one chat shares. */
export interface ChatContext {
  /** The chat's id as the export gives it (bare number), the prefix of every message's nativeId. */
  chatId: string;
  shape: ChatShape;
  conversation: ExportConversation;
  /** Everyone seen in the chat, by address, with the last name the export gave them. */
  participants: ReadonlyMap<string, ExportIdentity>;
  /** Each sender's recipients, computed once (a group repeats them on every message). */
  recipients: Map<string, ExportIdentity[]>;
  maxRecipients: number;
  /** Folder of result.json in the tree: media paths in it are relative to that folder. */
  baseDir: string;
}

/** A file a message references, before it is looked up in the tree. */
export interface MediaRef {
  /** Member path in the tree; null when the file was not exported or the path was rejected. */
  member: string | null;
  name: string | null;
  contentType: string;
  flags: string[];
}

export type MessageResult = { ok: true; draft: ItemDraft; media: MediaRef[] } | { ok: false; reason: string };

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/**
 * The draft of one parsed message element. Only a message without an integer `id` (or one that
 * is not an object) is refused: the id is its identity. Every other odd or missing field
 * degrades the draft and is named in its flags.
 */
export function telegramDraft(m: unknown, ctx: ChatContext): MessageResult {
  if (!isRecord(m)) return { ok: false, reason: `the element is ${jsonKind(m)}, not a message object` };
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) {
    return { ok: false, reason: `the message has no integer "id" (found ${jsonKind(m.id)})` };
  }
  const flags = [...ctx.shape.flags];
  const type = m.type;
  const service = type === 'service';
  if (service) flags.push('service', `service:${str(m.action) ?? 'unknown'}`);
  else if (type === 'unsupported') flags.push('unsupported');
  else if (type === undefined) flags.push('message-type-missing');
  else if (type !== 'message') flags.push(`message-type:${String(type)}`);

  const date = telegramDate(m.date, m.date_unixtime);
  flags.push(...date.flags);

  const from = sender(
    service ? m.actor : m.from,
    service ? m.actor_id : m.from_id,
    ctx,
    flags,
    type === 'unsupported',
  );

  const body = telegramText(m.text, m.text_entities);
  if (body.malformed) flags.push('text-malformed');
  const extras = service ? [serviceText(m)] : [];
  extras.push(...mediaText(m, flags));
  flags.push(...mediaFlags(m));
  const text = [...extras, body.text].filter((s) => s !== '').join('\n');

  if ('forwarded_from' in m) flags.push(`forwarded-from:${str(m.forwarded_from) ?? 'unknown'}`);
  if (str(m.saved_from)) flags.push(`saved-from:${m.saved_from as string}`);
  if (str(m.author)) flags.push(`signed:${m.author as string}`);
  if (str(m.via_bot)) flags.push(`via-bot:${(m.via_bot as string).replace(/^@/, '')}`);
  if (m.edited !== undefined || m.edited_unixtime !== undefined) {
    flags.push('edited');
    const edited = telegramDate(m.edited, m.edited_unixtime);
    if (edited.sentAt !== null) flags.push(`edited-at:${edited.sentAt}`);
  }
  if (service && typeof m.message_id === 'number' && m.action === 'pin_message') {
    flags.push(`pinned:${ctx.chatId}:${m.message_id}`);
  }

  let replyToNativeId: string | null = null;
  if (!service && typeof m.reply_to_message_id === 'number') {
    const peer = peerAddress(m.reply_to_peer_id);
    const chat = peer === null ? ctx.chatId : bareId(peer.address);
    if (chat !== ctx.chatId) flags.push('reply-to-other-chat');
    replyToNativeId = `${chat}:${m.reply_to_message_id}`;
  }

  const draft: ItemDraft = {
    nativeId: `${ctx.chatId}:${m.id}`,
    kind: ctx.shape.kind,
    platform: 'telegram',
    visibility: ctx.shape.visibility,
    sentAt: date.sentAt,
    tzOffset: date.tzOffset,
    dateSource: date.dateSource,
    from,
    to: recipients(from, ctx, flags),
    text,
    links: body.links,
    mentions: body.mentions,
    attachments: [],
    conversation: ctx.conversation,
    replyToNativeId,
    flags,
  };
  return { ok: true, draft, media: mediaRefs(m, ctx.baseDir) };
}

/**
 * The sender from a name field and an id field. Without a usable id the name (as written) is
 * the address, flagged 'from-id-missing'; without either the sender is unknown.
 */
function sender(
  name: unknown,
  id: unknown,
  ctx: ChatContext,
  flags: string[],
  quiet: boolean,
): ExportIdentity | null {
  const peer = peerAddress(id);
  const given = typeof name === 'string' ? name : null;
  if (peer !== null) {
    flags.push(...peer.flags);
    const known = ctx.participants.get(peer.address);
    return telegramIdentity(peer.address, given ?? known?.name ?? null, known?.handle ?? null);
  }
  if (given !== null && given !== '') {
    flags.push('from-id-missing');
    return telegramIdentity(given, given);
  }
  if (!quiet) flags.push('sender-unknown');
  return null;
}

/**
 * Everyone else in the conversation: the other person of a DM, the other members seen in a
 * group. Channel posts and Saved Messages have no recipients the export could name.
 */
function recipients(from: ExportIdentity | null, ctx: ChatContext, flags: string[]): ExportIdentity[] {
  if (ctx.shape.conversationType === 'channel' || ctx.shape.self) return [];
  const key = from?.address ?? '';
  let others = ctx.recipients.get(key);
  if (others === undefined) {
    others = [...ctx.participants.values()].filter((p) => p.address !== from?.address);
    ctx.recipients.set(key, others);
  }
  if (others.length > ctx.maxRecipients) {
    flags.push('limit:to');
    return [];
  }
  if (others.length === 0 && ctx.shape.conversationType === 'dm') flags.push('recipient-unknown');
  return others.slice();
}

/** "[phone call: 56 s, hangup]", "[invite members: Alice, Bob]": what a service message says. */
function serviceText(m: Json): string {
  const action = str(m.action) ?? 'service';
  const parts: string[] = [];
  if (str(m.title)) parts.push(`"${m.title as string}"`);
  if (str(m.new_title)) parts.push(`"${m.new_title as string}"`);
  if (Array.isArray(m.members))
    parts.push(m.members.map((x) => (typeof x === 'string' ? x : 'unknown')).join(', '));
  if (str(m.inviter)) parts.push(`invited by ${m.inviter as string}`);
  const seconds = typeof m.duration_seconds === 'number' ? m.duration_seconds : m.duration;
  if (typeof seconds === 'number') parts.push(`${seconds} s`);
  if (str(m.discard_reason)) parts.push(m.discard_reason as string);
  if (str(m.information_text)) parts.push(m.information_text as string);
  return `[${action.replace(/_/g, ' ')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}]`;
}

/** Searchable text of polls, shared contacts and places, which carry no `text` of their own. */
function mediaText(m: Json, flags: string[]): string[] {
  const out: string[] = [];
  if (isRecord(m.poll)) {
    flags.push('poll');
    const answers = Array.isArray(m.poll.answers) ? m.poll.answers : [];
    const lines = answers.map((a) => (isRecord(a) && typeof a.text === 'string' ? `- ${a.text}` : '- ?'));
    out.push([str(m.poll.question) ?? '', ...lines].filter((s) => s !== '').join('\n'));
  }
  if (isRecord(m.contact_information)) {
    flags.push('contact');
    const c = m.contact_information;
    out.push(
      [c.first_name, c.last_name, c.phone_number].filter((s) => typeof s === 'string' && s !== '').join(' '),
    );
  }
  if (isRecord(m.location_information)) {
    flags.push('location');
    const l = m.location_information;
    if (typeof l.latitude === 'number' && typeof l.longitude === 'number')
      out.push(`${l.latitude}, ${l.longitude}`);
  }
  for (const key of ['place_name', 'address', 'game_title'] as const) {
    const v = str(m[key]);
    if (v !== null) out.push(v);
  }
  return out.filter((s) => s !== '');
}

/**
 * Telegram Desktop writes a path relative to the export folder, or, for a file it skipped, a
 * note such as "(File not included. Change data exporting settings to download.)".
 */
const NOT_EXPORTED = /^(?:.* )?\((?:File|Photo) (?:not included|exceeds maximum size|unavailable)/;

/** The files a message references: its photo, its document (voice, video, sticker, …), a vCard. */
function mediaRefs(m: Json, baseDir: string): MediaRef[] {
  const refs: MediaRef[] = [];
  const add = (value: unknown, name: string | null, type: string | null, fallbackType: string): void => {
    if (typeof value !== 'string' || value === '') return;
    if (NOT_EXPORTED.test(value)) {
      refs.push({
        member: null,
        name,
        contentType: type ?? fallbackType,
        flags: ['attachment-not-exported'],
      });
      return;
    }
    const member = resolveMember(baseDir, value);
    const fileName = name ?? baseName(value);
    const guessed = contentTypeFor(fileName);
    refs.push({
      member,
      name: fileName,
      contentType: type ?? (guessed === UNKNOWN_CONTENT_TYPE ? fallbackType : guessed),
      flags: member === null ? [`attachment-path-rejected:${value}`] : [],
    });
  };
  add(m.photo, null, null, 'image/jpeg');
  const mime =
    typeof m.mime_type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(m.mime_type) ? m.mime_type : null;
  add(m.file, str(m.file_name), mime, UNKNOWN_CONTENT_TYPE);
  add(m.contact_vcard, null, 'text/vcard', 'text/vcard');
  return refs;
}

/** Flags naming the media kind of a message ('media:voice_message', 'sticker:😀'). */
function mediaFlags(m: Json): string[] {
  const flags: string[] = [];
  if (str(m.media_type)) flags.push(`media:${m.media_type as string}`);
  if (str(m.sticker_emoji)) flags.push(`sticker:${m.sticker_emoji as string}`);
  return flags;
}
