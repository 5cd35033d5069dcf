import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { conversationSessions } from '../../../src/analysis/conversations.js';
import { isInnsynError } from '../../../src/model/errors.js';
import { item, post, reorder } from './pattern-items.js';

const dm = (id: string, at: string | null, from: string | null, to: string[], conversationId = 'dm1') =>
  item(id, at, from, to, { conversationId });

void describe('Conversations - sessions by silence', () => {
  void it('a silence longer than 30 minutes starts a session; exactly 30 minutes does not', () => {
    const out = conversationSessions([
      dm('m1', '2020-01-01T10:00', 'a', ['b']),
      dm('m2', '2020-01-01T10:30', 'b', ['a']), // exactly 1800 s later: same session
      dm('m3', '2020-01-01T11:00:01', 'b', ['a']), // 1801 s later: new session
      dm('m4', '2020-01-01T11:10', 'a', ['b']),
    ]);
    assert.deepEqual(out, [
      {
        conversationId: 'dm1',
        sessions: [
          {
            startedBy: 'a',
            start: '2020-01-01T10:00:00.000Z',
            end: '2020-01-01T10:30:00.000Z',
            itemIds: ['m1', 'm2'],
            participants: ['a', 'b'],
          },
          {
            startedBy: 'b',
            start: '2020-01-01T11:00:01.000Z',
            end: '2020-01-01T11:10:00.000Z',
            itemIds: ['m3', 'm4'],
            participants: ['a', 'b'],
          },
        ],
        undatedItemIds: [],
      },
    ]);
  });

  void it('groups email threads and DM conversations alike, leaves out items of no conversation', () => {
    const out = conversationSessions([
      item('e2', '2020-01-02T09:05', 'b@x', ['a@x', 'c@x'], { kind: 'email', conversationId: 'thread-1' }),
      dm('d1', '2020-01-01T08:00', 'a', ['b'], 'dm-ab'),
      item('e1', '2020-01-02T09:00', 'a@x', ['b@x'], { kind: 'email', conversationId: 'thread-1' }),
      post('p1', '2020-01-01T07:00', 'a'),
    ]);
    assert.deepEqual(
      out.map((c) => [c.conversationId, c.sessions.map((s) => s.itemIds)]),
      [
        ['dm-ab', [['d1']]],
        ['thread-1', [['e1', 'e2']]],
      ],
    );
    assert.deepEqual(out[1]?.sessions[0]?.participants, ['a@x', 'b@x', 'c@x']);
  });

  void it('orders ties at the same millisecond by id, whatever the input order', () => {
    const items = [
      dm('z', '2020-01-01T10:00', 'b', ['a']),
      dm('a', '2020-01-01T10:00', 'a', ['b']),
      dm('m', '2020-01-01T10:00', 'a', ['b']),
      dm('n', '2020-01-01T12:00', 'b', ['a']),
    ];
    const out = conversationSessions(items);
    assert.deepEqual(out[0]?.sessions[0]?.itemIds, ['a', 'm', 'z']);
    assert.equal(out[0]?.sessions[0]?.startedBy, 'a');
    assert.deepEqual(conversationSessions(reorder(items)), out);
  });

  void it('keeps undated items apart and puts undated-only conversations last', () => {
    const out = conversationSessions([
      dm('u1', null, 'a', ['b'], 'only-undated'),
      dm('d1', '2020-01-01T10:00', 'a', ['b'], 'mixed'),
      dm('u2', null, 'b', ['a'], 'mixed'),
      item('bad', null, 'a', ['b'], { conversationId: 'mixed', sentAt: Number.NaN }),
    ]);
    assert.deepEqual(out, [
      {
        conversationId: 'mixed',
        sessions: [
          {
            startedBy: 'a',
            start: '2020-01-01T10:00:00.000Z',
            end: '2020-01-01T10:00:00.000Z',
            itemIds: ['d1'],
            participants: ['a', 'b'],
          },
        ],
        undatedItemIds: ['u2', 'bad'],
      },
      { conversationId: 'only-undated', sessions: [], undatedItemIds: ['u1'] },
    ]);
  });

  void it('a session started by an item without sender has startedBy null; self-messages are one participant', () => {
    const out = conversationSessions([
      dm('s1', '2020-01-01T10:00', null, ['a']),
      dm('s2', '2020-01-02T10:00', 'a', []),
    ]);
    assert.deepEqual(
      out[0]?.sessions.map((s) => [s.startedBy, s.participants]),
      [
        [null, ['a']],
        ['a', ['a']],
      ],
    );
  });

  void it('lists every participant of a session once, sorted, also with many recipients', () => {
    const many = Array.from({ length: 500 }, (_, i) => `p${String(i).padStart(3, '0')}`);
    const out = conversationSessions([
      dm('g1', '2020-01-01T10:00', 'p499', many, 'group'),
      dm('g2', '2020-01-01T10:01', 'p000', many, 'group'),
    ]);
    assert.deepEqual(out[0]?.sessions[0]?.participants, many);
  });

  void it('takes silenceSeconds; 0 splits at every gap but keeps items of one millisecond together', () => {
    const items = [
      dm('a', '2020-01-01T10:00', 'a', ['b']),
      dm('b', '2020-01-01T10:00', 'b', ['a']),
      dm('c', '2020-01-01T10:00:01', 'a', ['b']),
    ];
    assert.deepEqual(
      conversationSessions(items, { silenceSeconds: 0 })[0]?.sessions.map((s) => s.itemIds),
      [['a', 'b'], ['c']],
    );
    assert.equal(conversationSessions(items, { silenceSeconds: 3600 })[0]?.sessions.length, 1);
  });

  void it('refuses a bad silenceSeconds with a usage error', () => {
    for (const bad of [-1, Number.NaN, Infinity]) {
      assert.throws(
        () => conversationSessions([], { silenceSeconds: bad }),
        (e) => isInnsynError(e) && e.code === 'usage' && e.message.includes('silenceSeconds'),
      );
    }
  });

  void it('gives nothing for no items', () => {
    assert.deepEqual(conversationSessions([]), []);
  });
});
