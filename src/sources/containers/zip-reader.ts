import { stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { RawRecord } from '../../model/raw-record.js';
import { isLimitError, nestMember } from './archive-budget.js';
import { HeadRecorder, drainBounded, metered, readFileHead } from './byte-chunks.js';
import type { ReadContext, StreamPlace } from './read-context.js';
import { RATIO_CHECK_MIN_BYTES } from './reader-limits.js';
import { KEPT_BYTES, describePlace, errorText, unreadable, type Where } from './unreadable.js';

export type ZipSource = { path: string } | { buffer: Buffer };

/** How a member stream is read; passed in so that this file does not import member-reader (no cycle). */
export type MemberDispatch = (
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  place: StreamPlace,
  ctx: ReadContext,
) => AsyncIterable<RawRecord>;

/** Compression methods (APPNOTE 4.4.5) named for reasons; yauzl itself reads only 0 and 8. */
const METHOD_NAMES: Record<number, string> = {
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'xz',
  98: 'PPMd',
  99: 'AES encryption',
};

const YAUZL_OPTIONS = {
  lazyEntries: true,
  autoClose: true,
  // Names are decoded by us (below), so that a member named "../x" or "/etc/x" does not make
  // yauzl abandon the whole archive: nothing is ever written to disk, so such a name is only
  // a label here, and it is kept as found (it is evidence).
  decodeStrings: false,
  validateEntrySizes: true,
} as const;

function openZip(source: ZipSource): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip: ZipFile): void => (err === null ? resolve(zip) : reject(err));
    if ('path' in source) yauzl.open(source.path, YAUZL_OPTIONS, done);
    else yauzl.fromBuffer(source.buffer, YAUZL_OPTIONS, done);
  });
}

// yauzl exports its name decoder (CP437 or UTF-8 by flag bit 11, or the Info-ZIP Unicode path
// field 0x7075), but @types/yauzl does not declare it.
const { getFileNameLowLevel } = yauzl as unknown as {
  getFileNameLowLevel: (flags: number, raw: Buffer, extra: yauzl.ExtraField[], strict: boolean) => string;
};

