import { type NodeContent, type SubnodeContent, splitBlocks } from './data-tree.js';
import { CLIENT_SIG_PC, Heap, MAX_HEAP_ITEM, bthHeader, writeBth } from './heap.js';
import { type Prop, fixedSize, tagId, tagType } from './props.js';

/** NID_TYPE_LTP ([MS-PST] 2.2.2.1): subnodes that hold a large property value. */
export const NID_TYPE_LTP = 0x1f;

/**
 * A property context ([MS-PST] 2.3.3): a BTH of (property id → type, value) in a heap.
 * Values of up to 4 bytes sit in the record; 8-byte ones and variable ones up to 3580 bytes
 * in the heap; bigger ones in subnodes of their own (NID_TYPE_LTP), which the node carries.
 * An empty variable value is HNID 0.
 */
export function buildPropertyContext(
  props: readonly Prop[],
  firstLtp = 1,
): NodeContent & { subnodes: SubnodeContent[] } {
  const heap = new Heap(CLIENT_SIG_PC);
  const header = bthHeader(heap);
  const subnodes: SubnodeContent[] = [];
  let ltp = firstLtp;
  const sorted = [...props].sort((a, b) => tagId(a.tag) - tagId(b.tag));
  const records = sorted.map((p, i) => {
    if (i > 0 && tagId((sorted[i - 1] as Prop).tag) === tagId(p.tag))
      throw new Error(`pst writer: property 0x${tagId(p.tag).toString(16)} given twice`);
    const type = tagType(p.tag);
    const r = Buffer.alloc(8);
    r.writeUInt16LE(tagId(p.tag), 0);
    r.writeUInt16LE(type, 2);
    const size = fixedSize(type);
    if (size > 0 && size <= 4) {
      p.value.copy(r, 4, 0, size);
    } else if (size === 8) {
      r.writeUInt32LE(heap.alloc(p.value), 4);
    } else if (p.value.length === 0) {
      r.writeUInt32LE(0, 4);
    } else if (p.value.length <= MAX_HEAP_ITEM) {
      r.writeUInt32LE(heap.alloc(p.value), 4);
    } else {
      const nid = ((ltp++ << 5) | NID_TYPE_LTP) >>> 0;
      subnodes.push({ nid, blocks: splitBlocks(p.value) });
      r.writeUInt32LE(nid, 4);
    }
    return r;
  });
  writeBth(heap, header, 2, 6, records);
  return { blocks: heap.blocks(header), subnodes };
}
