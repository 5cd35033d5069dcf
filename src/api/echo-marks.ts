/**
 * Where the evidence of an echo stands in the two texts, so the UI can mark it on both sides:
 * the shared link as each text writes it (`wlsearch.tk` in the DM, `http://wlsearch.tk/` in the
 * post), the name of the private sender in the public text, the shared rare words (every form
 * with the same stem: "emails" in the message, "email" in the post) and the quoted passage.
 * findEchoes gives the spans of quotes and mentions; links and words are found here, with the
 * same normalising and stemming the engine compared them by. Computed only for the echoes an
 * answer sends.
 */
import type { Echo, EchoEvidenceKind } from '../analysis/echoes.js';
import { isTermWord, looseLinkKey, MAX_ANALYSED_CHARS } from '../analysis/echo-features.js';
import { placedWords } from '../analysis/echo-mentions.js';
import type { AnalysisItem } from '../model/index.js';
import { analyzeText } from '../model/text/analyzer.js';

/**
 * Marks kept per text: a long email that repeats a shared word ten thousand times would
 * otherwise make an answer of ten thousand marks for one echo.
 */
export const MAX_MARKS_PER_TEXT = 200;

/** Evidence that can stand in a text (an attachment cannot). */
export type EchoMarkKind = Exclude<EchoEvidenceKind, 'attachment'>;

/** `text.slice(start, end)` is marked as evidence of kind `kind`. UTF-16 offsets into the item's analysis text. */
export interface EchoMark {
  start: number;
  end: number;
  kind: EchoMarkKind;
}

export interface EchoMarks {
  private: EchoMark[];
  public: EchoMark[];
}

/** Punctuation around a link in prose: "(see wlsearch.tk)." */
const LEADING = /^[([{<"'«“‘]+/u;
const TRAILING = /[)\]}>"'»”’.,;:!?]+$/u;
/** A chunk that may be a link: a host with a dot, or a scheme. */
const LINKISH = /[\p{L}\p{N}][.][\p{L}\p{N}]|:\/\//u;

/** Every whitespace-separated chunk of `text` that is a link to the page `key` (looseLinkKey). */
export function linkSpans(text: string, key: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (key === '') return out;
  const capped = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
  for (const m of capped.matchAll(/\S+/gu)) {
    const chunk = m[0];
    if (!LINKISH.test(chunk)) continue;
    const lead = LEADING.exec(chunk)?.[0].length ?? 0;
    const core = chunk.slice(lead).replace(TRAILING, '');
    if (core === '' || looseLinkKey(core) !== key) continue;
    out.push([m.index + lead, m.index + lead + core.length]);
  }
  return out;
}

/** The stems of the words of `text`, each with its place; only content words (isTermWord). */
function stemmedWords(
  text: string,
  lang: string | null,
): Array<{ stems: string[]; start: number; end: number; word: string }> {
  return placedWords(text).flatMap((w) => {
    const { stems } = analyzeText(text.slice(w.start, w.end), lang);
    const content = stems.filter((s) => isTermWord(w.word, s));
    return content.length > 0 ? [{ stems: content, start: w.start, end: w.end, word: w.word }] : [];
  });
}

/**
 * The words of both texts that carry one of the shared terms. `terms` are the folded words as
 * the public text writes them (EchoEvidence.terms); their stems, taken where they stand in the
 * public text (the stemmer must see the language's own letters), are looked for in both texts,
 * each stemmed in its own language as the engine did.
 */
export function termSpans(
  terms: readonly string[],
  P: { text: string; lang: string | null },
  Q: { text: string; lang: string | null },
): { private: Array<[number, number]>; public: Array<[number, number]> } {
  const wanted = new Set(terms);
  const q = stemmedWords(Q.text, Q.lang);
  const stems = new Set<string>();
  for (const w of q) if (wanted.has(w.word)) for (const s of w.stems) stems.add(s);
  const hits = (ws: typeof q): Array<[number, number]> =>
    ws.filter((w) => w.stems.some((s) => stems.has(s))).map((w): [number, number] => [w.start, w.end]);
  return { private: hits(stemmedWords(P.text, P.lang)), public: hits(q) };
}

function push(
  out: EchoMark[],
  span: [number, number] | null | undefined,
  kind: EchoMarkKind,
  length: number,
) {
  if (!span) return;
  const [start, end] = span;
  if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length)
    out.push({ start, end, kind });
}

/** The marks of one echo in the private item's text and the public item's, in text order. */
export function echoMarks(
  echo: Echo,
  P: AnalysisItem,
  Q: AnalysisItem,
  langs: { private: string | null; public: string | null },
): EchoMarks {
  const priv: EchoMark[] = [];
  const pub: EchoMark[] = [];
  for (const e of echo.evidence) {
    if (e.kind === 'quote' || e.kind === 'mention') {
      push(priv, e.span?.private, e.kind, P.text.length);
      push(pub, e.span?.public, e.kind, Q.text.length);
    } else if (e.kind === 'link' && typeof e.link === 'string') {
      const key = looseLinkKey(e.link);
      for (const s of linkSpans(P.text, key)) push(priv, s, 'link', P.text.length);
      for (const s of linkSpans(Q.text, key)) push(pub, s, 'link', Q.text.length);
    } else if (e.kind === 'terms' && Array.isArray(e.terms)) {
      const spans = termSpans(
        e.terms,
        { text: P.text, lang: langs.private },
        { text: Q.text, lang: langs.public },
      );
      for (const s of spans.private) push(priv, s, 'terms', P.text.length);
      for (const s of spans.public) push(pub, s, 'terms', Q.text.length);
    }
  }
  const order = (a: EchoMark, b: EchoMark) => a.start - b.start || b.end - a.end;
  return {
    private: priv.sort(order).slice(0, MAX_MARKS_PER_TEXT),
    public: pub.sort(order).slice(0, MAX_MARKS_PER_TEXT),
  };
}

/** A part of a text with the marks inside it. */
export interface TextExcerpt {
  text: string;
  /** Where `text` starts in the whole text (UTF-16 offset); 0 when it is the start. */
  offset: number;
  /** Length of the whole text. */
  length: number;
  /** The marks inside the part, relative to `text`. */
  marks: EchoMark[];
}

/** Characters a mark is preceded by when an excerpt cannot start at the text's start. */
const EXCERPT_LEAD = 400;

/**
 * At most `maxChars` of `text`: all of it when it fits, else the part that starts a little before
 * the first mark, so the evidence is in what is sent (a quote deep in a long email).
 * A surrogate pair is never cut in two.
 */
export function excerptAround(text: string, marks: readonly EchoMark[], maxChars: number): TextExcerpt {
  if (text.length <= maxChars) return { text, offset: 0, length: text.length, marks: [...marks] };
  const first = marks[0]?.start ?? 0;
  let start = Math.max(0, Math.min(first - EXCERPT_LEAD, text.length - maxChars));
  const low = (i: number) => {
    const c = text.charCodeAt(i);
    return c >= 0xdc00 && c <= 0xdfff;
  };
  if (start > 0 && low(start)) start += 1;
  let end = Math.min(text.length, start + maxChars);
  if (end < text.length && low(end)) end -= 1;
  return {
    text: text.slice(start, end),
    offset: start,
    length: text.length,
    marks: marks
      .filter((m) => m.start >= start && m.end <= end)
      .map((m) => ({ ...m, start: m.start - start, end: m.end - start })),
  };
}
