import type { RawRecord } from '../../model/raw-record.js';
import { ByteWindow } from './byte-window.js';
import { isMboxSeparator } from './mbox-separator.js';
import { unescapeMboxrd } from './mboxrd-unescape.js';
import { DEFAULT_READER_LIMITS } from './reader-limits.js';
import { KEPT_BYTES, describePlace, unreadable, type Where } from './unreadable.js';

const NL = 0x0a;
const CR = 0x0d;
const NL_FROM = Buffer.from('\nFrom ');
const CR_FROM = Buffer.from('\rFrom ');
const FROM = Buffer.from('From ');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** A postmark line is short; a longer "From " line is body text, and we stop looking for its end. */
const MAX_POSTMARK_LINE = 1024;
/** How much of the line after a candidate is needed to tell whether it is a header field. */
const LOOKAHEAD_BYTES = 1024;

/**
 * Splits an mbox into messages, streaming: only the current message is held in memory.
 *
 * Framing, exactly (see mbox-separator.ts for which "From " lines count):
 * - The "From " separator line (with its line ending, and a UTF-8 BOM before the first one)
 *   is framing, not part of any message.
 * - A message runs from the byte after its separator line up to the next separator line,
 *   minus one blank line ("\n" or "\r\n") right before that separator — the blank line
 *   mbox writers add between messages (RFC 4155). When there is no blank line (Mozilla),
 *   the message keeps its last line ending. At end of input one trailing blank line is
 *   likewise dropped. LF and CRLF files are both handled; bytes are never converted.
 * - An mbox whose first line (its first separator) ends in a lone CR has classic Mac OS line
 *   ends (Eudora for the Mac wrote its mailboxes so): then a lone CR ends every line, for the
 *   separators, the blank line before them and mboxrd quoting; the messages' bytes are as
 *   written (parseEmail reads their CR line ends).
 * - `location.offset`/`length` cover those bytes in the ORIGINAL input. `bytes` are the same
 *   region with mboxrd quoting undone (">From " → "From ", ">>From " → ">From "), so a quoted
 *   message's `bytes` are shorter than `length`. Cutting the region out of the file and
 *   unescaping it gives `bytes` again.
 * - Content-Length headers (mboxcl/mboxcl2) are ignored: separators alone decide, which is
 *   what mutt and MimeKit also do when they disagree, and lying Content-Length headers are
 *   common in the wild.
 * - Bytes before the first separator become an UnreadableInput (kept, never dropped); an input
 *   with no separator at all becomes one UnreadableInput; an empty message (two separators in
 *   a row) becomes an UnreadableInput 'empty message'; a message over `maxMessageBytes`
 *   becomes an UnreadableInput covering all of its bytes, keeping the first 64 KiB.
 */
