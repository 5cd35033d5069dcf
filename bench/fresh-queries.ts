import { EPOCH_MS, SPAN_MS } from '../src/demo/corpus/corpus-plan.js';
import { Prng } from '../src/demo/corpus/prng.js';
import {
  ENGLISH_LAST_NAMES,
  ENGLISH_PHRASES,
  ENGLISH_WORDS,
  NORWEGIAN_LAST_NAMES,
  NORWEGIAN_PHRASES,
  NORWEGIAN_WORDS,
  RARE_TERMS,
} from '../src/demo/corpus/vocabulary.js';

/** A query and the kind of bench query (bench-queries.ts `kind`) whose shape it has. */
export interface FreshQuery {
  kind: string;
  q: string;
}

/** The first words of each list are function words ("the", "og"): nobody searches for them. */
const SKIP_FUNCTION_WORDS = 40;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Queries never asked before in the run, for the API load test's "every query new": the shapes
 * of the ten bench queries (bench-queries.ts) with words, names, phrases and dates drawn from
 * the corpus's own vocabulary (src/demo/corpus/vocabulary.ts), so most find something and some
 * find a lot, as twenty reporters typing their own searches would. Deterministic for a seed;
 * no query comes twice (so the ~40 rare terms are asked once each, then no more).
 */
export function freshQueries(seed: number): () => FreshQuery {
  const rng = new Prng(seed);
  const seen = new Set<string>();
  const pick = <T>(list: readonly T[], from = 0): T => list[from + rng.int(list.length - from)] as T;
  const word = (): string =>
    rng.chance(0.7) ? pick(ENGLISH_WORDS, SKIP_FUNCTION_WORDS) : pick(NORWEGIAN_WORDS, SKIP_FUNCTION_WORDS);
  const surname = (): string =>
    (rng.chance(0.7) ? pick(ENGLISH_LAST_NAMES) : pick(NORWEGIAN_LAST_NAMES)).toLowerCase();
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  const dates = (): string => {
    const from = EPOCH_MS + rng.int(Math.floor(SPAN_MS / DAY_MS)) * DAY_MS;
    return `date:${day(from)}..${day(from + rng.range(7, 365) * DAY_MS)}`;
  };
  const shapes: Array<[string, () => string]> = [
    ['common term', word],
    ['rare term', () => pick(RARE_TERMS)],
    ['two-term AND', () => `${word()} ${word()}`],
    ['OR', () => `${word()} OR ${word()}`],
    ['phrase', () => `"${rng.chance(0.7) ? pick(ENGLISH_PHRASES) : pick(NORWEGIAN_PHRASES)}" ${word()}`],
    ['prefix', () => `${word().slice(0, rng.range(4, 6))}*`],
    ['from: field', () => `from:${surname()}`],
    ['subject: field', () => `subject:${word()}`],
    ['date range', dates],
    ['field+date+term', () => `from:${surname()} ${dates()} ${word()}`],
  ];
  return () => {
    for (;;) {
      const [kind, make] = pick(shapes);
      const q = make();
      if (!seen.has(q)) {
        seen.add(q);
        return { kind, q };
      }
    }
  };
}
