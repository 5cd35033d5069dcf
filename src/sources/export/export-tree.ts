import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

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
