/**
 * The first `k` of the numbers offered, by `before` (a strict order: `before(a, b)` when a goes
 * first), without sorting them all: a bounded heap whose top is the last of those kept, O(n log
 * k). The facets' largest buckets (facet-counts.ts) and a page of matches in date order
 * (postgres/pg-date-page.ts) are chosen so.
 */
export class FirstK {
  private readonly heap: number[] = [];

  constructor(
    private readonly k: number,
    private readonly before: (a: number, b: number) => boolean,
  ) {}

  offer(n: number): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(n);
      this.up(heap.length - 1);
    } else if (heap.length > 0 && this.before(n, heap[0] as number)) {
      heap[0] = n;
      this.down(0);
    }
  }

  /** Those kept, first first. */
  sorted(): number[] {
    return this.heap.sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  private up(at: number): void {
    const heap = this.heap;
    const v = heap[at] as number;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = heap[parent] as number;
      if (!this.before(p, v)) break;
      heap[at] = p;
      at = parent;
    }
    heap[at] = v;
  }

  private down(at: number): void {
    const heap = this.heap;
    const v = heap[at] as number;
    const size = heap.length;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && this.before(heap[child] as number, heap[right] as number)) child = right;
      const c = heap[child] as number;
      if (!this.before(v, c)) break;
      heap[at] = c;
      at = child;
    }
    heap[at] = v;
  }
}
