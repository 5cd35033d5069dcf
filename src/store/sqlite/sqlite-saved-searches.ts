import { InnsynError } from '../../model/index.js';
import { checkAuthor } from '../annotations.js';
import { checkSavedQuery, checkSearchName, MAX_SAVED_SEARCHES, type SavedSearch } from '../saved-searches.js';
import type { SqliteDatabase } from './sqlite-driver.js';

interface Row {
  name: string;
  query: string;
  author: string | null;
  created_at: string;
  updated_at: string;
}

const toSaved = (r: Row): SavedSearch => ({
  name: r.name,
  query: r.query,
  author: r.author,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Saved searches in SQLite (table of migrations/0007-saved-searches.ts); SqliteStore runs each call in its guards. */
export class SqliteSavedSearches {
  private readonly st;

  constructor(db: SqliteDatabase) {
    this.st = {
      all: db.prepare('SELECT * FROM saved_searches ORDER BY name COLLATE NOCASE'),
      one: db.prepare('SELECT * FROM saved_searches WHERE name = ?'),
      count: db.prepare('SELECT count(*) FROM saved_searches').pluck(),
      insert: db.prepare(
        'INSERT INTO saved_searches (name, query, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      ),
      update: db.prepare(
        'UPDATE saved_searches SET name = ?, query = ?, author = ?, updated_at = ? WHERE name = ?',
      ),
      remove: db.prepare('DELETE FROM saved_searches WHERE name = ?'),
    };
  }

  list(): SavedSearch[] {
    return (this.st.all.all() as Row[]).map(toSaved);
  }

  /** Saves under the name (replacing the query of one saved so, whatever its letter case). */
  save(
    nameGiven: string,
    queryGiven: string,
    authorGiven: string | null | undefined,
    now: string,
  ): SavedSearch {
    const name = checkSearchName(nameGiven);
    const query = checkSavedQuery(queryGiven);
    const author = checkAuthor(authorGiven);
    const old = this.st.one.get(name) as Row | undefined;
    if (old) {
      this.st.update.run(name, query, author, now, old.name);
    } else {
      if ((this.st.count.get() as number) >= MAX_SAVED_SEARCHES) {
        throw new InnsynError(
          'usage',
          `a case keeps at most ${MAX_SAVED_SEARCHES} saved searches: delete some first`,
        );
      }
      this.st.insert.run(name, query, author, now, now);
    }
    return toSaved(this.st.one.get(name) as Row);
  }

  /** Deletes the saved search of that name (any letter case); false when there is none. */
  remove(name: string): boolean {
    return this.st.remove.run(name.trim().normalize('NFC')).changes > 0;
  }
}
