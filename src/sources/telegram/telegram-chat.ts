import type { ExportConversation, ExportIdentity } from '../../model/export-record.js';
import type { ItemKind, Visibility } from '../../model/item.js';

/** How a Telegram chat type maps onto items and conversations. */
export interface ChatShape {
  conversationType: ExportConversation['type'];
  kind: ItemKind;
  visibility: Visibility;
  /** Saved Messages: notes to oneself, nobody receives them. */
  self: boolean;
  /** Personal and bot chats: the chat id is the other user's id. */
  peerIsChat: boolean;
  flags: string[];
}

/**
 * Chat types as Telegram Desktop writes them (export_output_json.cpp, TypeString):
 * - personal_chat, bot_chat: a 'dm' of private messages between the owner and the other user.
 * - saved_messages: a 'dm' with oneself (private; `to` stays empty).
 * - private_group, private_supergroup, replies: a 'group' of private messages.
 * - public_supergroup: a 'group' whose messages are public: it has a public @username and
 *   anyone can open it and read its whole history without being invited.
 * - public_channel: a 'channel' of public posts (t.me/<name>, readable by anyone).
 * - private_channel: a 'channel' of posts that only invited subscribers can read: private. A
 *   post there is still a broadcast, so kind 'post', but what is said in it is not public.
 * - anything else (''/null for Unknown, or a type newer than this reader): a private 'group',
 *   flagged 'chat-type-unknown:<type>'.
 */
export function chatShape(type: unknown): ChatShape {
  const base = { self: false, peerIsChat: false, flags: [] as string[] };
  switch (type) {
    case 'personal_chat':
    case 'bot_chat':
      return { ...base, conversationType: 'dm', kind: 'message', visibility: 'private', peerIsChat: true };
    case 'saved_messages':
      return { ...base, conversationType: 'dm', kind: 'message', visibility: 'private', self: true };
    case 'private_group':
    case 'private_supergroup':
    case 'replies':
      return { ...base, conversationType: 'group', kind: 'message', visibility: 'private' };
    case 'public_supergroup':
      return { ...base, conversationType: 'group', kind: 'message', visibility: 'public' };
    case 'public_channel':
      return { ...base, conversationType: 'channel', kind: 'post', visibility: 'public' };
    case 'private_channel':
      return { ...base, conversationType: 'channel', kind: 'post', visibility: 'private' };
    default:
      return {
        ...base,
        conversationType: 'group',
        kind: 'message',
        visibility: 'private',
        flags: [`chat-type-unknown:${typeof type === 'string' ? type : String(type)}`],
      };
  }
}

export function telegramIdentity(
  address: string,
  name: string | null,
  handle: string | null = null,
): ExportIdentity {
  return { platform: 'telegram', address, handle, name };
}

/**
 * The identity address of a `from_id`/`actor_id`: 'user123', 'channel456' or 'chat789' as
 * written since 2021. Older exports (and generated samples) write a bare number, which was a
 * user id: it becomes 'user<n>' with the flag 'from-id-numeric'. Null for anything else.
 */
export function peerAddress(v: unknown): { address: string; flags: string[] } | null {
  if (typeof v === 'string' && /^(user|channel|chat)\d{1,20}$/.test(v)) return { address: v, flags: [] };
  if (
    (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) ||
    (typeof v === 'string' && /^\d{1,20}$/.test(v))
  ) {
    return { address: `user${String(v)}`, flags: ['from-id-numeric'] };
  }
  return null;
}

/** The bare number of a peer id ('channel123' → '123'), the form chats carry as their own id. */
export function bareId(peer: string): string {
  return peer.replace(/^(user|channel|chat)/, '');
}

/** The owner of the export as `personal_information` describes them. */
export function ownerIdentity(info: unknown): ExportIdentity | null {
  if (typeof info !== 'object' || info === null) return null;
  const r = info as Record<string, unknown>;
  const id = r.user_id;
  if (!((typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && /^\d+$/.test(id))))
    return null;
  const name = [r.first_name, r.last_name]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .join(' ');
  const handle = typeof r.username === 'string' && r.username !== '' ? r.username.replace(/^@/, '') : null;
  return telegramIdentity(`user${String(id)}`, name === '' ? null : name, handle);
}
