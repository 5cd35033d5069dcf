import { createReadStream } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { InnsynError } from '../model/index.js';

/**
 * The files of an export as `innsyn verify` finds them, in a folder or a zip, read without
 * trusting them: names are labels (never used to open anything outside the export), links are
 * not followed, a folder is walked without recursion, and the number of entries is limited.
 */
export interface FoundEntry {
  /** '/'-separated, relative to the export, as found (possibly unsafe: it is only reported). */
  path: string;
  /** Bytes (for a zip, the size its directory declares; reading enforces it). */
  size: number;
  /** Null for a readable regular file; else what it is instead ('a symbolic link', 'encrypted', …). */
  unreadable: string | null;
  /** Its bytes (only for readable entries; for a zip, only until the next entry is asked for). */
  open(): Promise<Readable>;
}

/**
 * Entries verify looks at before it gives up: far more than an export of a whole case holds, and
 * few enough that the table of what was found (a path and a size each) stays small.
 */
export const MAX_EXPORT_ENTRIES = 2_000_000;

export interface ExportContainer {
  kind: 'dir' | 'zip';
  /**
   * The bytes of the entry at exactly this path (the first, in a zip that has two), or null when
   * there is none; 'limit-exceeded' when it is larger than maxBytes, a string saying why when it
   * is there but cannot be read as a file.
   */
  read(rel: string, maxBytes: number): Promise<Buffer | string | null>;
  /** Every entry (files only; folders are not entries), in the container's order. */
  entries(): AsyncIterable<FoundEntry>;
}

/** A folder or a zip file; 'usage' when the path is neither or does not exist. */
export async function openExportContainer(target: string): Promise<ExportContainer> {
  const st = await lstat(target).catch(() => null);
  if (!st)
    throw new InnsynError(
      'usage',
      `no export at ${target}: name the folder or the .zip that innsyn export wrote`,
    );
  if (st.isDirectory()) return dirContainer(target);
  if (st.isFile()) {
    const head = Buffer.alloc(4);
    const fd = await open(target, 'r');
    try {
      await fd.read(head, 0, 4, 0);
    } finally {
      await fd.close();
    }
    // Local file header, or the end record of an empty zip.
    if (head.toString('latin1') === 'PK\x03\x04' || head.toString('latin1') === 'PK\x05\x06')
      return zipContainer(target);
  }
  throw new InnsynError(
    'usage',
    `${target} is neither a folder nor a zip file: not an export of innsyn export`,
  );
}

function dirContainer(root: string): ExportContainer {
  const entryAt = async (rel: string, full: string): Promise<FoundEntry | null> => {
    const st = await lstat(full).catch(() => null);
    if (!st || st.isDirectory()) return null;
    const unreadable = st.isFile()
      ? null
      : st.isSymbolicLink()
        ? 'a symbolic link (not followed)'
        : 'not a regular file';
    return { path: rel, size: st.size, unreadable, open: async () => createReadStream(full) };
  };
  return {
    kind: 'dir',
    read: async (rel, maxBytes) =>
      readEntry(await entryAt(rel, path.join(root, ...rel.split('/'))), maxBytes),
    async *entries() {
      const stack: string[] = [''];
      let seen = 0;
      while (stack.length > 0) {
        const rel = stack.pop() as string;
        const listing = await readdir(path.join(root, ...rel.split('/').filter(Boolean)), {
          withFileTypes: true,
        });
        listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const d of listing) {
          if (++seen > MAX_EXPORT_ENTRIES) throw tooMany(root);
          const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
          if (d.isDirectory()) stack.push(childRel);
          else {
            const e = await entryAt(childRel, path.join(root, ...childRel.split('/')));
            if (e) yield e;
          }
        }
      }
    },
  };
}

const YAUZL_OPTIONS = {
  lazyEntries: true,
  autoClose: false,
  // Names are labels here, decoded below: with decoding on, yauzl refuses a whole archive for
  // one "../x" entry, and a tampered export must still be reported entry by entry.
  decodeStrings: false,
  validateEntrySizes: true,
} as const;

function zipContainer(file: string): ExportContainer {
  async function* walk(): AsyncGenerator<{ zip: ZipFile; entry: Entry; found: FoundEntry }> {
    const zip = await yauzl.openPromise(file, YAUZL_OPTIONS);
    try {
      let seen = 0;
      for (;;) {
        const entry = await nextEntry(zip);
        if (entry === null) return;
        if (++seen > MAX_EXPORT_ENTRIES) throw tooMany(file);
        const name = yauzl.getFileNameLowLevel(
          entry.generalPurposeBitFlag,
          entry.fileName as unknown as Buffer,
          entry.extraFields,
          false,
        );
        if (name.endsWith('/') && entry.uncompressedSize === 0) continue; // a folder
        const unreadable = entry.isEncrypted()
          ? 'encrypted'
          : entry.compressionMethod !== 0 && entry.compressionMethod !== 8
            ? `compressed with method ${entry.compressionMethod}, which innsyn does not write`
            : null;
        const found: FoundEntry = {
          path: name,
          size: entry.uncompressedSize,
          unreadable,
          open: () => zip.openReadStreamPromise(entry),
        };
        yield { zip, entry, found };
      }
    } finally {
      zip.close();
    }
  }
  return {
    kind: 'zip',
    async read(rel, maxBytes) {
      for await (const { found } of walk()) if (found.path === rel) return readEntry(found, maxBytes);
      return null;
    },
    async *entries() {
      for await (const { found } of walk()) yield found;
    },
  };
}

async function readEntry(e: FoundEntry | null, maxBytes: number): Promise<Buffer | string | null> {
  if (e === null) return null;
  if (e.unreadable !== null) return e.unreadable;
  if (e.size > maxBytes) {
    throw new InnsynError(
      'limit-exceeded',
      `${e.path} is ${e.size} bytes, more than the ${maxBytes} read whole`,
    );
  }
  const chunks: Buffer[] = [];
  for await (const c of await e.open()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function nextEntry(zip: ZipFile): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: Entry): void => {
      cleanup();
      resolve(e);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function tooMany(where: string): InnsynError {
  return new InnsynError(
    'limit-exceeded',
    `${where} holds more than ${MAX_EXPORT_ENTRIES} entries (MAX_EXPORT_ENTRIES): not an export innsyn wrote`,
  );
}
