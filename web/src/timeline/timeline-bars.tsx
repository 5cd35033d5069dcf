import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import { barsPath, type Geometry, laneMid, type LaneSeries, type Series } from './timeline-layout.js';
import type { View } from './timeline-scale.js';

/**
 * The bars of every lane: two paths a lane (private above the line, public below), however many
 * buckets. Memoised apart from the rest of the chart so that hovering, brushing and the keyboard
 * cursor never rebuild them; only a new view, width or answer does.
 */
export const TimelineBars = memo(function TimelineBars(props: {
  series: Series;
  view: View;
  width: number;
  /** Full bar height per lane (the shared scale, or the rest's own). */
  maxes: readonly number[];
  geometry: Geometry;
}) {
  const { series, view, width, maxes, geometry: g } = props;
  const paths = useMemo(
    () =>
      series.lanes.map((lane: LaneSeries, i: number) => {
        const mid = laneMid(i, g);
        const max = maxes[i] ?? 1;
        return {
          key: lane.key ?? '\0rest',
          priv: barsPath(series, lane.private, view, width, mid, true, g.band, max),
          pub: barsPath(series, lane.public, view, width, mid, false, g.band, max),
        };
      }),
    [series, view, width, maxes, g],
  );
  return (
    <g class="tl-bars">
      {paths.map((p) => (
        <g key={p.key} data-testid="timeline-lane-bars" data-lane={p.key}>
          {p.priv ? <path class="tl-bar-private" d={p.priv} data-testid="timeline-bars-private" /> : null}
          {p.pub ? <path class="tl-bar-public" d={p.pub} data-testid="timeline-bars-public" /> : null}
        </g>
      ))}
    </g>
  );
});
