/**
 * Folding for matching: what a reporter types and what a message says must meet even when one
 * side has diacritics and the other has not ("Tromsø" / "Tromso", "Malmö" / "Malmo",
 * "Ærlig" / "aerlig", "Straße" / "strasse").
 *
 * Decisions (documented because the index and every query depend on them):
 * - lower-case first (`toLowerCase`, locale-independent so results do not vary by machine);
 * - NFKD, then strip the combining diacritical marks of Latin, Greek and Cyrillic
 *   (U+0300–036F and the supplements), so é→e, å→a, ä→a, ö→o, ü→u and compatibility forms
 *   (ligature ﬁ, full-width Ａ, superscript ²) become their plain letters/digits;
 *   other marks (Indic vowel signs) are kept: stripping them would merge distinct words;
 * - letters without a decomposition are mapped by hand: æ→ae, ø→o, ß→ss, œ→oe, ð→d, þ→th,
 *   ł→l, đ→d, ħ→h, ı→i, ŧ→t. ø→o (not "oe") because Norwegian and Danish users type
 *   "Tromso" for "Tromsø", and it makes Swedish ö and Norwegian ø meet. German "ue"/"oe"
 *   transliterations ("Mueller") do not meet "Müller": that would need a German-only rule.
 * - digits are kept.
 */

/** Blocks of combining diacritics (Latin/Greek/Cyrillic): Combining Diacritical Marks, their Extended and Supplement blocks, for Symbols, Half Marks. */
const DIACRITIC_BLOCKS: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];
const MARK = /\p{M}/gu;

function dropDiacritic(mark: string): string {
  const code = mark.codePointAt(0) ?? 0;
  return DIACRITIC_BLOCKS.some(([lo, hi]) => code >= lo && code <= hi) ? '' : mark;
}

const LETTER_MAP: Readonly<Record<string, string>> = {
  æ: 'ae',
  ø: 'o',
  ß: 'ss',
  œ: 'oe',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ŧ: 't',
};
const MAPPED_LETTERS = /[æøßœðþłđħıŧ]/g;

const NON_ASCII = /[^\x00-\x7f]/;

/** Lower-cases and folds `s` for matching (see the module comment); punctuation and spaces are kept. */
export function foldText(s: string): string {
  const lower = s.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(MARK, dropDiacritic)
    .replace(MAPPED_LETTERS, (ch) => LETTER_MAP[ch] ?? ch)
    .normalize('NFC');
}

/** Characters a folded token may keep: letters, marks that survived folding, digits. */
const NOT_WORD_CHAR = /[^\p{L}\p{M}\p{N}]/gu;

/**
 * Folds one word token. Compatibility decompositions can produce punctuation inside a token
 * (½ → 1⁄2); it is removed so that one input token always gives at most one output token and
 * the index and the query side cut text at the same places.
 */
export function foldToken(token: string): string {
  if (!NON_ASCII.test(token)) return token.toLowerCase();
  return foldText(token).replace(NOT_WORD_CHAR, '');
}
