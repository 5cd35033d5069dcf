import { fieldTerm, typeBuckets } from './facet-term.js';
import { ATTACHMENT_TYPES } from '../query/fields.js';
import type { FacetBucket, Facets, Histogram, HistogramOptions } from './store.js';
import { NO_DATE, type Dictionary, type FacetIndex } from './facet-index.js';
import { folderLabels } from '../model/folders.js';
import { FirstK } from './first-k.js';

/**
 * Most buckets in one histogram. The auto interval keeps to TARGET_HISTOGRAM_BUCKETS; this stops
 * a forced `day` interval over decades, or a span from a broken year-0001 date to today, from
 * answering with a megabyte of empty buckets. The earliest matches are then left out and counted
 * in `clipped`.
 */
export const MAX_HISTOGRAM_BUCKETS = 1000;
/** The auto interval picks the finest one with at most this many buckets. */
export const TARGET_HISTOGRAM_BUCKETS = 200;

const DAY_MS = 86_400_000;

/** Facet values are query terms (../facet-term.ts, the same in every dialect). */
export { fieldTerm };

/** Matching rowids, or null for every item. */
export type Matches = ArrayLike<number> | null;

/**
 * The matching rowids that hold an item, as one array the counting loops walk without a call
 * per match: `matches` itself when every rowid in it does (the usual case), else those that do.
 * A rowid above maxN was written after the index was brought up to date (another process).
 */
function rowsOf(index: FacetIndex, matches: Matches): ArrayLike<number> {
  const { kind, maxN } = index;
  if (matches === null) {
    const all = new Int32Array(index.items);
    let k = 0;
    for (let n = 1; n <= maxN && k < all.length; n++) if (kind[n] !== 0) all[k++] = n;
    return k === all.length ? all : all.subarray(0, k);
  }
  let held = 0;
  for (let i = 0; i < matches.length; i++) {
    const n = matches[i] as number;
    if (n <= maxN && kind[n] !== 0) held++;
  }
  if (held === matches.length) return matches;
  const rows = new Int32Array(held);
  let k = 0;
  for (let i = 0; i < matches.length; i++) {
    const n = matches[i] as number;
    if (n <= maxN && kind[n] !== 0) rows[k++] = n;
  }
  return rows;
}

