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
  // A fresh RegExp per call: a shared /g regex keeps lastIndex state, and a re-entrant call
  // (a visitor that analyses text itself) must not corrupt the outer scan.
  const re = new RegExp(WORD_RUN.source, WORD_RUN.flags);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const word = m[0];
    if (word.length > MAX_TOKEN_LENGTH) visit(capToken(word), true);
    else visit(word, false);
  }
}

/** The raw word tokens of `s` (lower-cased, NFC, capped, not folded): what `queryStems` takes. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  forEachWord(s, (w) => out.push(w));
  return out;
}
