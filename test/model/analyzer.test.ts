import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  MAX_TOKEN_LENGTH,
  STEM_LANGUAGES,
  analyzeText,
  foldText,
  queryStems,
  splitWords,
  stemmedText,
  tokenize,
} from '../../src/model/text/analyzer.js';

/** True when some stem of the query word equals the indexed stem of `indexed` in `lang`. */
/** As the store matches: any query form against the item's folded words or its stems. */
function matches(queryWord: string, indexed: string, lang: string | null): boolean {
  const { words, stems } = analyzeText(indexed, lang);
  return queryStems(queryWord).some((q) => words.includes(q) || stems.includes(q));
}

void describe('Analyzer - folding', () => {
  const cases: [string, string][] = [
    ['Tromsø', 'tromso'],
    ['Ærlig', 'aerlig'],
    ['BLÅBÆRSYLTETØY', 'blabaersyltetoy'],
    ['Malmö Müller Ångström', 'malmo muller angstrom'],
    ['Straße ẞ', 'strasse ss'],
    ['Œuvre', 'oeuvre'],
    ['Þórður Guðmundsson', 'thordur gudmundsson'],
    ['Łódź', 'lodz'],
    ['Cafe\u0301 Café', 'cafe cafe'],
    ['ﬁnance Ｆull', 'finance full'],
    ['Version 3.5, 2016!', 'version 3.5, 2016!'],
    ['İstanbul', 'istanbul'],
  ];
  for (const [input, folded] of cases) {
    void test(`${input} → ${folded}`, () => assert.equal(foldText(input), folded.normalize('NFC')));
  }

  void test('decomposed and precomposed input fold the same', () => {
    assert.equal(foldText('Tromsø Åse'.normalize('NFD')), foldText('Tromsø Åse'));
    assert.deepEqual(tokenize('e\u0301cole A\u030Ase'), ['ecole', 'ase']);
  });

  void test('scripts without Latin diacritics keep their marks (stripping would merge words)', () => {
    assert.equal(foldText('हिन्दी'), 'हिन्दी');
    assert.deepEqual(tokenize('Привет, мир'), ['привет', 'мир']);
  });
});

void describe('Analyzer - tokenize', () => {
  void test('words are runs of letters and digits; punctuation, addresses and URLs split', () => {
    assert.deepEqual(tokenize('Hei! Møtet i Tromsø varer 3.5 timer.'), [
      'hei',
      'motet',
      'i',
      'tromso',
      'varer',
      '3',
      '5',
      'timer',
    ]);
    assert.deepEqual(tokenize('Mail djtjr@Example.com or see http://wlsearch.tk/a?b=c'), [
      'mail',
      'djtjr',
      'example',
      'com',
      'or',
      'see',
      'http',
      'wlsearch',
      'tk',
      'a',
      'b',
      'c',
    ]);
    assert.deepEqual(tokenize("father's e-mail"), ['father', 's', 'e', 'mail']);
  });

  void test('empty and punctuation-only input give no tokens', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize(' -- & !! … '), []);
  });

  void test(`tokens are cut at MAX_TOKEN_LENGTH (${MAX_TOKEN_LENGTH}), without splitting a surrogate pair`, () => {
    const [long] = tokenize('x'.repeat(10_000));
    assert.equal(long, 'x'.repeat(MAX_TOKEN_LENGTH));
    const astral = '𝐀'.repeat(100); // mathematical bold A: a letter outside the BMP, folds to 'a'
    for (const t of tokenize(astral)) assert.ok(t.length <= MAX_TOKEN_LENGTH);
    const cjk = '𠀀'.repeat(100); // CJK Extension B: a letter outside the BMP with no folding
    const [cut] = splitWords(cjk);
    assert.ok(cut !== undefined && cut.length <= MAX_TOKEN_LENGTH && cut.length % 2 === 0);
    assert.equal(cut, Array.from(cut).join(''), 'no lone surrogate at the cut');
  });

  void test('a 5 MB word without spaces is tokenised quickly', () => {
    const start = performance.now();
    assert.equal(tokenize('a'.repeat(5_000_000)).length, 1);
    assert.equal(stemmedText('ø'.repeat(5_000_000), 'no').length, MAX_TOKEN_LENGTH);
    assert.ok(performance.now() - start < 2_000);
  });
});

