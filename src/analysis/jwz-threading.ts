import { InnsynError } from '../model/index.js';
import { ItemIdTable } from './item-id-table.js';
import { StringInterner } from '../model/text/string-interner.js';
import { baseSubject } from './base-subject.js';
import { normaliseMessageId } from './normalise-message-id.js';
import { Containers, NONE, resized } from './thread-container.js';
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
 * typed arrays rather than one object per message: a rebuild holds every email of a case at
 * once (1,000,000 at the largest bench size). Message-IDs and base subjects are interned (each
 * distinct one is one string and one number) and each message's reference chain is a run of
 * those numbers; item ids are 16 bytes each (`ItemIdTable`). Headers, subjects, dates as text
 * and the input objects are not kept.
 */
class MessageTable {
  readonly itemIds = new ItemIdTable();
  /** ms since the epoch; +Infinity when unknown, so undated messages sort last. */
  times: Float64Array = new Float64Array(1024);
  /** FNV-1a of the item id: a cheap first tie-breaker (string comparison is the slow part of sorting). */
  hashes: Uint32Array = new Uint32Array(1024);
  /** The interned normalised Message-ID, or -1. */
  own: Int32Array = new Int32Array(1024);
  /**
   * The interned base subject (JWZ step 5 compares only those), or -1 when nothing is left of
   * it; replies share their thread's, so far fewer strings are kept than messages. `replyFlags`
   * is 1 where a reply or forward prefix was stripped.
   */
  baseSubjects: Int32Array = new Int32Array(1024);
  replyFlags: Uint8Array = new Uint8Array(1024);
  /** Message k's reference chain (`referenceChain`) is `chains[chainEnd[k - 1] .. chainEnd[k])`. */
  chains: Int32Array = new Int32Array(4096);
  chainLength = 0;
  chainEnd: Int32Array = new Int32Array(1024);
  /** Interned Message-IDs; the index goes once messages are linked, the strings stay. */
  private ids: StringInterner | null = new StringInterner();
  readonly idStrings: string[] = this.ids!.strings;
  /** Interned base subjects: only their numbers are compared, the whole table goes after grouping. */
  private bases: StringInterner | null = new StringInterner();

  get size(): number {
    return this.itemIds.size;
  }

  add(m: ThreadableMessage): void {
    const k = this.itemIds.size;
    if (k === this.times.length) this.grow(k + (k >> 1));
    const t = m.sentAt === null ? NaN : Date.parse(m.sentAt);
    const messageId = normaliseMessageId(m.messageId);
    const { base, isReply } = baseSubject(m.subject);
    this.itemIds.add(m.id);
    this.times[k] = Number.isFinite(t) ? t : Infinity;
    this.hashes[k] = fnv1a(m.id);
    this.own[k] = messageId === null ? -1 : this.intern(messageId);
    this.baseSubjects[k] = base === '' ? -1 : this.bases!.code(base);
    this.replyFlags[k] = isReply ? 1 : 0;
    for (const id of referenceChain(m, messageId)) {
      if (this.chainLength === this.chains.length) this.chains = resized(this.chains, this.chainLength * 2);
      this.chains[this.chainLength++] = this.intern(id);
    }
    this.chainEnd[k] = this.chainLength;
  }

  /** The interned base subject of message k (-1 when nothing is left of it) and whether it was a reply. */
  subjectOf(k: number): { base: number; isReply: boolean } {
    return { base: this.baseSubjects[k]!, isReply: this.replyFlags[k] === 1 };
  }

  private grow(size: number): void {
    this.times = resized(this.times, size);
    this.hashes = resized(this.hashes, size);
    this.own = resized(this.own, size);
    this.baseSubjects = resized(this.baseSubjects, size);
    this.replyFlags = resized(this.replyFlags, size);
    this.chainEnd = resized(this.chainEnd, size);
  }

