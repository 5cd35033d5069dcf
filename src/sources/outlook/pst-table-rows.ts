import { PSTTable7C } from 'pst-extractor/dist/PSTTable7C.class.js';

/**
 * Where pst-extractor 1.x looks for the rows of a table context (a folder's contents table, a
 * message's recipient and attachment tables). Rows never span data blocks ([MS-PST] 2.3.4.4.1):
 * each block of the row matrix holds as many whole rows as fit, the rest is padding. The library
 * takes every block to be 8,176 bytes, the largest block of a PST. Outlook's 4 KiB-page OST files
 * (wVer 36, Outlook 2013 and later) have larger blocks: the "United States holidays" calendar of
 * pst-extractor's own test OST keeps its 160 rows of 339 bytes in one block of 54,240 bytes. Read
 * as 8,176-byte blocks, row 25 onwards came from the wrong bytes (node ids 3854752212, 15744 and
 * 0 where the file says 2098340), and the count came out 159: pst-extractor lists 47 items of the
 * file, innsyn stored the same 47 and quarantined 135 rows as unreadable items.
 *
 * Here the block size is the row matrix's own: one block holds every row (no boundary inside
 * it); a tree of blocks (XBLOCK) has its boundaries where its first block ends. For a PST, whose
 * blocks are at most 8,176 bytes, that is the library's size, and nothing changes. A matrix made
 * of several zlib-compressed blocks (4 KiB-page files) is read by the library as one buffer
 * without its boundaries; it keeps the library's size, as before.
 */
interface TableInternals {
  BLOCK_SIZE: number;
  TCI_bm: number;
  numberOfDataSets: number;
  rowNodeInfo?: {
    length(): number;
    pstNodeInputStream: { indexItems: Array<{ size: number }> };
  };
}

/** pst-extractor's own block size, kept where the matrix gives nothing better. */
const LIBRARY_BLOCK = 8176;

const fitted = new WeakSet<object>();

/** Sets the table's block size to its row matrix's and counts its rows with it (once a table). */
function fitRowBlocks(table: TableInternals): void {
  if (fitted.has(table)) return;
  fitted.add(table);
  const info = table.rowNodeInfo;
  if (info === undefined || table.TCI_bm <= 0) return;
  const length = info.length();
  const blocks = info.pstNodeInputStream.indexItems;
  let size = LIBRARY_BLOCK;
  if (blocks.length > 1) size = (blocks[0] as { size: number }).size;
  else if (blocks.length === 0 && length > LIBRARY_BLOCK) size = length;
  // A block smaller than one row holds none: a damaged tree; keep the library's reading.
  if (size < table.TCI_bm) return;
  table.BLOCK_SIZE = size;
  const perBlock = Math.trunc(size / table.TCI_bm);
  table.numberOfDataSets = Math.trunc(length / size) * perBlock + Math.trunc((length % size) / table.TCI_bm);
}

let installed = false;

export function installTableRowBlocks(): void {
  if (installed) return;
  installed = true;
  const proto = PSTTable7C.prototype as unknown as {
    getItems(this: PSTTable7C, start?: number, count?: number): ReturnType<PSTTable7C['getItems']>;
  };
  const getItems = proto.getItems;
  proto.getItems = function (this: PSTTable7C, start?: number, count?: number) {
    fitRowBlocks(this as unknown as TableInternals);
    return getItems.call(this, start, count);
  };
  Object.defineProperty(PSTTable7C.prototype, 'rowCount', {
    configurable: true,
    get(this: TableInternals): number {
      fitRowBlocks(this);
      return this.numberOfDataSets;
    },
  });
}
