/**
 * The Date header (RFC 5322 §3.3) and the forms real mail has used instead: no weekday,
 * two- and three-digit years (§4.3: 00-49 is 20xx, 50-999 is +1900), named and military
 * zones, missing seconds, comments anywhere (`-0400 (EDT)`), `1-Jul-2003`, asctime order
 * (`Tue Jul  1 10:52:37 2003`), full month names, AM/PM, `GMT+0200`, `+02:00` and ISO 8601.
 *
 * Returns null when no calendar date and time can be read with confidence: an all-numeric
 * date like `07/01/2003` is day-first in Europe and month-first in the US, so it is not guessed.
 */

export interface ParsedDate {
  /** The instant, ISO 8601 in UTC (`2003-07-01T08:52:37.000Z`). */
  utc: string;
  /** The sender's offset from UTC in minutes (+0200 is 120); 0 when the zone was missing or unknown. */
  offsetMinutes: number;
  /**
   * The numeric zone could not be an offset (`-3000`): the time is read in the zone a comment
   * names (`-3000 (CST)` is CST), else as UTC. The caller flags it.
   */
  zoneInvalid?: true;
  /**
   * The zone was written without its sign (`23:37:59 0530`, some Windows mailers): read as east
   * of UTC, as Python's email package does. innsyn read it as UTC before 2026-11-28: `utcAsBefore`
   * is the instant read so, which the item id hashes (so that such mail keeps its id). The caller flags it.
   */
  zoneUnsigned?: { utcAsBefore: string };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Zone names in minutes east of UTC: RFC 5322 §4.3's list, plus the ones mailers still write. */
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  akst: -540,
  akdt: -480,
  hst: -600,
  ast: -240,
  adt: -180,
  nst: -210,
  ndt: -150,
  wet: 0,
  west: 60,
  bst: 60,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  mez: 60,
  mesz: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  msd: 240,
  ist: 330,
  sgt: 480,
  hkt: 480,
  awst: 480,
  jst: 540,
  kst: 540,
  acst: 570,
  aest: 600,
  aedt: 660,
  nzst: 720,
  nzdt: 780,
};

/** Longest input looked at: a Date header has no business being longer, and this bounds the work. */
const MAX_DATE_LENGTH = 256;

const ISO =
  /^\s*(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?\s*$/;

type Tok =
  | { kind: 'word'; text: string }
  | { kind: 'num'; text: string; signed: boolean }
  | { kind: 'time'; parts: number[] };

export function parseDate(value: string): ParsedDate | null {
  const raw = value.slice(0, MAX_DATE_LENGTH);
  let s = stripComments(raw);
  // A Date never holds ';'; a Received-style `by host with SMTP id x; <date>` has the date after it.
  const semi = s.lastIndexOf(';');
  if (semi >= 0) s = s.slice(semi + 1);
  const iso = ISO.exec(s);
  if (iso) {
    const off = iso[8] ? (iso[8] === '-' ? -1 : 1) * (Number(iso[9]) * 60 + Number(iso[10])) : 0;
    return build(+iso[1]!, +iso[2]!, +iso[3]!, +iso[4]!, +iso[5]!, iso[6] ? +iso[6] : 0, off);
  }
  const toks = tokenize(s);
  let month = 0;
  let time: number[] | null = null;
  let zone: number | null = null;
  let namedZone: number | null = null;
  let pm: boolean | null = null;
  let zoneInvalid = false;
  let unsigned = false;
  const nums: string[] = [];
  for (const t of toks) {
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      const m = monthOf(w);
      if (m > 0 && month === 0) month = m;
      else if (w === 'am' || w === 'pm') pm = w === 'pm';
      else if (Object.hasOwn(ZONES, w))
        namedZone ??= ZONES[w] as number; // `EST5EDT`: the first names the zone
      else if (w.length === 1 && time !== null) namedZone = 0; // military zones: RFC 5322 §4.3 says treat as -0000
      // Weekdays and other words (`at`, `h`) carry nothing we use.
    } else if (t.kind === 'time') {
      if (time === null) time = t.parts;
    } else if (
      !t.signed &&
      time !== null &&
      zone === null &&
      unsignedZone(t.text) !== null &&
      nums.some((n) => n.length >= 3)
    ) {
      // After the time and the year, four digits that read as an offset: a zone without its sign.
      zone = unsignedZone(t.text);
      unsigned = true;
    } else if (t.signed && time !== null && zone === null) {
      zone = signedZone(t.text);
      if (zone === null) {
        zone = commentZone(raw) ?? 0;
        zoneInvalid = true;
      }
    } else {
      nums.push(t.text.replace(/^[+-]/, ''));
    }
  }
  if (time === null) return null;
  let day: number;
  let year: number;
  if (month !== 0) {
    const yIdx = nums.findIndex((n) => n.length >= 3);
    if (yIdx >= 0) {
      year = Number(nums[yIdx]);
      const rest = nums.filter((_, k) => k !== yIdx);
      if (rest.length < 1) return null;
      day = Number(rest[0]);
    } else {
      if (nums.length < 2) return null;
      day = Number(nums[0]);
      year = Number(nums[1]);
    }
  } else {
    // All-numeric: year-first (2003/07/01) is unambiguous; day and month before the year only
    // when one of them cannot be a month (20 11 79); 07/01/2003 is not guessed.
    if (nums.length < 3) return null;
    const [a, b, c] = nums.map(Number) as [number, number, number];
    if ((nums[0] as string).length === 4) {
      year = a;
      month = b;
      day = c;
    } else if (a > 12 && b <= 12) {
      day = a;
      month = b;
      year = c;
    } else if (b > 12 && a <= 12) {
      month = a;
      day = b;
      year = c;
    } else {
      return null;
    }
  }
  const yearDigits = String(year).length;
  if (yearDigits <= 2 && year < 50) year += 2000;
  else if (yearDigits <= 3 && year < 1000) year += 1900;
  let hour = time[0] as number;
  if (pm === true && hour < 12) hour += 12;
  if (pm === false && hour === 12) hour = 0;
  const date = build(year, month, day, hour, time[1] as number, time[2] ?? 0, zone ?? namedZone ?? 0);
  if (date && unsigned) {
    const before = build(year, month, day, hour, time[1] as number, time[2] ?? 0, namedZone ?? 0);
    return before ? { ...date, zoneUnsigned: { utcAsBefore: before.utc } } : date;
  }
  return date && zoneInvalid ? { ...date, zoneInvalid: true } : date;
}

