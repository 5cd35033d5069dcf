/**
 * Dates, numbers and sizes for the chosen locale. Times are shown in UTC everywhere (the
 * evidence is compared across time zones; "15 minutes later" must mean the same to everyone),
 * with the sender's own clock beside it on the item page.
 */
import type { HistogramInterval } from '../api/api-types.js';

/** Intl formatters are slow to build; a result page formats 50 dates per render. */
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d|${locale}|${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
    cache.set(k, f);
  }
  return f;
}

function parse(iso: string | null): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 12 Oct 2016, 12:31 (UTC). */
export function formatDateTime(iso: string | null, locale: string): string | null {
  const d = parse(iso);
  if (!d) return null;
  return dateFormat(locale, 'dt', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** 12 Oct 2016, 12:31:05 (UTC), for the item page where seconds can matter. */
export function formatDateTimeLong(iso: string | null, locale: string): string | null {
  const d = parse(iso);
  if (!d) return null;
  return dateFormat(locale, 'dtl', {
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** "+02:00", "−04:00" (with a real minus sign), from minutes east of UTC. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const abs = Math.abs(minutes);
  const h = String(Math.floor(abs / 60)).padStart(2, '0');
  const m = String(abs % 60).padStart(2, '0');
  return `${sign}${h}:${m}`;
}

/** The wall-clock time the sender saw: UTC shifted by the original offset. */
export function formatAtOffset(iso: string | null, offsetMinutes: number, locale: string): string | null {
  const d = parse(iso);
  if (!d) return null;
  return formatDateTimeLong(new Date(d.getTime() + offsetMinutes * 60_000).toISOString(), locale);
}

/** One histogram period: "2016", "Oct 2016" or "12 Oct 2016". */
export function formatPeriod(iso: string, interval: HistogramInterval, locale: string): string {
  const d = parse(iso);
  if (!d) return iso;
  const options: Intl.DateTimeFormatOptions =
    interval === 'year'
      ? { year: 'numeric' }
      : interval === 'month'
        ? { month: 'short', year: 'numeric' }
        : { day: 'numeric', month: 'short', year: 'numeric' };
  return dateFormat(locale, `p${interval}`, options).format(d);
}

export function formatNumber(n: number, locale: string): string {
  const k = `n|${locale}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale);
    cache.set(k, f);
  }
  return f.format(n);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1 536 → "1.5 KB" (1024-based, as file managers show). */
export function formatBytes(n: number, locale: string): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 || v >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v)} ${UNITS[u]}`;
}

/** A file time (ms since 1970) as a UTC date and time; null when it is not a valid time. */
export function formatEpochMs(ms: number, locale: string): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : formatDateTime(d.toISOString(), locale);
}

/** 09:10 (UTC): the time on a chat bubble; the day is on the separator above it. */
export function formatTime(iso: string | null, locale: string): string | null {
  const d = parse(iso);
  if (!d) return null;
  return dateFormat(locale, 't', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
}

/** Friday 21 October 2016 (UTC): a day separator in a conversation. */
export function formatDay(iso: string | null, locale: string): string | null {
  const d = parse(iso);
  if (!d) return null;
  return dateFormat(locale, 'day', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(d);
}

/**
 * The same moment on the reader's own clock (the browser's time zone), for a tooltip: UTC is
 * what the page compares by, but "at 2 in the night" is easier to see on one's own clock.
 */
export function formatLocalDateTime(iso: string | null, locale: string): string | null {
  const d = parse(iso);
  if (!d) return null;
  const k = `l|${locale}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    cache.set(k, f);
  }
  return f.format(d);
}

let zone: string | null = null;

/** The reader's time zone as the browser names it ("Europe/Oslo"); asked once (building a formatter is slow). */
export function localTimeZone(): string {
  zone ??= new Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'local';
  return zone;
}

/** "message" → "Message", as a facet's labels are set (in the reader's language's rules). */
export function capitalise(label: string, lang: string): string {
  return label.charAt(0).toLocaleUpperCase(lang) + label.slice(1);
}

/**
 * A language code of the material (`en`, `no`) by its name in the reader's language ("English",
 * "Norsk"); null where the browser does not know the code.
 */
export function languageName(code: string, lang: string): string | null {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(code);
    return name === undefined || name === code ? null : capitalise(name, lang);
  } catch {
    return null; // not a language code the browser takes
  }
}
