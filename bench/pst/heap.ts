import { MAX_BLOCK_DATA } from './ndb-file.js';

/** Largest heap allocation ([MS-PST] 2.3.1.1); bigger values go to subnodes. */
export const MAX_HEAP_ITEM = 3580;

/** HN client signatures ([MS-PST] 2.3.1.2). */
export const CLIENT_SIG_TC = 0x7c;
export const CLIENT_SIG_PC = 0xbc;

interface Page {
  items: Buffer[];
  used: number;
}

/** Header bytes of heap page `i`: HNHDR, HNBITMAPHDR (pages 8, 136, …) or HNPAGEHDR. */
function headerBytes(i: number): number {
  if (i === 0) return 12;
  return i % 128 === 8 ? 66 : 2;
}

/** Page map bytes with `n` allocations: cAlloc, cFree, rgibAlloc[n + 1], and one byte to align. */
function mapBytes(n: number): number {
  return 4 + 2 * (n + 1) + 1;
}

/**
 * A heap-on-node ([MS-PST] 2.3.1): allocations of up to 3580 bytes packed into pages of at
 * most one block each; a HID names page and index. Built in memory, then cut into the blocks
 * of the node's data tree.
 */
export class Heap {
  private readonly pages: Page[] = [{ items: [], used: 0 }];

  constructor(private readonly clientSig: number) {}

  alloc(data: Buffer): number {
    if (data.length > MAX_HEAP_ITEM) throw new RangeError(`heap item of ${data.length} bytes`);
    let index = this.pages.length - 1;
    let page = this.pages[index] as Page;
    const full =
      headerBytes(index) + page.used + data.length + mapBytes(page.items.length + 1) > MAX_BLOCK_DATA;
    // hidIndex has 11 bits.
    if (full || page.items.length >= 2047) {
      page = { items: [], used: 0 };
      this.pages.push(page);
      index++;
    }
    page.items.push(data);
    page.used += data.length;
    return (index << 16) | (page.items.length << 5);
  }

  /** Replaces an allocation's bytes (same length), for a header written before what it points to. */
  set(hid: number, data: Buffer): void {
    const page = this.pages[hid >>> 16] as Page;
    const i = ((hid & 0xffff) >> 5) - 1;
    const old = page.items[i] as Buffer;
    if (old.length !== data.length) throw new Error('pst writer: heap item changes size');
    page.items[i] = data;
  }

  /** The pages as blocks, page 0 naming `hidUserRoot` as the heap's root. */
  blocks(hidUserRoot: number): Buffer[] {
    const sizes: number[] = [];
    const out = this.pages.map((p, i) => {
      const hdr = headerBytes(i);
      const end = hdr + p.used;
      const mapAt = end + (end & 1);
      const b = Buffer.alloc(mapAt + 4 + 2 * (p.items.length + 1));
      b.writeUInt16LE(mapAt, 0); // ibHnpm
      let off = hdr;
      b.writeUInt16LE(p.items.length, mapAt); // cAlloc
      b.writeUInt16LE(0, mapAt + 2); // cFree
      p.items.forEach((item, k) => {
        b.writeUInt16LE(off, mapAt + 4 + 2 * k);
        item.copy(b, off);
        off += item.length;
      });
      b.writeUInt16LE(off, mapAt + 4 + 2 * p.items.length);
      sizes.push(b.length);
      return b;
    });
    const first = out[0] as Buffer;
    first[2] = 0xec; // bSig
    first[3] = this.clientSig;
    first.writeUInt32LE(hidUserRoot >>> 0, 4);
    // rgbFillLevel: a nibble per page, how much room is left ([MS-PST] 2.3.1.2).
    const level = (i: number): number => fillLevel(MAX_BLOCK_DATA - (sizes[i] ?? MAX_BLOCK_DATA));
    for (let i = 0; i < 8 && i < out.length; i++) setNibble(first, 8, i, level(i));
    out.forEach((b, i) => {
      if (i === 0 || i % 128 !== 8) return;
      for (let k = 0; k < 128 && i + k < out.length; k++) setNibble(b, 2, k, level(i + k));
    });
    return out;
  }
}

function setNibble(b: Buffer, at: number, i: number, v: number): void {
  const o = at + (i >> 1);
  b[o] = i & 1 ? ((b[o] as number) & 0x0f) | (v << 4) : ((b[o] as number) & 0xf0) | v;
}

/** FILL_LEVEL_* of [MS-PST] 2.3.1.2 for `free` bytes. */
function fillLevel(free: number): number {
  const limits = [3584, 2560, 2048, 1792, 1536, 1280, 1024, 768, 512, 256, 128, 64, 32, 16, 8];
  for (let i = 0; i < limits.length; i++) if (free >= (limits[i] as number)) return i;
  return 15;
}

/**
 * Reserves a BTH header, to be filled by `writeBth`. pst-extractor expects a PC's or TC's first
 * allocation (HID 0x20) to be the BTH header, so this comes before anything else in the heap.
 */
export function bthHeader(heap: Heap): number {
  return heap.alloc(Buffer.alloc(8));
}

/**
 * A BTH ([MS-PST] 2.3.2) in `heap` under `header`: `records` are key+data, sorted by key;
 * leaves and index levels hold up to 3580 bytes each.
 */
export function writeBth(heap: Heap, header: number, cbKey: number, cbEnt: number, records: Buffer[]): void {
  let level: Array<{ key: Buffer; hid: number }> = [];
  const perLeaf = Math.floor(MAX_HEAP_ITEM / (cbKey + cbEnt));
  for (let i = 0; i < records.length; i += perLeaf) {
    const part = records.slice(i, i + perLeaf);
    level.push({ key: (part[0] as Buffer).subarray(0, cbKey), hid: heap.alloc(Buffer.concat(part)) });
  }
  let levels = 0;
  const perIndex = Math.floor(MAX_HEAP_ITEM / (cbKey + 4));
  while (level.length > 1) {
    levels++;
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += perIndex) {
      const part = level.slice(i, i + perIndex);
      const rec = Buffer.alloc(part.length * (cbKey + 4));
      part.forEach((p, k) => {
        p.key.copy(rec, k * (cbKey + 4));
        rec.writeUInt32LE(p.hid >>> 0, k * (cbKey + 4) + cbKey);
      });
      next.push({ key: (part[0] as (typeof part)[number]).key, hid: heap.alloc(rec) });
    }
    level = next;
  }
  const h = Buffer.alloc(8);
  h[0] = 0xb5; // bType
  h[1] = cbKey;
  h[2] = cbEnt;
  h[3] = levels; // bIdxLevels
  h.writeUInt32LE(level[0]?.hid ?? 0, 4); // hidRoot
  heap.set(header, h);
}
