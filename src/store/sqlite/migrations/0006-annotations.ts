import { foldTag } from '../../annotations.js';
import type { SqliteMigration } from '../sqlite-migrations.js';

/**
 * Annotations (../../annotations.ts): tags, stars and notes on items, conversations and persons.
 *
 * Human data, like `people_edits`: keyed by (kind, key), where the key is the content-derived
 * item id, the conversation id as its items carry it, or an identity key; never a rowid, so a
 * reindex (which rebuilds every derived table) and a re-ingest into a new database keep them.
 * Each row carries its author (null in single-user mode) and its times (ISO 8601 UTC).
 *
 * Replaces the `tags` table of 0001 (item tags with no author or time, which nothing wrote but
 * a test): its rows move to `annotation_tags`, folded as tags are compared now.
 *
 * Frozen once released, like 0001.
 */
export const migration0006: SqliteMigration = {
  version: 6,
  name: 'annotations',
  up(db) {
    db.exec(`
      CREATE TABLE annotation_tags (
        kind TEXT NOT NULL CHECK (kind IN ('item', 'conversation', 'person')),
        key TEXT NOT NULL,
        tag TEXT NOT NULL,
        author TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, key, tag)
      ) WITHOUT ROWID;
      -- tag: and the tag list start from the tag.
      CREATE INDEX annotation_tags_tag ON annotation_tags (tag, kind, key);

      CREATE TABLE annotation_stars (
        kind TEXT NOT NULL CHECK (kind IN ('item', 'conversation', 'person')),
        key TEXT NOT NULL,
        author TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      ) WITHOUT ROWID;

      CREATE TABLE annotation_notes (
        kind TEXT NOT NULL CHECK (kind IN ('item', 'conversation', 'person')),
        key TEXT NOT NULL,
        text TEXT NOT NULL,
        author TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, key)
      ) WITHOUT ROWID;
    `);
    const now = new Date().toISOString();
    const insert = db.prepare(
      "INSERT OR IGNORE INTO annotation_tags (kind, key, tag, author, created_at) VALUES ('item', ?, ?, NULL, ?)",
    );
    const old = db.prepare('SELECT item_id, tag FROM tags').all() as Array<{ item_id: string; tag: string }>;
    for (const r of old) {
      const tag = foldTag(r.tag);
      if (tag !== '') insert.run(r.item_id.toLowerCase(), tag, now);
    }
    db.exec('DROP TABLE tags');
  },
};
