import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InnsynError } from '../../../src/model/errors.js';
import { attachmentTypeOf, extractText } from '../../../src/extract/attachments/index.js';
import {
  bmpOf,
  docx,
  docxEntries,
  odp,
  ods,
  odt,
  pdf,
  pptx,
  xlsx,
  zipOf,
  type ZipEntry,
} from './fixtures.js';

const meta = (name: string | null, contentType: string | null = null) => ({ name, contentType });
const noOcr = { ocr: false };

void describe('Attachments - formats', () => {
  test('DOCX: paragraphs through mammoth', async () => {
    const r = await extractText(
      await docx(['Til styret', 'Møtet er flyttet til Ålesund.']),
      meta('referat.docx'),
      noOcr,
    );
    assert.equal(r.kind, 'docx');
    assert.equal(r.method, 'parsed');
    assert.equal(r.text, 'Til styret\n\nMøtet er flyttet til Ålesund.');
    assert.deepEqual(r.flags, []);
  });

  test('XLSX written by exceljs: sheet names, rows as tab-separated lines, values as stored', async () => {
    const bytes = await xlsx([
      {
        name: 'Budsjett',
        rows: [['Post', 'Beløp'], ['Lønn', 1200.5], ['Godkjent', true], [{ formula: 'B2*2', result: 2401 }]],
      },
      { name: 'Ark 2', rows: [['Æ', 'Ø', 'Å']] },
    ]);
    const r = await extractText(bytes, meta('budsjett.xlsx'), noOcr);
    assert.equal(r.kind, 'xlsx');
    assert.equal(r.pages, 2);
    assert.equal(r.text, 'Budsjett\nPost\tBeløp\nLønn\t1200.5\nGodkjent\tTRUE\n2401\n\nArk 2\nÆ\tØ\tÅ');
  });

  test('PPTX: slides in presentation order (not part-name order), each with its notes', async () => {
    const bytes = await pptx([
      { lines: ['Første lysbilde', 'Kulepunkt'], notes: 'Husk å nevne avtalen' },
      { lines: ['Andre lysbilde'] },
      { lines: ['Tredje'] },
    ]);
    const r = await extractText(bytes, meta('foredrag.pptx'), noOcr);
    assert.equal(r.kind, 'pptx');
    assert.equal(r.pages, 3);
    assert.equal(r.text, 'Første lysbilde\nKulepunkt\nHusk å nevne avtalen\n\nAndre lysbilde\n\nTredje');
  });

  test('ODT: text:s spaces, tabs and line breaks kept; deleted tracked changes left out', async () => {
    const bytes = await odt([
      'Tre<text:s text:c="3"/>mellomrom',
      'Kolonne<text:tab/>to<text:line-break/>ny linje',
      'Før<text:tracked-changes><text:changed-region><text:deletion><text:p>SLETTET</text:p></text:deletion></text:changed-region></text:tracked-changes> etter',
    ]);
    const r = await extractText(bytes, meta(null), noOcr);
    assert.equal(r.kind, 'odt');
    assert.equal(r.text, 'Tre   mellomrom\nKolonne\tto\nny linje\nFør etter');
  });

  test('ODS: repeated non-empty cells written out, 16,384 repeated empty cells ignored', async () => {
    const bytes = await ods([
      { name: 'Ark1', rows: [['Navn', 'Sum', ['', 16384]], [['x', 3]]] },
      { name: 'Ark2', rows: [['siste']] },
    ]);
    const r = await extractText(bytes, meta('tall.ods'), noOcr);
    assert.equal(r.kind, 'ods');
    assert.equal(r.pages, 2);
    assert.equal(r.text, 'Ark1\nNavn\tSum\nx\tx\tx\n\nArk2\nsiste');
  });

  test('ODP: pages with their notes', async () => {
    const r = await extractText(
      await odp([{ lines: ['Side én'], notes: 'notat' }, { lines: ['Side to'] }]),
      meta('lysark.odp'),
      noOcr,
    );
    assert.equal(r.kind, 'odp');
    assert.equal(r.pages, 2);
    assert.equal(r.text, 'Side én\nnotat\n\nSide to');
  });

  test('PDF: the text layer page by page, WinAnsi æøå decoded', async () => {
    const bytes = pdf([{ lines: ['Hei fra Bergen', 'Blåbærsyltetøy ÆØÅ'] }, { lines: ['Side to'] }]);
    const r = await extractText(bytes, meta('brev.pdf'), noOcr);
    assert.equal(r.kind, 'pdf');
    assert.equal(r.pages, 2);
    assert.equal(r.method, 'parsed');
    assert.equal(r.text, 'Hei fra Bergen\nBlåbærsyltetøy ÆØÅ\n\nSide to');
  });

  test('RTF through rtf-to-text: code page escapes and \\uN', async () => {
    const rtf =
      "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\f0 Hilsen fra Tr\\'f8ndelag\\par \\u8364? 100}";
    const r = await extractText(Buffer.from(rtf, 'latin1'), meta('brev.rtf'), noOcr);
    assert.equal(r.kind, 'rtf');
    assert.equal(r.text, 'Hilsen fra Trøndelag\n€ 100');
  });

  test('HTML: charset from the meta tag, markup dropped', async () => {
    const html =
      '<html><head><meta charset="iso-8859-1"><title>t</title><style>p{}</style></head><body><p>Bl\xe5b\xe6r</p><p>og <b>m\xf8te</b></p></body></html>';
    const r = await extractText(Buffer.from(html, 'latin1'), meta('side.html', 'text/html'), noOcr);
    assert.equal(r.kind, 'html');
    assert.equal(r.text, 'Blåbær\n\nog møte');
    // The text of <noscript> and of an inline SVG's labels is read too.
    const shown = '<p>Kart</p><noscript>uten skript</noscript><svg><text>Oslo</text></svg>';
    const s = await extractText(Buffer.from(shown), meta('kart.html', 'text/html'), noOcr);
    assert.equal(s.text, 'Kart\n\nuten skript\nOslo');
  });

  test('Plain text: UTF-8 BOM, UTF-16 with and without BOM, declared charset, windows-1252 fallback flagged', async () => {
    const cases: [Uint8Array, string | null, string, string[]][] = [
      [Buffer.from('\ufeffblåbær', 'utf8'), null, 'blåbær', []],
      [Buffer.from('\ufeffblåbær på tur', 'utf16le'), null, 'blåbær på tur', []],
      [Buffer.from('blåbær på tur i fjellet', 'utf16le'), null, 'blåbær på tur i fjellet', []],
      [Buffer.from('bl\xe5b\xe6r', 'latin1'), 'text/plain; charset=iso-8859-1', 'blåbær', []],
      [Buffer.from('bl\xe5b\xe6r \x80', 'latin1'), null, 'blåbær €', ['charset-fallback:windows-1252']],
      [Buffer.from('Zürich', 'utf8'), 'text/plain', 'Zürich', []],
    ];
    for (const [bytes, type, text, flags] of cases) {
      const r = await extractText(bytes, meta('notat.txt', type), noOcr);
      assert.equal(r.kind, 'text');
      assert.equal(r.text, text);
      assert.deepEqual(r.flags, flags);
    }
  });

  test('the search type of each kind', () => {
    assert.equal(attachmentTypeOf('docx'), 'document');
    assert.equal(attachmentTypeOf('ods'), 'spreadsheet');
    assert.equal(attachmentTypeOf('pptx'), 'presentation');
    assert.equal(attachmentTypeOf('image'), 'image');
  });
});

