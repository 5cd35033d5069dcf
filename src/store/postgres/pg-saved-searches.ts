import { InnsynError } from '../../model/index.js';
import { checkAuthor } from '../annotations.js';
import { checkSavedQuery, checkSearchName, MAX_SAVED_SEARCHES, type SavedSearch } from '../saved-searches.js';
import type { PgQueryable } from './pg-driver.js';
import { asciiLower } from './pg-item-codec.js';

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

/**
 * Saved searches in PostgreSQL (../saved-searches.ts), as sqlite-saved-searches.ts keeps them:
 * names compare without ASCII case (`lower()` of a COLLATE "C" column, SQLite's NOCASE).
 */
export class PgSavedSearches {
  async list(db: PgQueryable): Promise<SavedSearch[]> {
    return (await db.query<Row>('SELECT * FROM saved_searches ORDER BY lower(name), name')).rows.map(toSaved);
  }

  /** Saves under the name (replacing the query of one saved so, whatever its letter case). */
  async save(
    db: PgQueryable,
    nameGiven: string,
    queryGiven: string,
    authorGiven: string | null | undefined,
    now: string,
  ): Promise<SavedSearch> {
    const name = checkSearchName(nameGiven);
    const query = checkSavedQuery(queryGiven);
    const author = checkAuthor(authorGiven);
    const old = (
      await db.query<Row>('SELECT * FROM saved_searches WHERE lower(name) = $1', [asciiLower(name)])
    ).rows[0];
    if (old) {
      await db.query(
        'UPDATE saved_searches SET name = $1, query = $2, author = $3, updated_at = $4 WHERE name = $5',
        [name, query, author, now, old.name],
      );
    } else {
      const count =
        (await db.query<{ c: number }>('SELECT count(*) AS c FROM saved_searches')).rows[0]?.c ?? 0;
      if (count >= MAX_SAVED_SEARCHES) {
        throw new InnsynError(
          'usage',
          `a case keeps at most ${MAX_SAVED_SEARCHES} saved searches: delete some first`,
        );
      }
      await db.query(
        'INSERT INTO saved_searches (name, query, author, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)',
        [name, query, author, now],
      );
    }
    return toSaved(
      (await db.query<Row>('SELECT * FROM saved_searches WHERE name = $1', [name])).rows[0] as Row,
    );
  }

  /** Deletes the saved search of that name (any letter case); false when there is none. */
  async remove(db: PgQueryable, name: string): Promise<boolean> {
    const r = await db.query('DELETE FROM saved_searches WHERE lower(name) = $1', [
      asciiLower(name.trim().normalize('NFC')),
    ]);
    return (r.rowCount ?? 0) > 0;
  }
}
