import { Readable, pipeline } from 'node:stream';
import tar from 'tar-stream';
import type { ExtractEvents } from 'tar-stream';
import type { RawRecord } from '../../model/raw-record.js';
import { isLimitError, nestMember } from './archive-budget.js';
import { HeadRecorder } from './byte-chunks.js';
import type { ReadContext, StreamPlace } from './read-context.js';
import { KEPT_BYTES, describePlace, errorText, unreadable, type Where } from './unreadable.js';
import type { MemberDispatch } from './zip-reader.js';

/** tar-stream's member stream (its type is not exported by name). */
type TarEntry = ExtractEvents['entry'][1];

/**
 * A tar member's bytes as chunks, without ever ending the member stream early: tar-stream
 * destroys the whole archive when one member stream is destroyed, which an abandoned
 * `for await` would do. The caller drains what is left with `resume()`.
 */
async function* memberChunks(entry: TarEntry): AsyncGenerator<Uint8Array> {
  const it = entry[Symbol.asyncIterator]();
  for (;;) {
    const r = await it.next();
    if (r.done === true) return;
    yield r.value as Uint8Array;
  }
}

/**
 * Reads a tar stream (already gunzipped for .tar.gz) member by member, streaming: no member
 * is held whole unless the reader it goes to needs it (an .eml), nothing touches the disk.
 * Folders carry no bytes and are passed over; links and device files are reported, not
 * followed. A damaged tar ends with one record saying after which member it broke.
 */
export async function* readTar(
  chunks: AsyncIterable<Uint8Array>,
  place: StreamPlace,
  ctx: ReadContext,
  readMember: MemberDispatch,
): AsyncGenerator<RawRecord> {
  const self: Where = { path: place.path, member: place.member };
  const at = describePlace(self);
  let consumed = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const c of chunks) {
      consumed += c.length;
      yield c;
    }
  }
  const source = Readable.from(counted(), { objectMode: false });
  // v7 tars have no "ustar" magic; sniffing already checked the header checksum.
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  pipeline(source, extract, () => {
    // Errors surface in the loop below: pipeline destroys `extract` with them.
  });

  let last: string | null = null;
  /** An error already reported for a member; the archive-level report would repeat it. */
  let reported: unknown = null;
  const entries = extract[Symbol.asyncIterator]();
  try {
    for (;;) {
      let entry: TarEntry;
      try {
        const next = await entries.next();
        if (next.done === true) break;
        entry = next.value;
      } catch (e) {
        if (e === reported) return;
        yield unreadable(
          self,
          consumed,
          0,
          isLimitError(e)
            ? errorText(e)
            : `${at}: tar archive is damaged ${last === null ? 'at its start' : `after member ${last}`} ` +
                `(about byte ${consumed}): ${errorText(e)}; the members before were read. ` +
                'Re-download it, or unpack what you can by hand and ingest the folder',
        );
        return;
      }
      const header = entry.header;
      const name = header.name;
      last = name;
      const where: Where = { path: place.path, member: nestMember(place.member, name) };
      const here = describePlace(where);
      const type = (header.type as string | null) ?? 'unknown';
      try {
        if (type === 'directory') continue;
        if (!ctx.budget.takeEntry()) {
          yield unreadable(
            self,
            0,
            0,
            `${at}: more than ${ctx.limits.maxArchiveEntries} members (maxArchiveEntries); members from ${name} on ` +
              'were not read. Unpack the archive by hand and ingest it in parts, or raise the limit',
          );
          return;
        }
        if (type !== 'file' && type !== 'contiguous-file') {
          const what =
            type === 'symlink' || type === 'link'
              ? `a ${type === 'symlink' ? 'symbolic' : 'hard'} link to ${header.linkname}, which is not followed`
              : `a ${type} entry, which holds no mail`;
          yield unreadable(
            where,
            0,
            header.size,
            `${here}: member is ${what}; if the target should be read, it is read where it is stored`,
          );
          continue;
        }
        const recorder = new HeadRecorder(KEPT_BYTES);
        try {
          yield* readMember(
            recorder.wrap(memberChunks(entry)),
            name,
            { ...where, depth: place.depth, mtime: header.mtime },
            ctx,
          );
        } catch (e) {
          yield unreadable(
            where,
            0,
            header.size,
            `${here}: member could not be read after ${recorder.seen} bytes: ${errorText(e)}` +
              (isLimitError(e)
                ? ''
                : '; re-download the archive, or unpack it by hand and ingest the folder') +
              (recorder.seen > 0 ? '. Records before this point in the member were read' : ''),
            recorder.head,
          );
          reported = e;
          if (isLimitError(e)) return;
        }
      } finally {
        entry.resume(); // drain whatever the reader left, so the next member can come
      }
    }
  } finally {
    await entries.return?.();
    source.destroy();
  }
}
