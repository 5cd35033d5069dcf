import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_REFERENCES,
  threadMessages,
  threadStreamFrom,
  type ThreadableMessage,
  type ThreadTree,
} from '../../src/analysis/jwz-threading.js';
import { isInnsynError } from '../../src/model/index.js';
import type { ThreadAssignment, ThreadingInput } from '../../src/store/store.js';
import { assertWellFormed, generateCorpus, msg, render, seededRandom, shuffle } from './thread-test-util.js';

/** Threads rendered as indented lines, for readable deepEqual. */
const shapes = (threads: ThreadTree[]): string[][] => threads.map(render);

void describe('Analysis - JWZ threading', () => {
  void it('fits the store contract: ThreadingInput in, ThreadAssignment out', () => {
    const input: ThreadingInput[] = [msg('a')];
    const out: ThreadAssignment[] = threadMessages(input);
    assert.equal(out.length, 1);
  });

  void it('links replies through In-Reply-To and References, in date order', () => {
    const input = [
      msg('a', { day: 0 }),
      msg('c', { day: 2, inReplyTo: 'a@test', references: ['a@test'] }),
      msg('b', { day: 1, inReplyTo: 'a@test', references: ['a@test'] }),
      msg('d', { day: 3, inReplyTo: 'b@test', references: ['a@test', 'b@test'] }),
    ];
    const threads = threadMessages(input);
    assertWellFormed(threads, input);
    assert.deepEqual(shapes(threads), [['a', '  b', '    d', '  c']]);
  });

  void it('accepts Message-IDs with angle brackets and a trailing comment', () => {
    const input = [
      msg('a', { messageId: '<a@test>' }),
      msg('b', { day: 1, inReplyTo: '<a@test> (message from Ann of "Mon, 1 Oct")' }),
    ];
    const threads = threadMessages(input);
    assert.deepEqual(shapes(threads), [['a', '  b']]);
    assert.equal(threads[0]!.nodes[0]!.messageId, 'a@test');
  });

  void describe('ghosts', () => {
    void it('a missing message with several replies becomes a ghost root holding them', () => {
      const input = [msg('b', { day: 1, inReplyTo: 'x@test' }), msg('c', { day: 2, references: ['x@test'] })];
      const threads = threadMessages(input, { groupBySubject: false });
      assertWellFormed(threads, input);
      assert.deepEqual(shapes(threads), [['(ghost x@test)', '  b', '  c']]);
      assert.equal(threads[0]!.nodes[0]!.itemId, null);
    });

    void it('a single reply to a missing message is the root itself (JWZ prunes the ghost)', () => {
      const input = [msg('b', { inReplyTo: 'x@test' })];
      assert.deepEqual(shapes(threadMessages(input)), [['b']]);
    });

    void it('missing messages inside a chain are skipped, keeping the chain', () => {
      const input = [msg('a'), msg('d', { day: 3, references: ['a@test', 'b@test', 'c@test'] })];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  d']]);
    });

    void it('a reply seen before its parent is threaded under it', () => {
      const input = [msg('b', { day: 1, inReplyTo: 'a@test' }), msg('a', { day: 0 })];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  b']]);
    });

    void it('keeps its thread id when the missing root turns up later', () => {
      const replies = [msg('b', { day: 1, inReplyTo: 'a@test' }), msg('c', { day: 2, inReplyTo: 'a@test' })];
      const before = threadMessages(replies);
      const after = threadMessages([...replies, msg('a')]);
      assert.deepEqual(shapes(after), [['a', '  b', '  c']]);
      assert.equal(after[0]!.threadId, before[0]!.threadId);
    });
  });

  void describe('hostile and broken headers', () => {
    void it('breaks a two-message loop (A refs B, B refs A) and keeps both', () => {
      const input = [msg('a', { day: 0, inReplyTo: 'b@test' }), msg('b', { day: 1, inReplyTo: 'a@test' })];
      const threads = threadMessages(input);
      assertWellFormed(threads, input);
      assert.equal(threads.length, 1);
    });

    void it('breaks longer loops and contradictory References', () => {
      const input = [
        msg('a', { day: 0, references: ['c@test', 'b@test'] }),
        msg('b', { day: 1, references: ['a@test', 'c@test'] }),
        msg('c', { day: 2, references: ['b@test', 'a@test'] }),
        msg('d', { day: 3, references: ['d@test'] }),
        msg('e', { day: 4, references: ['a@test', 'e@test', 'a@test'], inReplyTo: 'e@test' }),
      ];
      for (let seed = 1; seed <= 5; seed++) {
        const threads = threadMessages(shuffle(input, seededRandom(seed)));
        assertWellFormed(threads, input);
      }
    });

    void it("a message's own References override what other messages implied", () => {
      // `liar` claims x is a reply to a; x itself says it starts a conversation.
      const input = [
        msg('liar', { day: 0, references: ['a@test', 'x@test'] }),
        msg('a', { day: 1 }),
        msg('x', { day: 2 }),
      ];
      const threads = threadMessages(input, { groupBySubject: false });
      assertWellFormed(threads, input);
      assert.deepEqual(shapes(threads), [['x', '  liar'], ['a']]);
    });

    void it('In-Reply-To decides the parent when References disagree', () => {
      const input = [
        msg('a'),
        msg('b', { day: 1, inReplyTo: 'a@test' }),
        msg('c', { day: 2, inReplyTo: 'a@test', references: ['a@test', 'b@test'] }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  b', '  c']]);
    });

    void it('keeps a second message with a taken Message-ID; replies go to the earliest holder', () => {
      const input = [
        msg('first', { day: 0, messageId: 'dup@test', subject: 'One' }),
        msg('second', { day: 1, messageId: 'dup@test', subject: 'Two' }),
        msg('reply', { day: 2, inReplyTo: 'dup@test', subject: 'Re: One' }),
      ];
      const reference = threadMessages(input);
      assertWellFormed(reference, input);
      assert.deepEqual(shapes(reference), [['first', '  reply'], ['second']]);
      // Both copies report the Message-ID they carry.
      assert.deepEqual(
        reference.flatMap((t) => t.nodes.filter((n) => n.itemId !== 'reply').map((n) => n.messageId)),
        ['dup@test', 'dup@test'],
      );
      for (let seed = 1; seed <= 5; seed++) {
        assert.deepEqual(threadMessages(shuffle(input, seededRandom(seed))), reference);
      }
    });

    void it('a message without Message-ID gets a thread of its own, or joins its parent', () => {
      const input = [
        msg('a', { messageId: null }),
        msg('b', { day: 1, messageId: null }),
        msg('c', { day: 2, messageId: '' }),
        msg('p', { day: 3 }),
        msg('q', { day: 4, messageId: null, inReplyTo: 'p@test' }),
      ];
      const threads = threadMessages(input, { groupBySubject: false });
      assertWellFormed(threads, input);
      assert.deepEqual(shapes(threads), [['a'], ['b'], ['c'], ['p', '  q']]);
      assert.equal(threads[2]!.nodes[0]!.messageId, null);
    });

    void it(`uses only the last ${MAX_REFERENCES} References of a message`, () => {
      const many = Array.from({ length: 100_000 }, (_, i) => `r${i}@test`);
      const input = [
        msg('a', { day: 1, references: many }),
        msg('b', { day: 2, references: [...many] }),
        // Refers only to the first id of the long lists, which the limit drops: not joined.
        msg('c', { day: 3, references: ['r0@test'] }),
      ];
      const started = performance.now();
      const threads = threadMessages(input, { groupBySubject: false });
      assert.ok(performance.now() - started < 2000);
      assertWellFormed(threads, input);
      // The pruned chain of ghosts is named after its oldest kept id, as JWZ keeps the top ghost.
      assert.deepEqual(shapes(threads), [[`(ghost r${100_000 - MAX_REFERENCES}@test)`, '  a', '  b'], ['c']]);
    });

    void it('rejects a bad subjectWindowDays with a usage error', () => {
      for (const bad of [-1, NaN, Number('x')]) {
        assert.throws(
          () => threadMessages([msg('a')], { subjectWindowDays: bad }),
          (e: unknown) => isInnsynError(e) && e.code === 'usage',
        );
      }
    });
  });

  void describe('subject grouping', () => {
    void it('puts a header-less reply under the original when within the window', () => {
      const input = [msg('a', { day: 0, subject: 'Hello' }), msg('b', { day: 10, subject: 'Re: Hello' })];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  b']]);
      assert.deepEqual(shapes(threadMessages(input, { groupBySubject: false })), [['a'], ['b']]);
    });

    void it('does not join roots more than 30 days apart (by default)', () => {
      const input = [msg('a', { day: 0, subject: 'Hello' }), msg('b', { day: 31, subject: 'Re: Hello' })];
      assert.deepEqual(shapes(threadMessages(input)), [['a'], ['b']]);
      assert.deepEqual(shapes(threadMessages(input, { subjectWindowDays: 60 })), [['a', '  b']]);
      assert.deepEqual(shapes(threadMessages(input, { subjectWindowDays: 0 })), [['a'], ['b']]);
    });

    void it('measures the window from the latest message of the group so far', () => {
      const input = [
        msg('a', { day: 0, subject: 'Budget' }),
        msg('b', { day: 25, subject: 'Re: Budget' }),
        msg('c', { day: 50, subject: 'Re: Budget' }),
        msg('d', { day: 200, subject: 'Re: Budget' }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  b', '  c'], ['d']]);
    });

    void it('counts a thread by its latest reply, not its start', () => {
      const input = [
        msg('a', { day: 0, subject: 'Plan' }),
        msg('a2', { day: 40, subject: 'Re: Plan', inReplyTo: 'a@test' }),
        msg('b', { day: 45, subject: 'Re: Plan' }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  a2', '  b']]);
    });

    void it('strips Norwegian, German and list-tag prefixes', () => {
      const input = [
        msg('a', { day: 0, subject: 'Møte i morgen' }),
        msg('b', { day: 1, subject: 'SV: Møte i morgen' }),
        msg('c', { day: 2, subject: 'VS: SV: møte i  morgen' }),
        msg('d', { day: 3, subject: 'AW: WG: Møte i morgen' }),
        msg('e', { day: 4, subject: '[styret] Re: [styret] Møte i morgen' }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [['a', '  b', '  c', '  d', '  e']]);
    });

    void it('keeps two originals with one subject apart: only replies join by subject', () => {
      const input = [msg('a', { day: 0, subject: 'Status' }), msg('b', { day: 1, subject: 'Status' })];
      const threads = threadMessages(input);
      assertWellFormed(threads, input);
      assert.deepEqual(shapes(threads), [['a'], ['b']]);
    });

    void it('makes two header-less replies with one subject siblings under a ghost', () => {
      const input = [
        msg('a', { day: 0, subject: 'Re: Status' }),
        msg('b', { day: 1, subject: 'Re: Status' }),
      ];
      const threads = threadMessages(input);
      assertWellFormed(threads, input);
      assert.deepEqual(shapes(threads), [['(ghost -)', '  a', '  b']]);
      assert.equal(threads[0]!.nodes[0]!.messageId, null);
    });

    void it('joins a header-less reply to a ghost root of the same subject', () => {
      const input = [
        msg('b', { day: 1, subject: 'Re: Leak', inReplyTo: 'x@test' }),
        msg('c', { day: 2, subject: 'Re: Leak', inReplyTo: 'x@test' }),
        msg('d', { day: 3, subject: 'Re: Leak' }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [['(ghost x@test)', '  b', '  c', '  d']]);
    });

    void it('never joins undated roots or empty subjects', () => {
      const input = [
        msg('a', { day: 0, subject: 'Hello' }),
        msg('b', { day: null, subject: 'Re: Hello' }),
        msg('c', { day: 1, subject: 'Re:' }),
        msg('d', { day: 2, subject: '' }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [['a'], ['c'], ['d'], ['b']]);
    });
  });

  void describe('determinism', () => {
    void it('orders threads by first date and siblings by date then id; undated last', () => {
      const input = [
        msg('late', { day: 5 }),
        msg('early', { day: 1 }),
        msg('r2', { day: 3, inReplyTo: 'early@test' }),
        msg('r1', { day: 2, inReplyTo: 'early@test' }),
        msg('rb', { day: 2, inReplyTo: 'early@test' }),
        msg('ru', { day: null, inReplyTo: 'early@test' }),
        msg('undated', { day: null }),
      ];
      assert.deepEqual(shapes(threadMessages(input)), [
        ['early', '  r1', '  rb', '  r2', '  ru'],
        ['late'],
        ['undated'],
      ]);
    });

    void it('gives the same threads and ids whatever the input order (hostile corpus)', () => {
      const input = generateCorpus(3000, 42, { hostile: true });
      for (const groupBySubject of [true, false]) {
        const reference = threadMessages(input, { groupBySubject });
        assertWellFormed(reference, input);
        for (let seed = 1; seed <= 4; seed++) {
          const again = threadMessages(shuffle(input, seededRandom(seed)), { groupBySubject });
          assert.deepEqual(again, reference, `shuffle ${seed} changed the threads`);
        }
      }
    });

    void it('takes any iterable and leaves the input untouched', () => {
      const input = generateCorpus(200, 3);
      const frozen = JSON.stringify(input);
      const fromArray = threadMessages(input);
      const fromGenerator = threadMessages(
        (function* () {
          yield* input;
        })(),
      );
      assert.deepEqual(fromGenerator, fromArray);
      assert.equal(JSON.stringify(input), frozen);
    });

    void it("threads a stream (the store's listing) exactly as it threads the same messages in an array", async () => {
      const input = generateCorpus(3000, 7, { hostile: true });
      for (const options of [{}, { groupBySubject: false }, { subjectWindowDays: Infinity }]) {
        const reference = threadMessages(input, options);
        const streamed = await threadStreamFrom(
          (async function* () {
            for (const m of shuffle(input, seededRandom(9))) yield m;
          })(),
          options,
        );
        const byId = (a: ThreadTree, b: ThreadTree): number =>
          a.threadId < b.threadId ? -1 : a.threadId > b.threadId ? 1 : 0;
        // In thread-id order (the store's), the same trees; and made again when read again.
        assert.equal(streamed.count, reference.length);
        assert.deepEqual([...streamed], [...reference].sort(byId));
        assert.deepEqual([...streamed], [...reference].sort(byId));
      }
      await assert.rejects(
        threadStreamFrom((async function* () {})(), { subjectWindowDays: -1 }),
        (e: unknown) => isInnsynError(e) && e.code === 'usage',
      );
    });
  });

  void describe('no recursion on user data', () => {
    const DEPTH = 200_000;
    const chain = (dated: boolean): ThreadableMessage[] =>
      Array.from({ length: DEPTH }, (_, i) => ({
        // Undated: ids scrambled so that messages are linked in a random order.
        id: dated
          ? `c${String(i).padStart(7, '0')}`
          : `${(Math.imul(i, 2654435761) >>> 0).toString(16)}-${i}`,
        messageId: `c${i}@chain`,
        inReplyTo: i === 0 ? null : `c${i - 1}@chain`,
        references: i === 0 ? [] : [`c${i - 1}@chain`],
        subject: i === 0 ? 'Deep' : 'Re: Deep',
        sentAt: dated ? new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString() : null,
      }));

    const assertChain = (threads: ThreadTree[]): void => {
      assert.equal(threads.length, 1);
      const nodes = threads[0]!.nodes;
      assert.equal(nodes.length, DEPTH);
      for (let i = 1; i < DEPTH; i++) {
        if (nodes[i]!.parentIndex !== i - 1 || nodes[i]!.depth !== i) assert.fail(`chain broken at ${i}`);
      }
      assert.equal(nodes[DEPTH - 1]!.messageId, `c${DEPTH - 1}@chain`);
    };

    void it(`threads a ${DEPTH.toLocaleString('en')}-deep reply chain (dated, reversed input)`, (t) => {
      const input = chain(true).reverse();
      const started = performance.now();
      const threads = threadMessages(input);
      t.diagnostic(`${Math.round(performance.now() - started)} ms`);
      assertChain(threads);
    });

    void it(`threads a ${DEPTH.toLocaleString('en')}-deep reply chain linked in random order (undated)`, (t) => {
      const input = chain(false);
      const started = performance.now();
      const threads = threadMessages(input);
      t.diagnostic(`${Math.round(performance.now() - started)} ms`);
      assertChain(threads);
    });
  });
});
