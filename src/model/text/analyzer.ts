/**
 * Text analysis shared by indexing and querying: both sides must agree exactly, so it lives
 * in model/ where the store (index time and query time) and every other layer can reach it.
 *
 * PLACEHOLDER implementation (lower-case + split); replaced by the real analyzer
 * (folding of æ/ø/å, Snowball stemming for English and Norwegian).
 */

/** Folds for matching: lower-case, strip diacritics, æ→ae, ø→o, å→a. */
export function foldText(s: string): string {
  return s.toLowerCase();
}

/** Splits text into folded word tokens. */
export function tokenize(s: string): string[] {
  return foldText(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** The folded, stemmed token stream of `s` for an item in language `lang`, joined by spaces. */
export function stemmedText(s: string, _lang: string | null): string {
  return tokenize(s).join(' ');
}

/** The distinct folded stems a query word may have in any supported language. */
export function queryStems(word: string): string[] {
  return tokenize(word).slice(0, 1);
}
