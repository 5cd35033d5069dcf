/**
 * What the echo analysis looks at in one item: its links (exact and as host+path), its
 * attachment hashes, the stems of its content words and the hashes of its five-word passages.
 * Computed once per item; the indexes (echo-postings.ts) and the scoring work on these only.
 */
import type { AnalysisItem } from './analysis-item.js';
import { analyzeText } from '../model/text/analyzer.js';
import { isEchoStopWord } from './echo-stop-words.js';

/**
 * Characters of an item's text that are analysed. A 1 MB paste (a log, a leaked spreadsheet
 * pasted into a post) would otherwise share a word with every message of the case and cost
 * as much as ten thousand ordinary posts; the first 100,000 characters hold any passage a
 * person could be said to echo.
 */
export const MAX_ANALYSED_CHARS = 100_000;
/** Links of one item that are compared. Ingest keeps at most 500 (extract/url-limits.ts); this bounds input from elsewhere. */
export const MAX_LINKS_PER_ITEM = 1_000;
/**
 * Longest link compared, in characters: ingest never keeps a longer one (extract's
 * MAX_URL_LENGTH is the same 4,096); a megabyte "link" from elsewhere is not looked at.
 */
export const MAX_LINK_CHARS = 4_096;
/** Attachment hashes of one item that are compared (a mail with 10,000 inline images). */
export const MAX_ATTACHMENTS_PER_ITEM = 1_000;
/** Distinct content stems kept per item: bounds the postings one hostile text can add. */
export const MAX_TERMS_PER_ITEM = 4_000;
/** Passages hashed per item (its first ones), for the same reason. */
export const MAX_SHINGLES_PER_ITEM = 8_000;
/** Words in a passage ("shingle") that counts as a quotation. Five words rarely repeat by chance. */
export const SHINGLE_WORDS = 5;
/** Words shorter than this never count as terms ("tv", "eu", "ok": too ambiguous after folding). */
export const MIN_TERM_LENGTH = 3;
/** Numbers count as terms only from this many digits ("2016", a case number; not "9" or "12"). */
export const MIN_NUMBER_TERM_LENGTH = 4;

export interface EchoFeatures {
  /** Distinct normalised links. */
  links: string[];
  /** `links[i]` as host+path (see looseLinkKey), aligned with `links`. */
  looseLinks: string[];
  /** Distinct attachment hashes, lower-case. */
  attachments: string[];
  /** Distinct content-word stems (stop words, short words and short numbers left out). */
  stems: string[];
  /** The first folded word with `stems[i]` as its stem, aligned with `stems` (for display). */
  termWords: string[];
  /**
   * The 64-bit hashes of the SHINGLE_WORDS-word passages that hold at least one content word,
   * as (high, low) pairs: `shingles[2k]`, `shingles[2k + 1]`. Repeats are not removed here
   * (ShingleTable ids do that cheaply).
   */
  shingles: Uint32Array;
}

/**
 * A sign that a whitespace-separated chunk is a URL, an address, a host, a path or a time, not
 * prose: '/', '@' or '\\', or a '.' or ':' between letters or digits.
 */
const NOT_PROSE = /[/@\\]|[\p{L}\p{N}][.:][\p{L}\p{N}]/gu;

const MAYBE_NOT_PROSE = /[/@\\]|[.:][^\s]/;

