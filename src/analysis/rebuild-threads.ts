import type { Store } from '../store/index.js';
import { threadMessagesFrom } from './jwz-threading.js';

/**
 * Recomputes every email thread from the stored items and replaces the stored structure.
 * Threads are derived data: this is safe to run at any time and gives the same answer for the
 * same items, whatever order they were ingested in. Returns the number of threads.
 */
export async function rebuildThreads(store: Store): Promise<number> {
  const threads = await threadMessagesFrom(store.listThreadingInputs());
  await store.replaceThreads(threads);
  return threads.length;
}
