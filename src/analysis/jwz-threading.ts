import { InnsynError } from '../model/index.js';
import { baseSubject } from './base-subject.js';
import { normaliseMessageId } from './normalise-message-id.js';
import {
  appendChild,
  newContainer,
  nextInSubtree,
  spliceChildrenIntoParent,
  unlink,
  wouldCreateLoop,
  type ThreadContainer,
} from './thread-container.js';
import { threadIdFor } from './thread-id.js';

/**
 * Email threading after Jamie Zawinski's description of the algorithm in Netscape Mail
 * ("message threading", jwz.org/doc/threading.html), the one RFC 5256 calls REFERENCES. Its
 * steps, numbered as there:
 *
 * 1. every message gets a container, indexed by Message-ID; every id it references gets one
 *    too (a ghost until its message shows up); consecutive References are linked parent to
 *    child unless a link already exists or would close a loop; the message's own container is
 *    put under the last reference, overriding what other messages implied;
 * 2./3. the roots are the containers without a parent; the id table is no longer needed;
 * 4. ghosts are pruned: childless ones dropped, ones inside a tree replaced by their children,
 *    a ghost root kept only when it holds several children (so siblings stay siblings);
 * 5. optionally roots with the same base subject are joined (see `subjectWindowDays`);
 * 6. siblings are sorted by date.
 *
 * Differences from the description, each on purpose:
 * - The input is first put in an order of its own (by date, then by id): the description's
 *   results depend on the order messages are seen in (which link came first wins), ours must not.
 * - A second message with a Message-ID already taken by a message gets a container of its own
 *   instead of being dropped or overwriting the first: leaks hold copies, and broken clients
 *   reuse ids. Replies to that id attach to the first (earliest) holder.
 * - In-Reply-To decides the parent when both headers are present: if it appears in References,
 *   References is cut after it (what follows it there contradicts the direct claim); if not,
 *   it is appended, as the description says.
 * - Subject grouping only joins roots that are close in time (the description joins any).
 * - Nothing recurses: every walk uses the containers' parent and sibling pointers or an
 *   explicit stack, so a 200,000-deep reply chain threads like any other.
 */

export interface ThreadableMessage {
  id: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  /** ISO 8601. */
  sentAt: string | null;
}

/** The same shape as `ThreadAssignment` in store/store.ts, so the store persists it directly. */
export interface ThreadTree {
  threadId: string;
  /** Depth-first order; `parentIndex` points into `nodes`; ghosts have `itemId: null`. */
  nodes: Array<{
    itemId: string | null;
    messageId: string | null;
    parentIndex: number | null;
    depth: number;
  }>;
}

export interface ThreadingOptions {
  /** Join roots whose base subjects are equal (JWZ step 5). Default true. */
  groupBySubject?: boolean;
  /**
   * Subject grouping joins a root to a group only when its first message is at most this many
   * days after the group's last message (default `DEFAULT_SUBJECT_WINDOW_DAYS`). Roots without
   * any date are never joined by subject. `Infinity` gives JWZ's unbounded grouping.
   */
  subjectWindowDays?: number;
}

/**
 * 30 days. Subject grouping exists for replies whose References were lost (list gateways, web
 * mail, copies forwarded out of a mailbox); those come within days or weeks of what they answer.
 * Mail archives have always cut threads at the month (pipermail and MHonArc index one month per
 * page) and readers accept that; a same-subject message after a longer silence with no header
 * tying it to the earlier ones is, as far as evidence goes, a new conversation. Without a window,
 * "Hello" or "Møtereferat" messages years apart would become one thread.
 */
export const DEFAULT_SUBJECT_WINDOW_DAYS = 30;

/**
 * Only the last this-many References of a message are used. Stops a crafted header with 10^5
 * ids from creating 10^5 ghosts and links per message; the nearest ancestors, which decide the
 * parent, are at the end. Clients trim long References themselves long before this.
 */
export const MAX_REFERENCES = 128;

const DAY_MS = 86_400_000;

