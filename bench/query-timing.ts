import { percentile, round } from './measure.js';
import type { PeerResult } from './peer-result.js';

type QueryRow = PeerResult['queries'][number];

/**
 * Runs every query: once for the hit count, once untimed to warm the page cache, then `runs`
 * timed runs whose p50/p95 are kept. The same sequence for every engine keeps them comparable.
 */
export async function timeQueries<Q extends { kind: string }>(
  queries: readonly Q[],
  runs: number,
  hits: (q: Q) => Promise<number>,
  once: (q: Q) => Promise<number>,
): Promise<QueryRow[]> {
  const rows: QueryRow[] = [];
  for (const q of queries) {
    const n = await hits(q);
    await once(q);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await once(q));
    rows.push({
      kind: q.kind,
      p50ms: round(percentile(samples, 50)),
      p95ms: round(percentile(samples, 95)),
      hits: n,
    });
  }
  return rows;
}

/** p50 of `runs` bare start-ups: the cost every per-process query pays before it searches. */
export async function startupFloor(runs: number, once: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  await once();
  for (let i = 0; i < runs; i++) samples.push(await once());
  return round(percentile(samples, 50));
}
