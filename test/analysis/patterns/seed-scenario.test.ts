import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';
import { conversationSessions } from '../../../src/analysis/conversations.js';
import { buildNetwork } from '../../../src/analysis/network.js';
import { computePairs, type Pair } from '../../../src/analysis/pairs.js';
import { timeline } from '../../../src/analysis/timeline.js';
import { sharedPath } from '../../helpers/shared.js';
import { seedXItems } from './seed-items.js';

const archive = sharedPath('fixtures/seed-scenario/DonaldJTrumpJr-x-archive');

/** The DM export names the leak site only by account id; the son is 39344374. */
const WIKILEAKS = 'x:16589206';
const SON = 'x:39344374';

void describe(
  'Patterns - seed scenario, EXPECTED.md point 1 (who wrote to whom)',
  { skip: archive.skip },
  () => {
    let items: AnalysisItem[] = [];
    let pair: Pair;

    before(async () => {
      items = await seedXItems(archive.path);
      const { pairs } = computePairs(items);
      assert.equal(pairs.length, 1, 'one pair: the DMs are the only private messages');
      pair = pairs[0] as Pair;
    });

    void it('13 direct messages: 11 from @wikileaks to him, 2 back; his public posts do not count', () => {
      assert.equal(items.filter((i) => i.visibility === 'private').length, 13);
      assert.ok(
        items.some((i) => i.visibility === 'public'),
        'the archive has his public posts too',
      );
      assert.deepEqual([pair.a, pair.b, pair.aToB, pair.bToA], [WIKILEAKS, SON, 11, 2]);
      assert.equal(pair.firstAt, '2016-09-21T03:59:00.000Z');
      assert.equal(pair.lastAt, '2017-07-11T12:04:00.000Z');
    });

    void it('he answered twice: 11 h 51 min after the message of 03:59, 1 h 15 min after the one of 14:20', () => {
      assert.deepEqual(
        pair.repliesAtoB.map((r) => [r.burstLastAt, r.replyAt, r.seconds]),
        [
          ['2016-09-21T03:59:00.000Z', '2016-09-21T15:50:00.000Z', 42660],
          ['2016-10-03T14:20:00.000Z', '2016-10-03T15:35:00.000Z', 4500],
        ],
      );
      assert.deepEqual(pair.replySecondsAtoB, { count: 2, median: 23580, p90: 42660, min: 4500, max: 42660 });
      assert.equal(pair.answeredAtoB, 2);
      // @wikileaks wrote in 7 bursts (the 30-minute rule), and started 7 of the 9 sessions
      assert.equal(pair.burstsAtoB, 7);
      assert.equal(pair.replyRateAtoB, 2 / 7);
      assert.deepEqual([pair.sessions, pair.aStarted, pair.bStarted], [9, 7, 2]);
      // its next messages came 12 and 9 days after his: later than 7 days, so no answers to him
      assert.deepEqual([pair.burstsBtoA, pair.answeredBtoA, pair.replyRateBtoA], [2, 0, 0]);
    });

    void it('lists the unanswered requests: tax returns, not conceding, the ambassador, the emails', () => {
      const requests = pair.unanswered.filter((u) => u.from === WIKILEAKS && u.request);
      const named: [string, RegExp][] = [
        ['2016-10-21', /tax returns/],
        ['2016-11-08', /concede/],
        ['2016-12-16', /ambassador/],
        ['2017-07-11', /send us the emails/],
      ];
      for (const [day, text] of named) {
        const hit = requests.find((u) => u.sentAt.startsWith(day) && text.test(u.text));
        assert.ok(
          hit,
          `no unanswered request of ${day} matching ${String(text)}; got ${JSON.stringify(requests)}`,
        );
        assert.equal(hit.to, SON);
        assert.ok(hit.why !== null && hit.why.length > 0);
      }
      // every unanswered burst of @wikileaks is there (5 of 7), requests or not
      assert.equal(
        new Set(pair.unanswered.filter((u) => u.from === WIKILEAKS).map((u) => u.burstFirstId)).size,
        5,
      );
    });

    void it('the DMs are one conversation of 13 messages in 9 sessions', () => {
      const conversations = conversationSessions(items);
      assert.equal(conversations.length, 1);
      const c = conversations[0];
      assert.equal(c?.sessions.flatMap((s) => s.itemIds).length, 13);
      assert.equal(c?.sessions.length, 9);
      assert.deepEqual(c?.sessions[0]?.participants, [WIKILEAKS, SON]);
    });

    void it('the network: 11 messages one way, 2 back, and his public mention of @wikileaks once its handle is known', () => {
      const persons = [
        {
          key: WIKILEAKS,
          name: 'WikiLeaks',
          handles: ['wikileaks'],
          addresses: ['16589206'],
          names: ['WikiLeaks'],
        },
      ];
      const net = buildNetwork(items, persons);
      assert.deepEqual(net.edges, [
        { source: WIKILEAKS, target: SON, weight: 11, private: 11, public: 0, mentions: 0 },
        { source: SON, target: WIKILEAKS, weight: 3, private: 2, public: 0, mentions: 1 },
      ]);
    });

    void it('the timeline holds every item by month, DMs private and posts public', () => {
      const t = timeline(items, { bucket: 'month' });
      const total = t.buckets.reduce((n, r) => n + r.private + r.public, 0);
      assert.equal(total, items.length);
      assert.equal(
        t.buckets.reduce((n, r) => n + r.private, 0),
        13,
      );
      assert.equal(t.buckets[0]?.start, '2016-09-01T00:00:00.000Z');
    });
  },
);