/** The facets of the matches, in one pass over them. */
export function countFacets(index: FacetIndex, matches: Matches, limit: number): Facets {
  const kind = new Int32Array(index.kinds.values.length);
  const platform = new Int32Array(index.platforms.values.length);
  const lang = new Int32Array(index.langs.values.length);
  const from = new Int32Array(index.addresses.values.length);
  const to = new Int32Array(index.addresses.values.length);
  const types = new Int32Array(ATTACHMENT_TYPES.length);
  // Months counted in an array over every month the index holds (a Map update per match cost more).
  const firstMonth = index.minMonth;
  const monthCounts = new Int32Array(index.maxMonth >= firstMonth ? index.maxMonth - firstMonth + 1 : 0);
  let withAttachments = 0;
  const rows = rowsOf(index, matches);
  const all = rows.length;
  const { toStart, toEnd, toCodes, month } = index;
  const kindOf = index.kind;
  const platformOf = index.platform;
  const langOf = index.lang;
  const fromOf = index.from;
  const attachmentsOf = index.attachments;
  const typesOf = index.types;
  const folders = new Int32Array(index.folders.values.length);
  // The folder buckets an item already counted in (by match number), when it has several folders.
  const counted = new Int32Array(index.folders.values.length).fill(-1);
  const { folder: folderOf, hasMoreFolders, moreFolders, folderCovers } = index;
  /** Counts match i under the buckets of folder `code` it was not counted in yet. */
  const countFolderOnce = (code: number, i: number): void => {
    for (const b of folderCovers[code] as number[]) {
      if (counted[b] === i) continue;
      counted[b] = i;
      (folders[b] as number)++;
    }
  };
  for (let i = 0; i < all; i++) {
    const n = rows[i] as number;
    (kind[kindOf[n] as number] as number)++;
    (platform[platformOf[n] as number] as number)++;
    (lang[langOf[n] as number] as number)++;
    (from[fromOf[n] as number] as number)++;
    withAttachments += attachmentsOf[n] as number;
    const t = typesOf[n] as number;
    if (t !== 0) for (let k = 0; k < types.length; k++) if (t & (1 << k)) (types[k] as number)++;
    const m = month[n] as number;
    if (m !== NO_DATE) (monthCounts[m - firstMonth] as number)++;
    const f = folderOf[n] as number;
    if (f !== 0) {
      if (hasMoreFolders[n] === 0) for (const b of folderCovers[f] as number[]) (folders[b] as number)++;
      else {
        countFolderOnce(f, i);
        for (const code of moreFolders.get(n) as number[]) countFolderOnce(code, i);
      }
    }
    // An item counts once per distinct recipient (a list may name one twice).
    const start = toStart[n] as number;
    const end = toEnd[n] as number;
    for (let k = start; k < end; k++) {
      const a = toCodes[k] as number;
      let dup = false;
      for (let j = start; j < k; j++) if (toCodes[j] === a) dup = true;
      if (!dup) (to[a] as number)++;
    }
  }
  const months = new Map<number, number>();
  for (let k = 0; k < monthCounts.length; k++) {
    if (monthCounts[k] !== 0) months.set(firstMonth + k, monthCounts[k] as number);
  }
  const years = new Map<number, number>();
  for (const [m, c] of months) years.set(Math.floor(m / 12), (years.get(Math.floor(m / 12)) ?? 0) + c);
  const address = (field: 'from' | 'to') => (code: number, count: number) => {
    const value = index.addresses.values[code] as string;
    return { value: fieldTerm(field, value), label: index.label(code) ?? value, count };
  };
  const exact = (field: string, dict: Dictionary) => (code: number, count: number) => {
    const value = dict.values[code] as string;
    return { value: fieldTerm(field, value), label: value, count };
  };
  const hasAttachment: FacetBucket[] = [];
  if (withAttachments > 0)
    hasAttachment.push({ value: 'has:attachment', label: 'with attachments', count: withAttachments });
  if (all - withAttachments > 0)
    hasAttachment.push({
      value: '-has:attachment',
      label: 'without attachments',
      count: all - withAttachments,
    });
  return {
    from: topBuckets(from, limit, address('from')),
    to: topBuckets(to, limit, address('to')),
    year: chronological(years, limit, (y) => pad(y, 4)),
    month: chronological(months, limit, (m) => `${pad(Math.floor(m / 12), 4)}-${pad(mod12(m) + 1, 2)}`),
    kind: topBuckets(kind, limit, exact('kind', index.kinds)),
    platform: topBuckets(platform, limit, exact('platform', index.platforms)),
    lang: topBuckets(lang, limit, exact('lang', index.langs)),
    hasAttachment,
    type: typeBuckets(types, limit),
    folder: folderBuckets(index, folders, limit),
  };
}

