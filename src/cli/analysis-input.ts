import type { AnalysisItem, AnalysisPerson } from '../model/index.js';
import { InnsynError } from '../model/index.js';
import { parseQuery, formatQueryError } from '../query/index.js';
import type { AnalysisItemsOptions, Store } from '../store/index.js';

/** Items and persons for a pattern analysis: the matches of the query (all items without one). */
export async function loadAnalysis(
  store: Store,
  queryText: string,
  options: AnalysisItemsOptions,
): Promise<{ items: AnalysisItem[]; persons: AnalysisPerson[] }> {
  const query = parseOrExplain(queryText);
  const items = await store.analysisItems(query, options);
  const persons = await store.analysisPersons();
  return { items, persons };
}

/** The query of an analysis command (null: every item); a bad query's error shows where. */
export function parseOrExplain(text: string) {
  if (text.trim() === '') return null;
  try {
    return parseQuery(text);
  } catch (e) {
    if (e instanceof InnsynError && e.code === 'bad-query') {
      throw new InnsynError('bad-query', formatQueryError(text, e), { column: e.column });
    }
    throw e;
  }
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** '7d', '30m', '12h', '90s', '2w' or plain seconds → seconds; InnsynError 'usage' naming the option otherwise. */
export function parseDuration(option: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/i.exec(value.trim());
  const seconds = m ? Number(m[1]) * (UNITS[(m[2] || 's').toLowerCase()] ?? 1) : NaN;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InnsynError('usage', `${option} takes a duration such as 30m, 12h, 7d or 2w, not '${value}'`);
  }
  return seconds;
}

/** "1 d 21 h 11 min", "15 min", "42 s": latencies as a reporter writes them. */
export function durationWords(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  return [d ? `${d} d` : '', h ? `${h} h` : '', min ? `${min} min` : ''].filter(Boolean).join(' ') || '0 min';
}
