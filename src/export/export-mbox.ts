import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InnsynError } from '../model/index.js';
import type { QueryNode } from '../query/index.js';
import type { Store } from '../store/index.js';
import { inExportOrder } from './export-order.js';
import { MAX_LISTED_PROBLEMS, type ExportProblem } from './manifest.js';
import { mboxrdEntry } from './mboxrd.js';

export interface MboxExportOptions {
  queryText: string;
  /** After each match (emails and the others skipped). */
  onProgress?: (p: { items: number; bytes: number }) => void;
}

export interface MboxExportReport {
  format: 'mbox';
  out: string;
  query: string;
  /** Emails written. */
  messages: number;
  /** Matches that are not email (DMs, posts, chat messages): an mbox holds mail only. */
  skipped: number;
  bytes: number;
  /** sha256 of the mbox file. */
  sha256: string;
  problems: ExportProblem[];
  problemCount: number;
  seconds: number;
}

/**
 * Writes the email matches of `query` to one mboxrd file (mboxrd.ts), oldest first, each as the
 * original bytes stored for it: ingesting the file again gives the same item ids. Written to
 * FILE.partial and renamed when complete; an existing FILE is never overwritten. An email whose
 * bytes the database does not hold is a problem in the report; the rest goes on.
 */
export async function exportMbox(
  store: Store,
  query: QueryNode | null,
  file: string,
  options: MboxExportOptions,
): Promise<MboxExportReport> {
  const started = Date.now();
  const target = path.resolve(file);
  if (await stat(target).catch(() => null)) {
    throw new InnsynError(
      'usage',
      `${target} already exists: name a new file (an export is never overwritten)`,
    );
  }
  const partial = `${target}.partial`;
  const out = createWriteStream(partial);
  out.on('error', () => {}); // surfaced by the next write or the close
  const hash = createHash('sha256');
  const problems: ExportProblem[] = [];
  let problemCount = 0;
  let messages = 0;
  let skipped = 0;
  let seen = 0;
  let bytes = 0;
  const write = async (chunk: Buffer): Promise<void> => {
    if (out.errored) throw out.errored;
    hash.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    for await (const id of inExportOrder(store.listMatches(query))) {
      options.onProgress?.({ items: seen++, bytes });
      const item = await store.getItem(id);
      if (!item || item.kind !== 'email') {
        if (item) skipped++;
        continue;
      }
      const raw = await store.getRaw(id);
      if (!raw) {
        problemCount++;
        if (problems.length < MAX_LISTED_PROBLEMS) {
          problems.push({
            item: id,
            code: 'no-raw',
            message: `the database holds no original bytes for ${id}`,
          });
        }
        continue;
      }
      await write(mboxrdEntry(raw, item.from?.address ?? null, item.sentAt));
      messages++;
    }
    options.onProgress?.({ items: seen, bytes });
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    if (out.errored) throw out.errored;
    if (await stat(target).catch(() => null)) {
      throw new InnsynError(
        'usage',
        `${target} appeared while the export was written and was left alone: export again under another name`,
      );
    }
    await rename(partial, target);
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    throw e;
  }
  return {
    format: 'mbox',
    out: target,
    query: options.queryText,
    messages,
    skipped,
    bytes,
    sha256: hash.digest('hex'),
    problems,
    problemCount,
    seconds: (Date.now() - started) / 1000,
  };
}
