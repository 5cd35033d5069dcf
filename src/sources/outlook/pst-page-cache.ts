import { readSync } from 'node:fs';
import type { PSTFile } from 'pst-extractor';

/**
 * Reads under pst-extractor. pst-extractor reads a PST a few bytes at a time, one system call each: a B-tree lookup reads
 * a page header, then every entry's key separately, a byte here and eight there. Per item that
 * is hundreds of calls (5 ms an item measured on testPST.pst, most of it in `read`). This puts a
 * small cache of 64 KiB pages under its one read function, so those calls hit memory; B-tree
 * pages near the root are read once for the whole file.
 */
const PAGE_BYTES = 64 * 1024;
/** Pages kept (16 MiB): the upper B-tree levels and the neighbourhood of the item being read. */
const MAX_PAGES = 256;
/**
 * Most reads pst-extractor may make for one item (or one folder) before it is stopped. Its
 * B-tree descent is a loop that follows the child pointers it reads: a page that points to
 * itself (or to a page above it) would keep it reading for ever. Reading a 100 MB attachment
 * takes about 300,000 reads; past this many the item is given up as looping.
 */
export const MAX_PST_READS_PER_ITEM = 5_000_000;

/** The private state and read function of PSTFile that the cache replaces (pst-extractor 1.x). */
interface PstFileInternals {
  pstFD: number;
  readSync(buffer: Buffer, length: number, position: number): number;
}

/** What the reader does with the guard: start counting anew for each item or folder. */
export interface PstReadGuard {
  reset(): void;
}

/**
 * Installs the read guard (MAX_PST_READS_PER_ITEM) on an opened PSTFile, and for one read from a
 * file (not an in-memory one) the page cache. Once exceeded, every read throws until `reset()`.
 */
export function guardPstReads(pst: PSTFile, fileSize: number): PstReadGuard {
  const f = pst as unknown as PstFileInternals;
  const original = f.readSync.bind(f);
  const fd = f.pstFD;
  let reads = 0;
  const guard: PstReadGuard = {
    reset: () => {
      reads = 0;
    },
  };
  const count = (): void => {
    if (++reads > MAX_PST_READS_PER_ITEM)
      throw new Error(
        `more than ${MAX_PST_READS_PER_ITEM} reads for one item: the PST's index loops (damaged or crafted file)`,
      );
  };
  if (typeof fd !== 'number' || fd <= 0) {
    f.readSync = (buffer, length, position) => {
      count();
      return original(buffer, length, position);
    };
    return guard;
  }
  const pages = new Map<number, Buffer>();
  const page = (index: number): Buffer => {
    const hit = pages.get(index);
    if (hit !== undefined) {
      // Most recently used last.
      pages.delete(index);
      pages.set(index, hit);
      return hit;
    }
    const start = index * PAGE_BYTES;
    const buf = Buffer.allocUnsafe(Math.min(PAGE_BYTES, Math.max(0, fileSize - start)));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n <= 0) break;
      got += n;
    }
    const data = got === buf.length ? buf : buf.subarray(0, got);
    pages.set(index, data);
    if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value as number);
    return data;
  };
  f.readSync = (buffer: Buffer, length: number, position: number): number => {
    count();
    let done = 0;
    while (done < length) {
      const at = position + done;
      if (at >= fileSize) break;
      const p = page(Math.floor(at / PAGE_BYTES));
      const from = at % PAGE_BYTES;
      if (from >= p.length) break;
      const n = p.copy(buffer, done, from, Math.min(p.length, from + length - done));
      if (n <= 0) break;
      done += n;
    }
    return done;
  };
  return guard;
}
