/** Page numbers shown on each side of the current one; the first and last are always shown. */
const NEIGHBOURS = 2;

/** The page numbers to show, with null for a gap: 1 … 4 5 [6] 7 8 … 2000. */
export function pageWindow(page: number, pages: number): Array<number | null> {
  const out: Array<number | null> = [];
  const from = Math.max(2, page - NEIGHBOURS);
  const to = Math.min(pages - 1, page + NEIGHBOURS);
  out.push(1);
  if (from > 2) out.push(null);
  for (let p = from; p <= to; p++) out.push(p);
  if (to < pages - 1) out.push(null);
  if (pages > 1) out.push(pages);
  return out;
}
