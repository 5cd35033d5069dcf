import type { SqliteMigration } from '../sqlite-migrations.js';
import { decodeRecord, type ContentRow } from '../sqlite-item-codec.js';

/** Items read per page while backfilling: bounds memory on a database of millions of items. */
const BACKFILL_PAGE_ROWS = 500;

/**
 * People (../../people.ts): identities joined into persons.
 *
 * - `item_identities.handle`: the handle seen on the item beside the name (X, Telegram, Slack),
 *   what joins `x:realdonaldtrump` to `x:25073877`. Backfilled from the stored records (only
 *   rows whose identity has a handle are touched), about 0.1 ms an item, once.
 * - `people_edits`: human data (merge, split, alias), keyed by identity keys
 *   (`platform:address`), never by rowids, so it survives a reindex, a re-ingest into a new
 *   database and `people export`/`import`.
 * - The rest is derived by `rebuildPeople` (sqlite-people.ts) and can be dropped and rebuilt at
 *   any time: `person_identities` (identity → person), `persons` (one row per person for
 *   listing), `identity_labels` (names and handles per identity), `person_links` (why
 *   identities are one person), `handle_conflicts`, `fts_people` (items whose full-text
 *   sender/recipient columns hold person words, with a signature of them) and `people_state`.
 *   Left empty here: the first rebuild (after the next ingest, a reindex or any people command)
 *   fills them.
 *
 * Frozen once released, like 0001.
 */
export const migration0004: SqliteMigration = {
  version: 4,
  name: 'people',
  up(db) {
    db.exec(`
      ALTER TABLE item_identities ADD COLUMN handle TEXT;

      -- Human data. seq orders the edits (a split undoes the merges before it).
      CREATE TABLE people_edits (
        seq INTEGER PRIMARY KEY,
        op TEXT NOT NULL CHECK (op IN ('merge', 'split', 'alias')),
        identity TEXT NOT NULL,
        other TEXT,
        handle TEXT,
        name TEXT,
        at TEXT NOT NULL
      );

      -- Derived. sig: what the person's values were when its items were last indexed.
      CREATE TABLE person_identities (
        identity INTEGER PRIMARY KEY,
        person TEXT NOT NULL,
        sig TEXT NOT NULL
      );
      CREATE INDEX person_identities_person ON person_identities (person);

      CREATE TABLE persons (
        key TEXT PRIMARY KEY,
        name TEXT,
        handles TEXT NOT NULL,
        identities INTEGER NOT NULL,
        sent INTEGER NOT NULL,
        received INTEGER NOT NULL,
        items INTEGER NOT NULL,
        first_at INTEGER,
        last_at INTEGER,
        search TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX persons_rank ON persons (items DESC, key);

      -- kind: 0 a name seen, 1 a handle seen, 2 a name given by alias, 3 a handle given by alias.
      CREATE TABLE identity_labels (
        identity INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        value TEXT NOT NULL,
        items INTEGER NOT NULL,
        PRIMARY KEY (identity, kind, value)
      ) WITHOUT ROWID;
      CREATE INDEX identity_labels_value ON identity_labels (value COLLATE NOCASE);

      CREATE TABLE person_links (
        person TEXT NOT NULL,
        seq INTEGER NOT NULL,
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        rule TEXT NOT NULL,
        value TEXT,
        PRIMARY KEY (person, seq)
      ) WITHOUT ROWID;

      CREATE TABLE handle_conflicts (
        platform TEXT NOT NULL,
        handle TEXT NOT NULL,
        identity TEXT NOT NULL,
        PRIMARY KEY (platform, handle, identity)
      ) WITHOUT ROWID;

      -- Items (by items.n) whose sender/recipient FTS columns hold more than their own words.
      CREATE TABLE fts_people (
        n INTEGER PRIMARY KEY,
        sig TEXT NOT NULL
      );

      CREATE TABLE people_state (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);

    const page = db.prepare(
      'SELECT i.n, c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n ' +
        'WHERE i.n > ? ORDER BY i.n LIMIT ?',
    );
    const setHandle = db.prepare(
      'UPDATE item_identities SET handle = ? WHERE item = ? AND role = ? AND seq = ?',
    );
    let after = 0;
    for (;;) {
      const rows = page.all(after, BACKFILL_PAGE_ROWS) as Array<ContentRow & { n: number }>;
      for (const row of rows) {
        const record = decodeRecord(row);
        const roles = [record.from ? [record.from] : [], record.to, record.cc, record.bcc];
        roles.forEach((list, role) => {
          list.forEach((who, seq) => {
            if (who.handle) setHandle.run(who.handle, row.n, role, seq);
          });
        });
      }
      if (rows.length < BACKFILL_PAGE_ROWS) break;
      after = (rows[rows.length - 1] as { n: number }).n;
    }
  },
};
