import { InnsynError } from '../../model/index.js';
import type { Store } from '../../store/index.js';

/** A full item id, or a unique prefix of at least 6 hex characters (as git accepts short hashes). */
export async function resolveItemId(store: Store, given: string | undefined): Promise<string> {
  if (!given) throw new InnsynError('usage', 'name an item id (from innsyn search)');
  const id = given.trim().toLowerCase();
  if (!/^[0-9a-f]{6,32}$/.test(id)) {
    throw new InnsynError(
      'usage',
      `'${given}' is not an item id: ids are 32 hex characters (a unique prefix of 6 or more works)`,
    );
  }
  if (id.length === 32) return id;
  const found = await store.search(
    { type: 'exact', field: 'id', value: id, pos: 1 },
    { limit: 2, offset: 0, sort: 'date' },
  );
  if (found.total === 0 || !found.items[0])
    throw new InnsynError('not-found', `no item has an id starting with ${id}`);
  if (found.total > 1)
    throw new InnsynError('usage', `${id} is the start of ${found.total} ids: give more characters`);
  return found.items[0].id;
}
