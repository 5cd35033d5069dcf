import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';
import { findEchoes } from '../../../src/analysis/echoes.js';
import { MAX_LINKS_PER_ITEM } from '../../../src/analysis/echo-features.js';
import { MAX_EVIDENCE_PER_KIND } from '../../../src/analysis/echo-score.js';
import { generateEchoCase } from '../../../bench/echo-generator.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { HOUR, MINUTE, dm, echoOf, filler, kinds, person, post } from './echo-test-util.js';

const persons = [person('x:kari', 'Kari Nordmann', ['karinord']), person('x:ola', 'Ola Tromsø', ['olat'])];

/** Budget for the hostile cases: each runs in well under a second; a quadratic step would take minutes. */
const BUDGET_MS = 10_000;

function pseudoWords(count: number, seed: number): string {
  const rnd = seededRandom(seed);
  const syl = ['ka', 'lo', 'mi', 'ra', 'ven', 'tor', 'sul', 'bre', 'dan', 'fje', 'gri', 'hol'];
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let w = '';
    const n = 2 + Math.floor(rnd() * 3);
    for (let j = 0; j < n; j++) w += syl[Math.floor(rnd() * syl.length)] as string;
    out.push(w);
  }
  return out.join(' ');
}

void describe('Echoes - hostile input', () => {
  void it('a 1 MB post holding every word of the case does not outrank a real echo', () => {
    const privateText = 'The Hammerfest licence memo from Goldstone arrives Friday';
    const huge = `${pseudoWords(120_000, 7)} ${privateText} ${pseudoWords(20_000, 8)}`;
    assert.ok(huge.length > 1_000_000);
    const items = [
      ...filler(60),
      dm('p', 0, 'x:kari', 'x:ola', privateText),
      post('q-huge', 10 * MINUTE, 'x:ola', `${privateText} ${huge}`),
      post('q', 3 * HOUR, 'x:ola', 'Goldstone sent the Hammerfest licence memo'),
    ];
    const started = performance.now();
    const echoes = findEchoes(items, persons);
    const ms = performance.now() - started;
    assert.ok(ms < BUDGET_MS, `took ${Math.round(ms)} ms`);
    const real = echoOf(echoes, 'p', 'q');
    const hugeEcho = echoOf(echoes, 'p', 'q-huge');
    assert.ok(real, 'the real echo is found');
    // The huge post does quote the message (its first words): that is evidence, but its shared
    // words are a drop in what it says, so they count for little.
    assert.ok(hugeEcho, 'the quote in the huge post is found');
    const hugeTerms = hugeEcho.evidence.find((e) => e.kind === 'terms')?.weight ?? 0;
    const realTerms = real.evidence.find((e) => e.kind === 'terms')?.weight ?? 0;
    assert.ok(hugeTerms < realTerms / 3, `terms weight huge ${hugeTerms} vs real ${realTerms}`);
  });

  void it('10,000 links in one item: bounded, and evidence lists stay short', () => {
    const many = Array.from({ length: 10_000 }, (_, k) => `https://spam.example.com/page/${k}`);
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'look', { links: many }),
      post('q', HOUR, 'x:ola', 'read', { links: many.slice(0, 2_000) }),
      post('q-late-link', HOUR, 'x:ola', 'one', { links: [many[9_999] as string] }),
    ];
    const started = performance.now();
    const echoes = findEchoes(items, persons);
    assert.ok(performance.now() - started < BUDGET_MS);
    const e = echoOf(echoes, 'p', 'q');
    assert.deepEqual(kinds(e), ['link']);
    assert.equal(e?.evidence.length, MAX_EVIDENCE_PER_KIND);
    // Only the first MAX_LINKS_PER_ITEM links of an item are compared.
    assert.ok(MAX_LINKS_PER_ITEM < 10_000);
    assert.equal(echoOf(echoes, 'p', 'q-late-link'), undefined);
  });

  void it('items without a date are skipped, as private and as public item', () => {
    const link = { links: ['https://obscure.example.org/a'] };
    const items: AnalysisItem[] = [
      { ...dm('p-undated', 0, 'x:kari', 'x:ola', 'x', link), sentAt: null },
      { ...dm('p-nan', 0, 'x:kari', 'x:ola', 'x', link), sentAt: Number.NaN },
      dm('p', 0, 'x:kari', 'x:ola', 'x', link),
      { ...post('q-undated', HOUR, 'x:ola', 'y', link), sentAt: null },
      post('q', HOUR, 'x:ola', 'y', link),
    ];
    assert.deepEqual(
      findEchoes(items, persons).map((e) => `${e.privateId}>${e.publicId}`),
      ['p>q'],
    );
  });

  void it('empty texts, no sender, no people: no echo and no crash', () => {
    const items: AnalysisItem[] = [
      { ...dm('p', 0, 'x:kari', 'x:ola', ''), from: null, to: [] },
      { ...post('q', HOUR, 'x:ola', ''), from: null },
    ];
    assert.deepEqual(findEchoes(items, []), []);
    assert.deepEqual(findEchoes([], []), []);
  });
});

void describe('Echoes - determinism', () => {
  void it('the same input in another order gives the same echoes in the same order', () => {
    const c = generateEchoCase({ seed: 5, items: 2_000 });
    const first = findEchoes(c.items, c.persons);
    assert.ok(first.length > 50);
    const shuffled = [...c.items];
    const rnd = seededRandom(99);
    for (let k = shuffled.length - 1; k > 0; k--) {
      const j = Math.floor(rnd() * (k + 1));
      [shuffled[k], shuffled[j]] = [shuffled[j] as AnalysisItem, shuffled[k] as AnalysisItem];
    }
    assert.deepEqual(findEchoes(shuffled, [...c.persons].reverse()), first);
    assert.deepEqual(findEchoes(c.items, c.persons), first);
  });

  void it('ties (same score, same latency) are ordered by ids', () => {
    const link = { links: ['https://obscure.example.org/a'] };
    const items = [
      post('q', HOUR, 'x:ola', 'y', link),
      dm('p-b', 0, 'x:kari', 'x:ola', 'x', link),
      dm('p-a', 0, 'x:kari', 'x:ola', 'x', link),
    ];
    assert.deepEqual(
      findEchoes(items, persons).map((e) => e.privateId),
      ['p-a', 'p-b'],
    );
  });
});
