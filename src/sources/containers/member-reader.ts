import type { RawRecord } from '../../model/raw-record.js';
import { nestMember } from './archive-budget.js';
import { PeekableChunks, drainBounded } from './byte-chunks.js';
import { singleMessage } from './eml-record.js';
import { gunzipChunks } from './gunzip-chunks.js';
import { MAILDIR_TMP_REASON, maildirFlags, maildirRole } from './maildir-names.js';
import { readMbox } from './mbox-reader.js';
import type { ReadContext, StreamPlace } from './read-context.js';
import { FORMATS_READ, SNIFF_BYTES, sniffFormat } from './sniff-format.js';
import { readTar } from './tar-reader.js';
import { KEPT_BYTES, describePlace, unreadable } from './unreadable.js';
import { readZip } from './zip-reader.js';
import { readMsgBytes, readPst, readTnefBytes } from '../outlook/index.js';

/** The reason for content of no known format; `note` says what it looks like, when we can tell. */
export function notRecognisedReason(at: string, note?: string): string {
  return `${at}: not a recognised mailbox format${note === undefined ? ` (${FORMATS_READ})` : `: ${note}`}; its first 64 KiB are kept`;
}

/**
 * Reads one stream of bytes (an archive member, or a file's content) whatever it holds:
 * sniffs its format and hands it to the right reader. `name` is the stream's own name (for
 * Maildir paths and extension hints). Nested archives come back here, one level deeper each
 * time; maxArchiveDepth bounds that recursion, so it never follows the data further.
 * Errors from the stream itself (corrupt compression, a tripped limit) are thrown to the
 * archive reader around it, which turns them into an UnreadableInput for this member.
 */
export async function* readMember(
  chunks: AsyncIterable<Uint8Array>,
  name: string,
  place: StreamPlace,
  ctx: ReadContext,
): AsyncGenerator<RawRecord> {
  const where = { path: place.path, member: place.member };
  const at = describePlace(where);
  const max = ctx.limits.maxMessageBytes;
  const src = new PeekableChunks(chunks);
  const mtime = place.mtime === undefined ? {} : { mtime: place.mtime };

  const role = maildirRole(name);
  if (role === 'tmp') {
    const d = await drainBounded(src, KEPT_BYTES);
    yield unreadable(where, 0, d.total, `${at}: ${MAILDIR_TMP_REASON}`, d.bytes);
    return;
  }
  if (role === 'message') {
    // Every file directly in a Maildir cur/ or new/ folder is one message.
    const d = await drainBounded(src, max);
    const flags = maildirFlags(name);
    yield singleMessage(d.bytes, d.total, where, max, {
      ...mtime,
      ...(flags === undefined ? {} : { maildirFlags: flags }),
    });
    return;
  }

  const head = await src.peek(SNIFF_BYTES);
  const sniffed = sniffFormat(head, name);
  const deeper = place.depth + 1;
  if (
    (sniffed.kind === 'zip' || sniffed.kind === 'tar' || sniffed.kind === 'gzip') &&
    deeper > ctx.limits.maxArchiveDepth
  ) {
    const d = await drainBounded(src, KEPT_BYTES);
    yield unreadable(
      where,
      0,
      d.total,
      `${at}: archive nested ${deeper} levels deep, more than the limit of ${ctx.limits.maxArchiveDepth} ` +
        '(maxArchiveDepth, the guard against recursive archive bombs); not opened. Unpack it by hand and ingest the result',
      d.bytes,
    );
    return;
  }

  switch (sniffed.kind) {
    case 'empty':
      yield unreadable(where, 0, 0, `${at}: empty file`);
      return;
    case 'mbox':
      yield* readMbox(src, where, { maxMessageBytes: max });
      return;
    case 'eml':
    case 'emlx': {
      const d = await drainBounded(src, max);
      yield singleMessage(d.bytes, d.total, where, max, { ...mtime, emlx: sniffed.kind === 'emlx' });
      return;
    }
    case 'zip': {
      // zip keeps its directory at the end, so a zip inside another archive is read into memory.
      const limit = ctx.limits.maxNestedZipBytes;
      const d = await drainBounded(src, limit);
      if (d.total > limit) {
        yield unreadable(
          where,
          0,
          d.total,
          `${at}: zip of ${d.total} bytes inside another archive is larger than the ${limit}-byte limit for ` +
            'nested zips (maxNestedZipBytes); not opened. Unpack the outer archive by hand and ingest the folder',
          d.bytes,
        );
        return;
      }
      yield* readZip(
        { buffer: Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.length) },
        { ...place, depth: deeper },
        ctx,
        readMember,
      );
      return;
    }
    case 'tar':
      yield* readTar(src, { ...place, depth: deeper }, ctx, readMember);
      return;
    case 'gzip': {
      const innerName = gunzippedName(name);
      const inner = new PeekableChunks(gunzipChunks(src, ctx.budget, where));
      const innerHead = await inner.peek(SNIFF_BYTES);
      if (sniffFormat(innerHead, innerName).kind === 'tar') {
        // .tar.gz: one archive; its members are named as in the tar.
        yield* readTar(inner, { ...place, depth: deeper }, ctx, readMember);
      } else {
        yield* readMember(
          inner,
          innerName,
          { ...place, member: nestMember(place.member, innerName), depth: deeper },
          ctx,
        );
      }
      return;
    }
    // Outlook (src/sources/outlook): a .msg and a TNEF file (winmail.dat) are read whole, like
    // one message; a PST/OST inside an archive must be held in memory (pst-extractor reads it by
    // random access), within the same limit as a nested zip.
    case 'msg':
    case 'tnef': {
      const d = await drainBounded(src, max);
      if (d.total > max) yield singleMessage(d.bytes, d.total, where, max);
      else yield* (sniffed.kind === 'msg' ? readMsgBytes : readTnefBytes)(d.bytes, where, place.mtime);
      return;
    }
    case 'pst': {
      const limit = ctx.limits.maxNestedZipBytes;
      const d = await drainBounded(src, limit);
      if (d.total > limit) {
        yield unreadable(
          where,
          0,
          d.total,
          `${at}: Outlook PST/OST of ${d.total} bytes inside an archive is larger than the ${limit}-byte limit ` +
            'for files read into memory (maxNestedZipBytes); not opened. Unpack the archive and ingest the PST itself',
          d.bytes,
        );
        return;
      }
      yield* readPst(Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.length), where, d.total);
      return;
    }
    case 'unknown': {
      const d = await drainBounded(src, KEPT_BYTES);
      yield unreadable(where, 0, d.total, notRecognisedReason(at, sniffed.note), d.bytes);
      return;
    }
  }
}

/** 'a/x.mbox.gz' → 'x.mbox', 'x.tgz' → 'x.tar', 'blob' → 'blob'. */
export function gunzippedName(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (/\.tgz$/i.test(base)) return base.slice(0, -4) + '.tar';
  const stripped = base.replace(/\.(gz|gzip|z)$/i, '');
  return stripped === '' ? base : stripped;
}
