import { InnsynError } from '../model/errors.js';
import type { AnalysisItem } from './analysis-item.js';

/**
 * Shared time helpers of the pattern analyses (conversations, pairs, timeline): which items
 * have a usable date, the one order every analysis puts items in, and option checks.
 */

/**
 * A JS Date holds |ms| ≤ 8.64e15 (ECMA-262 §21.4.1.1); beyond it toISOString throws. We stop
 * 463 days short of that edge (around the years ±270,000, where no real message lives) so that
 * the start of the week or month around any usable date is itself a valid Date.
 */
const MAX_DATE_MS = 8.6e15;

/** An item whose sentAt can be placed on the time axis. */
export type DatedItem = AnalysisItem & { sentAt: number };

/**
 * Whether the item has a date we can use. A hostile or corrupt value (NaN, Infinity, a number
 * outside the Date range) counts as no date: it must not crash an ISO conversion later.
 */
export function isDated(item: AnalysisItem): item is DatedItem {
  const t = item.sentAt;
  return typeof t === 'number' && Number.isFinite(t) && Math.abs(t) <= MAX_DATE_MS;
}

/**
 * The one order of the analyses: by time, then by id. The id breaks ties at the same
 * millisecond (exports with second or minute precision have many) so that the result never
 * depends on the order the caller happened to pass items in.
 */
export function compareDated(a: DatedItem, b: DatedItem): number {
  if (a.sentAt !== b.sentAt) return a.sentAt - b.sentAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Dated items in analysis order, and the undated ones in input order. O(n log n). */
export function sortByTime(items: readonly AnalysisItem[]): { dated: DatedItem[]; undated: AnalysisItem[] } {
  const dated: DatedItem[] = [];
  const undated: AnalysisItem[] = [];
  for (const item of items) {
    if (isDated(item)) dated.push(item);
    else undated.push(item);
  }
  // The store hands items out in date order: check that in one pass before paying for a sort.
  for (let i = 1; i < dated.length; i++) {
    if (compareDated(dated[i - 1] as DatedItem, dated[i] as DatedItem) > 0) {
      dated.sort(compareDated);
      break;
    }
  }
  return { dated, undated };
}

const DAY_MS = 86_400_000;

/**
 * ISO 8601 UTC of a ms time already checked by isDated: the same text as Date#toISOString, by
 * arithmetic. The analyses write one or two per session, reply and unanswered message, and
 * toISOString (a Date allocated each time) was a fifth of their run time on a million items.
 * Years outside 0000–9999 (written ±YYYYYY) go through Date.
 */
export function isoTime(time: number): string {
  const ms = Math.trunc(time); // as Date does (TimeClip): a fraction of a millisecond is dropped
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Days since 1970-01-01 to a civil date: H. Hinnant, "chrono-Compatible Low-Level Date
  // Algorithms", civil_from_days (eras of 400 years from 0000-03-01).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString();
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return (
    `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.` +
    `${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`
  );
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * A seconds option checked, not `||`-defaulted: undefined gives the default, anything but a
 * finite number ≥ 0 is the caller's mistake and says so.
 */
export function secondsOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InnsynError(
      'usage',
      `${name} must be a number of seconds, 0 or more; got ${String(value)}. Leave it out for the default (${fallback}).`,
    );
  }
  return value;
}
