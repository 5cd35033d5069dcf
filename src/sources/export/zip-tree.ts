import { createReadStream, read as fsRead } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { InnsynError } from '../../model/errors.js';
import { errorText } from '../containers/unreadable.js';
import { folderTree, mapTree, type ExportTree } from './export-tree.js';

/**
 * Limits of a zipped export. Each stops an attack a leaked "export" can carry; a limit that
 * trips makes that one read() reject (the rest of the tree stays readable), or, for entries,
 * leaves the rest of the directory unlisted and says so in skipped().
 */
export interface ZipTreeLimits {
  /**
   * Central-directory records listed (folders included). Stops archives with millions of
   * empty entries from eating memory and time before a single message is read.
   */
  maxEntries: number;
  /**
   * Decompressed bytes of one member: read() holds a member in memory, so this is the memory a
   * single read may claim. Checked against the declared size before decompressing and against
   * the bytes actually produced while decompressing (a header may lie).
   */
  maxMemberBytes: number;
  /**
   * Decompressed bytes produced by all read() calls of one tree together, re-reads included:
   * the zip-bomb guard for exports of many small members that each pass maxMemberBytes.
   */
  maxTotalBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_ZIP_TREE_LIMITS: Readonly<ZipTreeLimits> = Object.freeze({
  // Real platform exports hold tens of thousands of daily files or media files, not millions.
  maxEntries: 1_000_000,
  // The largest JSON file of a real export (users.json of a big workspace, tweets.js of a
  // prolific account) is tens of MiB; 512 MiB leaves room for video attachments.
  maxMemberBytes: 512 * MiB,
  // Same bound as the container readers' maxUncompressedBytes.
  maxTotalBytes: 64 * GiB,
});

/** A member of the zip that is not in list(), and why. */
export interface SkippedMember {
  /** The name as stored in the zip (decoded, not normalised); null when about the zip as a whole. */
  member: string | null;
  reason: string;
}

/** An ExportTree over a zip file; skipped() tells what list() leaves out. */
export interface ZipExportTree extends ExportTree {
  /** Entries not listed (unsafe or duplicate names, links, entries past maxEntries, a damaged directory). */
  skipped(): readonly SkippedMember[];
}

/** What skipped() reports for any tree: [] for folders and memory trees. */
export function skippedMembers(tree: ExportTree): readonly SkippedMember[] {
  const skipped = (tree as Partial<ZipExportTree>).skipped;
  return typeof skipped === 'function' ? skipped.call(tree) : [];
}

/**
 * Opens a platform export given as a folder or as a zip file, by what the path is.
 * Rejects (InnsynError) when the path does not exist, is neither a folder nor a regular file,
 * or is a file that is not a readable zip; nothing has been read then.
 */
export async function openExportTree(
  input: string,
  limits: Partial<ZipTreeLimits> = {},
): Promise<ExportTree> {
  const abs = path.resolve(input);
  let info;
  try {
    info = await stat(abs);
  } catch (e) {
    throw new InnsynError('not-found', `${abs}: cannot open the export: ${errorText(e)}; check the path`, {
      cause: e,
    });
  }
  if (info.isDirectory()) return folderTree(abs);
  if (info.isFile()) return zipTree(abs, limits);
  throw new InnsynError(
    'unreadable-input',
    `${abs} is neither a folder nor a file; give the export's folder or its .zip`,
  );
}

/**
 * An export held in a zip file, read with random access: opening lists the central directory
 * (nothing is decompressed), and read() decompresses one member on demand. No file descriptor
 * stays open between calls, so the tree needs no closing; if the zip file changes on disk
 * after opening, read() rejects instead of returning bytes of another file.
 *
 * Member paths are the entry names with '\' turned into '/' and '.' and empty segments
 * dropped; a zip whose files all sit under one top folder keeps that folder in the paths.
 * Folder entries are not members. Left out of list() and reported by skipped(), each with a
 * reason: absolute names and names with a '..' segment (zip slip: never a member path a reader
 * could be tricked into treating as outside the export), names with NUL, symbolic links (as a
 * folder walk does not follow them), second entries with an already-listed name, entries past
 * maxEntries, and the rest of a damaged central directory.
 *
 * Encrypted members and compression methods other than stored and deflate are listed; read()
 * rejects them with what to do. Zip64 archives are read like any other.
 *
 * Rejects (InnsynError 'unreadable-input') when the file is not a zip or its directory cannot
 * be found; 'usage' for a bad limit.
 */
export async function zipTree(zipPath: string, limits: Partial<ZipTreeLimits> = {}): Promise<ZipExportTree> {
  const lim = resolveZipTreeLimits(limits);
  const abs = path.resolve(zipPath);
  const info = await stat(abs).catch((e: unknown) => {
    throw new InnsynError('not-found', `${abs}: cannot open the zip: ${errorText(e)}; check the path`, {
      cause: e,
    });
  });
  if (!info.isFile()) {
    throw new InnsynError('unreadable-input', `${abs} is not a file, so it cannot be a zip`);
  }
  const fingerprint = { size: info.size, mtimeMs: info.mtimeMs };

  const reader = new FileRangeReader(abs);
  let zip: ZipFile;
  try {
    await reader.openForListing();
    zip = await openZip(reader, info.size);
  } catch (e) {
    await reader.closeListing();
    throw new InnsynError(
      'unreadable-input',
      `${abs} is not a readable zip: ${errorText(e)}; if it is an export, re-download it, or repair/unpack ` +
        'it by hand (e.g. `zip -FF` or 7-Zip) and give the folder',
      { cause: e },
    );
  }

  const entries = new Map<string, Entry>();
  const skipped: SkippedMember[] = [];
  try {
    await listEntries(zip, lim, entries, skipped);
  } finally {
    await reader.closeListing();
  }

  let used = 0; // decompressed bytes charged against maxTotalBytes
  const readMember = async (member: string): Promise<Uint8Array> => {
    const entry = entries.get(member) as Entry;
    const here = `${abs}, member ${member}`;
    if (entry.isEncrypted()) {
      throw new InnsynError(
        'unreadable-input',
        `${here} is encrypted (password-protected zip); decrypt the zip with its password (e.g. 7z x) and give the folder`,
      );
    }
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw new InnsynError(
        'unreadable-input',
        `${here} is compressed with method ${entry.compressionMethod}, which innsyn cannot decompress; ` +
          'unpack the zip with 7-Zip and give the folder',
      );
    }
    const declared = entry.uncompressedSize;
    if (declared > lim.maxMemberBytes) {
      throw memberLimit(here, `declares ${declared} bytes`, lim.maxMemberBytes);
    }
    if (used + declared > lim.maxTotalBytes) {
      throw totalLimit(here, used, lim.maxTotalBytes);
    }
    const now = await stat(abs).catch(() => null);
    if (now === null || now.size !== fingerprint.size || now.mtimeMs !== fingerprint.mtimeMs) {
      throw new InnsynError(
        'unreadable-input',
        `${here}: the zip file changed or vanished since it was opened; open the export again`,
      );
    }
    // Charged up front, so that reads running side by side cannot together pass the limit.
    used += declared;
    let stream: Readable;
    try {
      stream = await zip.openReadStreamPromise(entry);
    } catch (e) {
      throw damaged(here, e);
    }
    const parts: Buffer[] = [];
    let got = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        got += chunk.length;
        // The header lied: a zip bomb dressed as a small member, or damage. Stop decompressing.
        if (got > declared) {
          throw new InnsynError(
            'unreadable-input',
            `${here} decompresses to more than the ${declared} bytes its header declares (a zip bomb or a damaged zip); ` +
              'it was not read further. Unpack the zip by hand (7-Zip) and look at the file',
          );
        }
        parts.push(chunk);
      }
    } catch (e) {
      if (e instanceof InnsynError) throw e;
      throw damaged(here, e);
    } finally {
      stream.destroy();
    }
    if (got !== declared) {
      throw new InnsynError(
        'unreadable-input',
        `${here} is truncated: ${got} of the ${declared} bytes its header declares; re-download the zip, or unpack it ` +
          'by hand (7-Zip often gets further) and give the folder',
      );
    }
    const bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, got);
    if (crc32 !== undefined && crc32(bytes) !== entry.crc32) {
      throw new InnsynError(
        'unreadable-input',
        `${here} is damaged: its CRC-32 does not match the zip's directory; re-download the zip, or unpack it by hand ` +
          'and give the folder',
      );
    }
    return bytes;
  };

  const sizes = new Map([...entries].map(([m, e]) => [m, e.uncompressedSize] as const));
  return { ...mapTree(abs, sizes, readMember), skipped: () => skipped };
}

