import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InnsynError } from '../../model/errors.js';
import type { ArchiveBudget } from './archive-budget.js';
import { RATIO_CHECK_MIN_BYTES } from './reader-limits.js';
import { describePlace, type Where } from './unreadable.js';

/**
 * Decompresses a gzip stream (concatenated gzip members too, as gzip(1) does), streaming.
 * Every decompressed byte is charged to the budget, and the running expansion ratio is
 * checked against maxCompressionRatio: a gzip bomb is stopped long before it is unpacked.
 */
export async function* gunzipChunks(
  chunks: AsyncIterable<Uint8Array>,
  budget: ArchiveBudget,
  where: Where,
): AsyncGenerator<Uint8Array> {
  let compressed = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const c of chunks) {
      compressed += c.length;
      yield c;
    }
  }
  const source = Readable.from(counted(), { objectMode: false });
  const gunzip = createGunzip();
  pipeline(source, gunzip, () => {
    // Errors reach the loop below through `gunzip`, which pipeline destroys with them.
  });
  let out = 0;
  try {
    for await (const c of gunzip as AsyncIterable<Buffer>) {
      out += c.length;
      budget.takeBytes(c.length, where);
      const ratio = budget.limits.maxCompressionRatio;
      if (out > RATIO_CHECK_MIN_BYTES && out > ratio * Math.max(compressed, 1)) {
        throw new InnsynError(
          'limit-exceeded',
          `${describePlace(where)}: gzip data expands more than ${ratio} times (${compressed} bytes gave ${out} so far; ` +
            'maxCompressionRatio, the gzip-bomb guard); reading stopped. If it is genuine, decompress it by hand and ingest the result',
        );
      }
      yield c;
    }
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}