void describe('Analyzer - stemming', () => {
  void test('English: emails matches email, running matches run', () => {
    assert.equal(stemmedText('emails', 'en'), stemmedText('email', 'en'));
    assert.ok(matches('emails', 'email', 'en'));
    assert.ok(matches('email', 'emails', 'en'));
    assert.ok(matches('running', 'runs', 'en'));
    assert.ok(matches('Meetings', 'meeting', 'en'));
  });

  void test('Norwegian: møtene and møtet share a stem with møte', () => {
    const stem = stemmedText('møte', 'no');
    assert.equal(stemmedText('møtene', 'no'), stem);
    assert.equal(stemmedText('møtet', 'no'), stem);
    assert.equal(stemmedText('Møter', 'no'), stem);
    assert.ok(matches('møtene', 'møtet', 'no'));
    assert.ok(matches('motene', 'møtene', 'no'), 'typed without ø: the exact folded word');
    // Stems are not folded: folded, møt (møte) would become mot ("against").
    assert.ok(!matches('møtene', 'mot', 'no'));
    assert.ok(!matches('møte', 'mot', 'no'));
  });

  void test('nb and nn stem as no; language codes are case-insensitive', () => {
    const text = 'Spørsmålene om dokumentene i møtene';
    assert.equal(stemmedText(text, 'nb'), stemmedText(text, 'no'));
    assert.equal(stemmedText(text, 'nn'), stemmedText(text, 'no'));
    assert.equal(stemmedText(text, 'NO'), stemmedText(text, 'no'));
    assert.notEqual(stemmedText(text, 'no'), tokenize(text).join(' '));
  });

  void test('stemming happens before folding: the stemmer sees æ, ø, å', () => {
    // The Norwegian stemmer finds its region after the first vowel-consonant pair, counting
    // æ as one vowel: "ærligheten" → "ærl". Folded first, "aerligheten" would put the region
    // one letter later and stem differently. Stems keep their letters (not folded).
    assert.equal(stemmedText('ærligheten', 'no'), 'ærl');
    assert.equal(stemmedText('ærlig', 'no'), 'ærl');
    assert.notEqual(stemmedText(foldText('ærligheten'), 'no'), 'ærl');
    assert.match(stemmedText('Blåbærene på Tromsø', 'no'), /blåbær/);
  });

  void test('the other supported languages stem', () => {
    assert.equal(stemmedText('frågorna', 'sv'), stemmedText('fråga', 'sv'));
    assert.equal(stemmedText('møderne', 'da'), stemmedText('mødet', 'da'));
    assert.equal(stemmedText('Häuser', 'de'), stemmedText('Haus', 'de'));
    assert.equal(stemmedText('documents', 'fr'), stemmedText('document', 'fr'));
    assert.equal(stemmedText('documentos', 'es'), stemmedText('documento', 'es'));
    assert.equal(stemmedText('vergaderingen', 'nl'), stemmedText('vergadering', 'nl'));
    assert.deepEqual(STEM_LANGUAGES, ['en', 'no', 'sv', 'da', 'de', 'fr', 'es', 'nl', 'it', 'pt']);
  });

  void test('null or unknown language gives the unstemmed folded tokens', () => {
    const text = 'Emails about the Møtene';
    assert.equal(stemmedText(text, null), tokenize(text).join(' '));
    assert.equal(stemmedText(text, 'fi'), tokenize(text).join(' '));
    assert.equal(stemmedText(text, 'xx'), 'emails about the motene');
  });

  void test('stemmedText is deterministic: same result cold, warm and after many other words', () => {
    const text = 'The meetings were postponed; møtene ble utsatt.';
    const first = stemmedText(text, 'en');
    // Rolls the cache generations (letters only: a word with a digit is never cached).
    for (let i = 0; i < 120_000; i++)
      stemmedText(`filler${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)] ?? '')}s`, 'en');
    assert.equal(stemmedText(text, 'en'), first);
  });

  void test('analyzeText gives words and their stems aligned', () => {
    const { words, stems } = analyzeText('Møtene om e-postene', 'no');
    assert.deepEqual(words, tokenize('Møtene om e-postene'));
    assert.equal(stems.join(' '), stemmedText('Møtene om e-postene', 'no'));
    assert.equal(words.length, stems.length);
    assert.deepEqual(analyzeText('Emails', null), { words: ['emails'], stems: ['emails'] });
  });

  void test('a word with a digit is a code: folded, never stemmed, in every language', () => {
    const text = 'covid19s 2022-05 Møte2 A4s 0x1Fs ref123ing 12345';
    const folded = tokenize(text);
    assert.deepEqual(folded, ['covid19s', '2022', '05', 'mote2', 'a4s', '0x1fs', 'ref123ing', '12345']);
    for (const lang of STEM_LANGUAGES) {
      const { words, stems } = analyzeText(text, lang);
      assert.deepEqual(words, folded, lang);
      assert.deepEqual(stems, folded, lang);
      assert.equal(stemmedText(text, lang), folded.join(' '), lang);
    }
    // The query side agrees: one form, the folded word, which the words column holds.
    assert.deepEqual(queryStems('Covid19s'), ['covid19s']);
    assert.deepEqual(queryStems('Møte2'), ['mote2']);
    assert.ok(matches('covid19s', 'Covid19s cases', 'en'));
    assert.ok(!matches('covid19', 'Covid19s cases', 'en'), 'no stem joins covid19s with covid19');
    // Words without digits stem as before.
    assert.deepEqual(queryStems('emails', ['en']), ['emails', 'email']);
  });
});

void describe('Analyzer - queryStems', () => {
  void test('the unstemmed folded form comes first, then distinct stems', () => {
    const stems = queryStems('Møtene');
    assert.equal(stems[0], 'motene');
    assert.ok(stems.includes(stemmedText('møtene', 'no')));
    assert.equal(new Set(stems).size, stems.length);
  });

  void test('a query word matches items whatever their language, and items with no language', () => {
    assert.ok(matches('emails', 'email', 'en'));
    assert.ok(matches('møtene', 'møte', 'no'));
    assert.ok(matches('Tromsø', 'tromso', null));
    assert.ok(matches('tromso', 'Tromsø', 'no'));
    assert.ok(matches('Ærlig', 'aerlig', null));
  });

  void test('only the first word is analysed; words without letters or digits give nothing', () => {
    assert.deepEqual(queryStems('e-mail'), queryStems('e'));
    assert.deepEqual(splitWords('E-mail Møtene'), ['e', 'mail', 'møtene']);
    assert.deepEqual(queryStems('--'), []);
    assert.deepEqual(queryStems(''), []);
  });

  void test('the languages can be narrowed', () => {
    assert.deepEqual(queryStems('emails', ['en']), ['emails', 'email']);
    assert.deepEqual(queryStems('emails', []), ['emails']);
  });
});
