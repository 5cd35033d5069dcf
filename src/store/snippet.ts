import { hasHighlights, type Highlights } from './query-highlights.js';
import { MATCH_END, MATCH_START } from '../model/snippet-markers.js';
import { foldText } from '../model/text/fold-text.js';

/** Length of a snippet, in characters of the original text (before whitespace is collapsed). */
export const SNIPPET_CHARS = 200;
/** Context kept before the first match, so the reader sees what leads up to it. */
const LEAD_CHARS = 60;
/**
 * How far into a text the first match is looked for. A 50 MB text that matched through its
 * subject or an attachment name would otherwise be scanned whole for every result page.
 */
export const MAX_SNIPPET_SCAN_CHARS = 50_000;

/** The analyzer's folded words of a run of text and their stems in the item's language. */
export type Analyze = (run: string) => { words: string[]; stems: string[] };

const MARKERS = new RegExp(`[${MATCH_START}${MATCH_END}]`, 'g');

/** The text without MATCH_START and MATCH_END: the markers cannot come from the message itself. */
function withoutMarkers(source: string): string {
  return source.includes(MATCH_START) || source.includes(MATCH_END) ? source.replace(MARKERS, '') : source;
}

/*
 * A word run is a run of letters, digits and combining marks (`[\p{L}\p{N}\p{M}]+`): the
 * analyzer folds each run into its words.
 */

/**
 * A passage of about SNIPPET_CHARS characters of `text` around the first word the query looks
 * for, every such word in it wrapped in MATCH_START/MATCH_END (model/snippet-markers.ts); whitespace collapsed, cuts marked with "…". The
 * comparison is on folded words (and their stems), so `Økonomi` is marked for `okonomi` and
 * `emails` for `email`. Without a match, the start of the text.
 */
export function makeSnippet(source: string, h: Highlights, analyze: Analyze): string {
  const text = withoutMarkers(source);
  const hits: Array<[number, number]> = [];
  let start = 0;
  let end = Math.min(text.length, SNIPPET_CHARS);
  if (hasHighlights(h)) {
    const scan = text.length > MAX_SNIPPET_SCAN_CHARS ? text.slice(0, MAX_SNIPPET_SCAN_CHARS) : text;
    let found = false;
    for (const [at, stop] of allMatches(scan, h, analyze)) {
      if (found && stop > end) break;
      if (!found) {
        found = true;
        start = at <= LEAD_CHARS ? 0 : wordStartAfter(text, at - LEAD_CHARS, at);
        end = Math.min(text.length, start + SNIPPET_CHARS);
        if (end < text.length) end = Math.max(stop, wordEndBefore(text, end));
      }
      hits.push([at, stop]);
    }
  }
  if (end < text.length && hits.length === 0) end = wordEndBefore(text, end);
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [s, e] of hits) {
    out += collapse(text.slice(at, s)) + MATCH_START + collapse(text.slice(s, e)) + MATCH_END;
    at = e;
  }
  out += collapse(text.slice(at, end));
  if (end < text.length) out += '…';
  return out.trim();
}

/**
 * [start, end) of every run of `text` the query looks for (as makeSnippet marks them), in order,
 * at most `max`: what a client marks in a whole text (an attachment's), by the same rules as
 * snippets. Scans the whole text, not only MAX_SNIPPET_SCAN_CHARS of it.
 */
export function matchRanges(
  text: string,
  h: Highlights,
  analyze: Analyze,
  max: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (max <= 0 || !hasHighlights(h)) return out;
  for (const range of allMatches(text, h, analyze)) {
    out.push(range);
    if (out.length >= max) break;
  }
  return out;
}

/** Marks shown in one short text (a subject) at most. */
const MAX_TEXT_MARKS = 32;

/**
 * A short text whole (a subject) with every run the query looks for between MATCH_START and
 * MATCH_END, as makeSnippet marks a passage; null when nothing in it is marked.
 */
export function markText(source: string, h: Highlights, analyze: Analyze): string | null {
  const text = withoutMarkers(source);
  const ranges = matchRanges(text, h, analyze, MAX_TEXT_MARKS);
  if (ranges.length === 0) return null;
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += text.slice(at, s) + MATCH_START + text.slice(s, e) + MATCH_END;
    at = e;
  }
  return out + text.slice(at);
}

/**
 * Words handed to the analyzer per call. One call per word costs more than the words (each
 * call sets up its own scan); one call for a 50 KB text wastes work when the first match is
 * in the first line.
 */
const ANALYZE_CHUNK_WORDS = 200;

/** Beyond Latin Extended-B the analyzer may cut a run into several words: it decides. */
const LAST_LATIN = 0x24f;

/**
 * The first two characters of every folded word, stem and prefix the query looks for, as
 * numbers (one code unit c: c; two: c0·65536 + c1). The analyzer's stemmers cut and rewrite the
 * ends of words, never their first letters, so a run of Latin letters whose folded start is
 * none of these cannot match and need not be analysed: most words of a long text are rejected
 * without stemming them, or even making their strings.
 */