function isSpace(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The prose of `text`: the first MAX_ANALYSED_CHARS characters without the whitespace-separated
 * chunks that are URLs, addresses or hosts (`http://wlsearch.tk/`, `wlsearch.tk`,
 * `@wikileaks`, `kari@vg.no`). Links and names are compared as links and mentions; their pieces
 * ("https", "co", a t.co slug) would otherwise count again as rare shared words. One regex scan
 * and slices: linear, also on a long line with no space.
 */
export function proseOf(text: string): string {
  const capped = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
  // Most prose has none of '/', '@', '\\' and no '.' or ':' glued to what follows: a plain regex
  // says so several times faster than the Unicode one below.
  if (!MAYBE_NOT_PROSE.test(capped)) return capped;
  const re = NOT_PROSE;
  re.lastIndex = 0;
  let m = re.exec(capped);
  if (m === null) return capped;
  let out = '';
  let copied = 0;
  while (m !== null) {
    let start = m.index;
    while (start > copied && !isSpace(capped.charCodeAt(start - 1))) start -= 1;
    let end = m.index + m[0].length;
    while (end < capped.length && !isSpace(capped.charCodeAt(end))) end += 1;
    out += `${capped.slice(copied, start)} `;
    copied = end;
    re.lastIndex = end;
    m = re.exec(capped);
  }
  return out + capped.slice(copied);
}

/**
 * A link as host+path: scheme, user info, `www.`, port, query, fragment and trailing slashes
 * dropped, host lower-cased. `https://www.vg.no/nyheter/a1/?ref=fb` and
 * `http://vg.no/nyheter/a1` share the key `vg.no/nyheter/a1`: the same page, reached from a
 * different client or campaign.
 */
export function looseLinkKey(url: string): string {
  let s = url.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(s);
  if (scheme !== null) s = s.slice(scheme[0].length);
  else if (s.startsWith('//')) s = s.slice(2);
  const cut = s.search(/[?#]/);
  if (cut >= 0) s = s.slice(0, cut);
  const slash = s.indexOf('/');
  let host = slash < 0 ? s : s.slice(0, slash);
  const path = slash < 0 ? '' : s.slice(slash);
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  host = host
    .toLowerCase()
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\d*\./, '');
  // A loop, not /\/+$/: that regex is quadratic on a path of many slashes.
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 0x2f) end -= 1;
  return host + path.slice(0, end);
}

/** First half of a word's 64-bit hash (FNV-1a). */
function wordHash1(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Second, independent half (a multiply-xorshift over the same characters). */
function wordHash2(w: string): number {
  let h = 0x01000193 ^ w.length;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x5bd1e995) ^ (h >>> 15);
  return h >>> 0;
}

const DIGITS = /^[0-9]+$/;
const NO_SHINGLES = new Uint32Array(0);

/** Whether the folded word `w` with stem `s` is a content word that may count as a term. */
export function isTermWord(w: string, s: string): boolean {
  if (w.length < MIN_TERM_LENGTH) return false;
  if (DIGITS.test(w)) return w.length >= MIN_NUMBER_TERM_LENGTH;
  return !isEchoStopWord(w) && !isEchoStopWord(s);
}

/** The folded words and stems of an item's prose, stemmed in `lang`. */
export function analyseProse(text: string, lang: string | null): { words: string[]; stems: string[] } {
  return analyzeText(proseOf(text), lang);
}

/**
 * The features of one item. `lang` is the language to stem in: the item's own, or the case's
 * commonest when the item has none (see findEchoes).
 */
export function echoFeatures(item: AnalysisItem, lang: string | null): EchoFeatures {
  const links: string[] = [];
  const looseLinks: string[] = [];
  const seenLinks = new Set<string>();
  for (const l of item.links) {
    if (links.length >= MAX_LINKS_PER_ITEM) break;
    if (typeof l !== 'string' || l === '' || l.length > MAX_LINK_CHARS || seenLinks.has(l)) continue;
    seenLinks.add(l);
    links.push(l);
    looseLinks.push(looseLinkKey(l));
  }
  const attachments: string[] = [];
  const seenAtt = new Set<string>();
  for (const a of item.attachments) {
    if (attachments.length >= MAX_ATTACHMENTS_PER_ITEM) break;
    if (typeof a !== 'string' || a === '' || a.length > MAX_LINK_CHARS) continue;
    const h = a.toLowerCase();
    if (seenAtt.has(h)) continue;
    seenAtt.add(h);
    attachments.push(h);
  }

  const { words, stems } = analyseProse(typeof item.text === 'string' ? item.text : '', lang);
  const n = words.length;
  const content = new Uint8Array(n);
  const termSet = new Set<string>();
  const termWords: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i] as string;
    const s = stems[i] as string;
    if (!isTermWord(w, s)) continue;
    content[i] = 1;
    if (termSet.size < MAX_TERMS_PER_ITEM && !termSet.has(s)) {
      termSet.add(s);
      termWords.push(w);
    }
  }

  let shingles = NO_SHINGLES;
  if (n >= SHINGLE_WORDS) {
    const h1s = new Uint32Array(n);
    const h2s = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      h1s[i] = wordHash1(words[i] as string);
      h2s[i] = wordHash2(words[i] as string);
    }
    const out = new Uint32Array(2 * Math.min(n - SHINGLE_WORDS + 1, MAX_SHINGLES_PER_ITEM));
    let k = 0;
    // Content words in the current window, so a passage of stop words only ("i do not want
    // to") is skipped: it repeats by chance in any two long texts.
    let contentInWindow = 0;
    for (let i = 0; i < SHINGLE_WORDS - 1; i++) contentInWindow += content[i] as number;
    for (let i = 0; i + SHINGLE_WORDS <= n && k < out.length; i++) {
      contentInWindow += content[i + SHINGLE_WORDS - 1] as number;
      if (contentInWindow > 0) {
        let a = 0x9e3779b9;
        let b = 0x85ebca6b;
        for (let j = i; j < i + SHINGLE_WORDS; j++) {
          a = Math.imul(a ^ (h1s[j] as number), 0x01000193);
          a ^= a >>> 13;
          b = Math.imul(b ^ (h2s[j] as number), 0xc2b2ae35);
          b ^= b >>> 16;
        }
        out[k++] = a >>> 0;
        out[k++] = b >>> 0;
      }
      contentInWindow -= content[i] as number;
    }
    shingles = k === out.length ? out : out.slice(0, k);
  }
  return { links, looseLinks, attachments, stems: [...termSet], termWords, shingles };
}
