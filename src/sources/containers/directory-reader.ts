import { readFileSync, statSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import path from 'node:path';
import type { RawRecord } from '../../model/raw-record.js';
import { readFileHead } from './byte-chunks.js';
import { singleMessage } from './eml-record.js';
import { readFileInput } from './file-reader.js';
import { KIND_DIR, KIND_FILE, KIND_LINK, listFolder, type FolderListing } from './list-folder.js';
import { MAILDIR_TMP_REASON, maildirFlags } from './maildir-names.js';
import type { ReaderLimits } from './reader-limits.js';
import { KEPT_BYTES, describePlace, errorText, unreadable, type Where } from './unreadable.js';

interface Pending {
  abs: string;
  kind: 'dir' | 'file' | 'link' | 'special';
  depth: number;
  /** The Maildir this is inside (members are named relative to it), if any. */
  maildirRoot: string | null;
  /** For files directly in a Maildir's cur/ or new/ (message) or tmp/ (tmp). */
  role: 'message' | 'tmp' | null;
}

/**
 * Lets the layer above take over a folder or a file met in a walk (a platform export inside a
 * folder of mail: src/sources/read-source.ts): its records instead of the mail readers', or
 * null to leave it to them. Asked for each folder below the input that is not inside a Maildir,
 * and each file that is not a Maildir's message.
 */
export type ClaimInput = (abs: string, kind: 'dir' | 'file') => Promise<AsyncIterable<RawRecord> | null>;

/** A folder is a Maildir when it has a cur/ or new/ folder (tmp/ is often left out of copies). */
function isMaildir(listing: FolderListing): boolean {
  for (let i = 0; i < listing.size; i++) {
    if (listing.kinds[i] !== KIND_DIR) continue;
    const name = listing.name(i);
    if (name === 'cur' || name === 'new') return true;
  }
  return false;
}

/** Member names always use '/' so they are the same from every operating system. */
function relative(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * Walks a folder with an explicit stack (no recursion on user data), depth-first in sorted
 * name order, and reads every file in it:
 *
 * - A folder with cur/ or new/ is a Maildir: each file directly in cur/ or new/ is one message,
 *   named (location.path) by the Maildir root and (location.member) by its path relative to that
 *   root, so Maildir++ subfolders come out as '.Sent/cur/…'. Files in tmp/ are reported, not read
 *   (deliveries in progress). Other files in a Maildir are read like any file.
 * - Any other file is sniffed and read by its format (mbox, eml, archives, ...); unknown files
 *   are reported with their first 64 KiB. Hidden files are not skipped.
 * - Symbolic links are never followed (not even inside the tree): a crafted tree could
 *   otherwise pull in files from anywhere, or loop. Each one is reported with its target.
 *   Sockets, devices and FIFOs are reported too.
 * - Folders deeper than maxDirectoryDepth below the input are reported, not entered.
 * - `claim`, when given, is asked first (ClaimInput).
 */
export async function* readDirectory(
  root: string,
  limits: ReaderLimits,
  claim?: ClaimInput,
): AsyncGenerator<RawRecord> {
  // One frame per open folder, holding its entries' names and kinds only (list-folder.ts): a
  // Maildir of 1,000,000 messages costs ~25 MB here, not a Pending object (and a Dirent) per file.
  const stack: Frame[] = [];
  const rootItem: Pending = { abs: root, kind: 'dir', depth: 0, maildirRoot: null, role: null };
  let next: Pending | null = rootItem;
  while (next !== null || stack.length > 0) {
    let item: Pending;
    if (next !== null) {
      item = next;
      next = null;
    } else {
      const frame = stack[stack.length - 1]!;
      if (frame.at >= frame.entries.size) {
        stack.pop();
        continue;
      }
      item = childOf(frame, frame.at++);
    }
    const claimed =
      claim &&
      item.role === null &&
      item.depth > 0 &&
      (item.kind === 'file' || (item.kind === 'dir' && item.maildirRoot === null))
        ? await claim(item.abs, item.kind)
        : null;
    if (claimed) {
      yield* claimed;
      continue;
    }
    if (item.kind === 'file') {
      yield* readOne(item, limits);
      continue;
    }
    if (item.kind === 'link') {
      yield await linkRecord(item.abs);
      continue;
    }
    if (item.kind === 'special') {
      const at: Where = { path: item.abs, member: null };
      yield unreadable(
        at,
        0,
        0,
        `${describePlace(at)}: not a regular file (socket, device or FIFO); nothing to read`,
      );
      continue;
    }
    const where: Where = { path: item.abs, member: null };
    if (item.depth > limits.maxDirectoryDepth) {
      yield unreadable(
        where,
        0,
        0,
        `${describePlace(where)}: folder is nested more than ${limits.maxDirectoryDepth} levels below the input ` +
          '(maxDirectoryDepth); not entered. Ingest it directly if it belongs in the case',
      );
      continue;
    }
    let listing: FolderListing;
    try {
      listing = listFolder(item.abs);
    } catch (e) {
      yield unreadable(
        where,
        0,
        0,
        `${describePlace(where)}: folder could not be listed: ${errorText(e)}; check its permissions and ingest again`,
      );
      continue;
    }
    stack.push(frameOf(item, listing));
  }
}

/** An open folder: its entries in name order, as names and kinds, and the next one to visit. */
interface Frame {
  dir: Pending;
  /** Whether the folder is a Maildir (has cur/ or new/). */
  maildir: boolean;
  maildirRoot: string | null;
  entries: FolderListing;
  at: number;
}

/** Names in code-unit order, the same on every machine and locale, so runs are deterministic. */
function frameOf(dir: Pending, listing: FolderListing): Frame {
  const here = isMaildir(listing);
  return {
    dir,
    maildir: here,
    maildirRoot: dir.maildirRoot ?? (here ? dir.abs : null),
    entries: listing,
    at: 0,
  };
}

function childOf(frame: Frame, i: number): Pending {
  const name = frame.entries.name(i);
  frame.entries.forgetBefore(i); // the walk never comes back
  const child = {
    abs: path.join(frame.dir.abs, name),
    depth: frame.dir.depth + 1,
    maildirRoot: frame.maildirRoot,
  };
  switch (frame.entries.kinds[i]) {
    case KIND_LINK:
      return { ...child, kind: 'link', role: null };
    case KIND_DIR: {
      const here = frame.maildir;
      const role =
        here && (name === 'cur' || name === 'new') ? 'message' : here && name === 'tmp' ? 'tmp' : null;
      return { ...child, kind: 'dir', role };
    }
    case KIND_FILE:
      return { ...child, kind: 'file', role: frame.dir.role };
    default:
      return { ...child, kind: 'special', role: null };
  }
}

async function linkRecord(abs: string): Promise<RawRecord> {
  let target = '?';
  try {
    target = await readlink(abs);
  } catch {
    // keep '?'
  }
  const at: Where = { path: abs, member: null };
  return unreadable(
    at,
    0,
    0,
    `${describePlace(at)}: symbolic link to ${target}, not followed (links could pull in files from outside ` +
      'the input, or loop); ingest the target directly if it belongs in the case',
    Buffer.from(target),
  );
}

async function* readOne(item: Pending, limits: ReaderLimits): AsyncGenerator<RawRecord> {
  if (item.role === null || item.maildirRoot === null) {
    yield* readFileInput(item.abs, limits);
    return;
  }
  const where: Where = { path: item.maildirRoot, member: relative(item.maildirRoot, item.abs) };
  const at = describePlace(where);
  try {
    // Synchronous on purpose: a Maildir is many small files, and a promise round trip through
    // the thread pool per stat and per read cost ten times the read itself (3 s per 10k files).
    const st = statSync(item.abs);
    if (item.role === 'tmp') {
      yield unreadable(
        where,
        0,
        st.size,
        `${at}: ${MAILDIR_TMP_REASON}`,
        await readFileHead(item.abs, KEPT_BYTES),
      );
      return;
    }
    const bytes =
      st.size <= limits.maxMessageBytes ? readFileSync(item.abs) : await readFileHead(item.abs, KEPT_BYTES);
    const flags = maildirFlags(path.basename(item.abs));
    yield singleMessage(bytes, st.size, where, limits.maxMessageBytes, {
      mtime: st.mtime,
      ...(flags === undefined ? {} : { maildirFlags: flags }),
    });
  } catch (e) {
    yield unreadable(
      where,
      0,
      0,
      `${at}: could not be read: ${errorText(e)}; check its permissions and ingest again`,
    );
  }
}
