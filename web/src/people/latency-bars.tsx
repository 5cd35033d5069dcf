import { useRef } from 'preact/hooks';
import { formatNumber } from '../i18n/format.js';
import { LATENCY_BUCKETS, latencyHistogram } from './people-logic.js';
import { usePeopleMessages } from './use-people-messages.js';
import { useWidth } from './use-width.js';

const PLOT = 110;
const TOP = 16;
const AXIS = 20;
/** Narrower slots than this (a phone) put every other label on a second line, so none overlap. */
const STAGGER_BELOW = 70;

/**
 * The latency distribution of a pair: for each time bucket (under a minute … over a week, a
 * log-like scale), how many answers of each side took that long, as grouped SVG bars.
 */
export function LatencyBars(props: {
  title: string;
  seconds: readonly [readonly number[], readonly number[]];
  series: readonly [string, string];
}) {
  const { m, locale } = usePeopleMessages();
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef);
  const a = latencyHistogram(props.seconds[0]);
  const b = latencyHistogram(props.seconds[1]);
  const max = Math.max(1, ...a, ...b);
  const slot = width / LATENCY_BUCKETS;
  const barW = Math.max(2, Math.min(28, (slot - 10) / 2));
  const num = (x: number) => formatNumber(x, locale);
  const names = m.latencyBuckets;
  const h = (v: number) => (v <= 0 ? 0 : Math.max(2, (v / max) * PLOT));
  const stagger = slot < STAGGER_BELOW;
  const axis = stagger ? AXIS + 14 : AXIS;

  return (
    <div class="pp-chart" data-testid="latency-chart">
      <ul class="pp-legend">
        <li>
          <span class="pp-swatch pp-a" aria-hidden="true" /> {props.series[0]}{' '}
          <span class="count">{num(props.seconds[0].length)}</span>
        </li>
        <li>
          <span class="pp-swatch pp-b" aria-hidden="true" /> {props.series[1]}{' '}
          <span class="count">{num(props.seconds[1].length)}</span>
        </li>
      </ul>
      <div class="pp-plot" ref={wrapRef}>
        {width > 0 && (
          <svg width={width} height={TOP + PLOT + axis} role="img" aria-label={props.title}>
            {a.map((_, i) => {
              const cx = i * slot + slot / 2;
              const bars: Array<[number, string, string, number]> = [
                [a[i] as number, 'pp-a', props.series[0], cx - barW - 1],
                [b[i] as number, 'pp-b', props.series[1], cx + 1],
              ];
              return (
                <g key={i} data-testid="latency-bucket" data-a={a[i]} data-b={b[i]}>
                  {bars.map(([v, cls, series, x]) =>
                    v > 0 ? (
                      <g key={cls}>
                        <rect class={cls} x={x} y={TOP + PLOT - h(v)} width={barW} height={h(v)}>
                          <title>{m.barTitle(names[i] ?? '', series, num(v))}</title>
                        </rect>
                        <text class="pp-value" x={x + barW / 2} y={TOP + PLOT - h(v) - 3}>
                          {num(v)}
                        </text>
                      </g>
                    ) : null,
                  )}
                  <text
                    class="pp-tick pp-tick-mid"
                    x={cx}
                    y={TOP + PLOT + AXIS - 5 + (stagger && i % 2 === 1 ? 14 : 0)}
                  >
                    {names[i]}
                  </text>
                </g>
              );
            })}
            <line class="pp-axis" x1={0} x2={width} y1={TOP + PLOT} y2={TOP + PLOT} />
          </svg>
        )}
      </div>
      <details class="pp-details">
        <summary>{m.chartTable}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{m.colBucket}</th>
                <th scope="col" class="num">
                  {props.series[0]}
                </th>
                <th scope="col" class="num">
                  {props.series[1]}
                </th>
              </tr>
            </thead>
            <tbody>
              {a.map((v, i) => (
                <tr key={i}>
                  <td>{names[i]}</td>
                  <td class="num">{num(v)}</td>
                  <td class="num">{num(b[i] as number)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
