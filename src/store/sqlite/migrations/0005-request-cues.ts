import { askOf } from '../../../extract/requests.js';
import type { SqliteMigration } from '../sqlite-migrations.js';
import { decodeRecord, type ContentRow } from '../sqlite-item-codec.js';

/** Items judged per page: bounds memory on a database of millions of items. */
const PAGE_ROWS = 500;

interface Row extends ContentRow {
  n: number;
  visibility: string;
  subject: string | null;
  lang: string | null;
}

/**
 * `items.ask`: whether a private item asks for something (extract/requests.ts `askOf`: the cue
 * that fired, '' for none; null for public items), judged when the item is stored, so that
 * pairs and unanswered requests need no stored text decoded (100k emails: pairs in about a
 * second instead of 20). Existing private items are judged here from their records (about
 * 0.15 ms an item).
 *
 * Frozen once released, like 0001.
 */
export const migration0005: SqliteMigration = {
  version: 5,
  name: 'request-cues',
  up(db) {
    db.exec('ALTER TABLE items ADD COLUMN ask TEXT');
    const set = db.prepare('UPDATE items SET ask = ? WHERE n = ?');
    const page = db.prepare(
      'SELECT i.n, i.visibility, i.subject, i.lang, c.codec, c.record_len, c.data, c.raw ' +
        "FROM items i JOIN contents c ON c.n = i.n WHERE i.n > ? AND i.visibility = 'private' ORDER BY i.n LIMIT ?",
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after, PAGE_ROWS) as Row[];
      for (const r of rows) {
        const { text } = decodeRecord(r);
        set.run(askOf({ visibility: r.visibility, subject: r.subject, text, lang: r.lang }), r.n);
      }
      if (rows.length < PAGE_ROWS) break;
      after = (rows[rows.length - 1] as Row).n;
    }
  },
};
