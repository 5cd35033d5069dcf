/**
 * The header that starts every message line of a WhatsApp chat export, in the layouts phones
 * write (the date's field order and the clock follow the phone's locale):
 *
 *   iOS      `[25/12/2020, 21:05:09] Name: text`      `‎[12/25/20, 9:05:09 PM] Name: ‎image omitted`
 *   Android  `25/12/2020, 21:05 - Name: text`          `12/25/20, 9:05 PM - Name: text`
 *   German, Norwegian, …  `25.12.20, 21:05 - Name: text`  `[25.12.2020, 21:05:09] Name: text`
 *   others   `2020-12-25, 21:05 - …`, `25/12/2020 à 21:05 - …`, `12/25/20, 9:05 a. m. - …`
 *
 * iOS puts U+200E (left-to-right mark) before lines that carry an attachment or a system
 * notice; newer phones put U+202F (narrow no-break space) before AM/PM. Both are allowed.
 */
export interface WhatsAppHeader {
  layout: 'ios' | 'android';
  /** The three date fields in the order written; which is day and which month is decided per file. */
  fields: [number, number, number];
  /** The first field has four digits: year-month-day, no order to decide. */
  yearFirst: boolean;
  hour: number;
  minute: number;
  second: number;
  /** 'am'/'pm' on a 12-hour clock, null on a 24-hour clock. */
  meridiem: 'am' | 'pm' | null;
  /** Date and time exactly as written, for ids and reasons when the date cannot be read. */
  raw: string;
  /** The rest of the line: "Name: text" or a system notice. */
  rest: string;
}

/** Bidirectional marks and a BOM that phones sprinkle around headers and names. */
export const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const M = '[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]*';

const HEADER = new RegExp(
  `^${M}(\\[)?${M}` +
    // date: d/m/y, m/d/y, d.m.y, d-m-y, y-m-d (the separator used twice)
    `((\\d{1,4})([./-])(\\d{1,2})\\4(\\d{2,4}))` +
    // between date and time: ", " or " ", maybe a short word ("à", "um", "kl.")
    `(?:,\\s*|\\s+)(?:\\p{L}{1,3}\\.?\\s+)?` +
    // time: 21:05, 21:05:09, 21.05, with AM/PM, a.m./p.m., a. m.
    `((\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:\\s*([AaPp])\\.?\\s?[Mm]\\.?)?)${M}` +
    // iOS "] ", Android " - " (or an en dash)
    `(?:(\\])\\s?|\\s[-\\u2013]\\s)` +
    `(.*)$`,
  'u',
);

/** The header of a message line, or null when the line is not one (it continues a message). */
export function parseHeader(line: string): WhatsAppHeader | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const [, open, date, a, , b, c, time, h, mi, s, ap, close, rest] = m;
  if ((open === undefined) !== (close === undefined)) return null;
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const meridiem = ap === undefined ? null : ap.toLowerCase() === 'a' ? 'am' : 'pm';
  if (minute > 59 || second > 59 || (meridiem === null ? hour > 23 : hour < 1 || hour > 12)) return null;
  return {
    layout: open === undefined ? 'android' : 'ios',
    fields: [Number(a), Number(b), Number(c)],
    yearFirst: (a ?? '').length === 4,
    hour,
    minute,
    second,
    meridiem,
    raw: `${date ?? ''} ${time ?? ''}`,
    rest: rest ?? '',
  };
}

/** Day-first or month-first, as decided for a whole file. */
export type DateOrder = 'dmy' | 'mdy';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The header's wall time under `order`; null when that makes no calendar date. */
export function wallClock(h: WhatsAppHeader, order: DateOrder): WallClock | null {
  const [a, b, c] = h.fields;
  let year: number;
  let month: number;
  let day: number;
  if (h.yearFirst) [year, month, day] = [a, b, c];
  else if (order === 'dmy') [day, month, year] = [a, b, c];
  else [month, day, year] = [a, b, c];
  // Two-digit years: WhatsApp exists since 2009, so always 20yy.
  if (year < 100) year += 2000;
  if (year < 2009 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  let hour = h.hour;
  if (h.meridiem === 'am' && hour === 12) hour = 0;
  else if (h.meridiem === 'pm' && hour !== 12) hour += 12;
  return { year, month, day, hour, minute: h.minute, second: h.second };
}

/** '2020-12-25T21:05:09': the wall time as written, without a zone. */
export function wallIso(w: WallClock): string {
  const p = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}:${p(w.second)}`;
}