export async function* readMbox(
  chunks: AsyncIterable<Uint8Array>,
  where: Where,
  options: { maxMessageBytes?: number } = {},
): AsyncGenerator<RawRecord> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_READER_LIMITS.maxMessageBytes;
  const win = new ByteWindow();
  /** Absolute offset where the current region (leading bytes, or a message) starts. */
  let regionStart = 0;
  /** False while in the bytes before the first separator. */
  let inMessage = false;
  /** Absolute offset from which to look for the next "\nFrom ". */
  let scan = 0;
  let firstLineDone = false;
  /** First bytes of a region that outgrew maxMessageBytes (the rest is not held). */
  let oversizeHead: Uint8Array | null = null;
  let sawBytes = false;
  let eof = false;

  /** The separator line of the current message. */
  let postmark = '';
  /** The byte that ends a line: LF (and CRLF), or CR in a file with classic Mac OS line ends. */
  let nl = NL;
  let nlFrom = NL_FROM;

  const regionRecord = (end: number): RawRecord => {
    const length = end - regionStart;
    if (inMessage && oversizeHead === null && length > 0) {
      return {
        type: 'message',
        format: 'rfc822',
        bytes: unescapeMboxrd(win.subview(regionStart, end), nl),
        location: { path: where.path, member: where.member, offset: regionStart, length },
        ...(postmark === '' ? {} : { postmark }),
      };
    }
    const at = describePlace(where, regionStart);
    if (!inMessage) {
      const bytes = oversizeHead ?? win.subview(regionStart, Math.min(end, regionStart + KEPT_BYTES));
      return end === win.end && eof
        ? unreadable(
            where,
            regionStart,
            length,
            `${at}: no mbox "From " separator line found in ${length} bytes, so no message could be cut out; ` +
              'if this is a single message save it as .eml, otherwise check that it really is an mbox',
            bytes,
          )
        : unreadable(
            where,
            regionStart,
            length,
            `${at}: ${length} bytes before the first mbox "From " separator line belong to no message; ` +
              'they are kept here; look at them to see whether the mbox was cut or has a stray header',
            bytes,
          );
    }
    if (oversizeHead !== null) {
      return unreadable(
        where,
        regionStart,
        length,
        `${at}: message of ${length} bytes is larger than the ${maxMessageBytes}-byte limit (maxMessageBytes); ` +
          'its first 64 KiB are kept; raise the limit to read it, or check whether separator lines are missing',
        oversizeHead,
      );
    }
    return unreadable(where, regionStart, 0, `${at}: empty message (a "From " line with nothing after it)`);
  };

  /** Start of the blank line right before `lineStart`, if there is one inside the current region. */
  const blankLineBefore = (lineStart: number): number => {
    if (win.byteAt(lineStart - 2) === nl && lineStart - 1 >= regionStart) return lineStart - 1;
    if (
      nl === NL &&
      win.byteAt(lineStart - 2) === CR &&
      win.byteAt(lineStart - 3) === NL &&
      lineStart - 2 >= regionStart
    ) {
      return lineStart - 2;
    }
    return -1;
  };

  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) eof = true;
      else if (next.value.length > 0) {
        win.append(next.value);
        sawBytes = true;
      }

      if (!firstLineDone) {
        // The first line is the separator whenever it starts with "From " (after a BOM).
        if (win.end < UTF8_BOM.length + FROM.length && !eof) continue;
        const lead = win.subview(0, Math.min(win.end, 8));
        const fromAt = lead.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
        if (lead.subarray(fromAt, fromAt + FROM.length).equals(FROM)) {
          const lf = win.indexOfBefore(NL, 0, MAX_POSTMARK_LINE);
          const cr = win.indexOfBefore(CR, 0, MAX_POSTMARK_LINE);
          const crFirst = cr >= 0 && (lf < 0 || cr < lf);
          if (crFirst && cr + 1 >= win.end && !eof) continue; // CRLF or a lone CR: wait for the next byte
          if (crFirst && win.byteAt(cr + 1) !== NL) {
            nl = CR;
            nlFrom = CR_FROM;
          }
          const lineEnd = nl === CR ? cr : lf;
          if (lineEnd < 0 && !eof && win.end < MAX_POSTMARK_LINE) continue;
          if (lineEnd >= 0 || eof) {
            postmark = postmarkText(win.subview(fromAt, lineEnd < 0 ? win.end : lineEnd));
            regionStart = lineEnd < 0 ? win.end : lineEnd + 1;
            inMessage = true;
            scan = Math.max(0, regionStart - 1);
          }
        }
        firstLineDone = true;
      }

      // Find separators in what is buffered.
      for (;;) {
        const hit = win.indexOf(nlFrom, scan);
        if (hit < 0) {
          scan = Math.max(scan, win.end - nlFrom.length + 1);
          break;
        }
        const lineStart = hit + 1;
        const lineEnd = win.indexOfBefore(nl, lineStart, lineStart + MAX_POSTMARK_LINE);
        if (lineEnd < 0 && win.end - lineStart < MAX_POSTMARK_LINE && !eof) {
          scan = hit; // wait for the rest of the line
          break;
        }
        if (lineEnd < 0 && win.end - lineStart >= MAX_POSTMARK_LINE) {
          scan = lineStart; // too long to be a postmark
          continue;
        }
        const lineStop = lineEnd < 0 ? win.end : lineEnd;
        const nextStart = lineStop + 1;
        let nextEnd = win.indexOfBefore(nl, nextStart, nextStart + LOOKAHEAD_BYTES);
        if (nextEnd < 0) {
          if (win.end - nextStart < LOOKAHEAD_BYTES && !eof) {
            scan = hit; // wait for the next line
            break;
          }
          nextEnd = Math.min(win.end, nextStart + LOOKAHEAD_BYTES);
        }
        const line = win.subview(lineStart, lineStop).toString('latin1').replace(/\r$/, '');
        const nextLine =
          nextStart <= win.end ? win.subview(nextStart, Math.max(nextStart, nextEnd)) : Buffer.alloc(0);
        const blank = blankLineBefore(lineStart);
        if (!isMboxSeparator(line, nextLine, blank >= 0)) {
          scan = lineStart;
          continue;
        }
        const end = inMessage && blank >= 0 ? blank : lineStart;
        if (inMessage || end > regionStart) yield regionRecord(end);
        postmark = line;
        oversizeHead = null;
        inMessage = true;
        regionStart = Math.min(lineStop + 1, win.end);
        scan = lineStop;
      }

      if (oversizeHead === null && win.end - regionStart > maxMessageBytes) {
        oversizeHead = win.copy(regionStart, regionStart + KEPT_BYTES);
      }
      // Keep the current region (unless it is too big to keep) and a few bytes of context
      // before the scan point for the blank-line check.
      win.release(oversizeHead === null ? Math.min(regionStart, scan - 3) : scan - 3);

      if (eof) break;
    }
  } finally {
    if (!eof) await iterator.return?.();
  }

  if (!sawBytes) {
    yield unreadable(where, 0, 0, `${describePlace(where)}: empty file`);
    return;
  }
  let end = win.end;
  if (inMessage && oversizeHead === null && win.byteAt(end - 1) === nl) {
    // The blank line after the last message is framing too.
    const blank = blankLineBefore(end);
    if (blank >= 0) end = blank;
  }
  yield regionRecord(end);
}

/** A separator line as text, without its line ending. */
function postmarkText(line: Uint8Array): string {
  return Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1').replace(/\r$/, '');
}
