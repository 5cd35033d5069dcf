/**
 * Every echo of the case, computed once per data version and window and kept for the answers
 * that follow. findEchoes reads the whole case (about 1.5 s for 10,000 items): the echoes page
 * filters and pages this list, and each item page picks the echoes of its item from it, so only
 * the first request after a change pays. Like the store's thread cache, an entry is keyed by the
 * store's dataVersion(): it is never used after the data changed (an ingest, a person merge).
 */
import { dominantLanguage, findEchoes, type Echo } from '../analysis/echoes.js';
import type { AnalysisItem, AnalysisPerson } from '../model/index.js';
import { stemLanguage } from '../model/text/analyzer.js';
import type { Store } from '../store/index.js';

/**
 * Windows kept at once for the current data version. Each entry holds every echo and the texts
 * of the items in them; a reporter tries a window or two, not dozens.
 */
export const MAX_CACHED_WINDOWS = 2;

export interface EchoSet {
  /** Every echo of the case, strongest first (findEchoes' order), unfiltered. */
  echoes: readonly Echo[];
  /** The items that are in at least one echo, by id (with their texts). */
  items: ReadonlyMap<string, AnalysisItem>;
  persons: ReadonlyMap<string, AnalysisPerson>;
  /** Per item id, the positions in `echoes` of the echoes it is in (either side), in order. */
  byItem: ReadonlyMap<string, readonly number[]>;
  /** The language each item was stemmed in by findEchoes (its own, else the case's commonest). */
  langOf(item: AnalysisItem): string | null;
}

/** Builds the set from the whole case. */
export async function computeEchoSet(store: Store, windowSeconds: number): Promise<EchoSet> {
  const all = await store.analysisItems(null, { text: true });
  const persons = await store.analysisPersons();
  const echoes = findEchoes(all, persons, { windowSeconds });
  const involved = new Set<string>();
  const byItem = new Map<string, number[]>();
  const note = (id: string, k: number) => {
    involved.add(id);
    const list = byItem.get(id);
    if (list) list.push(k);
    else byItem.set(id, [k]);
  };
  echoes.forEach((e, k) => {
    note(e.privateId, k);
    if (e.publicId !== e.privateId) note(e.publicId, k);
  });
  const fallback = dominantLanguage(all);
  // Only the items of the echoes are kept: the rest of the case (and its texts) can be freed.
  const items = new Map(all.filter((i) => involved.has(i.id)).map((i) => [i.id, i]));
  return {
    echoes,
    items,
    persons: new Map(persons.map((p) => [p.key, p])),
    byItem,
    langOf: (it) => stemLanguage(typeof it.lang === 'string' ? it.lang : null) ?? fallback,
  };
}

/**
 * The echo sets of the current data version, by window, least recently used out. Requests
 * that come while a set is computed wait for that computation instead of starting another.
 */
export class EchoSetCache {
  private readonly entries = new Map<string, Promise<EchoSet>>();

  constructor(
    private readonly store: Store,
    private readonly maxEntries: number = MAX_CACHED_WINDOWS,
  ) {}

  async get(windowSeconds: number): Promise<EchoSet> {
    const version = await this.store.dataVersion();
    const key = `${version}\n${windowSeconds}`;
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    // Sets of an older data version are never served again.
    for (const k of [...this.entries.keys()]) if (!k.startsWith(`${version}\n`)) this.entries.delete(k);
    const made = computeEchoSet(this.store, windowSeconds);
    this.entries.set(key, made);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    // A failure is not kept: the next request tries again.
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    return made;
  }
}
