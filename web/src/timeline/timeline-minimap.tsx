import { memo } from 'preact/compat';
import { useMemo, useRef } from 'preact/hooks';
import { useI18n } from '../i18n/i18n.js';
import { barsPath, type Series } from './timeline-layout.js';
import { timelineMessages } from './timeline-messages.js';
import { panView, tOf, type View, xOf } from './timeline-scale.js';

const HEIGHT = 30;
const MID = 15;

/** Totals of the whole period (private above, public below), drawn once per answer and width. */
const Overview = memo(function Overview(props: { series: Series; extent: View; width: number }) {
  const { series, extent, width } = props;
  const paths = useMemo(() => {
    const n = series.starts.length;
    const priv = new Float64Array(n);
    const pub = new Float64Array(n);
    let max = 1;
    for (const lane of series.lanes) {
      for (let i = 0; i < n; i++) {
        priv[i] = (priv[i] as number) + (lane.private[i] as number);
        pub[i] = (pub[i] as number) + (lane.public[i] as number);
      }
    }
    for (let i = 0; i < n; i++) max = Math.max(max, priv[i] as number, pub[i] as number);
    return {
      priv: barsPath(series, priv, extent, width, MID, true, MID - 2, max),
      pub: barsPath(series, pub, extent, width, MID, false, MID - 2, max),
    };
  }, [series, extent, width]);
  return (
    <g>
      <path class="tl-bar-private" d={paths.priv} />
      <path class="tl-bar-public" d={paths.pub} />
    </g>
  );
});

/**
 * The whole period in small, with the window shown: drag (or click) to move the window, arrow
 * keys to step it. Built from the overview answer (a bar a month), which every view has.
 */
export function TimelineMinimap(props: {
  series: Series;
  extent: View;
  view: View;
  width: number;
  onView: (v: View, settled: boolean) => void;
}) {
  const { lang } = useI18n();
  const t = timelineMessages(lang);
  const { extent, view, width } = props;
  const ref = useRef<SVGSVGElement>(null);
  const dragging = useRef<number | null>(null);

  const centreAt = (clientX: number, settled: boolean) => {
    const rect = ref.current?.getBoundingClientRect();
    if (!rect) return;
    const at = tOf(extent, width, clientX - rect.left);
    props.onView(panView(view, at - (view.start + view.end) / 2, extent), settled);
  };

  const x0 = Math.max(0, xOf(extent, width, view.start));
  const x1 = Math.min(width, xOf(extent, width, view.end));
  return (
    <svg
      ref={ref}
      class="tl-minimap"
      width={width}
      height={HEIGHT}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      role="slider"
      tabIndex={0}
      aria-label={t.minimapLabel}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round((x0 / Math.max(width, 1)) * 100)}
      data-testid="timeline-minimap"
      onPointerDown={(e) => {
        if (e.pointerType === 'mouse' && e.button !== 0) return;
        (e.currentTarget as Element).setPointerCapture(e.pointerId);
        dragging.current = e.pointerId;
        centreAt(e.clientX, false);
      }}
      onPointerMove={(e) => {
        if (dragging.current === e.pointerId) centreAt(e.clientX, false);
      }}
      onPointerUp={(e) => {
        if (dragging.current !== e.pointerId) return;
        dragging.current = null;
        centreAt(e.clientX, true);
      }}
      onPointerCancel={() => {
        dragging.current = null;
      }}
      onKeyDown={(e) => {
        const span = view.end - view.start;
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          props.onView(panView(view, (e.key === 'ArrowLeft' ? -0.5 : 0.5) * span, extent), true);
        }
      }}
    >
      <Overview series={props.series} extent={extent} width={width} />
      <line class="tl-mid" x1={0} x2={width} y1={MID + 0.5} y2={MID + 0.5} />
      <rect class="tl-minimap-window" x={x0} y={0.5} width={Math.max(x1 - x0, 2)} height={HEIGHT - 1} />
    </svg>
  );
}
