/**
 * CSV rows (RFC 4180): fields separated by commas, rows ending in CRLF; a field holding a comma,
 * a quote, CR or LF is quoted with its quotes doubled.
 *
 * Formula injection (OWASP "CSV Injection"): a reporter opens items.csv in a spreadsheet, and a
 * subject or a name from a leaked message that starts with = + - @ (or a tab or CR, which some
 * spreadsheets skip before reading a formula) would run there as a formula (=HYPERLINK(…) can
 * send data away, DDE can start programs). Such a text cell gets a leading single quote, which
 * spreadsheets show as text. Numbers are ours and are written as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell made safe for a spreadsheet (see above). */
export function csvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One row, CRLF-terminated: strings are guarded against formulas, numbers written as is, null empty. */
export function csvRow(cells: ReadonlyArray<string | number | null>): string {
  return (
    cells
      .map((c) => {
        const s = c === null ? '' : typeof c === 'number' ? String(c) : csvText(c);
        return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      })
      .join(',') + '\r\n'
  );
}
