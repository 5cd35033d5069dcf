import type { Identity, Item } from '../../model/index.js';
import { analyzeText, tokenize } from '../../model/text/analyzer.js';
import { FTS_COLUMNS, type FtsColumn } from './sqlite-fts-columns.js';

/**
 * Bounds the text indexed per item (body plus attachment texts). A single 1 GB "message" would
 * hold the writer for minutes and its token list would not fit in memory. The item itself is
 * stored whole; only words past this point are not searchable (README, "Limits").
 */
export const MAX_INDEXED_CHARS = 4_000_000;

/**
 * The values of one FTS row, in FTS_COLUMNS order. Every column holds the analyzer's folded
 * words joined by spaces, so the FTS5 tokenizer ('ascii') only splits on those spaces, and the
 * index and the query (whose words come from the same analyzer) agree exactly.
 *
 * `*_stems` hold each distinct stem once, and only stems that are not also a word of the same
 * text: a query word is looked up by its stems in both the stems column and the words column,
 * so stems that equal a word need not be stored twice (most short English and Norwegian
 * words). Stems come from `analyzeText`, which stems the unfolded word (the Norwegian stemmer
 * needs æ, ø, å) and folds after.
 */
export function ftsDocument(item: Item): string[] {
  const subject = analyzeText(item.subject ?? '', item.lang);
  let bodyText = item.text;
  for (const a of item.attachments) if (a.text) bodyText += '\n' + a.text;
  if (bodyText.length > MAX_INDEXED_CHARS) bodyText = bodyText.slice(0, MAX_INDEXED_CHARS);
  const body = analyzeText(bodyText, item.lang);
  const values: Record<FtsColumn, string> = {
    subject: subject.words.join(' '),
    subject_stems: extraStems(subject),
    body: body.words.join(' '),
    body_stems: extraStems(body),
    from_: item.from ? identityWords([item.from]) : '',
    to_: identityWords(item.to),
    cc_: identityWords(item.cc),
    bcc_: identityWords(item.bcc),
    filename: words(item.attachments.map((a) => a.name ?? '')),
    link: words(item.links),
    mention: words(item.mentions),
  };
  return FTS_COLUMNS.map((c) => values[c]);
}

function extraStems(analyzed: { words: string[]; stems: string[] }): string {
  const words = new Set(analyzed.words);
  const extra = new Set<string>();
  for (const s of analyzed.stems) if (!words.has(s)) extra.add(s);
  return [...extra].join(' ');
}

function identityWords(ids: Identity[]): string {
  return words(ids.map((id) => (id.name ? `${id.name} ${id.address}` : id.address)));
}

/** Values are joined with a newline; tokenize splits on it like on any other non-letter. */
function words(values: string[]): string {
  return values.length === 0 ? '' : tokenize(values.join('\n')).join(' ');
}
