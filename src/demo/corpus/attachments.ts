import { makeBodyText, type Lang, wrapText } from './body-text.js';
import { docxEntries, writePdf, zipSync } from './documents.js';
import { Prng } from './prng.js';

/**
 * PDF and DOCX attachments: 'real' documents with a text layer to search (the demo), or
 * 'opaque' bytes that only look like them (the benchmark corpora, as notmuch and mu see them:
 * they read no documents). Both draw the same numbers from the message's generator, so the rest
 * of a corpus is the same either way.
 */
export type Documents = 'real' | 'opaque';

/** One attachment before MIME encoding. */
export interface AttachmentSpec {
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** Text attachments may go as quoted-printable; binary ones always go as base64. */
  text: boolean;
}

// Attachment sizes: log-uniform between these, so the 100k corpus stays near 1 GB on disk.
const MIN_BYTES = 1024;
const MAX_BYTES = 200 * 1024;

const PDF_NAMES = [
  'report',
  'kontrakt',
  'Budsjett 2022',
  'minutes',
  'referat styremøte',
  'invoice',
  'faktura',
  'scan',
];
const CSV_NAMES = ['figures', 'tall', 'transactions', 'oversikt', 'donors', 'utbetalinger'];
const IMG_NAMES = ['IMG_', 'photo', 'skjermbilde', 'screenshot'];
const DOC_NAMES = ['draft', 'utkast', 'notes', 'høringssvar', 'agreement'];
/** File names in Norwegian: their documents are written in Norwegian. */
const NORWEGIAN_NAMES = new Set([
  'kontrakt',
  'Budsjett 2022',
  'referat styremøte',
  'faktura',
  'utkast',
  'høringssvar',
]);
/** Lines of text on a PDF page (Helvetica 12 pt, 14 pt leading, on A4). */
const PDF_LINES_PER_PAGE = 48;

/**
 * A PDF-looking payload: a real header and trailer around a pseudo-random "compressed" stream,
 * enough for type sniffing and hashing; it does not render.
 */
function pdfBytes(rng: Prng, size: number, documents: Documents, name: string, names: readonly string[]): Buffer {
  const head = Buffer.from(
    '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      `3 0 obj\n<< /Length ${size} /Filter /FlateDecode >>\nstream\n`,
    'latin1',
  );
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  const payload = rng.bytes(Math.max(0, size - head.length - tail.length));
  if (documents === 'opaque') return Buffer.concat([head, payload, tail]);
  const lines = wrapText(documentText(payload, name, names)).split('\n');
  const pages: Array<{ lines: string[] }> = [];
  for (let i = 0; i < lines.length; i += PDF_LINES_PER_PAGE)
    pages.push({ lines: lines.slice(i, i + PDF_LINES_PER_PAGE) });
  // The drawn bytes ride along unread, as a real PDF's fonts and pictures do: about the same size.
  return writePdf(pages, payload);
}

/**
 * The text of a document attachment: a title and one to three pages of prose in the language of
 * its name, from a generator seeded by the attachment's own bytes (drawing nothing from the
 * message's).
 */
function documentText(payload: Buffer, name: string, names: readonly string[]): string[] {
  const seed = payload.length >= 4 ? payload.readUInt32LE(0) : payload.length;
  const rng = new Prng(seed);
  const lang: Lang = NORWEGIAN_NAMES.has(name) ? 'no' : 'en';
  const words = rng.range(120, 1_400);
  // makeBodyText writes a letter: its greeting and closing are left out of a document.
  const paragraphs = makeBodyText(rng, lang, words, '', '', names).paragraphs.slice(1, -1);
  return [name.charAt(0).toUpperCase() + name.slice(1), ...paragraphs];
}

/** Semicolon-separated rows, Norwegian decimal commas, as a spreadsheet export would be. */
function csvBytes(rng: Prng, size: number, names: readonly string[]): Buffer {
  const rows = ['dato;bilag;beløp;valuta;mottaker'];
  let len = rows[0]?.length ?? 0;
  while (len < size) {
    const row =
      `2022-${String(rng.range(1, 12)).padStart(2, '0')}-${String(rng.range(1, 28)).padStart(2, '0')};` +
      `${rng.range(1000, 99999)};${rng.range(1, 999999)},${String(rng.range(0, 99)).padStart(2, '0')};` +
      `${rng.pick(['NOK', 'EUR', 'USD', 'SEK'])};${rng.pick(names)}`;
    rows.push(row);
    len += row.length + 1;
  }
  return Buffer.from(rows.join('\n') + '\n', 'utf8');
}

function jpegBytes(rng: Prng, size: number): Buffer {
  // SOI + APP0 "JFIF" marker, random entropy-coded data, EOI.
  const head = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return Buffer.concat([head, rng.bytes(Math.max(0, size - head.length - 2)), Buffer.from([0xff, 0xd9])]);
}

function zipLikeBytes(rng: Prng, size: number, documents: Documents, name: string, names: readonly string[]): Buffer {
  // A local file header signature so sniffers say "zip" (docx/xlsx are zips).
  const head = Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1');
  const payload = rng.bytes(Math.max(0, size - head.length));
  if (documents === 'opaque') return Buffer.concat([head, payload]);
  // A Word document: its text, and the drawn bytes as a picture in it (stored: not compressible).
  return zipSync([
    ...docxEntries(documentText(payload, name, names)),
    ['word/media/image1.jpeg', payload, { store: true }],
  ]);
}

/** One pseudo-random attachment of 1–200 KB. `names` feed CSV rows (and documents' text). */
export function makeAttachment(rng: Prng, names: readonly string[], documents: Documents = 'opaque'): AttachmentSpec {
  const size = Math.round(rng.logUniform(MIN_BYTES, MAX_BYTES));
  const r = rng.float();
  if (r < 0.35) {
    const name = rng.pick(PDF_NAMES);
    return {
      filename: `${name}.pdf`,
      contentType: 'application/pdf',
      bytes: pdfBytes(rng, size, documents, name, names),
      text: false,
    };
  }
  if (r < 0.55) {
    return {
      filename: `${rng.pick(CSV_NAMES)}.csv`,
      contentType: 'text/csv',
      bytes: csvBytes(rng, size, names),
      text: true,
    };
  }
  if (r < 0.75) {
    const base = rng.pick(IMG_NAMES);
    const name = base.endsWith('_') ? `${base}${rng.range(1000, 9999)}` : base;
    return { filename: `${name}.jpg`, contentType: 'image/jpeg', bytes: jpegBytes(rng, size), text: false };
  }
  if (r < 0.9) {
    const name = rng.pick(DOC_NAMES);
    return {
      filename: `${name}.docx`,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: zipLikeBytes(rng, size, documents, name, names),
      text: false,
    };
  }
  const lines: string[] = [];
  let len = 0;
  while (len < size) {
    const l = `${rng.pick(names)}: ${rng.hex(8)} ${rng.range(1, 9999)}`;
    lines.push(l);
    len += l.length + 1;
  }
  return {
    filename: 'notater.txt',
    contentType: 'text/plain',
    bytes: Buffer.from(lines.join('\n') + '\n', 'utf8'),
    text: true,
  };
}
