/**
 * From the API's buckets to what the chart draws: lanes of the top senders (and one for
 * everyone else, so the counts add up), bar paths for the visible window, the geometry of the
 * lanes, hit testing, and the curves of the echo arrows. Pure functions, no DOM.
 *
 * Each lane draws private items above its middle line and public ones below it, so the two
 * are apart by position as well as by colour.
 */
import type { TimelineData, TimelineRow } from './timeline-api.js';
import { type View, xOf } from './timeline-scale.js';
import { type Bucket, bucketNext } from './timeline-time.js';

export interface SenderTotal {
  key: string;
  private: number;
  public: number;
  total: number;
}

/** Senders by items sent (private and public), most first; ties by key so the order is stable. */
export function rankSenders(rows: readonly TimelineRow[]): SenderTotal[] {
  const totals = new Map<string, SenderTotal>();
  for (const row of rows) {
    for (const key of Object.keys(row.byPerson)) {
      const c = row.byPerson[key];
      if (!c) continue;
      let s = totals.get(key);
      if (!s) {
        s = { key, private: 0, public: 0, total: 0 };
        totals.set(key, s);
      }
      s.private += c.private;
      s.public += c.public;
      s.total += c.private + c.public;
    }
  }
  return [...totals.values()].sort(
    (a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export interface LaneSeries {
  /** The sender's person key; null for the lane of everyone else (and items without a sender). */
  key: string | null;
  private: Float64Array;
  public: Float64Array;
  totalPrivate: number;
  totalPublic: number;
}

export interface Series {
  bucket: Bucket;
  /** Bucket starts and ends (epoch ms), ascending. */
  starts: Float64Array;
  ends: Float64Array;
  /** The lanes of `keys`, in that order, then the rest's when it holds anything. */
  lanes: LaneSeries[];
}

/**
 * The columns the chart draws, one array per lane and visibility: O(buckets × senders in a
 * bucket). The rest's lane is the totals minus the shown lanes, so every item is on the chart;
 * it is there when it holds anything, or always with `withRest` (the lanes must not change as
 * the reader moves to a window where the rest happen to be silent).
 */
export function buildSeries(data: TimelineData, keys: readonly string[], withRest = false): Series {
  const n = data.buckets.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const lanes: LaneSeries[] = keys.map((key) => ({
    key,
    private: new Float64Array(n),
    public: new Float64Array(n),
    totalPrivate: 0,
    totalPublic: 0,
  }));
  const rest: LaneSeries = {
    key: null,
    private: new Float64Array(n),
    public: new Float64Array(n),
    totalPrivate: 0,
    totalPublic: 0,
  };
  const index = new Map(keys.map((k, i) => [k, i]));
  for (let i = 0; i < n; i++) {
    const row = data.buckets[i] as TimelineRow;
    const t = Date.parse(row.start);
    starts[i] = t;
    ends[i] = bucketNext(t, data.bucket);
    let shownPrivate = 0;
    let shownPublic = 0;
    for (const key of Object.keys(row.byPerson)) {
      const li = index.get(key);
      const c = row.byPerson[key];
      if (li === undefined || !c) continue;
      const lane = lanes[li] as LaneSeries;
      lane.private[i] = c.private;
      lane.public[i] = c.public;
      lane.totalPrivate += c.private;
      lane.totalPublic += c.public;
      shownPrivate += c.private;
      shownPublic += c.public;
    }
    const rp = Math.max(0, row.private - shownPrivate);
    const rq = Math.max(0, row.public - shownPublic);
    rest.private[i] = rp;
    rest.public[i] = rq;
    rest.totalPrivate += rp;
    rest.totalPublic += rq;
  }
  if (withRest || rest.totalPrivate + rest.totalPublic > 0) lanes.push(rest);
  return { bucket: data.bucket, starts, ends, lanes };
}

/** The first bucket that ends after `t` (binary search); `starts.length` when none. */
export function firstBucketAfter(ends: Float64Array, t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ends[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bucket holding `t`, or -1. */
export function bucketAt(series: Pick<Series, 'starts' | 'ends'>, t: number): number {
  const i = firstBucketAfter(series.ends, t);
  return i < series.starts.length && (series.starts[i] as number) <= t ? i : -1;
}

/** The highest count of the given lanes' buckets that overlap the view (at least 1). */
export function visibleMax(series: Series, lanes: readonly LaneSeries[], view: View): number {
  let max = 1;
  const n = series.starts.length;
  for (let i = firstBucketAfter(series.ends, view.start); i < n; i++) {
    if ((series.starts[i] as number) >= view.end) break;
    for (const lane of lanes) {
      const a = lane.private[i] as number;
      const b = lane.public[i] as number;
      if (a > max) max = a;
      if (b > max) max = b;
    }
  }
  return max;
}

/** Items of all lanes in the buckets that overlap `span`. */
export function itemsIn(series: Series, span: View): number {
  let n = 0;
  for (let i = firstBucketAfter(series.ends, span.start); i < series.starts.length; i++) {
    if ((series.starts[i] as number) >= span.end) break;
    for (const lane of series.lanes) n += (lane.private[i] as number) + (lane.public[i] as number);
  }
  return n;
}

/** Height of a bar: proportional, at least 2 px so a single item is never invisible. */
export function barHeight(count: number, max: number, height: number): number {
  if (count <= 0) return 0;
  return Math.max(2, Math.round((Math.min(count, max) / max) * height));
}

const r1 = (v: number): number => Math.round(v * 10) / 10;

/**
 * One SVG path of all the bars of one lane and visibility in the view: one element however
 * many buckets (a 3-year daily case is 1,100 buckets a lane). Buckets narrower than about a
 * pixel share a pixel column, which shows the highest of them: a spike is never averaged away.
 * `up`: bars rise from `baseY` (private), else hang from it (public).
 */
export function barsPath(
  series: Pick<Series, 'starts' | 'ends'>,
  counts: Float64Array,
  view: View,
  width: number,
  baseY: number,
  up: boolean,
  height: number,
  max: number,
): string {
  const parts: string[] = [];
  const rect = (x0: number, x1: number, c: number) => {
    const h = barHeight(c, max, height);
    if (h === 0) return;
    const w = Math.max(x1 - x0, 0.6);
    parts.push(`M${r1(x0)} ${up ? baseY - h : baseY}h${r1(w)}v${h}h${-r1(w)}z`);
  };
  let col = Number.NEGATIVE_INFINITY;
  let colMax = 0;
  const flush = () => {
    if (colMax > 0) rect(col, col + 1, colMax);
    colMax = 0;
  };
  const n = series.starts.length;
  for (let i = firstBucketAfter(series.ends, view.start); i < n; i++) {
    const s = series.starts[i] as number;
    if (s >= view.end) break;
    const c = counts[i] as number;
    const x0 = xOf(view, width, s);
    const x1 = xOf(view, width, series.ends[i] as number);
    if (x1 - x0 >= 1.5) {
      flush();
      col = Number.NEGATIVE_INFINITY;
      const gap = x1 - x0 > 4 ? 0.5 : 0;
      if (c > 0) rect(Math.max(x0 + gap, -1), Math.min(x1 - gap, width + 1), c);
      continue;
    }
    const here = Math.floor(x0);
    if (here !== col) {
      flush();
      col = here;
    }
    if (c > colMax) colMax = c;
  }
  flush();
  return parts.join('');
}

/** Vertical measures of the chart, in px. */
export interface Geometry {
  /** The axis above the lanes. */
  axisTop: number;
  /** A lane's name rows (one, or two on a narrow screen: the name, then the counts). */
  header: number;
  /** The height of the private (above) and the public (below) half of a lane. */
  band: number;
  /** Space between lanes. */
  gap: number;
  /** The axis below the lanes. */
  axisBottom: number;
}

export const GEOMETRY: Geometry = { axisTop: 22, header: 18, band: 22, gap: 8, axisBottom: 22 };
/** On a phone the lane's counts go on a second row under its name. */
export const COMPACT_GEOMETRY: Geometry = { ...GEOMETRY, header: 32 };
/** Plots narrower than this take COMPACT_GEOMETRY. */
export const COMPACT_BELOW_PX = 640;

export function laneHeight(g: Geometry = GEOMETRY): number {
  return g.header + 2 * g.band + g.gap;
}

export function laneTop(i: number, g: Geometry = GEOMETRY): number {
  return g.axisTop + i * laneHeight(g);
}

/** The middle line of a lane: private bars rise from it, public bars hang from it. */
export function laneMid(i: number, g: Geometry = GEOMETRY): number {
  return laneTop(i, g) + g.header + g.band;
}

export function chartHeight(lanes: number, g: Geometry = GEOMETRY): number {
  return g.axisTop + lanes * laneHeight(g) + g.axisBottom;
}

export type Band = 'private' | 'public';

/** The lane and half under a point `y` px from the top, or null between lanes and on the axes. */
export function laneAt(
  y: number,
  lanes: number,
  g: Geometry = GEOMETRY,
): { lane: number; band: Band } | null {
  const rel = y - g.axisTop;
  if (rel < 0) return null;
  const h = laneHeight(g);
  const lane = Math.floor(rel / h);
  if (lane >= lanes) return null;
  const inLane = rel - lane * h;
  if (inLane > g.header + 2 * g.band + g.gap / 2) return null;
  // The name row belongs to the private half: clicking a lane's name area near its bars still hits.
  return { lane, band: inLane < g.header + g.band ? 'private' : 'public' };
}

export interface ArrowGeometry {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  d: string;
}

/**
 * An echo as a curve from the private item (middle of its sender's private half) to the public
 * one (middle of its author's public half), at their exact times. It leaves and arrives
 * horizontally, so arrows between nearby times still read as arrows and not as strokes.
 * Null when an end has no time or the arrow lies wholly outside the view.
 */
export function echoArrow(
  privateAt: number | null,
  publicAt: number | null,
  fromLane: number,
  toLane: number,
  view: View,
  width: number,
  g: Geometry = GEOMETRY,
): ArrowGeometry | null {
  if (privateAt === null || publicAt === null) return null;
  if (Math.max(privateAt, publicAt) < view.start || Math.min(privateAt, publicAt) > view.end) return null;
  const x1 = r1(xOf(view, width, privateAt));
  const x2 = r1(xOf(view, width, publicAt));
  const y1 = laneMid(fromLane, g) - g.band / 2;
  const y2 = laneMid(toLane, g) + g.band / 2;
  const k = r1(Math.max(18, Math.abs(x2 - x1) / 3));
  return { x1, y1, x2, y2, d: `M${x1} ${y1}C${r1(x1 + k)} ${y1} ${r1(x2 - k)} ${y2} ${x2} ${y2}` };
}
