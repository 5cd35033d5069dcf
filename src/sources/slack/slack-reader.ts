import type { ExportConversation, ExportRecord } from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import type { ExportTree } from '../export/export-tree.js';
import { readJsonArrayMember } from './json-array-member.js';
import {
  dailyFolders,
  loadSlackDirectory,
  slackRoot,
  type SlackConversation,
  type SlackConversationKind,
  type SlackDirectory,
} from './slack-directory.js';
import { SlackFiles } from './slack-files.js';
import type { MarkupLookup } from './slack-markup.js';
import { slackIdentity, slackMessageRecord, type ConversationContext } from './slack-message.js';

const CONVERSATION_TYPES: Record<SlackConversationKind, ExportConversation['type']> = {
  'public-channel': 'channel',
  'private-channel': 'channel',
  unlisted: 'channel',
  dm: 'dm',
  mpim: 'group',
};

const CONVERSATION_FLAGS: Record<SlackConversationKind, readonly string[]> = {
  'public-channel': [],
  'private-channel': ['slack-private-channel'],
  // A folder of daily files that no list names: read all the same, keyed by its folder name.
  unlisted: ['slack-channel-unlisted'],
  dm: [],
  mpim: [],
};

/**
 * Reads a Slack standard export (folder or zip, at the tree's top or in one top folder): every
 * message of every daily file becomes one ExportRecord, or one UnreadableInput when it cannot be
 * read, so the records of a file add up to its array's length (a file whose array is cut off or
 * broken adds one UnreadableInput for the rest). Unreadable entries of users.json and the
 * conversation lists come first.
 *
 * Items: kind 'message', platform 'slack', visibility 'private' (a workspace, "public" channels
 * included, is visible to its members only), nativeId '<channelId>:<ts>', sentAt from `ts`.
 * Conversations: public and private channels are 'channel', DMs 'dm', multi-person DMs 'group'.
 * System messages (joins, leaves, topic changes, …) are items flagged 'system-event'.
 *
 * Nothing is fetched: files are attachments with a member only when the export holds the file.
 * Yields nothing when the tree is not a Slack export (see isSlackExport).
 */
export async function* readSlackExport(tree: ExportTree): AsyncGenerator<ExportRecord | UnreadableInput> {
  const root = slackRoot(tree);
  if (root === null) return;
  const problems: UnreadableInput[] = [];
  const dir = await loadSlackDirectory(tree, root, problems);
  yield* problems;

  const folders = dailyFolders(tree.list(), root);
  const byId = new Map(dir.conversations.map((c) => [c.id, c]));
  const lookup: MarkupLookup = {
    userHandle: (id) => dir.users.get(id)?.identity.handle ?? null,
    channelName: (id) => byId.get(id)?.name ?? null,
  };
  const files = new SlackFiles(tree, root);

  const claimed = new Set<string>();
  const work: { conversation: SlackConversation; folder: string }[] = [];
  for (const c of dir.conversations) {
    // Channels, private channels and multi-person DMs are foldered by name, DMs by id.
    const folder = [c.name, c.id].find((f) => f !== null && folders.has(f) && !claimed.has(f));
    if (folder === undefined || folder === null) continue;
    claimed.add(folder);
    work.push({ conversation: c, folder });
  }
  for (const folder of folders.keys()) {
    if (claimed.has(folder)) continue;
    work.push({ conversation: { id: folder, kind: 'unlisted', name: folder, members: [] }, folder });
  }

  for (const { conversation, folder } of work) {
    const ctx: ConversationContext = {
      tree,
      dir,
      conversation,
      folder,
      exported: exportConversation(dir, conversation),
      flags: CONVERSATION_FLAGS[conversation.kind],
      lookup,
      files,
    };
    for (const member of folders.get(folder) ?? []) {
      for await (const el of readJsonArrayMember(tree, member, 'the daily message file')) {
        yield el.type === 'unreadable' ? el : await slackMessageRecord(ctx, member, el);
      }
    }
  }
}

function exportConversation(dir: SlackDirectory, c: SlackConversation): ExportConversation {
  const ignored: string[] = [];
  return {
    nativeId: c.id,
    type: CONVERSATION_TYPES[c.kind],
    // A DM has no name of its own; a multi-person DM's is Slack's 'mpdm-a--b--c-1'.
    title: c.kind === 'dm' ? null : c.name,
    participants: c.members.map((id) => slackIdentity(dir, id, null, ignored)),
  };
}
