/**
 * Inverted indexes over the public items: key (a link, a stem, a passage hash, a person) →
 * the positions of the public items that hold it, in time order. The public items are sorted
 * by time once, so a position list is sorted by time too, and the items that follow a private
 * message within the window are one slice of it, found by binary search. This is what keeps
 * the analysis from comparing every private item with every public one.
 */

/** Positions of items (into the time-sorted public list) per key, each list ascending. */
export class Postings<K> {
  private readonly lists = new Map<K, number[]>();

  /** Adds `pos` under `key`. Positions must be added in ascending order (a repeat is ignored). */
  add(key: K, pos: number): void {
    const list = this.lists.get(key);
    if (list === undefined) this.lists.set(key, [pos]);
    else if (list[list.length - 1] !== pos) list.push(pos);
  }

  has(key: K): boolean {
    return this.lists.has(key);
  }

  /** How many items hold `key`. */
  count(key: K): number {
    return this.lists.get(key)?.length ?? 0;
  }

  /**
   * The positions under `key` in [lo, hi), at most `max` of them (the first ones, i.e. the
   * earliest), as a list and the range inside it (no copy).
   */
  range(key: K, lo: number, hi: number, max: number): PostingSlice {
    return sliceOf(this.lists.get(key), lo, hi, max);
  }
}

/** `list[from]` … `list[to - 1]`. */
export interface PostingSlice {
  list: ArrayLike<number>;
  from: number;
  to: number;
}

const EMPTY: readonly number[] = [];

/** The positions of ascending `list` in [lo, hi), at most `max` (the first ones). */
export function sliceOf(
  list: readonly number[] | undefined,
  lo: number,
  hi: number,
  max: number,
): PostingSlice {
  if (list === undefined || lo >= hi) return { list: EMPTY, from: 0, to: 0 };
  const from = lowerBound(list, lo);
  const to = Math.min(lowerBound(list, hi), from + max);
  return { list, from, to };
}

/**
 * Position lists for dense integer keys (passage ids), packed in one Int32Array (compressed
 * sparse rows): millions of passages, nearly all held by one item, would otherwise be millions
 * of one-element arrays. Built once from (key, position) pairs given in ascending position order.
 */
export class PackedPostings {
  private readonly offsets: Int32Array;
  private readonly positions: Int32Array;

  /** `keys[k]` holds `positions[k]`, for k < count; keys are 0 … keyCount − 1. */
  constructor(keys: Int32Array, positions: Int32Array, count: number, keyCount: number) {
    const offsets = new Int32Array(keyCount + 1);
    for (let k = 0; k < count; k++)
      offsets[(keys[k] as number) + 1] = (offsets[(keys[k] as number) + 1] as number) + 1;
    for (let id = 0; id < keyCount; id++)
      offsets[id + 1] = (offsets[id + 1] as number) + (offsets[id] as number);
    const fill = offsets.slice(0, keyCount);
    const packed = new Int32Array(count);
    for (let k = 0; k < count; k++) {
      const id = keys[k] as number;
      packed[fill[id] as number] = positions[k] as number;
      fill[id] = (fill[id] as number) + 1;
    }
    this.offsets = offsets;
    this.positions = packed;
  }

  /** The positions under `key` in [lo, hi), at most `max` (the first ones). */
  range(key: number, lo: number, hi: number, max: number): PostingSlice {
    const start = this.offsets[key];
    const end = this.offsets[key + 1];
    if (start === undefined || end === undefined || lo >= hi) return { list: EMPTY, from: 0, to: 0 };
    const from = lowerBound(this.positions, lo, start, end);
    const to = Math.min(lowerBound(this.positions, hi, from, end), from + max);
    return { list: this.positions, from, to };
  }
}

/** The first index in ascending `xs[start … end)` whose value is ≥ `v` (`end` when none). */
export function lowerBound(xs: ArrayLike<number>, v: number, start = 0, end = xs.length): number {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index in ascending `xs` whose value is > `v` (xs.length when none). */
export function upperBound(xs: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
