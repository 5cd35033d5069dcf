import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';
import {
  computePairs,
  latencyStats,
  MAX_UNANSWERED_TEXT_CHARS,
  type Pair,
} from '../../../src/analysis/pairs.js';
import { isInnsynError } from '../../../src/model/errors.js';
import { item, post, reorder } from './pattern-items.js';

const say = (id: string, at: string | null, from: string, to: string | string[], text = 'ok') =>
  item(id, at, from, Array.isArray(to) ? to : [to], { text });

const only = (items: AnalysisItem[], options = {}): Pair => {
  const { pairs } = computePairs(items, options);
  assert.equal(pairs.length, 1, `expected one pair, got ${pairs.map((p) => `${p.a}–${p.b}`).join(', ')}`);
  return pairs[0] as Pair;
};

void describe('Pairs - counts, sessions, bursts and answers', () => {
  const items = [
    say('a1', '2020-03-02T10:00', 'ann', 'bob', 'Could you send the minutes?'),
    say('a2', '2020-03-02T10:05', 'ann', 'bob', 'The ones from Friday.'),
    say('b1', '2020-03-02T11:00', 'bob', 'ann', 'Here they are.'), // answers a1–a2 after 55 min
    say('b2', '2020-03-02T11:20', 'bob', 'ann', 'And the agenda.'), // same burst (20 min)
    say('a3', '2020-03-02T11:21', 'ann', 'bob', 'Thanks!'), // answers b1–b2 after 1 min
    say('a4', '2020-03-03T09:00', 'ann', 'bob', 'Did you talk to Cy?'), // unanswered: nothing after
    say('a5', '2020-03-03T09:10', 'ann', 'bob', 'Never mind.'),
  ];

  void it('gives the exact numbers of a small exchange', () => {
    const p = only(items);
    assert.deepEqual(
      {
        a: p.a,
        b: p.b,
        aToB: p.aToB,
        bToA: p.bToA,
        sessions: p.sessions,
        aStarted: p.aStarted,
        bStarted: p.bStarted,
        burstsAtoB: p.burstsAtoB,
        answeredAtoB: p.answeredAtoB,
        burstsBtoA: p.burstsBtoA,
        answeredBtoA: p.answeredBtoA,
        replyRateAtoB: p.replyRateAtoB,
        replyRateBtoA: p.replyRateBtoA,
        firstAt: p.firstAt,
        lastAt: p.lastAt,
      },
      {
        a: 'ann',
        b: 'bob',
        aToB: 5,
        bToA: 2,
        // 10:00–10:05 | 11:00–11:21 (55 min gap) | next day
        sessions: 3,
        aStarted: 2,
        bStarted: 1,
        burstsAtoB: 3,
        answeredAtoB: 1,
        burstsBtoA: 1,
        answeredBtoA: 1,
        replyRateAtoB: 1 / 3,
        replyRateBtoA: 1,
        firstAt: '2020-03-02T10:00:00.000Z',
        lastAt: '2020-03-03T09:10:00.000Z',
      },
    );
    assert.deepEqual(p.repliesAtoB, [
      {
        burstFirstId: 'a1',
        burstLastId: 'a2',
        burstLastAt: '2020-03-02T10:05:00.000Z',
        replyId: 'b1',
        replyAt: '2020-03-02T11:00:00.000Z',
        seconds: 3300,
      },
    ]);
    assert.deepEqual(p.replySecondsAtoB, { count: 1, median: 3300, p90: 3300, min: 3300, max: 3300 });
    assert.deepEqual(p.replySecondsBtoA, { count: 1, median: 60, p90: 60, min: 60, max: 60 });
  });

  void it('lists the requests of an unanswered burst, each with why', () => {
    const p = only(items);
    assert.deepEqual(
      p.unanswered.map((u) => [u.id, u.from, u.to, u.request, u.burstFirstId, u.burstMessages]),
      [
        ['a3', 'ann', 'bob', false, 'a3', 1], // "Thanks!" got no answer either: listed, not a request
        ['a4', 'ann', 'bob', true, 'a4', 2],
      ],
    );
    assert.match(p.unanswered[1]?.why ?? '', /question/);
    assert.equal(p.unanswered[1]?.sentAt, '2020-03-03T09:00:00.000Z');
    assert.equal(p.unanswered[1]?.text, 'Did you talk to Cy?');
  });

  void it('lists a burst without a request once, by its last message, with request false', () => {
    const p = only([
      say('a1', '2020-01-01T10:00', 'ann', 'bob', 'Nice.'),
      say('a2', '2020-01-01T10:01', 'ann', 'bob', 'Cool.'),
    ]);
    assert.deepEqual(
      p.unanswered.map((u) => [u.id, u.request, u.why, u.burstMessages]),
      [['a2', false, null, 2]],
    );
  });

  void it('lists every request of a burst', () => {
    const p = only([
      say('a1', '2020-01-01T10:00', 'ann', 'bob', 'Can you call me?'),
      say('a2', '2020-01-01T10:01', 'ann', 'bob', 'Hm.'),
      say('a3', '2020-01-01T10:02', 'ann', 'bob', 'Please send the file.'),
    ]);
    assert.deepEqual(
      p.unanswered.map((u) => [u.id, u.request]),
      [
        ['a1', true],
        ['a3', true],
      ],
    );
  });
});

