/**
 * Base64 content-transfer-encoding (RFC 2045 §6.8), decoded leniently: real mail wraps lines
 * anywhere, leaves out padding, pads in the middle when two blobs were concatenated, and has
 * stray characters (`>` quoting, a `!` from a broken relay). Characters outside the alphabet are
 * skipped; `=` closes the current quantum. After padding, decoding goes on only when a new
 * clean base64 line follows (two blobs concatenated); anything else there (`AA== ignored`, a
 * mailing-list footer) is not data and is dropped, so the attachment keeps its real bytes and
 * hash. Trailing bits that cannot make a byte are dropped.
 * Anything beyond whitespace and well-placed padding is reported through `flags` as
 * `bad-base64`.
 *
 * Without padding the data ends too where text starts: a mailing list (SourceForge's Mailman
 * 2.0, SpamAssassin spam-1/00313) appended its footer to a base64 body whose data came out even,
 * and decoding it as data turned "This sf.net email is sponsored by" into bytes of garbage at the
 * end of the text. After a clean base64 line, a line that reads as text (words apart, or mostly
 * characters outside the alphabet: `-----`, `_____`), or after a blank line any line that is not
 * clean base64, ends the data (decodeBase64Data says where, so a text part keeps what follows as
 * text). `asBefore` decodes as innsyn did before it looked for the end (through such text), for
 * the ids of mail read before.
 */

/** 6-bit value per byte, -1 for whitespace (silently skipped), -2 for `=`, -3 for junk. */
const TABLE = new Int8Array(256).fill(-3);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (TABLE[c.charCodeAt(0)] = i));
for (const c of [9, 10, 13, 32]) TABLE[c] = -1;
TABLE[0x3d] = -2;

/** Decodes `bytes[start, end)`; never throws. */
export function decodeBase64(
  bytes: Uint8Array,
  start: number,
  end: number,
  flags: Set<string>,
  asBefore = false,
): Uint8Array {
  return decodeBase64Data(bytes, start, end, flags, asBefore).data;
}

/** Base64 decoded, and where its data ended. */
export interface Base64Data {
  data: Uint8Array;
  /**
   * Where the bytes that are not data start (a list footer after the data, from the start of its
   * line), or `end` when the data runs to the end; a trailing word on the last data line
   * (`AA== ignored`) is dropped, not counted here.
   */
  dataEnd: number;
}

