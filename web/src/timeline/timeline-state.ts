/**
 * The timeline page's state in its URL, so a view can be copied into a note and opened again:
 * /timeline?q=…&bucket=day&from=2016-09-01&to=2016-11-30&sel=2016-10-10..2016-10-14&lanes=8&echoes=20
 *
 * Dates are UTC. A bound written as a date names the whole period, as in the query language
 * (`to=2016-11-30` includes that day; `from=2016-10` starts on the 1st); a bound with a time of
 * day (`2016-10-12T14:30`) is that instant. Defaults are left out so URLs stay short.
 */
import type { View } from './timeline-scale.js';
import { type Bucket, DAY, isBucket, MAX_QUERY_TIME, MIN_QUERY_TIME, MINUTE } from './timeline-time.js';

export interface TimelineState {
  q: string;
  /** The bucket the reader chose; null: chosen from the zoom (Auto). */
  bucket: Bucket | null;
  /** The visible window; null: all the data. */
  view: View | null;
  /** The brushed span; null: none. */
  sel: View | null;
  /** Person lanes shown (the top senders). */
  lanes: number;
  /** Echo arrows drawn (the strongest). */
  echoes: number;
}

export const DEFAULT_LANES = 8;
export const LANE_STEP = 8;
/** Lanes at most: beyond this a lane per person stops being a timeline and becomes a list. */
export const MAX_LANES = 96;
export const DEFAULT_ECHOES = 20;
/** The API's own limit is 1,000; arrows beyond this many are a tangle, not evidence. */
export const MAX_ECHOES = 200;
export const ECHO_CHOICES: readonly number[] = [0, 10, 20, 50, 100];

const BOUND = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?)?$/;

/**
 * A bound of the URL → epoch ms: the start of the period for `start`, its end for `end`
 * (a time of day is the instant either way). Null when malformed or out of the query
 * language's years (1000–2999).
 */
export function parseBound(s: string, side: 'start' | 'end'): number | null {
  const m = BOUND.exec(s.trim());
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] === undefined ? null : Number(m[2]) - 1;
  const d = m[3] === undefined ? null : Number(m[3]);
  if (mo !== null && (mo < 0 || mo > 11)) return null;
  const at = (yy: number, mm: number, dd: number, h = 0, mi = 0): number => {
    const date = new Date(0);
    date.setUTCFullYear(yy, mm, dd); // Date.UTC maps years 0–99 to 1900s
    date.setUTCHours(h, mi, 0, 0);
    return date.getTime();
  };
  let t: number;
  if (m[4] !== undefined && d !== null && mo !== null) {
    const h = Number(m[4]);
    const mi = Number(m[5]);
    if (h > 23 || mi > 59) return null;
    t = at(y, mo, d, h, mi);
  } else if (d !== null && mo !== null) {
    t = at(y, mo, d) + (side === 'end' ? DAY : 0);
  } else if (mo !== null) {
    t = at(y, mo + (side === 'end' ? 1 : 0), 1);
  } else {
    t = at(y + (side === 'end' ? 1 : 0), 0, 1);
  }
  if (d !== null && mo !== null && new Date(at(y, mo, d)).getUTCDate() !== d) return null;
  if (t < MIN_QUERY_TIME || t > MAX_QUERY_TIME + 1) return null;
  return t;
}

/** Epoch ms → a bound: a whole day when it falls on midnight (the day before for `end`), else minutes. */
export function formatBound(t: number, side: 'start' | 'end'): string {
  const r = Math.round(t / MINUTE) * MINUTE;
  if (r % DAY === 0) return new Date(side === 'end' ? r - DAY : r).toISOString().slice(0, 10);
  return new Date(r).toISOString().slice(0, 16);
}

function parseRange(from: string | null, to: string | null): View | null {
  if (from === null || to === null) return null;
  const start = parseBound(from, 'start');
  const end = parseBound(to, 'end');
  return start !== null && end !== null && end > start ? { start, end } : null;
}

function intParam(s: string | null, dflt: number, min: number, max: number): number {
  if (s === null || !/^\d{1,6}$/.test(s)) return dflt;
  return Math.min(max, Math.max(min, Number(s)));
}

export function readTimelineState(params: URLSearchParams): TimelineState {
  const b = params.get('bucket');
  const sel = params.get('sel');
  const cut = sel?.indexOf('..') ?? -1;
  return {
    q: (params.get('q') ?? '').trim(),
    bucket: isBucket(b) ? b : null,
    view: parseRange(params.get('from'), params.get('to')),
    sel: sel && cut > 0 ? parseRange(sel.slice(0, cut), sel.slice(cut + 2)) : null,
    lanes: intParam(params.get('lanes'), DEFAULT_LANES, 1, MAX_LANES),
    echoes: intParam(params.get('echoes'), DEFAULT_ECHOES, 0, MAX_ECHOES),
  };
}

export function timelineHref(s: TimelineState): string {
  const p = new URLSearchParams();
  if (s.q !== '') p.set('q', s.q);
  if (s.bucket) p.set('bucket', s.bucket);
  if (s.view) {
    p.set('from', formatBound(s.view.start, 'start'));
    p.set('to', formatBound(s.view.end, 'end'));
  }
  if (s.sel) p.set('sel', `${formatBound(s.sel.start, 'start')}..${formatBound(s.sel.end, 'end')}`);
  if (s.lanes !== DEFAULT_LANES) p.set('lanes', String(s.lanes));
  if (s.echoes !== DEFAULT_ECHOES) p.set('echoes', String(s.echoes));
  const qs = p.toString();
  return qs ? `/timeline?${qs}` : '/timeline';
}
