import type { Location } from '../../model/index.js';
import { folderWords, foldersOfLocation } from '../../model/folders.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { SqliteNameIds } from './sqlite-name-ids.js';

/**
 * The folder index of `folder:` (migration 0010): `folders` holds each folder name once with its
 * words (model/folders.ts folderWords), `item_folders` which items have a copy in which folder.
 * Written with every location, so a copy found again in another folder adds that folder.
 */
export class SqliteFolders {
  private readonly ids: SqliteNameIds;
  private readonly insertItem: SqliteStatement;

  constructor(db: SqliteDatabase) {
    this.ids = new SqliteNameIds(db, 'folders', 'name', { column: 'words', of: folderWords });
    this.insertItem = db.prepare('INSERT OR IGNORE INTO item_folders (folder, item) VALUES (?, ?)');
  }

  /** Records the folders of this copy of item n. */
  add(item: number, location: Pick<Location, 'path' | 'member' | 'labels'>): void {
    for (const name of foldersOfLocation(location)) this.insertItem.run(this.ids.of(name), item);
  }

  /** Forgets the ids handed out: after a rollback they may no longer exist. */
  forget(): void {
    this.ids.clear();
  }
}