/**
 * The messages as threading needs them, one row per message in input order, kept in parallel
 * arrays rather than one object per message: a rebuild holds every email of a case at once
 * (1,000,000 at the largest bench size). Message-IDs are interned (each distinct normalised
 * id is one string and one number) and each message's reference chain is a run of those
 * numbers. Headers, dates as text and the input objects themselves are not kept.
 */
class MessageTable {
  readonly itemIds: string[] = [];
  readonly subjects: Array<string | null> = [];
  /** ms since the epoch; +Infinity when unknown, so undated messages sort last. */
  readonly times: number[] = [];
  /** FNV-1a of the item id: a cheap first tie-breaker (string comparison is the slow part of sorting). */
  readonly hashes: number[] = [];
  /** The interned normalised Message-ID, or -1. */
  readonly own: number[] = [];
  /** Message k's reference chain (`referenceChain`) is `chains[chainEnd[k - 1] .. chainEnd[k])`. */
  chains = new Int32Array(4096);
  chainLength = 0;
  readonly chainEnd: number[] = [];
  readonly idStrings: string[] = [];
  private readonly idNumbers = new Map<string, number>();

  get size(): number {
    return this.itemIds.length;
  }

  add(m: ThreadableMessage): void {
    const t = m.sentAt === null ? NaN : Date.parse(m.sentAt);
    const messageId = normaliseMessageId(m.messageId);
    this.itemIds.push(m.id);
    this.subjects.push(m.subject);
    this.times.push(Number.isFinite(t) ? t : Infinity);
    this.hashes.push(fnv1a(m.id));
    this.own.push(messageId === null ? -1 : this.intern(messageId));
    for (const id of referenceChain(m, messageId)) {
      if (this.chainLength === this.chains.length) {
        const grown = new Int32Array(this.chains.length * 2);
        grown.set(this.chains);
        this.chains = grown;
      }
      this.chains[this.chainLength++] = this.intern(id);
    }
    this.chainEnd.push(this.chainLength);
  }

  messageIdOf(k: number): string | null {
    const n = this.own[k]!;
    return n === -1 ? null : this.idStrings[n]!;
  }

  /**
   * The processing order, a function of the messages themselves and not of their order in the
   * input: by date, then by a hash of the id, then (on a hash collision) the id.
   */
  sortedOrder(): Int32Array {
    const order = new Int32Array(this.size);
    for (let k = 0; k < order.length; k++) order[k] = k;
    const { times, hashes, itemIds } = this;
    return order.sort(
      (a, b) =>
        compareNum(times[a]!, times[b]!) ||
        hashes[a]! - hashes[b]! ||
        compareStr(itemIds[a]!, itemIds[b]!) ||
        compareStr(this.messageIdOf(a) ?? '', this.messageIdOf(b) ?? ''),
    );
  }

  /** The id table is no longer needed once every message is linked (JWZ step 2). */
  dropIdTable(): void {
    this.idNumbers.clear();
    this.chains = new Int32Array(0);
  }

  private intern(id: string): number {
    let n = this.idNumbers.get(id);
    if (n === undefined) {
      n = this.idStrings.length;
      this.idStrings.push(id);
      this.idNumbers.set(id, n);
    }
    return n;
  }
}

/** What the later steps read of the message at a position of the processing order. */
interface Sorted {
  itemId(position: number): string;
  subject(position: number): string | null;
}

/**
 * Threads email messages. Every input message appears exactly once in the output, whatever its
 * headers say; nothing about the content makes it throw. The input is not modified. The result
 * is a function of the set of messages alone (not of their order). Throws `InnsynError('usage')`
 * when `subjectWindowDays` is not a number >= 0.
 */
export function threadMessages(
  messages: Iterable<ThreadableMessage>,
  options: ThreadingOptions = {},
): ThreadTree[] {
  const settings = checkOptions(options);
  const table = new MessageTable();
  for (const m of messages) table.add(m);
  return threadTable(table, settings);
}

/**
 * `threadMessages` over a stream (the store's `listThreadingInputs`): each message is reduced to
 * what threading needs as it arrives, so the input objects are never all held at once.
 */