void describe('Attachments - telling the kind', () => {
  test('magic bytes beat the name: a PDF called .docx is read as a PDF and flagged', async () => {
    const r = await extractText(pdf([{ lines: ['Faktisk en PDF'] }]), meta('rapport.docx'), noOcr);
    assert.equal(r.kind, 'pdf');
    assert.equal(r.text, 'Faktisk en PDF');
    assert.deepEqual(r.flags, ['kind-mismatch']);
  });

  test('a zip tells its document kind by its members, with no name or type', async () => {
    assert.equal((await extractText(await docx(['x']), meta(null), noOcr)).kind, 'docx');
    assert.equal(
      (await extractText(await xlsx([{ name: 'a', rows: [['x']] }]), meta('vedlegg.bin'), noOcr)).kind,
      'xlsx',
    );
    assert.equal(
      (await extractText(await ods([{ name: 'a', rows: [['x']] }]), meta(null, 'application/zip'), noOcr))
        .kind,
      'ods',
    );
  });

  test('a plain zip archive is "other" with no text (the container readers open archives)', async () => {
    const r = await extractText(await zipOf([['notes.txt', 'hei']]), meta('arkiv.zip'), noOcr);
    assert.deepEqual([r.kind, r.text, r.method, r.flags], ['other', null, 'none', []]);
  });

  test('legacy Office (OLE compound file) is recognised and reported as unsupported', async () => {
    const cfb = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const r = await extractText(cfb, meta('gammel.doc'), noOcr);
    assert.equal(r.kind, 'other');
    assert.deepEqual(r.flags, ['extract-unsupported']);
    assert.match(r.error ?? '', /OLE compound file/);
  });

  test('a PGP or S/MIME signature is kept but not read: its version line is no text to find', async () => {
    const block =
      '-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1.0.6 (GNU/Linux)\n\niD8DBQE9\n-----END PGP SIGNATURE-----\n';
    for (const type of ['application/pgp-signature', 'application/pkcs7-signature; name=smime.p7s']) {
      const r = await extractText(Buffer.from(block), meta('signature.asc', type), noOcr);
      assert.deepEqual([r.kind, r.text, r.method, r.flags], ['other', null, 'none', []], type);
    }
    // The same bytes declared as text are text.
    const t = await extractText(Buffer.from(block), meta('signature.asc', 'text/plain'), noOcr);
    assert.match(t.text ?? '', /GNU\/Linux/);
  });

  test('unknown binary is "other"; unnamed text is text; an image without OCR asks for it', async () => {
    assert.equal(
      (await extractText(Buffer.from([0, 1, 2, 3, 0, 255, 254]), meta(null), noOcr)).kind,
      'other',
    );
    const t = await extractText(Buffer.from('bare litt tekst'), meta(null), noOcr);
    assert.deepEqual([t.kind, t.text], ['text', 'bare litt tekst']);
    const img = await extractText(
      bmpOf({ width: 4, height: 4, data: new Uint8Array(16) }),
      meta('bilde.bmp'),
      noOcr,
    );
    assert.deepEqual([img.kind, img.text, img.method, img.flags], ['image', null, 'none', ['ocr-needed']]);
  });
});

