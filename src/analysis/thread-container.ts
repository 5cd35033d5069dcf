/**
 * The node of JWZ threading: a "container" that holds a message or, when the message was only
 * ever referenced, nothing (a ghost). Children are a doubly linked sibling list so that
 * re-parenting, which JWZ does whenever a message's own headers contradict what other messages
 * implied, costs O(1) instead of a search through an array.
 */
export interface ThreadContainer {
  /** Index of the message in the (sorted) input, or -1 for a ghost. */
  message: number;
  /** The Message-ID this container stands for (without angle brackets), or null. */
  messageId: string | null;
  /**
   * This container is the one the id table maps `messageId` to, so references to that id reach
   * it. False for a second message reusing a taken id, and for containers without an id.
   */
  inIdTable: boolean;
  parent: ThreadContainer | null;
  firstChild: ThreadContainer | null;
  lastChild: ThreadContainer | null;
  prev: ThreadContainer | null;
  next: ThreadContainer | null;
  /** Set when pruning or subject grouping removed this container from the forest. */
  dropped: boolean;
  /** The message's date in ms since the epoch; +Infinity for a ghost or an undated message. */
  time: number;
  /** Tie-breaker among siblings: the message's item id, or a ghost's Message-ID. */
  key: string;
  /** Earliest message date in the subtree (filled in just before output). */
  first: number;
}

export function newContainer(
  message: number,
  messageId: string | null,
  inIdTable: boolean,
  time: number,
  key: string,
): ThreadContainer {
  return {
    message,
    messageId,
    inIdTable,
    time,
    key,
    first: time,
    parent: null,
    firstChild: null,
    lastChild: null,
    prev: null,
    next: null,
    dropped: false,
  };
}

/** Detaches `c` from its parent's child list (no-op for a root). */
export function unlink(c: ThreadContainer): void {
  const p = c.parent;
  if (p === null) return;
  if (c.prev === null) p.firstChild = c.next;
  else c.prev.next = c.next;
  if (c.next === null) p.lastChild = c.prev;
  else c.next.prev = c.prev;
  c.parent = null;
  c.prev = null;
  c.next = null;
}

/** Makes `child` the last child of `parent`, detaching it from any former parent first. */
export function appendChild(parent: ThreadContainer, child: ThreadContainer): void {
  unlink(child);
  child.parent = parent;
  child.prev = parent.lastChild;
  if (parent.lastChild === null) parent.firstChild = child;
  else parent.lastChild.next = child;
  parent.lastChild = child;
}

/** Replaces `c` in its parent's child list by its own children, in order; `c` ends childless and detached. */
export function spliceChildrenIntoParent(c: ThreadContainer): void {
  const p = c.parent;
  if (p === null) throw new Error('spliceChildrenIntoParent: container has no parent');
  const first = c.firstChild;
  const last = c.lastChild;
  if (first === null || last === null) {
    unlink(c);
    return;
  }
  for (let k: ThreadContainer | null = first; k !== null; k = k.next) k.parent = p;
  first.prev = c.prev;
  last.next = c.next;
  if (c.prev === null) p.firstChild = first;
  else c.prev.next = first;
  if (c.next === null) p.lastChild = last;
  else c.next.prev = last;
  c.parent = null;
  c.prev = null;
  c.next = null;
  c.firstChild = null;
  c.lastChild = null;
}

/**
 * The next container after `c` in a pre-order walk of the subtree rooted at `top`, or null at
 * the end. Uses the parent and sibling pointers only, so a walk needs no stack at all: a
 * 100,000-deep reply chain cannot overflow anything.
 */
export function nextInSubtree(c: ThreadContainer, top: ThreadContainer): ThreadContainer | null {
  if (c.firstChild !== null) return c.firstChild;
  let k: ThreadContainer | null = c;
  while (k !== null && k !== top) {
    if (k.next !== null) return k.next;
    k = k.parent;
  }
  return null;
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
export function wouldCreateLoop(parent: ThreadContainer, child: ThreadContainer): boolean {
  if (parent === child) return true;
  if (child.firstChild === null || parent.parent === null) return false;
  let up: ThreadContainer | null = parent.parent;
  let down: ThreadContainer | null = child.firstChild;
  for (;;) {
    if (up === null || down === null) return false;
    if (up === child || down === parent) return true;
    up = up.parent;
    down = nextInSubtree(down, child);
  }
}
