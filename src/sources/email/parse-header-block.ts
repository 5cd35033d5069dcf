import { isAscii, isUtf8 } from 'node:buffer';
import { decodeUtf8OrFallback } from './decode-charset.js';

/**
 * One header block (RFC 5322 §2.2, RFC 2045 §3 for MIME parts), read from bytes.
 *
 * - Lines end in CRLF or a bare LF (mbox files and Unix tools write LF).
 * - A field is `name:` then its value; lines starting with space or tab continue it and are
 *   unfolded by removing the line break only (§2.2.3).
 * - The block ends at the first empty line. A line that is neither a field nor a continuation
 *   is a stray line if more fields follow before the end of the block: it is joined to the
 *   field before it (a fold that lost its indentation) and flagged `header-repaired`. If no
 *   field follows, the body starts at that line (the empty line was lost), flagged
 *   `header-unterminated`, as Python's email package does. Only the first line of a top-level
 *   message must be a field: otherwise the input is not mail (`lenientStart` false). Its
 *   first line may be indented (a header block pasted with a margin): flagged `header-repaired`.
 * - A leading mbox `From ` line is skipped.
 * - 8-bit bytes in a field (RFC 6532 UTF-8, or raw Latin-1 from old mailers) are UTF-8 when
 *   valid, else windows-1252; flagged `header-8bit` (and `charset-fallback:windows-1252`). Such
 *   a field keeps its bytes (`raw8`): a message's own header is read again in the charset its
 *   body declares (header-in-body-charset.ts), which then flags the fallback only where it
 *   stays (`deferFallback`).
 * - Inside a multipart, a boundary line also ends the block (`isDelimiter`).
 * - Limits: past `maxHeaderBytes` or `maxHeaders` further fields are skipped (up to the end
 *   of the block, which is still found so that the body is right), flagged.
 */

export interface HeaderField {
  /** As written, white space before the colon removed. */
  name: string;
  /** Lower-cased name, for lookups. */
  key: string;
  /** Unfolded, trimmed, 8-bit bytes decoded; RFC 2047 words left encoded. */
  value: string;
  /** Only for 8-bit bytes that are not UTF-8 (read as windows-1252 or damaged UTF-8): them, to read otherwise. */
  raw8?: RawValue;
}

/** A field's value as bytes, how it was folded, and (`deferFallback`) the flags its reading left unset. */
export interface RawValue {
  bytes: Buffer;
  repaired: boolean;
  multiline: boolean;
  flags: string[];
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Index of the first body byte. */
  bodyStart: number;
}

export interface HeaderBlockLimits {
  maxHeaderBytes: number;
  maxHeaders: number;
}

interface OpenField {
  name: string;
  valueStart: number;
  valueEnd: number;
  multiline: boolean;
  repaired: boolean;
}

export function parseHeaderBlock(
  buf: Buffer,
  start: number,
  end: number,
  limits: HeaderBlockLimits,
  flags: Set<string>,
  isDelimiter?: (lineStart: number) => boolean,
  lenientStart = false,
  deferFallback = false,
): HeaderBlock {
  const fields: HeaderField[] = [];
  let pos = start;
  let cur: OpenField | null = null;
  let collecting = true;

  const finish = (): void => {
    if (cur && collecting) {
      if (fields.length >= limits.maxHeaders) {
        flags.add('limit:headers');
        collecting = false;
      } else {
        const bytes = buf.subarray(cur.valueStart, cur.valueEnd);
        const raw8: RawValue | undefined =
          isAscii(bytes) || isUtf8(bytes)
            ? undefined
            : { bytes, repaired: cur.repaired, multiline: cur.multiline, flags: [] };
        // The root's fallbacks are flagged where they stay (parse-email.ts reads them again).
        const into = raw8 && deferFallback ? new Set<string>() : flags;
        const value = unfolded(headerString(buf, cur.valueStart, cur.valueEnd, into), cur);
        if (raw8 && into !== flags) {
          for (const f of into) {
            if (f === 'header-8bit') flags.add(f);
            else raw8.flags.push(f);
          }
        }
        const field: HeaderField = { name: cur.name, key: cur.name.toLowerCase(), value };
        if (raw8) field.raw8 = raw8;
        fields.push(field);
      }
    }
    cur = null;
  };

  while (pos < end) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0 || nl >= end) nl = end;
    const next = nl < end ? nl + 1 : end;
    let lineEnd = nl;
    if (lineEnd > pos && buf[lineEnd - 1] === 13) lineEnd--;
    if (lineEnd === pos) {
      finish();
      return { fields, bodyStart: next };
    }
    const c = buf[pos] as number;
    if (c === 0x2d && isDelimiter !== undefined && buf[pos + 1] === 0x2d && isDelimiter(pos)) {
      // A boundary line: this part's header (and body) ended without an empty line.
      finish();
      if (pos !== start) flags.add('header-unterminated');
      return { fields, bodyStart: pos };
    }
    if ((c === 0x20 || c === 0x09) && pos === start && !lenientStart) {
      // A message whose first line is indented (` From: a@b`, a header block pasted with a
      // margin; enmime's low-quality/bad-header-start.raw): a field after its blanks is read
      // as one, flagged. Not in MIME parts, whose first line may be body.
      let p = pos;
      while (p < lineEnd && (buf[p] === 0x20 || buf[p] === 0x09)) p++;
      if (p < lineEnd && fieldColon(buf, p, lineEnd) >= 0) {
        flags.add('header-repaired');
        pos = p;
        continue;
      }
    }
    if (c === 0x20 || c === 0x09) {
      if (cur !== null) {
        cur.valueEnd = lineEnd;
        cur.multiline = true;
        if (collecting && next - start > limits.maxHeaderBytes) {
          // One field folded over megabytes: dropped whole rather than decoded.
          flags.add('limit:header-bytes');
          collecting = false;
        }
        pos = next;
        continue;
      }
      if (fields.length === 0 && isBlank(buf, pos, lineEnd)) {
        // A whitespace-only line before any field: treat as the empty line.
        return { fields, bodyStart: next };
      }
      if (pos !== start) flags.add('header-unterminated');
      return { fields, bodyStart: pos };
    }
    const colon = fieldColon(buf, pos, lineEnd);
    if (colon < 0) {
      if (pos === start && isMboxFrom(buf, pos, lineEnd)) {
        pos = next;
        continue;
      }
      const resume = pos !== start || lenientStart ? nextFieldLine(buf, next, end, isDelimiter) : -1;
      if (resume >= 0) {
        // Stray lines among the fields, most often a folded line that lost its indentation
        // (`To: a@x,` then `b@y`): joined to the field before them, or dropped if none.
        flags.add('header-repaired');
        if (cur !== null) {
          let e = resume;
          if (e > pos && buf[e - 1] === 10) e--;
          if (e > pos && buf[e - 1] === 13) e--;
          cur.valueEnd = e;
          cur.multiline = true;
          cur.repaired = true;
        }
        pos = resume;
        continue;
      }
      finish();
      if (fields.length > 0 || pos !== start) flags.add('header-unterminated');
      return { fields, bodyStart: pos };
    }
    finish();
    if (collecting && next - start > limits.maxHeaderBytes) {
      flags.add('limit:header-bytes');
      collecting = false;
    }
    let nameEnd = colon;
    while (nameEnd > pos && (buf[nameEnd - 1] === 0x20 || buf[nameEnd - 1] === 0x09)) nameEnd--;
    cur = {
      name: buf.toString('latin1', pos, nameEnd),
      valueStart: colon + 1,
      valueEnd: lineEnd,
      multiline: false,
      repaired: false,
    };
    pos = next;
  }
  finish();
  return { fields, bodyStart: end };
}

