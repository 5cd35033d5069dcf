/**
 * Text analysis shared by indexing and querying: both sides must agree exactly, so it lives
 * in model/ where the store (index time and query time) and every other layer can reach it.
 * Everything here is deterministic: the same input gives the same tokens on every machine
 * (no locale-dependent calls; the caches only remember results, they never change them).
 *
 * Pipeline for one text: lower-case + NFC → word tokens (word-tokens.ts) → [Snowball stem in
 * the item's language] → fold (fold-text.ts) → cap length. Stemming comes before folding
 * because the Norwegian, Danish, Swedish and German stemmers recognise suffixes by their own
 * letters (æ, ø, å, ä, ö, ü); folding first would change what they strip.
 */
import { BoundedCache } from './bounded-cache.js';
import { foldToken } from './fold-text.js';
import { STEM_LANGUAGES, stemLanguage, stemmerFor } from './stemmers.js';
import { capToken, forEachWord } from './word-tokens.js';

export { foldText } from './fold-text.js';
export { MAX_TOKEN_LENGTH, splitWords } from './word-tokens.js';
export { STEM_LANGUAGES, stemLanguage } from './stemmers.js';

/**
 * Entries per cache generation, per language (each language keeps at most twice this).
 * Stemming is the hot path of indexing (the Snowball port costs 5–25 µs a word, a cache hit
 * well under 0.1 µs) and the vocabulary of a real mailbox follows Zipf's law, so a cache of
 * the most recent ~20k words per language serves nearly every token; the bound keeps a
 * hostile corpus of unique random strings from growing memory without end. Each parser thread
 * has its own: 50,000 a generation cost ~100 MB more peak memory in a 10k-message ingest (two
 * parser threads) for no CPU measured (per-thread CPU from /proc, 2026-11-26).
 */
export const STEM_CACHE_GENERATION_SIZE = 10_000;

/** Language code (or '' for unstemmed) → raw word → folded (stemmed) token. */
const caches = new Map<string, BoundedCache>();

function cacheFor(code: string): BoundedCache {
  let c = caches.get(code);
  if (c === undefined) {
    c = new BoundedCache(STEM_CACHE_GENERATION_SIZE);
    caches.set(code, c);
  }
  return c;
}

/** Language code → raw word → [folded word, folded stem]: analyzeText's one-lookup cache. */
const pairCaches = new Map<string, BoundedCache<readonly [string, string]>>();

function pairCacheFor(code: string): BoundedCache<readonly [string, string]> {
  let c = pairCaches.get(code);
  if (c === undefined) {
    c = new BoundedCache<readonly [string, string]>(STEM_CACHE_GENERATION_SIZE);
    pairCaches.set(code, c);
  }
  return c;
}

/** Empties the stem caches. For benchmarks and tests that measure cold-cache speed. */
export function clearStemCaches(): void {
  caches.clear();
  pairCaches.clear();
}

const ASCII_LOWER_DIGITS = /^[a-z0-9]+$/;

/**
 * Whether `word` holds an ASCII digit. Such a word (an amount, a date part, an account or case
 * number, a hash, "covid19") is a code, not a word of the language: it is indexed and searched
 * folded but never stemmed, and it skips the caches. Most are seen once (the rows of a
 * spreadsheet, the ids in a log), so stemming them (5–25 µs each) was most of the cost of
 * indexing such attachments, and caching them evicted the words that do repeat.
 */
