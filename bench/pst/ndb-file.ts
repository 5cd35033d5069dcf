import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { computeSig, pstCrc } from './crc.js';
import { permute } from './permute.js';

/**
 * The node database layer of a Unicode PST ([MS-PST] 2.2.2), written front to back: blocks are
 * appended as they are made (a 1 GB file never sits in memory), the allocation maps and the two
 * B-trees are written at the end, and the header last.
 */

export const PAGE_BYTES = 512;
/** Bytes of data one block holds: 8 KiB less its 16-byte trailer ([MS-PST] 2.2.2.8). */
export const MAX_BLOCK_DATA = 8176;
const BLOCK_TRAILER = 16;
const FIRST_AMAP = 0x4400;
/** Bytes one AMap page maps: 496 bytes × 8 bits × 64 bytes ([MS-PST] 2.2.2.7.2). */
export const AMAP_SPAN = 496 * 8 * 64;
/** The header's own FMap and FPMap cover the first 128 AMaps / 128 × 8 PMaps ([MS-PST] 2.2.2.7.4/5). */
const FIRST_FMAP_REGION = 128;
const FMAP_EVERY = 496;
const FIRST_FPMAP_REGION = 128 * 8 * 8;
const FPMAP_EVERY = 496 * 8 * 8;

const PTYPE_BBT = 0x80;
const PTYPE_NBT = 0x81;
const PTYPE_FMAP = 0x82;
const PTYPE_PMAP = 0x83;
const PTYPE_AMAP = 0x84;
const PTYPE_FPMAP = 0x85;

const WRITE_BUFFER = 4 * 1024 * 1024;

export interface BlockRef {
  bid: number;
  ib: number;
}

/** A node of the NBT: its data block and subnode block ([MS-PST] 2.2.2.7.7.4). */
export interface NodeEntry {
  nid: number;
  bidData: number;
  bidSub: number;
  nidParent: number;
}

export interface NdbOptions {
  /** bCryptMethod: 0 = none; 1 = NDB_CRYPT_PERMUTE (data blocks byte-substituted). */
  crypt: 0 | 1;
  /** Next free NID index per NID type, for the header's rgnid ([MS-PST] 2.2.2.6). */
  nextNid: ReadonlyMap<number, number>;
  /** Largest block data allowed (default MAX_BLOCK_DATA); more only for PstWriteOptions.rowMatrixBlock. */
  maxBlockData?: number;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function isFMapRegion(r: number): boolean {
  return r >= FIRST_FMAP_REGION && (r - FIRST_FMAP_REGION) % FMAP_EVERY === 0;
}

function isFPMapRegion(r: number): boolean {
  return r >= FIRST_FPMAP_REGION && (r - FIRST_FPMAP_REGION) % FPMAP_EVERY === 0;
}

/** The map pages at the start of region `r`: AMap, then PMap (every 8th), FMap, FPMap. */
function mapPages(r: number): number[] {
  const out = [PTYPE_AMAP];
  if (r % 8 === 0) out.push(PTYPE_PMAP);
  if (isFMapRegion(r)) out.push(PTYPE_FMAP);
  if (isFPMapRegion(r)) out.push(PTYPE_FPMAP);
  return out;
}

function regionStart(r: number): number {
  return FIRST_AMAP + r * AMAP_SPAN;
}

export class NdbFile {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(WRITE_BUFFER);
  private bufStart = 0;
  private bufLen = 0;
  /** First free byte: everything is allocated in order, never freed. */
  private end: number;
  private readonly amaps: Buffer[] = [];
  private nextBid = 4;
  private readonly bbtBid: number[] = [];
  private readonly bbtIb: number[] = [];
  private readonly bbtCb: number[] = [];
  private readonly nodes: NodeEntry[] = [];
  private finished = false;
  /** Bytes of block data written (payload, without trailers and padding). */
  dataBytes = 0;

  constructor(
    readonly path: string,
    private readonly options: NdbOptions,
  ) {
    this.fd = openSync(path, 'w');
    this.end = regionStart(0);
    this.region(0);
  }

  /** File offset the next allocation starts at (the file's size so far). */
  get size(): number {
    return this.end;
  }

