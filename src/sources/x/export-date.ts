/**
 * The date forms platform exports write: X's own `Wed Oct 12 12:46:00 +0000 2016` (tweets),
 * ISO 8601 (DMs, note tweets, most CSV tools, with 'T' or a space, with or without a zone),
 * the pre-2019 archive's `2012-01-31 18:00:31 +0000`, and Unix time in seconds or
 * milliseconds. A date that cannot be read exactly is null: never guessed.
 */

export interface ExportDate {
  /** The instant, ISO 8601 UTC with milliseconds (`2016-10-12T12:46:00.000Z`). */
  utc: string;
  /** The offset the text gave, in minutes east of UTC; null when it gave none. */
  offsetMinutes: number | null;
  /** False when the text had no zone and was taken as UTC (the caller flags 'date-no-timezone'). */
  hasZone: boolean;
  /** False for a date without a time of day (taken as midnight). */
  hasTime: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Years accepted: anything outside is a corrupt or placeholder value, not a message date. */
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

/** Dates are short; a longer string is not looked at (a hostile cell must not cost regex time). */
const MAX_DATE_TEXT = 64;

/** Builds the instant and checks that every field was in range (no 30 February, no 25:00). */
function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: number,
): number | null {
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  if (Math.abs(offset) > 18 * 60) return null;
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  return local - offset * 60_000;
}

function result(
  t: number | null,
  offset: number | null,
  hasZone: boolean,
  hasTime = true,
): ExportDate | null {
  if (t === null || !Number.isFinite(t)) return null;
  return { utc: new Date(t).toISOString(), offsetMinutes: offset, hasZone, hasTime };
}

function zoneMinutes(zone: string): number | null {
  if (/^(z|utc|gmt|ut)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

const TWITTER = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4}) (\d{4})$/;

/** X's tweet date: `Wed Oct 12 12:46:00 +0000 2016` (the weekday is not checked). */
export function parseTwitterDate(text: string): ExportDate | null {
  const m = TWITTER.exec(text.trim().slice(0, MAX_DATE_TEXT));
  if (!m) return null;
  const mo = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
  const offset = zoneMinutes(m[6]!);
  if (mo === 0 || offset === null) return null;
  return result(build(+m[7]!, mo, +m[2]!, +m[3]!, +m[4]!, +m[5]!, 0, offset), offset, true);
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * ISO 8601 and its everyday variants: `2016-10-12T12:31:00.000Z`, `2016-10-12 11:40:00+00:00`,
 * `2012-01-31 18:00:31 +0000`, `2016-10-12 12:46` (no zone: hasZone false), `2016-10-12`
 * (no time: hasTime false).
 */
export function parseIsoDate(text: string): ExportDate | null {
  const m = ISO.exec(text.trim().slice(0, MAX_DATE_TEXT));
  if (!m) return null;
  const zone = m[8];
  const offset = zone === undefined ? 0 : zoneMinutes(zone);
  if (offset === null) return null;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  const hasTime = m[4] !== undefined;
  const t = build(
    +m[1]!,
    +m[2]!,
    +m[3]!,
    hasTime ? +m[4]! : 0,
    hasTime ? +m[5]! : 0,
    m[6] ? +m[6] : 0,
    ms,
    offset,
  );
  return result(t, zone === undefined ? null : offset, zone !== undefined, hasTime);
}

/** Milliseconds since 1970 (X's `createdAtMsec`), as a number or a string of digits. */
export function parseEpochMs(value: unknown): ExportDate | null {
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? +value : NaN;
  if (!Number.isFinite(n)) return null;
  const year = new Date(n).getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return result(n, 0, true);
}

/**
 * Unix time whose unit is told by its size: below 10^11 it is seconds (that is up to the year
 * 5138), above it milliseconds (from 1973 on); the two ranges of plausible message dates do
 * not overlap, so this is not a guess. Seconds may carry a fraction ('1476276360.5').
 */
export function parseUnixTime(value: unknown): ExportDate | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{9,13}(\.\d{1,6})?$/.test(value.trim())) n = Number(value.trim());
  else return null;
  if (!Number.isFinite(n) || n <= 0) return null;
  return parseEpochMs(n < 1e11 ? Math.round(n * 1000) : Math.round(n));
}

/** Any of the forms above, tried in turn. */
export function parseExportDate(value: unknown): ExportDate | null {
  if (typeof value === 'number') return parseUnixTime(value);
  if (typeof value !== 'string') return null;
  return parseIsoDate(value) ?? parseTwitterDate(value) ?? parseUnixTime(value);
}