/** The folder facet: labels as short as the buckets shown leave them distinct (model/folders.ts). */
function folderBuckets(index: FacetIndex, counts: Int32Array, limit: number): FacetBucket[] {
  const top = topBuckets(counts, limit, (code, count) => {
    const name = index.folders.values[code] as string;
    return { value: fieldTerm('folder', index.folderQuery(code)), label: name, count };
  });
  const labels = folderLabels(top.map((b) => b.label));
  return top.map((b, i) => ({ ...b, label: labels[i] as string }));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * The `limit` largest counts (code 0, "none", left out), largest first, ties by code (first
 * seen first), kept in a bounded heap (first-k.ts): a facet over 100,000 senders is not sorted whole.
 */
function topBuckets(
  counts: Int32Array,
  limit: number,
  bucket: (code: number, count: number) => FacetBucket,
): FacetBucket[] {
  // Larger counts first, ties by code.
  const first = new FirstK(limit, (a, b) => {
    const ca = counts[a] as number;
    const cb = counts[b] as number;
    return ca > cb || (ca === cb && a < b);
  });
  for (let code = 1; code < counts.length; code++) if (counts[code] !== 0) first.offer(code);
  return first.sorted().map((code) => bucket(code, counts[code] as number));
}

/** The `limit` largest periods, then in date order. */
function chronological(
  counts: Map<number, number>,
  limit: number,
  key: (k: number) => string,
): FacetBucket[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .sort((a, b) => a[0] - b[0])
    .map(([k, count]) => ({ value: `date:${key(k)}`, label: key(k), count }));
}

type Interval = Histogram['interval'];

/** Matches per period, contiguous from the first dated match to the last. */
export function countHistogram(
  index: FacetIndex,
  matches: Matches,
  options: HistogramOptions = {},
): Histogram {
  const rows = rowsOf(index, matches);
  const { day, month } = index;
  let minDay = Infinity;
  let maxDay = -Infinity;
  let undated = 0;
  for (let i = 0; i < rows.length; i++) {
    const d = day[rows[i] as number] as number;
    if (d === NO_DATE) undated++;
    else {
      if (d < minDay) minDay = d;
      if (d > maxDay) maxDay = d;
    }
  }
  const requested = options.interval ?? 'auto';
  if (minDay === Infinity) {
    return { interval: requested === 'auto' ? 'month' : requested, buckets: [], undated, clipped: 0 };
  }
  // A later day is never in an earlier month: the first and last day give the months' span.
  const minMonth = monthOfDay(minDay);
  const maxMonth = monthOfDay(maxDay);
  const spans: Record<Interval, number> = {
    day: maxDay - minDay + 1,
    month: maxMonth - minMonth + 1,
    year: Math.floor(maxMonth / 12) - Math.floor(minMonth / 12) + 1,
  };
  const interval: Interval =
    requested !== 'auto'
      ? requested
      : spans.day <= TARGET_HISTOGRAM_BUCKETS
        ? 'day'
        : spans.month <= TARGET_HISTOGRAM_BUCKETS
          ? 'month'
          : 'year';
  const last = interval === 'day' ? maxDay : interval === 'month' ? maxMonth : Math.floor(maxMonth / 12);
  const size = Math.min(spans[interval], MAX_HISTOGRAM_BUCKETS);
  const first = last - size + 1;
  const counts = new Int32Array(size);
  let clipped = 0;
  for (let i = 0; i < rows.length; i++) {
    const n = rows[i] as number;
    const d = day[n] as number;
    if (d === NO_DATE) continue;
    const k =
      interval === 'day'
        ? d
        : interval === 'month'
          ? (month[n] as number)
          : Math.floor((month[n] as number) / 12);
    if (k < first) clipped++;
    else (counts[k - first] as number)++;
  }
  const startOf = (k: number): number =>
    interval === 'day' ? k * DAY_MS : interval === 'month' ? utc(Math.floor(k / 12), mod12(k)) : utc(k, 0);
  const buckets: Histogram['buckets'] = [];
  let start = isoUtc(startOf(first));
  for (let i = 0; i < size; i++) {
    const end = isoUtc(startOf(first + i + 1));
    buckets.push({ start, end, count: counts[i] as number });
    start = end;
  }
  return { interval, buckets, undated, clipped };
}

/** UTC year * 12 + month (0-11) of a day since 1970-01-01, as the index's `month`. */
function monthOfDay(d: number): number {
  const date = new Date(d * DAY_MS);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** The first instant of a UTC month. Not Date.UTC, which reads years 0-99 as 1900-1999. */
function utc(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

function mod12(m: number): number {
  return ((m % 12) + 12) % 12;
}

/** ISO 8601 UTC (years outside 0000-9999 in the expanded form, `+010000-…`). */
function isoUtc(ms: number): string {
  return new Date(ms).toISOString();
}