void describe('Pairs - when a burst counts as answered', () => {
  void it('A writing again after a silence closes the first burst unanswered ("before A wrote again")', () => {
    const p = only([
      say('a1', '2020-01-06T10:00', 'ann', 'bob', 'Can you send the contract?'),
      say('a2', '2020-01-06T14:00', 'ann', 'bob', 'Hello??'),
      say('b1', '2020-01-06T14:30', 'bob', 'ann', 'Sent.'),
    ]);
    assert.equal(p.burstsAtoB, 2);
    assert.equal(p.answeredAtoB, 1);
    assert.deepEqual(
      p.repliesAtoB.map((r) => [r.burstLastId, r.replyId, r.seconds]),
      [['a2', 'b1', 1800]],
    );
    assert.deepEqual(
      p.unanswered.map((u) => [u.id, u.request]),
      [
        ['a1', true],
        ['b1', false], // Bob's message was never answered either
      ],
    );
  });

  void it('an answer later than unansweredAfterSeconds (default 7 days) is no answer', () => {
    const items = [
      say('a1', '2020-01-01T10:00', 'ann', 'bob', 'Could you check?'),
      say('b1', '2020-01-09T10:00', 'bob', 'ann', 'Checked.'), // 8 days later
    ];
    const late = only(items);
    assert.equal(late.answeredAtoB, 0);
    assert.equal(late.replyRateAtoB, 0);
    assert.equal(late.replySecondsAtoB, null);
    assert.deepEqual(
      late.unanswered.map((u) => u.id),
      ['a1', 'b1'],
    );
    const nineDays = only(items, { unansweredAfterSeconds: 9 * 24 * 3600 });
    assert.equal(nineDays.answeredAtoB, 1);
    assert.equal(nineDays.replySecondsAtoB?.median, 8 * 24 * 3600);
    // exactly at the limit still counts
    assert.equal(only(items, { unansweredAfterSeconds: 8 * 24 * 3600 }).answeredAtoB, 1);
  });

  void it('measures latency from the last message of the burst, not the first', () => {
    const p = only([
      say('a1', '2020-01-01T10:00', 'ann', 'bob'),
      say('a2', '2020-01-01T10:20', 'ann', 'bob'),
      say('a3', '2020-01-01T10:40', 'ann', 'bob'),
      say('b1', '2020-01-01T11:00', 'bob', 'ann'),
    ]);
    assert.equal(p.burstsAtoB, 1);
    assert.equal(p.replySecondsAtoB?.min, 1200);
  });

  void it('orders messages of the same millisecond by id, whatever the input order', () => {
    const items = [
      say('m2', '2020-01-01T10:00', 'bob', 'ann'),
      say('m1', '2020-01-01T10:00', 'ann', 'bob'),
      say('m3', '2020-01-01T10:00', 'ann', 'bob'),
    ];
    const p = only(items);
    // m1 (ann) | m2 (bob) answers after 0 s | m3 (ann) unanswered
    assert.deepEqual(
      p.repliesAtoB.map((r) => [r.burstLastId, r.replyId, r.seconds]),
      [['m1', 'm2', 0]],
    );
    assert.deepEqual(
      p.repliesBtoA.map((r) => [r.burstLastId, r.replyId, r.seconds]),
      [['m2', 'm3', 0]],
    );
    assert.equal(p.aStarted, 1);
    assert.deepEqual(computePairs(reorder(items)), computePairs(items));
  });
});

