import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeSnippet, matchRanges, MAX_SNIPPET_SCAN_CHARS, type Analyze } from '../../src/store/snippet.js';
import { queryHighlights, type Highlights } from '../../src/store/query-highlights.js';
import { parseQuery } from '../../src/query/index.js';
import { analyzeText } from '../../src/model/text/analyzer.js';
import { MATCH_END, MATCH_START } from '../../src/model/snippet-markers.js';

const analyzer =
  (lang: string | null): Analyze =>
  (run) =>
    analyzeText(run, lang);

const marked = (text: string, q: string, lang: string | null = 'en'): string =>
  makeSnippet(text, queryHighlights(parseQuery(q)), analyzer(lang))
    .replaceAll(MATCH_START, '[')
    .replaceAll(MATCH_END, ']');

test('a snippet marks the folded words, stems and prefixes the query looks for', () => {
  assert.equal(marked('Møte om Økonomi i Tromsø', 'okonomi tromso', 'no'), 'Møte om [Økonomi] i [Tromsø]');
  assert.equal(
    marked('She emails the board. Her email was late.', 'email'),
    'She [emails] the board. Her [email] was late.',
  );
  assert.equal(
    marked('Regjeringen og regjeringsadvokaten', 'regjer*', 'no'),
    '[Regjeringen] og [regjeringsadvokaten]',
  );
  assert.equal(marked('Straße und Strasse', 'strasse', 'de'), '[Straße] und [Strasse]');
  assert.equal(marked('Ærlig talt, aerlig', 'aerlig', 'no'), '[Ærlig] talt, [aerlig]');
});

test('a phrase is marked where its words stand in order, never one of its words alone', () => {
  assert.equal(
    marked('one of the best ways to dodge it; most of the list traffic should meet it', '"of the list"'),
    'one of the best ways to dodge it; most [of the list] traffic should meet it',
  );
  // Words the index reads as a sequence: punctuation between them, a hyphen, a line break.
  assert.equal(
    marked('the spam-filters and spam\nfilters', '"spam filters"'),
    'the [spam-filters] and [spam filters]',
  );
  // A phrase and one of its words: the word is marked alone elsewhere, once inside the phrase.
  assert.equal(
    marked('The board meeting; the board', 'board "board meeting"'),
    'The [board meeting]; the [board]',
  );
  // A multi-word term (an address) is a phrase too.
  assert.equal(marked('mail kari@example.no or kari', 'kari@example.no'), 'mail [kari@example.no] or kari');
  // The snippet starts at the phrase, not at a lone word of it far before.
  const lead = `of ${'filler '.repeat(40)}`;
  const out = marked(`${lead}most of the list traffic`, '"of the list"');
  assert.ok(out.startsWith('…') && out.includes('[of the list]') && !out.includes('[of]'), out);
});

test('a snippet starts near its first match and is cut between words', () => {
  const lead = 'filler '.repeat(60);
  const out = marked(`${lead}the subpoena arrived today ${'tail '.repeat(60)}`, 'subpoena');
  assert.ok(out.startsWith('…'), out);
  assert.ok(out.endsWith('…'), out);
  assert.ok(out.includes('the [subpoena] arrived'), out);
  assert.ok(!/\bfille$|\bfill\b/.test(out), out);
  assert.equal(marked('nothing here at all', 'subpoena'), 'nothing here at all');
});

test('markers in the message itself are taken out, and a long text is scanned only so far', () => {
  assert.equal(
    marked(`a ${MATCH_START}fake${MATCH_END} mark and a budget`, 'budget'),
    'a fake mark and a [budget]',
  );
  const far = `${'word '.repeat(MAX_SNIPPET_SCAN_CHARS / 5 + 10)}budget`;
  assert.ok(!marked(far, 'budget').includes('['));
  const h = queryHighlights(parseQuery('budget'));
  assert.deepEqual(matchRanges(far, h, analyzer('en'), 5), [[far.length - 6, far.length]]);
});

/**
 * What the matches are by definition: every run of letters, digits and marks, analysed alone;
 * a phrase where its words are the words of consecutive runs, from the first word of a run
 * (the longest phrase there, then on after it); a word inside a phrase match is not marked again.
 */
