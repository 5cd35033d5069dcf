/**
 * SQL that takes a database back to what innsyn before migration 6 (annotations) left: no saved
 * searches (7), and the `tags` table of 0001 instead of the annotation tables. Tests of older
 * migrations run it first.
 */
export const UNDO_ANNOTATIONS =
  'DROP TABLE saved_searches; DELETE FROM migrations WHERE version = 7; ' +
  'DROP TABLE annotation_tags; DROP TABLE annotation_stars; DROP TABLE annotation_notes; ' +
  'CREATE TABLE tags (item_id TEXT NOT NULL, tag TEXT NOT NULL COLLATE NOCASE, PRIMARY KEY (tag, item_id)) WITHOUT ROWID; ' +
  'CREATE INDEX tags_item ON tags (item_id); DELETE FROM migrations WHERE version = 6';