void describe('Pairs - what counts', () => {
  void it('counts a message to several people toward each, and a reply in the group toward its sender', () => {
    const { pairs } = computePairs([
      say('x1', '2020-01-01T10:00', 'xen', ['yan', 'zoe'], 'Can you both come?'),
      say('y1', '2020-01-01T10:10', 'yan', ['xen', 'zoe'], 'Yes.'),
    ]);
    assert.deepEqual(
      pairs.map((p) => [p.a, p.b, p.aToB, p.bToA, p.answeredAtoB, p.answeredBtoA]),
      [
        ['xen', 'yan', 1, 1, 1, 0],
        ['xen', 'zoe', 1, 0, 0, 0],
        ['yan', 'zoe', 1, 0, 0, 0],
      ],
    );
  });

  void it('never counts public posts, notes to self, repeated recipients or items without sender', () => {
    const { pairs } = computePairs([
      post('p1', '2020-01-01T09:00', 'ann', { mentions: ['bob'] }),
      item('p2', '2020-01-01T09:01', 'ann', ['bob'], { visibility: 'public', kind: 'post' }),
      say('s1', '2020-01-01T09:02', 'ann', ['ann']),
      say('d1', '2020-01-01T09:03', 'ann', ['bob', 'bob', 'ann']),
      item('n1', '2020-01-01T09:04', null, ['bob']),
    ]);
    assert.deepEqual(
      pairs.map((p) => [p.a, p.b, p.aToB, p.bToA]),
      [['ann', 'bob', 1, 0]],
    );
  });

  void it('handles a one-sided conversation: no bursts back, rates null that way', () => {
    const p = only([
      say('a1', '2020-01-01T10:00', 'ann', 'bob'),
      say('a2', '2020-02-01T10:00', 'ann', 'bob'),
    ]);
    assert.equal(p.bToA, 0);
    assert.equal(p.bStarted, 0);
    assert.equal(p.aStarted, 2);
    assert.equal(p.replyRateAtoB, 0);
    assert.equal(p.replyRateBtoA, null);
    assert.equal(p.replySecondsBtoA, null);
    assert.equal(p.unanswered.length, 2);
  });

  void it('names a and b in code-unit order whoever wrote first', () => {
    const p = only([say('1', '2020-01-01T10:00', 'zed', 'amy')]);
    assert.deepEqual([p.a, p.b, p.aToB, p.bToA, p.aStarted, p.bStarted], ['amy', 'zed', 0, 1, 0, 1]);
  });

  void it('counts undated messages but keeps them out of everything timed', () => {
    const p = only([
      say('u1', null, 'ann', 'bob', 'Can you call?'),
      say('u2', null, 'bob', 'ann'),
      say('a1', '2020-01-01T10:00', 'ann', 'bob'),
    ]);
    assert.deepEqual([p.aToB, p.bToA, p.undated, p.sessions, p.burstsAtoB, p.burstsBtoA], [2, 1, 2, 1, 1, 0]);
    assert.deepEqual(
      p.unanswered.map((u) => u.id),
      ['a1'],
    );
    const undatedOnly = only([say('u1', null, 'ann', 'bob')]);
    assert.deepEqual(
      [undatedOnly.firstAt, undatedOnly.lastAt, undatedOnly.replyRateAtoB, undatedOnly.sessions],
      [null, null, null, 0],
    );
  });

  void it('keys persons by exact string: a separator inside a key does not merge two pairs', () => {
    const { pairs } = computePairs([
      say('1', '2020-01-01T10:00', 'a\u0000b', 'c'),
      say('2', '2020-01-01T10:00', 'a', 'b\u0000c'),
    ]);
    assert.equal(pairs.length, 2);
  });

  void it('handles a message to many recipients as many pairs, reading its text once', () => {
    const to = Array.from({ length: 2000 }, (_, i) => `r${i}`);
    const { pairs } = computePairs([say('all', '2020-01-01T10:00', 'boss', to, 'Please confirm by Friday.')]);
    assert.equal(pairs.length, 2000);
    assert.ok(pairs.every((p) => p.unanswered.length === 1 && p.unanswered[0]?.request === true));
  });
});

