/**
 * Quoted-printable content-transfer-encoding (RFC 2045 §6.7). `=XX` (either case) is a byte;
 * `=` at the end of a line, even with transport whitespace after it, is a soft line break;
 * anything else after `=` is not an escape and is kept as written, because dropping it would
 * lose text and guessing could invent it; such input is flagged `bad-quoted-printable`.
 */

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[0x41 + i] = 10 + i;
  HEX[0x61 + i] = 10 + i;
}

/** Decodes `bytes[start, end)`; never throws. */
export function decodeQuotedPrintable(
  bytes: Uint8Array,
  start: number,
  end: number,
  flags: Set<string>,
): Uint8Array {
  const out = new Uint8Array(end - start);
  let o = 0;
  let bad = false;
  let i = start;
  while (i < end) {
    const b = bytes[i] as number;
    if (b !== 0x3d) {
      out[o++] = b;
      i++;
      continue;
    }
    const h = i + 1 < end ? (HEX[bytes[i + 1] as number] as number) : -1;
    const l = i + 2 < end ? (HEX[bytes[i + 2] as number] as number) : -1;
    if (h >= 0 && l >= 0) {
      out[o++] = (h << 4) | l;
      i += 3;
      continue;
    }
    // Soft line break: '=' then optional spaces/tabs then CRLF, LF or the end of the part.
    let j = i + 1;
    while (j < end && (bytes[j] === 0x20 || bytes[j] === 0x09)) j++;
    if (j >= end) {
      i = end;
      continue;
    }
    if (bytes[j] === 0x0a) {
      i = j + 1;
      continue;
    }
    if (bytes[j] === 0x0d) {
      i = bytes[j + 1] === 0x0a && j + 1 < end ? j + 2 : j + 1;
      continue;
    }
    out[o++] = b;
    bad = true;
    i++;
  }
  if (bad) flags.add('bad-quoted-printable');
  return out.subarray(0, o);
}
