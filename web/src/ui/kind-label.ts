/** The small label that says what an item is and where it came from. */
import type { ItemKind } from '../api/api-types.js';
import type { Messages } from '../i18n/en.js';

/** Proper names of platforms; an unknown platform is shown as the export called it. */
const PLATFORM_NAMES: Record<string, string> = {
  x: 'X',
  twitter: 'X',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  slack: 'Slack',
  signal: 'Signal',
  messenger: 'Messenger',
  discord: 'Discord',
  facebook: 'Facebook',
  instagram: 'Instagram',
  outlook: 'Outlook',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/**
 * Platforms whose messages are chats: their name alone says what a message is ("Telegram").
 * X's private messages are "DMs"; a post or an unknown platform says both ("X · post").
 */
const CHAT_PLATFORMS = new Set(['telegram', 'whatsapp', 'slack', 'signal', 'messenger', 'discord']);

/** Kinds that only Outlook has: the kind alone says what the item is ("Event", not "Outlook · Event"). */
const OUTLOOK_KINDS = new Set<ItemKind>(['event', 'contact', 'task']);

/** "Email", "X · DM", "X · post", "Telegram", "Slack", "WhatsApp", "Signal · post", "Event". */
export function kindLabel(kind: ItemKind, platform: string, t: Messages): string {
  if (kind === 'email' && platform === 'email') return t.kinds.email ?? kind;
  if (OUTLOOK_KINDS.has(kind)) return t.kinds[kind] ?? kind;
  const name = platformName(platform);
  if (kind === 'message') {
    if (platform === 'x' || platform === 'twitter') return `${name} · ${t.kinds.dm ?? kind}`;
    if (CHAT_PLATFORMS.has(platform)) return name;
  }
  return `${name} · ${t.kinds[kind] ?? kind}`;
}
