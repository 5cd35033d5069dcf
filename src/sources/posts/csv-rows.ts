/**
 * CSV as RFC 4180 defines it and as spreadsheets write it: fields separated by a delimiter
 * (',' by the RFC; ';' where the decimal comma is usual, tab for "Unicode text" exports),
 * rows ending in CRLF, LF or a lone CR (old Mac Excel), fields in double quotes holding
 * delimiters, quotes doubled ("") and line breaks. Rows are framed in code units of the input
 * (bytes for UTF-8, 16-bit units for UTF-16), so each row's exact byte range is known.
 *
 * Lenient where nothing is lost, and says so: a quote inside an unquoted field is kept as a
 * character; text after a closing quote (`"a"b`) is kept and the row flagged. A quoted field
 * that never closes cannot be framed: everything from its row on is reported broken.
 */

/** The input as indexable code units and a way to turn a range of them into text. */
export interface CsvText {
  units: Uint8Array | Uint16Array;
  /** Bytes per unit (1 or 2). */
  unitBytes: 1 | 2;
  /** Byte offset of unit 0 in the file (the BOM's length). */
  base: number;
  decode(start: number, end: number): string;
}

export interface CsvRow {
  /** 1-based line number where the row starts. */
  line: number;
  /** Unit range of the row, without its line ending. */
  start: number;
  end: number;
  fields: string[];
  /** Text followed a closing quote in some field (kept). */
  strayQuote: boolean;
}

export type CsvEvent =
  | { kind: 'row'; row: CsvRow }
  | { kind: 'broken'; line: number; start: number; end: number; problem: string };

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Line breaks in units [start, end): LF, and CR not followed by LF. */
function countBreaks(u: Uint8Array | Uint16Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = u[i];
    if (c === LF || (c === CR && u[i + 1] !== LF)) n++;
  }
  return n;
}

/** The rows of `text`, split on `delimiter` (a code unit: 0x2c ',', 0x3b ';', 0x09 tab, 0x7c '|'). */
export function* csvRows(text: CsvText, delimiter: number): Generator<CsvEvent> {
  const u = text.units;
  const n = u.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const rowStart = i;
    const rowLine = line;
    const fields: string[] = [];
    let strayQuote = false;
    let rowEnd = n;
    for (;;) {
      let value: string;
      if (u[i] === QUOTE) {
        let j = i + 1;
        let close = -1;
        while (j < n) {
          const q = u.indexOf(QUOTE, j);
          if (q < 0) break;
          if (u[q + 1] === QUOTE) {
            j = q + 2;
            continue;
          }
          close = q;
          break;
        }
        if (close < 0) {
          yield {
            kind: 'broken',
            line: rowLine,
            start: rowStart,
            end: n,
            problem: `a quoted field opened on line ${line} never closes (a quote is unbalanced or the file is cut off)`,
          };
          return;
        }
        line += countBreaks(u, i + 1, close);
        value = text.decode(i + 1, close).replace(/""/g, '"');
        i = close + 1;
        if (i < n && u[i] !== delimiter && u[i] !== CR && u[i] !== LF) {
          strayQuote = true;
          const k = i;
          while (i < n && u[i] !== delimiter && u[i] !== CR && u[i] !== LF) i++;
          value += text.decode(k, i);
        }
      } else {
        const k = i;
        while (i < n && u[i] !== delimiter && u[i] !== CR && u[i] !== LF) i++;
        value = text.decode(k, i);
      }
      fields.push(value);
      if (i >= n) break;
      const c = u[i];
      if (c === delimiter) {
        i++;
        if (i >= n) {
          fields.push('');
          break;
        }
        continue;
      }
      rowEnd = i;
      i += c === CR && u[i + 1] === LF ? 2 : 1;
      line++;
      break;
    }
    yield { kind: 'row', row: { line: rowLine, start: rowStart, end: rowEnd, fields, strayQuote } };
  }
}

const CANDIDATES = [0x2c, 0x3b, 0x09, 0x7c];

/**
 * The delimiter of a CSV file, from its first line: whichever of ',', ';', tab and '|' occurs
 * most often outside quotes (',' when none does, or on a tie with ',').
 */
export function sniffDelimiter(units: Uint8Array | Uint16Array, maxUnits = 64 * 1024): number {
  const counts = new Map<number, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  const end = Math.min(units.length, maxUnits);
  for (let i = 0; i < end; i++) {
    const c = units[i]!;
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = 0x2c;
  for (const c of CANDIDATES) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}
