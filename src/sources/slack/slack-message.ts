import type {
  ExportAttachment,
  ExportConversation,
  ExportIdentity,
  ExportRecord,
} from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import type { ExportTree } from '../export/export-tree.js';
import { asObject, str, wrongElement, type ArrayElement } from './json-array-member.js';
import type { SlackConversation, SlackDirectory } from './slack-directory.js';
import type { SlackFiles } from './slack-files.js';
import { renderSlackText, type MarkupLookup } from './slack-markup.js';

/**
 * Subtypes that record something happening to a conversation rather than someone saying
 * something (https://api.slack.com/events/message#subtypes). They stay items, flagged
 * 'system-event', so that every message of a daily file is one record and nothing is lost;
 * analysis that counts who wrote to whom leaves them out by that flag.
 */
export const SYSTEM_SUBTYPES: ReadonlySet<string> = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'channel_convert_to_private',
  'channel_convert_to_public',
  'channel_posting_permissions',
  'group_join',
  'group_leave',
  'group_topic',
  'group_purpose',
  'group_name',
  'group_archive',
  'group_unarchive',
  'pinned_item',
  'unpinned_item',
  'bot_add',
  'bot_remove',
  'bot_enable',
  'bot_disable',
  'reminder_add',
  'reminder_delete',
  'sh_room_created',
]);

/** Subtypes whose `file` is the file talked about, not a file the message carries. */
const FILE_REFERENCES = new Set(['file_comment', 'file_mention']);

/** What every message of one conversation shares. */
export interface ConversationContext {
  tree: ExportTree;
  dir: SlackDirectory;
  conversation: SlackConversation;
  /** The folder the daily files are in. */
  folder: string;
  /** The conversation as each item carries it (participants resolved once). */
  exported: ExportConversation;
  /** Flags every item of the conversation gets ('slack-private-channel', 'slack-channel-unlisted'). */
  flags: readonly string[];
  lookup: MarkupLookup;
  files: SlackFiles;
}

/**
 * Slack's `ts` ('1355517523.000005': UTC seconds, then a per-channel sequence) as ISO 8601 UTC,
 * cut (not rounded) to milliseconds from the string itself, never through a float. Null when it
 * is not such a number.
 */
