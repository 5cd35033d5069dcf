/** What innsyn before migration 10 (folders) left: no folder index, no `locations.labels`. */
export const UNDO_FOLDERS =
  'DROP TABLE item_folders; DROP TABLE folders; ALTER TABLE locations DROP COLUMN labels; ' +
  'DELETE FROM migrations WHERE version = 10';

/** What innsyn before migration 9 left: the same tables (9 only set FTS5's averages record right). */
export const UNDO_FTS_AVERAGES = `${UNDO_FOLDERS}; DELETE FROM migrations WHERE version = 9`;

/**
 * What innsyn before migration 8 (attachment texts) left: no `attachment_texts`, no
 * `attachments.type`, the full-text table of 0001 (empty: every migration path through 0008 fills
 * it again from the records).
 */
export const UNDO_ATTACHMENT_TEXTS =
  `${UNDO_FTS_AVERAGES}; ` +
  'DROP TABLE attachment_texts; DROP INDEX attachments_type; ALTER TABLE attachments DROP COLUMN type; ' +
  'DROP TABLE fts; CREATE VIRTUAL TABLE fts USING fts5 (subject, subject_stems, body, body_stems, from_, to_, ' +
  "cc_, bcc_, filename, link, mention, content = '', contentless_delete = 1, tokenize = 'ascii'); " +
  'DELETE FROM migrations WHERE version = 8';

/**
 * SQL that takes a database back to what innsyn before migration 6 (annotations) left: no saved
 * searches (7), and the `tags` table of 0001 instead of the annotation tables. Tests of older
 * migrations run it first.
 */
export const UNDO_ANNOTATIONS =
  `${UNDO_ATTACHMENT_TEXTS}; ` +
  'DROP TABLE saved_searches; DELETE FROM migrations WHERE version = 7; ' +
  'DROP TABLE annotation_tags; DROP TABLE annotation_stars; DROP TABLE annotation_notes; ' +
  'CREATE TABLE tags (item_id TEXT NOT NULL, tag TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (tag, item_id)) WITHOUT ROWID; ' +
  'CREATE INDEX tags_item ON tags (item_id); DELETE FROM migrations WHERE version = 6';
