import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { extractText } from '../../../src/extract/attachments/index.js';
import { readImageInfo } from '../../../src/extract/attachments/image-info.js';
import {
  hintedKind,
  looksLikeText,
  sniffMagic,
  utf16Order,
} from '../../../src/extract/attachments/sniff-kind.js';
import { bmpOf, canvasSkip, drawLetter, LETTER, loadCanvas, pdf, tiffOf } from './fixtures.js';

void describe('Attachments - sniffing', () => {
  test('magic bytes of each format', () => {
    const grey = { width: 3, height: 2, data: new Uint8Array(6) };
    assert.deepEqual(sniffMagic(pdf([{ lines: ['x'] }])), { kind: 'pdf' });
    // A PDF header after some junk is still a PDF (readers search the first KiB).
    assert.deepEqual(sniffMagic(Buffer.concat([Buffer.alloc(300, 0x20), pdf([{ lines: ['x'] }])])), {
      kind: 'pdf',
    });
    assert.deepEqual(sniffMagic(bmpOf(grey)), { kind: 'image', format: 'bmp' });
    assert.deepEqual(sniffMagic(tiffOf(grey)), { kind: 'image', format: 'tiff' });
    assert.deepEqual(sniffMagic(Buffer.from('{\\rtf1 hei}')), { kind: 'rtf' });
    assert.deepEqual(sniffMagic(Buffer.from('PK\x03\x04rest', 'latin1')), { kind: 'zip' });
    assert.deepEqual(sniffMagic(Buffer.from('BM is how this note begins, not a bitmap')), null);
    assert.deepEqual(sniffMagic(Buffer.from('vanlig tekst')), null);
  });

  test('hints: a specific name beats a generic type, a specific type beats a name that says nothing', () => {
    assert.equal(hintedKind({ name: 'tall.csv', contentType: 'text/plain' }), 'text');
    assert.equal(hintedKind({ name: 'bilde.png', contentType: 'image/jpeg' }), 'image');
    assert.equal(hintedKind({ name: 'vedlegg.dat', contentType: 'application/pdf' }), 'pdf');
    assert.equal(hintedKind({ name: 'Rapport.DOCX', contentType: 'application/octet-stream' }), 'docx');
    assert.equal(
      hintedKind({ name: null, contentType: 'application/vnd.oasis.opendocument.spreadsheet' }),
      'ods',
    );
    assert.equal(hintedKind({ name: 'uten-endelse', contentType: null }), null);
  });

  test('text or binary; UTF-16 without a byte-order mark', () => {
    assert.equal(looksLikeText(Buffer.from('Hei på deg\r\n')), true);
    assert.equal(looksLikeText(Buffer.from('bl\xe5b\xe6r', 'latin1')), true);
    assert.equal(looksLikeText(Buffer.from([0x47, 0x49, 0x00, 0x01, 0x02])), false);
    assert.equal(utf16Order(Buffer.from('plain ascii text here', 'utf16le')), 'le');
    assert.equal(utf16Order(Buffer.from('plain ascii text here', 'utf16le').swap16()), 'be');
    assert.equal(utf16Order(Buffer.from('plain ascii text here')), null);
  });
});

void describe('Attachments - image headers', { skip: canvasSkip }, () => {
  const strip = drawLetter(LETTER.slice(4, 7), true);
  const size = { width: strip.grey.width, height: strip.grey.height };

  test('width and height from the header of every OCR format', () => {
    const cases = [
      ['png', strip.png],
      ['jpeg', strip.jpeg],
      ['webp', strip.webp],
      ['gif', strip.gif],
      ['bmp', bmpOf(strip.grey)],
      ['tiff', tiffOf(strip.grey)],
    ] as const;
    for (const [format, bytes] of cases) {
      assert.deepEqual(sniffMagic(bytes), { kind: 'image', format });
      assert.deepEqual(readImageInfo(bytes, format), { ...size, orientation: 1, pages: 1 }, format);
    }
    assert.equal(readImageInfo(tiffOf(strip.grey, 2), 'tiff')?.pages, 2);
    assert.equal(readImageInfo(strip.png.subarray(0, 10), 'png'), null);
  });

  test('a phone photo stored turned, with EXIF orientation 6, is read upright', async () => {
    const canvas = loadCanvas();
    if (!canvas) return;
    // Store the strip turned a quarter anticlockwise; orientation 6 says "turn clockwise to show".
    const img = await canvas.loadImage(strip.png);
    const c = canvas.createCanvas(img.height, img.width);
    const g = c.getContext('2d');
    g.translate(0, img.width);
    g.rotate(-Math.PI / 2);
    g.drawImage(img, 0, 0);
    const jpeg = withExifOrientation(c.toBuffer('image/jpeg', 90), 6);
    assert.equal(readImageInfo(jpeg, 'jpeg')?.orientation, 6);
    const r = await extractText(jpeg, { name: 'foto.jpg', contentType: 'image/jpeg' }, { ocr: true });
    assert.match(r.text ?? '', /Søknaden gjelder/);
  });
});

/** A JPEG with an APP1 Exif segment (big-endian TIFF, one IFD entry: Orientation) after SOI. */
function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8);
  tiff.writeUInt16BE(0x0112, 10);
  tiff.writeUInt16BE(3, 12);
  tiff.writeUInt32BE(1, 14);
  tiff.writeUInt16BE(orientation, 18);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, body, jpeg.subarray(2)]);
}
