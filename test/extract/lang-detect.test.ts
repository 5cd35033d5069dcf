import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { MAX_DETECT_CHARS, detectLanguage } from '../../src/extract/index.js';
import { proseWords } from '../../src/extract/lang-detect.js';
import { repoRoot, sharedPath } from '../helpers/shared.js';

interface Sample {
  expected: string | null;
  text: string;
  line: number;
}

const SAMPLES: Sample[] = readFileSync(`${repoRoot}/test/fixtures/extract/lang-samples.tsv`, 'utf8')
  .split('\n')
  .map((l, i) => ({ l, line: i + 1 }))
  .filter(({ l }) => l !== '' && !l.startsWith('#'))
  .map(({ l, line }) => {
    const [code = '', text = ''] = l.split('\t');
    return { expected: code === '-' ? null : code, text, line };
  });

/**
 * Share of the labelled samples that must be recognised. The rest may only be answered with
 * null (unsure): a wrong language is never allowed, because it stems the item wrongly.
 */
const MIN_ACCURACY = 0.93;

void describe('Language detection - samples (test/fixtures/extract/lang-samples.tsv)', () => {
  void test('never names a wrong language; recognises at least 93 % of labelled samples', (t) => {
    let right = 0;
    let unsure = 0;
    const perLang = new Map<string, { right: number; total: number }>();
    for (const s of SAMPLES) {
      const got = detectLanguage(s.text);
      if (s.expected === null) {
        assert.equal(got, null, `line ${s.line}: expected null for ${JSON.stringify(s.text)}`);
        continue;
      }
      const stats = perLang.get(s.expected) ?? { right: 0, total: 0 };
      stats.total += 1;
      perLang.set(s.expected, stats);
      if (got === s.expected) {
        right += 1;
        stats.right += 1;
      } else {
        assert.equal(got, null, `line ${s.line}: expected ${s.expected}, got ${got}: ${s.text}`);
        unsure += 1;
      }
    }
    const labelled = right + unsure;
    t.diagnostic(`recognised ${right}/${labelled}, unsure ${unsure}, wrong 0`);
    t.diagnostic([...perLang].map(([l, s]) => `${l} ${s.right}/${s.total}`).join(', '));
    assert.ok(right / labelled >= MIN_ACCURACY, `accuracy ${right}/${labelled}`);
  });

  void test('every language has samples, and Danish and Norwegian several', () => {
    const count = (code: string): number => SAMPLES.filter((s) => s.expected === code).length;
    for (const code of ['en', 'no', 'sv', 'da', 'de', 'fr', 'es', 'nl']) assert.ok(count(code) >= 8, code);
    assert.ok(count('da') >= 15 && count('no') >= 20);
  });
});

void describe('Language detection - behaviour', () => {
  void test('longer texts: paragraphs of one language together are recognised', () => {
    const byLang = (code: string): string =>
      SAMPLES.filter((s) => s.expected === code)
        .map((s) => s.text)
        .join('\n\n');
    for (const code of ['en', 'no', 'sv', 'da', 'de', 'fr', 'es', 'nl'])
      assert.equal(detectLanguage(byLang(code)), code);
  });

  void test('only the first MAX_DETECT_CHARS characters count, so a huge text costs the same', () => {
    const no = 'Jeg vet ikke hva han mente med det, men vi må snakke med ham igjen etter møtet. ';
    const en = 'We do not know what he meant by that, but we should talk to him again after the meeting. ';
    const text = no.repeat(Math.ceil(MAX_DETECT_CHARS / no.length)) + en.repeat(100_000);
    const start = performance.now();
    assert.equal(detectLanguage(text), 'no');
    assert.ok(performance.now() - start < 50);
  });

  void test('links, addresses and dates do not count as words', () => {
    assert.equal(
      detectLanguage('https://de.wikipedia.org/wiki/Die_Seite_ist_da und@die.de 2016-10-12'),
      null,
    );
    assert.equal(
      detectLanguage('Se https://www.vg.no/nyheter/i/abc og si hva du mener om saken før møtet.'),
      'no',
    );
  });

  void test('an email quoting headers and a signature in Norwegian is still Norwegian', () => {
    const mail = [
      'Hei Ola,',
      '',
      'Takk for sist. Jeg har lest gjennom utkastet, og jeg tror vi må kutte andre del før vi sender det til',
      'departementet. Kan du se på det i løpet av dagen?',
      '',
      'Mvh',
      'Kari Nordmann',
      'kari@example.no | +47 900 00 000',
    ].join('\n');
    assert.equal(detectLanguage(mail), 'no');
  });
});