void describe('Attachments - limits', () => {
  test('maxOutputChars cuts the text and flags it', async () => {
    const r = await extractText(Buffer.from('abcdefghij'.repeat(100)), meta('a.txt'), {
      ocr: false,
      maxOutputChars: 25,
    });
    assert.equal(r.text, 'abcdefghijabcdefghijabcde');
    assert.deepEqual(r.flags, ['extract-truncated']);
  });

  test('maxPages stops a PDF after its first pages', async () => {
    const r = await extractText(
      pdf([{ lines: ['en'] }, { lines: ['to'] }, { lines: ['tre'] }]),
      meta('a.pdf'),
      {
        ocr: false,
        limits: { maxPages: 2 },
      },
    );
    assert.equal(r.text, 'en\n\nto');
    assert.equal(r.pages, 3);
    assert.deepEqual(r.flags, ['extract-page-limit']);
  });

  test('maxSheets and maxCells stop a workbook, keeping what was read', async () => {
    const book = await xlsx([
      {
        name: 'A',
        rows: [
          ['a1', 'a2'],
          ['a3', 'a4'],
        ],
      },
      { name: 'B', rows: [['b1']] },
    ]);
    const sheets = await extractText(book, meta('a.xlsx'), { ocr: false, limits: { maxSheets: 1 } });
    assert.equal(sheets.text, 'A\na1\ta2\na3\ta4');
    assert.deepEqual(sheets.flags, ['extract-sheet-limit']);
    const cells = await extractText(book, meta('a.xlsx'), { ocr: false, limits: { maxCells: 3 } });
    assert.equal(cells.text, 'A\na1\ta2\na3');
    assert.deepEqual(cells.flags, ['extract-cell-limit']);
  });

  test('a workbook of 100,000 cells within the limits is read whole, quickly', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [
      `rad ${i}`,
      i,
      i * 2,
      `tekst ${i % 100}`,
      i % 2 === 0,
    ]);
    const bytes = await xlsx([{ name: 'Stor', rows }]);
    const t0 = performance.now();
    const r = await extractText(bytes, meta('stor.xlsx'), noOcr);
    const ms = performance.now() - t0;
    assert.deepEqual(r.flags, []);
    const lines = (r.text ?? '').split('\n');
    assert.equal(lines.length, 20_001);
    assert.equal(lines[20_000], 'rad 19999\t19999\t39998\ttekst 99\tFALSE');
    assert.ok(ms < 30_000, `took ${Math.round(ms)} ms`);
  });

  test('maxInputBytes: a file over it is not parsed', async () => {
    const r = await extractText(Buffer.alloc(2048, 0x61), meta('a.txt'), {
      ocr: false,
      limits: { maxInputBytes: 1024 },
    });
    assert.deepEqual([r.text, r.method, r.flags], [null, 'none', ['extract-too-large']]);
  });

  test('the soft time budget stops between parts and says where', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => [`rad ${i}`]);
    const r = await extractText(
      await xlsx([
        { name: 'A', rows },
        { name: 'B', rows },
      ]),
      meta('a.xlsx'),
      { ocr: false, timeoutMs: 0 },
    );
    assert.deepEqual(r.flags, ['extract-timeout']);
    assert.match(r.error ?? '', /time budget spent/);
  });

  test('invalid limits are a usage error, thrown before anything is read', async () => {
    await assert.rejects(
      extractText(Buffer.from('x'), meta(null), { ocr: false, limits: { maxPages: 0 } }),
      (e: unknown) => e instanceof InnsynError && e.code === 'usage' && /maxPages/.test(e.message),
    );
  });
});

