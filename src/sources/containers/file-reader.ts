import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RawRecord } from '../../model/raw-record.js';
import { ArchiveBudget, isLimitError } from './archive-budget.js';
import { fileChunks, readFileHead } from './byte-chunks.js';
import { singleMessage } from './eml-record.js';
import { catching, deferred, fromSync, just } from './lazy-iterables.js';
import { readMbox } from './mbox-reader.js';
import { notRecognisedReason, readMember } from './member-reader.js';
import type { ReaderLimits } from './reader-limits.js';
import { SNIFF_BYTES, sniffFormat } from './sniff-format.js';
import { describePlace, errorText, unreadable, type Where } from './unreadable.js';
import { readZip } from './zip-reader.js';
import { readMsgBytes, readPst, readTnefBytes } from '../outlook/index.js';

/**
 * Reads one regular file (given by absolute path) whatever it holds. Never throws: a file that
 * cannot be opened or read to its end becomes an UnreadableInput saying why (records read
 * before a failure half-way stay read).
 */
export function readFileInput(file: string, limits: ReaderLimits): AsyncIterable<RawRecord> {
  return deferred(async () => {
    const where: Where = { path: file, member: null };
    const at = describePlace(where);
    let size: number;
    let mtime: Date;
    let head: Uint8Array;
    try {
      const st = await stat(file);
      size = st.size;
      mtime = st.mtime;
      head = await readFileHead(file, SNIFF_BYTES);
    } catch (e) {
      return just(
        unreadable(
          where,
          0,
          0,
          `${at}: could not be read: ${errorText(e)}; check that it exists and is readable, then ingest again`,
        ),
      );
    }
    if (size === 0) return just(unreadable(where, 0, 0, `${at}: empty file`));

    const sniffed = sniffFormat(head, path.basename(file));
    const onError = (e: unknown): RawRecord =>
      unreadable(
        where,
        0,
        size,
        isLimitError(e)
          ? errorText(e)
          : `${at}: reading stopped part-way: ${errorText(e)}; records before this point were read. ` +
              'If the file is compressed it may be truncated or corrupt: re-download it, or unpack it by hand and ingest the result',
        head,
      );
    const ctx = { limits, budget: new ArchiveBudget(limits) };
    switch (sniffed.kind) {
      case 'unknown':
        return just(unreadable(where, 0, size, notRecognisedReason(at, sniffed.note), head));
      case 'eml':
      case 'emlx':
        try {
          const bytes = size <= limits.maxMessageBytes ? await readFile(file) : head;
          return just(
            singleMessage(bytes, size, where, limits.maxMessageBytes, {
              mtime,
              emlx: sniffed.kind === 'emlx',
            }),
          );
        } catch (e) {
          return just(onError(e));
        }
      case 'mbox':
        // Straight to the splitter, no generator layer in between (see lazy-iterables.ts).
        return catching(
          readMbox(fileChunks(file), where, { maxMessageBytes: limits.maxMessageBytes }),
          onError,
        );
      case 'zip':
        // zip needs random access (its directory is at the end): read in place, not streamed.
        return catching(readZip({ path: file }, { ...where, depth: 1 }, ctx, readMember), onError);
      // Outlook (src/sources/outlook): a .msg (with the messages attached to it) and a TNEF file
      // (winmail.dat) given by itself are read whole, like one message; a PST/OST is read from
      // its path, a page at a time.
      case 'msg':
      case 'tnef': {
        if (size > limits.maxMessageBytes)
          return just(singleMessage(head, size, where, limits.maxMessageBytes));
        const read = sniffed.kind === 'msg' ? readMsgBytes : readTnefBytes;
        return catching(
          deferred(async () => fromSync(read(await readFile(file), where, mtime))),
          onError,
        );
      }
      case 'pst':
        return catching(readPst(file, where, size), onError);
      default:
        return catching(
          readMember(fileChunks(file), path.basename(file), { ...where, depth: 0, mtime }, ctx),
          onError,
        );
    }
  });
}
