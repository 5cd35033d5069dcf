/**
 * Time arithmetic of the timeline, in UTC as the API buckets (src/analysis/timeline.ts): hours,
 * days, ISO weeks starting on Monday and calendar months. Pure functions on epoch milliseconds.
 */

export type Bucket = 'hour' | 'day' | 'week' | 'month';
export const BUCKETS: readonly Bucket[] = ['hour', 'day', 'week', 'month'];

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
/** A month's length for estimates (how many buckets fit); never for boundaries. */
export const MONTH_APPROX = 30.44 * DAY;
/** 1970-01-05 was a Monday: ISO weeks are counted from it, as the server does. */
const MONDAY = 4 * DAY;

/** Typical length of one bucket, for choosing a bucket and estimating counts. */
export function bucketLength(b: Bucket): number {
  return b === 'hour' ? HOUR : b === 'day' ? DAY : b === 'week' ? WEEK : MONTH_APPROX;
}

export function isBucket(s: string | null): s is Bucket {
  return s !== null && (BUCKETS as readonly string[]).includes(s);
}

/** The start of the bucket holding `t`. */
export function bucketFloor(t: number, b: Bucket): number {
  switch (b) {
    case 'hour':
      return Math.floor(t / HOUR) * HOUR;
    case 'day':
      return Math.floor(t / DAY) * DAY;
    case 'week':
      return Math.floor((t - MONDAY) / WEEK) * WEEK + MONDAY;
    case 'month': {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    }
  }
}

/** The start of the bucket after the one starting at (or holding) `t`. */
export function bucketNext(t: number, b: Bucket): number {
  if (b !== 'month') return bucketFloor(t, b) + bucketLength(b);
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The smallest bucket boundary at or after `t`. */
export function bucketCeil(t: number, b: Bucket): number {
  const f = bucketFloor(t, b);
  return f === t ? t : bucketNext(f, b);
}

/**
 * Narrowest bar a bucket gets when the bucket is chosen for the reader (Auto): narrower bars
 * are hard to hover, click and tell apart.
 */
export const MIN_AUTO_BAR_PX = 4;

/**
 * The finest bucket whose bars over `span` milliseconds are at least MIN_AUTO_BAR_PX wide on
 * `widthPx` pixels; months when even those are narrower.
 */
export function autoBucket(span: number, widthPx: number): Bucket {
  const fits = Math.max(1, widthPx) / MIN_AUTO_BAR_PX;
  for (const b of BUCKETS) if (span / bucketLength(b) <= fits) return b;
  return 'month';
}

/**
 * Buckets drawn at most at once. An hourly view of ten years would be 87,600 bars and a
 * megabyte-sized answer; beyond this the page takes a coarser bucket and says so.
 */
export const MAX_VIEW_BUCKETS = 20_000;

/** `wanted` when the span holds at most MAX_VIEW_BUCKETS of it, else the first coarser one that fits. */
export function feasibleBucket(wanted: Bucket, span: number): Bucket {
  for (const b of BUCKETS.slice(BUCKETS.indexOf(wanted))) {
    if (span / bucketLength(b) <= MAX_VIEW_BUCKETS) return b;
  }
  return 'month';
}

/** Years the query language accepts in a date (src/query/date-range.ts): 1000–2999. */
export const MIN_QUERY_TIME = Date.UTC(1000, 0, 1);
export const MAX_QUERY_TIME = Date.UTC(3000, 0, 1) - 1;

/** `YYYY-MM-DD` of a time, in UTC. */
export function isoDay(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}
