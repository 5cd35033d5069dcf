/**
 * A second, independent reading of a PST for the tests: a minimal walk of the node and block
 * B-trees of a Unicode PST ([MS-PST] 2.2.2.7, 2.2.2.8), written from the spec and sharing no
 * code with pst-extractor or src/sources/outlook. It lists every message node (NID type
 * NORMAL_MESSAGE, 0x04) with its parent folder's node id and its number of attachment objects
 * (subnodes of NID type ATTACHMENT, 0x05, in the message's subnode tree).
 */

export interface PstMessageNode {
  nid: number;
  parent: number;
  attachments: number;
}

const NID_TYPE_NORMAL_MESSAGE = 0x04;
const NID_TYPE_ATTACHMENT = 0x05;

export function censusOfPst(bytes: Uint8Array): PstMessageNode[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[10] !== 23) throw new Error(`this walker reads Unicode PSTs (wVer 23), not ${bytes[10]}`);
  const u64 = (at: number) => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
  const walk = (rootIb: number, entryBytes: number, leaf: (at: number) => void): void => {
    const stack = [rootIb];
    let pages = 0;
    while (stack.length > 0) {
      const ib = stack.pop() as number;
      if (++pages > 1e6) throw new Error('B-tree loops');
      const cEnt = bytes[ib + 488] as number;
      const cLevel = bytes[ib + 491] as number;
      for (let k = 0; k < cEnt; k++) {
        const at = ib + k * (cLevel > 0 ? 24 : entryBytes);
        if (cLevel > 0) stack.push(u64(at + 16));
        else leaf(at);
      }
    }
  };
  // Block B-tree: bid → (file offset, size).
  const blocks = new Map<number, { ib: number; cb: number }>();
  walk(u64(0xf0), 24, (at) => blocks.set(u64(at) & ~1, { ib: u64(at + 8), cb: v.getUint16(at + 16, true) }));
  // Node B-tree: message nodes.
  const out: PstMessageNode[] = [];
  walk(u64(0xe0), 32, (at) => {
    const nid = v.getUint32(at, true);
    if ((nid & 0x1f) !== NID_TYPE_NORMAL_MESSAGE) return;
    out.push({ nid, parent: v.getUint32(at + 24, true), attachments: attachmentsOf(u64(at + 16)) });
  });
  return out.sort((a, b) => a.nid - b.nid);

  function attachmentsOf(bidSub: number): number {
    if (bidSub === 0) return 0;
    let n = 0;
    const stack = [bidSub];
    while (stack.length > 0) {
      const b = blocks.get((stack.pop() as number) & ~1);
      if (!b) continue;
      const cLevel = bytes[b.ib + 1] as number;
      const cEnt = v.getUint16(b.ib + 2, true);
      for (let k = 0; k < cEnt; k++) {
        if (cLevel > 0) stack.push(u64(b.ib + 8 + k * 16 + 8));
        else if ((v.getUint32(b.ib + 8 + k * 24, true) & 0x1f) === NID_TYPE_ATTACHMENT) n++;
      }
    }
    return n;
  }
}
