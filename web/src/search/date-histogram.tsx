import { memo } from 'preact/compat';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Histogram } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { formatNumber, formatPeriod } from '../i18n/format.js';
import { dateTerm } from './query-edit.js';
import { axisLabels } from './histogram-axis.js';

/**
 * Bars drawn at most. The server picks the interval so that a case fits (years, months or
 * days); a broken or hostile answer with a million buckets must not hang the page.
 */
export const MAX_BARS = 2000;
const BARS_HEIGHT = 64;
const AXIS_HEIGHT = 16;
/** Space an axis label needs, so labels never overlap. */
const LABEL_SPACING = 84;

function useWidth(ref: { current: HTMLElement | null }): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return width;
}

interface Range {
  a: number;
  b: number;
}

/**
 * Items per period as SVG bars. Drag across bars to search that period range (adds
 * `date:A..B`); click one bar for its period. With the keyboard: arrows move, Shift+arrows
 * extend, Enter searches.
 */
export const DateHistogram = memo(function DateHistogram(props: {
  histogram: Histogram;
  onSelect: (term: string) => void;
}) {
  const { t, locale } = useI18n();
  const wrapRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = useWidth(wrapRef);
  const { interval } = props.histogram;
  const buckets = props.histogram.buckets.slice(0, MAX_BARS);
  const n = buckets.length;
  const [drag, setDrag] = useState<Range | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const [cursor, setCursor] = useState<Range | null>(null);

  if (n === 0) return null;
  const barW = width / n;
  const max = buckets.reduce((m, b) => Math.max(m, b.count), 1);
  const period = (i: number) => formatPeriod((buckets[i] as { start: string }).start, interval, locale);
  const lo = (r: Range) => Math.min(r.a, r.b);
  const hi = (r: Range) => Math.max(r.a, r.b);

  const indexAt = (clientX: number): number => {
    const rect = svgRef.current?.getBoundingClientRect();
    if (!rect || barW <= 0) return 0;
    return Math.max(0, Math.min(n - 1, Math.floor((clientX - rect.left) / barW)));
  };
  const select = (r: Range) => {
    const from = buckets[lo(r)];
    const to = buckets[hi(r)];
    if (from && to) props.onSelect(dateTerm(from.start, to.start, interval));
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const i = indexAt(e.clientX);
    setDrag({ a: i, b: i });
  };
  const onPointerMove = (e: PointerEvent) => {
    const i = indexAt(e.clientX);
    setHover(i);
    if (drag && drag.b !== i) setDrag({ a: drag.a, b: i });
  };
  const onPointerUp = () => {
    if (drag) select(drag);
    setDrag(null);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const c = cursor ?? { a: n - 1, b: n - 1 };
    const step = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (step !== 0 || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const b = e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : Math.max(0, Math.min(n - 1, c.b + step));
      setCursor({ a: e.shiftKey ? c.a : b, b });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(c);
    } else if (e.key === 'Escape') {
      setCursor(null);
    }
  };

  const shown = drag ?? cursor;
  const readoutRange = shown ?? (hover !== null ? { a: hover, b: hover } : null);
  let readout: string;
  if (readoutRange) {
    const count = buckets.slice(lo(readoutRange), hi(readoutRange) + 1).reduce((s, b) => s + b.count, 0);
    const label =
      lo(readoutRange) === hi(readoutRange)
        ? period(lo(readoutRange))
        : t.histogramRange(period(lo(readoutRange)), period(hi(readoutRange)));
    readout = t.histogramBar(label, formatNumber(count, locale));
  } else {
    readout = t.histogramRange(period(0), period(n - 1));
  }

  const labels = axisLabels(n, barW, width, LABEL_SPACING);
  const gap = barW > 4 ? 1 : 0;

  return (
    <section class="histogram" aria-labelledby="histogram-title" data-testid="histogram">
      <div class="histogram-head">
        <h2 id="histogram-title">{t.histogramTitle}</h2>
        <span class="histogram-readout" aria-live="polite" data-testid="histogram-readout">
          {readout}
        </span>
        <span class="histogram-help">{t.histogramHelp}</span>
      </div>
      <div class="histogram-plot" ref={wrapRef}>
        {width > 0 ? (
          <svg
            ref={svgRef}
            width={width}
            height={BARS_HEIGHT + AXIS_HEIGHT}
            viewBox={`0 0 ${width} ${BARS_HEIGHT + AXIS_HEIGHT}`}
            role="group"
            tabIndex={0}
            aria-label={t.histogramLabel(n)}
            class={drag ? 'is-dragging' : undefined}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setDrag(null)}
            onPointerLeave={() => setHover(null)}
            onKeyDown={onKeyDown}
            onBlur={() => setCursor(null)}
          >
            <line class="histogram-base" x1={0} x2={width} y1={BARS_HEIGHT + 0.5} y2={BARS_HEIGHT + 0.5} />
            {buckets.map((b, i) => {
              const h = b.count === 0 ? 0 : Math.max(2, Math.round((b.count / max) * (BARS_HEIGHT - 4)));
              const inRange = shown !== null && i >= lo(shown) && i <= hi(shown);
              const cls = `histogram-bar${inRange ? ' is-selected' : ''}${hover === i ? ' is-hover' : ''}`;
              return (
                <rect
                  key={b.start}
                  class={cls}
                  x={i * barW + gap / 2}
                  y={BARS_HEIGHT - h}
                  width={Math.max(barW - gap, 0.5)}
                  height={h}
                  data-testid="histogram-bar"
                  data-start={b.start}
                >
                  <title>{t.histogramBar(period(i), formatNumber(b.count, locale))}</title>
                </rect>
              );
            })}
            {/* Invisible hit areas would double the elements; the svg itself takes the pointer. */}
            {labels.map((l) => (
              <text
                key={`l${buckets[l.index]?.start ?? l.index}`}
                class="histogram-label"
                x={l.x}
                y={BARS_HEIGHT + AXIS_HEIGHT - 3}
                text-anchor={l.anchor}
              >
                {period(l.index)}
              </text>
            ))}
          </svg>
        ) : null}
      </div>
    </section>
  );
});
