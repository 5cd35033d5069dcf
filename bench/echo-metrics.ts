/**
 * How well findEchoes finds what the generator (echo-generator.ts) planted:
 * - recall: planted echoes found among the echoes kept for their private item (findEchoes
 *   keeps the strongest `maxPerPrivate`, 10 here: "in the top 10 per private message");
 * - precision@planted: of the strongest n echoes overall (n = echoes planted), the share that
 *   were planted (R-precision); per kind, over the echoes whose strongest evidence is that kind;
 * - precision@100 (the target, when at least 100 were planted);
 * - MRR: mean over planted echoes of 1 / (rank of the public item among its private item's
 *   echoes), 0 when not found.
 */
import type { Echo, EchoEvidenceKind } from '../src/analysis/echoes.js';
import { ECHO_KINDS, type PlantedEcho } from './echo-generator.js';

export interface KindQuality {
  planted: number;
  found: number;
  recall: number;
  /** Precision over the strongest `planted` echoes of this kind (by strongest evidence). */
  precisionAtPlanted: number;
  mrr: number;
}

export interface EchoQuality {
  overall: KindQuality & { precisionAt100: number | null };
  byKind: Record<EchoEvidenceKind, KindQuality>;
  echoes: number;
}

const pairKey = (p: string, q: string): string => `${p}\u0000${q}`;

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Scores `echoes` (strongest first, as findEchoes returns them) against `planted`. */
export function measureEchoQuality(echoes: readonly Echo[], planted: readonly PlantedEcho[]): EchoQuality {
  const plantedKeys = new Set(planted.map((p) => pairKey(p.privateId, p.publicId)));
  const rankInPrivate = new Map<string, number>();
  const seenPerPrivate = new Map<string, number>();
  for (const e of echoes) {
    const r = (seenPerPrivate.get(e.privateId) ?? 0) + 1;
    seenPerPrivate.set(e.privateId, r);
    rankInPrivate.set(pairKey(e.privateId, e.publicId), r);
  }
  const precisionAt = (list: readonly Echo[], k: number): number => {
    const top = list.slice(0, k);
    return ratio(top.filter((e) => plantedKeys.has(pairKey(e.privateId, e.publicId))).length, top.length);
  };
  const quality = (ps: readonly PlantedEcho[], list: readonly Echo[]): KindQuality => {
    let found = 0;
    let rr = 0;
    for (const p of ps) {
      const r = rankInPrivate.get(pairKey(p.privateId, p.publicId));
      if (r === undefined) continue;
      found += 1;
      rr += 1 / r;
    }
    return {
      planted: ps.length,
      found,
      recall: ratio(found, ps.length),
      precisionAtPlanted: precisionAt(list, ps.length),
      mrr: ratio(rr, ps.length),
    };
  };
  const byKind = {} as Record<EchoEvidenceKind, KindQuality>;
  for (const kind of ECHO_KINDS)
    byKind[kind] = quality(
      planted.filter((p) => p.kind === kind),
      echoes.filter((e) => e.evidence[0]?.kind === kind),
    );
  return {
    overall: {
      ...quality(planted, echoes),
      precisionAt100: planted.length >= 100 ? precisionAt(echoes, 100) : null,
    },
    byKind,
    echoes: echoes.length,
  };
}

/** The quality as a small table. */
export function formatEchoQuality(q: EchoQuality): string {
  const f = (x: number): string => x.toFixed(3);
  const rows = [['kind', 'planted', 'found', 'recall', 'P@planted', 'MRR']];
  for (const kind of ECHO_KINDS) {
    const k = q.byKind[kind];
    rows.push([kind, String(k.planted), String(k.found), f(k.recall), f(k.precisionAtPlanted), f(k.mrr)]);
  }
  const o = q.overall;
  rows.push(['overall', String(o.planted), String(o.found), f(o.recall), f(o.precisionAtPlanted), f(o.mrr)]);
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const lines = rows.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
  );
  lines.push(
    `precision@100: ${o.precisionAt100 === null ? 'n/a (fewer than 100 planted)' : f(o.precisionAt100)}`,
  );
  lines.push(`echoes reported: ${q.echoes}`);
  return lines.join('\n');
}
