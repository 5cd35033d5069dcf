import { createRequire } from 'node:module';
import { PSTFile, PSTMessage, type PSTFolder } from 'pst-extractor';
import { PSTUtil } from 'pst-extractor/dist/PSTUtil.class.js';
import type { RawRecord } from '../../model/raw-record.js';
import { nestMember } from '../containers/archive-budget.js';
import { KEPT_BYTES, describePlace, errorText, unreadable, type Where } from '../containers/unreadable.js';
import { MAX_PST_FOLDERS, MAX_PST_FOLDER_DEPTH, MAX_PST_FOLDER_ITEMS } from './outlook-limits.js';
import { pstToOutlookItem, type EmbeddedPstItem } from './pst-item.js';
import { encodePstItem } from './pst-item-json.js';
import { fixPstExtractor } from './pst-extractor-fixes.js';
import { guardPstReads, type PstReadGuard } from './pst-page-cache.js';
import { quietly } from './quietly.js';

/**
 * pst-extractor addresses nodes by `Long`s of its own copy of the `long` package; this is that
 * copy (resolved from pst-extractor's own location), never a second one.
 */
const requireFromPst = createRequire(createRequire(import.meta.url).resolve('pst-extractor'));
const Long = requireFromPst('long') as {
  fromNumber(n: number): Parameters<PSTFile['getDescriptorIndexNode']>[0];
};

/** The subset of PSTFolder's private state read to list a folder's items (see folderItems). */
interface FolderInternals {
  initEmailsTable(): void;
  emailsTable?: {
    rowCount: number;
    getItems(start: number, count: number): Array<Map<number, { entryValueReference: number }>>;
  } | null;
  fallbackEmailsTable?: Array<{ descriptorIdentifier: number }> | null;
}

/** NID types ([MS-PST] 2.2.2.1): the low five bits of a node id. */
const NID_TYPE_NORMAL_FOLDER = 0x02;
const NID_TYPE_SEARCH_FOLDER = 0x03;
/** PidTagLtpRowId: the node id of the item in a folder's contents table row. */
const ROW_ID = 0x67f2;

/** What the reader saw of a PST as a whole, for the ingest report. */
export interface PstSummary {
  folders: number;
  /** Items the folders' contents tables list (attached messages not counted). */
  items: number;
  /** Search folders hold links to items kept in other folders, not items: not read. */
  searchFolders: number;
  /** Problems with the file as a whole (a folder that could not be listed, a limit). */
  notes: string[];
}

interface FolderEntry {
  folder: PSTFolder;
  path: string;
  depth: number;
}

/**
 * Every item of an Outlook .pst or .ost, folder by folder, read with pst-extractor from the
 * file path (pages are read as needed, the file is never loaded whole) or, for a PST inside an
 * archive, from a buffer. Each item becomes one RawMessage of format 'outlook-pst', its raw
 * bytes the item as JSON (pst-item-json.ts), its location the file, `member` the folder path
 * and node id (`Top of Outlook data file/Inbox#2097188`, after the member of the PST itself when
 * it was inside an archive) and `offset`/`length` the byte range of the item's property block in
 * the file. Attached messages follow their item as records of their own
 * (`…#2097188!/attachment 2`). An item that cannot be read becomes an UnreadableInput naming the
 * file, folder, item number and node id, and the rest goes on; so does a folder whose list of
 * items or sub-folders cannot be read.
 *
 * For progress, every item of the file carries an equal share of its size (`progressBytes`),
 * from the item counts the folders declare.
 */
