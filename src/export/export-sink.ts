import { createHash } from 'node:crypto';
import { InnsynError } from '../model/index.js';
import { isSafeRelativePath } from './safe-name.js';

/** One file of an export, as the manifest lists it. */
export interface ExportFile {
  /** Relative, '/'-separated. */
  path: string;
  size: number;
  /** Lower-case hex sha256 of the file's bytes. */
  sha256: string;
}

export type FileContent = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Where an export's files go: a folder (dir-sink.ts) or a zip file (zip-sink.ts). Files are added
 * one at a time and streamed through; each is hashed as its bytes pass, so what the manifest
 * says is what was written.
 */
export interface ExportSink {
  readonly kind: 'dir' | 'zip';
  /** The folder or file being written, for messages. */
  readonly target: string;
  /**
   * Writes one file. The path must be safe (safe-name.ts: relative, no '..') and new: anything
   * else is an internal error, since every path is made by the exporter.
   */
  add(path: string, content: FileContent, options?: AddOptions): Promise<ExportFile>;
  /** Completes the export; only then does it appear under its name (a zip) or hold its manifest (a folder). */
  finish(): Promise<void>;
  /** Gives up: removes what this sink wrote. Safe to call after a failure, and more than once. */
  abort(): Promise<void>;
}

export interface AddOptions {
  /**
   * Keep the bytes uncompressed in a zip. For the manifest: then two exports of the same query
   * differ only in the bytes of its `created` time (and the entry's CRC), not in a whole
   * compressed stream.
   */
  stored?: boolean;
}

/** Throws unless `p` is a path the exporter may write (a bug otherwise: every path is ours). */
export function assertExportPath(p: string): void {
  if (!isSafeRelativePath(p)) throw new InnsynError('internal', `unsafe export path '${p}'`);
}

/** Counts and hashes the bytes of `content` as they are read from the returned iterable. */
export function hashing(content: FileContent): {
  chunks: AsyncIterable<Uint8Array>;
  result(path: string): ExportFile;
} {
  const hash = createHash('sha256');
  let size = 0;
  // Handed over once and then forgotten: a zip library that keeps each entry's stream until the
  // zip is finished (yazl does, for its central directory) must not keep every file's bytes too.
  let source: FileContent | null = content;
  async function* pass(): AsyncGenerator<Uint8Array> {
    const content = source;
    source = null;
    if (content === null) return;
    if (content instanceof Uint8Array) {
      hash.update(content);
      size += content.byteLength;
      if (content.byteLength > 0) yield content;
      return;
    }
    for await (const chunk of content) {
      hash.update(chunk);
      size += chunk.byteLength;
      if (chunk.byteLength > 0) yield chunk;
    }
  }
  return { chunks: pass(), result: (path) => ({ path, size, sha256: hash.digest('hex') }) };
}
