import { type NodeContent, writeNodeContent } from './data-tree.js';
import { CONTENTS_COLUMNS, buildMessage } from './message-node.js';
import { nameToIdMap } from './named-props.js';
import { MAX_BLOCK_DATA, NdbFile } from './ndb-file.js';
import { buildPropertyContext } from './property-context.js';
import { type Prop, TAG, bin, bool, long, str } from './props.js';
import { type TableRow, buildTableContext } from './table-context.js';
import type {
  PstFolderInput,
  PstInput,
  PstMessageInput,
  PstWriteOptions,
  PstWriteResult,
  PstWriteStats,
} from './types.js';

/** Special NIDs ([MS-PST] 2.4.1) and NID types (2.2.2.1). */
const NID_MESSAGE_STORE = 0x21;
const NID_NAME_TO_ID_MAP = 0x61;
const NID_ROOT_FOLDER = 0x122;
const NID_HIERARCHY_TABLE_TEMPLATE = 0x60d;
const NID_CONTENTS_TABLE_TEMPLATE = 0x60e;
const NID_ASSOC_CONTENTS_TABLE_TEMPLATE = 0x60f;
const NID_SEARCH_CONTENTS_TABLE_TEMPLATE = 0x610;
const NID_TYPE_NORMAL_FOLDER = 0x02;
const NID_TYPE_SEARCH_FOLDER = 0x03;
const NID_TYPE_NORMAL_MESSAGE = 0x04;
const NID_TYPE_ASSOC_MESSAGE = 0x08;
const NID_TYPE_HIERARCHY_TABLE = 0x0d;
const NID_TYPE_CONTENTS_TABLE = 0x0e;
const NID_TYPE_ASSOC_CONTENTS_TABLE = 0x0f;
/** Folder NID indexes: the IPM subtree, Search Root and Deleted Items as Outlook numbers them. */
const IPM_SUBTREE_INDEX = 0x401;
const SEARCH_ROOT_INDEX = 0x402;
const DELETED_ITEMS_INDEX = 0x403;
const FIRST_USER_FOLDER_INDEX = 0x404;
const FIRST_MESSAGE_INDEX = 0x10000;
/** PidTagValidFolderMask: FOLDER_IPM_SUBTREE_VALID | FOLDER_IPM_WASTEBOX_VALID | FOLDER_FINDER_VALID. */
const VALID_FOLDER_MASK = 0x89;
const DEFAULT_UID = Buffer.from('696e6e73796e2d7073742d7772697465', 'hex');
/** A block's size is 16 bits, and with its 16-byte trailer it is padded to 64 bytes. */
const MAX_ROW_MATRIX_BLOCK = 65472;

const HIERARCHY_COLUMNS = [
  TAG.DisplayName,
  TAG.ContentCount,
  TAG.ContentUnreadCount,
  TAG.Subfolders,
  TAG.ContainerClass,
];

const nid = (index: number, type: number): number => ((index << 5) | type) >>> 0;

interface FolderSpec {
  name: string | null;
  containerClass?: string;
  messages?: Iterable<PstMessageInput>;
  subfolders: Array<{ spec: FolderSpec; index: number }>;
  user: boolean;
}

/**
 * Writes a Unicode PST ([MS-PST]) of `input`'s folders and messages to `outPath`, front to
 * back: each message is written as it is read from its folder's iterable, folders after their
 * contents, the B-trees and maps last. Memory holds one message, the contents-table rows of the
 * folders being written and the block index (about 40 bytes a block).
 *
 * The store has what Outlook and the readers expect: the message store, the name-to-id map,
 * the root folder with the IPM subtree ("Top of Personal Folders"), Deleted Items and Search
 * Root, the table templates, and per folder its hierarchy, contents and associated contents
 * tables.
 */
