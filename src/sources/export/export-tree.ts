import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { describePlace, errorText } from '../containers/unreadable.js';

/**
 * A platform export as a set of files, whether it came as a folder or a zip: readers of X,
 * Telegram, WhatsApp and Slack exports look files up by their path inside the export and never
 * care which it was.
 */
export interface ExportTree {
  /** The export as given (absolute path of the folder or zip); goes into every location. */
  readonly path: string;
  /** Every file's member path ('data/tweets.js'), '/'-separated, relative to the export root, sorted. */
  list(): readonly string[];
  /** Size in bytes of a member, or null when there is no such member. */
  size(member: string): number | null;
  /** The bytes of a member; rejects when there is no such member or it cannot be read. */
  read(member: string): Promise<Uint8Array>;
}

/** Limits a folder walk: exports are small trees, a runaway link farm must not hang us. */
const MAX_FOLDER_FILES = 1_000_000;

/** An export unpacked into a folder. Symbolic links inside it are not followed. */
export async function folderTree(root: string): Promise<ExportTree> {
  const abs = path.resolve(root);
  const sizes = new Map<string, number>();
  const pending: string[] = [''];
  while (pending.length > 0 && sizes.size < MAX_FOLDER_FILES) {
    const rel = pending.pop() as string;
    const entries = await readdir(path.join(abs, rel), { withFileTypes: true });
    for (const e of entries) {
      const member = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) pending.push(member);
      else if (e.isFile()) sizes.set(member, (await stat(path.join(abs, member))).size);
    }
  }
  return mapTree(abs, sizes, (member) => readFile(path.join(abs, ...member.split('/'))));
}

/** An export held in memory (tests, and small archives already unpacked). */
export function memoryTree(exportPath: string, files: Record<string, Uint8Array | string>): ExportTree {
  const bytes = new Map<string, Uint8Array>();
  for (const [member, content] of Object.entries(files)) {
    bytes.set(member, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  }
  const sizes = new Map([...bytes].map(([m, b]) => [m, b.length] as const));
  return mapTree(exportPath, sizes, (member) => Promise.resolve(bytes.get(member) as Uint8Array));
}

/** A tree over known member sizes and a function that reads one member. */
export function mapTree(
  exportPath: string,
  sizes: ReadonlyMap<string, number>,
  readMember: (member: string) => Promise<Uint8Array>,
): ExportTree {
  const members = [...sizes.keys()].sort();
  return {
    path: exportPath,
    list: () => members,
    size: (member) => sizes.get(member) ?? null,
    read: (member) =>
      sizes.has(member)
        ? readMember(member)
        : Promise.reject(new Error(`${exportPath} has no file ${member}`)),
  };
}

/** A member read whole, or why it was not: too large for the reader's limit, or unreadable. */
export type MemberRead = { ok: true; bytes: Uint8Array } | { ok: false; size: number; reason: string };

/**
 * Reads a member a reader takes whole, refusing one larger than `maxBytes` (named `limitName`
 * in the reason) before reading it. Never throws; the reason names the export and the member.
 */
export async function readMemberWithin(
  tree: ExportTree,
  member: string,
  maxBytes: number,
  limitName: string,
): Promise<MemberRead> {
  const where = describePlace({ path: tree.path, member });
  const size = tree.size(member) ?? 0;
  if (size > maxBytes) {
    return {
      ok: false,
      size,
      reason:
        `${where}: ${size} bytes is more than the limit ${limitName} (${maxBytes}); ` +
        'raise the limit if the machine has the memory for it',
    };
  }
  try {
    return { ok: true, bytes: await tree.read(member) };
  } catch (e) {
    return { ok: false, size, reason: `${where}: could not be read (${errorText(e)})` };
  }
}
