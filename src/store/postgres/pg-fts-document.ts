import { FTS_COLUMNS, type FtsColumn } from '../fts-document.js';

/**
 * An item's full-text document (../fts-document.ts: the analyzer's folded words per column, and
 * the stems the item's language gives that are not words of it) as one PostgreSQL tsvector,
 * written as its text form and cast with `::tsvector`. The lexemes are our analyzer's words,
 * exactly: PostgreSQL's parser and dictionaries never see the text, so the index and the query
 * (pg-fts-expression.ts) cut, fold and stem words as the SQLite dialect does (README.md, "Why
 * not to_tsvector").
 *
 * One tsvector holds every column; a lexeme says its column by a mark in front of the word:
 * U+001F and the column's letter (COLUMN_MARKS). The body's words are bare. No word holds
 * U+001F (words are runs of letters, marks and digits), so `from:x` (`␟fx`) finds only senders,
 * `x*` finds only body words, and no column's lexeme can be taken for another's. Queries need
 * no weights, which PostgreSQL can only check by reading the tsvector back (a GIN "recheck" of
 * every candidate): a word query is answered from the index alone.
 *
 * Each column's words take consecutive positions, with one position left empty between
 * columns, so that a phrase never runs from one column into the next. Stems get positions
 * after their column's words (they are never part of a phrase, but ts_rank weighs a lexeme
 * by its positions). Positions carry the column's weight for ranking (RANK_WEIGHTS):
 * A subject, B sender, `to`, file names and mentions, C cc, bcc and links, D body and
 * attachment texts.
 */

/** U+001F: starts every lexeme that is not a body word, before the column's letter. */
export const COLUMN_MARK = '\u001f';

/** The letter of each column whose lexemes are marked (the body's are bare). */
export const COLUMN_MARKS = {
  subject: 's',
  subject_stems: 'S',
  body_stems: 'B',
  from_: 'f',
  to_: 't',
  cc_: 'c',
  bcc_: 'b',
  filename: 'n',
  link: 'l',
  mention: 'm',
  attachment: 'a',
  attachment_stems: 'A',
} as const satisfies Partial<Record<FtsColumn, string>>;

/** The lexeme of `word` in `column`. */
export function lexemeOf(column: FtsColumn, word: string): string {
  const mark = (COLUMN_MARKS as Partial<Record<FtsColumn, string>>)[column];
  return mark === undefined ? word : COLUMN_MARK + mark + word;
}

type Weight = 'A' | 'B' | 'C' | 'D';

/** Columns in position order: the short ones first, the body (often long) last. */
const LAYOUT: ReadonlyArray<{ column: FtsColumn; weight: Weight }> = [
  { column: 'subject', weight: 'A' },
  { column: 'subject_stems', weight: 'A' },
  { column: 'from_', weight: 'B' },
  { column: 'to_', weight: 'B' },
  { column: 'cc_', weight: 'C' },
  { column: 'bcc_', weight: 'C' },
  { column: 'filename', weight: 'B' },
  { column: 'link', weight: 'C' },
  { column: 'mention', weight: 'B' },
  { column: 'body', weight: 'D' },
  { column: 'body_stems', weight: 'D' },
  // Attachment texts last: a tsvector that fills up (MAX_TSVECTOR_BYTES) keeps the message's own words.
  { column: 'attachment', weight: 'D' },
  { column: 'attachment_stems', weight: 'D' },
];

/**
 * Weights for ts_rank, in its order {D, C, B, A}: a word in the subject counts four times one
 * in the body, a sender's or recipient's name, a file name or a mention in between (the SQLite
 * dialect's bm25 weights, to the extent four weights can say them).
 */
export const RANK_WEIGHTS = '{0.25, 0.3, 0.6, 1.0}';

/** PostgreSQL keeps positions up to this; later ones are stored as this (tsvector limits). */
const MAX_POSITION = 16383;
/** PostgreSQL keeps this many positions of one lexeme; more are dropped. */
const MAX_POSITIONS_PER_LEXEME = 256;
/**
 * A tsvector holds at most 1 MiB of lexemes and positions (PostgreSQL refuses more with "string
 * is too long for tsvector"). A text with that many distinct words (a 4 MB dump of random
 * tokens) is indexed up to here: the item is stored whole, the words past this point are not
 * searchable (README.md, "Limits"). Counted as PostgreSQL lays them out, with room to spare.
 */
export const MAX_TSVECTOR_BYTES = 1_000_000;

/** Positions of one lexeme, each with its column's weight (`12A`). */
type Positions = string[];

/** The tsvector text of the document (`FTS_COLUMNS` order, as `ftsDocument` gives it). */
export function tsvectorText(document: readonly string[]): string {
  const byColumn = new Map<FtsColumn, string>();
  FTS_COLUMNS.forEach((c, i) => byColumn.set(c, document[i] ?? ''));
  const lexemes = new Map<string, Positions>();
  let bytes = 0;
  let full = false;
  const add = (lexeme: string, position: number, weight: Weight): void => {
    const seen = lexemes.get(lexeme);
    if (seen) {
      // Positions past MAX_POSITION all read as it: one is enough.
      if (
        seen.length < MAX_POSITIONS_PER_LEXEME &&
        (position < MAX_POSITION || !seen.at(-1)?.startsWith(`${MAX_POSITION}`))
      ) {
        seen.push(`${position}${weight}`);
        bytes += 2;
      }
      return;
    }
    if (full) return;
    // WordEntry (4) + the lexeme + position count (2) + one position (2), with alignment.
    const cost = 4 + Buffer.byteLength(lexeme) + 6;
    if (bytes + cost > MAX_TSVECTOR_BYTES - MAX_POSITIONS_PER_LEXEME * 2) {
      full = true;
      return;
    }
    bytes += cost;
    lexemes.set(lexeme, [`${position}${weight}`]);
  };
  let position = 1;
  for (const { column, weight } of LAYOUT) {
    const text = byColumn.get(column) ?? '';
    if (text === '') continue;
    for (const word of text.split(' ')) {
      if (word === '') continue;
      add(lexemeOf(column, word), Math.min(position, MAX_POSITION), weight);
      position++;
    }
    position++; // a gap: no phrase across two columns
  }
  const parts: string[] = [];
  for (const [lexeme, positions] of lexemes) parts.push(`${quoteLexeme(lexeme)}:${positions.join(',')}`);
  return parts.join(' ');
}

/**
 * A lexeme in the text form of tsvector and tsquery: in single quotes, with quotes doubled and
 * backslashes escaped (the only two characters the input functions treat specially inside).
 */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