/** Fills in defaults and validates each given limit; throws InnsynError('usage') naming the bad one. */
export function resolveZipTreeLimits(options: Partial<ZipTreeLimits> = {}): ZipTreeLimits {
  const limits: ZipTreeLimits = { ...DEFAULT_ZIP_TREE_LIMITS };
  for (const key of Object.keys(DEFAULT_ZIP_TREE_LIMITS) as (keyof ZipTreeLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new InnsynError(
        'usage',
        `zip limit ${key} must be a positive whole number, got ${String(value)}`,
      );
    }
    limits[key] = value;
  }
  return limits;
}

async function listEntries(
  zip: ZipFile,
  lim: ZipTreeLimits,
  entries: Map<string, Entry>,
  skipped: SkippedMember[],
): Promise<void> {
  const iterator = zip.eachEntry();
  let seen = 0;
  try {
    for (;;) {
      let entry: Entry;
      try {
        const next = await iterator.next();
        if (next.done === true) break;
        entry = next.value;
      } catch (e) {
        skipped.push({
          member: null,
          reason:
            `the zip's directory is damaged after ${seen} of ${zip.entryCount} entries: ${errorText(e)}; the entries ` +
            'before that point are listed. Repair the zip by hand (e.g. `zip -FF` or 7-Zip) and give the result',
        });
        return;
      }
      seen++;
      if (seen > lim.maxEntries) {
        skipped.push({
          member: rawName(entry),
          reason:
            `the zip has ${zip.entryCount} entries, more than maxEntries ${lim.maxEntries}; this one and the ` +
            `${zip.entryCount - seen} after it are not listed. Unpack the zip by hand and give the folder, or raise the limit`,
        });
        return;
      }
      const name = rawName(entry);
      const verdict = memberPath(name);
      if (verdict === 'folder') continue;
      if (typeof verdict !== 'string') {
        skipped.push({ member: name, reason: verdict.unsafe });
        continue;
      }
      if (isSymlink(entry)) {
        skipped.push({ member: name, reason: 'a symbolic link, not a file: links are not followed' });
      } else if (entries.has(verdict)) {
        skipped.push({
          member: name,
          reason: `a second entry named ${verdict}; only the first one is read (unpack the zip by hand to see both)`,
        });
      } else {
        entries.set(verdict, entry);
      }
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * The member path of an entry name, 'folder' for a folder entry, or why the name is unsafe.
 * Exported for tests.
 */
export function memberPath(name: string): string | 'folder' | { unsafe: string } {
  if (name.includes('\0')) return { unsafe: 'the name contains a NUL character' };
  const slashed = name.replaceAll('\\', '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    return { unsafe: 'an absolute path (zip slip): it would point outside the export' };
  }
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    return { unsafe: "a path with '..' (zip slip): it would point outside the export" };
  }
  if (slashed.endsWith('/')) return 'folder';
  if (segments.length === 0) return { unsafe: 'an empty name' };
  return segments.join('/');
}

// Unix file type bits in the high half of the external attributes, when made on Unix (APPNOTE 4.4.2, 4.4.15).
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

function isSymlink(entry: Entry): boolean {
  return (
    entry.versionMadeBy >> 8 === MADE_BY_UNIX && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK
  );
}

function rawName(entry: Entry): string {
  // With decodeStrings false yauzl leaves fileName as the raw bytes (and does not reject
  // unsafe names, which would abandon the whole zip); decode them here (CP437 or UTF-8 by flag
  // bit 11, or the Info-ZIP Unicode path field).
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

const YAUZL_OPTIONS = {
  lazyEntries: true,
  // The zip stays usable after listing: members are opened on demand.
  autoClose: false,
  decodeStrings: false,
  // Sizes are checked by read() itself, so that one stored entry with mismatched sizes does not
  // make yauzl abandon the listing of all the others.
  validateEntrySizes: false,
} as const;

function openZip(reader: FileRangeReader, size: number): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    try {
      yauzl.fromRandomAccessReader(reader, size, YAUZL_OPTIONS, (err, zip) =>
        err === null ? resolve(zip) : reject(err),
      );
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

type ReadCallback = (err: Error | null, bytesRead?: number) => void;

/**
 * yauzl's random access over the zip file without a long-lived descriptor: one descriptor is
 * held while the central directory is listed, then each read opens its own range.
 */
class FileRangeReader extends yauzl.RandomAccessReader {
  private handle: FileHandle | null = null;
  private fd: number | null = null;

  constructor(private readonly file: string) {
    super();
  }

  async openForListing(): Promise<void> {
    const handle = await open(this.file, 'r');
    // The raw descriptor is needed for yauzl's callback reads; closeListing() closes it.
    this.fd = handle.fd;
    this.handle = handle;
  }

  async closeListing(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.fd = null;
    await handle?.close();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl's end is exclusive, fs's inclusive.
    return createReadStream(this.file, { start, end: end - 1, highWaterMark: 64 * 1024 });
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null) => void,
  ): void {
    const done = callback as ReadCallback;
    if (this.fd !== null) {
      fsRead(this.fd, buffer, offset, length, position, (err, n) => done(err, n));
      return;
    }
    // After listing, yauzl reads only a local header per member: one short-lived descriptor.
    void (async () => {
      const handle = await open(this.file, 'r');
      try {
        return (await handle.read(buffer, offset, length, position)).bytesRead;
      } finally {
        await handle.close();
      }
    })().then(
      (n) => done(null, n),
      (e: unknown) => done(e instanceof Error ? e : new Error(String(e))),
    );
  }
}

// zlib.crc32 arrived in Node 20.15; on older Nodes the CRC check is skipped.
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function memberLimit(here: string, what: string, limit: number): InnsynError {
  return new InnsynError(
    'limit-exceeded',
    `${here} ${what}, more than maxMemberBytes ${limit} (the zip-bomb guard); it was not read. ` +
      'If it is genuine, unpack the zip by hand and give the folder, or raise the limit',
  );
}

function totalLimit(here: string, used: number, limit: number): InnsynError {
  return new InnsynError(
    'limit-exceeded',
    `${here} was not read: the zip has already given ${used} decompressed bytes and this member would take it ` +
      `past maxTotalBytes ${limit} (the zip-bomb guard). If it is genuine, unpack the zip by hand and give the ` +
      'folder, or raise the limit',
  );
}

function damaged(here: string, e: unknown): InnsynError {
  return new InnsynError(
    'unreadable-input',
    `${here} could not be read: ${errorText(e)}; the zip is damaged here: re-download it, or unpack it by hand ` +
      '(7-Zip often gets further) and give the folder',
    { cause: e },
  );
}