  /** The AMap bitmap of region `r`, made with its own map pages marked allocated. */
  private region(r: number): Buffer {
    let map = this.amaps[r];
    if (map === undefined) {
      for (let k = this.amaps.length; k <= r; k++) {
        const m = Buffer.alloc(496);
        const pages = mapPages(k).length;
        // Each page is 512 bytes = 8 bits of 64 bytes.
        for (let i = 0; i < pages; i++) m[i] = 0xff;
        this.amaps[k] = m;
      }
      map = this.amaps[r] as Buffer;
    }
    return map;
  }

  /** Reserves `size` bytes (a multiple of 64) aligned to `to`, inside one AMap region. */
  private alloc(size: number, to: number): number {
    let p = align(this.end, to);
    for (;;) {
      const r = Math.floor((p - FIRST_AMAP) / AMAP_SPAN);
      const start = regionStart(r);
      const dataStart = start + mapPages(r).length * PAGE_BYTES;
      if (p < dataStart) p = dataStart;
      if (p + size <= start + AMAP_SPAN) {
        const map = this.region(r);
        const first = (p - start) / 64;
        for (let bit = first; bit < first + size / 64; bit++) {
          map[bit >> 3] = (map[bit >> 3] as number) | (0x80 >> (bit & 7));
        }
        this.end = p + size;
        return p;
      }
      p = start + AMAP_SPAN;
    }
  }

  private write(at: number, data: Buffer): void {
    const gap = at - (this.bufStart + this.bufLen);
    if (gap < 0) throw new Error(`pst writer: write at ${at} goes backwards`);
    if (this.bufLen + gap + data.length > this.buf.length) {
      this.flush();
      this.bufStart = at;
      if (data.length > this.buf.length) {
        writeSync(this.fd, data, 0, data.length, at);
        this.bufStart = at + data.length;
        return;
      }
    } else if (gap > 0) {
      this.buf.fill(0, this.bufLen, this.bufLen + gap);
      this.bufLen += gap;
    }
    data.copy(this.buf, this.bufLen);
    this.bufLen += data.length;
  }

  private flush(): void {
    if (this.bufLen > 0) writeSync(this.fd, this.buf, 0, this.bufLen, this.bufStart);
    this.bufStart += this.bufLen;
    this.bufLen = 0;
  }

  /**
   * Writes one block ([MS-PST] 2.2.2.8): `data` (at most 8176 bytes), padding to a multiple of
   * 64 and the trailer. Internal blocks (XBLOCK, XXBLOCK, SLBLOCK, SIBLOCK) get the BID's
   * internal bit and are never encoded.
   */
  writeBlock(data: Buffer, internal: boolean): number {
    if (this.finished) throw new Error('pst writer: file already finished');
    if (data.length > (this.options.maxBlockData ?? MAX_BLOCK_DATA))
      throw new RangeError(`block of ${data.length} bytes`);
    const bid = this.nextBid + (internal ? 2 : 0);
    this.nextBid += 4;
    const total = align(data.length + BLOCK_TRAILER, 64);
    const ib = this.alloc(total, 64);
    const block = Buffer.alloc(total);
    if (!internal && this.options.crypt === 1) permute(data, block);
    else data.copy(block);
    const t = total - BLOCK_TRAILER;
    block.writeUInt16LE(data.length, t);
    block.writeUInt16LE(computeSig(ib, bid), t + 2);
    block.writeUInt32LE(pstCrc(block, 0, data.length), t + 4);
    writeU64(block, bid, t + 8);
    this.write(ib, block);
    this.bbtBid.push(bid);
    this.bbtIb.push(ib);
    this.bbtCb.push(data.length);
    this.dataBytes += data.length;
    return bid;
  }

  addNode(node: NodeEntry): void {
    this.nodes.push(node);
  }

