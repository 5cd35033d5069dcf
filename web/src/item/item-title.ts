/**
 * The title of an item: its subject; for a chat message or a post, which have none, the start
 * of its text on one line (a DM is known by what it says, not by "(no subject)").
 */
import type { ItemKind } from '../api/api-types.js';

/** Characters of text used as a title; the rest is on the page below it. */
export const TITLE_CHARS = 100;

export interface ItemTitle {
  text: string;
  /** True when the text is the start of the message, not a subject. */
  fromText: boolean;
}

/** Null when there is nothing to show: an email without a subject, a message without text. */
export function itemTitle(item: { kind: ItemKind; subject: string | null; text: string }): ItemTitle | null {
  const subject = item.subject?.trim() ?? '';
  if (subject !== '') return { text: subject, fromText: false };
  if (item.kind === 'email') return null;
  // Only the start is looked at: a hostile 50 MB text need not be scanned to find its first words.
  const start = item.text
    .slice(0, TITLE_CHARS * 4)
    .replace(/\s+/g, ' ')
    .trim();
  if (start === '') return null;
  const chars = Array.from(start);
  if (chars.length <= TITLE_CHARS && item.text.length <= TITLE_CHARS * 4)
    return { text: start, fromText: true };
  const cut = chars.slice(0, TITLE_CHARS).join('');
  const space = cut.lastIndexOf(' ');
  return { text: `${(space > TITLE_CHARS * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`, fromText: true };
}
