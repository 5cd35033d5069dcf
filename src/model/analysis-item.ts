import type { ItemKind } from './item.js';

/**
 * The light view of an item that the pattern analyses (conversations, pairs, unanswered
 * requests, network, timeline, echoes) work on: what they need, without the raw source or HTML.
 * The store hands these out in date order; analyses are pure functions over them.
 */
export interface AnalysisItem {
  id: string;
  kind: ItemKind;
  /** 'email' | 'x' | 'telegram' | 'whatsapp' | 'slack' | … */
  platform: string;
  visibility: 'private' | 'public';
  /** ms since 1970 (UTC), or null when the item has no date. */
  sentAt: number | null;
  /**
   * The sender as a person key: the person the identity belongs to (people are identities joined
   * by exact match or by hand), or `platform:address` for an identity in no person yet.
   */
  from: string | null;
  /** Recipients (to, cc, bcc; for chats the other participants) as person keys, without the sender. */
  to: string[];
  /** Subject and text, as one string (subject first, when there is one). */
  text: string;
  /** ISO 639-1 language code, or null. */
  lang: string | null;
  /** Normalised links. */
  links: string[];
  /** Mentioned handles (lower-case, without '@'). */
  mentions: string[];
  /** sha256 of each attachment. */
  attachments: string[];
  /** Email thread or DM/chat conversation id, or null. */
  conversationId: string | null;
  /** Id of the item this one answers, when the source says. */
  replyTo: string | null;
  /**
   * For a private item, what in its text asks for something ('' when nothing), as judged when
   * it was stored (extract/requests.ts askOf), so that pairs need no text; null for a public
   * item; absent when not judged (then analyses judge `text` themselves).
   */
  ask?: string | null;
}

/** What a person key stands for, for display and for matching mentions and names in texts. */
export interface AnalysisPerson {
  key: string;
  /** Best display name. */
  name: string | null;
  /** Every handle (lower-case, without '@'), address and display name seen for the person. */
  handles: string[];
  addresses: string[];
  names: string[];
}
