/**
 * Values of `date:`, `after:` and `before:` → the half-open UTC interval of DateNode.
 *
 * A date names a whole period: `2016` is the year, `2016-10` the month, `2016-10-12` the day.
 * - `date:X`      → [start of X, end of X)
 * - `date:A..B`   → [start of A, end of B): both ends inclusive of their whole period, so
 *                   `date:2016-10..2016-11` runs from 2016-10-01 to 2016-12-01
 * - `date:A..`    → [start of A, open);   `date:..B` → (open, end of B)
 * - `after:X`     → [end of X, open): after the whole period, as a reader means it
 * - `before:X`    → (open, start of X)
 * All bounds are UTC midnights: an item's `sentAt` is stored in UTC; a reporter who needs a
 * local day can widen the range by a day.
 */
import type { DateField } from './fields.js';
import { queryError } from './query-error.js';

/**
 * Years accepted. Below 1000 or above 2999 is a typo, never correspondence; the bound also
 * keeps every ISO string at four year digits.
 */
const MIN_YEAR = 1000;
const MAX_YEAR = 2999;

const DATE_SHAPE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

interface Period {
  start: number;
  end: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses one `YYYY[-MM[-DD]]`; `col` is the column of its first character, for errors. */
function parsePeriod(text: string, col: number): Period {
  const m = DATE_SHAPE.exec(text);
  if (m === null) {
    throw queryError(
      `'${text}' at column ${col} is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2016, 2016-10, 2016-10-12)`,
      col,
      { key: 'not-a-date', text },
    );
  }
  const year = Number(m[1]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw queryError(`year ${m[1]} at column ${col} is out of range (${MIN_YEAR}–${MAX_YEAR})`, col, {
      key: 'year-range',
      year: m[1] as string,
      min: MIN_YEAR,
      max: MAX_YEAR,
    });
  }
  if (m[2] === undefined) {
    return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
  }
  const month = Number(m[2]);
  if (month < 1 || month > 12) {
    throw queryError(`month ${m[2]} in '${text}' at column ${col + 5} does not exist (01–12)`, col + 5, {
      key: 'no-such-month',
      month: m[2],
    });
  }
  if (m[3] === undefined) {
    return { start: Date.UTC(year, month - 1, 1), end: Date.UTC(year, month, 1) };
  }
  const day = Number(m[3]);
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) {
    throw queryError(
      `day ${m[3]} in '${text}' at column ${col + 8} does not exist (that month has ${last} days)`,
      col + 8,
      { key: 'no-such-day', day: m[3], days: last },
    );
  }
  return { start: Date.UTC(year, month - 1, day), end: Date.UTC(year, month - 1, day + 1) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The interval for `field:value`; `col` is the column of the value's first character.
 * Throws InnsynError('bad-query') for a malformed or impossible date, a range on `after:` or
 * `before:`, an empty range `..` or a range that ends before it starts.
 */
export function parseDateRange(
  field: DateField,
  value: string,
  col: number,
): { from: string | null; to: string | null } {
  const dots = value.indexOf('..');
  if (dots < 0) {
    const p = parsePeriod(value, col);
    if (field === 'after') return { from: iso(p.end), to: null };
    if (field === 'before') return { from: null, to: iso(p.start) };
    return { from: iso(p.start), to: iso(p.end) };
  }
  if (field !== 'date') {
    throw queryError(
      `'${field}:' at column ${col} takes one date, not a range; use date:A..B for a range`,
      col,
      { key: 'one-date', field },
    );
  }
  const left = value.slice(0, dots);
  const right = value.slice(dots + 2);
  const rightCol = col + Array.from(left).length + 2;
  if (right.includes('..')) {
    throw queryError(
      `a date range has one '..', found another at column ${rightCol + right.indexOf('..')}`,
      rightCol,
      { key: 'two-ranges' },
    );
  }
  if (left === '' && right === '') {
    throw queryError(`'..' at column ${col} needs a date on at least one side (e.g. date:2016-10..)`, col, {
      key: 'empty-range',
    });
  }
  const a = left === '' ? null : parsePeriod(left, col);
  const b = right === '' ? null : parsePeriod(right, rightCol);
  if (a !== null && b !== null && b.end <= a.start) {
    throw queryError(`the date range at column ${col} ends (${right}) before it starts (${left})`, col, {
      key: 'range-backwards',
      from: left,
      to: right,
    });
  }
  return { from: a === null ? null : iso(a.start), to: b === null ? null : iso(b.end) };
}
