import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { InnsynError } from '../model/index.js';
import type { ExportSink } from './export-sink.js';
import { openZipStreamSink } from './zip-stream-sink.js';

export { ZIP_ENTRY_MTIME } from './zip-stream-sink.js';

/**
 * An export written as one zip file: the zip stream of zip-stream-sink.ts (the same bytes as a
 * download of the same export) piped to FILE.partial, renamed when complete, so a zip under its
 * real name is always a finished export. A file that exists is never overwritten.
 */
export async function openZipSink(file: string): Promise<ExportSink> {
  const target = path.resolve(file);
  if (await exists(target)) {
    throw new InnsynError(
      'usage',
      `${target} already exists: name a new file (an export is never overwritten)`,
    );
  }
  const partial = `${target}.partial`;
  const out = createWriteStream(partial);
  const zip = openZipStreamSink(target);
  // A write error (disk full) stops the zip stream: the exporter's next step fails with it.
  out.on('error', (e: Error) => zip.stream.destroy(e));
  zip.stream.pipe(out);
  let closed = false;

  return {
    kind: 'zip',
    target,
    add: (rel, content, options) => zip.sink.add(rel, content, options),
    async finish(): Promise<void> {
      await zip.sink.finish();
      await finished(out);
      closed = true;
      if (await exists(target)) {
        throw new InnsynError(
          'usage',
          `${target} appeared while the export was written and was left alone: export again under another name`,
        );
      }
      await rename(partial, target);
    },
    async abort(): Promise<void> {
      if (!closed) {
        zip.stream.unpipe(out);
        await zip.sink.abort();
        out.destroy();
        closed = true;
      }
      await rm(partial, { force: true });
    },
  };
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null)) !== null;
}
