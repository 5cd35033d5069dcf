import { ITEM_ID_PATTERN } from '../model/index.js';
import { resized } from './thread-container.js';

/**
 * Item ids by row number, for threading, which holds one for every email of a case. A stored
 * item's id is 32 lower-case hex digits (`ITEM_ID_PATTERN`): those are kept as four 32-bit
 * words, 16 bytes, where a string costs ~56 with its slot in an array (1,000,000 emails: ~40 MB
 * less). Any other id (threading is also given ids of its own by tests and callers) is kept as
 * it is. `get` makes the string again; `compare` orders as the strings do.
 */
export class ItemIdTable {
  private words = new Uint32Array(4 * 1024);
  private readonly others = new Map<number, string>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(id: string): void {
    const k = this.count++;
    if (4 * k === this.words.length) this.words = resized(this.words, 4 * (k + (k >> 1)));
    if (!ITEM_ID_PATTERN.test(id)) {
      this.others.set(k, id);
      return;
    }
    for (let w = 0; w < 4; w++) this.words[4 * k + w] = parseInt(id.slice(8 * w, 8 * w + 8), 16);
  }

  get(k: number): string {
    const other = this.others.get(k);
    if (other !== undefined) return other;
    let id = '';
    for (let w = 0; w < 4; w++) id += this.words[4 * k + w]!.toString(16).padStart(8, '0');
    return id;
  }

  /** As `get(a)` and `get(b)` compare as strings (UTF-16 code units). */
  compare(a: number, b: number): number {
    if (this.others.size === 0 || (!this.others.has(a) && !this.others.has(b))) {
      // Lower-case hex digits sort as the numbers they spell, word by word.
      for (let w = 0; w < 4; w++) {
        const x = this.words[4 * a + w]!;
        const y = this.words[4 * b + w]!;
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    }
    const x = this.get(a);
    const y = this.get(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
}
