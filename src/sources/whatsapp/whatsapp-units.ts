import { parseHeader, type WhatsAppHeader } from './whatsapp-header.js';

const NL = 0x0a;
const CR = 0x0d;

/** A run of whole lines of the chat file: one message, or lines that belong to none. */
export type Unit =
  | {
      kind: 'message';
      header: WhatsAppHeader;
      /** 1-based line numbers of its first and last line. */
      firstLine: number;
      lastLine: number;
      /** Byte range of its lines, line endings included. */
      start: number;
      end: number;
      /** The rest of the header line after the header. */
      rest: string;
      /** The continuation lines, without their line endings. */
      more: string[];
      utf8Repaired: boolean;
    }
  | {
      kind: 'stray';
      /** 'before-first': lines before the first header; 'overflow': lines past maxMessageBytes. */
      why: 'before-first' | 'overflow';
      firstLine: number;
      lastLine: number;
      start: number;
      end: number;
      /** First line of the message that overflowed. */
      ofLine: number;
    };

const strict = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Cuts a chat file into units, line by line. A line that starts with a header starts a
 * message; any other line continues the message before it (multi-line messages, captions).
 * Non-blank lines before the first header belong to no message ('before-first'); so do lines
 * that would make a message longer than `maxMessageBytes` ('overflow'). Blank lines before the
 * first header are skipped. Line endings (LF or CRLF) stay in the byte ranges, so consecutive
 * units tile the file.
 */
export function* chatUnits(b: Uint8Array, maxMessageBytes: number): Generator<Unit> {
  let pos = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let lineNo = 0;
  let current: Extract<Unit, { kind: 'message' }> | null = null;
  let stray: Extract<Unit, { kind: 'stray' }> | null = null;
  while (pos < b.length) {
    lineNo++;
    const nl = b.indexOf(NL, pos);
    const lineEnd = nl < 0 ? b.length : nl;
    const contentEnd = lineEnd > pos && b[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    const next = nl < 0 ? b.length : nl + 1;
    let repaired = false;
    let line: string;
    try {
      line = strict.decode(b.subarray(pos, contentEnd));
    } catch {
      line = lenient.decode(b.subarray(pos, contentEnd));
      repaired = true;
    }
    const header = parseHeader(line);
    if (header !== null) {
      if (current !== null) yield current;
      if (stray !== null) yield stray;
      stray = null;
      current = {
        kind: 'message',
        header,
        firstLine: lineNo,
        lastLine: lineNo,
        start: pos,
        end: next,
        rest: header.rest,
        more: [],
        utf8Repaired: repaired,
      };
    } else if (current !== null && next - current.start <= maxMessageBytes) {
      current.more.push(line);
      current.lastLine = lineNo;
      current.end = next;
      current.utf8Repaired ||= repaired;
    } else if (stray !== null) {
      stray.lastLine = lineNo;
      stray.end = next;
    } else if (current !== null) {
      const ofLine = current.firstLine;
      yield current;
      current = null;
      stray = {
        kind: 'stray',
        why: 'overflow',
        firstLine: lineNo,
        lastLine: lineNo,
        start: pos,
        end: next,
        ofLine,
      };
    } else if (line.trim() !== '') {
      stray = {
        kind: 'stray',
        why: 'before-first',
        firstLine: lineNo,
        lastLine: lineNo,
        start: pos,
        end: next,
        ofLine: 0,
      };
    }
    pos = next;
  }
  if (current !== null) yield current;
  if (stray !== null) yield stray;
}
