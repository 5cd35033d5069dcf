/**
 * Checks a compound file ([MS-CFB], the container of an Outlook .msg) before msgreader reads it.
 *
 * msgreader follows sector chains and directory links as they are written: a chain that loops
 * back on itself makes it loop for ever, a stream size of 2 GB makes it allocate 2 GB, two
 * directory entries sharing one long chain make it copy that chain once per entry, and a
 * directory tree that points back up makes it recurse until the stack overflows. So every
 * structure it will follow is walked here first, the way it will follow it (its own header
 * fields, its sector addressing, its 4096-byte small-stream cut-off), with a visited set,
 * bounds and an owner per sector; a file that fails any check is not handed to it at all.
 *
 * Returns null when the file is safe to read, else what is wrong, in words for a reason.
 */

/** Most directory entries read: each becomes an object in msgreader. A .msg with 200 recipients has about 2,000. */
export const MAX_CFB_ENTRIES = 200_000;
/**
 * Deepest storage nesting followed. msgreader walks storages recursively; an attached message
 * adds two levels (the attachment storage, then the message storage inside it), so this allows
 * about 30 messages inside each other while keeping its recursion far from the stack limit.
 */
export const MAX_CFB_DEPTH = 64;

const HEADER_BYTES = 512;
const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = -2;
const NO_STREAM = -1;
const ENTRY_BYTES = 128;
/** Streams shorter than this live in the mini stream (msgreader's BIG_BLOCK_MIN_DOC_SIZE). */
const MINI_CUTOFF = 4096;
const MINI_SECTOR = 64;
const TYPE_STORAGE = 1;
const TYPE_STREAM = 2;
const TYPE_ROOT = 5;

class Damaged extends Error {}

export function cfbProblem(bytes: Uint8Array): string | null {
  try {
    check(bytes);
    return null;
  } catch (e) {
    if (e instanceof Damaged) return e.message;
    if (e instanceof RangeError) return 'a structure runs past the end of the file (truncated?)';
    throw e;
  }
}