export async function* readPst(
  source: string | Buffer,
  where: Where,
  size: number,
  summary: PstSummary = { folders: 0, items: 0, searchFolders: 0, notes: [] },
): AsyncGenerator<RawRecord> {
  fixPstExtractor();
  const at = describePlace(where);
  let pst: PSTFile;
  let guard: PstReadGuard;
  try {
    pst = quietly(() => new PSTFile(source as string));
    guard = guardPstReads(pst, size);
  } catch (e) {
    yield unreadable(
      where,
      0,
      size,
      `${at}: not a readable Outlook PST/OST file: ${errorText(e)}; its first 64 KiB are kept`,
      typeof source === 'string' ? new Uint8Array(0) : source.subarray(0, KEPT_BYTES),
    );
    return;
  }
  try {
    const folders: FolderEntry[] = [];
    const problems: RawRecord[] = [];
    try {
      collectFolders(pst, guard, where, folders, problems, summary);
    } catch (e) {
      problems.push(
        unreadable(
          where,
          0,
          0,
          `${at}: the folder tree of the PST could not be read (${errorText(e)}); ` +
            (folders.length === 0
              ? 'no folder is read'
              : `only the ${folders.length} folders found before the damage are read`),
        ),
      );
    }
    for (const p of problems) yield p;
    let declared = 0;
    for (const f of folders) declared += Math.max(0, safe(() => f.folder.contentCount) ?? 0);
    const share = declared > 0 ? size / declared : 0;

    for (const f of folders) {
      const place: Where = { path: where.path, member: nestMember(where.member, f.path) };
      let list: { count: number; nodeAt(i: number): number | null };
      guard.reset();
      try {
        list = quietly(() => folderItems(f.folder));
      } catch (e) {
        yield unreadable(
          place,
          0,
          0,
          `${describePlace(place)}: the list of items of folder "${f.path}" could not be read (${errorText(e)}); its items are not read`,
        );
        continue;
      }
      const named = new Set<number>();
      for (let i = 0; i < list.count; i++) {
        summary.items++;
        guard.reset();
        yield* readItem(pst, list, i, f.path, where, share, named);
      }
    }
    if (summary.searchFolders > 0) {
      summary.notes.push(
        `${summary.searchFolders} search folder${summary.searchFolders === 1 ? '' : 's'} not read: they list items kept in other folders`,
      );
    }
  } finally {
    pst.close();
  }
}

