/**
 * Passage hashes (two 32-bit halves) → small dense ids, in an open-addressing table over typed
 * arrays. A case of 100,000 items holds millions of five-word passages; a JS Map keyed by a
 * 53-bit number stores each key as a heap double and was a tenth of the whole run, and 32 bits
 * alone would give thousands of chance collisions (false quotes). 64 bits in two Uint32Arrays
 * cost 12 bytes a passage and no garbage.
 */
export class ShingleTable {
  private h1: Uint32Array;
  private h2: Uint32Array;
  /** id + 1 per slot; 0 = empty. */
  private ids: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.h1 = new Uint32Array(cap);
    this.h2 = new Uint32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** Number of distinct passages (ids are 0 … size − 1). */
  get size(): number {
    return this.count;
  }

  private slotOf(a: number, b: number): number {
    let s = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const id = this.ids[s] as number;
      if (id === 0 || (this.h1[s] === a && this.h2[s] === b)) return s;
      s = (s + 1) & this.mask;
    }
  }

  /** The id of passage (a, b), or −1 when it was never added. */
  get(a: number, b: number): number {
    return (this.ids[this.slotOf(a, b)] as number) - 1;
  }

  /** The id of passage (a, b), adding it when new. */
  add(a: number, b: number): number {
    const s = this.slotOf(a, b);
    const id = this.ids[s] as number;
    if (id !== 0) return id - 1;
    this.h1[s] = a;
    this.h2[s] = b;
    this.ids[s] = ++this.count;
    if (this.count * 2 > this.mask) this.grow();
    return this.count - 1;
  }

  private grow(): void {
    const { h1, h2, ids } = this;
    const cap = ids.length * 2;
    this.h1 = new Uint32Array(cap);
    this.h2 = new Uint32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let s = 0; s < ids.length; s++) {
      const id = ids[s] as number;
      if (id === 0) continue;
      const t = this.slotOf(h1[s] as number, h2[s] as number);
      this.h1[t] = h1[s] as number;
      this.h2[t] = h2[s] as number;
      this.ids[t] = id;
    }
  }
}
