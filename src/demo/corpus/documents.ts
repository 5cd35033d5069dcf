/**
 * Real documents for the generated mailboxes and the tests: a PDF with a text layer (and image
 * pages), the parts of a Word document, and a zip written in one go. Small and dependency-free,
 * so the corpus generator stays synchronous and deterministic.
 */
import { deflateSync } from 'node:zlib';
import { buildZip } from './zip-writer.js';

export type ZipEntry = [name: string, content: string | Buffer, options?: { store?: boolean }];

export const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const CONTENT_TYPES = (main: string, mainType: string, extra = ''): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
  `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="${mainType}"/>${extra}</Types>`;

export const ROOT_RELS = (main: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`;

/** The parts of a minimal Word document with these paragraphs. */
export function docxEntries(paragraphs: string[]): ZipEntry[] {
  const body = paragraphs
    .map((p) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(p)}</w:t></w:r></w:p>`)
    .join('');
  return [
    [
      '[Content_Types].xml',
      CONTENT_TYPES(
        'word/document.xml',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      ),
    ],
    ['_rels/.rels', ROOT_RELS('word/document.xml')],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ],
  ];
}

/**
 * A PDF whose pages hold these lines in Helvetica (WinAnsiEncoding, so æ, ø and å are octal
 * escapes), and optionally image-only pages: a grey raster as a Flate-compressed image XObject
 * drawn over the whole page, or a JPEG (DCTDecode). `attached`: bytes carried in a stream no
 * page draws (what makes real PDFs large: fonts, pictures), read by no text extractor.
 */
export function writePdf(
  pages: (
    | { lines: string[] }
    | { grey: { width: number; height: number; data: Uint8Array } }
    | { jpeg: { width: number; height: number; bytes: Uint8Array } }
  )[],
  attached?: Uint8Array,
): Buffer {
  const objects: (string | Buffer)[] = [];
  const add = (o: string | Buffer): number => objects.push(o);
  const catalog = add('');
  const pagesObj = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const p of pages) {
    let content: string;
    let resources: string;
    if ('lines' in p) {
      const esc = (s: string): string =>
        [...s]
          .map((c) => {
            const code = Buffer.from(c, 'latin1')[0] as number;
            if (c === '(' || c === ')' || c === '\\') return '\\' + c;
            return code > 126 ? '\\' + code.toString(8) : c;
          })
          .join('');
      content = `BT /F1 12 Tf 14 TL 72 770 Td ${p.lines.map((l) => `(${esc(l)}) '`).join(' ')} ET`;
      resources = `<< /Font << /F1 ${font} 0 R >> >>`;
    } else {
      const isJpeg = 'jpeg' in p;
      const img = isJpeg ? p.jpeg : p.grey;
      const data = isJpeg ? Buffer.from(p.jpeg.bytes) : deflateSync(p.grey.data);
      const header = `<< /Type /XObject /Subtype /Image /Width ${img.width} /Height ${img.height} /ColorSpace ${isJpeg ? '/DeviceRGB' : '/DeviceGray'} /BitsPerComponent 8 /Filter ${isJpeg ? '/DCTDecode' : '/FlateDecode'} /Length ${data.length} >>\nstream\n`;
      const image = add(
        Buffer.concat([Buffer.from(header, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]),
      );
      content = `q 595 0 0 842 0 0 cm /Im1 Do Q`;
      resources = `<< /XObject << /Im1 ${image} 0 R >> >>`;
    }
    const stream = add(
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources ${resources} /Contents ${stream} 0 R >>`,
      ),
    );
  }
  if (attached !== undefined) {
    const header = `<< /Type /EmbeddedFile /Length ${attached.length} >>\nstream\n`;
    add(Buffer.concat([Buffer.from(header, 'latin1'), attached, Buffer.from('\nendstream', 'latin1')]));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(offset);
    const b = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      Buffer.isBuffer(o) ? o : Buffer.from(o, 'latin1'),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(b);
    offset += b.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}

/** A zip of these entries (deflated unless `store`); the same entries give the same bytes. */
export function zipSync(entries: ZipEntry[]): Buffer {
  return buildZip(
    entries.map(([name, content, options]) => ({ name, data: content, method: options?.store ? 0 : 8 })),
  );
}
