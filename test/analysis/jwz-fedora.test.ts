/**
 * JWZ threading against an external truth: one month (2010-01-01..09) of fedora-devel-list, 292
 * messages, and the list archive's own "Archive by Thread" page for the same messages
 * (../shared/corpora/jwzthreading-fedora-devel, see its PROVENANCE.md). The PROVENANCE calls
 * the page Mailman's; the page itself says it was made by MHonArc 2.6.16, the archiver Red Hat
 * ran. MHonArc threads by References and In-Reply-To, so header-only JWZ
 * (groupBySubject: false) must reproduce it almost exactly.
 *
 * How the two are compared:
 * - msgNNNNN on the page is the NNNNN-th message (0-based) of the month's mbox; the test proves
 *   that mapping for every message by comparing the page's subject with the mbox Subject.
 * - A message's parent is its nearest ancestor that is a real message (JWZ's ghosts skipped,
 *   MHonArc shows none); a thread start has none.
 * - MHonArc nests only TLEVELS deep (3 here): deeper replies are drawn at the last level, under
 *   an ancestor of their real parent. For a message at the page's deepest level the page's parent
 *   therefore agrees when it is our parent or any real ancestor of it.
 * - Messages MHonArc lists after "<Possible follow-ups>" were joined by subject, not by headers;
 *   they count as thread starts on its side.
 *
 * The mbox is split and its headers read by test/analysis/mbox-test-util.ts, a test-only stand-in
 * for the real mbox reader and MIME parser (src/sources/), which will replace it.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { threadMessages, type ThreadTree } from '../../src/analysis/jwz-threading.js';
import { sharedPath } from '../helpers/shared.js';
import { splitMbox, toThreadable, type TestMessage } from './mbox-test-util.js';
import { readMhonarcThreadIndex, type MhonarcEntry } from './mhonarc-thread-index.js';

const corpus = sharedPath('corpora/jwzthreading-fedora-devel');
const dataDir = path.join(corpus.path, 'jwzthreading/tests/data/fedora-devel-mailman');

/** Item id of the message at mbox position `n` (the page's msgNNNNN). */
const itemId = (n: number): string => String(n).padStart(5, '0');

function load(): { messages: TestMessage[]; page: MhonarcEntry[] } {
  // pipermail/MHonArc month files are Latin-1 on disk; only ASCII headers matter here.
  const mbox = readFileSync(path.join(dataDir, '2010-January.mbox'), 'latin1');
  const messages = splitMbox(mbox).map((raw, i) => toThreadable(itemId(i), raw));
  const page = readMhonarcThreadIndex(readFileSync(path.join(dataDir, '2010-January_thread.html'), 'latin1'));
  return { messages, page };
}

/** For every message: its real-message ancestors, nearest last. */
function realAncestors(threads: ThreadTree[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of threads) {
    t.nodes.forEach((n, i) => {
      if (n.itemId === null) return;
      const chain: string[] = [];
      for (let p = t.nodes[i]!.parentIndex; p !== null; p = t.nodes[p]!.parentIndex) {
        const id = t.nodes[p]!.itemId;
        if (id !== null) chain.unshift(id);
      }
      out.set(n.itemId, chain);
    });
  }
  return out;
}

interface Comparison {
  agree: number;
  /** Of `agree`, those where the page drew the message under an ancestor of its parent (TLEVELS). */
  flattened: number;
  disagreements: Array<{ n: number; ours: string | null; page: string | null }>;
}

function compareParents(threads: ThreadTree[], page: MhonarcEntry[]): Comparison {
  const ancestors = realAncestors(threads);
  const entry = new Map(page.map((e) => [itemId(e.number), e]));
  const deepest = Math.max(...page.map((e) => e.level));
  const result: Comparison = { agree: 0, flattened: 0, disagreements: [] };
  for (const e of page) {
    const chain = ancestors.get(itemId(e.number));
    assert.ok(chain, `message ${e.number} is missing from the threads`);
    const ours = chain.at(-1) ?? null;
    const theirs = e.parent === null ? null : itemId(e.parent);
    // Flattened by TLEVELS: the page's parent is one of our ancestors, and every message between
    // it and this one is itself drawn at the deepest level directly under that same parent.
    const at = theirs === null ? -1 : chain.lastIndexOf(theirs);
    const flattened =
      e.level === deepest &&
      at !== -1 &&
      chain
        .slice(at + 1)
        .every((id) => entry.get(id)?.level === deepest && entry.get(id)?.parent === e.parent);
    if (ours === theirs) result.agree++;
    else if (flattened) {
      result.agree++;
      result.flattened++;
    } else result.disagreements.push({ n: e.number, ours, page: theirs });
  }
  return result;
}

