/**
 * The shared time axis: a linear scale from a view window (epoch ms, UTC) to pixels, zoom and
 * pan that keep the view near the data, and axis ticks at calendar units. Pure functions.
 */
import { DAY, HOUR, WEEK } from './timeline-time.js';

/** A half-open time window [start, end) in epoch milliseconds; end > start. */
export interface View {
  start: number;
  end: number;
}

/** Pixels from the left edge of a plot `width` wide. */
export function xOf(view: View, width: number, t: number): number {
  return ((t - view.start) / (view.end - view.start)) * width;
}

/** The time at `x` pixels from the left edge. */
export function tOf(view: View, width: number, x: number): number {
  return view.start + (x / Math.max(width, 1)) * (view.end - view.start);
}

/** The narrowest view: two hours (two hourly bars). */
export const MIN_SPAN = 2 * HOUR;

/**
 * Keeps a view near the data: never narrower than MIN_SPAN, never wider than the data plus a
 * quarter on each side, and never scrolled so far that the data leaves it entirely.
 */
export function clampView(v: View, extent: View): View {
  const extentSpan = Math.max(extent.end - extent.start, MIN_SPAN);
  const pad = extentSpan * 0.25 + HOUR;
  const lo = extent.start - pad;
  const hi = extent.end + pad;
  let span = v.end - v.start;
  if (!Number.isFinite(span) || span <= 0) return { ...extent };
  span = Math.min(Math.max(span, MIN_SPAN), hi - lo);
  let start = v.start;
  if (start < lo) start = lo;
  if (start + span > hi) start = hi - span;
  return { start, end: start + span };
}

/** The view zoomed by `factor` (< 1: in) keeping `anchor` where it is on the screen. */
export function zoomView(v: View, factor: number, anchor: number, extent: View): View {
  const f = Number.isFinite(factor) && factor > 0 ? factor : 1;
  return clampView({ start: anchor - (anchor - v.start) * f, end: anchor + (v.end - anchor) * f }, extent);
}

/** The view moved by `dt` milliseconds (positive: later). */
export function panView(v: View, dt: number, extent: View): View {
  return clampView({ start: v.start + dt, end: v.end + dt }, extent);
}

/** How a tick is labelled; timeline-format.ts turns it into words. */
export type TickKind = 'time' | 'day' | 'dayYear' | 'month' | 'monthYear' | 'year';

export interface Tick {
  t: number;
  kind: TickKind;
  /** A boundary of a larger unit (a new day, month or year): drawn stronger. */
  major: boolean;
}

type Step =
  | { unit: 'hour'; n: number }
  | { unit: 'day'; n: number }
  | { unit: 'week'; n: number }
  | { unit: 'month'; n: number }
  | { unit: 'year'; n: number };

const STEPS: ReadonlyArray<{ step: Step; approx: number }> = [
  { step: { unit: 'hour', n: 1 }, approx: HOUR },
  { step: { unit: 'hour', n: 3 }, approx: 3 * HOUR },
  { step: { unit: 'hour', n: 6 }, approx: 6 * HOUR },
  { step: { unit: 'hour', n: 12 }, approx: 12 * HOUR },
  { step: { unit: 'day', n: 1 }, approx: DAY },
  { step: { unit: 'day', n: 2 }, approx: 2 * DAY },
  { step: { unit: 'week', n: 1 }, approx: WEEK },
  { step: { unit: 'week', n: 2 }, approx: 2 * WEEK },
  { step: { unit: 'month', n: 1 }, approx: 30.44 * DAY },
  { step: { unit: 'month', n: 3 }, approx: 91.3 * DAY },
  { step: { unit: 'month', n: 6 }, approx: 182.6 * DAY },
  { step: { unit: 'year', n: 1 }, approx: 365.25 * DAY },
  { step: { unit: 'year', n: 2 }, approx: 2 * 365.25 * DAY },
  { step: { unit: 'year', n: 5 }, approx: 5 * 365.25 * DAY },
  { step: { unit: 'year', n: 10 }, approx: 10 * 365.25 * DAY },
  { step: { unit: 'year', n: 25 }, approx: 25 * 365.25 * DAY },
  { step: { unit: 'year', n: 100 }, approx: 100 * 365.25 * DAY },
];

/** Ticks drawn at most, whatever a hostile width or view asks. */
const MAX_TICKS = 200;

/** The first tick at or after `t` for a step (UTC; weeks start on Monday, months on the 1st). */
function firstTick(t: number, s: Step): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  switch (s.unit) {
    case 'hour': {
      const h = Math.ceil(t / HOUR);
      return Math.ceil(h / s.n) * s.n * HOUR;
    }
    case 'day': {
      const day = Math.ceil(t / DAY);
      return Math.ceil(day / s.n) * s.n * DAY;
    }
    case 'week': {
      const monday = 4 * DAY;
      return Math.ceil((t - monday) / (s.n * WEEK)) * s.n * WEEK + monday;
    }
    case 'month': {
      let m = y * 12 + d.getUTCMonth();
      if (Date.UTC(y, d.getUTCMonth(), 1) < t) m++;
      m = Math.ceil(m / s.n) * s.n;
      return Date.UTC(Math.floor(m / 12), m % 12, 1);
    }
    case 'year': {
      let yy = Date.UTC(y, 0, 1) < t ? y + 1 : y;
      yy = Math.ceil(yy / s.n) * s.n;
      return Date.UTC(yy, 0, 1);
    }
  }
}

function nextTick(t: number, s: Step): number {
  switch (s.unit) {
    case 'hour':
      return t + s.n * HOUR;
    case 'day':
      return t + s.n * DAY;
    case 'week':
      return t + s.n * WEEK;
    case 'month': {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + s.n, 1);
    }
    case 'year': {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear() + s.n, 0, 1);
    }
  }
}

function kindOf(t: number, s: Step, first: boolean): { kind: TickKind; major: boolean } {
  const d = new Date(t);
  const newYear = d.getUTCMonth() === 0 && d.getUTCDate() === 1 && t % DAY === 0;
  switch (s.unit) {
    case 'hour': {
      const midnight = t % DAY === 0;
      return { kind: midnight ? (first || newYear ? 'dayYear' : 'day') : 'time', major: midnight };
    }
    case 'day':
    case 'week':
      return { kind: first || newYear ? 'dayYear' : 'day', major: d.getUTCDate() === 1 };
    case 'month':
      if (newYear) return { kind: 'year', major: true };
      return { kind: first ? 'monthYear' : 'month', major: false };
    case 'year':
      return { kind: 'year', major: true };
  }
}

/**
 * Ticks at a calendar step chosen so that labels are at least `spacing` pixels apart: hours,
 * days, weeks (Mondays), months, years. The first tick carries the year in its label so the
 * axis is never ambiguous, as does every new year.
 */
export function timeTicks(view: View, width: number, spacing = 84): Tick[] {
  const span = view.end - view.start;
  if (!(span > 0) || !(width > 0)) return [];
  const wanted = (span * spacing) / width;
  const chosen = STEPS.find((s) => s.approx >= wanted) ?? STEPS[STEPS.length - 1];
  if (!chosen) return [];
  const ticks: Tick[] = [];
  for (let t = firstTick(view.start, chosen.step); t <= view.end && ticks.length < MAX_TICKS;) {
    ticks.push({ t, ...kindOf(t, chosen.step, ticks.length === 0) });
    t = nextTick(t, chosen.step);
  }
  return ticks;
}