function headsOf(h: Highlights): Set<number> {
  const heads = new Set<number>();
  for (const list of [h.words, h.stems, h.prefixes]) {
    for (const w of list) {
      if (w.length === 1) heads.add(w.charCodeAt(0));
      else if (w.length > 1) heads.add(w.charCodeAt(0) * 65536 + w.charCodeAt(1));
    }
  }
  return heads;
}

/**
 * For each character up to LAST_LATIN, the first and second code units of its folded form
 * (-1: none). Folding is per character there (fold-text.ts: lower case, decomposition, marks
 * dropped, a few letters mapped), so a run's folded start is read from these. A character whose
 * folded form is not all word characters (½ → 1⁄2, which the analyzer makes `12`) gets -1 as its
 * first: the analyzer decides.
 */
const FOLD_FIRST = new Int32Array(LAST_LATIN + 1);
const FOLD_SECOND = new Int32Array(LAST_LATIN + 1);
for (let c = 0; c <= LAST_LATIN; c++) {
  const f = foldText(String.fromCharCode(c));
  const plain = f.length > 0 && /^[\p{L}\p{N}\p{M}]+$/u.test(f);
  FOLD_FIRST[c] = plain ? f.charCodeAt(0) : -1;
  FOLD_SECOND[c] = plain && f.length > 1 ? f.charCodeAt(1) : -1;
}

/**
 * Whether the run text[start, end), all of it Latin, may match: its folded start (the first
 * two folded characters, or the first alone) is one of `heads`.
 */
function latinHeadMatches(text: string, start: number, end: number, heads: Set<number>): boolean {
  const c0 = text.charCodeAt(start);
  const first = FOLD_FIRST[c0] as number;
  if (first < 0) return true; // folds away: the analyzer decides
  if (heads.has(first)) return true;
  let second = FOLD_SECOND[c0] as number;
  if (second < 0 && start + 1 < end) {
    second = FOLD_FIRST[text.charCodeAt(start + 1)] as number;
    if (second < 0) return true;
  }
  return second >= 0 && heads.has(first * 65536 + second);
}

/** A character of a word run. */
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
/** Per UTF-16 code unit of the BMP: 1 a word character, 2 not, 0 not looked up yet. */
const wordUnits = new Uint8Array(0x10000);

/** The width in code units (1, or 2 for a surrogate pair) of the word character at `i`; 0 when none is there. */
function wordCharAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) return WORD_CHAR.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  let k = wordUnits[c] as number;
  if (k === 0) {
    k = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    wordUnits[c] = k;
  }
  return k === 1 ? 1 : 0;
}

/** A word run of a text: [start, end), and whether all of it is Latin (up to LAST_LATIN). */
interface Run {
  start: number;
  end: number;
  latin: boolean;
}

/** The first word run of `text` at or after `from`, written into `run` (no allocation); false when there is none. */
function nextRun(text: string, from: number, run: Run): boolean {
  const n = text.length;
  let i = from;
  let w = i < n ? wordCharAt(text, i) : 0;
  while (w === 0 && ++i < n) w = wordCharAt(text, i);
  if (i >= n) return false;
  run.start = i;
  run.latin = true;
  while (w > 0) {
    if (w === 2 || text.charCodeAt(i) > LAST_LATIN) run.latin = false;
    i += w;
    w = i < n ? wordCharAt(text, i) : 0;
  }
  run.end = i;
  return true;
}

/**
 * [start, end) of each word run of `text` that matches the query, in order. Runs are read
 * ANALYZE_CHUNK_WORDS at a time; a run of Latin letters whose folded start is none of the
 * query's (headsOf) is passed over without making its string, the rest are analysed once per
 * distinct run.
 */
function* matches(text: string, h: Highlights, analyze: Analyze): Generator<[number, number]> {
  const known = new Map<string, boolean>();
  const heads = headsOf(h);
  const n = text.length;
  const found: Run = { start: 0, end: 0, latin: true };
  let i = 0;
  while (i < n) {
    const at: number[] = [];
    const runs: string[] = [];
    const unknown: string[] = [];
    for (let seen = 0; seen < ANALYZE_CHUNK_WORDS && i < n; seen++) {
      if (!nextRun(text, i, found)) {
        i = n;
        break;
      }
      i = found.end;
      if (found.latin && !latinHeadMatches(text, found.start, found.end, heads)) continue;
      const run = text.slice(found.start, found.end);
      at.push(found.start);
      runs.push(run);
      if (!known.has(run)) {
        known.set(run, false); // decided with the others of the chunk, below
        unknown.push(run);
      }
    }
    if (unknown.length > 0) classify(unknown, h, analyze, known);
    for (let k = 0; k < runs.length; k++) {
      const run = runs[k] as string;
      if (known.get(run)) yield [at[k] as number, (at[k] as number) + run.length];
    }
  }
}