/** Decodes `bytes[start, end)` and says where the data ended; never throws. */
export function decodeBase64Data(
  bytes: Uint8Array,
  start: number,
  end: number,
  flags: Set<string>,
  asBefore = false,
): Base64Data {
  const out = new Uint8Array(Math.ceil(((end - start) * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let n = 0;
  let bad = false;
  /** After padding, what follows is a second blob only if it starts a clean base64 line. */
  let padded = false;
  /** Where decoding stopped before the end, or -1. */
  let stop = -1;
  /** A clean base64 line was read; then a blank line since the last line with data. */
  let sawClean = false;
  let blankSinceData = false;
  for (let i = start; i < end; i++) {
    if (!asBefore && isLineStart(bytes, start, i)) {
      const line = lineKind(bytes, i, end);
      if (line === 'blank') {
        blankSinceData = sawClean;
      } else if (sawClean && (line === 'text' || (blankSinceData && line !== 'clean'))) {
        // Text after the data (a list footer): not part of it.
        bad = true;
        stop = i;
        break;
      } else {
        if (line === 'clean') sawClean = true;
        blankSinceData = false;
      }
    }
    const v = TABLE[bytes[i] as number] as number;
    if (v >= 0) {
      if (padded) {
        if (!startsCleanLine(bytes, i, end)) {
          // Text after the end of the data (`...AA== ignored`, a list footer): not part of it.
          bad = true;
          stop = i;
          break;
        }
        padded = false;
      }
      acc = (acc << 6) | v;
      if (++n === 4) {
        out[o++] = (acc >> 16) & 0xff;
        out[o++] = (acc >> 8) & 0xff;
        out[o++] = acc & 0xff;
        acc = 0;
        n = 0;
      }
    } else if (v === -2) {
      if (n >= 2) o = flush(out, o, acc, n);
      else if (n === 1) bad = true;
      acc = 0;
      n = 0;
      padded = true;
    } else if (v === -3) {
      bad = true;
      if (padded) {
        stop = i;
        break;
      }
    }
  }
  if (n > 0) {
    // Missing padding is common and harmless; a lone sextet is not.
    if (n === 1) bad = true;
    else o = flush(out, o, acc, n);
  }
  if (bad) flags.add('bad-base64');
  return { data: out.subarray(0, o), dataEnd: stop < 0 ? end : textStart(bytes, start, end, stop) };
}

/** Whether `i` is the first byte of a line (after LF, CRLF or a lone CR). */
function isLineStart(bytes: Uint8Array, start: number, i: number): boolean {
  if (i === start) return true;
  const p = bytes[i - 1];
  return p === 10 || (p === 13 && bytes[i] !== 10);
}

/**
 * What the line at `i` is: blank; clean base64 (nothing but the alphabet and `=`, white space
 * around it); text (two gaps between words, as a sentence has and a base64 line never does, or
 * fewer than half of its characters in the alphabet: `-----`, `_____`, or a line that starts
 * with `--`: a boundary left behind, `--DeathToSpamDeathToSpamDeathToSpam--` in SpamAssassin's
 * spam-2/01072, or a signature's `-- `); or other (base64 with stray characters, read as data).
 */
function lineKind(bytes: Uint8Array, i: number, end: number): 'blank' | 'clean' | 'text' | 'other' {
  if (bytes[i] === 0x2d && bytes[i + 1] === 0x2d) return 'text';
  let chars = 0;
  let alphabet = 0;
  let gaps = 0;
  let inGap = false;
  for (let j = i; j < end; j++) {
    const b = bytes[j] as number;
    if (b === 10 || b === 13) break;
    const v = TABLE[b] as number;
    if (v === -1) {
      inGap = chars > 0;
      continue;
    }
    if (inGap) gaps++;
    inGap = false;
    chars++;
    if (v >= 0 || v === -2) alphabet++;
  }
  if (chars === 0) return 'blank';
  if (alphabet === chars && gaps === 0) return 'clean';
  return gaps >= 2 || alphabet * 2 < chars ? 'text' : 'other';
}

/**
 * Where the text after the data starts, decoding having stopped at `stop`: when nothing but
 * white space is before it on its line, the line after the last line of data (the blank lines
 * between them are the text's, as written), else the next line (the rest of a data line,
 * `AA== ignored`, is dropped).
 */
function textStart(bytes: Uint8Array, start: number, end: number, stop: number): number {
  let ls = stop;
  while (ls > start && bytes[ls - 1] !== 10 && bytes[ls - 1] !== 13) ls--;
  let j = ls;
  while (j < stop && (bytes[j] === 0x20 || bytes[j] === 0x09)) j++;
  if (j === stop) {
    let p = ls;
    while (p > start && (TABLE[bytes[p - 1] as number] as number) === -1) p--;
    if (p > start) {
      if (bytes[p] === 13) p++;
      if (bytes[p] === 10) p++;
    }
    return Math.min(p, ls);
  }
  let nl = stop;
  while (nl < end && bytes[nl] !== 10 && bytes[nl] !== 13) nl++;
  if (nl < end && bytes[nl] === 13 && bytes[nl + 1] === 10) nl++;
  return Math.min(nl + 1, end);
}

/** True when `i` begins a line (after a line break) made only of base64 characters up to its end. */
function startsCleanLine(bytes: Uint8Array, i: number, end: number): boolean {
  if (i === 0 || (bytes[i - 1] !== 10 && bytes[i - 1] !== 13)) return false;
  for (let j = i; j < end; j++) {
    const b = bytes[j] as number;
    if (b === 10 || b === 13) return true;
    if ((TABLE[b] as number) < 0 && b !== 0x3d) return false;
  }
  return true;
}

function flush(out: Uint8Array, o: number, acc: number, n: number): number {
  if (n === 2) {
    out[o++] = (acc >> 4) & 0xff;
  } else if (n === 3) {
    out[o++] = (acc >> 10) & 0xff;
    out[o++] = (acc >> 2) & 0xff;
  }
  return o;
}