/** Page threads (by top message) that our threads split, and our threads that join page threads. */
function comparePartitions(threads: ThreadTree[], page: MhonarcEntry[]): { split: number[]; joined: number } {
  const ours = new Map<string, string>();
  for (const t of threads) for (const n of t.nodes) if (n.itemId !== null) ours.set(n.itemId, t.threadId);
  const oursPerTop = new Map<number, Set<string>>();
  const topsPerOurs = new Map<string, Set<number>>();
  for (const e of page) {
    const tid = ours.get(itemId(e.number))!;
    if (!oursPerTop.has(e.top)) oursPerTop.set(e.top, new Set());
    oursPerTop.get(e.top)!.add(tid);
    if (!topsPerOurs.has(tid)) topsPerOurs.set(tid, new Set());
    topsPerOurs.get(tid)!.add(e.top);
  }
  return {
    split: [...oursPerTop].filter(([, s]) => s.size > 1).map(([top]) => top),
    joined: [...topsPerOurs.values()].filter((s) => s.size > 1).length,
  };
}

const normSpace = (s: string): string => s.replace(/\s+/g, ' ').trim();

void describe(
  'Analysis - JWZ threading against the fedora-devel MHonArc thread index',
  { skip: corpus.skip },
  () => {
    void it('maps every msgNNNNN of the page to the NNNNN-th mbox message (same subject)', () => {
      const { messages, page } = load();
      assert.equal(messages.length, 292);
      assert.equal(page.length, 292);
      assert.deepEqual(new Set(page.map((e) => e.number)).size, 292);
      for (const e of page) assert.equal(normSpace(messages[e.number]!.subject ?? ''), normSpace(e.subject));
    });

    void it('agrees with the page on the parent of >= 98 % of messages from headers alone', (t) => {
      const { messages, page } = load();
      const threads = threadMessages(messages, { groupBySubject: false });
      assert.equal(
        threads.reduce((n, th) => n + th.nodes.filter((x) => x.itemId !== null).length, 0),
        292,
      );

      const pageThreads = new Set(page.map((e) => e.top)).size;
      const followUps = page.filter((e) => e.followUp);
      const { agree, flattened, disagreements } = compareParents(threads, page);
      t.diagnostic(`threads: ours ${threads.length} (header-only), page ${pageThreads}`);
      t.diagnostic(
        `parent agreement ${agree}/${page.length} = ${((100 * agree) / page.length).toFixed(1)} % ` +
          `(${flattened} of them drawn flattened at the page's deepest level)`,
      );
      for (const d of disagreements)
        t.diagnostic(`  msg ${d.n}: ours ${d.ours ?? 'root'}, page ${d.page ?? 'root'}`);
      // Measured: 292/292, 77 of them through the TLEVELS rule of compareParents; the 5 follow-ups
      // agree because header-only threading also leaves them without a real parent. The threshold leaves room for a handful of header-reading differences
      // when the real mbox reader replaces the test stand-in (folded or commented In-Reply-To,
      // encoded-word Subjects); a threading change that moves more than 5 parents is a regression.
      assert.ok(agree / page.length >= 0.98, `parent agreement ${agree}/${page.length} below 98 %`);

      // The thread count differs for one reason only: MHonArc joined 5 messages to threads by
      // subject ("<Possible follow-ups>"), and a follow-up without any header link to its thread
      // (msg 153 has no References; msg 285 refers only to a message outside this month's file)
      // stays a thread of its own from headers alone. Follow-ups that share a missing parent with
      // the thread (the December start of "ABRT considered painful") are joined by their ghost.
      const { split, joined } = comparePartitions(threads, page);
      t.diagnostic(`page threads split by header-only threading: ${split.join(', ') || 'none'}`);
      assert.equal(joined, 0, 'header-only threading joined two page threads');
      for (const top of split) {
        const members = page.filter((e) => e.top === top);
        assert.ok(
          members.some((e) => e.followUp),
          `page thread ${top} split although MHonArc joined no follow-up to it by subject`,
        );
      }
      assert.ok(threads.length - pageThreads <= followUps.length);
    });

    void it('matches the page threads exactly with subject grouping', (t) => {
      const { messages, page } = load();
      const threads = threadMessages(messages, { groupBySubject: true });
      const pageThreads = new Set(page.map((e) => e.top)).size;
      const { split, joined } = comparePartitions(threads, page);
      const { agree } = compareParents(threads, page);
      t.diagnostic(`threads: ours ${threads.length} (subject grouping), page ${pageThreads}`);
      // Measured 290/292: msgs 153 and 285, which the page shows as subject follow-ups (no parent),
      // now hang under the thread start, msg 55, as JWZ's subject grouping puts a reply under the
      // original. Same threads, different claim about the parent: expected.
      t.diagnostic(`parent agreement ${agree}/${page.length}`);
      assert.ok(agree / page.length >= 0.98);
      // Same partition: every page thread is one of ours and none of ours spans two page threads.
      assert.deepEqual(split, []);
      assert.equal(joined, 0);
      assert.equal(threads.length, pageThreads);
    });
  },
);
