import { useRef } from 'preact/hooks';
import { formatDateTime, formatNumber, formatPeriod } from '../i18n/format.js';
import type { TimelineBucket } from './people-api.js';
import type { TwoSeriesBar } from './people-logic.js';
import type { PeopleMessages } from './people-messages.js';
import { usePeopleMessages } from './use-people-messages.js';
import { useWidth } from './use-width.js';

/** Height of each half: the first series grows up from the middle line, the second down. */
const HALF = 64;
const AXIS = 18;
/** Space an axis label needs, so labels never overlap. */
const LABEL_SPACING = 90;

export function periodLabel(
  start: string,
  bucket: TimelineBucket,
  locale: string,
  m: PeopleMessages,
): string {
  switch (bucket) {
    case 'month':
      return formatPeriod(start, 'month', locale);
    case 'week':
      return m.weekOf(formatPeriod(start, 'day', locale));
    case 'day':
      return formatPeriod(start, 'day', locale);
    default:
      return formatDateTime(start, locale) ?? start;
  }
}

/**
 * Two series over time as mirrored SVG bars: the first above the line, the second below, on
 * one scale so the two can be compared bar for bar (11 one way and 2 the other must look it).
 * Each bar says its period and count on hover; the same numbers are in a table under it.
 */
export function TimeBars(props: {
  title: string;
  bars: readonly TwoSeriesBar[];
  bucket: TimelineBucket;
  series: readonly [string, string];
  testid: string;
}) {
  const { m, locale } = usePeopleMessages();
  const wrapRef = useRef<HTMLDivElement>(null);
  const width = useWidth(wrapRef);
  const { bars, bucket, series } = props;
  const n = bars.length;
  if (n === 0) return null;
  const max = bars.reduce((x, b) => Math.max(x, b.a, b.b), 1);
  const barW = width / n;
  const gap = barW > 5 ? Math.min(3, barW * 0.2) : 0;
  const labelEvery = Math.max(1, Math.ceil(LABEL_SPACING / Math.max(barW, 1)));
  const num = (x: number) => formatNumber(x, locale);
  const label = (i: number) => periodLabel((bars[i] as TwoSeriesBar).start, bucket, locale, m);
  const totalA = bars.reduce((s, b) => s + b.a, 0);
  const totalB = bars.reduce((s, b) => s + b.b, 0);
  const h = (v: number) => (v <= 0 ? 0 : Math.max(1.5, (v / max) * (HALF - 2)));

  return (
    <div class="pp-chart" data-testid={props.testid}>
      <ul class="pp-legend">
        <li>
          <span class="pp-swatch pp-a" aria-hidden="true" /> {series[0]}{' '}
          <span class="count" data-testid={`${props.testid}-total-a`}>
            {num(totalA)}
          </span>
        </li>
        <li>
          <span class="pp-swatch pp-b" aria-hidden="true" /> {series[1]}{' '}
          <span class="count" data-testid={`${props.testid}-total-b`}>
            {num(totalB)}
          </span>
        </li>
      </ul>
      <div class="pp-plot" ref={wrapRef}>
        {width > 0 && (
          <svg
            width={width}
            height={HALF * 2 + AXIS}
            role="img"
            aria-label={m.chartLabel(props.title, label(0), label(n - 1))}
          >
            {bars.map((b, i) => {
              const x = i * barW + gap / 2;
              const w = Math.max(1, barW - gap);
              const ha = h(b.a);
              const hb = h(b.b);
              return (
                <g key={b.start}>
                  {ha > 0 && (
                    <rect class="pp-a" x={x} y={HALF - ha} width={w} height={ha}>
                      <title>{m.barTitle(label(i), series[0], num(b.a))}</title>
                    </rect>
                  )}
                  {hb > 0 && (
                    <rect class="pp-b" x={x} y={HALF} width={w} height={hb}>
                      <title>{m.barTitle(label(i), series[1], num(b.b))}</title>
                    </rect>
                  )}
                </g>
              );
            })}
            <line class="pp-axis" x1={0} x2={width} y1={HALF} y2={HALF} />
            {bars.map((b, i) =>
              i % labelEvery === 0 && i * barW + LABEL_SPACING * 0.8 <= width ? (
                <text key={b.start} class="pp-tick" x={i * barW + 1} y={HALF * 2 + AXIS - 4}>
                  {label(i)}
                </text>
              ) : null,
            )}
          </svg>
        )}
      </div>
      <details class="pp-details">
        <summary>{m.chartTable}</summary>
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{m.colPeriod}</th>
                <th scope="col" class="num">
                  {series[0]}
                </th>
                <th scope="col" class="num">
                  {series[1]}
                </th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b, i) =>
                b.a + b.b === 0 ? null : (
                  <tr key={b.start}>
                    <td>{label(i)}</td>
                    <td class="num">{num(b.a)}</td>
                    <td class="num">{num(b.b)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
