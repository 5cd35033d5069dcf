import type { Location } from '../../model/index.js';
import { folderWords, foldersOfLocation } from '../../model/folders.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';

/**
 * The folder index of `folder:` (migration 0010): `folders` holds each folder name once with its
 * words (model/folders.ts folderWords), `item_folders` which items have a copy in which folder.
 * Written with every location, so a copy found again in another folder adds that folder.
 */
export class SqliteFolders {
  /** Folder name → folders.n, for names seen in this process (bounded). */
  private readonly ids = new Map<string, number>();
  private readonly s: {
    folderN: SqliteStatement;
    insertFolder: SqliteStatement;
    insertItem: SqliteStatement;
  };

  constructor(db: SqliteDatabase) {
    this.s = {
      folderN: db.prepare('SELECT n FROM folders WHERE name = ?').pluck(),
      insertFolder: db.prepare('INSERT INTO folders (name, words) VALUES (?, ?)'),
      insertItem: db.prepare('INSERT OR IGNORE INTO item_folders (folder, item) VALUES (?, ?)'),
    };
  }

  /** Records the folders of this copy of item n. */
  add(item: number, location: Pick<Location, 'path' | 'member' | 'labels'>): void {
    for (const name of foldersOfLocation(location)) this.s.insertItem.run(this.folderN(name), item);
  }

  /** Forgets the ids handed out: after a rollback they may no longer exist. */
  forget(): void {
    this.ids.clear();
  }

  private folderN(name: string): number {
    let n = this.ids.get(name);
    if (n === undefined) {
      n =
        (this.s.folderN.get(name) as number | undefined) ??
        Number(this.s.insertFolder.run(name, folderWords(name)).lastInsertRowid);
      if (this.ids.size >= 10_000) this.ids.clear();
      this.ids.set(name, n);
    }
    return n;
  }
}