  /** Writes the B-trees, allocation maps and header, and closes the file. Returns its size. */
  finish(): number {
    const bbtEntries: Array<{ key: number; bytes: Buffer }> = [];
    for (let i = 0; i < this.bbtBid.length; i++) {
      const e = Buffer.alloc(24);
      writeU64(e, this.bbtBid[i] as number, 0);
      writeU64(e, this.bbtIb[i] as number, 8);
      e.writeUInt16LE(this.bbtCb[i] as number, 16);
      e.writeUInt16LE(1, 18);
      bbtEntries.push({ key: this.bbtBid[i] as number, bytes: e });
    }
    bbtEntries.sort((a, b) => a.key - b.key);
    const nodes = [...this.nodes].sort((a, b) => a.nid - b.nid);
    for (let i = 1; i < nodes.length; i++) {
      if ((nodes[i] as NodeEntry).nid === (nodes[i - 1] as NodeEntry).nid)
        throw new Error(`pst writer: node ${(nodes[i] as NodeEntry).nid} written twice`);
    }
    const nbtEntries = nodes.map((n) => {
      const e = Buffer.alloc(32);
      writeU64(e, n.nid, 0);
      writeU64(e, n.bidData, 8);
      writeU64(e, n.bidSub, 16);
      e.writeUInt32LE(n.nidParent >>> 0, 24);
      return { key: n.nid, bytes: e };
    });
    const nbt = this.writeBTree(nbtEntries, PTYPE_NBT, 32);
    const bbt = this.writeBTree(bbtEntries, PTYPE_BBT, 24);
    this.finished = true;
    this.flush();

    const regions = Math.floor((this.end - 1 - FIRST_AMAP) / AMAP_SPAN) + 1;
    this.region(regions - 1);
    const eof = regionStart(regions);
    ftruncateSync(this.fd, eof);
    let amapFree = 0;
    const longestFree: number[] = [];
    for (let r = 0; r < regions; r++) {
      const map = this.amaps[r] as Buffer;
      let run = 0;
      let longest = 0;
      for (let bit = 0; bit < 496 * 8; bit++) {
        if (((map[bit >> 3] as number) & (0x80 >> (bit & 7))) === 0) {
          amapFree += 64;
          run++;
          if (run > longest) longest = run;
        } else run = 0;
      }
      longestFree.push(Math.min(255, longest));
    }
    for (let r = 0; r < regions; r++) {
      const start = regionStart(r);
      const pages = mapPages(r);
      for (let i = 0; i < pages.length; i++) {
        const ptype = pages[i] as number;
        const ib = start + i * PAGE_BYTES;
        let body: Buffer;
        if (ptype === PTYPE_AMAP) body = this.amaps[r] as Buffer;
        else if (ptype === PTYPE_FMAP) {
          // One byte per AMap: its longest run of free 64-byte units.
          body = Buffer.alloc(496);
          for (let k = 0; k < 496 && r + k < regions; k++) body[k] = longestFree[r + k] as number;
        } else {
          // PMaps and FPMaps are deprecated and not used by readers; every page "allocated".
          body = Buffer.alloc(496, 0xff);
        }
        const page = pageWithTrailer(body, ptype, 0, ib);
        writeSync(this.fd, page, 0, PAGE_BYTES, ib);
      }
    }
    const header = this.header({
      eof,
      amapLast: regionStart(regions - 1),
      amapFree,
      nbt,
      bbt,
    });
    writeSync(this.fd, header, 0, header.length, 0);
    closeSync(this.fd);
    return eof;
  }

  /** Writes a B-tree bottom up, pages filled in key order; returns the root's BREF. */
  private writeBTree(
    entries: Array<{ key: number; bytes: Buffer }>,
    ptype: number,
    cbLeaf: number,
  ): BlockRef {
    let level: Array<{ key: number; ref: BlockRef }> = [];
    const leafMax = Math.floor(488 / cbLeaf);
    for (let i = 0; i === 0 || i < entries.length; i += leafMax) {
      const chunk = entries.slice(i, i + leafMax);
      level.push({
        key: chunk[0]?.key ?? 0,
        ref: this.writeBTPage(
          ptype,
          chunk.map((c) => c.bytes),
          cbLeaf,
          leafMax,
          0,
        ),
      });
    }
    let cLevel = 0;
    while (level.length > 1) {
      cLevel++;
      const next: typeof level = [];
      for (let i = 0; i < level.length; i += 20) {
        const chunk = level.slice(i, i + 20);
        const rows = chunk.map((c) => {
          const e = Buffer.alloc(24);
          writeU64(e, c.key, 0);
          writeU64(e, c.ref.bid, 8);
          writeU64(e, c.ref.ib, 16);
          return e;
        });
        next.push({
          key: (chunk[0] as (typeof level)[number]).key,
          ref: this.writeBTPage(ptype, rows, 24, 20, cLevel),
        });
      }
      level = next;
    }
    return (level[0] as (typeof level)[number]).ref;
  }