void describe('Pairs - options, order and output', () => {
  void it('sorts pairs by total messages, then by a and b', () => {
    const { pairs } = computePairs([
      say('1', '2020-01-01T10:00', 'c', 'd'),
      say('2', '2020-01-01T10:00', 'a', 'b'),
      say('3', '2020-01-01T10:00', 'e', 'f'),
      say('4', '2020-01-01T10:01', 'f', 'e'),
    ]);
    assert.deepEqual(
      pairs.map((p) => `${p.a}${p.b}`),
      ['ef', 'ab', 'cd'],
    );
  });

  void it('keeps only the pairs of one person, and names persons', () => {
    const items = [
      say('1', '2020-01-01T10:00', 'a', 'b'),
      say('2', '2020-01-01T10:00', 'c', 'a'),
      say('3', '2020-01-01T10:00', 'b', 'c'),
    ];
    const { pairs } = computePairs(items, {
      person: 'a',
      persons: [
        { key: 'a', name: 'Ann', handles: [], addresses: [], names: ['Ann'] },
        { key: 'c', name: null, handles: [], addresses: [], names: ['Cy'] },
      ],
    });
    assert.deepEqual(
      pairs.map((p) => [p.a, p.aName, p.b, p.bName]),
      [
        ['a', 'Ann', 'b', null],
        ['a', 'Ann', 'c', 'Cy'],
      ],
    );
  });

  void it('keeps only the pair of two persons with `with`, and ignores `with` alone', () => {
    const items = [
      say('1', '2020-01-01T10:00', 'a', 'b'),
      say('2', '2020-01-01T10:00', 'c', 'a'),
      say('3', '2020-01-01T10:00', 'b', 'c'),
    ];
    const pairOf = (o: { person?: string; with?: string }) =>
      computePairs(items, o).pairs.map((p) => `${p.a}-${p.b}`);
    assert.deepEqual(pairOf({ person: 'a', with: 'c' }), ['a-c']);
    assert.deepEqual(pairOf({ person: 'c', with: 'a' }), ['a-c']);
    assert.deepEqual(pairOf({ with: 'c' }), ['a-b', 'a-c', 'b-c']);
  });

  void it('takes silenceSeconds for sessions and bursts', () => {
    const items = [say('1', '2020-01-01T10:00', 'a', 'b'), say('2', '2020-01-01T10:45', 'a', 'b')];
    assert.deepEqual([only(items).sessions, only(items).burstsAtoB], [2, 2]);
    const hour = only(items, { silenceSeconds: 3600 });
    assert.deepEqual([hour.sessions, hour.burstsAtoB], [1, 1]);
  });

  void it('refuses bad options with a usage error', () => {
    for (const options of [{ unansweredAfterSeconds: -5 }, { silenceSeconds: Number.NaN }]) {
      assert.throws(
        () => computePairs([], options),
        (e) => isInnsynError(e) && e.code === 'usage',
      );
    }
  });

  void it('cuts a long unanswered text and says so', () => {
    const long = `Could you ${'x'.repeat(5000)}`;
    const p = only([say('1', '2020-01-01T10:00', 'a', 'b', long)]);
    assert.equal(p.unanswered[0]?.text.length, MAX_UNANSWERED_TEXT_CHARS);
    assert.equal(p.unanswered[0]?.textTruncated, true);
  });

  void it('latencyStats: mean of the middle two for even counts, nearest-rank p90', () => {
    assert.deepEqual(latencyStats([10, 1, 2, 3, 4, 5, 6, 7, 8, 9]), {
      count: 10,
      median: 5.5,
      p90: 9,
      min: 1,
      max: 10,
    });
    assert.deepEqual(latencyStats([3, 1, 2]), { count: 3, median: 2, p90: 3, min: 1, max: 3 });
    assert.deepEqual(latencyStats([42660, 4500]), {
      count: 2,
      median: 23580,
      p90: 42660,
      min: 4500,
      max: 42660,
    });
    assert.equal(latencyStats([]), null);
  });
});