void describe('Attachments - hostile files', () => {
  test('0 bytes: flagged empty, kind from the name', async () => {
    const r = await extractText(new Uint8Array(0), meta('tom.pdf'), noOcr);
    assert.deepEqual([r.kind, r.text, r.method, r.flags], ['pdf', null, 'none', ['extract-empty']]);
  });

  test('a truncated PDF and garbage called .pdf fail with a reason, no throw', async () => {
    const whole = pdf([{ lines: ['Hei'] }, { lines: ['Hallo'] }]);
    for (const bytes of [
      whole.subarray(0, whole.length >> 1),
      whole.subarray(0, 40),
      Buffer.from('ikke en pdf '.repeat(20)),
    ]) {
      const r = await extractText(bytes, meta('brev.pdf'), noOcr);
      assert.equal(r.kind, 'pdf');
      assert.equal(r.text, null);
      assert.deepEqual(r.flags, ['extract-failed']);
      assert.match(r.error ?? '', /Invalid PDF/);
    }
  });

  test('a zip bomb disguised as DOCX is refused by its declared ratio, before mammoth inflates it', async () => {
    // 64 MiB of spaces as word/document.xml: about 64 KiB compressed, 1000:1.
    const bomb = await zipOf([
      ...docxEntries(['x']).slice(0, 2),
      ['word/document.xml', Buffer.alloc(64 * 1024 * 1024, 0x20)],
    ]);
    const t0 = performance.now();
    const r = await extractText(bomb, meta('faktura.docx'), noOcr);
    assert.ok(performance.now() - t0 < 20_000);
    assert.deepEqual([r.kind, r.text, r.flags], ['docx', null, ['extract-zip-bomb']]);
    assert.match(r.error ?? '', /word\/document\.xml: declares a ratio of \d+:1/);
  });

  test('a zip bomb that lies about its sizes is caught while inflating', async () => {
    const member = 'word/document.xml';
    const bytes = await zipOf([
      ...docxEntries(['x']).slice(0, 2),
      [member, Buffer.alloc(20 * 1024 * 1024, 0x41)],
    ]);
    // Rewrite the declared uncompressed size (local header and central directory) to 1,000.
    for (let i = 0; i + 46 < bytes.length; i++) {
      const sig = bytes.readUInt32LE(i);
      if (sig === 0x04034b50 && bytes.toString('latin1', i + 30, i + 30 + member.length) === member)
        bytes.writeUInt32LE(1000, i + 22);
      if (sig === 0x02014b50 && bytes.toString('latin1', i + 46, i + 46 + member.length) === member)
        bytes.writeUInt32LE(1000, i + 24);
    }
    const r = await extractText(bytes, meta('liten.docx'), noOcr);
    assert.deepEqual(r.flags, ['extract-zip-bomb']);
    assert.match(r.error ?? '', /inflates past its declared size/);
  });

  test('too many zip entries and too many expanded bytes are bombs too', async () => {
    const many: ZipEntry[] = [
      ...docxEntries(['y']),
      ...Array.from({ length: 50 }, (_, i): ZipEntry => [`word/media/x${i}.bin`, 'x']),
    ];
    const r1 = await extractText(await zipOf(many), meta('a.docx'), {
      ocr: false,
      limits: { maxZipEntries: 20 },
    });
    assert.deepEqual(r1.flags, ['extract-zip-bomb']);
    assert.match(r1.error ?? '', /53 zip entries/);
    const big = await ods([{ name: 'A', rows: [['x'.repeat(5000)]] }]);
    const r2 = await extractText(big, meta('a.ods'), { ocr: false, limits: { maxZipExpandedBytes: 2000 } });
    assert.deepEqual(r2.flags, ['extract-zip-bomb']);
  });

  test('a document whose zip is cut short fails with a reason', async () => {
    const whole = await docx(['hei']);
    const r = await extractText(whole.subarray(0, whole.length - 30), meta('a.docx'), noOcr);
    assert.equal(r.kind, 'docx');
    assert.deepEqual(r.flags, ['extract-failed']);
    assert.ok((r.error ?? '').length > 0);
  });

  test('malformed XML: mammoth refuses the DOCX (flagged), the streaming readers keep what they read', async () => {
    const rels =
      '<Relationships><Relationship Id="r" Type="x/officeDocument" Target="ppt/presentation.xml"/></Relationships>';
    const broken = await zipOf([
      ...docxEntries(['x']).slice(0, 2),
      [
        'word/document.xml',
        '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Før feilen</w:t></w:r></w:p><w:p><w:r><w:t>kuttet',
      ],
    ]);
    const d = await extractText(broken, meta('a.docx'), noOcr);
    assert.deepEqual([d.kind, d.text, d.flags], ['docx', null, ['extract-failed']]);
    assert.match(d.error ?? '', /xmldom/);
    const slides = await zipOf([
      ['_rels/.rels', rels],
      [
        'ppt/presentation.xml',
        '<p:presentation xmlns:p="p" xmlns:r="r"><p:sldIdLst><p:sldId r:id="rId1"/></p:sldIdLst>',
      ],
      [
        'ppt/_rels/presentation.xml.rels',
        '<Relationships><Relationship Id="rId1" Type="x/slide" Target="slides/slide1.xml"/></Relationships>',
      ],
      ['ppt/slides/slide1.xml', '<p:sld><a:p><a:t>Lysbilde før feilen</a:t></a:p><a:p><a:t>kuttet'],
    ]);
    const p = await extractText(slides, meta('a.pptx'), noOcr);
    assert.deepEqual([p.kind, p.text, p.flags], ['pptx', 'Lysbilde før feilen\nkuttet', []]);
  });
});
