/**
 * Where a quotation sits in both texts: the longest run of words (folded, at least
 * SHINGLE_WORDS long) that P and Q have in common, as character ranges of each text, so a
 * reader can mark the passage on both sides. Computed only for the echoes that are reported.
 */
import { SHINGLE_WORDS } from './echo-features.js';
import { placedWords, type PlacedWord } from './echo-mentions.js';

export interface QuotedPassage {
  /** Character range in the private item's text. */
  private: [number, number];
  /** Character range in the public item's text. */
  public: [number, number];
  /** Words in the passage. */
  words: number;
}

function keyAt(ws: readonly PlacedWord[], i: number): string {
  let k = '';
  for (let j = 0; j < SHINGLE_WORDS; j++) k += `${(ws[i + j] as PlacedWord).word} `;
  return k;
}

/**
 * The longest passage of at least SHINGLE_WORDS words that both texts hold (the first one
 * when several are as long), or null. Linear in the two lengths: after a run is found the scan
 * jumps past it, so a text that repeats one word a hundred thousand times costs no more than
 * any other.
 */
export function longestQuotedPassage(privateText: string, publicText: string): QuotedPassage | null {
  const p = placedWords(privateText);
  const q = placedWords(publicText);
  if (p.length < SHINGLE_WORDS || q.length < SHINGLE_WORDS) return null;
  const firstAt = new Map<string, number>();
  for (let i = 0; i + SHINGLE_WORDS <= p.length; i++) {
    const k = keyAt(p, i);
    if (!firstAt.has(k)) firstAt.set(k, i);
  }
  let best: { i: number; j: number; len: number } | null = null;
  let j = 0;
  while (j + SHINGLE_WORDS <= q.length) {
    const i = firstAt.get(keyAt(q, j));
    if (i === undefined) {
      j += 1;
      continue;
    }
    let len = SHINGLE_WORDS;
    while (
      i + len < p.length &&
      j + len < q.length &&
      (p[i + len] as PlacedWord).word === (q[j + len] as PlacedWord).word
    )
      len += 1;
    if (best === null || len > best.len) best = { i, j, len };
    j += len - SHINGLE_WORDS + 1;
  }
  if (best === null) return null;
  const pw = (k: number): PlacedWord => p[k] as PlacedWord;
  const qw = (k: number): PlacedWord => q[k] as PlacedWord;
  return {
    private: [pw(best.i).start, pw(best.i + best.len - 1).end],
    public: [qw(best.j).start, qw(best.j + best.len - 1).end],
    words: best.len,
  };
}
