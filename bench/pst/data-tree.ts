import { MAX_BLOCK_DATA, type NdbFile, writeU64 } from './ndb-file.js';

/** BIDs one XBLOCK or XXBLOCK lists: (8176 − 8) / 8 ([MS-PST] 2.2.2.8.3.2). */
export const MAX_TREE_ENTRIES = 1021;
/** Entries one SLBLOCK holds: (8176 − 8) / 24 ([MS-PST] 2.2.2.8.3.3.1). */
const MAX_SL_ENTRIES = 340;
/** Entries one SIBLOCK holds: (8176 − 8) / 16. */
const MAX_SI_ENTRIES = 510;

/** What a node (or subnode) holds: its data, as the blocks of its data tree, and its subnodes. */
export interface NodeContent {
  /** Each at most 8176 bytes; one block for small data, else an XBLOCK/XXBLOCK lists them. */
  blocks: Buffer[];
  subnodes?: SubnodeContent[];
}

export interface SubnodeContent extends NodeContent {
  nid: number;
}

export interface WrittenNode {
  bidData: number;
  bidSub: number;
}

/** `data` cut into blocks of 8176 bytes (one empty block for empty data). */
export function splitBlocks(data: Buffer): Buffer[] {
  if (data.length === 0) return [Buffer.alloc(0)];
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += MAX_BLOCK_DATA) out.push(data.subarray(i, i + MAX_BLOCK_DATA));
  return out;
}

function treeBlock(level: 1 | 2, bids: number[], total: number): Buffer {
  const b = Buffer.alloc(8 + 8 * bids.length);
  b[0] = 0x01; // btype
  b[1] = level; // cLevel: 1 XBLOCK, 2 XXBLOCK
  b.writeUInt16LE(bids.length, 2);
  b.writeUInt32LE(total, 4); // lcbTotal
  bids.forEach((bid, i) => writeU64(b, bid, 8 + 8 * i));
  return b;
}

/**
 * Writes a data tree ([MS-PST] 2.2.2.8.3.2): one data block, or up to 1021 listed by an
 * XBLOCK, or up to 1021 XBLOCKs listed by an XXBLOCK (about 8.5 GB). Returns the root BID.
 */
export function writeDataTree(ndb: NdbFile, blocks: readonly Buffer[]): number {
  if (blocks.length === 0) throw new Error('pst writer: a data tree needs at least one block');
  if (blocks.length === 1) return ndb.writeBlock(blocks[0] as Buffer, false);
  const bids: number[] = [];
  const sizes: number[] = [];
  for (const b of blocks) {
    bids.push(ndb.writeBlock(b, false));
    sizes.push(b.length);
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > 0xffffffff) throw new RangeError('pst writer: node data over 4 GiB');
  if (bids.length <= MAX_TREE_ENTRIES) return ndb.writeBlock(treeBlock(1, bids, total), true);
  const xbids: number[] = [];
  for (let i = 0; i < bids.length; i += MAX_TREE_ENTRIES) {
    const part = sizes.slice(i, i + MAX_TREE_ENTRIES).reduce((a, b) => a + b, 0);
    xbids.push(ndb.writeBlock(treeBlock(1, bids.slice(i, i + MAX_TREE_ENTRIES), part), true));
  }
  if (xbids.length > MAX_TREE_ENTRIES) throw new RangeError('pst writer: node data too large');
  return ndb.writeBlock(treeBlock(2, xbids, total), true);
}

/** Writes a subnode B-tree ([MS-PST] 2.2.2.8.3.3): SLBLOCKs, under one SIBLOCK when needed. */
export function writeSubnodeTree(
  ndb: NdbFile,
  entries: ReadonlyArray<{ nid: number } & WrittenNode>,
): number {
  if (entries.length === 0) return 0;
  const sorted = [...entries].sort((a, b) => a.nid - b.nid);
  const leaves: Array<{ nid: number; bid: number }> = [];
  for (let i = 0; i < sorted.length; i += MAX_SL_ENTRIES) {
    const part = sorted.slice(i, i + MAX_SL_ENTRIES);
    const b = Buffer.alloc(8 + 24 * part.length);
    b[0] = 0x02; // btype
    b[1] = 0x00; // cLevel: SLBLOCK
    b.writeUInt16LE(part.length, 2);
    part.forEach((e, k) => {
      writeU64(b, e.nid, 8 + 24 * k);
      writeU64(b, e.bidData, 16 + 24 * k);
      writeU64(b, e.bidSub, 24 + 24 * k);
    });
    leaves.push({ nid: (part[0] as (typeof part)[number]).nid, bid: ndb.writeBlock(b, true) });
  }
  if (leaves.length === 1) return (leaves[0] as (typeof leaves)[number]).bid;
  if (leaves.length > MAX_SI_ENTRIES) throw new RangeError('pst writer: too many subnodes');
  const b = Buffer.alloc(8 + 16 * leaves.length);
  b[0] = 0x02;
  b[1] = 0x01; // SIBLOCK
  b.writeUInt16LE(leaves.length, 2);
  leaves.forEach((e, k) => {
    writeU64(b, e.nid, 8 + 16 * k);
    writeU64(b, e.bid, 16 + 16 * k);
  });
  return ndb.writeBlock(b, true);
}

/** Writes a node's subnodes (depth first), then its data tree and subnode tree. */
export function writeNodeContent(ndb: NdbFile, content: NodeContent): WrittenNode {
  const subs = (content.subnodes ?? []).map((s) => ({ nid: s.nid, ...writeNodeContent(ndb, s) }));
  const bidData = writeDataTree(ndb, content.blocks);
  return { bidData, bidSub: writeSubnodeTree(ndb, subs) };
}
