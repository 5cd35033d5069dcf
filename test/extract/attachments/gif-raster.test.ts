/**
 * Our GIF decoder for OCR (src/extract/attachments/gif-raster.ts): animations composed as a
 * browser shows them, files cut short read as far as they go, hostile sizes cheap. The GIFs
 * are written by a small encoder of our own below; the OCR cases draw their letters with
 * @napi-rs/canvas, as the other OCR tests do. Found with FuzzyOCR's sample spam (Debian
 * package fuzzyocr): an animated GIF whose text is in its later frames and a GIF cut short,
 * both read as nothing before.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractText } from '../../../src/extract/attachments/index.js';
import { gifToGrey } from '../../../src/extract/attachments/gif-raster.js';
import { canvasSkip, drawLetter, LETTER } from './fixtures.js';

interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Palette indexes, row by row. */
  pixels: Uint8Array;
  disposal?: number;
  transparent?: number;
  interlaced?: boolean;
  /** Grey levels of a local palette of 256 entries. */
  palette?: Uint8Array;
}

const GREYS = Uint8Array.from({ length: 256 }, (_, k) => k);

function paletteBytes(greys: Uint8Array): number[] {
  const out: number[] = [];
  for (const v of greys) out.push(v, v, v);
  return out;
}

/** LZW with 8-bit literals only, a clear code every 200 (the code size stays 9 bits), in sub-blocks. */
function lzw(indexes: Uint8Array): number[] {
  const codes: number[] = [];
  for (let i = 0; i < indexes.length; i++) {
    if (i % 200 === 0) codes.push(256);
    codes.push(indexes[i] as number);
  }
  codes.push(257);
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const c of codes) {
    acc |= c << bits;
    bits += 9;
    while (bits >= 8) {
      bytes.push(acc & 255);
      acc >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes.push(acc & 255);
  const out = [8];
  for (let i = 0; i < bytes.length; i += 255) {
    const chunk = bytes.slice(i, i + 255);
    out.push(chunk.length);
    for (const v of chunk) out.push(v);
  }
  out.push(0);
  return out;
}

function interlaceOrder(height: number): number[] {
  const rows: number[] = [];
  for (const [start, step] of [
    [0, 8],
    [4, 8],
    [2, 4],
    [1, 2],
  ] as const)
    for (let y = start; y < height; y += step) rows.push(y);
  return rows;
}

function gif(width: number, height: number, frames: Frame[]): Buffer {
  const out: number[] = [...Buffer.from('GIF89a', 'latin1')];
  out.push(width & 255, width >> 8, height & 255, height >> 8, 0xf7, 0, 0, ...paletteBytes(GREYS));
  for (const f of frames) {
    const t = f.transparent ?? -1;
    out.push(0x21, 0xf9, 4, ((f.disposal ?? 0) << 2) | (t >= 0 ? 1 : 0), 10, 0, t >= 0 ? t : 0, 0);
    const flags = (f.palette ? 0x87 : 0) | (f.interlaced ? 0x40 : 0);
    out.push(0x2c, f.left & 255, f.left >> 8, f.top & 255, f.top >> 8);
    out.push(f.width & 255, f.width >> 8, f.height & 255, f.height >> 8, flags);
    if (f.palette) out.push(...paletteBytes(f.palette));
    let pixels = f.pixels;
    if (f.interlaced) {
      pixels = new Uint8Array(f.pixels.length);
      interlaceOrder(f.height).forEach((y, k) =>
        pixels.set(f.pixels.subarray(y * f.width, (y + 1) * f.width), k * f.width),
      );
    }
    for (const v of lzw(pixels)) out.push(v);
  }
  out.push(0x3b);
  return Buffer.from(out);
}

const fill = (w: number, h: number, v: number) => ({
  width: w,
  height: h,
  pixels: new Uint8Array(w * h).fill(v),
});
const rows = (r: { width: number; data: Uint8Array }) => {
  const out: number[][] = [];
  for (let y = 0; y * r.width < r.data.length; y++)
    out.push([...r.data.subarray(y * r.width, (y + 1) * r.width)]);
  return out;
};

describe('GIF decoding for OCR', () => {
  test('a frame with a gradient comes out as its grey levels, every pixel', () => {
    const pixels = Uint8Array.from({ length: 300 * 7 }, (_, i) => (i * 7) % 256);
    const r = gifToGrey(gif(300, 7, [{ left: 0, top: 0, width: 300, height: 7, pixels }]));
    assert.ok(r);
    assert.deepEqual([r.width, r.height, r.frames, r.damaged], [300, 7, 1, false]);
    assert.deepEqual([...r.data], [...pixels]);
  });

  test('frames are composed: later frames draw over earlier ones, transparency keeps what is under it', () => {
    const r = gifToGrey(
      gif(4, 2, [
        { left: 0, top: 0, ...fill(4, 2, 10), disposal: 1 },
        { left: 2, top: 1, ...fill(2, 1, 20), disposal: 1 },
        { left: 0, top: 0, width: 4, height: 1, pixels: Uint8Array.from([30, 99, 99, 40]), transparent: 99 },
      ]),
    );
    assert.ok(r);
    assert.deepEqual([r.frames, r.damaged], [3, false]);
    assert.deepEqual(rows(r), [
      [30, 10, 10, 40],
      [10, 10, 20, 20],
    ]);
  });

  test('disposal 2 clears a frame to white before the next, disposal 3 restores what was under it', () => {
    // A background, a middle pixel disposed of as `disposal` says, then a last pixel beside it.
    const composed = (disposal: number) => {
      const r = gifToGrey(
        gif(3, 1, [
          { left: 0, top: 0, ...fill(3, 1, 5), disposal: 1 },
          { left: 1, top: 0, ...fill(1, 1, 6), disposal },
          { left: 2, top: 0, ...fill(1, 1, 7) },
        ]),
      );
      return r && rows(r);
    };
    assert.deepEqual(composed(2), [[5, 255, 7]]);
    assert.deepEqual(composed(3), [[5, 5, 7]]);
  });

  test('interlaced rows, a local palette, and a frame reaching past the screen (clipped)', () => {
    const pixels = Uint8Array.from({ length: 2 * 11 }, (_, i) => Math.floor(i / 2));
    const palette = Uint8Array.from({ length: 256 }, (_, k) => 255 - k);
    const r = gifToGrey(
      gif(3, 10, [{ left: 1, top: 0, width: 2, height: 11, pixels, interlaced: true, palette }]),
    );
    assert.ok(r);
    assert.deepEqual(
      rows(r),
      Array.from({ length: 10 }, (_, y) => [255, 255 - y, 255 - y]),
    );
  });

  test('a file cut short keeps the rows that arrived, flagged damaged; no frame at all is null', () => {
    const pixels = Uint8Array.from({ length: 100 * 40 }, (_, i) => Math.floor(i / 100));
    const whole = gif(100, 40, [{ left: 0, top: 0, width: 100, height: 40, pixels }]);
    const r = gifToGrey(whole.subarray(0, Math.floor(whole.length / 2)));
    assert.ok(r);
    assert.equal(r.damaged, true);
    const got = rows(r);
    assert.deepEqual(got[0], new Array(100).fill(0));
    assert.deepEqual(got[10], new Array(100).fill(10));
    assert.deepEqual(got[39], new Array(100).fill(255));
    assert.equal(gifToGrey(whole.subarray(0, 790)), null);
    assert.equal(gifToGrey(Buffer.from('not a gif at all')), null);
  });

  test('hostile sizes: a tiny file claiming 65,535 × 65,535 frames ends at once', () => {
    const frames = Array.from({ length: 50 }, () => ({ left: 0, top: 0, ...fill(1, 1, 0), disposal: 1 }));
    const bytes = gif(20, 20, frames);
    // Every frame now claims the largest size; its data holds one pixel.
    for (let i = 0; i + 10 < bytes.length; i++)
      if (bytes[i] === 0x2c && bytes[i + 5] === 1 && bytes[i + 7] === 1) bytes.fill(0xff, i + 5, i + 9);
    const t0 = performance.now();
    const r = gifToGrey(bytes);
    assert.ok(performance.now() - t0 < 2000);
    assert.ok(r);
    assert.equal(r.damaged, true);
    // Frames that each keep a copy of a large screen to restore (disposal 3): the work is
    // bounded, and what was drawn so far is the raster, not flagged as damage.
    const copies = gif(
      2000,
      2000,
      Array.from({ length: 100 }, () => ({ left: 0, top: 0, ...fill(1, 1, 0), disposal: 3 })),
    );
    const c = gifToGrey(copies);
    assert.ok(c);
    assert.deepEqual([c.frames, c.damaged], [31, false]);
    // A small animation of many such frames is drawn whole.
    const small = gifToGrey(
      gif(
        300,
        300,
        Array.from({ length: 100 }, () => ({ left: 0, top: 0, ...fill(1, 1, 0), disposal: 3 })),
      ),
    );
    assert.deepEqual([small?.frames, small?.damaged], [100, false]);
  });
});

void describe('GIF OCR', { skip: canvasSkip }, () => {
  const letter = drawLetter(LETTER.slice(4, 7), true).grey;
  const quantised = Uint8Array.from(letter.data);

  test('an animation whose text is in its second frame is read, flagged ocr-animation', async () => {
    const bytes = gif(letter.width, letter.height, [
      { left: 0, top: 0, ...fill(letter.width, letter.height, 255), disposal: 1 },
      { left: 0, top: 0, width: letter.width, height: letter.height, pixels: quantised },
    ]);
    const r = await extractText(bytes, { name: 'anim.gif', contentType: 'image/gif' }, { ocr: true });
    assert.deepEqual(r.flags.sort(), ['ocr', 'ocr-animation']);
    for (const w of ['innsyn', 'avtalene', 'Søknaden']) assert.ok(r.text?.includes(w), `${w} in ${r.text}`);
  });

  test('a GIF cut short is read as far as it goes, flagged image-damaged', async () => {
    const whole = gif(letter.width, letter.height, [
      { left: 0, top: 0, width: letter.width, height: letter.height, pixels: quantised },
    ]);
    const r = await extractText(
      whole.subarray(0, Math.floor(whole.length * 0.6)),
      { name: 'cut.gif', contentType: 'image/gif' },
      { ocr: true },
    );
    assert.deepEqual(r.flags.sort(), ['image-damaged', 'ocr']);
    assert.ok(r.text?.includes('innsyn'), `innsyn in ${r.text}`);
  });
});
