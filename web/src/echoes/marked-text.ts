/**
 * A text cut into runs for drawing, each run with the kinds of evidence that cover it. Marks
 * come from the server (character ranges) and may overlap: a name inside a quoted passage, a
 * shared word inside it. Everything is drawn as text; a mark is never markup.
 */
import type { EchoMark, EchoMarkKind } from './echoes-types.js';

export interface MarkedRun {
  text: string;
  /** Evidence kinds covering this run, in KIND_ORDER; empty for plain text. */
  kinds: EchoMarkKind[];
}

/** Which kind a run shows when several cover it: the most specific first. */
export const KIND_ORDER: readonly EchoMarkKind[] = ['link', 'quote', 'mention', 'terms'];

/** Marks looked at per text: the server sends at most 200; a bad answer must not hang the page. */
export const MAX_MARKS = 400;

export function markedRuns(text: string, marks: readonly EchoMark[]): MarkedRun[] {
  const valid = marks
    .slice(0, MAX_MARKS)
    .filter(
      (m) =>
        Number.isInteger(m.start) &&
        Number.isInteger(m.end) &&
        m.start >= 0 &&
        m.end > m.start &&
        m.start < text.length &&
        (KIND_ORDER as readonly string[]).includes(m.kind),
    )
    .map((m) => ({ ...m, end: Math.min(m.end, text.length) }));
  const cuts = new Set<number>([0, text.length]);
  for (const m of valid) {
    cuts.add(m.start);
    cuts.add(m.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: MarkedRun[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] as number;
    const to = points[i + 1] as number;
    const kinds = KIND_ORDER.filter((k) => valid.some((m) => m.kind === k && m.start <= from && m.end >= to));
    const last = runs[runs.length - 1];
    if (last && last.kinds.join() === kinds.join()) last.text += text.slice(from, to);
    else runs.push({ text: text.slice(from, to), kinds });
  }
  return runs.filter((r) => r.text !== '');
}
