import type { ImageFormat } from './sniff-kind.js';

/** What OCR needs to know about an image before decoding it. */
export interface ImageInfo {
  width: number;
  height: number;
  /** EXIF orientation 1–8 of a JPEG (phone photos of documents are often stored turned). */
  orientation: number;
  /** Pages of a TIFF (counted up to 2: more than one is all that matters); 1 otherwise. */
  pages: number;
}

/** Headers walked at most: the loops below read attacker-chosen offsets and counts. */
const MAX_JPEG_SEGMENTS = 256;
const MAX_TIFF_TAGS = 512;

/**
 * Dimensions read from the header, so that an image claiming 100,000 × 100,000 pixels is
 * refused before anything is decoded. Null when the header cannot be read.
 */
export function readImageInfo(b: Uint8Array, format: ImageFormat): ImageInfo | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    switch (format) {
      case 'png':
        return info(v.getUint32(16), v.getUint32(20));
      case 'gif':
        return info(v.getUint16(6, true), v.getUint16(8, true));
      case 'bmp':
        return v.getUint32(14, true) === 12
          ? info(v.getUint16(18, true), v.getUint16(20, true))
          : info(Math.abs(v.getInt32(18, true)), Math.abs(v.getInt32(22, true)));
      case 'webp':
        return webpInfo(b, v);
      case 'jpeg':
        return jpegInfo(b, v);
      case 'tiff':
        return tiffInfo(v, 0);
    }
  } catch {
    return null; // a header cut short (RangeError)
  }
}

function info(width: number, height: number, orientation = 1, pages = 1): ImageInfo | null {
  return width > 0 && height > 0 ? { width, height, orientation, pages } : null;
}

function webpInfo(b: Uint8Array, v: DataView): ImageInfo | null {
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  if (chunk === 'VP8 ') return info(v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = v.getUint32(21, true);
    return info((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    const w = 1 + ((b[24] as number) | ((b[25] as number) << 8) | ((b[26] as number) << 16));
    const h = 1 + ((b[27] as number) | ((b[28] as number) << 8) | ((b[29] as number) << 16));
    return info(w, h);
  }
  return null;
}

function jpegInfo(b: Uint8Array, v: DataView): ImageInfo | null {
  let orientation = 1;
  let i = 2;
  for (let n = 0; n < MAX_JPEG_SEGMENTS && i + 4 <= b.length; n++) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    const len = v.getUint16(i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): the frame header has the size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return info(v.getUint16(i + 7), v.getUint16(i + 5), orientation);
    // APP1 "Exif\0\0": a TIFF structure whose IFD0 may hold Orientation (tag 0x0112).
    if (marker === 0xe1 && String.fromCharCode(...b.subarray(i + 4, i + 8)) === 'Exif') {
      const o = tiffOrientation(
        new DataView(b.buffer, b.byteOffset + i + 10, Math.min(len - 8, b.length - i - 10)),
      );
      if (o >= 1 && o <= 8) orientation = o;
    }
    i += 2 + len;
  }
  return null;
}

function tiffOrientation(v: DataView): number {
  const le = v.getUint16(0) === 0x4949;
  const ifd = v.getUint32(4, le);
  const count = Math.min(v.getUint16(ifd, le), MAX_TIFF_TAGS);
  for (let k = 0; k < count; k++) {
    const at = ifd + 2 + k * 12;
    if (v.getUint16(at, le) === 0x0112) return v.getUint16(at + 8, le);
  }
  return 1;
}

function tiffInfo(v: DataView, start: number): ImageInfo | null {
  const le = v.getUint16(start) === 0x4949;
  const ifd = v.getUint32(start + 4, le);
  const tags = v.getUint16(ifd, le);
  const count = Math.min(tags, MAX_TIFF_TAGS);
  let width = 0;
  let height = 0;
  for (let k = 0; k < count; k++) {
    const at = ifd + 2 + k * 12;
    const tag = v.getUint16(at, le);
    if (tag !== 256 && tag !== 257) continue;
    // SHORT (3) or LONG (4), stored in the value field.
    const value = v.getUint16(at + 2, le) === 3 ? v.getUint16(at + 8, le) : v.getUint32(at + 8, le);
    if (tag === 256) width = value;
    else height = value;
  }
  const next = v.getUint32(ifd + 2 + tags * 12, le);
  return info(width, height, 1, next !== 0 && next !== ifd ? 2 : 1);
}
