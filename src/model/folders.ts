import { tokenize } from './text/analyzer.js';

/**
 * Folders: where in the material a copy of an item sat, as a reporter names it ("Sent Items",
 * "lay-k/inbox", Gmail's label "Important"), for the `folder:` search and the item page.
 *
 * A copy's folder comes from its place alone (Location.path and .member): the directories of
 * the input, each container it was found in named by its file name without the extension
 * (`Sent.mbox` → `Sent`, `leak.zip` → `leak`), the folder inside a container (an archive's
 * directories, a Maildir's `.Sent.2016` → `Sent/2016`, an Outlook file's
 * `Top of Outlook data file/Inbox`); a file that holds one message (`1.eml`, `17` in an MH
 * folder, `1.` in Enron's) is not a folder itself. The names a mailbox gave the copy
 * (Location.labels: Gmail's labels, a converter's X-Folder) are folders too.
 */

/**
 * Files that are not folders: one message each (`1.eml`, `17` in an MH folder, `1.` in Enron's),
 * or an export's data file (Slack's `general/2016-01-01.json`: the folder is `general`; a CSV or
 * JSON list of posts).
 */
const NOT_A_FOLDER = /\.(?:eml|emlx|msg|mail|mim|mht|json|jsonl|ndjson|js|csv)$|^\d+\.?$/i;
/** Container extensions left out of a folder name. */
const CONTAINER_EXTENSION = /\.(?:mbox|mbx|mbs|zip|tar|tgz|tar\.gz|gz|pst|ost|txt)$/i;
/** An Outlook data file's item: `folder path#node id` (src/sources/outlook/pst-reader.ts). */
const OUTLOOK_ITEM = /#\d+$/;
/** A message attached to a .msg or an Outlook item (src/sources/outlook/msg-reader.ts). */
const ATTACHED_MESSAGE = /^attachment \d+$/;
/** Nested members are joined by this (src/sources/containers/archive-budget.ts nestMember). */
const NEST = '!/';

/**
 * The folder of the copy found at `path` (`member` inside it), as one '/'-separated name, or
 * null when the place names none.
 */
export function folderOfPlace(path: string, member: string | null): string | null {
  const segments = [path, ...(member === null ? [] : member.split(NEST))];
  while (segments.length > 1 && ATTACHED_MESSAGE.test(segments[segments.length - 1] as string))
    segments.pop();
  const parts: string[] = [];
  segments.forEach((segment, i) => {
    const names = segment.split(/[/\\]/).filter((p) => p !== '' && p !== '.');
    const last = i === segments.length - 1;
    if (!last) {
      parts.push(...names.slice(0, -1), ...stem(names[names.length - 1]));
      return;
    }
    if (i > 0 && OUTLOOK_ITEM.test(segment)) {
      // The folder path inside the Outlook file, whole.
      parts.push(
        ...segment
          .replace(OUTLOOK_ITEM, '')
          .split('/')
          .filter((p) => p !== ''),
      );
      return;
    }
    const file = names.pop();
    const box = names[names.length - 1];
    // A Maildir message: the Maildir++ folder (`.Sent.2016`) above cur/ is a path of its own. A
    // file given alone in a directory named `new` is one only when it is not named as a message.
    const maildir = i > 0 || (file !== undefined && !NOT_A_FOLDER.test(file));
    if (maildir && (box === 'cur' || box === 'new')) {
      names.pop();
      const sub = names.pop();
      parts.push(...names);
      if (sub !== undefined) parts.push(...maildirFolder(sub));
      return;
    }
    parts.push(...names);
    if (file !== undefined && !NOT_A_FOLDER.test(file)) parts.push(...stem(file));
  });
  const tidy = mailProgramFolders(parts);
  if (tidy.length === 0) return null;
  return (path.startsWith('/') ? '/' : '') + tidy.join('/');
}

/** Directories a mail program keeps inside an Apple Mail mailbox (`INBOX.mbox/<UUID>/Data/9/Messages`). */
const APPLE_INNER =
  /^(?:data|messages|attachments|mbox|\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * Folder names as the mail program shows them: Apple Mail's mailbox `INBOX.mbox` (a directory,
 * or an export holding a file `mbox`) is `INBOX`, without the directories it keeps inside;
 * Thunderbird's sub-folder directory `Inbox.sbd` is `Inbox`.
 */
function mailProgramFolders(parts: readonly string[]): string[] {
  const out: string[] = [];
  let apple = false;
  for (const part of parts) {
    if (apple && APPLE_INNER.test(part)) continue;
    const m = /^(.+)\.(mbox|sbd)$/i.exec(part);
    apple = m !== null && (m[2] as string).toLowerCase() === 'mbox';
    out.push(m === null ? part : (m[1] as string));
  }
  return out;
}

