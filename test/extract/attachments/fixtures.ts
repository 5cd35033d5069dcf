/**
 * Documents built in the tests: zips of OOXML and ODF parts written with yazl, an XLSX written
 * by exceljs, PDFs written by hand (a text layer in Helvetica; a page that is only a scanned
 * image), images drawn with @napi-rs/canvas (pdfjs-dist's optional canvas; tests that need it
 * skip when it is absent), and hostile variants of each.
 */
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';
import ExcelJS from 'exceljs';
import yazl from 'yazl';

import {
  CONTENT_TYPES,
  docxEntries,
  ROOT_RELS,
  writePdf as pdf,
  xmlEscape,
  type ZipEntry,
} from '../../../src/demo/corpus/documents.js';

export { docxEntries, pdf, type ZipEntry };

/** A zip in memory; entries in the order given (ODF wants `mimetype` first and stored). */
export async function zipOf(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content, options] of entries)
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name, {
      compress: !(options?.store ?? false),
      mtime: new Date(Date.UTC(2020, 0, 1)),
    });
  zip.end();
  const parts: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

export const docx = (paragraphs: string[]): Promise<Buffer> => zipOf(docxEntries(paragraphs));

/** A PowerPoint file; slides listed in the presentation in the given order, parts named in reverse. */
export function pptx(slides: { lines: string[]; notes?: string }[]): Promise<Buffer> {
  const n = slides.length;
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const shape = (lines: string[]): string =>
    `<p:sp><p:txBody>${lines.map((l) => `<a:p><a:r><a:t>${xmlEscape(l)}</a:t></a:r></a:p>`).join('')}</p:txBody></p:sp>`;
  // Slide i is stored as slide(n - i).xml, so the presentation order must win over names.
  const file = (i: number): string => `slide${n - i}.xml`;
  const entries: ZipEntry[] = [
    [
      '[Content_Types].xml',
      CONTENT_TYPES(
        'ppt/presentation.xml',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
      ),
    ],
    ['_rels/.rels', ROOT_RELS('ppt/presentation.xml')],
    [
      'ppt/presentation.xml',
      `<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="${P}" xmlns:r="${R}"><p:sldIdLst>${slides
        .map((_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`)
        .join('')}</p:sldIdLst></p:presentation>`,
    ],
    [
      'ppt/_rels/presentation.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${slides
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/${file(i)}"/>`,
        )
        .join('')}</Relationships>`,
    ],
  ];
  slides.forEach((s, i) => {
    entries.push([
      `ppt/slides/${file(i)}`,
      `<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="${P}" xmlns:a="${A}"><p:cSld><p:spTree>${shape(s.lines)}</p:spTree></p:cSld></p:sld>`,
    ]);
    if (s.notes !== undefined) {
      entries.push([
        `ppt/slides/_rels/${file(i)}.rels`,
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide${i + 1}.xml"/></Relationships>`,
      ]);
      entries.push([
        `ppt/notesSlides/notesSlide${i + 1}.xml`,
        `<?xml version="1.0" encoding="UTF-8"?><p:notes xmlns:p="${P}" xmlns:a="${A}"><p:cSld><p:spTree>${shape([s.notes])}</p:spTree></p:cSld></p:notes>`,
      ]);
    }
  });
  return zipOf(entries);
}

const ODF_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ' +
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"';

function odfPackage(mimetype: string, body: string): Promise<Buffer> {
  return zipOf([
    ['mimetype', mimetype, { store: true }],
    [
      'META-INF/manifest.xml',
      `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/></manifest:manifest>`,
    ],
    [
      'content.xml',
      `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NS}><office:body>${body}</office:body></office:document-content>`,
    ],
  ]);
}

/** An ODT; `text` elements may use ODF markup (text:s, text:tab, tracked changes). */
export const odt = (paragraphsXml: string[]): Promise<Buffer> =>
  odfPackage(
    'application/vnd.oasis.opendocument.text',
    `<office:text>${paragraphsXml.map((p) => `<text:p>${p}</text:p>`).join('')}</office:text>`,
  );

/** An ODS: sheets of rows of cells; a cell may be [text, repeat]. */
export function ods(sheets: { name: string; rows: (string | [string, number])[][] }[]): Promise<Buffer> {
  const cell = (c: string | [string, number]): string => {
    const [text, repeat] = typeof c === 'string' ? [c, 1] : c;
    const rep = repeat > 1 ? ` table:number-columns-repeated="${repeat}"` : '';
    return text === ''
      ? `<table:table-cell${rep}/>`
      : `<table:table-cell${rep}><text:p>${xmlEscape(text)}</text:p></table:table-cell>`;
  };
  const body = sheets
    .map(
      (s) =>
        `<table:table table:name="${xmlEscape(s.name)}">${s.rows.map((r) => `<table:table-row>${r.map(cell).join('')}</table:table-row>`).join('')}</table:table>`,
    )
    .join('');
  return odfPackage(
    'application/vnd.oasis.opendocument.spreadsheet',
    `<office:spreadsheet>${body}</office:spreadsheet>`,
  );
}

/** An ODP: pages of text boxes, each with optional notes. */
export function odp(pages: { lines: string[]; notes?: string }[]): Promise<Buffer> {
  const body = pages
    .map(
      (p, i) =>
        `<draw:page draw:name="page${i + 1}"><draw:frame><draw:text-box>${p.lines.map((l) => `<text:p>${xmlEscape(l)}</text:p>`).join('')}</draw:text-box></draw:frame>` +
        (p.notes === undefined
          ? ''
          : `<presentation:notes><draw:frame><draw:text-box><text:p>${xmlEscape(p.notes)}</text:p></draw:text-box></draw:frame></presentation:notes>`) +
        `</draw:page>`,
    )
    .join('');
  return odfPackage(
    'application/vnd.oasis.opendocument.presentation',
    `<office:presentation>${body}</office:presentation>`,
  );
}

