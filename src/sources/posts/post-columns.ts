/**
 * Which column (or JSON key) holds what. Names are matched after folding case and dropping
 * everything but letters and digits, so 'created_at', 'createdAt', 'Created At' and 'CREATED-AT'
 * are one name. Each field takes the first of its names (in the order below) that the file
 * has; a column serves one field only.
 */
export type PostField =
  'text' | 'id' | 'date' | 'authorId' | 'handle' | 'name' | 'url' | 'platform' | 'replyTo';

/** Accepted names per field, most specific first. Shown to the user when a file has no text column. */
export const ACCEPTED_NAMES: Readonly<Record<PostField, readonly string[]>> = {
  text: ['full_text', 'text', 'content', 'body', 'message', 'tweet_text', 'post_text', 'tweet'],
  id: ['id_str', 'post_id', 'tweet_id', 'status_id', 'id'],
  date: [
    'created_at',
    'date',
    'datetime',
    'timestamp',
    'time',
    'posted_at',
    'published_at',
    'created',
    'date_time',
  ],
  authorId: ['author_id', 'user_id_str', 'user_id', 'account_id'],
  handle: [
    'author_handle',
    'author_username',
    'author_screen_name',
    'user_screen_name',
    'screen_name',
    'username',
    'handle',
    'author',
    'user',
    'account',
  ],
  name: [
    'author_name',
    'author_display_name',
    'display_name',
    'user_display_name',
    'user_name',
    'full_name',
    'name',
  ],
  url: ['permalink', 'url', 'link', 'tweet_url', 'post_url', 'status_url'],
  platform: ['platform', 'network', 'service', 'site'],
  replyTo: [
    'in_reply_to_status_id_str',
    'in_reply_to_status_id',
    'in_reply_to_tweet_id',
    'in_reply_to_id',
    'reply_to_id',
    'reply_to',
    'parent_id',
  ],
};

/** Fields in the order they pick columns: the text first, then the more specific names. */
const PICK_ORDER: readonly PostField[] = [
  'text',
  'id',
  'date',
  'authorId',
  'handle',
  'name',
  'url',
  'platform',
  'replyTo',
];

/** 'Created At' → 'createdat'. */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export type ColumnMap = Partial<Record<PostField, number>>;

/** Which of `names` (column headers or JSON keys) serves each field, by index into `names`. */
export function mapColumns(names: readonly string[]): ColumnMap {
  const folded = names.map((n) => foldName(n.replace(/^\uFEFF/, '')));
  const used = new Set<number>();
  const map: ColumnMap = {};
  for (const field of PICK_ORDER) {
    for (const accepted of ACCEPTED_NAMES[field]) {
      const i = folded.findIndex((f, k) => f === foldName(accepted) && !used.has(k));
      if (i >= 0) {
        map[field] = i;
        used.add(i);
        break;
      }
    }
  }
  return map;
}

/** Names inside a nested author object (`user: {screen_name, name, id_str}`, `author: {username, …}`). */
export const AUTHOR_OBJECT_NAMES = {
  handle: ['screen_name', 'username', 'handle', 'acct'],
  name: ['name', 'display_name', 'full_name'],
  id: ['id_str', 'id', 'user_id'],
} as const;
