import type { PhraseNode, TermNode } from '../../query/ast.js';
import { queryStems, tokenize } from '../../model/text/analyzer.js';
import { FIELD_COLUMNS, FTS_COLUMNS, type FtsColumn } from './sqlite-fts-columns.js';

/**
 * FTS5 query syntax for the text leaves of a query. User text only ever enters as an FTS5
 * string literal ("..." with " doubled), which FTS5 never parses as an operator, column filter,
 * NEAR group or prefix star: `"NEAR(a b)"`, `"{body}: x"` and `"a*"` are plain words to it.
 * Column names and operators come from our own constants.
 */

/** An FTS5 string literal. */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

function filter(columns: readonly FtsColumn[]): string {
  return `{${columns.join(' ')}}:`;
}

/**
 * The FTS5 expression for a term or phrase, or null when its value holds no word at all
 * (`***`, `--`): such a leaf constrains nothing and is dropped, as search engines do.
 *
 * - phrase, or a term the analyzer splits into several words (`e-mail`, `a@b.no`): the exact
 *   sequence of folded words, in unstemmed columns.
 * - prefix (`budsj*`): the folded words with the last one a prefix, in unstemmed columns
 *   (stems are cut words; a prefix of a stem would match too much).
 * - one word: the folded word in the unstemmed columns, or any of its stems (in every language
 *   the analyzer knows) in the stems columns or literally in the word columns (where stems
 *   equal to a word of the item are kept, see sqlite-fts-document.ts). When the word is one of
 *   its own stems (`meeting` is its own Norwegian stem) it is one phrase over both sets of
 *   columns, with no column filter when that is every column: the same matches as a phrase for
 *   each set, with one pass over its postings instead of two (a word in 55,000 of 100,000
 *   mails: ranked in 23 ms instead of 37), and bm25 counts it once.
 */
export function textLeafExpression(node: TermNode | PhraseNode): string | null {
  const columns = FIELD_COLUMNS[node.field ?? 'any'];
  const words = tokenize(node.value);
  if (words.length === 0) return null;
  const literal = `${filter(columns.words)} ${ftsString(words.join(' '))}`;
  if (node.type === 'term' && node.prefix) return `${literal} *`;
  if (node.type === 'phrase' || words.length > 1 || columns.stems.length === 0) return literal;
  const stems = new Set<string>();
  for (const s of queryStems(node.value)) for (const w of s.split(' ')) if (w !== '') stems.add(w);
  if (stems.size === 0) return literal;
  const stemColumns = [...columns.stemmedWords, ...columns.stems];
  let word = literal;
  const [only] = words as [string];
  if (stems.delete(only)) {
    const both = new Set([...columns.words, ...stemColumns]);
    const everyColumn = FTS_COLUMNS.every((c) => both.has(c));
    word = everyColumn ? ftsString(only) : `${filter([...both])} ${ftsString(only)}`;
    if (stems.size === 0) return word;
  }
  const anyStem = [...stems].map(ftsString).join(' OR ');
  return `${word} OR ${filter(stemColumns)} (${anyStem})`;
}