function check(bytes: Uint8Array): void {
  if (bytes.length < HEADER_BYTES)
    throw new Damaged(`only ${bytes.length} bytes, shorter than a compound-file header`);
  for (let k = 0; k < SIGNATURE.length; k++) {
    if (bytes[k] !== SIGNATURE[k]) throw new Damaged('no compound-file signature');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const int = (at: number): number => view.getInt32(at, true);
  // msgreader: 4096-byte sectors when the sector shift (byte 30) is 12, else 512.
  const sectorSize = bytes[30] === 12 ? 4096 : 512;
  const perSector = sectorSize / 4;
  const sectors = Math.floor((bytes.length - sectorSize) / sectorSize);
  if (sectors <= 0) throw new Damaged('no sectors after the header');
  const owner = new Uint8Array(sectors); // 0 free, 1 used: no sector belongs to two structures
  const sectorInt = (sector: number, index: number): number => int((sector + 1) * sectorSize + 4 * index);
  const claim = (sector: number, what: string): void => {
    if (!Number.isInteger(sector) || sector < 0 || sector >= sectors)
      throw new Damaged(`${what} points to sector ${sector}, outside the file (truncated?)`);
    if (owner[sector] === 1)
      throw new Damaged(`${what} uses sector ${sector}, which another structure uses too`);
    owner[sector] = 1;
  };

  const fatCount = int(0x2c);
  const directoryStart = int(0x30);
  const miniFatStart = int(0x3c);
  const miniFatCount = int(0x40);
  const difatStart = int(0x44);
  const difatCount = int(0x48);
  if (fatCount < 0 || fatCount > sectors) throw new Damaged(`header declares ${fatCount} FAT sectors`);
  if (difatCount < 0 || difatCount > sectors)
    throw new Damaged(`header declares ${difatCount} DIFAT sectors`);
  if (miniFatCount < 0 || miniFatCount > sectors)
    throw new Damaged(`header declares ${miniFatCount} mini FAT sectors`);

  // The FAT sectors, as msgreader collects them: 109 in the header, the rest from the DIFAT chain.
  const fat: number[] = [];
  for (let k = 0; k < Math.min(fatCount, 109); k++) fat.push(int(0x4c + 4 * k));
  if (difatCount > 0) {
    let remaining = fatCount - fat.length;
    let next = difatStart;
    for (let k = 0; k < difatCount; k++) {
      claim(next, 'the DIFAT');
      const take = Math.min(remaining, perSector - 1);
      for (let j = 0; j < take; j++) {
        const s = sectorInt(next, j);
        if (s === NO_STREAM || s === END_OF_CHAIN) break;
        fat.push(s);
      }
      remaining -= take;
      next = sectorInt(next, perSector - 1);
      if (next === NO_STREAM || next === END_OF_CHAIN) break;
    }
  }
  for (const s of fat) claim(s, 'the FAT');

  /** The next sector of a chain, as msgreader finds it (a link beyond the FAT ends the chain). */
  const nextSector = (sector: number): number => {
    const fatSector = fat[Math.floor(sector / perSector)];
    if (fatSector === undefined) return END_OF_CHAIN;
    return sectorInt(fatSector, sector % perSector);
  };
  /** Follows a FAT chain from `start`, claiming each sector; `limit` sectors at most. */
  const chain = (start: number, what: string, limit = sectors): number[] => {
    const out: number[] = [];
    let s = start;
    while (s !== END_OF_CHAIN) {
      if (out.length >= limit) throw new Damaged(`${what} is longer than the file`);
      claim(s, what);
      out.push(s);
      s = nextSector(s);
    }
    return out;
  };

  // Directory: its chain, then its entries.
  const directory = chain(directoryStart, 'the directory');
  const entryCount = directory.length * (sectorSize / ENTRY_BYTES);
  if (entryCount > MAX_CFB_ENTRIES)
    throw new Damaged(`${entryCount} directory entries, more than the limit of ${MAX_CFB_ENTRIES}`);
  const entry = (
    index: number,
  ): { type: number; left: number; right: number; child: number; start: number; size: number } => {
    const sector = directory[Math.floor(index / (sectorSize / ENTRY_BYTES))] as number;
    const at = (sector + 1) * sectorSize + (index % (sectorSize / ENTRY_BYTES)) * ENTRY_BYTES;
    return {
      type: bytes[at + 0x42] as number,
      left: int(at + 0x44),
      right: int(at + 0x48),
      child: int(at + 0x4c),
      start: int(at + 0x74),
      size: int(at + 0x78),
    };
  };
  if (entryCount === 0) throw new Damaged('an empty directory');
  const root = entry(0);
  if (root.type !== TYPE_ROOT) throw new Damaged('the first directory entry is not the root');

  // The mini FAT (msgreader reads miniFatCount sectors of it) and the mini stream (the root's chain).
  const miniFatSectors: number[] = [];
  let s = miniFatStart;
  for (let k = 0; k < miniFatCount && s !== END_OF_CHAIN && s !== 0; k++) {
    claim(s, 'the mini FAT');
    miniFatSectors.push(s);
    s = nextSector(s);
  }
  // msgreader follows the root's chain whatever its size says; a negative start ends at once.
  const miniStream = root.start < 0 ? [] : chain(root.start, 'the mini stream');
  const miniSectors = Math.floor((miniStream.length * sectorSize) / MINI_SECTOR);
  const miniOwner = new Uint8Array(miniSectors);
  const nextMini = (m: number): number => {
    const fatSector = miniFatSectors[Math.floor(m / perSector)];
    if (fatSector === undefined) return END_OF_CHAIN;
    return sectorInt(fatSector, m % perSector);
  };

  // Every entry reachable from the root, each once, no deeper than MAX_CFB_DEPTH.
  const seen = new Uint8Array(entryCount);
  seen[0] = 1;
  const storages: Array<{ child: number; depth: number }> = [{ child: root.child, depth: 1 }];
  while (storages.length > 0) {
    const { child, depth } = storages.pop() as { child: number; depth: number };
    if (child === NO_STREAM) continue;
    if (depth > MAX_CFB_DEPTH) throw new Damaged(`storages nested more than ${MAX_CFB_DEPTH} deep`);
    const siblings = [child];
    while (siblings.length > 0) {
      const index = siblings.pop() as number;
      if (index < 0 || index >= entryCount)
        throw new Damaged(`a directory link points to entry ${index}, which does not exist`);
      if (seen[index] === 1) throw new Damaged(`directory entry ${index} is linked twice (a loop)`);
      seen[index] = 1;
      const e = entry(index);
      if (e.left !== NO_STREAM) siblings.push(e.left);
      if (e.right !== NO_STREAM) siblings.push(e.right);
      if (e.type === TYPE_STORAGE) storages.push({ child: e.child, depth: depth + 1 });
      else if (e.type === TYPE_STREAM) checkStream(e.start, e.size, index);
      else throw new Damaged(`directory entry ${index} has type ${e.type}, neither storage nor stream`);
    }
  }

  function checkStream(start: number, size: number, index: number): void {
    const what = `stream ${index}`;
    if (size < 0) throw new Damaged(`${what} declares a negative size`);
    if (size === 0) return;
    if (size < MINI_CUTOFF) {
      // msgreader follows a small stream's chain to its end, not just for its size.
      const needed = Math.ceil(size / MINI_SECTOR);
      let m = start;
      let length = 0;
      while (m !== END_OF_CHAIN) {
        if (!Number.isInteger(m) || m < 0 || m >= miniSectors)
          throw new Damaged(`${what} (${size} bytes) runs outside the mini stream`);
        if (miniOwner[m] === 1)
          throw new Damaged(`${what} shares mini sector ${m} with another stream (a loop?)`);
        miniOwner[m] = 1;
        length++;
        m = nextMini(m);
      }
      if (length < needed) throw new Damaged(`${what} ends before its declared ${size} bytes`);
      return;
    }
    const needed = Math.ceil(size / sectorSize);
    if (needed > sectors) throw new Damaged(`${what} declares ${size} bytes, more than the file holds`);
    let t = start;
    for (let k = 0; k < needed; k++) {
      if (t === END_OF_CHAIN) throw new Damaged(`${what} ends before its declared ${size} bytes`);
      claim(t, what);
      t = nextSector(t);
    }
  }
}