export function writePst(outPath: string, input: PstInput, options: PstWriteOptions = {}): PstWriteResult {
  const uid = Buffer.from(options.storeUid ?? DEFAULT_UID);
  if (uid.length !== 16) throw new RangeError('storeUid must be 16 bytes');
  const nextNid = new Map<number, number>([
    [NID_TYPE_SEARCH_FOLDER, 0x4000],
    [NID_TYPE_ASSOC_MESSAGE, 0x8000],
  ]);
  const rowBlock = options.rowMatrixBlock ?? MAX_BLOCK_DATA;
  if (!Number.isInteger(rowBlock) || rowBlock < MAX_BLOCK_DATA || rowBlock > MAX_ROW_MATRIX_BLOCK)
    throw new RangeError(
      `rowMatrixBlock must be an integer from ${MAX_BLOCK_DATA} to ${MAX_ROW_MATRIX_BLOCK}`,
    );
  const ndb = new NdbFile(outPath, { crypt: options.crypt ?? 0, nextNid, maxBlockData: rowBlock });
  const stats: PstWriteStats = { bytes: 0, messages: 0, attachments: 0, classes: {}, folders: 0 };
  const folderPaths: PstWriteResult['folderPaths'] = [];
  let nextFolder = FIRST_USER_FOLDER_INDEX;
  let nextMessage = FIRST_MESSAGE_INDEX;

  const node = (id: number, content: NodeContent, parent = 0): void => {
    ndb.addNode({ nid: id, ...writeNodeContent(ndb, content), nidParent: parent });
  };
  const entryId = (folderNid: number): Buffer => {
    const b = Buffer.alloc(24);
    uid.copy(b, 4);
    b.writeUInt32LE(folderNid, 20);
    return b;
  };

  const toSpec = (f: PstFolderInput): FolderSpec => ({
    name: f.name,
    containerClass: f.containerClass ?? 'IPF.Note',
    messages: f.messages,
    subfolders: (f.subfolders ?? []).map((s) => ({ spec: toSpec(s), index: 0 })),
    user: true,
  });

  /** Writes a folder's messages, its sub-folders, then the folder; returns its hierarchy row. */
  const writeFolder = (spec: FolderSpec, index: number, parent: number, path: string): Prop[] => {
    const self = nid(index, NID_TYPE_NORMAL_FOLDER);
    if (spec.user) stats.folders++;
    const rows: TableRow[] = [];
    let unread = 0;
    for (const m of spec.messages ?? []) {
      const id = nid(nextMessage++, NID_TYPE_NORMAL_MESSAGE);
      const built = buildMessage(m);
      node(id, built.content, self);
      rows.push({ id, props: built.row });
      if (m.read === false) unread++;
      stats.messages++;
      stats.attachments += built.attachments;
      stats.classes[built.messageClass] = (stats.classes[built.messageClass] ?? 0) + 1;
      stats.bytes = ndb.size;
      options.onMessage?.(stats);
    }
    folderPaths.push({ path, nid: self, items: rows.length });
    const hierarchy: TableRow[] = [];
    for (const sub of spec.subfolders) {
      const subIndex = sub.index || nextFolder++;
      const name = (sub.spec.name ?? '').replace(/\//g, '%2F');
      const row = writeFolder(sub.spec, subIndex, self, path === '' ? name : `${path}/${name}`);
      hierarchy.push({ id: nid(subIndex, NID_TYPE_NORMAL_FOLDER), props: row });
    }
    const props: Prop[] = [
      long(TAG.ContentCount, rows.length),
      long(TAG.ContentUnreadCount, unread),
      bool(TAG.Subfolders, hierarchy.length > 0),
      long(TAG.AssociatedContentCount, 0),
    ];
    if (spec.name !== null) props.push(str(TAG.DisplayName, spec.name));
    if (spec.containerClass !== undefined) props.push(str(TAG.ContainerClass, spec.containerClass));
    node(self, buildPropertyContext(props), parent);
    node(nid(index, NID_TYPE_HIERARCHY_TABLE), buildTableContext(HIERARCHY_COLUMNS, hierarchy, rowBlock));
    node(nid(index, NID_TYPE_CONTENTS_TABLE), buildTableContext(CONTENTS_COLUMNS, rows, rowBlock));
    node(nid(index, NID_TYPE_ASSOC_CONTENTS_TABLE), buildTableContext(CONTENTS_COLUMNS, []));
    return props.filter((p) => HIERARCHY_COLUMNS.includes(p.tag as (typeof HIERARCHY_COLUMNS)[number]));
  };

  const topName = options.topFolderName ?? 'Top of Personal Folders';
  const root: FolderSpec = {
    name: null,
    user: false,
    subfolders: [
      {
        index: IPM_SUBTREE_INDEX,
        spec: {
          name: topName,
          user: false,
          subfolders: [
            ...input.folders.map((f) => ({ spec: toSpec(f), index: 0 })),
            {
              index: DELETED_ITEMS_INDEX,
              spec: { name: 'Deleted Items', containerClass: 'IPF.Note', user: false, subfolders: [] },
            },
          ],
        },
      },
      { index: SEARCH_ROOT_INDEX, spec: { name: 'Search Root', user: false, subfolders: [] } },
    ],
  };
  writeFolder(root, NID_ROOT_FOLDER >>> 5, NID_ROOT_FOLDER, '');

  node(
    NID_MESSAGE_STORE,
    buildPropertyContext([
      bin(TAG.RecordKey, uid),
      str(TAG.DisplayName, options.displayName ?? 'Personal Folders'),
      long(TAG.ValidFolderMask, VALID_FOLDER_MASK),
      bin(TAG.IpmSubTreeEntryId, entryId(nid(IPM_SUBTREE_INDEX, NID_TYPE_NORMAL_FOLDER))),
      bin(TAG.IpmWastebasketEntryId, entryId(nid(DELETED_ITEMS_INDEX, NID_TYPE_NORMAL_FOLDER))),
      bin(TAG.FinderEntryId, entryId(nid(SEARCH_ROOT_INDEX, NID_TYPE_NORMAL_FOLDER))),
    ]),
  );
  node(NID_NAME_TO_ID_MAP, nameToIdMap());
  node(NID_HIERARCHY_TABLE_TEMPLATE, buildTableContext(HIERARCHY_COLUMNS, []));
  node(NID_CONTENTS_TABLE_TEMPLATE, buildTableContext(CONTENTS_COLUMNS, []));
  node(NID_ASSOC_CONTENTS_TABLE_TEMPLATE, buildTableContext(CONTENTS_COLUMNS, []));
  node(NID_SEARCH_CONTENTS_TABLE_TEMPLATE, buildTableContext(CONTENTS_COLUMNS, []));

  nextNid.set(NID_TYPE_NORMAL_FOLDER, nextFolder);
  nextNid.set(NID_TYPE_NORMAL_MESSAGE, nextMessage);
  for (let t = 0; t < 32; t++) if (!nextNid.has(t)) nextNid.set(t, 0x400);
  const size = ndb.finish();
  folderPaths.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...stats, bytes: size, path: outPath, folderPaths };
}
