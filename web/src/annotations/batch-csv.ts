import type { BatchRow } from './annotations-api.js';

/**
 * A batch search's rows as CSV (RFC 4180, CRLF), the columns of `innsyn batch --csv`. Terms come
 * from a pasted list and the queries from them: a cell starting with = + - @ (or a tab or CR) is
 * given a leading ' so that a spreadsheet shows it as text instead of running it as a formula
 * (OWASP "CSV Injection"), as src/export/csv-row.ts does on the server.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: string | number | null): string {
  const s = v === null ? '' : typeof v === 'number' ? String(v) : FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function batchCsv(rows: readonly BatchRow[]): string {
  const lines = [['term', 'hits', 'first', 'last', 'query', 'error'].join(',')];
  for (const r of rows) lines.push([r.term, r.hits, r.first, r.last, r.query, r.error].map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The terms of a textarea: one per line, trimmed, blank ones left out. */
export function batchLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
