import type { GreyRaster } from './ocr-engine.js';

/**
 * A GIF decoded to the grey-scale raster OCR reads, by our own decoder rather than the OCR
 * engine's (Leptonica's giflib), for two kinds of GIF that mail carries and giflib reads badly:
 *
 * - a GIF cut short (mail truncated by a size limit, a damaged attachment): giflib refuses the
 *   whole image; a browser shows every row that arrived, and so does this decoder;
 * - an animated GIF: giflib reads the first frame only, which is often empty when the text is
 *   drawn in the frames that follow (image spam does exactly this). Here the frames are
 *   composed as a browser composes them (disposal methods 0-3, transparency, local palettes,
 *   interlacing), and the raster is what the animation shows once its last frame is drawn.
 *
 * Bounded on hostile input: the caller checks the screen's size against its pixel limit
 * first (readImageInfo), at most MAX_FRAMES frames are drawn, and the pixels written, cleared
 * and copied over all frames stop at WORK_PER_PIXEL times the screen's size (at least
 * MIN_WORK), so a tiny file claiming huge frames costs little. At that limit the raster is the
 * animation as far as it was drawn.
 */
export interface GifRaster extends GreyRaster {
  /** Frames drawn. */
  frames: number;
  /** The file ended early or held bad data; the raster holds what was read before that. */
  damaged: boolean;
}

const MAX_FRAMES = 1024;
const WORK_PER_PIXEL = 32;
/** …and at least this many, so a small animation of many frames is drawn whole. */
const MIN_WORK = 64_000_000;
const MAX_CODES = 4096;
/** What nothing was drawn on, and what disposal method 2 restores: white, as a page's paper. */
const BACKGROUND = 255;

/** The raster of a GIF, or null when it is not one or has no frame at all. */
export function gifToGrey(b: Uint8Array): GifRaster | null {
  if (b.length < 13 || b[0] !== 0x47 || b[1] !== 0x49 || b[2] !== 0x46) return null;
  const width = u16(b, 6);
  const height = u16(b, 8);
  if (width === 0 || height === 0) return null;
  const screen: Screen = {
    width,
    height,
    data: new Uint8Array(width * height).fill(BACKGROUND),
    budget: Math.max(width * height * WORK_PER_PIXEL, MIN_WORK),
  };
  let p = 13;
  const packed = b[10] as number;
  let globalPalette: Uint8Array | null = null;
  if (packed & 0x80) {
    const n = 2 << (packed & 7);
    globalPalette = greyPalette(b, p, n);
    p += 3 * n;
  }
  let frames = 0;
  let damaged = false;
  let control: Control = { disposal: 0, transparent: -1 };
  let pending: { disposal: number; rect: Rect; saved: Uint8Array | null } | null = null;
  for (;;) {
    if (p >= b.length) {
      damaged = true; // no trailer
      break;
    }
    const block = b[p++] as number;
    if (block === 0x3b) break;
    if (block === 0x21) {
      const label = b[p++];
      if (label === 0xf9 && b[p] === 4 && p + 4 < b.length) {
        const f = b[p + 1] as number;
        control = { disposal: (f >> 2) & 7, transparent: f & 1 ? (b[p + 4] as number) : -1 };
      }
      const next = skipSubBlocks(b, p);
      if (next < 0) {
        damaged = true;
        break;
      }
      p = next;
      continue;
    }
    if (block !== 0x2c || p + 9 > b.length) {
      damaged = true;
      break;
    }
    const rect: Rect = { left: u16(b, p), top: u16(b, p + 2), width: u16(b, p + 4), height: u16(b, p + 6) };
    const fp = b[p + 8] as number;
    p += 9;
    let palette = globalPalette;
    if (fp & 0x80) {
      const n = 2 << (fp & 7);
      palette = greyPalette(b, p, n);
      p += 3 * n;
    }
    // The previous frame leaves the screen as its disposal method says, before this one is drawn.
    if (pending !== null) dispose(screen, pending);
    // Disposal 3 keeps a copy of the screen to restore: that counts against the work too.
    // At the work limit the raster is the animation as far as it was drawn (not damaged).
    let saved: Uint8Array | null = null;
    if (control.disposal === 3) {
      if (screen.budget < width * height) break;
      screen.budget -= width * height;
      saved = screen.data.slice();
    }
    const drawn = drawFrame(
      b,
      p,
      rect,
      (fp & 0x40) !== 0,
      palette ?? DEFAULT_PALETTE,
      control.transparent,
      screen,
    );
    frames++;
    pending = { disposal: control.disposal, rect, saved };
    control = { disposal: 0, transparent: -1 };
    if (drawn.cut) break; // the work limit, not bad data
    if (!drawn.ok) damaged = true;
    if (drawn.next < 0 || !drawn.ok || frames >= MAX_FRAMES) break;
    p = drawn.next;
  }
  if (frames === 0) return null;
  return { width, height, data: screen.data, frames, damaged };
}

