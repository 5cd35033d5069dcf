import type { Location } from '../../model/index.js';
import { folderWords, foldersOfLocation } from '../../model/folders.js';
import type { PgQueryable } from './pg-driver.js';
import { PgNameIds } from './pg-name-ids.js';

/**
 * The folder index of `folder:` (migration 0003), as SQLite's (../sqlite/sqlite-folders.ts):
 * `folders` holds each folder name once with its words, `item_folders` which items have a copy
 * in which folder. Written with every location.
 */
export class PgFolders {
  private readonly ids = new PgNameIds('folders', 'name', { column: 'words', of: folderWords });

  /** Records the folders of these copies (item row number and location); rows already there stay. */
  async add(
    c: PgQueryable,
    copies: ReadonlyArray<{ item: number; location: Pick<Location, 'path' | 'member' | 'labels'> }>,
  ): Promise<void> {
    const named = copies.map((x) => ({ item: x.item, names: foldersOfLocation(x.location) }));
    const ids = await this.ids.of(
      c,
      named.flatMap((x) => x.names),
    );
    const rows = named.flatMap((x) => x.names.map((name) => [ids.get(name) as number, x.item] as const));
    if (rows.length === 0) return;
    // In key order, so that concurrent writers lock alike.
    rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    await c.query(
      'INSERT INTO item_folders (folder, item) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING',
      [rows.map((r) => r[0]), rows.map((r) => r[1])],
    );
  }

  /** Forgets the row numbers handed out: after a rollback they may no longer exist. */
  clear(): void {
    this.ids.clear();
  }
}