/** A zone name alone in a comment (`(CST)`), in minutes east of UTC, or null. */
function commentZone(value: string): number | null {
  for (const m of value.matchAll(/\(\s*([A-Za-z]{1,5})\s*\)/g)) {
    const w = (m[1] as string).toLowerCase();
    if (Object.hasOwn(ZONES, w)) return ZONES[w] as number;
  }
  return null;
}

/** `0530` as +05:30 in minutes when it can be a real zone (up to 14 hours, in quarter hours, not 0000); else null. */
function unsignedZone(text: string): number | null {
  if (!/^\d{4}$/.test(text)) return null;
  const h = Number(text.slice(0, 2));
  const m = Number(text.slice(2));
  return h <= 14 && m % 15 === 0 && m < 60 && h + m > 0 ? h * 60 + m : null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  off: number,
): ParsedDate | null {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  if (h > 23 || mi > 59 || s > 60 || Math.abs(off) >= 24 * 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59)) - off * 60_000;
  return { utc: new Date(ms).toISOString(), offsetMinutes: off };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function monthOf(w: string): number {
  if (w.length < 3) return 0;
  const i = MONTHS.indexOf(w.slice(0, 3));
  if (i < 0) return 0;
  // `Jul`, `July`, `Sept`: a prefix of the full name; not `Mayday`.
  return (FULL_MONTHS[i] as string).startsWith(w) || w === 'sept' ? i + 1 : 0;
}

/** `+0200`, `-0330`, `+02:00`, `+02`: minutes east of UTC, or null when out of range. */
function signedZone(t: string): number | null {
  const sign = t[0] === '-' ? -1 : 1;
  const d = t.slice(1).replace(':', '');
  let h: number;
  let m: number;
  if (d.length === 4) {
    h = Number(d.slice(0, 2));
    m = Number(d.slice(2));
  } else if (d.length <= 2) {
    h = Number(d);
    m = 0;
  } else if (d.length === 3) {
    h = Number(d.slice(0, 1));
    m = Number(d.slice(1));
  } else {
    return null;
  }
  if (m > 59 || h > 23) return null;
  return sign * (h * 60 + m);
}

function stripComments(s: string): string {
  if (!s.includes('(')) return s;
  let out = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (depth > 0) {
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) out += ' ';
      continue;
    }
    if (c === '(') {
      depth = 1;
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

function tokenize(s: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isLetter(c)) {
      const a = i;
      while (i < s.length && isLetter(s.charCodeAt(i))) i++;
      toks.push({ kind: 'word', text: s.slice(a, i) });
    } else if (isDigit(c) || ((c === 0x2b || c === 0x2d) && isDigit(s.charCodeAt(i + 1)))) {
      const a = i;
      const signed = !isDigit(c);
      if (signed) i++;
      while (i < s.length && (isDigit(s.charCodeAt(i)) || s.charCodeAt(i) === 0x3a)) i++;
      const text = s.slice(a, i);
      if (!signed && text.includes(':')) {
        const parts = text.split(':').filter((p) => p !== '');
        // Fractional seconds are dropped.
        if (s.charCodeAt(i) === 0x2e && isDigit(s.charCodeAt(i + 1)))
          while (i < s.length && (isDigit(s.charCodeAt(i)) || s.charCodeAt(i) === 0x2e)) i++;
        if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.length > 2)) {
          toks.push({ kind: 'num', text: parts[0] ?? '0', signed: false });
        } else {
          toks.push({ kind: 'time', parts: parts.map(Number) });
        }
      } else {
        toks.push({ kind: 'num', text, signed });
      }
    } else {
      i++;
    }
  }
  return toks;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
