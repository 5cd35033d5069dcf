import { attachmentSearchType } from '../../../extract/attachments/attachment-type.js';
import type { PgMigration } from '../pg-migrations.js';

/** Attachment rows read per page while giving them their type. */
const PAGE_ROWS = 5_000;

/**
 * Attachment texts, as SQLite's migration 0008 (../../sqlite/migrations/0008-attachment-texts.ts):
 * `attachment_texts` (what reading each attachment gave, once per sha256, the text compressed as
 * records are) and `attachments.type` (the search type, `type:pdf`), indexed.
 *
 * The tsvector needs no rebuild: its attachment words are new lexemes (`␟a…`, `␟A…`) that items
 * written from now on carry. A record that held an attachment text of its own (none that ingest
 * wrote did) keeps it among the body's words until `innsyn reindex`.
 *
 * Frozen once released, like 0001.
 */
export const migration0002: PgMigration = {
  version: 2,
  name: 'attachment-texts',
  async up(db) {
    await db.query(`
      CREATE TABLE attachment_texts (
        sha256 text COLLATE "C" PRIMARY KEY,
        status text NOT NULL,
        kind text NOT NULL,
        type text NOT NULL,
        method text,
        chars integer NOT NULL,
        pages integer,
        ocr_pages integer,
        ocr_confidence double precision,
        ocr boolean NOT NULL,
        lang text,
        flags text NOT NULL,
        error text,
        data bytea
      );
      ALTER TABLE attachment_texts ALTER COLUMN data SET STORAGE EXTERNAL;
      ALTER TABLE attachments ADD COLUMN type text COLLATE "C" NOT NULL DEFAULT 'other';
    `);
    // No attachment was read before this version: every type comes from the declared type and name.
    let at: [number, number, string] = [0, -1, ''];
    for (;;) {
      const rows = (
        await db.query<{
          sha256: string;
          item: number;
          seq: number;
          name: string | null;
          content_type: string;
        }>(
          'SELECT sha256, item, seq, name, content_type FROM attachments WHERE (item, seq, sha256) > ($1, $2, $3) ' +
            'ORDER BY item, seq, sha256 LIMIT $4',
          [...at, PAGE_ROWS],
        )
      ).rows;
      const typed = rows
        .map((r) => ({ r, type: attachmentSearchType(null, { name: r.name, contentType: r.content_type }) }))
        .filter((x) => x.type !== 'other');
      if (typed.length > 0) {
        await db.query(
          'UPDATE attachments a SET type = u.type FROM unnest($1::text[], $2::bigint[], $3::int[], $4::text[]) ' +
            'AS u(sha256, item, seq, type) WHERE a.sha256 = u.sha256 AND a.item = u.item AND a.seq = u.seq',
          [
            typed.map((x) => x.r.sha256),
            typed.map((x) => x.r.item),
            typed.map((x) => x.r.seq),
            typed.map((x) => x.type),
          ],
        );
      }
      if (rows.length < PAGE_ROWS) break;
      const last = rows[rows.length - 1] as (typeof rows)[number];
      at = [last.item, last.seq, last.sha256];
    }
    await db.query('CREATE INDEX attachments_type ON attachments (type, item)');
  },
};