/** The folder tree, depth first in the order the PST lists it, with an explicit stack. */
function collectFolders(
  pst: PSTFile,
  guard: PstReadGuard,
  where: Where,
  out: FolderEntry[],
  problems: RawRecord[],
  summary: PstSummary,
): void {
  guard.reset();
  const root = quietly(() => pst.getRootFolder());
  const stack: FolderEntry[] = [{ folder: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop() as FolderEntry;
    const nidType = entry.folder.descriptorNodeId.toNumber() & 0x1f;
    if (nidType === NID_TYPE_SEARCH_FOLDER) {
      summary.searchFolders++;
      continue;
    }
    if (out.length >= MAX_PST_FOLDERS) {
      summary.notes.push(`more than ${MAX_PST_FOLDERS} folders (MAX_PST_FOLDERS): the rest are not read`);
      return;
    }
    out.push(entry);
    summary.folders++;
    if (nidType !== NID_TYPE_NORMAL_FOLDER) continue;
    let subs: PSTFolder[];
    guard.reset();
    try {
      subs = quietly(() => (entry.folder.hasSubfolders ? entry.folder.getSubFolders() : []));
    } catch (e) {
      // Not the folder's own member: that is the one of its list of items failing (readPst),
      // and the store keeps one quarantine entry per location.
      const place: Where = {
        path: where.path,
        member: nestMember(where.member, `${entry.path || '/'}#sub-folders`),
      };
      problems.push(
        unreadable(
          place,
          0,
          0,
          `${describePlace(place)}: the sub-folders of folder "${entry.path || '/'}" could not be listed (${errorText(e)}); they are not read`,
        ),
      );
      continue;
    }
    if (entry.depth + 1 > MAX_PST_FOLDER_DEPTH) {
      if (subs.length > 0)
        summary.notes.push(
          `folder "${entry.path}" is nested ${MAX_PST_FOLDER_DEPTH} deep (MAX_PST_FOLDER_DEPTH): its sub-folders are not read`,
        );
      continue;
    }
    for (let k = subs.length - 1; k >= 0; k--) {
      const sub = subs[k] as PSTFolder;
      const name =
        (safe(() => sub.displayName) ?? '').replace(/\//g, '%2F') ||
        `(folder ${sub.descriptorNodeId.toNumber()})`;
      stack.push({
        folder: sub,
        path: entry.path === '' ? name : `${entry.path}/${name}`,
        depth: entry.depth + 1,
      });
    }
  }
}

/**
 * A folder's items, by row of its contents table (what Outlook shows), read through
 * pst-extractor's own table but not its `getNextChild`, which skips an item it cannot read
 * without saying so. When the table is missing pst-extractor falls back to the node tree.
 */
function folderItems(folder: PSTFolder): { count: number; nodeAt(i: number): number | null } {
  const f = folder as unknown as FolderInternals;
  f.initEmailsTable();
  const table = f.emailsTable;
  if (table) {
    return {
      count: Math.min(table.rowCount, MAX_PST_FOLDER_ITEMS),
      nodeAt: (i) => table.getItems(i, 1)[0]?.get(ROW_ID)?.entryValueReference ?? null,
    };
  }
  const fallback = f.fallbackEmailsTable ?? [];
  return {
    count: Math.min(fallback.length, MAX_PST_FOLDER_ITEMS),
    nodeAt: (i) => fallback[i]?.descriptorIdentifier ?? null,
  };
}

/**
 * One row of a folder's contents table: its item and the messages attached to it, or an
 * UnreadableInput. `named` holds the node ids the folder's earlier rows named.
 *
 * An unreadable item's member is `folder#NID`, as a read one's is, when its row names a node no
 * earlier row of the folder named; else (no node, node 0, a node named twice) `folder#row N`, the
 * row's place in the table (from 1). The store keeps one quarantine entry per location, so each
 * must have its own: 60 rows of a misread table that all named node 0 were one entry
 * (`…/United States holidays#0`) for 60 in the report.
 */
function* readItem(
  pst: PSTFile,
  list: { nodeAt(i: number): number | null },
  i: number,
  folder: string,
  where: Where,
  share: number,
  named: Set<number>,
): Generator<RawRecord> {
  let nid: number | null = null;
  let own = false;
  const label = (): string => `folder "${folder}", item ${i + 1}${nid === null ? '' : ` (node ${nid})`}`;
  const fail = (why: string): RawRecord => {
    const place: Where = {
      path: where.path,
      member: nestMember(where.member, own ? `${folder}#${nid}` : `${folder}#row ${i + 1}`),
    };
    return {
      ...unreadable(
        place,
        0,
        0,
        `${describePlace(where)}: ${label()} could not be read (${why}); the other items are read`,
      ),
      progressBytes: share,
    };
  };
  let read: ReturnType<typeof pstToOutlookItem>;
  let offset = 0;
  let length = 0;
  const heard: string[] = [];
  try {
    nid = quietly(() => list.nodeAt(i), heard);
    if (nid === null) {
      yield fail('its row in the folder table names no item');
      return;
    }
    const id = nid;
    own = id !== 0 && !named.has(id);
    named.add(id);
    if (id === 0) {
      yield fail(
        "its row in the folder's table of contents names node 0, which is no item: the table is damaged",
      );
      return;
    }
    let node: ReturnType<PSTFile['getDescriptorIndexNode']>;
    try {
      node = quietly(() => pst.getDescriptorIndexNode(Long.fromNumber(id)), heard);
    } catch (e) {
      if (!/Unable to find/.test(errorText(e))) throw e;
      yield fail(
        `its row in the folder's table of contents names node ${id}, which the file's index of nodes does not hold: the table or the index is damaged`,
      );
      return;
    }
    const block = quietly(() => pst.getOffsetIndexNode(node.dataOffsetIndexIdentifier), heard);
    offset = block.fileOffset.toNumber();
    length = block.size;
    const obj = quietly(() => PSTUtil.detectAndLoadPSTObject(pst, node), heard) as unknown;
    if (!(obj instanceof PSTMessage)) {
      yield fail('it is not a message object');
      return;
    }
    read = quietly(
      () => pstToOutlookItem(obj, (item, position) => encodePstItem(item, `${folder}#${id}/${position}`, id)),
      heard,
    );
  } catch (e) {
    yield fail(heard[0] ?? errorText(e));
    return;
  }
  if (heard.length > 0) read.item.flags.push('pst-read-warning');
  const member = nestMember(where.member, `${folder}#${nid}`);
  const bytes = encodePstItem(read.item, folder, nid);
  yield {
    type: 'message',
    format: 'outlook-pst',
    bytes,
    location: { path: where.path, member, offset, length },
    progressBytes: share,
  };
  // Attached messages, depth first, with an explicit stack.
  const stack: Array<{ list: EmbeddedPstItem[]; i: number; member: string }> = [
    { list: read.embedded, i: 0, member },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const e = frame.list[frame.i++];
    if (e === undefined) {
      stack.pop();
      continue;
    }
    const m = nestMember(frame.member, `attachment ${e.position}`);
    yield {
      type: 'message',
      format: 'outlook-pst',
      bytes: e.bytes,
      location: { path: where.path, member: m, offset: 0, length: e.bytes.length },
      progressBytes: 0,
    };
    if (e.embedded.length > 0) stack.push({ list: e.embedded, i: 0, member: m });
  }
}

function safe<T>(fn: () => T): T | null {
  try {
    return quietly(fn);
  } catch {
    return null;
  }
}
