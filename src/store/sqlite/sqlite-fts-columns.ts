import type { TextField } from '../../query/ast.js';

/**
 * The columns of the FTS5 table `fts`, in table order (migration 0001 creates it with exactly
 * these; a test checks the two agree). `*_stems` hold only the stems that differ from every
 * word of the item (see sqlite-fts-document.ts); every other column holds folded, unstemmed
 * words, so phrases and prefixes are exact.
 */
export const FTS_COLUMNS = [
  'subject',
  'subject_stems',
  'body',
  'body_stems',
  'from_',
  'to_',
  'cc_',
  'bcc_',
  'filename',
  'link',
  'mention',
] as const;

export type FtsColumn = (typeof FTS_COLUMNS)[number];

/** bm25 weights: a word in the subject or the sender says more about an item than one in its body. */
const WEIGHTS: Record<FtsColumn, number> = {
  subject: 4,
  subject_stems: 2,
  body: 1,
  body_stems: 0.5,
  from_: 3,
  to_: 1.5,
  cc_: 1,
  bcc_: 1,
  filename: 2,
  link: 1,
  mention: 1.5,
};

/** `bm25(fts, w1, w2, ...)` with our weights; constants, so no user input reaches it. */
export const BM25_EXPRESSION = `bm25(fts, ${FTS_COLUMNS.map((c) => WEIGHTS[c]).join(', ')})`;

/** Where a text leaf of the query looks, per field (`any` = no field given). */
export interface FieldColumns {
  /** Columns of folded, unstemmed words: terms, phrases and prefixes. */
  words: FtsColumn[];
  /** Word columns whose text also has a stems column (a query stem may appear there literally). */
  stemmedWords: FtsColumn[];
  /** The matching stems columns. */
  stems: FtsColumn[];
}

export const FIELD_COLUMNS: Record<TextField | 'any', FieldColumns> = {
  any: {
    words: ['subject', 'body', 'from_', 'to_', 'cc_', 'bcc_', 'filename', 'link', 'mention'],
    stemmedWords: ['subject', 'body'],
    stems: ['subject_stems', 'body_stems'],
  },
  subject: { words: ['subject'], stemmedWords: ['subject'], stems: ['subject_stems'] },
  body: { words: ['body'], stemmedWords: ['body'], stems: ['body_stems'] },
  from: { words: ['from_'], stemmedWords: [], stems: [] },
  to: { words: ['to_'], stemmedWords: [], stems: [] },
  cc: { words: ['cc_'], stemmedWords: [], stems: [] },
  bcc: { words: ['bcc_'], stemmedWords: [], stems: [] },
  participant: { words: ['from_', 'to_', 'cc_', 'bcc_'], stemmedWords: [], stems: [] },
  filename: { words: ['filename'], stemmedWords: [], stems: [] },
  link: { words: ['link'], stemmedWords: [], stems: [] },
  mention: { words: ['mention'], stemmedWords: [], stems: [] },
};
