import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InnsynError } from '../model/index.js';
import {
  assertExportPath,
  hashing,
  type ExportFile,
  type ExportSink,
  type FileContent,
} from './export-sink.js';

/**
 * An export written as a folder. The folder must be new or empty (an export mixed with other
 * files would not verify). Files are created exclusively ('wx'): nothing is ever overwritten.
 * The manifest is written last, so a folder without one is an export that did not finish.
 */
export async function openDirSink(dir: string): Promise<ExportSink> {
  const root = path.resolve(dir);
  const existing = await stat(root).catch(() => null);
  if (existing && !existing.isDirectory()) {
    throw new InnsynError('usage', `${root} exists and is not a folder: name a new folder, or a FILE.zip`);
  }
  if (existing && (await readdir(root)).length > 0) {
    throw new InnsynError('usage', `${root} is not empty: name a new or empty folder for the export`);
  }
  await mkdir(root, { recursive: true });
  const made = new Set<string>();
  return {
    kind: 'dir',
    target: root,
    async add(rel: string, content: FileContent): Promise<ExportFile> {
      assertExportPath(rel);
      const file = path.join(root, ...rel.split('/'));
      const parent = path.dirname(file);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      const h = hashing(content);
      await pipeline(
        Readable.from(h.chunks, { objectMode: false }),
        createWriteStream(file, { flags: 'wx' }),
      );
      return h.result(rel);
    },
    async finish(): Promise<void> {},
    async abort(): Promise<void> {
      // Only what this sink made: the folder was new or empty, so that is all of it.
      await rm(root, { recursive: true, force: true });
    },
  };
}
