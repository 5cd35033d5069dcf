/**
 * Language of a message, by counting common words (lang-profiles.ts) in its first
 * MAX_DETECT_CHARS characters. Common-word counting is what works on the short, informal
 * texts of correspondence (a trigram model needs more text than a DM has) and it is fast and
 * deterministic. It answers only when the evidence is clear: a text too short, made of names
 * and links, in a language it does not know, or balanced between two languages gets null,
 * and the item is indexed unstemmed instead of stemmed wrongly.
 */
import { LANGUAGE_PROFILES } from './lang-profiles.js';

/** Characters looked at: enough words for a clear answer; the cost stays constant for a 50 MB message. */
export const MAX_DETECT_CHARS = 1_000;
/** Fewer words than this is too little to tell ("ok", "Thanks!"). */
const MIN_WORDS = 3;
/** The winner must match at least this many common words… */
const MIN_HITS = 2;
/** …making at least this share of all words (prose runs 30–50 %; lists of names, code, unknown languages far less)… */
const MIN_SHARE = 0.2;
/**
 * …and lead the runner-up by at least this many words. Close languages (Danish and
 * Norwegian) share most function words, so the lead comes only from the words that differ;
 * a lead of one word is chance.
 */
const MIN_LEAD = 2;

/**
 * Spelling that tells Danish from Norwegian when their common words do not: Norwegian
 * -sjon, kj/gj (kjøpe, gjøre, ikkje), øy and ei (høy, vei, nei), -het, -skap, nynorsk -leg,
 * final tt/kk/pp/nn (fått, takk, opp, inn), prefixes ut-/inn- (utvalg, innkalling); Danish
 * -tion, øj and ej (høj, vej, nej), -hed, -skab, -erne plurals (dokumenterne), -ede past
 * tense (troede), -ået participles (fået, gået), prefixes ud-/ind- (udvalg, indkaldelse). Used only when Danish and
 * Norwegian are the two leading candidates: Swedish shares -tion and -skap, English ei.
 */
const DANISH_SPELLING = [
  /tion(?:en|er|erne)?$/,
  /øj|ej/,
  /hed(?:en|er|erne)?$/,
  /skab(?:et|er)?$/,
  /(?<!j)erne$/,
  /ede$/,
  /ået$/,
  /^(?:ud|ind)./,
];
const NORWEGIAN_SPELLING = [
  /sjon(?:en|er|ene)?$/,
  /kj|gj/,
  /øy|ei/,
  /het(?:en|er|ene)?$/,
  /skap(?:et|er)?$/,
  /leg(?:e|t)?$/,
  /(?:tt|kk|pp|nn)$/,
  /^(?:ut|inn)./,
];

/** Word → the languages it is common in. */
const WORD_LANGS: ReadonlyMap<string, readonly string[]> = (() => {
  const m = new Map<string, string[]>();
  for (const [lang, words] of LANGUAGE_PROFILES) {
    for (const w of words) {
      const langs = m.get(w);
      if (langs === undefined) m.set(w, [lang]);
      else langs.push(lang);
    }
  }
  return m;
})();

/** A whitespace-separated chunk that is a URL, an address, a host or a path, not prose. */
const NOT_PROSE = /[/@:]|[\p{L}\p{N}]\.[\p{L}\p{N}]/u;
const LETTERS = /\p{L}+/gu;

/** Whether char code `c` is one that JavaScript's `\s` matches (the chunk separators). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isAsciiLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** An ASCII (lower-cased) chunk holding '/', '@', ':' or a '.' between letters or digits: not prose. */
function asciiNotProse(s: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x2f || c === 0x40 || c === 0x3a) return true;
    if (
      c === 0x2e &&
      k > start &&
      k + 1 < end &&
      isAsciiAlnum(s.charCodeAt(k - 1)) &&
      isAsciiAlnum(s.charCodeAt(k + 1))
    )
      return true;
  }
  return false;
}

/**
 * The ISO 639-1 code of the language `text` is written in: 'en', 'no' (bokmål and nynorsk),
 * 'sv', 'da', 'de', 'fr', 'es', 'nl', 'it' or 'pt'; null when the text is too short, not
 * prose, in another language, or not clearly one of these.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, MAX_DETECT_CHARS).toLowerCase();
  const scores = new Map<string, number>();
  const words: string[] = [];
  const count = (word: string) => {
    words.push(word);
    const langs = WORD_LANGS.get(word);
    if (langs !== undefined) for (const lang of langs) scores.set(lang, (scores.get(lang) ?? 0) + 1);
  };
  proseWords(sample, count);
  if (words.length < MIN_WORDS) return null;
  const ranked = rank(scores);
  if (ranked.length >= 2 && isDanishNorwegianPair(ranked[0]?.[0], ranked[1]?.[0])) {
    for (const w of words) {
      for (const re of DANISH_SPELLING) if (re.test(w)) scores.set('da', (scores.get('da') ?? 0) + 1);
      for (const re of NORWEGIAN_SPELLING) if (re.test(w)) scores.set('no', (scores.get('no') ?? 0) + 1);
    }
  }
  const [first, second] = rank(scores);
  if (first === undefined) return null;
  const [best, bestScore] = first;
  const secondScore = second?.[1] ?? 0;
  if (bestScore < MIN_HITS || bestScore < words.length * MIN_SHARE) return null;
  if (bestScore - secondScore < MIN_LEAD) return null;
  return best;
}

/**
 * Calls `visit` with each word of (lower-cased) `sample` that counts as prose: the letter runs
 * of every whitespace-separated chunk that is not a URL, an address, a host or a path
 * (NOT_PROSE). A scan over char codes, since every message passes here at ingest: ASCII chunks
 * (nearly all) need no regex and no array; the others take NOT_PROSE and LETTERS. A test checks
 * it against the plain regex definition (split on \s+, NOT_PROSE, LETTERS).
 */
export function proseWords(sample: string, visit: (word: string) => void): void {
  const n = sample.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(sample.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let ascii = true;
    for (let c = sample.charCodeAt(i); i < n && !isSpace(c); c = sample.charCodeAt(++i))
      if (c >= 0x80) ascii = false;
    if (ascii) {
      if (asciiNotProse(sample, start, i)) continue;
      let j = start;
      while (j < i) {
        while (j < i && !isAsciiLower(sample.charCodeAt(j))) j++;
        const from = j;
        while (j < i && isAsciiLower(sample.charCodeAt(j))) j++;
        if (j > from) visit(sample.slice(from, j));
      }
      continue;
    }
    const chunk = sample.slice(start, i);
    if (NOT_PROSE.test(chunk)) continue;
    // An exec loop, not matchAll: matchAll clones the regex on every call.
    LETTERS.lastIndex = 0;
    for (let m = LETTERS.exec(chunk); m !== null; m = LETTERS.exec(chunk)) visit(m[0]);
  }
}

function isDanishNorwegianPair(a: string | undefined, b: string | undefined): boolean {
  return (a === 'da' && b === 'no') || (a === 'no' && b === 'da');
}

/** Languages by descending score; ties in the fixed order of LANGUAGE_PROFILES, so the result is deterministic. */
function rank(scores: ReadonlyMap<string, number>): [string, number][] {
  const order = [...LANGUAGE_PROFILES.keys()];
  return [...scores].sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]));
}
