import type { Highlights } from './query-highlights.js';
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

/** Runs of letters, digits and combining marks: the analyzer folds each run into its words. */
const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * A passage of about SNIPPET_CHARS characters of `text` around the first word the query looks
 * for, every such word in it wrapped in MATCH_START/MATCH_END (model/snippet-markers.ts); whitespace collapsed, cuts marked with "…". The
 * comparison is on folded words (and their stems), so `Økonomi` is marked for `okonomi` and
 * `emails` for `email`. Without a match, the start of the text.
 */
export function makeSnippet(source: string, h: Highlights, analyze: Analyze): string {
  // The markers cannot come from the message itself.
  const text =
    source.includes(MATCH_START) || source.includes(MATCH_END) ? source.replace(MARKERS, '') : source;
  const hits: Array<[number, number]> = [];
  let start = 0;
  let end = Math.min(text.length, SNIPPET_CHARS);
  if (h.words.size > 0 || h.prefixes.length > 0 || h.stems.size > 0) {
    const scan = text.length > MAX_SNIPPET_SCAN_CHARS ? text.slice(0, MAX_SNIPPET_SCAN_CHARS) : text;
    let found = false;
    for (const [at, stop] of matches(scan, h, analyze)) {
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
    out += collapse(text.slice(at, s)) + MATCH_START + text.slice(s, e) + MATCH_END;
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
  if (max <= 0 || (h.words.size === 0 && h.prefixes.length === 0 && h.stems.size === 0)) return out;
  for (const range of matches(text, h, analyze)) {
    out.push(range);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Words handed to the analyzer per call. One call per word costs more than the words (each
 * call sets up its own scan); one call for a 50 KB text wastes work when the first match is
 * in the first line.
 */
const ANALYZE_CHUNK_WORDS = 200;

/**
 * The first two characters of every folded word, stem and prefix the query looks for. The
 * analyzer's stemmers cut and rewrite the ends of words, never their first letters, so a run of
 * Latin letters whose folded start is none of these cannot match and need not be analysed:
 * most words of a long text are rejected without stemming them.
 */
function headsOf(h: Highlights): Set<string> {
  const heads = new Set<string>();
  for (const w of h.words) heads.add(w.slice(0, 2));
  for (const w of h.stems) heads.add(w.slice(0, 2));
  for (const w of h.prefixes) heads.add(w.slice(0, 2));
  return heads;
}

/** Beyond Latin Extended-B the analyzer may cut a run into several words: it decides. */
const LAST_LATIN = 0x24f;

function mayMatch(run: string, heads: Set<string>): boolean {
  for (let i = 0; i < run.length; i++) if (run.charCodeAt(i) > LAST_LATIN) return true;
  const head = foldText(run.slice(0, 3));
  return heads.has(head.slice(0, 2)) || heads.has(head.slice(0, 1));
}

/** [start, end) of each run of `text` that matches the query, in order. */
function* matches(text: string, h: Highlights, analyze: Analyze): Generator<[number, number]> {
  const known = new Map<string, boolean>();
  const heads = headsOf(h);
  const runs = text.matchAll(WORD_RUN);
  for (;;) {
    const chunk: Array<[number, string]> = [];
    for (
      let r = runs.next();
      !r.done;
      r = chunk.length < ANALYZE_CHUNK_WORDS ? runs.next() : { done: true, value: undefined }
    ) {
      chunk.push([r.value.index, r.value[0]]);
    }
    if (chunk.length === 0) return;
    const unknown: string[] = [];
    for (const [, run] of chunk) {
      if (known.has(run)) continue;
      if (mayMatch(run, heads)) unknown.push(run);
      else known.set(run, false);
    }
    if (unknown.length > 0) classify(unknown, h, analyze, known);
    for (const [at, run] of chunk) if (known.get(run)) yield [at, at + run.length];
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
