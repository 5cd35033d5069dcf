import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatNumber } from '../i18n/format.js';
import { useI18n } from '../i18n/i18n.js';
import { followLink } from '../router/router.js';
import { snapSpan } from './timeline-brush.js';
import { TimelineBars } from './timeline-bars.js';
import { formatBucket, formatRange, formatTick } from './timeline-format.js';
import {
  type Band,
  bucketAt,
  chartHeight,
  COMPACT_BELOW_PX,
  COMPACT_GEOMETRY,
  echoArrow,
  GEOMETRY,
  itemsIn,
  laneAt,
  laneHeight,
  laneMid,
  laneTop,
  type Series,
} from './timeline-layout.js';
import { timelineMessages } from './timeline-messages.js';
import { panView, tOf, timeTicks, type View, xOf, zoomView } from './timeline-scale.js';

export interface LaneLabel {
  name: string;
  /** The handle or address beside the name; null when the name is all there is. */
  sub: string | null;
  /** The person page, or null for the lane of everyone else. */
  href: string | null;
  /** "11 private · 0 public", and for the rest its own scale. */
  note: string;
}

export interface EchoMark {
  id: string;
  privateAt: number | null;
  publicAt: number | null;
  fromLane: number;
  toLane: number;
  title: string;
  href: string;
}

interface Cursor {
  lane: number;
  band: Band;
  index: number;
}

/** Pixels a pointer must move before a press becomes a brush rather than a click. */
const DRAG_THRESHOLD = 4;
/** Wheel delta → zoom factor: one notch of a mouse wheel (100) zooms by about 22 %. */
const WHEEL_ZOOM = 0.002;

/**
 * The lanes on one time axis, as SVG: bars, the brushed span, echo arrows, axes. Pointer: drag
 * to brush, click a bar to open its items, Ctrl+wheel or pinch to zoom, Shift+wheel to move.
 * Keyboard: arrows move a cursor over the bars (Shift extends a span), Enter opens, + and − zoom.
 */
