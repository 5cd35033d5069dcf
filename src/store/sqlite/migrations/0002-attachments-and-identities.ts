import type { SqliteMigration } from '../sqlite-migrations.js';
import { decodeRecord, type ContentRow } from '../sqlite-item-codec.js';

/** Items read per page while backfilling: bounds memory on a database of millions of items. */
const BACKFILL_PAGE_ROWS = 500;

/**
 * Two indexes over what until now lived only inside each item's compressed record, so that the
 * HTTP API can answer without decompressing every item:
 *
 * - `attachments`: sha256 → the item that holds it, for the `/attachment/<sha256>` permalink.
 * - `identities` + `item_identities`: every sender and recipient of every item, with the
 *   display name seen on that item, for the from/to facets over all matches of a search (and,
 *   later, the people, pairs and network views).
 *
 * Frozen once released, like 0001. Backfills from the stored records in the same transaction
 * (a database written at version 1 gets the same rows a fresh ingest writes): about 0.1 ms an
 * item, so ~10 s once for 100,000 items.
 */
export const migration0002: SqliteMigration = {
  version: 2,
  name: 'attachments-and-identities',
  up(db) {
    db.exec(`
      -- Attachment bytes are not stored apart: the raw message holds them. This finds the
      -- message; seq is the attachment's place in the item's list.
      CREATE TABLE attachments (
        sha256 TEXT NOT NULL,
        item INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        name TEXT,
        content_type TEXT NOT NULL,
        PRIMARY KEY (sha256, item, seq)
      ) WITHOUT ROWID;
      CREATE INDEX attachments_item ON attachments (item);

      -- One row per (platform, address): an mbox of 100,000 messages names its owner 100,000 times.
      CREATE TABLE identities (
        n INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        address TEXT NOT NULL,
        UNIQUE (platform, address)
      );

      -- role: 0 from, 1 to, 2 cc, 3 bcc; seq: place in that list; name: as seen on this item.
      CREATE TABLE item_identities (
        item INTEGER NOT NULL,
        role INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        identity INTEGER NOT NULL,
        name TEXT,
        PRIMARY KEY (item, role, seq)
      ) WITHOUT ROWID;
      CREATE INDEX item_identities_identity ON item_identities (identity);
    `);

    const page = db.prepare(
      'SELECT i.n, c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n ' +
        'WHERE i.n > ? ORDER BY i.n LIMIT ?',
    );
    const insertAttachment = db.prepare(
      'INSERT OR IGNORE INTO attachments (sha256, item, seq, name, content_type) VALUES (?, ?, ?, ?, ?)',
    );
    const insertIdentity = db.prepare('INSERT OR IGNORE INTO identities (platform, address) VALUES (?, ?)');
    const identityN = db.prepare('SELECT n FROM identities WHERE platform = ? AND address = ?').pluck();
    const insertItemIdentity = db.prepare(
      'INSERT OR IGNORE INTO item_identities (item, role, seq, identity, name) VALUES (?, ?, ?, ?, ?)',
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after, BACKFILL_PAGE_ROWS) as Array<ContentRow & { n: number }>;
      for (const row of rows) {
        const record = decodeRecord(row);
        record.attachments.forEach((a, seq) => {
          insertAttachment.run(a.sha256, row.n, seq, a.name, a.contentType);
        });
        const roles = [record.from ? [record.from] : [], record.to, record.cc, record.bcc];
        roles.forEach((list, role) => {
          list.forEach((who, seq) => {
            insertIdentity.run(who.platform, who.address);
            const identity = identityN.get(who.platform, who.address) as number;
            insertItemIdentity.run(row.n, role, seq, identity, who.name);
          });
        });
      }
      if (rows.length < BACKFILL_PAGE_ROWS) break;
      after = (rows[rows.length - 1] as { n: number }).n;
    }
  },
};
