import type { SqliteMigration } from '../sqlite-migrations.js';

/**
 * The first schema. Frozen once released: a later change is a new numbered migration, never an
 * edit here (a database at version 1 on a reporter's laptop must reach the newest schema by
 * running the later migrations only). See ../README.md for why each table looks as it does.
 */
export const migration0001: SqliteMigration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      -- Slim row per item: what search filters, sorting and threading read. The explicit
      -- INTEGER PRIMARY KEY keeps rowids stable across VACUUM (fts and contents key on it).
      CREATE TABLE items (
        n INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL COLLATE NOCASE,
        platform TEXT NOT NULL COLLATE NOCASE,
        visibility TEXT NOT NULL,
        sent_at INTEGER,
        lang TEXT COLLATE NOCASE,
        has_attachments INTEGER NOT NULL,
        has_links INTEGER NOT NULL,
        from_address TEXT,
        subject TEXT,
        message_id TEXT,
        in_reply_to TEXT,
        refs TEXT NOT NULL,
        conversation_id TEXT,
        reply_to TEXT,
        thread_id TEXT,
        thread_reply_to TEXT
      );
      CREATE INDEX items_sent_at ON items (sent_at);
      CREATE INDEX items_conversation ON items (coalesce(thread_id, conversation_id) COLLATE NOCASE);

      -- Heavy part: the rest of the record and the raw bytes, compressed (sqlite-item-codec.ts).
      CREATE TABLE contents (
        n INTEGER PRIMARY KEY,
        codec INTEGER NOT NULL,
        record_len INTEGER NOT NULL,
        data BLOB NOT NULL,
        raw BLOB
      );

      -- Input paths once each: an mbox of 100,000 messages names its path 100,000 times.
      CREATE TABLE paths (
        n INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE
      );

      -- Every place a copy of an item was found; the lowest n of an item is its own location.
      CREATE TABLE locations (
        n INTEGER PRIMARY KEY,
        item INTEGER NOT NULL,
        path INTEGER NOT NULL,
        member TEXT,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL,
        sha256 TEXT NOT NULL
      );
      CREATE UNIQUE INDEX locations_place ON locations (item, path, offset, ifnull(member, ''));

      CREATE TABLE quarantine (
        n INTEGER PRIMARY KEY,
        path INTEGER NOT NULL,
        member TEXT,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        reason TEXT NOT NULL,
        bytes BLOB NOT NULL
      );
      CREATE UNIQUE INDEX quarantine_place ON quarantine (path, offset, ifnull(member, ''));

      CREATE TABLE sources (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        state TEXT NOT NULL,
        read INTEGER NOT NULL,
        stored INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        quarantined INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Thread trees from replaceThreads, depth-first; ghosts have a null item_id.
      CREATE TABLE thread_nodes (
        thread_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        item_id TEXT,
        message_id TEXT,
        parent_index INTEGER,
        depth INTEGER NOT NULL,
        PRIMARY KEY (thread_id, seq)
      ) WITHOUT ROWID;

      -- Human data: keyed by the content-derived item id, not the rowid, so that it survives a
      -- reindex, a dump and restore, or a re-ingest into a new database.
      CREATE TABLE tags (
        item_id TEXT NOT NULL,
        tag TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (tag, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX tags_item ON tags (item_id);

      -- Contentless: the index only, no copy of the text (the record holds it, compressed).
      -- Every value is the analyzer's words joined by spaces (sqlite-fts-document.ts), so the
      -- tokenizer only has to split on spaces: 'ascii' does exactly that and, unlike unicode61,
      -- never re-cuts a word the analyzer kept whole (Indic vowel signs, for one).
      CREATE VIRTUAL TABLE fts USING fts5 (
        subject, subject_stems, body, body_stems, from_, to_, cc_, bcc_, filename, link, mention,
        content = '', contentless_delete = 1, tokenize = 'ascii'
      );
    `);
  },
};
