/** A text cut at its marks: every run is drawn as a text node, a marked one inside <mark>. */
export interface TextRun {
  text: string;
  mark: boolean;
}

/** Marks looked at at most (the server sends at most 2,000): a bad answer must not hang the page. */
export const MAX_MARKS = 4_000;

/**
 * The runs of `text` with `marks` ([start, end) ranges) marked. Marks out of range, empty,
 * overlapping an earlier one or out of order are skipped: the text is shown whole whatever the
 * server sent.
 */
export function textRuns(text: string, marks: ReadonlyArray<readonly [number, number]>): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const m of marks.slice(0, MAX_MARKS)) {
    const [start, end] = m;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < at || end <= start || end > text.length)
      continue;
    if (start > at) runs.push({ text: text.slice(at, start), mark: false });
    runs.push({ text: text.slice(start, end), mark: true });
    at = end;
  }
  if (at < text.length || runs.length === 0) runs.push({ text: text.slice(at), mark: false });
  return runs;
}

/** The `q` of a search path (`/search?q=…&sort=…`), '' when there is none. */
export function queryOfSearch(href: string): string {
  const i = href.indexOf('?');
  return i < 0 ? '' : (new URLSearchParams(href.slice(i + 1)).get('q') ?? '');
}
