import { InnsynError } from '../model/index.js';
import { parseQuery } from '../query/index.js';

/**
 * Saved searches: a reporter's named queries ("wikileaks DMs", "the meeting, June 2016"), kept
 * with the case like tags and notes (human data: never touched by `innsyn reindex`). The query
 * is kept as typed, checked by the parser when saved, and run like any other.
 */
export interface SavedSearch {
  name: string;
  query: string;
  /** Who saved it last; null in single-user mode. */
  author: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
  updatedAt: string;
}

/** Longest name of a saved search: a label for a menu. */
export const MAX_SAVED_SEARCH_NAME_CHARS = 100;
/** Saved searches a case keeps at most: a menu, not a database of queries. */
export const MAX_SAVED_SEARCHES = 1000;

const CONTROL = /[\u0000-\u001f\u007f]/;

/** A name as given: trimmed; 1 to 100 characters, no control characters. Names compare without case. */
export function checkSearchName(v: unknown): string {
  const name = typeof v === 'string' ? v.trim().normalize('NFC') : '';
  if (name === '' || name.length > MAX_SAVED_SEARCH_NAME_CHARS || CONTROL.test(name)) {
    throw new InnsynError(
      'usage',
      `a saved search's name must be 1 to ${MAX_SAVED_SEARCH_NAME_CHARS} characters with no control characters`,
    );
  }
  return name;
}

/** A query to save: trimmed, not blank, and one the parser reads (InnsynError('bad-query') with the column if not). */
export function checkSavedQuery(v: unknown): string {
  const query = typeof v === 'string' ? v.trim() : '';
  if (query === '') throw new InnsynError('usage', 'a saved search needs a query');
  parseQuery(query);
  return query;
}
