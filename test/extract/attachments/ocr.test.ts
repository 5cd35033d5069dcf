/**
 * OCR of images and scanned PDF pages (Tesseract through tesseract.js-core, Norwegian and
 * English). The letters are drawn with @napi-rs/canvas; the real material comes from
 * ../shared: a Norwegian newsletter (a PDF with a text layer, rendered here to an image so
 * that it reads like a scan) and a Swedish screenshot sent in a winmail.dat.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { extractText } from '../../../src/extract/attachments/index.js';
import { sharedPath } from '../../helpers/shared.js';
import { bmpOf, canvasSkip, drawLetter, LETTER, loadCanvas, pdf, tiffOf } from './fixtures.js';

const meta = (name: string | null) => ({ name, contentType: null });
const ocr = { ocr: true };
/** Words of the drawn letter, with æ, ø and å, that OCR must get right. */
const LETTER_WORDS = [
  'Finansdepartementet',
  'innsyn',
  'avtalene',
  'Søknaden',
  'møtereferater',
  'rådmannen',
  'Kåre',
];

function assertWords(text: string | null, words: string[]): void {
  assert.ok(text !== null, 'no text');
  const missing = words.filter((w) => !text.includes(w));
  assert.deepEqual(missing, [], `missing from OCR text:\n${text}`);
}

const via = sharedPath('corpora/mimekit/UnitTests/TestData/tnef/MAPI_ATTACH_DATA_OBJ/VIA_Nytt_1402.pdf');
const swedish = sharedPath('corpora/mimekit/UnitTests/TestData/tnef/panic/image001.jpg');
const illustration = sharedPath('corpora/flanker/tests/fixtures/messages/attachments/mailgun.png');

void describe('Attachments - OCR of images', { skip: canvasSkip }, () => {
  test('a scanned Norwegian letter (PNG, A4 at 150 ppi): text flagged ocr, æøå read', async () => {
    const r = await extractText(drawLetter(LETTER).png, meta('skann.png'), ocr);
    assert.equal(r.kind, 'image');
    assert.equal(r.method, 'ocr');
    assert.deepEqual(r.flags, ['ocr']);
    assert.equal(r.ocrPages, 1);
    assert.ok((r.ocrConfidence ?? 0) > 50, `confidence ${r.ocrConfidence}`);
    assertWords(r.text, LETTER_WORDS);
  });

  test('every image format Tesseract reads: JPEG, WebP, GIF, BMP, TIFF', async () => {
    const strip = drawLetter(LETTER.slice(4, 7), true);
    const files: [string, Uint8Array][] = [
      ['skann.jpg', strip.jpeg],
      ['skann.webp', strip.webp],
      ['skann.gif', strip.gif],
      ['skann.bmp', bmpOf(strip.grey)],
      ['skann.tif', tiffOf(strip.grey)],
    ];
    for (const [name, bytes] of files) {
      const r = await extractText(bytes, meta(name), ocr);
      assert.deepEqual([name, r.kind, r.method, r.flags], [name, 'image', 'ocr', ['ocr']]);
      assertWords(r.text, ['innsyn', 'avtalene', 'Søknaden', 'rådmannen']);
    }
  });

  test('a multi-page TIFF: the first page is read and the rest is flagged', async () => {
    const r = await extractText(tiffOf(drawLetter(LETTER.slice(4, 5), true).grey, 3), meta('faks.tif'), ocr);
    assert.deepEqual(r.flags.sort(), ['ocr', 'ocr-first-page-only']);
    assertWords(r.text, ['innsyn', 'avtalene']);
  });

  test('an image cut short: ocr-failed with a reason, no text, no throw', async () => {
    const r = await extractText(drawLetter(LETTER).png.subarray(0, 200), meta('skadet.png'), ocr);
    assert.deepEqual([r.kind, r.text, r.method, r.flags], ['image', null, 'none', ['ocr-failed']]);
    assert.match(r.error ?? '', /cannot decode/);
  });

  test('an image over maxImagePixels is not decoded', async () => {
    const r = await extractText(drawLetter(LETTER).png, meta('stor.png'), {
      ocr: true,
      limits: { maxImagePixels: 1_000_000 },
    });
    assert.deepEqual([r.text, r.flags], [null, ['ocr-image-too-large']]);
    assert.match(r.error ?? '', /1240×1754 pixels/);
  });

  test(
    'a real screenshot with Swedish text (winmail.dat attachment from mimekit)',
    { skip: swedish.skip },
    async () => {
      const r = await extractText(readFileSync(swedish.path), meta('image001.jpg'), ocr);
      assert.equal(r.method, 'ocr');
      assertWords(r.text, ['Produktion', 'startad']);
    },
  );

  test(
    'a real illustration with hardly any text does not break anything',
    { skip: illustration.skip },
    async () => {
      const r = await extractText(readFileSync(illustration.path), meta('mailgun.png'), ocr);
      assert.equal(r.kind, 'image');
      assert.deepEqual(r.flags, ['ocr']);
      assert.ok((r.text ?? '').length < 200);
    },
  );

  test(
    'a real Norwegian newsletter rendered to a JPEG, as a scan of it would be',
    { skip: via.skip },
    async () => {
      const jpeg = await renderPdfPage(readFileSync(via.path), 1, 150, 0.45);
      const r = await extractText(jpeg, meta('via-nytt.jpg'), ocr);
      assert.equal(r.method, 'ocr');
      assertWords(r.text, [
        'Flyspesialisten',
        'konkurransesituasjonen',
        'Stavanger',
        'Trondheim',
        'Skandinavia',
      ]);
    },
  );
});

