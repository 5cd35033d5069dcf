import { FacetIndex } from '../facet-index.js';
import { ROLE } from '../item-roles.js';
import type { PgPool, PgQueryable } from './pg-driver.js';

/** Row numbers per statement when the index is first filled (bounded memory at any size). */
const LOAD_CHUNK = 50_000;
/** Row numbers per `= ANY($1)` when the parts of items added since the last fill are read. */
const LIST_CHUNK = 10_000;
const XID_SPAN = 2 ** 32;

interface ItemRow {
  n: number;
  kind: string;
  platform: string;
  lang: string | null;
  has_attachments: boolean;
  sent_at: number | null;
  visibility: string;
}

interface PartRow {
  item: number;
  role: number;
  identity: number;
  name: string | null;
  address: string;
}

const ITEM_COLUMNS = 'n, kind, platform, lang, has_attachments, sent_at, visibility';
const PARTS =
  'SELECT ii.item, ii.role, ii.identity, ii.name, id.address FROM item_identities ii ' +
  `JOIN identities id ON id.n = ii.identity WHERE ii.role <= ${ROLE.to} AND `;

/**
 * The facet index (../facet-index.ts) of one server process, filled from PostgreSQL. Several
 * processes write to one database at once, and a row number is handed out when a row is
 * inserted, not when it commits: a row below the highest one loaded can still appear later. So
 * each fill remembers its snapshot's xmin (every transaction older than it had ended and was
 * seen), and the next fill reads every items row whose xmin is not older: the rows committed
 * since, and the rows updated since (re-threading rewrites items rows; read again, they change
 * nothing but their columns). Senders, recipients and attachment types are read for items new
 * to the index only.
 *
 * Each fill is one REPEATABLE READ transaction: one snapshot for the counts and every row.
 */
export class PgFacetIndex extends FacetIndex {
  /** The 64-bit xmin of the last fill's snapshot; null before the first. */
  private snapshotXmin: number | null = null;

  /**
   * Brings the index up to date. Returns false when items were deleted since (fewer items than
   * the index holds): the caller then builds a new index.
   */
  async extend(pool: PgPool): Promise<boolean> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const top = (
        await client.query<{ items: number; maxn: number; xmin: string }>(
          'SELECT count(*) AS items, coalesce(max(n), 0) AS maxn, ' +
            'pg_snapshot_xmin(pg_current_snapshot())::text AS xmin FROM items',
        )
      ).rows[0] as { items: number; maxn: number; xmin: string };
      const added: number[] = [];
      if (this.snapshotXmin === null) {
        for (let from = 0; from < top.maxn; from += LOAD_CHUNK) {
          const rows = await client.query<ItemRow>(
            `SELECT ${ITEM_COLUMNS} FROM items WHERE n > $1 AND n <= $2`,
            [from, from + LOAD_CHUNK],
          );
          for (const r of rows.rows) this.setRow(r);
          await readParts(client, `ii.item > $1 AND ii.item <= $2`, [from, from + LOAD_CHUNK], this);
          await readTypes(client, 'item > $1 AND item <= $2', [from, from + LOAD_CHUNK], this);
        }
        for (let after = 0; ;) {
          const rows = await client.query<{ n: number; item: number; folder: number }>(
            'SELECT n, item, folder FROM item_folders WHERE n > $1 ORDER BY n LIMIT $2',
            [after, LOAD_CHUNK],
          );
          await this.addFolders(client, rows.rows);
          if (rows.rows.length < LOAD_CHUNK) break;
          after = (rows.rows[rows.rows.length - 1] as { n: number }).n;
        }
      } else {
        // xmin is a 32-bit transaction id: "not older than" is a comparison modulo 2^32. Rows
        // frozen long ago may compare as new and are read again, which changes nothing.
        const rows = await client.query<ItemRow>(
          `SELECT ${ITEM_COLUMNS} FROM items WHERE ((xmin::text::bigint - $1 + ${XID_SPAN}) % ${XID_SPAN}) < ${XID_SPAN / 2}`,
          [this.snapshotXmin % XID_SPAN],
        );
        for (const r of rows.rows) if (this.setRow(r)) added.push(r.n);
        for (let i = 0; i < added.length; i += LIST_CHUNK) {
          const ns = added.slice(i, i + LIST_CHUNK);
          await readParts(client, 'ii.item = ANY($1::bigint[])', [ns], this);
          await readTypes(client, 'item = ANY($1::bigint[])', [ns], this);
        }
        // Folder rows committed since: new items', and a copy of an older item found in another folder.
        const folders = await client.query<{ item: number; folder: number }>(
          `SELECT item, folder FROM item_folders WHERE ((xmin::text::bigint - $1 + ${XID_SPAN}) % ${XID_SPAN}) < ${XID_SPAN / 2}`,
          [this.snapshotXmin % XID_SPAN],
        );
        await this.addFolders(client, folders.rows);
      }
      await client.query('COMMIT');
      this.snapshotXmin = Number(top.xmin);
      return top.items === this.items;
    } catch (e) {
      broken = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      if (broken) await client.query('ROLLBACK').catch(() => {});
      client.release(broken);
    }
  }

  /** Adds item_folders rows (read again: nothing changes), reading the names of new folders. */
  private async addFolders(
    db: PgQueryable,
    rows: ReadonlyArray<{ item: number; folder: number }>,
  ): Promise<void> {
    const unknown = [...new Set(rows.map((r) => r.folder).filter((f) => !this.knowsFolder(f)))];
    if (unknown.length > 0) {
      const names = await db.query<{ n: number; name: string }>(
        'SELECT n, name FROM folders WHERE n = ANY($1::bigint[])',
        [unknown],
      );
      for (const r of names.rows) this.nameFolder(r.n, r.name);
    }
    for (const r of rows) this.addFolderRow(r.item, r.folder);
  }

  private setRow(r: ItemRow): boolean {
    return this.setItem(r.n, r.kind, r.platform, r.lang, r.has_attachments, r.sent_at, r.visibility);
  }
}

async function readParts(
  db: PgQueryable,
  where: string,
  params: unknown[],
  index: FacetIndex,
): Promise<void> {
  const rows = await db.query<PartRow>(`${PARTS}${where} ORDER BY ii.item, ii.role, ii.seq`, params);
  for (const p of rows.rows) index.addPart(p.item, p.role, p.identity, p.address, p.name);
}

async function readTypes(
  db: PgQueryable,
  where: string,
  params: unknown[],
  index: FacetIndex,
): Promise<void> {
  const rows = await db.query<{ item: number; type: string }>(
    `SELECT DISTINCT item, type FROM attachments WHERE ${where}`,
    params,
  );
  for (const r of rows.rows) index.addType(r.item, r.type);
}