  /**
   * Containers linking will make: one a Message-ID (the message's own or a ghost), and one for
   * each message without an id or whose id an earlier message holds. Subject grouping adds a
   * few ghosts more.
   */
  containersNeeded(): number {
    const seen = new Uint8Array(this.idStrings.length);
    let extra = 0;
    for (const n of this.own.subarray(0, this.size)) {
      if (n === -1 || seen[n] === 1) extra++;
      else seen[n] = 1;
    }
    return this.idStrings.length + extra;
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
        itemIds.compare(a, b) ||
        compareStr(this.messageIdOf(a) ?? '', this.messageIdOf(b) ?? ''),
    );
  }

  /**
   * Once every message is linked the id table is no longer needed (JWZ step 2), nor anything
   * else but item ids, Message-IDs and base subjects: freed before the trees are written.
   */
  linked(): void {
    this.ids = null;
    this.chains = new Int32Array(0);
    this.times = new Float64Array(0);
    this.hashes = new Uint32Array(0);
    this.own = new Int32Array(0);
    this.chainEnd = new Int32Array(0);
  }

  /** After subject grouping (JWZ step 5). */
  grouped(): void {
    this.bases = null;
    this.baseSubjects = new Int32Array(0);
    this.replyFlags = new Uint8Array(0);
  }

  private intern(id: string): number {
    if (this.ids === null) throw new Error('MessageTable: a message added after linking');
    return this.ids.code(id);
  }
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
  const forest = new Forest(table, settings);
  const threads = Array.from(forest.roots, (root) => ({
    tree: forest.emitTree(root, threadIdFor(forest.rootKey(root))),
    first: forest.cs.first[root]!,
  }));
  threads.sort((a, b) => compareNum(a.first, b.first) || compareStr(a.tree.threadId, b.tree.threadId));
  return threads.map((t) => t.tree);
}

/**
 * The threads of a stream (the store's `listThreadingInputs`), for the store: each message is
 * reduced to what threading needs as it arrives, so the input objects are never all held at
 * once, and the trees are made one at a time as the store reads them, in thread-id order (the
 * order SQLite's thread table is keyed by), so they are never all held at once either.
 * `count` is known before the first is read. The same trees as `threadMessages`, in another
 * order; iterating again makes them again.
 */
export async function threadStreamFrom(
  messages: AsyncIterable<ThreadableMessage>,
  options: ThreadingOptions = {},
): Promise<ThreadStream> {
  const settings = checkOptions(options);
  const table = new MessageTable();
  for await (const m of messages) table.add(m);
  const forest = new Forest(table, settings);
  const idOf = (k: number): string => threadIdFor(forest.rootKey(forest.roots[k]!));
  // Sorted by the first 52 bits of the id (13 hex digits: exact in a double, and in the same
  // order as the strings), the whole id only on a tie; ids are made again as trees are emitted.
  // Holding 549,218 id strings instead cost ~60 MB at 1,000,000 emails.
  const prefixes = new Float64Array(forest.roots.length);
  for (let k = 0; k < prefixes.length; k++) prefixes[k] = parseInt(idOf(k).slice(0, 13), 16);
  const order = Int32Array.from(prefixes.keys()).sort(
    (a, b) => compareNum(prefixes[a]!, prefixes[b]!) || compareStr(idOf(a), idOf(b)),
  );
  return {
    count: order.length,
    *[Symbol.iterator]() {
      for (const k of order) yield forest.emitTree(forest.roots[k]!, idOf(k));
    },
  };
}

/** Threads made as they are read; see `threadStreamFrom`. */
export interface ThreadStream extends Iterable<ThreadTree> {
  readonly count: number;
}

