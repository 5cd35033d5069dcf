import type { ExportTree } from '../export/export-tree.js';

/**
 * Which files of an X archive the reader reads, and what each holds. Files are recognised by
 * their names, the way the platform writes them in every generation:
 * - 2019 on ("YTD"): data/<name>.js, split as data/<name>-part1.js, … when large; singular
 *   names in the early years (tweet.js, direct-message.js, direct-message-group.js), plural
 *   later; message-event.js for the end-to-end encrypted DMs of 2025 on.
 * - before 2019 ("Grailbird"): data/js/tweets/YYYY_MM.js, with data/js/tweet_index.js listing
 *   them and data/js/user_details.js naming the account.
 */
export type XFileRole =
  | 'manifest'
  | 'account'
  | 'follows'
  | 'circle-tweets'
  | 'note-tweets'
  | 'deleted-note-tweets'
  | 'tweets'
  | 'deleted-tweets'
  | 'community-tweets'
  | 'direct-messages'
  | 'group-direct-messages'
  | 'message-events'
  | 'grailbird-index'
  | 'grailbird-user'
  | 'grailbird-tweets';

/** Base names (without '-partN.js') of the YTD files read, and their role. */
const YTD_FILES: Readonly<Record<string, XFileRole>> = {
  manifest: 'manifest',
  account: 'account',
  follower: 'follows',
  following: 'follows',
  'twitter-circle-tweet': 'circle-tweets',
  'note-tweet': 'note-tweets',
  'deleted-note-tweet': 'deleted-note-tweets',
  tweet: 'tweets',
  tweets: 'tweets',
  'deleted-tweet': 'deleted-tweets',
  'deleted-tweets': 'deleted-tweets',
  'community-tweet': 'community-tweets',
  'direct-message': 'direct-messages',
  'direct-messages': 'direct-messages',
  'direct-message-group': 'group-direct-messages',
  'direct-messages-group': 'group-direct-messages',
  'message-event': 'message-events',
};

/**
 * The order files are read in. Everything that teaches ids, handles and names (account, the
 * tweets with their mention entities) comes before the DMs that name people by id only; note
 * tweets come before the tweets they complete; circle tweets before tweets.js, which repeats them.
 */
const ROLE_ORDER: readonly XFileRole[] = [
  'manifest',
  'account',
  'grailbird-index',
  'grailbird-user',
  'follows',
  'circle-tweets',
  'note-tweets',
  'deleted-note-tweets',
  'tweets',
  'grailbird-tweets',
  'deleted-tweets',
  'community-tweets',
  'direct-messages',
  'group-direct-messages',
  'message-events',
];

/** Roles whose files hold items (as opposed to identities and declarations). */
export const ITEM_ROLES: ReadonlySet<XFileRole> = new Set([
  'circle-tweets',
  'tweets',
  'deleted-tweets',
  'community-tweets',
  'direct-messages',
  'group-direct-messages',
  'message-events',
  'grailbird-tweets',
]);

/** Media folders (under the data folder) of each role, newest name first. */
export const MEDIA_FOLDERS: Readonly<Partial<Record<XFileRole, readonly string[]>>> = {
  tweets: ['tweets_media', 'tweet_media'],
  'deleted-tweets': ['deleted_tweets_media', 'deleted_tweet_media'],
  'community-tweets': ['community_tweet_media'],
  'circle-tweets': ['twitter_circle_tweet_media'],
  'direct-messages': ['direct_messages_media', 'direct_message_media'],
  'group-direct-messages': ['direct_messages_group_media', 'direct_message_group_media'],
};

export interface XFile {
  /** Member path in the tree. */
  member: string;
  role: XFileRole;
  /** Part number: 0 for tweets.js, 1 for tweets-part1.js; for Grailbird, 0. */
  part: number;
}

export interface XLayout {
  generation: 'ytd' | 'grailbird';
  /** The archive root inside the tree: '' or 'twitter-2024-01-01-…/' (zip with a top folder). */
  root: string;
  /** The folder holding the data files: `${root}data/` (or the root itself, when the data folder was given). */
  dataDir: string;
  /** The files read, in reading order. */
  files: XFile[];
  /** Further archive roots found in the same tree; only the first is read. */
  otherRoots: string[];
}

interface Candidate {
  dataDir: string;
  hasManifest: boolean;
  hasAccount: boolean;
  hasItems: boolean;
}

/** 'a/b/data/tweets-part1.js' → dir 'a/b/data/', base 'tweets', part 1. */
function splitMember(member: string): { dir: string; base: string; part: number } | null {
  const slash = member.lastIndexOf('/');
  const dir = member.slice(0, slash + 1);
  const m = /^(.+?)(?:-part(\d+))?\.js$/.exec(member.slice(slash + 1));
  if (!m) return null;
  return { dir, base: m[1]!, part: m[2] === undefined ? 0 : Number(m[2]) };
}