/**
 * The start of the next field line after a stray line, looking no further than the end of the
 * block (an empty line or a boundary line); -1 when none, meaning the stray line starts the body.
 */
function nextFieldLine(
  buf: Buffer,
  pos: number,
  end: number,
  isDelimiter: ((lineStart: number) => boolean) | undefined,
): number {
  while (pos < end) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0 || nl >= end) nl = end;
    let lineEnd = nl;
    if (lineEnd > pos && buf[lineEnd - 1] === 13) lineEnd--;
    if (lineEnd === pos) return -1;
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d && isDelimiter !== undefined && isDelimiter(pos))
      return -1;
    if (buf[pos] !== 0x20 && buf[pos] !== 0x09 && fieldColon(buf, pos, lineEnd) >= 0) return pos;
    pos = nl + 1;
  }
  return -1;
}

/** The colon of a field line, or -1: a name is printable ASCII without `:`, white space only before the colon. */
function fieldColon(buf: Buffer, pos: number, lineEnd: number): number {
  let i = pos;
  while (i < lineEnd) {
    const b = buf[i] as number;
    if (b === 0x3a) return i > pos ? i : -1;
    if (b <= 0x20 || b >= 0x7f) break;
    i++;
  }
  if (i === pos) return -1;
  while (i < lineEnd && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
  return i < lineEnd && buf[i] === 0x3a ? i : -1;
}

function isMboxFrom(buf: Buffer, pos: number, lineEnd: number): boolean {
  return lineEnd - pos >= 5 && buf.toString('latin1', pos, pos + 5) === 'From ';
}

function isBlank(buf: Buffer, pos: number, lineEnd: number): boolean {
  for (let i = pos; i < lineEnd; i++) if (buf[i] !== 0x20 && buf[i] !== 0x09) return false;
  return true;
}

/** A field's decoded value unfolded and trimmed, as its fold asks. */
function unfolded(decoded: string, fold: { repaired: boolean; multiline: boolean }): string {
  let value = decoded;
  if (fold.repaired) value = value.replace(/\r?\n(?![ \t])/g, ' ');
  if (fold.multiline) value = value.replace(/\r?\n/g, '');
  return trimWsp(value);
}

/** The value of a field with raw 8-bit bytes (`raw8`) decoded otherwise (`decoded`), unfolded alike. */
export function headerValueIn(raw8: RawValue, decoded: string): string {
  return unfolded(decoded, raw8);
}

/** Header bytes to a string: ASCII as is, else UTF-8 when valid, else windows-1252. */
export function headerString(buf: Buffer, start: number, end: number, flags: Set<string>): string {
  for (let i = start; i < end; i++) {
    if ((buf[i] as number) >= 0x80) {
      flags.add('header-8bit');
      return decodeUtf8OrFallback(buf.subarray(start, end), flags);
    }
  }
  return buf.toString('latin1', start, end);
}

function trimWsp(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWsp(s.charCodeAt(a))) a++;
  while (b > a && isWsp(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}