interface Screen {
  width: number;
  height: number;
  data: Uint8Array;
  /** Pixels left to write over all frames. */
  budget: number;
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Control {
  disposal: number;
  transparent: number;
}

function u16(b: Uint8Array, i: number): number {
  return (b[i] as number) | ((b[i + 1] as number) << 8);
}

/** Grey levels of a palette's colours (ITU-R BT.601 luma); indexes past its end are black. */
function greyPalette(b: Uint8Array, p: number, n: number): Uint8Array {
  const out = new Uint8Array(256);
  for (let k = 0; k < n && p + 3 * k + 2 < b.length; k++) {
    const r = b[p + 3 * k] as number;
    const g = b[p + 3 * k + 1] as number;
    const bl = b[p + 3 * k + 2] as number;
    out[k] = Math.round(0.299 * r + 0.587 * g + 0.114 * bl);
  }
  return out;
}

/** A GIF without palettes (allowed, rare): index 0 black, the rest in steps to white. */
const DEFAULT_PALETTE = Uint8Array.from({ length: 256 }, (_, k) => k);

/** The offset after a run of sub-blocks starting at `p`, or -1 when the file ends inside it. */
function skipSubBlocks(b: Uint8Array, p: number): number {
  while (p < b.length) {
    const n = b[p] as number;
    if (n === 0) return p + 1;
    p += n + 1;
  }
  return -1;
}

function dispose(screen: Screen, f: { disposal: number; rect: Rect; saved: Uint8Array | null }): void {
  if (f.disposal === 3 && f.saved !== null) {
    screen.data = f.saved;
    return;
  }
  if (f.disposal !== 2) return;
  const x1 = Math.min(screen.width, f.rect.left + f.rect.width);
  const y1 = Math.min(screen.height, f.rect.top + f.rect.height);
  screen.budget -= Math.max(0, x1 - f.rect.left) * Math.max(0, y1 - f.rect.top);
  for (let y = f.rect.top; y < y1; y++)
    screen.data.fill(BACKGROUND, y * screen.width + f.rect.left, y * screen.width + x1);
}

/** Rows of an interlaced frame in the order they are stored: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1. */
function interlacedRows(height: number): Uint32Array {
  const rows = new Uint32Array(height);
  let k = 0;
  for (const [start, step] of [
    [0, 8],
    [4, 8],
    [2, 4],
    [1, 2],
  ] as const) {
    for (let y = start; y < height; y += step) rows[k++] = y;
  }
  return rows;
}

/**
 * Decodes one frame's LZW data (starting at its minimum code size byte) onto the screen.
 * `next`: the offset after its data, -1 when the file ended inside it; `ok`: false when the
 * data was bad or ran out before the frame was full (what was decoded is drawn); `cut`: the
 * work limit stopped it.
 */
function drawFrame(
  b: Uint8Array,
  p: number,
  rect: Rect,
  interlaced: boolean,
  palette: Uint8Array,
  transparent: number,
  screen: Screen,
): { next: number; ok: boolean; cut: boolean } {
  const minSize = b[p];
  if (minSize === undefined || minSize < 2 || minSize > 11) return { next: -1, ok: false, cut: false };
  // The sub-blocks' bytes, joined; the end of the file ends them too.
  const chunks: Uint8Array[] = [];
  let q = p + 1;
  let next = -1;
  while (q < b.length) {
    const n = b[q] as number;
    if (n === 0) {
      next = q + 1;
      break;
    }
    chunks.push(b.subarray(q + 1, Math.min(b.length, q + 1 + n)));
    q += n + 1;
  }
  const data = chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);

  const total = rect.width * rect.height;
  const rows = interlaced ? interlacedRows(rect.height) : null;
  let written = 0;
  let x = 0;
  let row = 0;
  const out = screen.data;
  const put = (index: number): void => {
    const y = rows === null ? row : (rows[row] as number);
    const sx = rect.left + x;
    const sy = rect.top + y;
    if (index !== transparent && sx < screen.width && sy < screen.height)
      out[sy * screen.width + sx] = palette[index] as number;
    written++;
    if (++x === rect.width) {
      x = 0;
      row++;
    }
  };

  const clear = 1 << minSize;
  const end = clear + 1;
  const prefix = new Int16Array(MAX_CODES);
  const suffix = new Uint8Array(MAX_CODES);
  const stack = new Uint8Array(MAX_CODES + 1);
  let size = minSize + 1;
  let free = clear + 2;
  let prev = -1;
  let first = 0;
  let acc = 0;
  let bits = 0;
  let dp = 0;
  const limit = Math.min(total, screen.budget);
  while (written < limit) {
    while (bits < size && dp < data.length) {
      acc |= (data[dp++] as number) << bits;
      bits += 8;
    }
    if (bits < size) break; // the data ran out
    let code = acc & ((1 << size) - 1);
    acc >>>= size;
    bits -= size;
    if (code === clear) {
      size = minSize + 1;
      free = clear + 2;
      prev = -1;
      continue;
    }
    if (code === end) break;
    if (prev === -1) {
      if (code >= clear) break; // bad data
      first = code;
      put(code);
      prev = code;
      continue;
    }
    const inCode = code;
    let sp = 0;
    if (code > free || (code === free && free >= MAX_CODES)) break; // bad data
    if (code === free) {
      stack[sp++] = first;
      code = prev;
    }
    while (code >= clear) {
      stack[sp++] = suffix[code] as number;
      code = prefix[code] as number;
    }
    first = code;
    stack[sp++] = first;
    if (free < MAX_CODES) {
      prefix[free] = prev;
      suffix[free] = first;
      free++;
      if (free === 1 << size && size < 12) size++;
    }
    prev = inCode;
    while (sp > 0 && written < limit) put(stack[--sp] as number);
  }
  screen.budget -= written;
  return { next, ok: written === total, cut: written < total && written >= limit };
}