export function slackTsToIso(ts: string): string | null {
  const m = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(ts);
  if (m === null) return null;
  const ms = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0').slice(0, 3));
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A user as an identity; `profile` is the message's own user_profile (the name shown then). */
export function slackIdentity(
  dir: SlackDirectory,
  id: string,
  profile: Record<string, unknown> | null,
  unknown: string[],
): ExportIdentity {
  const user = dir.users.get(id);
  if (user === undefined && !unknown.includes(id)) unknown.push(id);
  const base: ExportIdentity = user?.identity ?? { platform: 'slack', address: id, handle: null, name: null };
  if (profile === null) return base;
  const shown = str(profile.display_name)?.trim() || str(profile.real_name)?.trim() || null;
  return { ...base, handle: base.handle ?? str(profile.name), name: shown ?? base.name };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * One element of a daily file as an ExportRecord, or an UnreadableInput when it is not a
 * message object or has no usable `ts` (the message's id and time: without it the message can
 * be neither keyed nor dated; its bytes go to quarantine with that reason).
 */
export async function slackMessageRecord(
  ctx: ConversationContext,
  member: string,
  el: ArrayElement,
): Promise<ExportRecord | UnreadableInput> {
  const m = asObject(el.value);
  if (m === null) {
    return wrongElement(ctx.tree, member, el, `the element is ${kindOf(el.value)}, not a message object`);
  }
  const ts = typeof m.ts === 'string' ? m.ts : null;
  const sentAt = ts === null ? null : slackTsToIso(ts);
  if (ts === null || sentAt === null) {
    return wrongElement(
      ctx.tree,
      member,
      el,
      `the message has no valid "ts" (Slack's message id and time, like "1355517523.000005"), so it can be neither keyed nor dated`,
    );
  }
  const conv = ctx.conversation;
  const flags = [...el.flags, ...ctx.flags];
  const unknown: string[] = [];
  if (typeof m.type === 'string' && m.type !== 'message') flags.push(`slack-type:${m.type}`);
  const subtype = str(m.subtype);
  if (subtype !== null) {
    flags.push(`slack-subtype:${subtype}`);
    if (SYSTEM_SUBTYPES.has(subtype)) flags.push('system-event');
    if (subtype === 'tombstone') flags.push('deleted');
  }
  if (m.edited !== undefined && m.edited !== null) flags.push('edited');

  // The sender: a user; for old file comments the commenter; else a bot or integration.
  const userId = str(m.user) ?? str(asObject(m.comment)?.user);
  let from: ExportIdentity | null = null;
  if (userId !== null) {
    from = slackIdentity(ctx.dir, userId, asObject(m.user_profile), unknown);
  } else {
    const botName = str(m.username) ?? str(asObject(m.bot_profile)?.name);
    const botId = str(m.bot_id) ?? botName;
    if (botId !== null) from = { platform: 'slack', address: botId, handle: null, name: botName };
    else flags.push('no-sender');
  }

  // DMs and multi-person DMs go to their other members; a channel message to no one in particular.
  const to =
    conv.kind === 'dm' || conv.kind === 'mpim'
      ? conv.members
          .filter((id) => id !== from?.address)
          .map((id) => slackIdentity(ctx.dir, id, null, unknown))
      : [];

  const raw = typeof m.text === 'string' ? m.text : '';
  const rendered = renderSlackText(raw, ctx.lookup);
  let text = rendered.text;
  const links = [...rendered.links];
  // Slack writes the actor of a subtyped message at its start ('<@U1|ann> has joined the
  // channel', '… uploaded a file'): that names the sender, it does not mention anyone.
  const actorFirst = subtype !== null && userId !== null && raw.startsWith(`<@${userId}`);
  const mentions = actorFirst ? rendered.mentions.slice(1) : [...rendered.mentions];
  for (const id of rendered.unknownUsers) if (!unknown.includes(id)) unknown.push(id);
  const addOnce = (list: string[], values: readonly string[]): void => {
    for (const v of values) if (!list.includes(v)) list.push(v);
  };

  // Link previews and app attachments: their URLs are links of the message; when the message has
  // no text of its own (bots, shared messages), their fallback text is what a reader sees.
  const extras = Array.isArray(m.attachments) ? m.attachments.map(asObject).filter((a) => a !== null) : [];
  for (const a of extras) {
    addOnce(
      links,
      [str(a.from_url), str(a.original_url)].filter(
        (u): u is string => u !== null && /^https?:\/\//i.test(u),
      ),
    );
  }
  if (text.trim() === '') {
    const fallbacks = extras
      .map((a) => str(a.fallback) ?? str(a.text))
      .filter((t): t is string => t !== null);
    if (fallbacks.length > 0) {
      const r = renderSlackText(fallbacks.join('\n'), ctx.lookup);
      text = r.text;
      addOnce(links, r.links);
      addOnce(mentions, r.mentions);
      addOnce(unknown, r.unknownUsers);
      flags.push('text-from-attachments');
    }
  }

  const files: unknown[] = Array.isArray(m.files)
    ? m.files
    : m.file !== undefined && !(subtype !== null && FILE_REFERENCES.has(subtype))
      ? [m.file]
      : [];
  const attachments: ExportAttachment[] = [];
  for (const f of files) {
    const got = await ctx.files.attachment(f, ctx.folder);
    attachments.push(got.attachment);
    addOnce(flags, got.flags);
  }

  // A reply names its thread's parent by the parent's ts; the parent itself has thread_ts === ts.
  const threadTs = typeof m.thread_ts === 'string' ? m.thread_ts : null;
  const replyToNativeId = threadTs !== null && threadTs !== ts ? `${conv.id}:${threadTs}` : null;

  for (const id of unknown) flags.push(`unknown-user:${id}`);
  return {
    type: 'export',
    draft: {
      nativeId: `${conv.id}:${ts}`,
      kind: 'message',
      platform: 'slack',
      visibility: 'private',
      sentAt,
      tzOffset: null,
      dateSource: 'export',
      from,
      to,
      text,
      links,
      mentions,
      attachments,
      conversation: ctx.exported,
      replyToNativeId,
      flags,
    },
    bytes: el.bytes,
    location: { path: ctx.tree.path, member, offset: el.offset, length: el.length },
  };
}
