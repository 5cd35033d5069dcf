import type { Dirent } from 'node:fs';
import { opendirSync } from 'node:fs';

export const KIND_FILE = 0;
export const KIND_DIR = 1;
export const KIND_LINK = 2;
export const KIND_SPECIAL = 3;

/** Names per string of a listing: far below V8's longest string (2^29 characters) whatever the names. */
const BLOCK_BITS = 16;

/**
 * A folder's entries, sorted by name in code-unit order (the same on every machine and locale):
 * what a walk holds of a Maildir of a million files while it reads them. The names are kept as
 * one string per 65,536 of them and the end of each, not as a string each (~25 MB instead of ~60
 * for a million).
 */
export class FolderListing {
  constructor(
    private readonly blocks: Array<string | undefined>,
    /** The end of each name in its block's string. */
    private readonly ends: Uint32Array,
    readonly kinds: Uint8Array,
  ) {}

  get size(): number {
    return this.kinds.length;
  }

  name(i: number): string {
    const block = this.blocks[i >>> BLOCK_BITS];
    if (block === undefined)
      throw new Error(`internal: name ${i} of a folder listing was asked after it was forgotten`);
    const first = (i & ((1 << BLOCK_BITS) - 1)) === 0;
    return block.slice(first ? 0 : this.ends[i - 1], this.ends[i]);
  }

  /**
   * Lets go of the names before entry `i`, a block of them at a time, for a walk that reads
   * them in order: late in a Maildir of a million files, when an ingest's memory is at its
   * highest, the listing then holds the names still to read, not all ~17 MB of them.
   * `name` of a forgotten entry throws.
   */
  forgetBefore(i: number): void {
    for (let b = (i >>> BLOCK_BITS) - 1; b >= 0 && this.blocks[b] !== undefined; b--)
      this.blocks[b] = undefined;
  }
}

/** Entries read from the folder by one system call (Node's default is 32). */
const DIR_BUFFER = 1024;

/**
 * Calls `each` for every entry of a folder with its kind as `readdir` gives it (links are not
 * followed), until `each` returns true. One entry at a time: `readdir` would build an array of
 * every entry first, 1,000,000 Dirent objects (~150 MB of heap at once) for a Maildir's cur/ of
 * that size, a peak that stays in the process's resident memory after the array is gone.
 * Synchronous, like the Maildir reader's reads: a promise per entry made listing a million
 * files twice as slow.
 */
export function eachEntry(abs: string, each: (name: string, kind: number) => boolean | void): void {
  const dir = opendirSync(abs, { bufferSize: DIR_BUFFER });
  try {
    for (let e = dir.readSync(); e !== null; e = dir.readSync()) if (each(e.name, kindOf(e)) === true) return;
  } finally {
    dir.closeSync();
  }
}

/** Every entry of a folder, sorted by name (see `FolderListing`). */
export function listFolder(abs: string): FolderListing {
  const names: string[] = [];
  const kinds: number[] = [];
  eachEntry(abs, (name, kind) => {
    names.push(name);
    kinds.push(kind);
  });
  const order = new Int32Array(names.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => {
    const x = names[a]!;
    const y = names[b]!;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const sortedKinds = new Uint8Array(names.length);
  const ends = new Uint32Array(names.length);
  const blocks: string[] = [];
  for (let start = 0; start < order.length; start += 1 << BLOCK_BITS) {
    const block: string[] = [];
    let end = 0;
    for (let k = start; k < Math.min(order.length, start + (1 << BLOCK_BITS)); k++) {
      const i = order[k]!;
      const name = names[i]!;
      sortedKinds[k] = kinds[i]!;
      end += name.length;
      ends[k] = end;
      block.push(name);
    }
    blocks.push(block.join(''));
  }
  return new FolderListing(blocks, ends, sortedKinds);
}

function kindOf(e: Dirent): number {
  return e.isSymbolicLink() ? KIND_LINK : e.isDirectory() ? KIND_DIR : e.isFile() ? KIND_FILE : KIND_SPECIAL;
}