function memberName(entry: Entry): string {
  // With decodeStrings false, yauzl leaves fileName as the raw bytes.
  const raw = entry.fileName as unknown as Buffer;
  return getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

async function rawHead(zip: ZipFile, entry: Entry): Promise<Uint8Array> {
  try {
    const stream = await zip.openReadStreamPromise(entry, { decodeFileData: false });
    return (await drainBounded(stream, KEPT_BYTES)).bytes;
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * Reads a zip archive member by member (lazily, one open stream at a time; nothing is written
 * to disk). `place` is the zip itself: its file, its own member path when nested (members are
 * then named 'outer.zip!/inner/path'), and its archive depth.
 *
 * Guards, each turning into an UnreadableInput naming the member and what to do:
 * maxArchiveEntries (then the rest of the archive is reported in one record), declared size
 * against maxUncompressedBytes and maxCompressionRatio before a member is opened (yauzl then
 * enforces the declared size while reading), encrypted members, compression methods other
 * than stored/deflate, and corrupt data. A damaged central directory ends the archive with
 * one record saying how far it got.
 */
export async function* readZip(
  source: ZipSource,
  place: StreamPlace,
  ctx: ReadContext,
  readMember: MemberDispatch,
): AsyncGenerator<RawRecord> {
  const self: Where = { path: place.path, member: place.member };
  const at = describePlace(self);
  const size = 'buffer' in source ? source.buffer.length : undefined;

  let zip: ZipFile;
  try {
    zip = await openZip(source);
  } catch (e) {
    const head =
      'buffer' in source
        ? source.buffer.subarray(0, KEPT_BYTES)
        : await readFileHead(source.path, KEPT_BYTES);
    yield unreadable(
      self,
      0,
      size ?? (await fileSize(source)),
      `${at}: file is a corrupt zip: ${errorText(e)}; re-download it, or repair/unpack it by hand ` +
        '(e.g. `zip -FF` or 7-Zip) and ingest the folder',
      head,
    );
    return;
  }

  let read = 0;
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let entry: Entry;
      try {
        const next = await entries.next();
        if (next.done === true) break;
        entry = next.value;
      } catch (e) {
        yield unreadable(
          self,
          0,
          size ?? zip.fileSize,
          `${at}: zip directory is damaged after ${read} of ${zip.entryCount} members: ${errorText(e)}; ` +
            'the members before that point were read. Repair it by hand (e.g. `zip -FF` or 7-Zip) and ingest the result',
        );
        return;
      }
      read++;
      const name = memberName(entry);
      if (name.endsWith('/')) continue; // a folder entry: no bytes of its own
      const where: Where = { path: place.path, member: nestMember(place.member, name) };
      const here = describePlace(where);
      const declared = entry.uncompressedSize;

      if (!ctx.budget.takeEntry()) {
        const left = zip.entryCount - read + 1;
        yield unreadable(
          self,
          0,
          size ?? zip.fileSize,
          `${at}: more than ${ctx.limits.maxArchiveEntries} members (maxArchiveEntries); the last ${left} entries (folders included) ` +
            `from ${name} on were not read. Unpack the archive by hand and ingest it in parts, or raise the limit`,
        );
        return;
      }
      if (entry.isEncrypted()) {
        yield unreadable(
          where,
          0,
          declared,
          `${here}: member is encrypted (password-protected zip); decrypt it with the password ` +
            '(e.g. 7z x) and ingest the folder. Its first 64 KiB, still encrypted, are kept',
          await rawHead(zip, entry),
        );
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        const method = METHOD_NAMES[entry.compressionMethod] ?? `method ${entry.compressionMethod}`;
        yield unreadable(
          where,
          0,
          declared,
          `${here}: member is compressed with ${method}, which innsyn cannot decompress; unpack the archive ` +
            'with 7-Zip and ingest the folder. Its first 64 KiB, still compressed, are kept',
          await rawHead(zip, entry),
        );
        continue;
      }
      const ratio = declared / Math.max(entry.compressedSize, 1);
      if (declared > RATIO_CHECK_MIN_BYTES && ratio > ctx.limits.maxCompressionRatio) {
        yield unreadable(
          where,
          0,
          declared,
          `${here}: member would expand from ${entry.compressedSize} to ${declared} bytes (${Math.round(ratio)}×, ` +
            `more than maxCompressionRatio ${ctx.limits.maxCompressionRatio}): this looks like a zip bomb and was not ` +
            'read. If it is genuine, unpack it by hand and ingest the folder',
        );
        continue;
      }
      if (!ctx.budget.canTake(declared)) {
        yield unreadable(
          self,
          0,
          size ?? zip.fileSize,
          `${here}: reading this member would take the archive past ${ctx.limits.maxUncompressedBytes} ` +
            'decompressed bytes (maxUncompressedBytes, the zip-bomb guard); it and the members after it were not ' +
            'read. Unpack the archive by hand and ingest the folder, or raise the limit',
        );
        return;
      }

      const recorder = new HeadRecorder(KEPT_BYTES);
      let stream: NodeJS.ReadableStream | undefined;
      try {
        const opened = await zip.openReadStreamPromise(entry);
        stream = opened;
        const chunks = recorder.wrap(metered(opened, (n) => ctx.budget.takeBytes(n, where)));
        const mtime = entry.getLastModDate();
        yield* readMember(chunks, name, { ...where, depth: place.depth, mtime }, ctx);
      } catch (e) {
        yield unreadable(
          where,
          0,
          declared,
          `${here}: member could not be read after ${recorder.seen} bytes: ${errorText(e)}` +
            (isLimitError(e)
              ? ''
              : '; the zip is damaged here: re-download it, or unpack it by hand (7-Zip often gets further) and ingest the folder') +
            (recorder.seen > 0 ? '. Records before this point in the member were read' : ''),
          recorder.head,
        );
        if (isLimitError(e)) return;
      } finally {
        (stream as { destroy?: () => void } | undefined)?.destroy?.();
      }
    }
  } finally {
    if (zip.isOpen) zip.close();
  }
}

async function fileSize(source: ZipSource): Promise<number> {
  return 'buffer' in source ? source.buffer.length : (await stat(source.path)).size;
}