/** An XLSX written by exceljs (shared strings, numbers, booleans, dates, formulas). */
export async function xlsx(
  sheets: {
    name: string;
    rows: (string | number | boolean | Date | { formula: string; result: number })[][];
  }[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2020, 0, 1));
  wb.modified = wb.created;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The canvas package pdfjs-dist renders with, or null when it is not installed. */
export function loadCanvas(): typeof NapiCanvas | null {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return require('@napi-rs/canvas') as typeof NapiCanvas;
  } catch {
    return null;
  }
}

export const canvasSkip =
  loadCanvas() === null ? '@napi-rs/canvas (optional dependency of pdfjs-dist) is not installed' : false;

/**
 * A Norwegian letter drawn at 150 ppi on an A4 page (or, with `strip`, only as tall as its
 * lines), turned by a third of a degree and with paper speckle, as a scanner would give it:
 * grey raster plus PNG, JPEG, WebP and GIF encodings.
 */
export function drawLetter(
  lines: string[],
  strip = false,
): {
  grey: { width: number; height: number; data: Uint8Array };
  png: Buffer;
  jpeg: Buffer;
  webp: Buffer;
  gif: Buffer;
} {
  const canvas = loadCanvas();
  if (!canvas) throw new Error(String(canvasSkip));
  const width = 1240;
  const height = strip ? 120 + lines.length * 48 : 1754;
  const c = canvas.createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = '#f7f5ef';
  g.fillRect(0, 0, width, height);
  // Deterministic speckle (a linear congruential generator, no Math.random).
  let seed = 42;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  g.fillStyle = '#9a968c';
  for (let i = 0; i < (width * height) / 1200; i++)
    g.fillRect(rnd() * width, rnd() * height, 1 + rnd() * 1.5, 1 + rnd() * 1.5);
  g.rotate(0.006);
  g.fillStyle = '#1b1b1b';
  g.font = '30px "DejaVu Serif", "Liberation Serif", serif';
  lines.forEach((l, i) => g.fillText(l, 120, (strip ? 80 : 200) + i * 48));
  const rgba = g.getImageData(0, 0, width, height).data;
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j++)
    data[j] = Math.round(
      ((rgba[i] as number) * 299 + (rgba[i + 1] as number) * 587 + (rgba[i + 2] as number) * 114) / 1000,
    );
  return {
    grey: { width, height, data },
    png: c.toBuffer('image/png'),
    jpeg: c.toBuffer('image/jpeg', 85),
    webp: c.toBuffer('image/webp', 90),
    gif: c.toBuffer('image/gif'),
  };
}

/**
 * A grey raster as an uncompressed TIFF (baseline, one strip), the format of fax scans; with
 * `pages` > 1 the same image is chained as further pages (IFDs).
 */
export function tiffOf(r: { width: number; height: number; data: Uint8Array }, pages = 1): Buffer {
  const tags: [number, number, number][] = [
    [256, 4, r.width],
    [257, 4, r.height],
    [258, 3, 8],
    [259, 3, 1],
    [262, 3, 1],
    [273, 4, 8],
    [277, 3, 1],
    [278, 4, r.height],
    [279, 4, r.data.length],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const firstIfd = 8 + r.data.length + (r.data.length % 2);
  const out = Buffer.alloc(firstIfd + ifdSize * pages);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(firstIfd, 4);
  Buffer.from(r.data).copy(out, 8);
  for (let p = 0; p < pages; p++) {
    const ifd = firstIfd + p * ifdSize;
    out.writeUInt16LE(tags.length, ifd);
    tags.forEach(([tag, type, value], i) => {
      const at = ifd + 2 + i * 12;
      out.writeUInt16LE(tag, at);
      out.writeUInt16LE(type, at + 2);
      out.writeUInt32LE(1, at + 4);
      if (type === 3) out.writeUInt16LE(value, at + 8);
      else out.writeUInt32LE(value, at + 8);
    });
    out.writeUInt32LE(p + 1 < pages ? ifd + ifdSize : 0, ifd + 2 + tags.length * 12);
  }
  return out;
}

/** A grey raster as a 24-bit BMP (bottom-up rows padded to 4 bytes). */
export function bmpOf(r: { width: number; height: number; data: Uint8Array }): Buffer {
  const rowBytes = (r.width * 3 + 3) & ~3;
  const out = Buffer.alloc(54 + rowBytes * r.height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(r.width, 18);
  out.writeInt32LE(r.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(rowBytes * r.height, 34);
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      const v = r.data[(r.height - 1 - y) * r.width + x] as number;
      out.fill(v, 54 + y * rowBytes + x * 3, 54 + y * rowBytes + x * 3 + 3);
    }
  return out;
}

/** The letter the OCR tests read. */
export const LETTER = [
  'Oslo, 3. februar 2021',
  '',
  'Til Finansdepartementet',
  '',
  'Vi ber om innsyn i avtalene mellom kommunen og',
  'selskapet for årene 2019 og 2020. Søknaden gjelder',
  'også møtereferater og e-post til rådmannen.',
  '',
  'Med vennlig hilsen',
  'Kåre Sæther',
];
