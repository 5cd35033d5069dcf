import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { clearStemCaches, stemmedText } from '../../src/model/text/analyzer.js';
import { sharedPath } from '../helpers/shared.js';
import { syntheticNorwegian } from './synthetic-text.js';

const MB = 1_000_000;
/**
 * Floors far below what even a loaded 2-core machine does, so the test fails only when something
 * made the hot path an order of magnitude slower (a lost cache, a backtracking regex).
 */
const MIN_COLD_TOKENS_PER_S = 40_000;
const MIN_WARM_TOKENS_PER_S = 100_000;

/** Cold = empty stem cache (JIT warmed up on other text first); warm = second pass over the same text. */
function measure(text: string, lang: string): { tokens: number; cold: number; warm: number } {
  stemmedText(syntheticNorwegian(50_000, 99), lang);
  clearStemCaches();
  let start = performance.now();
  const tokens = stemmedText(text, lang).split(' ').length;
  const cold = tokens / ((performance.now() - start) / 1000);
  start = performance.now();
  stemmedText(text, lang);
  const warm = tokens / ((performance.now() - start) / 1000);
  return { tokens, cold: Math.round(cold), warm: Math.round(warm) };
}

const fedora = sharedPath(
  'corpora/jwzthreading-fedora-devel/jwzthreading/tests/data/fedora-devel-mailman/2010-January.mbox',
);

void test('Analyzer throughput - stemmedText on 1 MB of real English mail', { skip: fedora.skip }, (t) => {
  const text = readFileSync(fedora.path, 'utf8').slice(0, MB);
  const r = measure(text, 'en');
  t.diagnostic(`en: ${r.tokens} tokens, cold cache ${r.cold} tokens/s, warm ${r.warm} tokens/s`);
  assert.ok(r.cold > MIN_COLD_TOKENS_PER_S, `cold ${r.cold}`);
  assert.ok(r.warm > MIN_WARM_TOKENS_PER_S, `warm ${r.warm}`);
});

void test('Analyzer throughput - stemmedText on 1 MB of Norwegian-like text', (t) => {
  const text = syntheticNorwegian(MB);
  const r = measure(text, 'no');
  t.diagnostic(`no: ${r.tokens} tokens, cold cache ${r.cold} tokens/s, warm ${r.warm} tokens/s`);
  assert.ok(r.cold > MIN_COLD_TOKENS_PER_S, `cold ${r.cold}`);
  assert.ok(r.warm > MIN_WARM_TOKENS_PER_S, `warm ${r.warm}`);
});

void test('Analyzer throughput - worst case, every word new to the cache', (t) => {
  const words: string[] = [];
  for (let i = 0; words.length < 30_000; i++) words.push(`ord${i.toString(36)}ene`);
  const text = words.join(' ');
  for (const lang of ['en', 'no']) {
    clearStemCaches();
    const start = performance.now();
    stemmedText(text, lang);
    const rate = Math.round(words.length / ((performance.now() - start) / 1000));
    t.diagnostic(`${lang}: all-unique words ${rate} tokens/s`);
    assert.ok(rate > 5_000, `${lang} ${rate}`);
  }
});
