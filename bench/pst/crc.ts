/**
 * The two checksums of [MS-PST] 2.2.2.8.3 / 5.3 / 5.5: the CRC-32 of pages, blocks and the
 * header (the common 0xEDB88320 polynomial, but started at 0 and not inverted at the end), and
 * the 16-bit signature of a page or block made from its file offset and BID.
 */
import { crc32 } from 'node:zlib';

/**
 * ComputeCRC(0, bytes) of [MS-PST] 5.3. zlib's CRC-32 inverts the register before and after, so
 * starting it from ~0 and inverting its result gives the register started at 0, not inverted.
 */
export function pstCrc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  return ~crc32(bytes.subarray(start, end), 0xffffffff) >>> 0;
}

/** ComputeSig of [MS-PST] 5.5: the low 32 bits of offset and BID, xored, folded to 16. */
export function computeSig(ib: number, bid: number): number {
  const x = (low32(ib) ^ low32(bid)) >>> 0;
  return ((x >>> 16) ^ (x & 0xffff)) & 0xffff;
}

function low32(n: number): number {
  return (n % 0x100000000) >>> 0;
}
