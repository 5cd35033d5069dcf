import { FIELD_COLUMNS, FTS_COLUMNS, type FieldColumns, type FtsColumn } from '../fts-document.js';

/**
 * The columns of the FTS5 table `fts`, in table order, are the full-text document's columns
 * (../fts-document.ts; migration 0001 creates the table with exactly these, a test checks the
 * two agree).
 */
export { FTS_COLUMNS, type FtsColumn };

/** Where a text leaf of the query looks, per field: the document's (../fts-document.ts), re-exported here. */
export { FIELD_COLUMNS, type FieldColumns };

/** bm25 weights (sqlite-rank.ts): a word in the subject or the sender says more about an item than one in its body. */
export const FTS_WEIGHTS: Readonly<Record<FtsColumn, number>> = {
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
  // Attachment texts weigh a little less than the message's own words: a word in a 50-page PDF
  // says less about the message than one its sender wrote.
  attachment: 0.75,
  attachment_stems: 0.4,
};
