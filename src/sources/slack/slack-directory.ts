import type { ExportIdentity } from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import type { ExportTree } from '../export/export-tree.js';
import { asObject, readJsonArrayMember, str, wrongElement } from './json-array-member.js';

/**
 * The people and conversations of a Slack standard export (https://slack.com/help/articles/220556107):
 * users.json, channels.json (public channels), groups.json (private channels), dms.json (direct
 * messages) and mpims.json (multi-person direct messages), each a JSON array, beside one folder
 * per conversation of daily files 'YYYY-MM-DD.json'.
 */

export interface SlackUser {
  /** 'U024BE7LH' (or 'W…' on Enterprise Grid). */
  id: string;
  /** platform 'slack', address the user id, handle Slack's `name`, name the display or real name. */
  identity: ExportIdentity;
  /** profile.email, when the export has it (a key for joining this person to their email identity). */
  email: string | null;
  deleted: boolean;
  bot: boolean;
}

/** Which list named a conversation: how it is read and shown. */
export type SlackConversationKind = 'public-channel' | 'private-channel' | 'dm' | 'mpim' | 'unlisted';

export interface SlackConversation {
  /** Channel id ('C…', 'G…', 'D…'), or the folder name for a folder no list names. */
  id: string;
  kind: SlackConversationKind;
  name: string | null;
  /** Member user ids as the list gives them (at export time, not at each message's time). */
  members: string[];
}

export interface SlackDirectory {
  /** '' or the top folder holding the export ('slack-export/'), with its '/'. */
  root: string;
  users: Map<string, SlackUser>;
  conversations: SlackConversation[];
}

/** The conversation lists, in the order they are read. */
export const CONVERSATION_LISTS: readonly (readonly [file: string, kind: SlackConversationKind])[] = [
  ['channels.json', 'public-channel'],
  ['groups.json', 'private-channel'],
  ['dms.json', 'dm'],
  ['mpims.json', 'mpim'],
];

/** A daily file of a conversation folder. */
export const DAILY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;

/**
 * Where the export sits in the tree: '' when users.json and the lists are at the top, 'x/' when
 * the whole export sits in one folder (zipped with its folder); null when this is no Slack
 * export. A root needs a conversation list and either users.json or a conversation folder of
 * daily files beside it.
 */
export function slackRoot(tree: ExportTree): string | null {
  const members = tree.list();
  const has = new Set(members);
  const topFiles = new Set(['users.json', ...CONVERSATION_LISTS.map(([f]) => f)]);
  const candidates = new Set(['']);
  for (const m of members) {
    const parts = m.split('/');
    if (parts.length === 2 && topFiles.has(parts[1] as string)) candidates.add(`${parts[0]}/`);
  }
  for (const root of candidates) {
    if (!CONVERSATION_LISTS.some(([f]) => has.has(root + f))) continue;
    if (has.has(`${root}users.json`) || dailyFolders(members, root).size > 0) return root;
  }
  return null;
}

/** True when the tree holds a Slack export (at its top or in one top folder). */
export function isSlackExport(tree: ExportTree): boolean {
  return slackRoot(tree) !== null;
}

/** Conversation folder name → its daily files (member paths, in date order). */
export function dailyFolders(members: readonly string[], root: string): Map<string, string[]> {
  const folders = new Map<string, string[]>();
  for (const m of members) {
    if (!m.startsWith(root)) continue;
    const parts = m.slice(root.length).split('/');
    if (parts.length !== 2 || !DAILY_FILE.test(parts[1] as string)) continue;
    const folder = parts[0] as string;
    const files = folders.get(folder);
    if (files === undefined) folders.set(folder, [m]);
    else files.push(m);
  }
  for (const files of folders.values()) files.sort();
  return folders;
}

function userOf(o: Record<string, unknown>, id: string): SlackUser {
  const profile = asObject(o.profile) ?? {};
  const name =
    str(profile.display_name)?.trim() || str(profile.real_name)?.trim() || str(o.real_name)?.trim() || null;
  return {
    id,
    identity: { platform: 'slack', address: id, handle: str(o.name), name },
    email: str(profile.email),
    deleted: o.deleted === true,
    bot: o.is_bot === true,
  };
}

/**
 * Reads users.json and the conversation lists under `root`. Elements that are not objects with
 * an id, and lists that cannot be read, are pushed to `problems` (each one UnreadableInput);
 * what could be read is returned. A missing list is no problem (an export without DMs has no
 * dms.json).
 */
export async function loadSlackDirectory(
  tree: ExportTree,
  root: string,
  problems: UnreadableInput[],
): Promise<SlackDirectory> {
  const users = new Map<string, SlackUser>();
  const usersFile = `${root}users.json`;
  if (tree.size(usersFile) !== null) {
    for await (const el of readJsonArrayMember(tree, usersFile, 'the user list')) {
      if (el.type === 'unreadable') {
        problems.push(el);
        continue;
      }
      const o = asObject(el.value);
      const id = str(o?.id);
      if (o === null || id === null) {
        problems.push(
          wrongElement(tree, usersFile, el, 'the user list holds an element that is not a user with an id'),
        );
      } else if (!users.has(id)) {
        users.set(id, userOf(o, id));
      }
    }
  }

  const conversations: SlackConversation[] = [];
  const seen = new Set<string>();
  for (const [file, kind] of CONVERSATION_LISTS) {
    const member = root + file;
    if (tree.size(member) === null) continue;
    for await (const el of readJsonArrayMember(tree, member, `the conversation list ${file}`)) {
      if (el.type === 'unreadable') {
        problems.push(el);
        continue;
      }
      const o = asObject(el.value);
      const id = str(o?.id);
      if (o === null || id === null) {
        problems.push(
          wrongElement(tree, member, el, `${file} holds an element that is not a conversation with an id`),
        );
        continue;
      }
      if (seen.has(id)) continue; // listed twice: the first list wins
      seen.add(id);
      const members = Array.isArray(o.members)
        ? o.members.filter((m): m is string => typeof m === 'string')
        : [];
      conversations.push({ id, kind, name: str(o.name), members });
    }
  }
  return { root, users, conversations };
}

/**
 * The users of a Slack export with their email addresses, for joining them to other
 * identities of the same people. Unreadable entries are left out (readSlackExport reports them).
 */
export async function readSlackUsers(tree: ExportTree): Promise<SlackUser[]> {
  const root = slackRoot(tree);
  if (root === null) return [];
  return [...(await loadSlackDirectory(tree, root, [])).users.values()];
}
