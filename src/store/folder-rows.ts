import type { Location } from '../model/index.js';
import { folderQueryName } from '../model/folders.js';
import { MAX_COVERED_FOLDERS } from './facet-index.js';

/**
 * What both dialects keep of folders (model/folders.ts): `locations.labels`, and the query of
 * the folder index (`folders`, `item_folders`: sqlite/sqlite-folders.ts, postgres/pg-folders.ts).
 */

/**
 * Items with a copy in a folder whose words match the LIKE pattern (model/folders.ts
 * folderPattern; words are letters and digits only, so it needs no escapes).
 */
export const FOLDER_ITEMS_SQL =
  'SELECT item FROM item_folders WHERE folder IN (SELECT n FROM folders WHERE words LIKE ?)';

/** The folders' words for Store.folderQueries: one row more than it weighs tails against, to tell when there are too many. */
export const FOLDER_WORDS_SQL = `SELECT words FROM folders LIMIT ${MAX_COVERED_FOLDERS + 1}`;

/**
 * Store.folderQueries from the words FOLDER_WORDS_SQL read (model/folders.ts folderQueryName);
 * past MAX_COVERED_FOLDERS folders the whole names, as the facet's buckets (FacetIndex.folderQuery).
 */
export function folderQueriesAmong(names: readonly string[], words: readonly string[]): string[] {
  return words.length > MAX_COVERED_FOLDERS ? [...names] : names.map((name) => folderQueryName(name, words));
}

/** Labels as the `locations.labels` column keeps them: a JSON array, null when none. */
export function labelsColumn(labels: readonly string[] | undefined): string | null {
  return labels === undefined || labels.length === 0 ? null : JSON.stringify(labels);
}

/** A location as `locations` and `paths` give it, `labels` as stored. */
export type LocationRow = Omit<Location, 'labels'> & { labels: string | null };

/** A location row as a Location: no `labels` key when it has none. */
export function locationOfRow(row: LocationRow): Location {
  const { labels, ...rest } = row;
  return typeof labels === 'string' ? { ...rest, labels: JSON.parse(labels) as string[] } : rest;
}