function referenceRanges(text: string, h: Highlights, analyze: Analyze): Array<[number, number]> {
  const runs = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    ...analyze(m[0]),
  }));
  const phraseAt: Array<[number, number]> = [];
  for (let r = 0; r < runs.length; r++) {
    let best = -1;
    for (const p of h.phrases) {
      const seq: Array<{ word: string; run: number }> = [];
      for (let q = r; q < runs.length && seq.length < p.length; q++)
        for (const word of runs[q]?.words ?? []) seq.push({ word, run: q });
      if (seq.length >= p.length && p.every((w, k) => seq[k]?.word === w))
        best = Math.max(best, seq[p.length - 1]?.run ?? -1);
    }
    if (best >= 0) {
      phraseAt.push([runs[r]?.start ?? 0, runs[best]?.end ?? 0]);
      r = best;
    }
  }
  const out: Array<[number, number]> = [...phraseAt];
  for (const run of runs) {
    const hit =
      run.words.some((w) => h.words.has(w) || h.prefixes.some((p) => w.startsWith(p))) ||
      run.stems.some((s) => h.stems.has(s));
    if (hit && !phraseAt.some(([s, e]) => run.start >= s && run.end <= e)) out.push([run.start, run.end]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'Budget',
  'budgets',
  'BUDGET',
  'møte',
  'Møtene',
  'MØTE',
  'mote',
  'Økonomi',
  'økonomisk',
  'Ærlig',
  'aerlig',
  'Straße',
  'strasse',
  'ſtraße',
  'İstanbul',
  'istanbul',
  'ǆungla',
  'Þorn',
  'thorn',
  'ﬁle',
  'file',
  'Ａpple',
  'apple',
  '½',
  '1⁄2',
  'x²',
  'café',
  'cafe\u0301',
  'naïve',
  'Ελλάδα',
  'ελλαδα',
  'Москва',
  'москва',
  '東京',
  '𝐀lpha',
  'alpha',
  'emails',
  'email',
  'e-mail',
  "don't",
  'O’Brien',
  'regjeringen',
  'Regjeringsadvokaten',
  'subpoena',
  'Subpoenas',
  'an',
  'a',
  'I',
  'ŉ',
  'ß',
  'æ',
  '\ud800',
  'x\u0308y',
  'łódź',
  'lodz',
  '2024',
  'v2',
  'ŧest',
  'đak',
  'ħat',
  'ıi',
];
const SEPARATORS = [' ', '  ', '\n', ', ', '. ', '—', '-', '/', '(', ')', '"', '\u00a0', '\u200b', '…'];

test('the fast scan finds exactly the runs that analysing every run finds', () => {
  const rnd = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  let compared = 0;
  let found = 0;
  for (let round = 0; round < 400; round++) {
    let text = '';
    const length = 1 + Math.floor(rnd() * 400);
    for (let k = 0; k < length; k++) text += pick(WORDS) + pick(SEPARATORS);
    const terms = [pick(WORDS), pick(WORDS)].map((w) => w.replace(/["()\-:*’']/g, ''));
    const query =
      round % 3 === 0
        ? `${terms[0]} OR ${terms[1]}`
        : round % 3 === 1
          ? `${(terms[0] ?? '').slice(0, 3)}* ${terms[1]}`
          : `"${terms[0]} ${terms[1]}"`;
    let ast;
    try {
      ast = parseQuery(query);
    } catch {
      continue; // a word the query language reads otherwise; others are compared
    }
    const h = queryHighlights(ast);
    for (const lang of ['en', 'no', 'de', null]) {
      const analyze = analyzer(lang);
      const expected = referenceRanges(text, h, analyze);
      assert.deepEqual(
        matchRanges(text, h, analyze, Infinity),
        expected,
        `${query} (${lang}) in ${JSON.stringify(text)}`,
      );
      compared++;
      found += expected.length;
    }
  }
  assert.ok(compared > 1000, `compared ${compared}`);
  assert.ok(found > 1000, `found ${found}`);
});
