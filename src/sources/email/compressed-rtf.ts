import { decompressRTF } from '@kenjiuno/decompressrtf';

/**
 * Largest compressed RTF body decompressed (PidTagRtfCompressed, in a .msg, a PST item or a
 * TNEF stream). The decompressor works on arrays of numbers (8 bytes per byte), and LZFu
 * expands at most about 9 times, so this bounds it near 1.2 GB of arrays in the worst case;
 * real RTF bodies are a few hundred kilobytes. Bigger bodies are flagged `limit:rtf-bytes`.
 */
export const MAX_COMPRESSED_RTF_BYTES = 16 * 1024 * 1024;

/** The header of a compressed RTF stream: compressed size, raw size, 'LZFu' or 'MELA', CRC ([MS-OXRTFCP] 2.1.3.1.1). */
const HEADER_BYTES = 16;
const COMPRESSED = 0x75465a4c;
const UNCOMPRESSED = 0x414c454d;

/**
 * The RTF of a PidTagRtfCompressed value, or null with a flag when it cannot be had. The
 * header is checked before the decompressor runs: it trusts the declared size, and a
 * declared size beyond the data would make it write zeros up to that size.
 */
export function decompressRtf(data: Uint8Array, flags: Set<string>): Uint8Array | null {
  if (data.length < HEADER_BYTES) {
    flags.add('rtf-compressed-damaged');
    return null;
  }
  if (data.length > MAX_COMPRESSED_RTF_BYTES) {
    flags.add('limit:rtf-bytes');
    return null;
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const compressedSize = view.getUint32(0, true);
  const rawSize = view.getUint32(4, true);
  const type = view.getUint32(8, true);
  if ((type !== COMPRESSED && type !== UNCOMPRESSED) || compressedSize + 4 > data.length) {
    flags.add('rtf-compressed-damaged');
    return null;
  }
  if (type === UNCOMPRESSED) return data.slice(HEADER_BYTES, HEADER_BYTES + Math.min(rawSize, data.length));
  try {
    return Uint8Array.from(decompressRTF(Array.from(data)));
  } catch {
    flags.add('rtf-compressed-damaged');
    return null;
  }
}