/**
 * Decides for each run whether it matches, with one analyzer call for all of them when the
 * analyzer gives one word per run (it does, unless a run folds away to nothing), else one each.
 */
function classify(runs: string[], h: Highlights, analyze: Analyze, known: Map<string, boolean>): void {
  const all = analyze(runs.join(' '));
  if (all.words.length === runs.length && all.stems.length === runs.length) {
    runs.forEach((run, k) => known.set(run, isHit([all.words[k] as string], [all.stems[k] as string], h)));
    return;
  }
  for (const run of runs) {
    const one = analyze(run);
    known.set(run, isHit(one.words, one.stems, h));
  }
}

function isHit(words: string[], stems: string[], h: Highlights): boolean {
  for (const w of words) {
    if (h.words.has(w)) return true;
    for (const p of h.prefixes) if (w.startsWith(p)) return true;
  }
  for (const s of stems) if (h.stems.has(s)) return true;
  return false;
}

/**
 * The word matches and the phrase matches of `text`, in order; a word inside a phrase match is
 * part of it, not marked again.
 */
function* allMatches(text: string, h: Highlights, analyze: Analyze): Generator<[number, number]> {
  const words =
    h.words.size > 0 || h.prefixes.length > 0 || h.stems.size > 0 ? matches(text, h, analyze) : null;
  if (h.phrases.length === 0) {
    if (words) yield* words;
    return;
  }
  const phrases = phraseRanges(text, h.phrases, analyze);
  let p = phrases.next();
  if (words) {
    for (const w of words) {
      while (!p.done && p.value[1] <= w[0]) {
        yield p.value;
        p = phrases.next();
      }
      if (!p.done && w[0] >= p.value[0] && w[1] <= p.value[1]) continue;
      yield w;
    }
  }
  for (; !p.done; p = phrases.next()) yield p.value;
}

/**
 * [start, end) of each place in `text` where a phrase's words stand in order, words in between
 * only what the analyzer skips (spaces, punctuation: `spam-filters` is the phrase "spam
 * filters", as in the index); not overlapping, in order, found as they are asked for. Only runs
 * whose folded start is a phrase's first word's (headsOf) are analysed, and the runs after
 * them as far as the phrase.
 */
function* phraseRanges(
  text: string,
  phrases: readonly string[][],
  analyze: Analyze,
): Generator<[number, number]> {
  const firsts: Highlights = { words: new Set(), prefixes: [], stems: new Set(), phrases: [] };
  for (const p of phrases) if (p[0] !== undefined) firsts.words.add(p[0]);
  const heads = headsOf(firsts);
  // Word runs as start and end offsets, read as far as asked.
  const runs: number[] = [];
  const latin: boolean[] = [];
  let i = 0;
  const found: Run = { start: 0, end: 0, latin: true };
  const have = (r: number): boolean => {
    while (latin.length <= r && nextRun(text, i, found)) {
      runs.push(found.start, found.end);
      latin.push(found.latin);
      i = found.end;
    }
    return r < latin.length;
  };
  const folded = new Map<string, string[]>();
  const wordsOf = (r: number): string[] => {
    const run = text.slice(runs[2 * r] as number, runs[2 * r + 1] as number);
    let w = folded.get(run);
    if (w === undefined) {
      w = analyze(run).words;
      folded.set(run, w);
    }
    return w;
  };
  for (let r = 0; have(r); r++) {
    if (latin[r] && !latinHeadMatches(text, runs[2 * r] as number, runs[2 * r + 1] as number, heads))
      continue;
    const first = wordsOf(r);
    if (first.length === 0 || !firsts.words.has(first[0] as string)) continue;
    let matchedTo = -1;
    for (const p of phrases) {
      // Walk the words of runs r, r+1, … against the phrase.
      let q = r;
      let inRun = 0;
      let k = 0;
      let ws = first;
      while (k < p.length) {
        if (inRun >= ws.length) {
          if (!have(++q)) break;
          ws = wordsOf(q);
          inRun = 0;
          continue;
        }
        if (ws[inRun] !== p[k]) break;
        inRun++;
        k++;
      }
      if (k === p.length && q > matchedTo) matchedTo = q;
    }
    if (matchedTo < 0) continue;
    yield [runs[2 * r] as number, runs[2 * matchedTo + 1] as number];
    r = matchedTo;
  }
}

/** The first word start in text[from, limit], or `limit` when none (never cut a word in two). */
function wordStartAfter(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (/\s/.test(text.charAt(i))) return i + 1;
  return limit;
}

/** The last whitespace at or before `at`, so the passage ends between words. */
function wordEndBefore(text: string, at: number): number {
  for (let i = at; i > at - 40 && i > 0; i--) if (/\s/.test(text.charAt(i))) return i;
  return at;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ');
}
