import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { InnsynError } from '../model/index.js';
import {
  assertExportPath,
  hashing,
  type AddOptions,
  type ExportFile,
  type ExportSink,
  type FileContent,
} from './export-sink.js';

/**
 * The modification time of every entry: fixed, so that the same files make the same zip bytes.
 * Built from local date parts because zip (DOS) times are local: whatever the time zone, every
 * entry reads 1980-01-01 00:00, the earliest DOS time (reproducible-build tools use it too).
 */
export const ZIP_ENTRY_MTIME = new Date(1980, 0, 1, 0, 0, 0);

const ENTRY_OPTIONS = {
  mtime: ZIP_ENTRY_MTIME,
  mode: 0o100644,
  // No extended-timestamp field: it would carry a UTC time, which is the one thing that differs.
  forceDosTimestamp: true,
  compressionLevel: 6, // zlib's default; 0 stores
} as const;

export interface ZipStreamSink {
  sink: ExportSink;
  /**
   * The zip's bytes as they are made, to pipe to an HTTP response. Whoever reads it sets the pace
   * (back-pressure reaches the exporter). Destroying it (the client went away) makes the sink
   * fail: the exporter's next step throws, it aborts and removes its temporary files.
   */
  stream: Readable;
  /** True when the reader went away before the zip was complete (not when the export failed). */
  cancelled(): boolean;
}

/**
 * An export as one zip (yazl), made as a stream: sent as it is made by `GET /api/export.zip`,
 * written to a file by zip-sink.ts. Deterministic: entries in the order added (the exporter's
 * order: stable for the same database and query), fixed times and modes, the same compression
 * level; two exports of the same files are the same bytes (with the same zlib). One entry is
 * streamed at a time, with back-pressure: memory stays bounded. Nothing is written to disk here
 * (the exporter's own spool files are its to remove). `target` names the zip in messages.
 */
export function openZipStreamSink(target: string): ZipStreamSink {
  const zip = new yazl.ZipFile();
  const stream = zip.outputStream as Readable;
  let failure: Error | null = null;
  let failNow: (e: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    failNow = (e) => {
      failure ??= e;
      reject(failure);
    };
  });
  failed.catch(() => {}); // awaited through the races below; never unhandled
  let ended = false;
  let gone = false;
  let current: Readable | null = null;
  zip.on('error', (e: Error) => failNow(e));
  stream.on('error', (e: Error) => failNow(e));
  stream.on('close', () => {
    if (ended) return;
    gone = failure === null;
    failNow(new InnsynError('usage', `the download of ${target} was stopped before it was complete`));
  });
  const names = new Set<string>();

  const sink: ExportSink = {
    kind: 'zip',
    target,
    async add(rel: string, content: FileContent, options: AddOptions = {}): Promise<ExportFile> {
      assertExportPath(rel);
      if (names.has(rel)) throw new InnsynError('internal', `export path '${rel}' added twice`);
      names.add(rel);
      if (failure) throw failure;
      const h = hashing(content);
      const input = Readable.from(h.chunks, { objectMode: false });
      current = input;
      // yazl keeps each entry's stream function until the zip ends (for its central directory):
      // handed over through a holder that lets go, so that a finished stream can be collected.
      let pending: Readable | null = input;
      const entryOptions = options.stored ? { ...ENTRY_OPTIONS, compressionLevel: 0 } : ENTRY_OPTIONS;
      zip.addReadStreamLazy(rel, entryOptions, (cb) => {
        const s = pending;
        pending = null;
        if (s) cb(null, s);
        else cb(new InnsynError('internal', `yazl asked for the bytes of ${rel} twice`), Readable.from([]));
      });
      await Promise.race([finished(input), failed]);
      current = null;
      return h.result(rel);
    },
    async finish(): Promise<void> {
      if (failure) throw failure;
      zip.end();
      // From here the stream closes when the reader has taken the last byte; a reader that goes
      // away first makes `finished` reject (premature close).
      ended = true;
      await Promise.race([finished(stream), failed]);
    },
    async abort(): Promise<void> {
      ended = true;
      current?.destroy();
      current = null;
      if (!stream.destroyed) stream.destroy(failure ?? undefined);
    },
  };
  return { sink, stream, cancelled: () => gone };
}