export async function threadMessagesFrom(
  messages: AsyncIterable<ThreadableMessage>,
  options: ThreadingOptions = {},
): Promise<ThreadTree[]> {
  const settings = checkOptions(options);
  const table = new MessageTable();
  for await (const m of messages) table.add(m);
  return threadTable(table, settings);
}

function checkOptions(options: ThreadingOptions): { groupBySubject: boolean; windowDays: number } {
  const groupBySubject = options.groupBySubject ?? true;
  const windowDays = options.subjectWindowDays ?? DEFAULT_SUBJECT_WINDOW_DAYS;
  if (typeof windowDays !== 'number' || !(windowDays >= 0)) {
    throw new InnsynError('usage', `subjectWindowDays must be a number >= 0, got ${String(windowDays)}`);
  }
  return { groupBySubject, windowDays };
}

function threadTable(
  table: MessageTable,
  settings: { groupBySubject: boolean; windowDays: number },
): ThreadTree[] {
  const order = table.sortedOrder();
  const containers: ThreadContainer[] = [];
  // The id table: interned Message-ID → its container.
  const byId: Array<ThreadContainer | undefined> = new Array<ThreadContainer | undefined>(
    table.idStrings.length,
  );
  const containerFor = (n: number): ThreadContainer => {
    let c = byId[n];
    if (c === undefined) {
      const id = table.idStrings[n]!;
      c = newContainer(-1, id, true, Infinity, id);
      byId[n] = c;
      containers.push(c);
    }
    return c;
  };

  // Step 1: containers and links.
  for (let i = 0; i < order.length; i++) {
    const k = order[i]!;
    const own = ownContainer(table, k, i, byId, containers);
    let prev: ThreadContainer | null = null;
    for (let r = k === 0 ? 0 : table.chainEnd[k - 1]!; r < table.chainEnd[k]!; r++) {
      const c = containerFor(table.chains[r]!);
      if (prev !== null && c.parent === null && !wouldCreateLoop(prev, c)) appendChild(prev, c);
      prev = c;
    }
    // The message's own headers are the best evidence of its parent: they override what other
    // messages' References implied, and a message with no references at all is a root.
    if (prev === null) unlink(own);
    else if (own.parent !== prev && !wouldCreateLoop(prev, own)) appendChild(prev, own);
  }
  table.dropIdTable();
  byId.length = 0;

  const sorted: Sorted = {
    itemId: (position) => table.itemIds[order[position]!]!,
    subject: (position) => table.subjects[order[position]!]!,
  };

  // Steps 2 to 4: roots, then prune ghosts.
  pruneGhosts(containers);

  // Step 5: subject grouping.
  if (settings.groupBySubject) groupRootsBySubject(containers, sorted, settings.windowDays * DAY_MS);

  // Step 6: sort and emit.
  return emit(containers, sorted);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function ownContainer(
  table: MessageTable,
  k: number,
  position: number,
  byId: Array<ThreadContainer | undefined>,
  containers: ThreadContainer[],
): ThreadContainer {
  const n = table.own[k]!;
  const time = table.times[k]!;
  const key = table.itemIds[k]!;
  if (n !== -1) {
    const known = byId[n];
    if (known === undefined) {
      const c = newContainer(position, table.idStrings[n]!, true, time, key);
      byId[n] = c;
      containers.push(c);
      return c;
    }
    if (known.message === -1) {
      known.message = position;
      known.time = time;
      known.key = key;
      return known;
    }
  }
  // No Message-ID, or one already taken by an earlier message: a container nobody can refer to.
  const c = newContainer(position, table.messageIdOf(k), false, time, key);
  containers.push(c);
  return c;
}

/** The ids to link, oldest ancestor first, ending with the parent; never the message's own id. */
function referenceChain(m: ThreadableMessage, ownId: string | null): string[] {
  const refs: string[] = [];
  const raw = m.references.length > MAX_REFERENCES ? m.references.slice(-MAX_REFERENCES) : m.references;
  for (const r of raw) {
    const id = normaliseMessageId(r);
    if (id !== null && id !== ownId) refs.push(id);
  }
  const inReplyTo = normaliseMessageId(m.inReplyTo);
  if (inReplyTo !== null && inReplyTo !== ownId) {
    const at = refs.lastIndexOf(inReplyTo);
    if (at === -1) refs.push(inReplyTo);
    else refs.length = at + 1;
  }
  return refs.length > MAX_REFERENCES ? refs.slice(-MAX_REFERENCES) : refs;
}

/** Every live container, roots in `roots` order, each tree in pre-order (parents before children). */
function preOrder(roots: ThreadContainer[]): ThreadContainer[] {
  const order: ThreadContainer[] = [];
  for (const root of roots) {
    for (let c: ThreadContainer | null = root; c !== null; c = nextInSubtree(c, root)) order.push(c);
  }
  return order;
}

function liveRoots(containers: ThreadContainer[]): ThreadContainer[] {
  return containers.filter((c) => !c.dropped && c.parent === null);
}

/**
 * JWZ step 4, bottom-up so that a ghost sees its children already pruned: reverse pre-order
 * visits every container after all of its descendants. Marks removed containers `dropped`.
 */
function pruneGhosts(containers: ThreadContainer[]): void {
  const order = preOrder(liveRoots(containers));
  for (let k = order.length - 1; k >= 0; k--) {
    const c = order[k]!;
    if (c.message !== -1) continue;
    if (c.parent !== null) {
      spliceChildrenIntoParent(c);
      c.dropped = true;
    } else if (c.firstChild === null) {
      c.dropped = true;
    } else if (c.firstChild === c.lastChild) {
      unlink(c.firstChild);
      c.dropped = true;
    }
  }
}

interface RootInfo {
  c: ThreadContainer;
  isReply: boolean;
  first: number;
  last: number;
}

/**
 * JWZ step 5 with a time window. Roots with the same base subject are ordered by their first
 * message and cut into groups wherever the next root is not a reply or starts more than
 * `windowMs` after the group's latest message. Inside a group JWZ's rules apply against one representative: a ghost
 * root is preferred (it already gathers siblings), else the earliest root that is not a reply.
 * A ghost takes the others as children (a ghost's own children join it), a non-reply takes a
 * reply as its child, and two messages of equal standing become siblings under a new ghost
 * rather than asserting that one answers the other.
 */
function groupRootsBySubject(containers: ThreadContainer[], sorted: Sorted, windowMs: number): void {
  const bySubject = new Map<string, RootInfo[]>();
  for (const c of liveRoots(containers)) {
    // After pruning, a ghost root's children are all messages; JWZ takes the subject from one.
    const subjectHolder = c.message !== -1 ? c : earliest(c);
    if (subjectHolder === null || subjectHolder.message === -1) continue;
    const { base, isReply } = baseSubject(sorted.subject(subjectHolder.message));
    if (base === '') continue;
    const [first, last] = span(c);
    if (!Number.isFinite(first)) continue;
    const info: RootInfo = { c, isReply: c.message !== -1 && isReply, first, last };
    const list = bySubject.get(base);
    if (list === undefined) bySubject.set(base, [info]);
    else list.push(info);
  }
  for (const list of bySubject.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => compareNum(a.first, b.first) || compareStr(a.c.key, b.c.key));
    let group: RootInfo[] = [list[0]!];
    let groupLast = list[0]!.last;
    for (let k = 1; k < list.length; k++) {
      const r = list[k]!;
      // Only a reply ("Re:", "SV:", …) joins by subject: two unrelated messages that both
      // start a conversation called "Hello" or "Meeting" must not become one thread (JWZ's
      // plain step 5 merges them; on a large leak that chains whole months together).
      if (r.isReply && r.first - groupLast <= windowMs) {
        group.push(r);
        groupLast = Math.max(groupLast, r.last);
      } else {
        mergeGroup(group, containers);
        group = [r];
        groupLast = r.last;
      }
    }
    mergeGroup(group, containers);
  }
}

