import type { PhraseNode, TermNode } from '../../query/ast.js';
import { queryStems, tokenize } from '../../model/text/analyzer.js';
import { FIELD_COLUMNS, type FtsColumn } from '../fts-document.js';
import { lexemeOf, quoteLexeme } from './pg-fts-document.js';

/**
 * tsquery text for the text leaves of a query, over the tsvector of pg-fts-document.ts. User
 * text only ever enters as a quoted lexeme (quotes doubled, backslashes escaped), which
 * tsquery's input never reads as an operator, a weight or a prefix star: `'a:*'`, `'!'`, `'<->'`
 * are plain lexemes to it. Operators and column marks come from our own constants. Mirrors
 * sqlite-fts-expression.ts field by field, over the same FIELD_COLUMNS (../fts-document.ts).
 */

/**
 * The tsquery for a term or phrase, or null when its value holds no word at all (`***`, `--`):
 * such a leaf constrains nothing and is dropped, as search engines do.
 *
 * - phrase, or a term the analyzer splits into several words (`e-mail`, `a@b.no`): the folded
 *   words in sequence (`<->`), unstemmed.
 * - prefix (`budsj*`): the folded words with the last one a prefix (`:*`), unstemmed.
 * - one word: the folded word, or any of its stems in every language the analyzer knows, as a
 *   stem or as a plain word (where stems equal to a word of the item are kept).
 */
export function textLeafQuery(node: TermNode | PhraseNode): string | null {
  const columns = FIELD_COLUMNS[node.field ?? 'any'];
  const words = tokenize(node.value);
  if (words.length === 0) return null;
  const prefix = node.type === 'term' && node.prefix;
  const literal = anyOf(columns.words.map((c) => sequence(c, words, prefix)));
  if (prefix || node.type === 'phrase' || words.length > 1 || columns.stems.length === 0) return literal;
  const stems = new Set<string>();
  for (const s of queryStems(node.value)) for (const w of s.split(' ')) if (w !== '') stems.add(w);
  if (stems.size === 0) return literal;
  const alternatives = [literal];
  for (const s of stems) {
    for (const c of [...columns.stemmedWords, ...columns.stems])
      alternatives.push(quoteLexeme(lexemeOf(c, s)));
  }
  return alternatives.join(' | ');
}

/** The words in sequence in one column: `'a' <-> 'b'`, the last a prefix (`:*`) when asked. */
function sequence(column: FtsColumn, words: string[], prefix: boolean): string {
  return words
    .map((w, i) => `${quoteLexeme(lexemeOf(column, w))}${prefix && i === words.length - 1 ? ':*' : ''}`)
    .join(' <-> ');
}

function anyOf(alternatives: string[]): string {
  return alternatives.length === 1
    ? (alternatives[0] as string)
    : alternatives.map((a) => `(${a})`).join(' | ');
}