/** Data folders may sit at the top, in data/, or one folder deeper (a zip with a top folder). */
function plausibleDataDir(dir: string): boolean {
  return dir === '' || dir === 'data/' || /^[^/]+\/$/.test(dir) || /^[^/]+\/data\/$/.test(dir);
}

const GRAILBIRD_TWEETS = /^((?:[^/]+\/)?)data\/js\/tweets\/\d{4}_\d{2}\.js$/;
const GRAILBIRD_INDEX = /^((?:[^/]+\/)?)data\/js\/tweet_index\.js$/;

function ytdCandidates(members: readonly string[]): Candidate[] {
  const byDir = new Map<string, Candidate>();
  for (const member of members) {
    const s = splitMember(member);
    if (s === null || !plausibleDataDir(s.dir)) continue;
    const role = YTD_FILES[s.base];
    if (role === undefined) continue;
    let c = byDir.get(s.dir);
    if (c === undefined) {
      c = { dataDir: s.dir, hasManifest: false, hasAccount: false, hasItems: false };
      byDir.set(s.dir, c);
    }
    if (role === 'manifest') c.hasManifest = true;
    else if (role === 'account') c.hasAccount = true;
    else if (ITEM_ROLES.has(role) || role === 'note-tweets') c.hasItems = true;
  }
  // A folder is an archive's data folder when it has the manifest, or item files next to
  // account.js, or item files in a folder called data/ (a partial copy of an archive).
  const ok = [...byDir.values()].filter(
    (c) => c.hasManifest || (c.hasItems && (c.hasAccount || c.dataDir.endsWith('data/'))),
  );
  const depth = (d: string): number => d.split('/').length;
  return ok.sort(
    (a, b) =>
      Number(b.hasManifest) - Number(a.hasManifest) ||
      depth(a.dataDir) - depth(b.dataDir) ||
      a.dataDir.localeCompare(b.dataDir),
  );
}

function rootOf(dataDir: string): string {
  return dataDir.endsWith('data/') ? dataDir.slice(0, -'data/'.length) : dataDir;
}

/** The archive in a tree, or null when the tree holds no X archive. */
export function findXLayout(tree: ExportTree): XLayout | null {
  const members = tree.list();
  const ytd = ytdCandidates(members);
  if (ytd.length > 0) {
    const dataDir = ytd[0]!.dataDir;
    const files: XFile[] = [];
    for (const member of members) {
      const s = splitMember(member);
      if (s === null || s.dir !== dataDir) continue;
      const role = YTD_FILES[s.base];
      if (role !== undefined) files.push({ member, role, part: s.part });
    }
    return {
      generation: 'ytd',
      root: rootOf(dataDir),
      dataDir,
      files: sortFiles(files),
      otherRoots: ytd.slice(1).map((c) => rootOf(c.dataDir)),
    };
  }
  const roots = new Set<string>();
  for (const member of members) {
    const m = GRAILBIRD_TWEETS.exec(member) ?? GRAILBIRD_INDEX.exec(member);
    if (m) roots.add(m[1]!);
  }
  if (roots.size === 0) return null;
  const [root, ...others] = [...roots].sort();
  const files: XFile[] = [];
  for (const member of members) {
    if (!member.startsWith(root!)) continue;
    const rel = member.slice(root!.length);
    if (GRAILBIRD_TWEETS.test(rel)) files.push({ member, role: 'grailbird-tweets', part: 0 });
    else if (rel === 'data/js/tweet_index.js') files.push({ member, role: 'grailbird-index', part: 0 });
    else if (rel === 'data/js/user_details.js') files.push({ member, role: 'grailbird-user', part: 0 });
  }
  return {
    generation: 'grailbird',
    root: root!,
    dataDir: `${root!}data/`,
    files: sortFiles(files),
    otherRoots: others,
  };
}

function sortFiles(files: XFile[]): XFile[] {
  return files.sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      a.part - b.part ||
      a.member.localeCompare(b.member),
  );
}

/** The role of a YTD file name ('data/tweets-part1.js' → 'tweets'), or null for files the reader does not read. */
export function ytdRoleOf(fileName: string): XFileRole | null {
  const s = splitMember(fileName);
  return s === null ? null : (YTD_FILES[s.base] ?? null);
}

/** The global name a YTD file should assign ('data/direct-messages-part1.js' → 'direct_messages', part 1). */
export function expectedYtdName(member: string): { type: string; part: number } | null {
  const s = splitMember(member);
  return s === null ? null : { type: s.base.replace(/-/g, '_'), part: s.part };
}