function mergeGroup(group: RootInfo[], containers: ThreadContainer[]): void {
  if (group.length < 2) return;
  const rep = group.find((r) => r.c.message === -1) ?? group.find((r) => !r.isReply) ?? group[0]!;
  let target = rep.c;
  let targetIsReply = rep.isReply;
  for (const r of group) {
    if (r === rep) continue;
    if (target.message === -1) {
      if (r.c.message === -1) {
        while (r.c.firstChild !== null) appendChild(target, r.c.firstChild);
        r.c.dropped = true;
      } else {
        appendChild(target, r.c);
      }
    } else if (!targetIsReply && r.isReply) {
      appendChild(target, r.c);
    } else {
      const ghost = newContainer(-1, null, false, Infinity, '');
      containers.push(ghost);
      appendChild(ghost, target);
      appendChild(ghost, r.c);
      target = ghost;
      targetIsReply = false;
    }
  }
}

/** First and last known message date in the subtree of `root` (+Infinity, -Infinity when none). */
function span(root: ThreadContainer): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (let c: ThreadContainer | null = root; c !== null; c = nextInSubtree(c, root)) {
    if (!Number.isFinite(c.time)) continue;
    if (c.time < first) first = c.time;
    if (c.time > last) last = c.time;
  }
  return [first, last];
}

