import { InnsynError } from '../model/errors.js';
import type { AnalysisItem } from './analysis-item.js';
import { isDated } from './analysis-time.js';

/**
 * Every item of every source on one time axis, private and public apart, in fixed buckets
 * (hour, day, ISO week starting Monday, calendar month), in UTC. Every bucket from the first
 * dated item's to the last's is present, empty ones included, so a chart can plot the list as
 * it is. Lanes (`byPerson`) go by sender: what a person said, privately and publicly.
 */

export type TimelineBucket = 'hour' | 'day' | 'week' | 'month';

/**
 * At most this many buckets: hourly buckets over one stray item dated 1970 and the rest in 2016
 * would be 400,000 rows of nothing. Refused with advice rather than built.
 */
export const MAX_TIMELINE_BUCKETS = 100_000;

export interface TimelineOptions {
  bucket: TimelineBucket;
  /** Only 'UTC' so far; buckets in a local zone (DST-length days) are future work. */
  timeZone?: 'UTC';
}

export interface TimelineCounts {
  private: number;
  public: number;
}

export interface TimelineRow {
  /** ISO 8601 UTC of the bucket's first millisecond. */
  start: string;
  private: number;
  public: number;
  /**
   * Counts by sender's person key (items without a sender count only in the totals). A
   * null-prototype object: keys are data, and '__proto__' must stay a key.
   */
  byPerson: Record<string, TimelineCounts>;
}

export interface Timeline {
  bucket: TimelineBucket;
  timeZone: 'UTC';
  buckets: TimelineRow[];
  /** Items with no usable date: not on the axis, counted here so the totals add up. */
  undated: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-05 was a Monday: ISO weeks are counted from it (1970-01-01 was a Thursday). */
const MONDAY = 4 * DAY;

/** Bucket number of a time (integers, consecutive for consecutive buckets). */
function bucketIndex(bucket: TimelineBucket, t: number): number {
  switch (bucket) {
    case 'hour':
      return Math.floor(t / HOUR);
    case 'day':
      return Math.floor(t / DAY);
    case 'week':
      return Math.floor((t - MONDAY) / WEEK);
    case 'month': {
      const d = new Date(t);
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
  }
}

/** The first millisecond of a bucket number. */
function bucketStart(bucket: TimelineBucket, index: number): number {
  switch (bucket) {
    case 'hour':
      return index * HOUR;
    case 'day':
      return index * DAY;
    case 'week':
      return index * WEEK + MONDAY;
    case 'month': {
      const year = Math.floor(index / 12);
      const d = new Date(0);
      d.setUTCFullYear(year, index - year * 12, 1); // Date.UTC would map years 0–99 to 1900–1999
      return d.getTime();
    }
  }
}

const BUCKETS: readonly TimelineBucket[] = ['hour', 'day', 'week', 'month'];

/**
 * The timeline of `items`. O(n + buckets) time and memory. Throws InnsynError('usage') for an
 * unknown bucket or time zone, and when more than MAX_TIMELINE_BUCKETS buckets would be needed.
 */
export function timeline(items: readonly AnalysisItem[], options: TimelineOptions): Timeline {
  const bucket = options.bucket;
  if (!BUCKETS.includes(bucket)) {
    throw new InnsynError(
      'usage',
      `unknown timeline bucket '${String(bucket)}'; use one of ${BUCKETS.join(', ')}.`,
    );
  }
  if (options.timeZone !== undefined && options.timeZone !== 'UTC') {
    throw new InnsynError(
      'usage',
      `time zone '${String(options.timeZone)}' is not supported; timelines are in UTC.`,
    );
  }

  let undated = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const item of items) {
    if (!isDated(item)) {
      undated++;
      continue;
    }
    if (item.sentAt < min) min = item.sentAt;
    if (item.sentAt > max) max = item.sentAt;
  }
  if (min === Infinity) return { bucket, timeZone: 'UTC', buckets: [], undated };

  const first = bucketIndex(bucket, min);
  const count = bucketIndex(bucket, max) - first + 1;
  if (count > MAX_TIMELINE_BUCKETS) {
    const coarser = BUCKETS.slice(BUCKETS.indexOf(bucket) + 1);
    throw new InnsynError(
      'usage',
      `a timeline by ${bucket} from ${new Date(min).toISOString()} to ${new Date(max).toISOString()} would have ` +
        `${count} buckets, more than the limit of ${MAX_TIMELINE_BUCKETS}; choose a coarser bucket` +
        (coarser.length > 0 ? ` (${coarser.join(', ')})` : '') +
        ' or narrow the dates (a stray date far from the rest is often the cause).',
    );
  }

  const rows: TimelineRow[] = new Array<TimelineRow>(count);
  for (let i = 0; i < count; i++) {
    rows[i] = {
      start: new Date(bucketStart(bucket, first + i)).toISOString(),
      private: 0,
      public: 0,
      byPerson: Object.create(null) as Record<string, TimelineCounts>,
    };
  }
  for (const item of items) {
    if (!isDated(item)) continue;
    const row = rows[bucketIndex(bucket, item.sentAt) - first] as TimelineRow;
    const kind = item.visibility === 'private' ? 'private' : 'public';
    row[kind]++;
    if (item.from !== null) {
      const counts = (row.byPerson[item.from] ??= { private: 0, public: 0 });
      counts[kind]++;
    }
  }
  return { bucket, timeZone: 'UTC', buckets: rows, undated };
}
