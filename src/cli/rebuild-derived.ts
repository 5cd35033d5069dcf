import type { PeopleRebuild, Store } from '../store/index.js';
import { collectGarbage } from '../model/collect-garbage.js';

/**
 * Threads, then persons, computed again from the stored items, as a command does after an
 * ingest, a reindex or a migration; with a full garbage collection before each (see
 * `collectGarbage`), so that neither stacks its garbage on the phase before it.
 */
export async function rebuildDerived(store: Store): Promise<{ threads: number; people: PeopleRebuild }> {
  const { rebuildThreads } = await import('../analysis/rebuild-threads.js');
  collectGarbage();
  const threads = await rebuildThreads(store);
  collectGarbage();
  const people = await store.rebuildPeople();
  return { threads, people };
}