/** A container's name without its extension; nothing when that leaves nothing. */
function stem(name: string | undefined): string[] {
  if (name === undefined) return [];
  const s = name.replace(CONTAINER_EXTENSION, '');
  return s === '' ? [] : [s];
}

/** Maildir++ writes sub-folders as `.Parent.Child`; any other directory name is kept. */
function maildirFolder(dir: string): string[] {
  if (!dir.startsWith('.')) return [dir];
  return dir
    .slice(1)
    .split('.')
    .filter((p) => p !== '');
}

/** The folders of one copy: its place's and the labels the mailbox gave it, each once. */
export function foldersOfLocation(location: {
  path: string;
  member: string | null;
  labels?: readonly string[] | null;
}): string[] {
  const out = new Set<string>();
  const place = folderOfPlace(location.path, location.member);
  if (place !== null) out.add(place);
  for (const l of location.labels ?? []) if (l.trim() !== '') out.add(l.trim());
  return [...out];
}

/** The folders of every copy, each once, the first copy's first (what `folder:` finds the item by). */
export function foldersOfLocations(
  locations: ReadonlyArray<Parameters<typeof foldersOfLocation>[0]>,
): string[] {
  return [...new Set(locations.flatMap((l) => foldersOfLocation(l)))];
}

/**
 * Short labels for folder names shown together (a facet): each its last part (`general`,
 * `Sent Items`; with its parent when it has no letter: `Sent/2016`), or as many last parts as it
 * takes to tell it from the others (`john/Sent`, `jane/Sent`).
 */
export function folderLabels(names: readonly string[]): string[] {
  const parts = names.map((n) => n.split('/').filter((p) => p !== ''));
  // A last part without a letter (`2016`) says little alone: its parent goes with it.
  const keep = parts.map((p) => (/\p{L}/u.test(p[p.length - 1] ?? '') ? 1 : Math.min(2, p.length)));
  for (let round = 0; round < 64; round++) {
    const labels = parts.map((p, i) => p.slice(-(keep[i] as number)).join('/'));
    const seen = new Map<string, number>();
    for (const l of labels) seen.set(l, (seen.get(l) ?? 0) + 1);
    let grew = false;
    labels.forEach((l, i) => {
      if ((seen.get(l) as number) > 1 && (keep[i] as number) < (parts[i] as string[]).length) {
        keep[i] = (keep[i] as number) + 1;
        grew = true;
      }
    });
    if (!grew) break;
  }
  return parts.map((p, i) => p.slice(-(keep[i] as number)).join('/'));
}

/**
 * The shortest `folder:` value that finds exactly the folders the whole name finds (the folder
 * and its subfolders): its last part (`Sent`), or its last two (`main/demo`), and so on up to
 * all its parts (a name without a word is returned as it is); a last part without a letter keeps
 * its parent, as in folderLabels. `allWords`: folderWords of every folder in the case. A facet's bucket and an item
 * page's folder link ask for `folder:Sent`, not for `folder:"/home/anna/leak/Sent"`: where the
 * reporter kept the files stays out of the query, its URL and saved searches.
 */
export function folderQueryName(name: string, allWords: readonly string[]): string {
  const parts = name.split('/').filter((p) => p !== '');
  const whole = folderWords(name);
  if (whole.trim() === '') return name;
  const finds = (words: string): number => {
    let n = 0;
    for (const w of allWords) if (w.includes(words)) n++;
    return n;
  };
  const target = finds(whole);
  const first = /\p{L}/u.test(parts[parts.length - 1] ?? '') ? 1 : 2;
  for (let k = first; k <= parts.length; k++) {
    const tail = parts.slice(-k).join('/');
    const words = folderWords(tail);
    // A tail's words are a run of the name's, so it finds every folder the name finds: the same
    // count is the same folders.
    if (words.trim() !== '' && finds(words) === target) return tail;
  }
  return name;
}

/**
 * A folder name's words as `folder:` matches them: folded as the full-text index folds words
 * (`Søppel` → `soppel`), joined by spaces with one more at each end, so that a LIKE pattern of
 * whole words (folderPattern) finds them anywhere in the name.
 */
export function folderWords(name: string): string {
  return ` ${tokenize(name).join(' ')} `;
}

/**
 * The LIKE pattern of a `folder:` value over folderWords: its words in order, whole
 * (`sent items` → `% sent items %`), the last one a prefix when the value ends in `*`. Null when
 * the value has no word (it then matches no folder).
 */
export function folderPattern(value: string): string | null {
  const prefix = value.trimEnd().endsWith('*');
  const words = tokenize(prefix ? value.trimEnd().slice(0, -1) : value);
  if (words.length === 0) return null;
  return `% ${words.join(' ')}${prefix ? '%' : ' %'}`;
}