void describe('Attachments - OCR of scanned PDF pages', { skip: canvasSkip }, () => {
  const letter = drawLetter(LETTER);

  test('an image-only page is rendered and read (canvas present)', async () => {
    const r = await extractText(pdf([{ grey: letter.grey }]), meta('skann.pdf'), ocr);
    assert.deepEqual([r.kind, r.method, r.pages, r.ocrPages, r.flags], ['pdf', 'ocr', 1, 1, ['ocr']]);
    assertWords(r.text, LETTER_WORDS);
  });

  test('without a canvas, the embedded images are read instead (JPEG in the PDF), and flagged', async () => {
    const jpegPage = { jpeg: { width: letter.grey.width, height: letter.grey.height, bytes: letter.jpeg } };
    const r = await extractText(pdf([jpegPage]), meta('skann.pdf'), {
      ocr: true,
      pdfOcrMode: 'embedded-images',
    });
    assert.deepEqual([r.method, r.flags.sort()], ['ocr', ['ocr', 'ocr-embedded-images']]);
    assertWords(r.text, LETTER_WORDS);
  });

  test('text pages are parsed and only the scanned page goes to OCR', async () => {
    const r = await extractText(
      pdf([
        { lines: ['Vedlegg til brev fra kommunen', 'Se neste side for den skannede søknaden.'] },
        { grey: letter.grey },
      ]),
      meta('blandet.pdf'),
      ocr,
    );
    assert.equal(r.ocrPages, 1);
    assert.deepEqual(r.flags, ['ocr']);
    assert.ok(
      r.text?.startsWith('Vedlegg til brev fra kommunen\nSe neste side for den skannede søknaden.\n\n'),
      r.text ?? '',
    );
    assertWords(r.text, LETTER_WORDS);
  });

  test('without --ocr a scanned page is flagged ocr-needed and gives no text', async () => {
    const r = await extractText(pdf([{ grey: letter.grey }]), meta('skann.pdf'), { ocr: false });
    assert.deepEqual([r.text, r.method, r.flags], ['', 'none', ['ocr-needed']]);
  });

  test('maxOcrPages: the first scanned pages are read, the rest flagged', async () => {
    const page = { grey: letter.grey };
    const r = await extractText(pdf([page, page, page]), meta('skann.pdf'), {
      ocr: true,
      limits: { maxOcrPages: 1 },
    });
    assert.equal(r.ocrPages, 1);
    assert.deepEqual(r.flags.sort(), ['ocr', 'ocr-page-limit']);
    assert.equal(r.text?.match(/avtalene/g)?.length, 1, r.text ?? '');
  });
});

/** Page `n` of a PDF rendered by pdfjs at `ppi`, its top `fraction` kept, as a JPEG. */
async function renderPdfPage(bytes: Uint8Array, n: number, ppi: number, fraction: number): Promise<Buffer> {
  const canvas = loadCanvas();
  if (!canvas) throw new Error('no canvas');
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 })
    .promise;
  try {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: ppi / 72 });
    const full = canvas.createCanvas(Math.floor(viewport.width), Math.floor(viewport.height));
    await page.render({ canvas: full as unknown as Parameters<typeof page.render>[0]['canvas'], viewport })
      .promise;
    const top = canvas.createCanvas(full.width, Math.floor(full.height * fraction));
    top.getContext('2d').drawImage(full, 0, 0);
    return top.toBuffer('image/jpeg', 80);
  } finally {
    await doc.destroy();
  }
}
