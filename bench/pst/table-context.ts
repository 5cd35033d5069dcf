import { type NodeContent, type SubnodeContent, splitBlocks } from './data-tree.js';
import { CLIENT_SIG_TC, Heap, MAX_HEAP_ITEM, bthHeader, writeBth } from './heap.js';
import { MAX_BLOCK_DATA } from './ndb-file.js';
import { NID_TYPE_LTP } from './property-context.js';
import { type Prop, TAG, fixedSize, tagType } from './props.js';

export interface TableRow {
  /** dwRowID: the NID of the object the row stands for (a row number for recipients). */
  id: number;
  /** Cells by tag; a column without a value here is absent from the row (its CEB bit clear). */
  props: readonly Prop[];
}

interface Column {
  tag: number;
  ib: number;
  cb: number;
  bit: number;
}

/**
 * A table context ([MS-PST] 2.3.4): TCINFO, the row index (a BTH of row id → row number) and
 * the row matrix, in the heap when it fits in one allocation, else in a subnode whose blocks
 * hold whole rows (`blockBytes` each but the last: 8176, or more for a 4 KiB-page OST's shape,
 * PstWriteOptions.rowMatrixBlock). PidTagLtpRowId and PidTagLtpRowVer are the first two cells
 * of every row, as the format requires; `columns` are the others.
 */
export function buildTableContext(
  columns: readonly number[],
  rows: readonly TableRow[],
  blockBytes = MAX_BLOCK_DATA,
): NodeContent {
  const heap = new Heap(CLIENT_SIG_TC);
  const rowIndex = bthHeader(heap);
  const subnodes: SubnodeContent[] = [];
  let ltp = 1;

  const tags = [
    TAG.LtpRowId,
    TAG.LtpRowVer,
    ...columns.filter((t) => t !== TAG.LtpRowId && t !== TAG.LtpRowVer),
  ];
  const byTag = [...tags].sort((a, b) => a - b);
  const cols = new Map<number, Column>();
  const width = (tag: number): number => fixedSize(tagType(tag)) || 4;
  let ib = 0;
  // CEB bits in row layout order: the row id is bit 0, which libpff requires of the first column.
  const place = (tag: number): void => {
    cols.set(tag, { tag, ib, cb: width(tag), bit: cols.size });
    ib += width(tag);
  };
  place(TAG.LtpRowId);
  place(TAG.LtpRowVer);
  const rest = byTag.filter((t) => t !== TAG.LtpRowId && t !== TAG.LtpRowVer);
  for (const w of [8, 4]) for (const t of rest) if (width(t) === w) place(t);
  const tci4b = ib;
  for (const t of rest) if (width(t) === 2) place(t);
  const tci2b = ib;
  for (const t of rest) if (width(t) === 1) place(t);
  const tci1b = ib;
  const rowSize = tci1b + Math.ceil(tags.length / 8);

  const matrix = rows.map((row) => {
    const r = Buffer.alloc(rowSize);
    const setBit = (c: Column): void => {
      const at = tci1b + (c.bit >> 3);
      r[at] = (r[at] as number) | (0x80 >> (c.bit & 7));
    };
    r.writeUInt32LE(row.id >>> 0, 0);
    r.writeUInt32LE(1, 4);
    setBit(cols.get(TAG.LtpRowId) as Column);
    setBit(cols.get(TAG.LtpRowVer) as Column);
    for (const p of row.props) {
      const c = cols.get(p.tag);
      if (c === undefined) throw new Error(`pst writer: table has no column 0x${p.tag.toString(16)}`);
      if (fixedSize(tagType(p.tag)) > 0) p.value.copy(r, c.ib, 0, c.cb);
      else if (p.value.length === 0) continue;
      else if (p.value.length <= MAX_HEAP_ITEM) r.writeUInt32LE(heap.alloc(p.value), c.ib);
      else {
        const nid = ((ltp++ << 5) | NID_TYPE_LTP) >>> 0;
        subnodes.push({ nid, blocks: splitBlocks(p.value) });
        r.writeUInt32LE(nid, c.ib);
      }
      setBit(c);
    }
    return r;
  });

  const index = rows.map((row, i) => {
    const rec = Buffer.alloc(8);
    rec.writeUInt32LE(row.id >>> 0, 0);
    rec.writeUInt32LE(i, 4);
    return rec;
  });
  index.sort((a, b) => a.readUInt32LE(0) - b.readUInt32LE(0));
  writeBth(heap, rowIndex, 4, 4, index);

  let hnidRows = 0;
  if (matrix.length > 0 && matrix.length * rowSize <= MAX_HEAP_ITEM) {
    hnidRows = heap.alloc(Buffer.concat(matrix));
  } else if (matrix.length > 0) {
    const perBlock = Math.floor(blockBytes / rowSize);
    const blocks: Buffer[] = [];
    for (let i = 0; i < matrix.length; i += perBlock) {
      const part = Buffer.concat(matrix.slice(i, i + perBlock));
      const last = i + perBlock >= matrix.length;
      blocks.push(last ? part : Buffer.concat([part, Buffer.alloc(blockBytes - part.length)]));
    }
    hnidRows = ((ltp++ << 5) | NID_TYPE_LTP) >>> 0;
    subnodes.push({ nid: hnidRows, blocks });
  }

  const info = Buffer.alloc(22 + 8 * tags.length);
  info[0] = 0x7c; // bType
  info[1] = tags.length; // cCols
  info.writeUInt16LE(tci4b, 2);
  info.writeUInt16LE(tci2b, 4);
  info.writeUInt16LE(tci1b, 6);
  info.writeUInt16LE(rowSize, 8);
  info.writeUInt32LE(rowIndex, 10); // hidRowIndex
  info.writeUInt32LE(hnidRows, 14);
  info.writeUInt32LE(0, 18); // hidIndex (deprecated)
  byTag.forEach((tag, i) => {
    const c = cols.get(tag) as Column;
    const at = 22 + 8 * i;
    info.writeUInt32LE(tag >>> 0, at);
    info.writeUInt16LE(c.ib, at + 4);
    info[at + 6] = c.cb;
    info[at + 7] = c.bit;
  });
  const tcinfo = heap.alloc(info);
  return { blocks: heap.blocks(tcinfo), subnodes };
}
