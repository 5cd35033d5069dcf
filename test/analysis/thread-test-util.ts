/** Builders, a seeded random source and a shape checker for the threading tests. */
import assert from 'node:assert/strict';
import type { ThreadableMessage, ThreadTree } from '../../src/analysis/jwz-threading.js';
import { seededRandom } from '../helpers/seeded-random.js';
export { seededRandom };

const BASE = Date.UTC(2016, 9, 1, 12, 0, 0);
const DAY = 86_400_000;

/** A message with item id `id`, Message-ID `<id>@test` unless given, sent `day` days after a base date. */
export function msg(
  id: string,
  o: {
    day?: number | null;
    messageId?: string | null;
    inReplyTo?: string | null;
    references?: string[];
    subject?: string | null;
  } = {},
): ThreadableMessage {
  const day = o.day === undefined ? 0 : o.day;
  return {
    id,
    messageId: o.messageId === undefined ? `${id}@test` : o.messageId,
    inReplyTo: o.inReplyTo ?? null,
    references: o.references ?? [],
    subject: o.subject === undefined ? null : o.subject,
    sentAt: day === null ? null : new Date(BASE + day * DAY).toISOString(),
  };
}

/** One line per node, indented two spaces per level: the item id, or `(ghost <id>)`. */
export function render(t: ThreadTree): string[] {
  return t.nodes.map((n) => '  '.repeat(n.depth) + (n.itemId ?? `(ghost ${n.messageId ?? '-'})`));
}

/**
 * Checks the output contract: depth-first order (every node's parent is the node on the current
 * path one level up), depths consistent, thread ids unique and 32 hex characters, and every input
 * message present exactly once.
 */
export function assertWellFormed(threads: ThreadTree[], input: ThreadableMessage[]): void {
  const seen = new Map<string, number>();
  const ids = new Set<string>();
  for (const t of threads) {
    assert.match(t.threadId, /^[0-9a-f]{32}$/);
    assert.ok(!ids.has(t.threadId), `thread id ${t.threadId} used twice`);
    ids.add(t.threadId);
    assert.ok(t.nodes.length > 0);
    const path: number[] = [];
    const childCount = new Array<number>(t.nodes.length).fill(0);
    t.nodes.forEach((n, i) => {
      if (i === 0) {
        assert.equal(n.parentIndex, null);
        assert.equal(n.depth, 0);
      } else {
        assert.notEqual(n.parentIndex, null, `node ${i} of ${t.threadId} has no parent`);
        assert.equal(n.depth, t.nodes[n.parentIndex!]!.depth + 1);
        assert.equal(path[n.depth - 1], n.parentIndex, `node ${i} is not in depth-first order`);
        childCount[n.parentIndex!]!++;
      }
      path[n.depth] = i;
      path.length = n.depth + 1;
      if (n.itemId !== null) seen.set(n.itemId, (seen.get(n.itemId) ?? 0) + 1);
    });
    t.nodes.forEach((n, i) => {
      if (n.itemId !== null) return;
      // A ghost only survives as a root gathering several children (JWZ pruning).
      assert.equal(n.parentIndex, null, 'ghost below the root');
      assert.ok(childCount[i]! >= 2, 'ghost with fewer than 2 children');
    });
  }
  const expected = new Map<string, number>();
  for (const m of input) expected.set(m.id, (expected.get(m.id) ?? 0) + 1);
  assert.deepEqual(seen, expected, 'every message exactly once');
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * A mailbox-like corpus: conversations of varying size, replies to random earlier messages of
 * their conversation with In-Reply-To and a References list trimmed to 20, about `missing` of
 * the messages absent (referenced, never seen), and optionally hostile extras: reused
 * Message-IDs, messages without one, undated messages, and reference loops.
 */
export function generateCorpus(
  count: number,
  seed: number,
  o: { missing?: number; hostile?: boolean } = {},
): ThreadableMessage[] {
  const random = seededRandom(seed);
  const missing = o.missing ?? 0.05;
  const out: ThreadableMessage[] = [];
  const conversations: Array<{ n: number; items: Array<{ mid: string; refs: string[] }> }> = [];
  let time = Date.UTC(2016, 0, 1);
  for (let i = 0; i < count; i++) {
    let conv: { n: number; items: Array<{ mid: string; refs: string[] }> };
    let parent: { mid: string; refs: string[] } | null = null;
    const open = conversations.length;
    if (open === 0 || random() < 0.3) {
      conv = { n: open, items: [] };
      conversations.push(conv);
    } else {
      // Mostly recent conversations, like a real mailbox.
      conv = conversations[open - 1 - Math.floor(random() * Math.min(open, 200))]!;
      parent = conv.items[Math.floor(random() * conv.items.length)]!;
    }
    const mid = `m${i}.${seed}@example.org`;
    const refs = parent === null ? [] : [...parent.refs, parent.mid].slice(-20);
    conv.items.push({ mid, refs });
    time += Math.floor(random() * 120_000);
    if (random() < missing) continue;
    const m: ThreadableMessage = {
      id: `item-${seed}-${i.toString(36).padStart(6, '0')}`,
      messageId: mid,
      inReplyTo: parent?.mid ?? null,
      references: refs,
      subject: `${parent === null ? '' : 'Re: '}topic ${conv.n % 5000}`,
      sentAt: new Date(time).toISOString(),
    };
    if (o.hostile === true) {
      const r = random();
      if (r < 0.02) m.messageId = out.length > 0 ? out[Math.floor(random() * out.length)]!.messageId : null;
      else if (r < 0.04) m.messageId = null;
      else if (r < 0.06) m.sentAt = null;
      else if (r < 0.07 && out.length > 0) {
        // A loop: this message claims to reply to one of its own replies-to-be.
        m.references = [...m.references, `m${i + 1}.${seed}@example.org`];
      }
    }
    out.push(m);
  }
  return out;
}
