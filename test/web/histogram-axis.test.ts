import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisLabels, type AxisLabel } from '../../web/src/search/histogram-axis.js';

const SPACING = 84;

/** [left, right) of a label `width` pixels wide, as the browser draws it. */
function extent(l: AxisLabel, width: number): [number, number] {
  if (l.anchor === 'start') return [l.x, l.x + width];
  if (l.anchor === 'end') return [l.x - width, l.x];
  return [l.x - width / 2, l.x + width / 2];
}

test('histogram axis labels never overlap and stay inside the plot', () => {
  for (const plot of [240, 600, 1070, 1372]) {
    for (const bars of [1, 2, 3, 7, 12, 36, 92, 200, 365, 1000]) {
      const barWidth = plot / bars;
      const labels = axisLabels(bars, barWidth, plot, SPACING);
      assert.ok(labels.length >= 1, `${bars} bars in ${plot} px: a label`);
      assert.equal(labels[0]?.index, 0, 'the first bar is named');
      for (const labelWidth of [40, 62, SPACING - 4]) {
        const spans = labels.map((l) => extent(l, labelWidth));
        for (const [k, [left, right]] of spans.entries()) {
          assert.ok(
            left >= 0 && right <= plot,
            `${bars} bars in ${plot} px: label ${k} inside (${left}, ${right})`,
          );
          const next = spans[k + 1];
          if (next)
            assert.ok(right + 4 <= next[0], `${bars} bars in ${plot} px: labels ${k} and ${k + 1} apart`);
        }
      }
      for (const l of labels) assert.ok(Number.isInteger(l.index) && l.index < bars);
    }
  }
});

test('histogram axis: the case that overlapped (92 days in 1,372 px) leaves out the second label', () => {
  const labels = axisLabels(92, 1372 / 92, 1372, SPACING);
  assert.deepEqual(
    labels.slice(0, 2).map((l) => [l.index, l.anchor]),
    [
      [0, 'start'],
      [12, 'middle'],
    ],
  );
  // Centred labels keep their rhythm: every 6th bar after the first ones.
  assert.ok(labels.slice(1).every((l, k, all) => k === 0 || l.index - (all[k - 1] as AxisLabel).index === 6));
});