/** Sibling order: date (a ghost's is its earliest descendant's), then key. */
function bySortOrder(a: ThreadContainer, b: ThreadContainer): number {
  return compareNum(sortTime(a), sortTime(b)) || compareStr(a.key, b.key);
}

function sortTime(c: ThreadContainer): number {
  return c.message === -1 ? c.first : c.time;
}

/** The child that sorts first, or null for a childless container. */
function earliest(c: ThreadContainer): ThreadContainer | null {
  let best: ThreadContainer | null = null;
  for (let k = c.firstChild; k !== null; k = k.next) if (best === null || bySortOrder(k, best) < 0) best = k;
  return best;
}

/** See `threadIdFor`. */
function rootKey(root: ThreadContainer): string {
  const keyOf = (c: ThreadContainer): string | null => {
    if (c.inIdTable) return `mid:${c.messageId}`;
    if (c.message !== -1) return `item:${c.key}`;
    return null;
  };
  // A ghost made by subject grouping is named after its earliest child, which is a message.
  const child = earliest(root);
  return keyOf(root) ?? `subject:${child === null ? '' : (keyOf(child) ?? '')}`;
}

function emit(containers: ThreadContainer[], sorted: Sorted): ThreadTree[] {
  const roots = liveRoots(containers);
  // Earliest date below every container: reverse pre-order gives children before parents.
  const order = preOrder(roots);
  for (let k = order.length - 1; k >= 0; k--) {
    const c = order[k]!;
    let first = c.time;
    for (let ch = c.firstChild; ch !== null; ch = ch.next) if (ch.first < first) first = ch.first;
    c.first = first;
  }

  const threads: Array<{ tree: ThreadTree; first: number }> = [];
  const stack: ThreadContainer[] = [];
  const stackParent: Array<number | null> = [];
  const stackDepth: number[] = [];
  const children: ThreadContainer[] = [];
  for (const root of roots) {
    const nodes: ThreadTree['nodes'] = [];
    stack.push(root);
    stackParent.push(null);
    stackDepth.push(0);
    while (stack.length > 0) {
      const c = stack.pop()!;
      const parentIndex = stackParent.pop()!;
      const depth = stackDepth.pop()!;
      const index = nodes.length;
      nodes.push({
        itemId: c.message === -1 ? null : sorted.itemId(c.message),
        messageId: c.messageId,
        parentIndex,
        depth,
      });
      children.length = 0;
      for (let ch = c.firstChild; ch !== null; ch = ch.next) children.push(ch);
      if (children.length > 1) children.sort(bySortOrder);
      for (let k = children.length - 1; k >= 0; k--) {
        stack.push(children[k]!);
        stackParent.push(index);
        stackDepth.push(depth + 1);
      }
    }
    threads.push({ tree: { threadId: threadIdFor(rootKey(root)), nodes }, first: root.first });
  }
  threads.sort((a, b) => compareNum(a.first, b.first) || compareStr(a.tree.threadId, b.tree.threadId));
  return threads.map((t) => t.tree);
}

function compareNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
