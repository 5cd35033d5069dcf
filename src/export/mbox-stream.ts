import { createHash } from 'node:crypto';
import type { QueryNode } from '../query/index.js';
import type { Store } from '../store/index.js';
import { inExportOrder } from './export-order.js';
import { mboxrdEntry } from './mboxrd.js';

export interface MboxStreamCounts {
  /** Emails written. */
  messages: number;
  /** Matches that are not email (left out: an mbox holds mail only). */
  skipped: number;
  /** Emails whose original bytes the database does not hold (left out). */
  missing: number;
  bytes: number;
  /** sha256 of everything yielded; set once the last chunk was taken. */
  sha256: string | null;
}

/**
 * The mbox of export-mbox.ts (the email matches of `query`, oldest first, each as its original
 * bytes after a `From ` line, mboxrd-quoted) as chunks, one message each, for a stream that is
 * not a file: `GET /api/export.mbox` sends them as they are read. Nothing is written to disk.
 * Stopping early (the client went away) stops the reading; `counts` says how far it got.
 */
export function mboxStream(
  store: Store,
  query: QueryNode | null,
): { chunks: AsyncGenerator<Buffer>; counts: MboxStreamCounts } {
  const counts: MboxStreamCounts = { messages: 0, skipped: 0, missing: 0, bytes: 0, sha256: null };
  const hash = createHash('sha256');
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const id of inExportOrder(store.listMatches(query))) {
      const item = await store.getItem(id);
      if (!item || item.kind !== 'email') {
        if (item) counts.skipped++;
        continue;
      }
      const raw = await store.getRaw(id);
      if (!raw) {
        counts.missing++;
        continue;
      }
      const entry = mboxrdEntry(raw, item.from?.address ?? null, item.sentAt);
      hash.update(entry);
      counts.bytes += entry.length;
      counts.messages++;
      yield entry;
    }
    counts.sha256 = hash.digest('hex');
  }
  return { chunks: chunks(), counts };
}
