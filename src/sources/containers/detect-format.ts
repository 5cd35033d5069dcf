import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { InnsynError } from '../../model/errors.js';
import { gunzippedName } from './member-reader.js';
import { readFileHead } from './byte-chunks.js';
import { eachEntry, KIND_DIR } from './list-folder.js';
import { SNIFF_BYTES, sniffFormat, type SniffedKind } from './sniff-format.js';

export type InputFormat =
  'mbox' | 'maildir' | 'eml' | 'zip' | 'tar' | 'msg' | 'pst' | 'tnef' | 'directory' | 'unknown';

const FORMAT_OF: Record<SniffedKind, InputFormat> = {
  empty: 'unknown',
  mbox: 'mbox',
  eml: 'eml',
  emlx: 'eml',
  zip: 'zip',
  gzip: 'unknown',
  tar: 'tar',
  msg: 'msg',
  pst: 'pst',
  tnef: 'tnef',
  unknown: 'unknown',
};

/**
 * The format of a path, decided by looking at it: a folder with cur/ or new/ is a Maildir,
 * other folders are 'directory'; a file by its first 64 KiB (zip/gzip/tar magic, a "From "
 * first line, a mail header block, Apple's .emlx count line), its extension only a hint.
 * A gzip file reports what it holds once decompressed ('tar' for .tar.gz, 'mbox' for
 * mbox.gz); readInput decompresses it. An empty file is 'unknown'.
 * Throws InnsynError 'not-found' when the path does not exist.
 */
export async function detectFormat(input: string): Promise<InputFormat> {
  const abs = path.resolve(input);
  let isDir: boolean;
  try {
    isDir = (await stat(abs)).isDirectory();
  } catch (e) {
    throw new InnsynError('not-found', `${abs} does not exist or cannot be reached; check the path`, {
      cause: e,
    });
  }
  if (isDir) {
    let maildir = false;
    eachEntry(abs, (name, kind) => (maildir = kind === KIND_DIR && (name === 'cur' || name === 'new')));
    return maildir ? 'maildir' : 'directory';
  }
  const name = path.basename(abs);
  const head = await readFileHead(abs, SNIFF_BYTES);
  const sniffed = sniffFormat(head, name);
  if (sniffed.kind !== 'gzip') return FORMAT_OF[sniffed.kind];
  const inner = await gunzipHead(abs, SNIFF_BYTES);
  return inner === null ? 'unknown' : FORMAT_OF[sniffFormat(inner, gunzippedName(name)).kind];
}

/** The first `max` decompressed bytes of a gzip file (stops early: a bomb is never unpacked), or null if corrupt. */
async function gunzipHead(file: string, max: number): Promise<Uint8Array | null> {
  const source = createReadStream(file, { highWaterMark: 64 * 1024 });
  const gunzip = createGunzip();
  source.pipe(gunzip);
  source.on('error', (e) => gunzip.destroy(e));
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const c of gunzip as AsyncIterable<Buffer>) {
      parts.push(c);
      got += c.length;
      if (got >= max) break;
    }
    return Buffer.concat(parts).subarray(0, max);
  } catch {
    return got > 0 ? Buffer.concat(parts).subarray(0, max) : null;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}
