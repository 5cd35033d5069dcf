/**
 * Cutting text into word tokens: maximal runs of Unicode letters, combining marks and digits.
 * Everything else separates words, so "3.5" is "3" "5", an address "djtjr@example.com" is
 * "djtjr" "example" "com" and a URL is its host labels and path words. Keeping "3.5" whole
 * would be nicer for numbers but would disagree with the full-text engines' own tokenisers
 * (SQLite FTS5 unicode61 and PostgreSQL split there too), and a phrase query "3.5" still
 * finds "3" followed by "5".
 *
 * Tokens are lower-cased and NFC-composed but NOT folded: the Snowball stemmers need the
 * language's own letters (the Norwegian one works on æ, ø, å), so stemming happens first and
 * folding after (see analyzer.ts).
 */

/**
 * Longest token kept, in UTF-16 code units; longer runs are cut to this length and not stemmed.
 * Stops a hostile or broken message (a 5 MB base64 line, a minified script) from making one
 * giant index term per message and from feeding megabyte strings to the stemmer.
 * No real word in the languages we stem comes close (German compounds rarely pass 40).
 */
export const MAX_TOKEN_LENGTH = 64;

const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** Cuts `token` to MAX_TOKEN_LENGTH code units without splitting a surrogate pair. */
export function capToken(token: string): string {
  if (token.length <= MAX_TOKEN_LENGTH) return token;
  const code = token.charCodeAt(MAX_TOKEN_LENGTH - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_TOKEN_LENGTH - 1 : MAX_TOKEN_LENGTH;
  return token.slice(0, end);
}

/** Calls `visit` with each raw word token of `s` (lower-cased, NFC, capped), in order. */
export function forEachWord(s: string, visit: (word: string, capped: boolean) => void): void {
  let text = s.toLowerCase();
  if (NON_ASCII.test(text)) text = text.normalize('NFC');
  // A scan over char codes, not a /u regex: this is the hot loop of indexing, and a table
  // lookup per character is several times faster than the regex engine's property tests.
  // Same tokens as WORD_RUN (a test checks the two agree on real mail).
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isWordCharAt(text, i)) i += charWidth(text, i);
    if (i >= n) break;
    const start = i;
    while (i < n && isWordCharAt(text, i)) i += charWidth(text, i);
    const word = text.slice(start, i);
    if (word.length > MAX_TOKEN_LENGTH) visit(capToken(word), true);
    else visit(word, false);
  }
}

/** The regex that forEachWord's scan implements, for tests that check they agree. */
export const WORD_RUN_PATTERN = WORD_RUN;

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/** Per BMP code unit: 0 unknown, 1 word character, 2 not. Filled lazily (64 KiB). */
const bmpClass = new Uint8Array(0x10000);

function isWordCharAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return WORD_CHAR.test(text.slice(i, i + 2));
  }
  let k = bmpClass[c] as number;
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    bmpClass[c] = k;
  }
  return k === 1;
}

function charWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** The raw word tokens of `s` (lower-cased, NFC, capped, not folded): what `queryStems` takes. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  forEachWord(s, (w) => out.push(w));
  return out;
}
