import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';
import { conversationSessions } from '../../../src/analysis/conversations.js';
import { buildNetwork, toCsv, toGexf } from '../../../src/analysis/network.js';
import { computePairs } from '../../../src/analysis/pairs.js';
import { timeline } from '../../../src/analysis/timeline.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/**
 * 100,000 random items through every analysis: the counts must add up across them. Times are
 * printed as diagnostics, not asserted (the machine is shared); a step gone quadratic would take
 * minutes here and stand out.
 */
const N = 100_000;
const PERSONS = 3000;

function corpus(): AnalysisItem[] {
  const rnd = seededRandom(20161012);
  const pick = (): string => `p${Math.floor(rnd() * PERSONS)}`;
  const texts = ['Could you send it?', 'ok', 'Kan du ringe meg', 'Thanks, noted.', 'Send us the emails.'];
  const items: AnalysisItem[] = [];
  for (let i = 0; i < N; i++) {
    const from = pick();
    const group = rnd() < 0.05;
    const to = group ? Array.from({ length: 2 + Math.floor(rnd() * 8) }, pick) : [pick()];
    const isPublic = rnd() < 0.2;
    items.push({
      id: `i${i}`,
      kind: isPublic ? 'post' : 'message',
      platform: 'x',
      visibility: isPublic ? 'public' : 'private',
      // one in a thousand undated; times over three years, many sharing a second
      sentAt: rnd() < 0.001 ? null : 1.45e12 + Math.floor(rnd() * 1e5) * 1e6,
      from,
      to: isPublic ? [] : to,
      text: texts[i % texts.length] as string,
      lang: null,
      links: [],
      mentions: isPublic && rnd() < 0.5 ? [pick()] : [],
      attachments: [],
      conversationId: isPublic ? null : `c${[from, ...to].sort().join('|')}`,
      replyTo: null,
    });
  }
  return items;
}

void describe('Patterns - 100,000 items, counts that add up', () => {
  const items = corpus();
  const privateCouples = items
    .filter((i) => i.visibility === 'private' && i.from !== null)
    .reduce((n, i) => n + new Set(i.to.filter((t) => t !== i.from)).size, 0);
  const time = <T>(t: { diagnostic: (s: string) => void }, what: string, f: () => T): T => {
    const started = performance.now();
    const out = f();
    t.diagnostic(`${what}: ${Math.round(performance.now() - started)} ms`);
    return out;
  };

  void it('pairs: messages each way add up to the private (item, recipient) couples', (t) => {
    const { pairs } = time(t, 'computePairs', () => computePairs(items));
    assert.equal(
      pairs.reduce((n, p) => n + p.aToB + p.bToA, 0),
      privateCouples,
    );
    for (const p of pairs) {
      assert.ok(p.a < p.b);
      assert.ok(p.answeredAtoB <= p.burstsAtoB && p.answeredBtoA <= p.burstsBtoA);
      assert.equal(p.aStarted + p.bStarted, p.sessions);
      const unansweredBursts = new Set(p.unanswered.map((u) => u.burstFirstId)).size;
      assert.equal(unansweredBursts, p.burstsAtoB - p.answeredAtoB + p.burstsBtoA - p.answeredBtoA);
    }
    for (let k = 1; k < pairs.length; k++) {
      const x = pairs[k - 1]!;
      const y = pairs[k]!;
      assert.ok(x.aToB + x.bToA >= y.aToB + y.bToA);
    }
  });

  void it('network: private edge weights add up to the same couples', (t) => {
    const net = time(t, 'buildNetwork', () => buildNetwork(items));
    assert.equal(
      net.edges.reduce((n, e) => n + e.private, 0),
      privateCouples,
    );
    const gexf = time(t, 'toGexf', () => toGexf(net));
    const csv = time(t, 'toCsv', () => toCsv(net));
    assert.equal(csv.edges.split('\r\n').length - 2, net.edges.length);
    assert.ok(gexf.endsWith('</gexf>\n'));
  });

  void it('timeline and conversations hold every dated item once', (t) => {
    const dated = items.filter((i) => i.sentAt !== null).length;
    const tl = time(t, 'timeline by day', () => timeline(items, { bucket: 'day' }));
    assert.equal(
      tl.buckets.reduce((n, r) => n + r.private + r.public, 0),
      dated,
    );
    assert.equal(tl.undated, N - dated);
    const conv = time(t, 'conversationSessions', () => conversationSessions(items));
    const inSessions = conv.reduce((n, c) => n + c.sessions.reduce((m, s) => m + s.itemIds.length, 0), 0);
    const inConversations = items.filter((i) => i.conversationId !== null && i.sentAt !== null).length;
    assert.equal(inSessions, inConversations);
  });
});
