/**
 * UTF-7 (RFC 2152), which TextDecoder does not know: old Outlook Express and some webmail
 * sent `charset=utf-7` (also labelled `unicode-1-1-utf-7`). ASCII stands for itself; `+`
 * opens a run of modified base64 holding UTF-16 code units, closed by `-` (absorbed) or by any
 * character outside the base64 alphabet; `+-` is a literal `+`.
 */

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/** Decodes UTF-7 bytes; malformed runs decode to what they hold, never throw. */
export function decodeUtf7(bytes: Uint8Array): string {
  const out: string[] = [];
  let plainStart = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    if (bytes[i] !== 0x2b /* + */) {
      i++;
      continue;
    }
    if (i > plainStart) out.push(latin1(bytes, plainStart, i));
    i++;
    if (bytes[i] === 0x2d /* - */) {
      out.push('+');
      i++;
      plainStart = i;
      continue;
    }
    let bits = 0;
    let nbits = 0;
    const units: number[] = [];
    while (i < n) {
      const b = bytes[i] as number;
      const v = b < 128 ? (B64[b] as number) : -1;
      if (v < 0) break;
      bits = ((bits << 6) | v) & 0xffffff;
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        units.push((bits >> nbits) & 0xffff);
      }
      i++;
    }
    for (let k = 0; k < units.length; k += 4096) {
      out.push(String.fromCharCode(...units.slice(k, k + 4096)));
    }
    if (bytes[i] === 0x2d) i++;
    plainStart = i;
  }
  if (n > plainStart) out.push(latin1(bytes, plainStart, n));
  return out.join('');
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);
}
