/**
 * Who a public item names: the people whose handle, address or name (any of those seen for
 * the person) occurs in its text as whole words, compared folded (case and diacritics do not
 * matter: "Wikileaks", "WIKILEAKS" and "@wikileaks" all name WikiLeaks; "Tromsø" = "Tromso"),
 * plus the handles the item's `mentions` list. Used to find a public post that names the
 * sender of a private message.
 */
import type { AnalysisItem, AnalysisPerson } from './analysis-item.js';
import { foldToken } from '../model/text/fold-text.js';
import { isEchoStopWord } from './echo-stop-words.js';
import { MAX_ANALYSED_CHARS } from './echo-features.js';

/** Words in a name that is looked for; longer "names" (a pasted signature) are not names. */
export const MAX_NAME_WORDS = 8;
/** A name shorter than this, folded, is not looked for ("Al", "TV" match too much prose). */
export const MIN_NAME_CHARS = 3;
/** People one item can name: a post listing a whole address book is bounded. */
export const MAX_NAMED_PER_ITEM = 500;
/** Names tried at one word position (many people share a first name). */
const MAX_NAMES_PER_FIRST_WORD = 2_000;

const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;

/** A word of a text with where it is: `text.slice(start, end)` is the word as written. */
export interface PlacedWord {
  word: string;
  start: number;
  end: number;
}

/** The folded words of `text` (its first MAX_ANALYSED_CHARS characters) with their places. */
export function placedWords(text: string): PlacedWord[] {
  const capped = text.length > MAX_ANALYSED_CHARS ? text.slice(0, MAX_ANALYSED_CHARS) : text;
  const out: PlacedWord[] = [];
  const re = new RegExp(WORD_RUN.source, WORD_RUN.flags);
  for (let m = re.exec(capped); m !== null; m = re.exec(capped)) {
    const word = foldToken(m[0]);
    if (word !== '') out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function foldedWords(s: string): string[] {
  return placedWords(s).map((w) => w.word);
}

/** One place where an item names a person. */
export interface NameHit {
  key: string;
  /** What was found, as written in the text ("WikiLeaks"), or "@handle" from the mentions list. */
  as: string;
  /** Character range in the item's text, or null when the hit came from the mentions list. */
  span: [number, number] | null;
}

interface NamePattern {
  words: string[];
  key: string;
}

export class MentionMatcher {
  private readonly byHandle = new Map<string, string[]>();
  private readonly byFirstWord = new Map<string, NamePattern[]>();
  private readonly known = new Set<string>();
  /** Key + folded alias of every pattern added. */
  private readonly patterns = new Set<string>();

  constructor(persons: readonly AnalysisPerson[]) {
    for (const p of persons) this.addPerson(p);
  }

  /** Whether `key` is a person this matcher knows. */
  has(key: string): boolean {
    return this.known.has(key);
  }

  /**
   * Adds a person. For a sender in no person (`platform:address` keys), callers add the part
   * after the platform as its handle and address, so it can still be found in texts.
   */
  addPerson(p: AnalysisPerson): void {
    // A key met twice (two entries for one person) adds the second entry's aliases.
    this.known.add(p.key);
    const aliases = new Set<string>();
    for (const h of p.handles) {
      const handle = h.replace(/^@/, '').toLowerCase();
      if (handle === '') continue;
      pushKey(this.byHandle, handle, p.key);
      aliases.add(handle);
    }
    for (const a of p.addresses) aliases.add(a);
    for (const n of p.names) aliases.add(n);
    if (p.name !== null) aliases.add(p.name);
    for (const alias of aliases) {
      const words = foldedWords(alias);
      if (words.length === 0 || words.length > MAX_NAME_WORDS) continue;
      if (words.join('').length < MIN_NAME_CHARS) continue;
      if (words.every((w) => isEchoStopWord(w) || w.length < MIN_NAME_CHARS)) continue;
      const id = `${p.key}\u0000${words.join(' ')}`;
      if (this.patterns.has(id)) continue;
      this.patterns.add(id);
      const first = words[0] as string;
      let list = this.byFirstWord.get(first);
      if (list === undefined) {
        list = [];
        this.byFirstWord.set(first, list);
      }
      if (list.length >= MAX_NAMES_PER_FIRST_WORD) continue;
      // Longest first, so "Kari Nordmann" is what is shown, not the "Kari" inside it.
      let at = list.length;
      while (at > 0 && (list[at - 1] as NamePattern).words.length < words.length) at -= 1;
      list.splice(at, 0, { words, key: p.key });
    }
  }

  /**
   * The people `item` names, each once (the first place it does), in order of appearance;
   * hits from the mentions list come after those found in the text. `words` are the item's
   * placed words when the caller has them.
   */
  named(item: AnalysisItem, words: readonly PlacedWord[] = placedWords(item.text)): NameHit[] {
    const out: NameHit[] = [];
    const found = new Set<string>();
    for (let i = 0; i < words.length && out.length < MAX_NAMED_PER_ITEM; i++) {
      const list = this.byFirstWord.get((words[i] as PlacedWord).word);
      if (list === undefined) continue;
      for (const pat of list) {
        if (found.has(pat.key)) continue;
        if (!matchesAt(words, i, pat.words)) continue;
        found.add(pat.key);
        const start = (words[i] as PlacedWord).start;
        const end = (words[i + pat.words.length - 1] as PlacedWord).end;
        out.push({ key: pat.key, as: item.text.slice(start, end), span: [start, end] });
      }
    }
    for (const m of item.mentions) {
      if (typeof m !== 'string') continue;
      const keys = this.byHandle.get(m.replace(/^@/, '').toLowerCase());
      if (keys === undefined) continue;
      for (const key of keys) {
        if (found.has(key) || out.length >= MAX_NAMED_PER_ITEM) continue;
        found.add(key);
        out.push({ key, as: `@${m.replace(/^@/, '')}`, span: null });
      }
    }
    return out;
  }
}

function matchesAt(words: readonly PlacedWord[], i: number, pattern: readonly string[]): boolean {
  if (i + pattern.length > words.length) return false;
  for (let j = 0; j < pattern.length; j++) if ((words[i + j] as PlacedWord).word !== pattern[j]) return false;
  return true;
}

function pushKey(map: Map<string, string[]>, k: string, key: string): void {
  const list = map.get(k);
  if (list === undefined) map.set(k, [key]);
  else if (!list.includes(key)) list.push(key);
}
