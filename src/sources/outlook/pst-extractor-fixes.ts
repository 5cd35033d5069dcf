import { PSTNodeInputStream } from 'pst-extractor/dist/PSTNodeInputStream.class.js';
import { installBtreeLookup } from './pst-btree-lookup.js';
import { installFastStreamReads } from './pst-stream-reads.js';
import { installTableRowBlocks } from './pst-table-rows.js';

/**
 * One fix to pst-extractor 1.x, applied once when the PST reader loads. Its
 * `PSTNodeInputStream.readCompletely` loops until the target buffer is full, but a read that
 * returns nothing (a damaged node that declares more bytes than its blocks hold: it compares
 * positions as objects, so it never sees the end) makes no progress, and the loop then spins
 * for ever (found by corrupting bytes of testPST.pst). Here such a read is an error, which the
 * PST reader reports for the item. Its B-tree lookup and small-integer reads are replaced
 * too, for speed (pst-btree-lookup.ts, pst-stream-reads.ts), and its tables find their rows in
 * the blocks of 4 KiB-page OST files (pst-table-rows.ts).
 */
let applied = false;

export function fixPstExtractor(): void {
  if (applied) return;
  applied = true;
  installBtreeLookup();
  installFastStreamReads();
  installTableRowBlocks();
  PSTNodeInputStream.prototype.readCompletely = function readCompletely(
    this: PSTNodeInputStream,
    target: Buffer,
  ): void {
    let offset = 0;
    while (offset < target.length) {
      const n = this.readFromOffset(target, offset, target.length - offset);
      if (n <= 0)
        throw new Error(
          `a node of the PST holds fewer bytes than it declares (${offset} of ${target.length}); damaged`,
        );
      offset += n;
    }
  };
}
