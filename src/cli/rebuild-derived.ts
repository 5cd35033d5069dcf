import type { PeopleRebuild, Store } from '../store/index.js';
import { releaseMemory } from '../model/release-memory.js';

/**
 * Threads, then persons, computed again from the stored items, as a command does after an
 * ingest, a reindex or a migration; with a full garbage collection and malloc_trim before each
 * (`releaseMemory`), so that neither stacks its garbage on the phase before it, nor starts on
 * top of the memory malloc kept from it.
 */
export async function rebuildDerived(store: Store): Promise<{ threads: number; people: PeopleRebuild }> {
  const { rebuildThreads } = await import('../analysis/rebuild-threads.js');
  releaseMemory();
  const threads = await rebuildThreads(store);
  releaseMemory();
  const people = await store.rebuildPeople();
  return { threads, people };
}