const via = sharedPath('corpora/mimekit/UnitTests/TestData/tnef/MAPI_ATTACH_DATA_OBJ/VIA_Nytt_14021.htm');
const fedora = sharedPath(
  'corpora/jwzthreading-fedora-devel/jwzthreading/tests/data/fedora-devel-mailman/2010-January.mbox',
);

void describe('Language detection - real corpora', () => {
  void test('a Norwegian newsletter (Word HTML, windows-1252) is Norwegian', { skip: via.skip }, () => {
    const html = new TextDecoder('windows-1252').decode(readFileSync(via.path));
    const text = html
      .replace(/<(style|script|xml)[\s\S]*?<\/\1>|<!--[\s\S]*?-->/gi, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ');
    assert.equal(detectLanguage(text), 'no');
  });

  void test('fedora-devel list mail is English', { skip: fedora.skip }, (t) => {
    const mbox = readFileSync(fedora.path, 'utf8');
    const bodies = mbox
      .split(/\n(?=From )/)
      .map((m) => m.slice(m.indexOf('\n\n') + 2))
      .filter((b) => b.split(/\s+/).length >= 40)
      .slice(0, 100);
    const results = bodies.map((b) => detectLanguage(b));
    const english = results.filter((r) => r === 'en').length;
    const other = results.filter((r) => r !== 'en' && r !== null);
    t.diagnostic(`${english}/${bodies.length} English, ${other.length} other: ${other.join(' ')}`);
    assert.ok(bodies.length >= 50);
    assert.ok(english / bodies.length >= 0.9, `${english}/${bodies.length}`);
    assert.equal(other.length, 0);
  });
});

/** The definition proseWords implements with a char-code scan: split on \s+, drop non-prose chunks, letter runs. */
function proseWordsByRegex(sample: string): string[] {
  const out: string[] = [];
  for (const chunk of sample.split(/\s+/)) {
    if (chunk === '' || /[/@:]|[\p{L}\p{N}]\.[\p{L}\p{N}]/u.test(chunk)) continue;
    for (const m of chunk.matchAll(/\p{L}+/gu)) out.push(m[0]);
  }
  return out;
}

void describe('Language detection - the word scan', () => {
  void test('gives exactly the words of the regex definition, on samples, edge cases and real mail', () => {
    const texts = [
      ...SAMPLES.map((s) => s.text),
      'a.b c. d .e 1.2 x.1 www.example.com/path e-mail: someone@example.org end.',
      'tab\tseparated\u00a0nbsp\u2003em\u3000ideographic\ufeffbom\u2028line\u202fnarrow',
      'blåbær-syltetøy på brødskiva, «sitat» og vår.kode ø.å',
      '',
      '   ',
      '\u{1F600}emoji\u{1F600} mixed ascii-and-ünïcödé words',
    ];
    const fedoraText = fedora.skip ? '' : readFileSync(fedora.path, 'utf8').slice(0, 400_000);
    for (let at = 0; at < fedoraText.length; at += MAX_DETECT_CHARS)
      texts.push(fedoraText.slice(at, at + MAX_DETECT_CHARS));
    for (const t of texts) {
      const sample = t.toLowerCase();
      const got: string[] = [];
      proseWords(sample, (w) => got.push(w));
      assert.deepEqual(got, proseWordsByRegex(sample), JSON.stringify(sample.slice(0, 80)));
    }
  });
});
