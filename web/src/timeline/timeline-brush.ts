/**
 * From what the reader picked on the timeline to a search: a brushed span snapped to whole
 * buckets, the span as a `date:` term, the query of one bar (a sender, private or public, one
 * period), and the queries the page sends to the API for a zoomed-in window.
 *
 * The query language's dates are whole UTC days (README.md, src/query/date-range.ts), so a span
 * of hours searches the days that hold it; the page says so where it matters.
 */
import { addTerm, setDateTerm } from '../search/query-edit.js';
import type { Band } from './timeline-layout.js';
import type { View } from './timeline-scale.js';
import {
  type Bucket,
  bucketFloor,
  bucketNext,
  DAY,
  isoDay,
  MAX_QUERY_TIME,
  MIN_QUERY_TIME,
} from './timeline-time.js';

/** The whole buckets from the one holding `a` to the one holding `b` (either order). */
export function snapSpan(a: number, b: number, bucket: Bucket): View {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return { start: bucketFloor(lo, bucket), end: bucketNext(hi, bucket) };
}

const clampTime = (t: number): number => Math.min(MAX_QUERY_TIME, Math.max(MIN_QUERY_TIME, t));

function isMonthStart(t: number): boolean {
  const d = new Date(t);
  return t % DAY === 0 && d.getUTCDate() === 1;
}

function isYearStart(t: number): boolean {
  return isMonthStart(t) && new Date(t).getUTCMonth() === 0;
}

/**
 * The `date:` term of a span: whole years or months when it is aligned to them
 * (`date:2016-10..2016-11`), else the days it touches (`date:2016-10-12..2016-10-14`, the end
 * inclusive as the query language reads it). Clamped to the years the language accepts.
 */
export function spanDateTerm(span: View): string {
  const start = clampTime(span.start);
  const end = clampTime(Math.max(span.end, span.start + 1));
  const last = end - 1;
  let a: string;
  let b: string;
  if (isYearStart(start) && isYearStart(end)) {
    a = isoDay(start).slice(0, 4);
    b = isoDay(last).slice(0, 4);
  } else if (isMonthStart(start) && isMonthStart(end)) {
    a = isoDay(start).slice(0, 7);
    b = isoDay(last).slice(0, 7);
  } else {
    a = isoDay(start);
    b = isoDay(last);
  }
  return a === b ? `date:${a}` : `date:${a}..${b}`;
}

/** Whether the span starts and ends on UTC midnights, so a date term says exactly it. */
export function spanIsWholeDays(span: View): boolean {
  return span.start % DAY === 0 && span.end % DAY === 0;
}

/** The query with its date terms replaced by the span (search-page behaviour; see setDateTerm). */
export function spanQuery(q: string, span: View): string {
  return setDateTerm(q, spanDateTerm(span));
}

/**
 * A person key → the value `from:` matches: the address or account id after the platform
 * (`x:16589206` → `16589206`, `email:djtjr@example.org` → `djtjr@example.org`), quoted when the
 * query language would otherwise split or misread it.
 */
export function fromValue(key: string): string {
  const i = key.indexOf(':');
  const address = i >= 0 ? key.slice(i + 1) : key;
  return /[\s"():\\]/.test(address) || address === ''
    ? `"${address.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
    : address;
}

/**
 * The items of one bar: the query, the lane's sender (for the lane of everyone else: none of
 * the shown senders), private or public, and the bar's period.
 */
export function barQuery(
  q: string,
  laneKey: string | null,
  shownKeys: readonly string[],
  band: Band,
  span: View,
): string {
  let query = q;
  if (laneKey !== null) query = addTerm(query, `from:${fromValue(laneKey)}`);
  else for (const k of shownKeys) query = addTerm(query, `-from:${fromValue(k)}`);
  query = addTerm(query, band === 'private' ? 'is:private' : 'is:public');
  return spanQuery(query, span);
}

/** Both sides of an echo, to see them together in the results. */
export function echoQuery(privateId: string, publicId: string): string {
  return `id:${privateId} OR id:${publicId}`;
}

/**
 * The query the API is asked for a window of a fine bucket: the reader's query AND the days
 * of the window (never replacing the reader's own date terms: the answer must stay inside them).
 */
export function windowQuery(q: string, window: View | null): string {
  if (!window) return q;
  return addTerm(q, spanDateTerm({ start: bucketFloor(window.start, 'day'), end: window.end }));
}

/**
 * The window fetched around a view for a fine bucket: the view and one view-width on each
 * side, in whole days, so panning a little does not ask again.
 */
export function fetchWindow(view: View): View {
  const span = view.end - view.start;
  return {
    start: bucketFloor(view.start - span, 'day'),
    end: bucketNext(view.end + span - 1, 'day'),
  };
}

/** Whether `outer` holds all of `inner`. */
export function contains(outer: View, inner: View): boolean {
  return outer.start <= inner.start && outer.end >= inner.end;
}
