import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { WORD_RUN_PATTERN, forEachWord } from '../../src/model/text/word-tokens.js';
import { sharedPath } from '../helpers/shared.js';

function byRegex(s: string): string[] {
  let text = s.toLowerCase();
  if (/[^\x00-\x7f]/.test(text)) text = text.normalize('NFC');
  return [...text.matchAll(new RegExp(WORD_RUN_PATTERN.source, WORD_RUN_PATTERN.flags))].map((m) => m[0]);
}

function byScan(s: string): string[] {
  const out: string[] = [];
  forEachWord(s, (w, capped) => out.push(capped ? w.slice(0, 64) : w));
  return out.map((w) => w);
}

test('Words - the fast scan cuts exactly the tokens of the Unicode regex', () => {
  const samples = [
    'Tromsø, Ærlig — BLÅBÆRSYLTETØY! 3.5 e-mail djtjr@example.org http://wlsearch.tk/x?y=1',
    'Crème brûlée naïve café ﬁnance Straße ẞ Œuvre Þórður 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 中文字符 עִבְרִית العربية',
    'e\u0301 combining a\u0308 \ud800 lone surrogate \udc00 end',
  ];
  const fedora = sharedPath('corpora/jwzthreading-fedora-devel');
  if (!fedora.skip) {
    const mbox = readFileSync(
      `${fedora.path}/jwzthreading/tests/data/fedora-devel-mailman/2010-January.mbox`,
      'latin1',
    );
    samples.push(mbox.slice(0, 400_000));
  }
  for (const s of samples) {
    const expected = byRegex(s).map((w) => (w.length > 64 ? w.slice(0, 64) : w));
    assert.deepEqual(byScan(s), expected);
  }
});
