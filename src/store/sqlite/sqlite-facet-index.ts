import { FacetIndex } from '../facet-index.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { ROLE } from '../item-roles.js';
import { KeyItemTable } from './key-item-table.js';

export { NO_DATE } from '../facet-index.js';

/**
 * The facet index (../facet-index.ts) filled from a SQLite database, plus the item of each
 * full-text rowid (date key), which lets a text match skip reading the items table.
 */
export class SqliteFacetIndex extends FacetIndex {
  /** identities.n → address. */
  private readonly identityAddress = new Map<number, string>();
  /** Date key (the full-text rowid) → item rowid. */
  private readonly itemOfKey = new KeyItemTable();
  private maxIdentity = 0;
  /** The highest folders and item_folders rows read. */
  private maxFolder = 0;
  private maxItemFolder = 0;

  private readonly s: {
    top: SqliteStatement;
    items: SqliteStatement;
    identities: SqliteStatement;
    parts: SqliteStatement;
    types: SqliteStatement;
    folderTop: SqliteStatement;
    folders: SqliteStatement;
    itemFolders: SqliteStatement;
  };

  constructor(private readonly db: SqliteDatabase) {
    super();
    this.s = {
      top: db.prepare('SELECT max(n) AS maxN, count(*) AS items FROM items'),
      items: db
        .prepare(
          'SELECT n, kind, platform, lang, has_attachments, sent_at, dk, visibility FROM items WHERE n > ? AND n <= ? ORDER BY n',
        )
        .raw(),
      identities: db.prepare('SELECT n, address FROM identities WHERE n > ? ORDER BY n').raw(),
      parts: db
        .prepare(
          'SELECT item, role, identity, name FROM item_identities WHERE item > ? AND item <= ? AND role <= ? ' +
            'ORDER BY item, role, seq',
        )
        .raw(),
      types: db.prepare('SELECT DISTINCT item, type FROM attachments WHERE item > ? AND item <= ?').raw(),
      folderTop: db.prepare('SELECT max(n) FROM item_folders').pluck(),
      folders: db.prepare('SELECT n, name FROM folders WHERE n > ? ORDER BY n').raw(),
      itemFolders: db
        .prepare('SELECT n, item, folder FROM item_folders WHERE n > ? AND n <= ? ORDER BY n')
        .raw(),
    };
  }

  /** The item rowids of full-text rowids (date keys); keys of items this index has not seen yet are left out. */
  itemsOfKeys(keys: ArrayLike<number>): Int32Array {
    return this.itemOfKey.itemsOf(keys);
  }

  /**
   * The items of a query of dates alone (CompiledQuery.dates), in date-key order: those with a
   * date key in `keys` (the query's key bounds, a looser range) sent in [dates.from, dates.to),
   * null bounds open. Undated items never match.
   */
  itemsOfDates(
    keys: { from: number | null; to: number | null },
    dates: { from: number | null; to: number | null },
  ): Int32Array {
    const out: number[] = [];
    const sentAt = this.sentAt;
    const from = dates.from ?? -Infinity;
    const to = dates.to ?? Infinity;
    // Dated items have keys ≥ 0 (sqlite-date-key.ts): the undated are skipped whole. NaN, the
    // date of an undated item, is in no range.
    this.itemOfKey.forEachInRange(Math.max(keys.from ?? 0, 0), keys.to, (n) => {
      const t = sentAt[n] as number;
      if (t >= from && t < to) out.push(n);
    });
    return Int32Array.from(out);
  }

  /**
   * Reads the items added since the last call, in one read transaction (a consistent snapshot
   * while another process ingests). Returns false when the table no longer looks append-only
   * (fewer items than loaded): the caller then builds a new index.
   */
  extend(): boolean {
    return this.db.transaction(() => {
      const top = this.s.top.get() as { maxN: number | null; items: number };
      const maxN = top.maxN ?? 0;
      if (maxN < this.maxN || top.items < this.items) return false;
      // A copy found again in another folder adds a folder row and no item.
      this.readFolders();
      if (maxN === this.maxN) return top.items === this.items;
      const from = this.maxN;
      this.grow(maxN + 1);
      for (const r of this.s.identities.iterate(this.maxIdentity) as Iterable<[number, string]>) {
        this.identityAddress.set(r[0], r[1]);
        this.maxIdentity = r[0];
      }
      for (const r of this.s.items.iterate(from, maxN) as Iterable<
        [number, string, string, string | null, number, number | null, number, string]
      >) {
        this.itemOfKey.add(r[6], r[0]);
        this.setItem(r[0], r[1], r[2], r[3], r[4] !== 0, r[5], r[7]);
      }
      for (const r of this.s.parts.iterate(from, maxN, ROLE.to) as Iterable<
        [number, number, number, string | null]
      >) {
        const [n, role, identity, name] = r;
        const address = this.identityAddress.get(identity);
        if (address === undefined) continue; // written after our snapshot of identities: cannot be
        this.addPart(n, role, identity, address, name);
      }
      for (const [n, type] of this.s.types.iterate(from, maxN) as Iterable<[number, string]>)
        this.addType(n, type);
      this.maxN = maxN;
      return top.items === this.items;
    })();
  }

  /** The item_folders rows written since the last call (in the caller's read transaction). */
  private readFolders(): void {
    const top = (this.s.folderTop.get() as number | null) ?? 0;
    if (top <= this.maxItemFolder) return;
    for (const [n, name] of this.s.folders.iterate(this.maxFolder) as Iterable<[number, string]>) {
      this.nameFolder(n, name);
      this.maxFolder = n;
    }
    for (const [, item, folder] of this.s.itemFolders.iterate(this.maxItemFolder, top) as Iterable<
      [number, number, number]
    >)
      this.addFolderRow(item, folder);
    this.maxItemFolder = top;
  }
}
