/**
 * The nodes of JWZ threading, "containers": each holds a message or, when the message was only
 * ever referenced, nothing (a ghost). A container is a number; its fields are parallel typed
 * arrays rather than an object each, because a rebuild holds one for every email of a case and
 * every id they reference (1,500,000 at the largest bench size: ~45 bytes each here against
 * ~150 as objects). Children are a doubly linked sibling list, so that re-parenting, which JWZ
 * does whenever a message's own headers contradict what other messages implied, costs O(1).
 * NONE (-1) stands for "no container" in every link.
 */
export const NONE = -1;

export class Containers {
  /** Position of the message in the sorted input, or NONE for a ghost. */
  message: Int32Array = new Int32Array(0);
  /** The interned Message-ID this container stands for, or NONE. */
  messageId: Int32Array = new Int32Array(0);
  parent: Int32Array = new Int32Array(0);
  firstChild: Int32Array = new Int32Array(0);
  lastChild: Int32Array = new Int32Array(0);
  prev: Int32Array = new Int32Array(0);
  next: Int32Array = new Int32Array(0);
  /**
   * Bit IN_ID_TABLE: the id table maps `messageId` to this container, so references to that id
   * reach it (not so for a second message reusing a taken id, nor a container without an id).
   * Bit DROPPED: pruning or subject grouping removed it from the forest.
   */
  flags: Uint8Array = new Uint8Array(0);
  /** The message's date in ms since the epoch; +Infinity for a ghost or an undated message. */
  time: Float64Array = new Float64Array(0);
  /** Earliest message date in the subtree (filled in just before output). */
  first: Float64Array = new Float64Array(0);
  count = 0;

  /**
   * Room for `expected` containers from the start: growing copies every array, and the old and
   * new copies are held together for a moment.
   */
  constructor(expected = 0) {
    if (expected > 0) this.grow(expected);
  }

  /** A new detached container; returns its number. */
  add(message: number, messageId: number, inIdTable: boolean, time: number): number {
    if (this.count === this.message.length) this.grow();
    const c = this.count++;
    this.message[c] = message;
    this.messageId[c] = messageId;
    this.parent[c] = NONE;
    this.firstChild[c] = NONE;
    this.lastChild[c] = NONE;
    this.prev[c] = NONE;
    this.next[c] = NONE;
    this.flags[c] = inIdTable ? IN_ID_TABLE : 0;
    this.time[c] = time;
    this.first[c] = time;
    return c;
  }

  isDropped(c: number): boolean {
    return (this.flags[c]! & DROPPED) !== 0;
  }

  drop(c: number): void {
    this.flags[c]! |= DROPPED;
  }

  inIdTable(c: number): boolean {
    return (this.flags[c]! & IN_ID_TABLE) !== 0;
  }

  /** Detaches `c` from its parent's child list (no-op for a root). */
  unlink(c: number): void {
    const p = this.parent[c]!;
    if (p === NONE) return;
    const prev = this.prev[c]!;
    const next = this.next[c]!;
    if (prev === NONE) this.firstChild[p] = next;
    else this.next[prev] = next;
    if (next === NONE) this.lastChild[p] = prev;
    else this.prev[next] = prev;
    this.parent[c] = NONE;
    this.prev[c] = NONE;
    this.next[c] = NONE;
  }

  /** Makes `child` the last child of `parent`, detaching it from any former parent first. */
  appendChild(parent: number, child: number): void {
    this.unlink(child);
    const last = this.lastChild[parent]!;
    this.parent[child] = parent;
    this.prev[child] = last;
    if (last === NONE) this.firstChild[parent] = child;
    else this.next[last] = child;
    this.lastChild[parent] = child;
  }

  /** Replaces `c` in its parent's child list by its own children, in order; `c` ends childless and detached. */
  spliceChildrenIntoParent(c: number): void {
    const p = this.parent[c]!;
    if (p === NONE) throw new Error('spliceChildrenIntoParent: container has no parent');
    const first = this.firstChild[c]!;
    const last = this.lastChild[c]!;
    if (first === NONE) {
      this.unlink(c);
      return;
    }
    for (let k = first; k !== NONE; k = this.next[k]!) this.parent[k] = p;
    const prev = this.prev[c]!;
    const next = this.next[c]!;
    this.prev[first] = prev;
    this.next[last] = next;
    if (prev === NONE) this.firstChild[p] = first;
    else this.next[prev] = first;
    if (next === NONE) this.lastChild[p] = last;
    else this.prev[next] = last;
    this.parent[c] = NONE;
    this.prev[c] = NONE;
    this.next[c] = NONE;
    this.firstChild[c] = NONE;
    this.lastChild[c] = NONE;
  }

  /**
   * The next container after `c` in a pre-order walk of the subtree rooted at `top`, or NONE at
   * the end. Uses the parent and sibling links only, so a walk needs no stack at all: a
   * 100,000-deep reply chain cannot overflow anything.
   */
  nextInSubtree(c: number, top: number): number {
    const child = this.firstChild[c]!;
    if (child !== NONE) return child;
    for (let k = c; k !== NONE && k !== top; k = this.parent[k]!) {
      const next = this.next[k]!;
      if (next !== NONE) return next;
    }
    return NONE;
  }

  /**
   * True when making `child` a child of `parent` would close a loop, i.e. `parent` is `child`
   * itself or lies inside `child`'s subtree. Forged or broken References (A refs B, B refs A;
   * a message that lists itself) produce exactly such links.
   *
   * Two walkers run in lock-step, one up from `parent` towards its root and one down through
   * `child`'s subtree; whichever finishes first answers. The cost is therefore twice the smaller
   * of the two (depth of `parent`, size of `child`'s subtree) rather than either alone: a late
   * leaf joining the bottom of a 200,000-deep chain costs one step, not 200,000.
   */
  wouldCreateLoop(parent: number, child: number): boolean {
    if (parent === child) return true;
    if (this.firstChild[child] === NONE || this.parent[parent] === NONE) return false;
    let up = this.parent[parent]!;
    let down = this.firstChild[child]!;
    for (;;) {
      if (up === NONE || down === NONE) return false;
      if (up === child || down === parent) return true;
      up = this.parent[up]!;
      down = this.nextInSubtree(down, child);
    }
  }

  /** To `size` containers, or by half as many again as there are (not double: this may be 100 MB). */
  private grow(size = Math.max(1024, Math.ceil(this.message.length * 1.5))): void {
    this.message = resized(this.message, size);
    this.messageId = resized(this.messageId, size);
    this.parent = resized(this.parent, size);
    this.firstChild = resized(this.firstChild, size);
    this.lastChild = resized(this.lastChild, size);
    this.prev = resized(this.prev, size);
    this.next = resized(this.next, size);
    this.flags = resized(this.flags, size);
    this.time = resized(this.time, size);
    this.first = resized(this.first, size);
  }
}

/** A copy of `a` with room for `size` elements (the first `a.length` kept). */
export function resized<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(
  a: T,
  size: number,
): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

const IN_ID_TABLE = 1;
const DROPPED = 2;