function hasDigit(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * One raw word → its folded token, stemmed under `code` unless `code` is '', the word was
 * cut to MAX_TOKEN_LENGTH (a cut run is not a word, and the stemmer must never see huge input)
 * or it holds a digit (`hasDigit`).
 * Returns '' when nothing of the word survives folding (a lone combining mark).
 */
function analyzeWord(word: string, capped: boolean, code: string, cache: BoundedCache | null): string {
  if (code === '' || capped || hasDigit(word)) {
    if (ASCII_LOWER_DIGITS.test(word)) return word;
    if (capped || code !== '') return capToken(foldToken(word));
  }
  const hit = cache?.get(word);
  if (hit !== undefined) return hit;
  // Stems keep their own letters (lower-cased, not folded): folding after stemming makes
  // Norwegian "møt" (the stem of møte, møtet, møtene) into "mot" ("against", one of the
  // commonest words), so a search for møtene would find every text that says "mot". Exact
  // words are folded (Tromso finds Tromsø); stems are the language's own.
  const out = code === '' ? capToken(foldToken(word)) : capToken(stemmerFor(code).stem(word));
  cache?.set(word, out);
  return out;
}

/** Splits text into folded word tokens (unstemmed). */
export function tokenize(s: string): string[] {
  const out: string[] = [];
  const cache = cacheFor('');
  forEachWord(s, (word, capped) => {
    const t = analyzeWord(word, capped, '', cache);
    if (t !== '') out.push(t);
  });
  return out;
}

/**
 * The folded, stemmed token stream of `s` for an item in language `lang`, joined by spaces.
 * `lang` is an ISO 639-1 code; 'nb' and 'nn' stem as 'no'. A null or unsupported language
 * gives the unstemmed folded tokens (the same as `tokenize`): guessing English for an
 * unknown language would mangle words that `queryStems` could then not find.
 */
export function stemmedText(s: string, lang: string | null): string {
  const code = stemLanguage(lang) ?? '';
  const cache = cacheFor(code);
  const out: string[] = [];
  forEachWord(s, (word, capped) => {
    const t = analyzeWord(word, capped, code, cache);
    if (t !== '') out.push(t);
  });
  return out.join(' ');
}

/**
 * The folded words of `s` and, aligned with them, their folded stems in language `lang`
 * (`stems[i]` is the stem of `words[i]`; equal to it when `lang` is null or unsupported).
 * For the index: one pass gives both the exact-word column and the stemmed column. Use this
 * rather than stemming the output of `tokenize`: those words are already folded, and the
 * stemmers must see the language's own letters.
 */
export function analyzeText(s: string, lang: string | null): { words: string[]; stems: string[] } {
  const code = stemLanguage(lang) ?? '';
  // The pair cache alone: a word it misses is analysed once and then kept there, so the
  // single-form caches would only hold a second copy (ingest workers' memory).
  const pairs = pairCacheFor(code);
  const words: string[] = [];
  const stems: string[] = [];
  forEachWord(s, (word, capped) => {
    if (capped || hasDigit(word)) {
      // Neither stemmed nor cached (analyzeWord): mostly seen once.
      const w = analyzeWord(word, capped, '', null);
      if (w === '') return;
      words.push(w);
      stems.push(w);
      return;
    }
    // Hot path of indexing: one lookup gives both forms of a word seen before.
    let pair = pairs.get(word);
    if (pair === undefined) {
      const w = analyzeWord(word, false, '', null);
      pair = [w, w === '' || code === '' ? w : analyzeWord(word, false, code, null) || w];
      pairs.set(word, pair);
    }
    if (pair[0] === '') return;
    words.push(pair[0]);
    stems.push(pair[1]);
  });
  return { words, stems };
}

/**
 * The distinct folded stems a query word may have in any supported language, the unstemmed
 * folded form first. The store matches an item's stemmed column against any of them, so a
 * query word finds an item whatever language the item was stemmed in, or an item with no
 * language (stored unstemmed). Only the first word token of `word` is analysed: split a
 * multi-word value with `splitWords` first. Returns [] when `word` has no letters or digits.
 */
export function queryStems(word: string, langs: readonly string[] = STEM_LANGUAGES): string[] {
  let first: { word: string; capped: boolean } | null = null;
  forEachWord(word, (w, capped) => {
    if (first === null) first = { word: w, capped };
  });
  const raw = first as { word: string; capped: boolean } | null;
  if (raw === null) return [];
  const out = new Set<string>();
  const plain = analyzeWord(raw.word, raw.capped, '', cacheFor(''));
  if (plain !== '') out.add(plain);
  for (const lang of langs) {
    const code = stemLanguage(lang);
    if (code === null) continue;
    const t = analyzeWord(raw.word, raw.capped, code, cacheFor(code));
    if (t !== '') out.add(t);
  }
  return [...out];
}
