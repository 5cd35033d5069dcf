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
 */

/** 6-bit value per byte, -1 for whitespace (silently skipped), -2 for `=`, -3 for junk. */
const TABLE = new Int8Array(256).fill(-3);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (TABLE[c.charCodeAt(0)] = i));
for (const c of [9, 10, 13, 32]) TABLE[c] = -1;
TABLE[0x3d] = -2;

/** Decodes `bytes[start, end)`; never throws. */
export function decodeBase64(bytes: Uint8Array, start: number, end: number, flags: Set<string>): Uint8Array {
  const out = new Uint8Array(Math.ceil(((end - start) * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let n = 0;
  let bad = false;
  /** After padding, what follows is a second blob only if it starts a clean base64 line. */
  let padded = false;
  for (let i = start; i < end; i++) {
    const v = TABLE[bytes[i] as number] as number;
    if (v >= 0) {
      if (padded) {
        if (!startsCleanLine(bytes, i, end)) {
          // Text after the end of the data (`...AA== ignored`, a list footer): not part of it.
          bad = true;
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
      if (padded) break;
    }
  }
  if (n > 0) {
    // Missing padding is common and harmless; a lone sextet is not.
    if (n === 1) bad = true;
    else o = flush(out, o, acc, n);
  }
  if (bad) flags.add('bad-base64');
  return out.subarray(0, o);
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
