import { readFileSync, statSync } from 'node:fs';
import { InnsynError } from '../../model/index.js';
import { csvRows, sniffDelimiter } from '../../sources/posts/csv-rows.js';
import { decodePostList } from '../../sources/posts/text-encoding.js';
import { MAX_BATCH_TERM_CHARS, MAX_BATCH_TERMS } from '../../store/index.js';

/** Largest list file read: MAX_BATCH_TERMS terms of the longest length, and room for other columns. */
const MAX_LIST_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The terms of a list file (`-`: standard input): one per line, or, for a CSV or TSV file
 * (`.csv`, `.tsv`, or when a column is named), one per row from a column: `column` names it by
 * its header (the first row is then the header) or by its 1-based number (no header; the first
 * column when absent). The encoding is told as for post lists: UTF-8 (BOM or not), UTF-16 with
 * a BOM, else Windows-1252, as spreadsheets write them.
 */
export function readTermList(file: string, options: { column?: string; csv?: boolean } = {}): string[] {
  const bytes = readList(file);
  const d = decodePostList(bytes);
  if (!d.ok) throw new InnsynError('usage', `${file}: ${d.problem}`);
  const { text } = d.decoded;
  const csv = options.csv === true || options.column !== undefined || /\.(csv|tsv)$/i.test(file);
  if (!csv) return text.decode(0, text.units.length).split(/\r\n|\r|\n/);
  const tsv = /\.tsv$/i.test(file);
  const byNumber = options.column === undefined || /^\d+$/.test(options.column);
  let index = byNumber ? Number(options.column ?? '1') - 1 : -1;
  if (index < -1) throw new InnsynError('usage', '--column numbers start at 1');
  const terms: string[] = [];
  let header = !byNumber;
  for (const ev of csvRows(text, tsv ? 0x09 : sniffDelimiter(text.units))) {
    if (ev.kind === 'broken') throw new InnsynError('usage', `${file}, line ${ev.line}: ${ev.problem}`);
    const fields = ev.row.fields;
    if (header) {
      header = false;
      const want = (options.column ?? '').trim().toLowerCase();
      index = fields.findIndex((f) => f.trim().toLowerCase() === want);
      if (index < 0) {
        throw new InnsynError(
          'usage',
          `${file} has no column '${options.column ?? ''}'; its columns: ${fields.map((f) => f.trim()).join(', ')}`,
        );
      }
      continue;
    }
    terms.push(fields[index] ?? '');
    if (terms.length > MAX_BATCH_TERMS * 2) break; // checkBatchTerms says how many are allowed
  }
  return terms;
}

function readList(file: string): Uint8Array {
  try {
    if (file === '-') return readFileSync(0);
    if (statSync(file).size > MAX_LIST_FILE_BYTES) {
      throw new InnsynError(
        'usage',
        `${file} is larger than ${MAX_LIST_FILE_BYTES / 1048576} MB: a list of at most ${MAX_BATCH_TERMS} terms of ${MAX_BATCH_TERM_CHARS} characters is far smaller`,
      );
    }
    return readFileSync(file);
  } catch (e) {
    if (e instanceof InnsynError) throw e;
    throw new InnsynError('not-found', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
}