  /** One BTPAGE ([MS-PST] 2.2.2.7.7.1). */
  private writeBTPage(
    ptype: number,
    rows: Buffer[],
    cbEnt: number,
    cEntMax: number,
    cLevel: number,
  ): BlockRef {
    const body = Buffer.alloc(496);
    rows.forEach((r, i) => r.copy(body, i * cbEnt));
    body[488] = rows.length;
    body[489] = cEntMax;
    body[490] = cbEnt;
    body[491] = cLevel;
    const bid = this.nextBid;
    this.nextBid += 4;
    const ib = this.alloc(PAGE_BYTES, PAGE_BYTES);
    this.write(ib, pageWithTrailer(body, ptype, bid, ib));
    return { bid, ib };
  }

  /** The HEADER with its ROOT ([MS-PST] 2.2.2.6, 2.2.2.5), Unicode. */
  private header(h: {
    eof: number;
    amapLast: number;
    amapFree: number;
    nbt: BlockRef;
    bbt: BlockRef;
  }): Buffer {
    const b = Buffer.alloc(564);
    b.write('!BDN', 0, 'latin1');
    b.writeUInt16LE(0x4d53, 8); // wMagicClient "SM"
    b.writeUInt16LE(23, 10); // wVer: Unicode
    b.writeUInt16LE(19, 12); // wVerClient
    b[14] = 1; // bPlatformCreate
    b[15] = 1; // bPlatformAccess
    writeU64(b, this.nextBid, 32); // bidNextP
    b.writeUInt32LE(1, 40); // dwUnique
    for (let t = 0; t < 32; t++) b.writeUInt32LE(this.options.nextNid.get(t) ?? 0, 44 + t * 4);
    // ROOT at 180
    writeU64(b, h.eof, 184);
    writeU64(b, h.amapLast, 192);
    writeU64(b, h.amapFree, 200);
    writeU64(b, 0, 208); // cbPMapFree
    writeU64(b, h.nbt.bid, 216);
    writeU64(b, h.nbt.ib, 224);
    writeU64(b, h.bbt.bid, 232);
    writeU64(b, h.bbt.ib, 240);
    b[248] = 0x02; // fAMapValid: VALID_AMAP2
    b.fill(0xff, 256, 512); // rgbFM, rgbFP: deprecated, all 0xFF
    b[512] = 0x80; // bSentinel
    b[513] = this.options.crypt;
    writeU64(b, this.nextBid, 516); // bidNextB
    b.writeUInt32LE(pstCrc(b, 8, 8 + 471), 4);
    b.writeUInt32LE(pstCrc(b, 8, 8 + 516), 524);
    return b;
  }
}

function pageWithTrailer(body: Buffer, ptype: number, bid: number, ib: number): Buffer {
  const page = Buffer.alloc(PAGE_BYTES);
  body.copy(page, 0, 0, 496);
  page[496] = ptype;
  page[497] = ptype;
  const isMap = ptype === PTYPE_AMAP || ptype === PTYPE_PMAP || ptype === PTYPE_FMAP || ptype === PTYPE_FPMAP;
  page.writeUInt16LE(isMap ? 0 : computeSig(ib, bid), 498);
  page.writeUInt32LE(pstCrc(page, 0, 496), 500);
  // Map pages carry their own offset as BID.
  writeU64(page, isMap ? ib : bid, 504);
  return page;
}

export function writeU64(b: Buffer, n: number, at: number): void {
  b.writeUInt32LE((n % 0x100000000) >>> 0, at);
  b.writeUInt32LE(Math.floor(n / 0x100000000) >>> 0, at + 4);
}
