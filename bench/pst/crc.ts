/**
 * The two checksums of [MS-PST] 2.2.2.8.3 / 5.3 / 5.5: the CRC-32 of pages, blocks and the
 * header (the common 0xEDB88320 polynomial, but started at 0 and not inverted at the end), and
 * the 16-bit signature of a page or block made from its file offset and BID.
 */
const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** ComputeCRC(0, bytes) of [MS-PST] 5.3. */
export function pstCrc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++)
    crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return crc >>> 0;
}

/** ComputeSig of [MS-PST] 5.5: the low 32 bits of offset and BID, xored, folded to 16. */
export function computeSig(ib: number, bid: number): number {
  const x = (low32(ib) ^ low32(bid)) >>> 0;
  return ((x >>> 16) ^ (x & 0xffff)) & 0xffff;
}

function low32(n: number): number {
  return (n % 0x100000000) >>> 0;
}
