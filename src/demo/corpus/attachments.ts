import type { Prng } from './prng.js';

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

/**
 * A PDF-looking payload: a real header and trailer around a pseudo-random "compressed" stream,
 * enough for type sniffing and hashing; it does not render.
 */
function pdfBytes(rng: Prng, size: number): Buffer {
  const head = Buffer.from(
    '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      `3 0 obj\n<< /Length ${size} /Filter /FlateDecode >>\nstream\n`,
    'latin1',
  );
  const tail = Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');
  return Buffer.concat([head, rng.bytes(Math.max(0, size - head.length - tail.length)), tail]);
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

function zipLikeBytes(rng: Prng, size: number): Buffer {
  // A local file header signature so sniffers say "zip" (docx/xlsx are zips).
  const head = Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1');
  return Buffer.concat([head, rng.bytes(Math.max(0, size - head.length))]);
}

/** One pseudo-random attachment of 1–200 KB. `names` feed CSV rows. */
export function makeAttachment(rng: Prng, names: readonly string[]): AttachmentSpec {
  const size = Math.round(rng.logUniform(MIN_BYTES, MAX_BYTES));
  const r = rng.float();
  if (r < 0.35) {
    return {
      filename: `${rng.pick(PDF_NAMES)}.pdf`,
      contentType: 'application/pdf',
      bytes: pdfBytes(rng, size),
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
    return {
      filename: `${rng.pick(DOC_NAMES)}.docx`,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      bytes: zipLikeBytes(rng, size),
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