export function TimelineChart(props: {
  series: Series;
  view: View;
  width: number;
  extent: View;
  labels: readonly LaneLabel[];
  maxes: readonly number[];
  echoes: readonly EchoMark[];
  sel: View | null;
  onView: (v: View, settled: boolean) => void;
  onSel: (span: View | null) => void;
  onOpen: (lane: number, band: Band, index: number) => void;
}) {
  const { lang, locale } = useI18n();
  const t = timelineMessages(lang);
  const { series, view, width, extent, labels } = props;
  const lanes = series.lanes.length;
  const compact = width < COMPACT_BELOW_PX;
  const geo = compact ? COMPACT_GEOMETRY : GEOMETRY;
  const height = chartHeight(lanes, geo);
  const plotBottom = height - geo.axisBottom;
  const svgRef = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<Cursor | null>(null);
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [drag, setDrag] = useState<View | null>(null);
  const press = useRef<{ x: number; t: number; moved: boolean; id: number } | null>(null);
  const pointers = useRef(new Map<number, number>());
  const pinch = useRef<{ dist: number } | null>(null);
  // The latest props for the wheel listener, which is attached once.
  const live = useRef(props);
  live.current = props;

  const hitAt = (clientX: number, clientY: number): { x: number; cur: Cursor | null } => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect) return { x: 0, cur: null };
    const x = clientX - rect.left;
    const at = laneAt(clientY - rect.top, lanes, geo);
    const index = bucketAt(series, tOf(view, width, x));
    return { x, cur: at && index >= 0 ? { lane: at.lane, band: at.band, index } : null };
  };

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (e: WheelEvent) => {
      const p = live.current;
      const rect = svg.getBoundingClientRect();
      const span = p.view.end - p.view.start;
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      const dx = e.deltaMode === 1 ? e.deltaX * 16 : e.deltaX;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        const anchorT = tOf(p.view, p.width, e.clientX - rect.left);
        p.onView(zoomView(p.view, Math.exp(dy * WHEEL_ZOOM), anchorT, p.extent), false);
      } else if (e.shiftKey || Math.abs(dx) > Math.abs(dy)) {
        e.preventDefault();
        const d = Math.abs(dx) > Math.abs(dy) ? dx : dy;
        p.onView(panView(p.view, (d / Math.max(p.width, 1)) * span, p.extent), false);
      }
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [width > 0]);

  const onPointerDown = (e: PointerEvent) => {
    if ((e.target as Element).closest('a')) return;
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect) return;
    pointers.current.set(e.pointerId, e.clientX);
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()] as [number, number];
      pinch.current = { dist: Math.max(Math.abs(a - b), 1) };
      press.current = null;
      setDrag(null);
      return;
    }
    const x = e.clientX - rect.left;
    press.current = { x, t: tOf(view, width, x), moved: false, id: e.pointerId };
  };

  const onPointerMove = (e: PointerEvent) => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect) return;
    if (pointers.current.has(e.pointerId)) pointers.current.set(e.pointerId, e.clientX);
    if (pinch.current && pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()] as [number, number];
      const dist = Math.max(Math.abs(a - b), 1);
      const mid = tOf(view, width, (a + b) / 2 - rect.left);
      props.onView(zoomView(view, pinch.current.dist / dist, mid, extent), false);
      pinch.current = { dist };
      return;
    }
    const { x, cur } = hitAt(e.clientX, e.clientY);
    setHover(cur);
    const p = press.current;
    if (p && p.id === e.pointerId) {
      if (!p.moved && Math.abs(x - p.x) >= DRAG_THRESHOLD) p.moved = true;
      if (p.moved) setDrag(snapSpan(p.t, tOf(view, width, x), series.bucket));
    }
  };

  const onPointerUp = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pinch.current) {
      if (pointers.current.size < 2) {
        pinch.current = null;
        props.onView(view, true);
      }
      return;
    }
    const p = press.current;
    press.current = null;
    if (!p || p.id !== e.pointerId) return;
    if (p.moved && drag) {
      props.onSel(drag);
      setDrag(null);
      return;
    }
    setDrag(null);
    const { cur } = hitAt(e.clientX, e.clientY);
    if (cur && countOf(cur) > 0) props.onOpen(cur.lane, cur.band, cur.index);
  };

  const onPointerCancel = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    pinch.current = null;
    press.current = null;
    setDrag(null);
  };

  const countOf = (c: Cursor): number => {
    const lane = series.lanes[c.lane];
    if (!lane) return 0;
    return (c.band === 'private' ? lane.private[c.index] : lane.public[c.index]) ?? 0;
  };

  /** The bucket nearest the middle of the view, where the keyboard cursor starts. */
  const middleIndex = (): number => {
    const i = bucketAt(series, (view.start + view.end) / 2);
    if (i >= 0) return i;
    const n = series.starts.length;
    for (let k = 0; k < n; k++) if ((series.ends[k] as number) > view.start) return k;
    return Math.max(0, n - 1);
  };

  /** Keeps the cursor's bucket in view, moving the view as little as needed. */
  const reveal = (index: number) => {
    const s = series.starts[index] as number;
    const e = series.ends[index] as number;
    const span = view.end - view.start;
    if (s < view.start) props.onView(panView(view, s - view.start - span * 0.1, extent), true);
    else if (e > view.end) props.onView(panView(view, e - view.end + span * 0.1, extent), true);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== svgRef.current) return;
    const n = series.starts.length;
    if (n === 0 || lanes === 0) return;
    const c = cursor ?? { lane: 0, band: 'private' as Band, index: middleIndex() };
    const center = (view.start + view.end) / 2;
    switch (e.key) {
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End': {
        e.preventDefault();
        const step = e.key === 'ArrowLeft' ? -1 : 1;
        let index =
          e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : Math.max(0, Math.min(n - 1, c.index + step));
        // Ctrl/Alt+arrow jumps to the next bar with items in this lane half.
        if ((e.ctrlKey || e.altKey) && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
          for (let k = c.index + step; k >= 0 && k < n; k += step) {
            if (countOf({ ...c, index: k }) > 0) {
              index = k;
              break;
            }
          }
        }
        if (e.shiftKey) {
          const a = anchor ?? c.index;
          setAnchor(a);
          props.onSel(snapSpan(series.starts[a] as number, series.starts[index] as number, series.bucket));
        } else {
          setAnchor(null);
        }
        setCursor({ ...c, index });
        reveal(index);
        break;
      }
      case 'ArrowUp':
      case 'ArrowDown': {
        e.preventDefault();
        const pos = c.lane * 2 + (c.band === 'private' ? 0 : 1) + (e.key === 'ArrowUp' ? -1 : 1);
        const clamped = Math.max(0, Math.min(lanes * 2 - 1, pos));
        setCursor({
          lane: Math.floor(clamped / 2),
          band: clamped % 2 === 0 ? 'private' : 'public',
          index: c.index,
        });
        break;
      }
      case 'Enter':
      case ' ':
        e.preventDefault();
        if (countOf(c) > 0) props.onOpen(c.lane, c.band, c.index);
        else setCursor(c);
        break;
      case '+':
      case '=':
        e.preventDefault();
        props.onView(
          zoomView(view, 0.5, cursor ? (series.starts[cursor.index] as number) : center, extent),
          true,
        );
        break;
      case '-':
      case '_':
        e.preventDefault();
        props.onView(zoomView(view, 2, center, extent), true);
        break;
      case 'Escape':
        setCursor(null);
        setAnchor(null);
        if (props.sel) props.onSel(null);
        break;
    }
  };

  const shownSel = drag ?? props.sel;
  const focus = cursor ?? hover;
  const emptyView = useMemo(() => itemsIn(series, view) === 0, [series, view.start, view.end]);
  let readout = emptyView ? t.emptyWindow : t.readoutIdle;
  if (focus && series.lanes[focus.lane] && focus.index < series.starts.length) {
    const label = labels[focus.lane];
    const period = formatBucket(
      series.starts[focus.index] as number,
      series.ends[focus.index] as number,
      series.bucket,
      locale,
    );
    const n = countOf(focus);
    readout = t.readout(
      label ? label.name : '',
      focus.band === 'private' ? t.bandPrivate : t.bandPublic,
      period,
      t.items(n, formatNumber(n, locale)),
    );
  } else if (drag) {
    readout = formatRange(drag.start, drag.end, locale);
  }

  const ticks = timeTicks(view, width);
  const focusRect = (c: Cursor, cls: string) => {
    const s = series.starts[c.index];
    const e = series.ends[c.index];
    if (s === undefined || e === undefined) return null;
    const x0 = xOf(view, width, s);
    const w = Math.max(xOf(view, width, e) - x0, 3);
    const mid = laneMid(c.lane, geo);
    const y = c.band === 'private' ? mid - geo.band : mid;
    return <rect class={cls} x={x0 - (w < 3 ? 1 : 0)} y={y} width={w} height={geo.band} />;
  };

  return (
    <div class="tl-chart">
      <p class="tl-readout" aria-live="polite" data-testid="timeline-readout">
        {readout}
      </p>
      <svg
        ref={svgRef}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        class={`tl-svg${drag ? ' is-brushing' : ''}`}
        role="application"
        aria-roledescription="timeline"
        aria-label={t.chartLabel(lanes)}
        tabIndex={0}
        data-testid="timeline-chart"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
        onBlur={() => setCursor(null)}
      >
        <defs>
          {/* Private bars are striped as well as coloured: apart without colour, in print too. */}
          <pattern
            id="tl-hatch-private"
            width="4"
            height="4"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect class="tl-hatch-bg" width="4" height="4" />
            <line class="tl-hatch-line" x1="0" y1="0" x2="0" y2="4" />
          </pattern>
          <marker
            id="tl-arrowhead"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0 0L10 5L0 10z" class="tl-arrowhead" />
          </marker>
          <clipPath id="tl-plot-clip">
            <rect x={0} y={geo.axisTop} width={width} height={plotBottom - geo.axisTop} />
          </clipPath>
        </defs>
        {series.lanes.map((lane, i) => (
          <g key={lane.key ?? '\0rest'}>
            <rect
              class={`tl-lane-bg${i % 2 === 1 ? ' is-odd' : ''}${lane.key === null ? ' is-rest' : ''}`}
              x={0}
              y={laneTop(i, geo)}
              width={width}
              height={laneHeight(geo) - geo.gap / 2}
            />
            <line class="tl-mid" x1={0} x2={width} y1={laneMid(i, geo) + 0.5} y2={laneMid(i, geo) + 0.5} />
          </g>
        ))}
        <g class="tl-grid">
          {ticks.map((k) => {
            const x = Math.round(xOf(view, width, k.t)) + 0.5;
            return (
              <line
                key={k.t}
                class={k.major ? 'is-major' : undefined}
                x1={x}
                x2={x}
                y1={geo.axisTop}
                y2={plotBottom}
              />
            );
          })}
        </g>
        <g clip-path="url(#tl-plot-clip)">
          <TimelineBars series={series} view={view} width={width} maxes={props.maxes} geometry={geo} />
          {shownSel ? (
            <rect
              class="tl-sel"
              data-testid="timeline-selection"
              x={xOf(view, width, shownSel.start)}
              y={geo.axisTop}
              width={Math.max(xOf(view, width, shownSel.end) - xOf(view, width, shownSel.start), 1)}
              height={plotBottom - geo.axisTop}
            />
          ) : null}
          {hover && !drag ? focusRect(hover, 'tl-hover') : null}
          {cursor ? focusRect(cursor, 'tl-cursor') : null}
          {props.echoes.map((m) => {
            const g = echoArrow(m.privateAt, m.publicAt, m.fromLane, m.toLane, view, width, geo);
            if (!g) return null;
            return (
              <a
                key={m.id}
                href={m.href}
                class="tl-echo"
                data-testid="timeline-echo"
                data-private-x={g.x1}
                data-public-x={g.x2}
                aria-label={m.title}
                onClick={(e) => followLink(e as unknown as MouseEvent, m.href)}
              >
                <title>{m.title}</title>
                <path class="tl-echo-hit" d={g.d} />
                <path class="tl-echo-line" d={g.d} marker-end="url(#tl-arrowhead)" />
                <circle class="tl-echo-dot" cx={g.x1} cy={g.y1} r={3} />
              </a>
            );
          })}
        </g>
        {labels.map((l, i) => {
          const y = laneTop(i, geo) + 13;
          const text = (
            <text class="tl-lane-label" x={6} y={y}>
              <tspan class="tl-lane-name">{l.name}</tspan>
              {l.sub ? <tspan class="tl-lane-sub"> {l.sub}</tspan> : null}
              {compact ? (
                <tspan class="tl-lane-note" x={6} dy={14}>
                  {l.note}
                </tspan>
              ) : (
                <tspan class="tl-lane-note"> · {l.note}</tspan>
              )}
            </text>
          );
          return (
            <g
              key={`label${i}`}
              data-testid="timeline-lane"
              data-lane-index={i}
              data-lane={series.lanes[i]?.key ?? ''}
            >
              {l.href ? (
                <a
                  href={l.href}
                  aria-label={`${l.name}${l.sub ? ` ${l.sub}` : ''}: ${l.note}. ${t.openPerson}`}
                  onClick={(e) => followLink(e as unknown as MouseEvent, l.href as string)}
                >
                  {text}
                </a>
              ) : (
                text
              )}
            </g>
          );
        })}
        <g class="tl-axis" aria-hidden="true">
          {ticks.map((k) => {
            const x = Math.min(Math.max(xOf(view, width, k.t), 2), width - 2);
            const label = formatTick(k.t, k.kind, locale);
            const anchorAt = x < 30 ? 'start' : x > width - 30 ? 'end' : 'middle';
            return (
              <g key={`a${k.t}`}>
                <text class="tl-tick" x={x} y={geo.axisTop - 7} text-anchor={anchorAt}>
                  {label}
                </text>
                <text class="tl-tick" x={x} y={height - 6} text-anchor={anchorAt}>
                  {label}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
    </div>
  );
}
