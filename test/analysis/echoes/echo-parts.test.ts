import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echoFeatures, looseLinkKey, proseOf, SHINGLE_WORDS } from '../../../src/analysis/echo-features.js';
import { MentionMatcher } from '../../../src/analysis/echo-mentions.js';
import { PackedPostings, Postings } from '../../../src/analysis/echo-postings.js';
import { decay, nidf, rarity, termsWeight } from '../../../src/analysis/echo-score.js';
import { ShingleTable } from '../../../src/analysis/echo-shingle-table.js';
import { longestQuotedPassage } from '../../../src/analysis/echo-spans.js';
import { isEchoStopWord } from '../../../src/analysis/echo-stop-words.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { dm, person, post } from './echo-test-util.js';

void describe('Echoes - parts', () => {
  void it('looseLinkKey drops scheme, www, port, query, fragment and trailing slashes', () => {
    assert.equal(looseLinkKey('https://www.VG.no:443/nyheter/a1/?ref=fb#top'), 'vg.no/nyheter/a1');
    assert.equal(looseLinkKey('http://vg.no/nyheter/a1'), 'vg.no/nyheter/a1');
    assert.equal(looseLinkKey('http://wlsearch.tk/'), 'wlsearch.tk');
    assert.equal(
      looseLinkKey('https://user:pw@www2.example.com/Path'),
      'example.com/Path',
      'path case is kept',
    );
  });

  void it('proseOf leaves out URLs, hosts, addresses and handles but keeps sentence punctuation', () => {
    assert.deepEqual(
      proseOf('Suggestion: read wlsearch.tk, http://t.co/x or mail kari@vg.no (@kari) now.').split(/\s+/),
      ['Suggestion:', 'read', 'or', 'mail', 'now.'],
    );
    assert.equal(proseOf('Plain prose. Nothing else!'), 'Plain prose. Nothing else!');
    const longLine = 'a/'.repeat(200_000);
    assert.equal(
      proseOf(longLine).trim(),
      '',
      'a long line without spaces is one chunk, dropped in linear time',
    );
  });

  void it('stop words are folded: "på", "være", "også" are stop words as "pa", "vaere", "ogsa"', () => {
    for (const w of ['pa', 'vaere', 'ogsa', 'the', 'would', 'ikke']) assert.ok(isEchoStopWord(w), w);
    for (const w of ['equinor', 'email', 'meeting', 'motet']) assert.equal(isEchoStopWord(w), false, w);
  });

  void it('features: stems of content words only, passages that hold a content word', () => {
    const f = echoFeatures(dm('p', 0, 'a', 'b', 'The emails and the meetings of the and the'), 'en');
    assert.deepEqual([...f.stems].sort(), ['email', 'meet']);
    assert.deepEqual(f.termWords, ['emails', 'meetings']);
    // 9 words, 5 windows, each holds "emails" or "meetings" except none: all 5 count.
    assert.equal(f.shingles.length / 2, 9 - SHINGLE_WORDS + 1);
    const stopOnly = echoFeatures(dm('p', 0, 'a', 'b', 'and the of it was to be'), 'en');
    assert.equal(stopOnly.shingles.length, 0);
    assert.deepEqual(stopOnly.stems, []);
  });

  void it('ShingleTable gives dense ids and finds them again after growing', () => {
    const t = new ShingleTable(4);
    const rnd = seededRandom(3);
    const keys: Array<[number, number]> = [];
    for (let k = 0; k < 10_000; k++) keys.push([Math.floor(rnd() * 2 ** 32), Math.floor(rnd() * 2 ** 32)]);
    keys.forEach(([a, b], k) => assert.equal(t.add(a, b), k));
    keys.forEach(([a, b], k) => assert.equal(t.get(a, b), k));
    assert.equal(t.add(keys[5]?.[0] ?? 0, keys[5]?.[1] ?? 0), 5);
    assert.equal(t.get(1, 2), -1);
    assert.equal(t.size, 10_000);
  });

  void it('postings slice a time window by binary search, at most max', () => {
    const p = new Postings<string>();
    for (const pos of [1, 3, 3, 5, 8, 13]) p.add('k', pos);
    const r = p.range('k', 3, 9, 10);
    assert.deepEqual(Array.from(r.list).slice(r.from, r.to), [3, 5, 8]);
    const capped = p.range('k', 0, 100, 2);
    assert.deepEqual(Array.from(capped.list).slice(capped.from, capped.to), [1, 3]);
    const packed = new PackedPostings(Int32Array.from([1, 0, 1, 1]), Int32Array.from([2, 4, 6, 9]), 4, 2);
    const q = packed.range(1, 3, 10, 10);
    assert.deepEqual(Array.from(q.list).slice(q.from, q.to), [6, 9]);
    const z = packed.range(0, 0, 4, 10);
    assert.deepEqual(Array.from(z.list).slice(z.from, z.to), []);
  });

  void it('the longest quoted passage, linear on a text that repeats one word', () => {
    const p = 'x y z the licence will be dropped before summer said the minister';
    const q = 'He said "the licence will be dropped before summer" yesterday';
    const r = longestQuotedPassage(p, q);
    assert.ok(r);
    assert.equal(p.slice(r.private[0], r.private[1]), 'the licence will be dropped before summer');
    assert.equal(r.words, 7);
    const same = 'word '.repeat(100_000);
    const started = performance.now();
    const s = longestQuotedPassage(same, same);
    assert.ok(performance.now() - started < 5_000);
    assert.ok(s && s.words > 10_000);
    assert.equal(longestQuotedPassage('one two three', 'one two three'), null, 'shorter than a passage');
  });

  void it('mentions: the longest alias of a person is what is shown; two entries for one key merge', () => {
    const m = new MentionMatcher([
      { key: 'x:kari', name: 'Kari', handles: [], addresses: [], names: ['Kari'] },
      { key: 'x:kari', name: null, handles: ['karin'], addresses: [], names: ['Kari Nordmann'] },
    ]);
    const hits = m.named(post('q', 0, 'x:per', 'Today Kari Nordmann and @karin spoke'));
    assert.deepEqual(
      hits.map((h) => [h.key, h.as]),
      [['x:kari', 'Kari Nordmann']],
    );
    assert.deepEqual(
      m.named(post('q', 0, 'x:per', 'thanks', { mentions: ['karin'] })).map((h) => h.as),
      ['@karin'],
    );
    assert.deepEqual(
      new MentionMatcher([person('x:al', 'Al', ['al'])]).named(post('q', 0, 'x', 'Al and al')),
      [],
    );
  });

  void it('score parts: rarity, nidf, decay and the terms floor', () => {
    assert.equal(rarity(2), 1);
    assert.equal(rarity(1), 1);
    assert.ok(rarity(200) < 0.2 && rarity(200) > 0.17);
    assert.equal(nidf(2, 1000), 1);
    assert.equal(nidf(1000, 1000), 0);
    assert.equal(decay(0, 86_400), 1);
    assert.equal(decay(86_400, 86_400), 0.625);
    assert.equal(termsWeight(2, 0.9, 5, 5), 0, 'two common-ish stems are coincidence');
    assert.equal(termsWeight(1, 1, 5, 5), 0, 'one stem, however rare, is coincidence');
    assert.ok(termsWeight(2, 1, 5, 5) > 0);
    assert.ok(
      termsWeight(3, 2, 5, 5) > termsWeight(3, 2, 50, 50),
      'sharing a small part of long texts counts less',
    );
  });
});
