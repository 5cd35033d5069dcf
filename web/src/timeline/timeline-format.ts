/**
 * Words for times on the timeline, in the reader's language and always in UTC (as every page
 * of innsyn: "15 minutes later" must mean the same to everyone).
 */
import type { TickKind } from './timeline-scale.js';
import type { Bucket } from './timeline-time.js';
import { DAY, HOUR, MINUTE } from './timeline-time.js';

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(locale: string, key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${locale}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options });
    cache.set(k, f);
  }
  return f;
}

const OPTIONS: Record<TickKind, Intl.DateTimeFormatOptions> = {
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { day: 'numeric', month: 'short' },
  dayYear: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'short' },
  monthYear: { month: 'short', year: 'numeric' },
  year: { year: 'numeric' },
};

/** An axis label: "14:00", "12 Oct", "12 Oct 2016", "Oct", "Oct 2016", "2017". */
export function formatTick(t: number, kind: TickKind, locale: string): string {
  return fmt(locale, `tick-${kind}`, OPTIONS[kind]).format(t);
}

/** 12 Oct 2016. */
export function formatDay(t: number, locale: string): string {
  return formatTick(t, 'dayYear', locale);
}

/** 12 Oct 2016, 12:31. */
export function formatInstant(t: number, locale: string): string {
  return fmt(locale, 'instant', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(t);
}

/**
 * The period of one bucket: "12 Oct 2016, 14:00–15:00", "12 Oct 2016", "10–16 Oct 2016"
 * (a week, Monday to Sunday), "Oct 2016".
 */
export function formatBucket(start: number, end: number, bucket: Bucket, locale: string): string {
  switch (bucket) {
    case 'hour':
      return `${formatDay(start, locale)}, ${formatTick(start, 'time', locale)}–${formatTick(end, 'time', locale)}`;
    case 'day':
      return formatDay(start, locale);
    case 'week':
      return formatRange(start, end, locale);
    case 'month':
      return formatTick(start, 'monthYear', locale);
  }
}

/**
 * A span [start, end): whole days as "10 Oct 2016 – 14 Oct 2016" (the last day inclusive), or
 * one day; otherwise with times of day.
 */
export function formatRange(start: number, end: number, locale: string): string {
  if (start % DAY === 0 && end % DAY === 0) {
    const a = formatDay(start, locale);
    const b = formatDay(end - DAY, locale);
    return a === b ? a : `${a} – ${b}`;
  }
  return `${formatInstant(start, locale)} – ${formatInstant(end, locale)}`;
}

/** Days, hours and minutes of a latency, every part kept: "1 d 21 h 11 min", "15 min". */
export function latencyParts(seconds: number): { days: number; hours: number; minutes: number } {
  const ms = Math.max(0, Math.round(seconds / 60)) * MINUTE;
  return {
    days: Math.floor(ms / DAY),
    hours: Math.floor((ms % DAY) / HOUR),
    minutes: Math.floor((ms % HOUR) / MINUTE),
  };
}
