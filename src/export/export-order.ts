import type { MatchRef } from '../store/index.js';

/**
 * The order of an export: by date, oldest first, undated last (as the store lists matches), and
 * items of the same moment by id. The store breaks such ties by the order things were ingested;
 * by id, the same items give the same export from any database they were read into. Holds the
 * ids of one moment at a time (all undated items, when there are many: ids only).
 */
export async function* inExportOrder(matches: AsyncIterable<MatchRef>): AsyncGenerator<string> {
  let moment: string | null | undefined;
  let ids: string[] = [];
  for await (const m of matches) {
    if (m.sentAt !== moment) {
      yield* ids.sort();
      ids = [];
      moment = m.sentAt;
    }
    ids.push(m.id);
  }
  yield* ids.sort();
}
