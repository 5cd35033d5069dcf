import { attachmentSearchType } from '../../../extract/attachments/attachment-type.js';
import type { SqliteMigration } from '../sqlite-migrations.js';
import { refillFullText } from '../sqlite-fts-rebuild.js';

/** Attachment rows read per page while giving them their type. */
const PAGE_ROWS = 2_000;

/**
 * Attachment texts (docs/attachments.md):
 *
 * - `attachment_texts`: what reading each attachment gave, once per sha256 however many messages
 *   carry it (../../attachment-texts.ts): status, kind, method, flags, error, and the text
 *   brotli-compressed as records are. Derived from the raw messages, but kept by `reindex`: reading
 *   a file again (OCR above all) costs far more than the rest of an ingest.
 * - `attachments.type`: the search type of each attachment (`type:pdf`), from what its bytes were
 *   read as when they were, else its declared type and name; indexed for `type:` queries.
 * - The full-text table gains `attachment` and `attachment_stems`, the words and stems of the
 *   attachment texts (they were in `body` until now): `body:` is the message's own text, a word
 *   with no field looks in both, `attachment:` in the texts only. A contentless FTS5 table cannot
 *   gain columns, so it is built again from the stored records (as in 0003: about 0.5 ms an item),
 *   keyed by the same date keys, with the person words it held.
 *
 * Frozen once released, like 0001.
 */
export const migration0008: SqliteMigration = {
  version: 8,
  name: 'attachment-texts',
  up(db) {
    db.exec(`
      CREATE TABLE attachment_texts (
        n INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        kind TEXT NOT NULL,
        type TEXT NOT NULL,
        method TEXT,
        chars INTEGER NOT NULL,
        pages INTEGER,
        ocr_pages INTEGER,
        ocr_confidence REAL,
        ocr INTEGER NOT NULL,
        lang TEXT,
        flags TEXT NOT NULL,
        error TEXT,
        data BLOB
      );
      ALTER TABLE attachments ADD COLUMN type TEXT NOT NULL DEFAULT 'other';
    `);

    // No attachment was read before this version: every type comes from the declared type and name.
    const page = db.prepare(
      'SELECT sha256, item, seq, name, content_type FROM attachments WHERE (item, seq, sha256) > (?, ?, ?) ' +
        'ORDER BY item, seq, sha256 LIMIT ?',
    );
    const setType = db.prepare('UPDATE attachments SET type = ? WHERE sha256 = ? AND item = ? AND seq = ?');
    let at: [number, number, string] = [0, -1, ''];
    for (;;) {
      const rows = page.all(...at, PAGE_ROWS) as Array<{
        sha256: string;
        item: number;
        seq: number;
        name: string | null;
        content_type: string;
      }>;
      for (const r of rows) {
        const type = attachmentSearchType(null, { name: r.name, contentType: r.content_type });
        if (type !== 'other') setType.run(type, r.sha256, r.item, r.seq);
      }
      if (rows.length < PAGE_ROWS) break;
      const last = rows[rows.length - 1] as (typeof rows)[number];
      at = [last.item, last.seq, last.sha256];
    }
    db.exec('CREATE INDEX attachments_type ON attachments (type, item)');

    const ddl = `CREATE VIRTUAL TABLE fts USING fts5 (
        subject, subject_stems, body, body_stems, from_, to_, cc_, bcc_, filename, link, mention,
        attachment, attachment_stems,
        content = '', contentless_delete = 1, tokenize = 'ascii'
      )`;
    for (const _ of refillFullText(db, { ddl })) {
      // Run through: a migration is one transaction.
    }
  },
};
