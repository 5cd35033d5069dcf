/**
 * Where the date histogram puts its axis labels: every `every`-th bar, centred under it, the
 * first one anchored at its start (centred, it would be cut at the left edge) and any label that
 * would run past the right edge anchored at its end. A label is at most `spacing` pixels wide,
 * so centred labels `spacing` apart never meet; a start-anchored first label reaches half a
 * label further right, so the labels that would run into it are left out.
 */
export interface AxisLabel {
  /** The bar the label names. */
  index: number;
  x: number;
  anchor: 'start' | 'middle' | 'end';
}

/** Margin kept from the plot's edges. */
const EDGE = 2;

export function axisLabels(bars: number, barWidth: number, width: number, spacing: number): AxisLabel[] {
  const out: AxisLabel[] = [];
  const every = Math.max(1, Math.ceil(spacing / Math.max(barWidth, 1)));
  let freeFrom = -Infinity; // the left edge the next label may start at
  for (let i = 0; i < bars; i += every) {
    const centre = i * barWidth + barWidth / 2;
    let anchor: AxisLabel['anchor'] = 'middle';
    let x = centre;
    let left = centre - spacing / 2;
    if (left < EDGE) {
      anchor = 'start';
      x = EDGE;
      left = EDGE;
    } else if (centre + spacing / 2 > width - EDGE) {
      anchor = 'end';
      x = width - EDGE;
      left = x - spacing;
    }
    if (left < freeFrom) continue;
    out.push({ index: i, x, anchor });
    freeFrom = left + spacing;
  }
  return out;
}