function checkOptions(options: ThreadingOptions): { groupBySubject: boolean; windowDays: number } {
  const groupBySubject = options.groupBySubject ?? true;
  const windowDays = options.subjectWindowDays ?? DEFAULT_SUBJECT_WINDOW_DAYS;
  if (typeof windowDays !== 'number' || !(windowDays >= 0)) {
    throw new InnsynError('usage', `subjectWindowDays must be a number >= 0, got ${String(windowDays)}`);
  }
  return { groupBySubject, windowDays };
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
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

interface RootInfo {
  c: number;
  isReply: boolean;
  first: number;
  last: number;
}

/**
 * The messages linked into trees (JWZ steps 1 to 5), with every container's `first` filled in:
 * ready to emit a tree at a time. Messages are known by their position in the processing order.
 */
class Forest {
  readonly cs: Containers;
  /** The live roots, in the order their containers were made. */
  readonly roots: Int32Array;
  private readonly order: Int32Array;

  constructor(
    private readonly table: MessageTable,
    settings: { groupBySubject: boolean; windowDays: number },
  ) {
    this.order = table.sortedOrder();
    this.cs = new Containers(table.containersNeeded() + 1024);
    this.link();
    table.linked();
    // Steps 2 to 4: roots, then prune ghosts.
    this.pruneGhosts();
    // Step 5: subject grouping.
    if (settings.groupBySubject) this.groupRootsBySubject(settings.windowDays * DAY_MS);
    table.grouped();
    // Step 6 (sorting siblings) happens as each tree is emitted.
    this.roots = this.liveRoots();
    this.fillFirst();
  }

  private itemId(position: number): string {
    return this.table.itemIds.get(this.order[position]!);
  }

  private messageId(c: number): string | null {
    const n = this.cs.messageId[c]!;
    return n === NONE ? null : this.table.idStrings[n]!;
  }

  /** Tie-breaker among siblings: the message's item id, or a ghost's Message-ID. */
  private key(c: number): string {
    const m = this.cs.message[c]!;
    return m !== NONE ? this.itemId(m) : (this.messageId(c) ?? '');
  }

  /** Step 1: containers and links. */
  private link(): void {
    const { table, order, cs } = this;
    // The id table: interned Message-ID → its container.
    const byId = new Int32Array(table.idStrings.length).fill(NONE);
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      const own = this.ownContainer(k, i, byId);
      let prev = NONE;
      for (let r = k === 0 ? 0 : table.chainEnd[k - 1]!; r < table.chainEnd[k]!; r++) {
        const n = table.chains[r]!;
        let c = byId[n]!;
        if (c === NONE) byId[n] = c = cs.add(NONE, n, true, Infinity);
        if (prev !== NONE && cs.parent[c] === NONE && !cs.wouldCreateLoop(prev, c)) cs.appendChild(prev, c);
        prev = c;
      }
      // The message's own headers are the best evidence of its parent: they override what other
      // messages' References implied, and a message with no references at all is a root.
      if (prev === NONE) cs.unlink(own);
      else if (cs.parent[own] !== prev && !cs.wouldCreateLoop(prev, own)) cs.appendChild(prev, own);
    }
  }

  private ownContainer(k: number, position: number, byId: Int32Array): number {
    const { table, cs } = this;
    const n = table.own[k]!;
    const time = table.times[k]!;
    if (n !== NONE) {
      const known = byId[n]!;
      if (known === NONE) return (byId[n] = cs.add(position, n, true, time));
      if (cs.message[known] === NONE) {
        cs.message[known] = position;
        cs.time[known] = time;
        return known;
      }
    }
    // No Message-ID, or one already taken by an earlier message: a container nobody can refer to.
    return cs.add(position, n, false, time);
  }

  /** Every live container, roots in `roots` order, each tree in pre-order (parents before children). */
  private preOrder(roots: Int32Array): Int32Array {
    const { cs } = this;
    const order = new Int32Array(cs.count);
    let n = 0;
    for (const root of roots) for (let c = root; c !== NONE; c = cs.nextInSubtree(c, root)) order[n++] = c;
    return order.subarray(0, n);
  }

  private liveRoots(): Int32Array {
    const { cs } = this;
    const roots = new Int32Array(cs.count);
    let n = 0;
    for (let c = 0; c < cs.count; c++) if (!cs.isDropped(c) && cs.parent[c] === NONE) roots[n++] = c;
    return roots.slice(0, n);
  }

  /**
   * JWZ step 4, bottom-up so that a ghost sees its children already pruned: reverse pre-order
   * visits every container after all of its descendants. Marks removed containers dropped.
   */
  private pruneGhosts(): void {
    const { cs } = this;
    const order = this.preOrder(this.liveRoots());
    for (let k = order.length - 1; k >= 0; k--) {
      const c = order[k]!;
      if (cs.message[c] !== NONE) continue;
      if (cs.parent[c] !== NONE) {
        cs.spliceChildrenIntoParent(c);
        cs.drop(c);
      } else if (cs.firstChild[c] === NONE) {
        cs.drop(c);
      } else if (cs.firstChild[c] === cs.lastChild[c]) {
        cs.unlink(cs.firstChild[c]!);
        cs.drop(c);
      }
    }
  }

  /**
   * JWZ step 5 with a time window. Roots with the same base subject are ordered by their first
   * message and cut into groups wherever the next root is not a reply or starts more than
   * `windowMs` after the group's latest message. Inside a group JWZ's rules apply against one
   * representative: a ghost root is preferred (it already gathers siblings), else the earliest
   * root that is not a reply. A ghost takes the others as children (a ghost's own children join
   * it), a non-reply takes a reply as its child, and two messages of equal standing become
   * siblings under a new ghost rather than asserting that one answers the other.
   */
  private groupRootsBySubject(windowMs: number): void {
    const { cs } = this;
    const bySubject = new Map<number, RootInfo[]>();
    for (const c of this.liveRoots()) {
      // After pruning, a ghost root's children are all messages; JWZ takes the subject from one.
      const holder = cs.message[c] !== NONE ? c : this.earliest(c);
      if (holder === NONE || cs.message[holder] === NONE) continue;
      const { base, isReply } = this.table.subjectOf(this.order[cs.message[holder]!]!);
      if (base === -1) continue;
      const [first, last] = this.span(c);
      if (!Number.isFinite(first)) continue;
      const info: RootInfo = { c, isReply: cs.message[c] !== NONE && isReply, first, last };
      const list = bySubject.get(base);
      if (list === undefined) bySubject.set(base, [info]);
      else list.push(info);
    }
    for (const list of bySubject.values()) {
      if (list.length < 2) continue;
      list.sort((a, b) => compareNum(a.first, b.first) || compareStr(this.key(a.c), this.key(b.c)));
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
          this.mergeGroup(group);
          group = [r];
          groupLast = r.last;
        }
      }
      this.mergeGroup(group);
    }
  }

  private mergeGroup(group: RootInfo[]): void {
    if (group.length < 2) return;
    const { cs } = this;
    const rep = group.find((r) => cs.message[r.c] === NONE) ?? group.find((r) => !r.isReply) ?? group[0]!;
    let target = rep.c;
    let targetIsReply = rep.isReply;
    for (const r of group) {
      if (r === rep) continue;
      if (cs.message[target] === NONE) {
        if (cs.message[r.c] === NONE) {
          while (cs.firstChild[r.c] !== NONE) cs.appendChild(target, cs.firstChild[r.c]!);
          cs.drop(r.c);
        } else {
          cs.appendChild(target, r.c);
        }
      } else if (!targetIsReply && r.isReply) {
        cs.appendChild(target, r.c);
      } else {
        const ghost = cs.add(NONE, NONE, false, Infinity);
        cs.appendChild(ghost, target);
        cs.appendChild(ghost, r.c);
        target = ghost;
        targetIsReply = false;
      }
    }
  }

  /** First and last known message date in the subtree of `root` (+Infinity, -Infinity when none). */
  private span(root: number): [number, number] {
    const { cs } = this;
    let first = Infinity;
    let last = -Infinity;
    for (let c = root; c !== NONE; c = cs.nextInSubtree(c, root)) {
      const t = cs.time[c]!;
      if (!Number.isFinite(t)) continue;
      if (t < first) first = t;
      if (t > last) last = t;
    }
    return [first, last];
  }

  /** Sibling order: date (a ghost's is its earliest descendant's), then key. */
  private readonly bySortOrder = (a: number, b: number): number =>
    compareNum(this.sortTime(a), this.sortTime(b)) || compareStr(this.key(a), this.key(b));

  private sortTime(c: number): number {
    return this.cs.message[c] === NONE ? this.cs.first[c]! : this.cs.time[c]!;
  }

  /** The child that sorts first, or NONE for a childless container. */
  private earliest(c: number): number {
    const { cs } = this;
    let best = NONE;
    for (let k = cs.firstChild[c]!; k !== NONE; k = cs.next[k]!) {
      if (best === NONE || this.bySortOrder(k, best) < 0) best = k;
    }
    return best;
  }

  /** See `threadIdFor`. */
  rootKey(root: number): string {
    const { cs } = this;
    const keyOf = (c: number): string | null => {
      if (cs.inIdTable(c)) return `mid:${this.messageId(c)}`;
      if (cs.message[c] !== NONE) return `item:${this.key(c)}`;
      return null;
    };
    // A ghost made by subject grouping is named after its earliest child, which is a message.
    const child = this.earliest(root);
    return keyOf(root) ?? `subject:${child === NONE ? '' : (keyOf(child) ?? '')}`;
  }

  /** Sets every container's `first`, the earliest date below it: reverse pre-order gives children before parents. */
  private fillFirst(): void {
    const { cs } = this;
    const order = this.preOrder(this.roots);
    for (let k = order.length - 1; k >= 0; k--) {
      const c = order[k]!;
      let first = cs.time[c]!;
      for (let ch = cs.firstChild[c]!; ch !== NONE; ch = cs.next[ch]!) {
        if (cs.first[ch]! < first) first = cs.first[ch]!;
      }
      cs.first[c] = first;
    }
  }

  /** One tree in depth-first order, siblings sorted (JWZ step 6), with an explicit stack. */
  emitTree(root: number, threadId: string): ThreadTree {
    const { cs } = this;
    const nodes: ThreadTree['nodes'] = [];
    const stack: number[] = [root];
    const stackParent: Array<number | null> = [null];
    const stackDepth: number[] = [0];
    const children: number[] = [];
    while (stack.length > 0) {
      const c = stack.pop()!;
      const parentIndex = stackParent.pop()!;
      const depth = stackDepth.pop()!;
      const index = nodes.length;
      const m = cs.message[c]!;
      nodes.push({
        itemId: m === NONE ? null : this.itemId(m),
        messageId: this.messageId(c),
        parentIndex,
        depth,
      });
      children.length = 0;
      for (let ch = cs.firstChild[c]!; ch !== NONE; ch = cs.next[ch]!) children.push(ch);
      if (children.length > 1) children.sort(this.bySortOrder);
      for (let k = children.length - 1; k >= 0; k--) {
        stack.push(children[k]!);
        stackParent.push(index);
        stackDepth.push(depth + 1);
      }
    }
    return { threadId, nodes };
  }
}

function compareNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
