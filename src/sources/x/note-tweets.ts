import { parseIsoDate } from './export-date.js';
import { asArray, asObject, idField, str } from './json-values.js';
import { expandShortLinks, pushUnique, unescapeXText, type ShortLink } from './x-text.js';

/**
 * Long posts ("note tweets", 2023 on). tweets.js holds such a post cut short (about 275
 * characters and a link); note-tweet.js holds the whole text under its own id
 * (`{noteTweet: {noteTweetId, createdAt, core: {text, urls: [{shortUrl, expandedUrl}],
 * mentions: [{screenName}]}}}`), with nothing pointing from one to the other.
 *
 * Choice: a note completes its tweet instead of becoming a second item, so a search or an
 * echo finds the post once, with its whole text and the tweet's id (the id X links to). A note
 * joins the tweet created within JOIN_WINDOW_MS whose text, up to the cut, begins the note's
 * text; the tweet keeps its own bytes and gets the flag 'note-tweet:<noteTweetId>'. A note no
 * tweet claims (its tweet deleted, or not in this archive) becomes an item of its own with
 * nativeId 'note-<noteTweetId>'.
 */
export interface NoteTweet {
  noteId: string;
  time: number;
  createdAt: string | null;
  text: string;
  links: string[];
  mentions: string[];
  deleted: boolean;
  /** Where the note's element is, and its bytes (kept until the note is joined or emitted). */
  member: string;
  index: number;
  offset: number;
  bytes: Uint8Array;
  joined: boolean;
}

/** Tweet and note are written by one action: their times differ by moments, not minutes. */
const JOIN_WINDOW_MS = 5 * 60 * 1000;
/** Characters of the tweet's text compared with the note's beginning. */
const COMPARED_CHARS = 60;

/** Text reduced for comparison: whitespace runs folded, a trailing ellipsis and link dropped. */
function comparable(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(?:\s*https?:\/\/\S+)+\s*$/, '')
    .replace(/(?:…|\.\.\.)\s*$/, '')
    .trim();
}

export function readNoteTweet(
  element: unknown,
):
  | { ok: true; note: Omit<NoteTweet, 'member' | 'index' | 'offset' | 'bytes' | 'joined' | 'deleted'> }
  | { ok: false; problem: string } {
  const n = asObject(asObject(element)?.noteTweet) ?? asObject(element);
  const noteId = idField(n, 'noteTweetId');
  if (n === null || noteId === null)
    return { ok: false, problem: 'it is not a note tweet (no noteTweet.noteTweetId)' };
  const core = asObject(n.core);
  const raw = core?.text;
  if (typeof raw !== 'string') return { ok: false, problem: `note tweet ${noteId} has no core.text` };
  const createdAt = str(n, 'createdAt');
  const date = createdAt === null ? null : parseIsoDate(createdAt);
  if (createdAt !== null && date === null)
    return {
      ok: false,
      problem: `note tweet ${noteId}: createdAt ${JSON.stringify(createdAt).slice(0, 60)} is not a date`,
    };
  const shortLinks: ShortLink[] = [];
  const links: string[] = [];
  for (const u of asArray(core?.urls)) {
    const short = str(asObject(u), 'shortUrl');
    const long = str(asObject(u), 'expandedUrl');
    if (long !== null) pushUnique(links, long);
    if (short !== null && long !== null) shortLinks.push({ short, long });
  }
  const mentions: string[] = [];
  for (const m of asArray(core?.mentions)) {
    const h = str(asObject(m), 'screenName');
    if (h !== null) pushUnique(mentions, h.toLowerCase());
  }
  return {
    ok: true,
    note: {
      noteId,
      time: date === null ? NaN : Date.parse(date.utc),
      createdAt: date?.utc ?? null,
      text: expandShortLinks(unescapeXText(raw), shortLinks),
      links,
      mentions,
    },
  };
}

export class NoteTweets {
  private readonly notes: NoteTweet[] = [];
  private sorted = true;

  add(note: NoteTweet): void {
    this.notes.push(note);
    this.sorted = false;
  }

  get size(): number {
    return this.notes.length;
  }

  /** The note that completes a tweet of `time` (ms) and `text`, marked joined; null when none does. */
  claim(time: number, text: string): NoteTweet | null {
    if (this.notes.length === 0 || !Number.isFinite(time)) return null;
    if (!this.sorted) {
      // Notes without a date sort last and are never joined (NaN is outside every window).
      this.notes.sort((a, b) => (Number.isNaN(a.time) ? 1 : Number.isNaN(b.time) ? -1 : a.time - b.time));
      this.sorted = true;
    }
    const head = comparable(text).slice(0, COMPARED_CHARS);
    if (head.length === 0) return null;
    let lo = 0;
    let hi = this.notes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.notes[mid]!.time < time - JOIN_WINDOW_MS) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.notes.length; i++) {
      const note = this.notes[i]!;
      if (!(note.time <= time + JOIN_WINDOW_MS)) break;
      if (note.joined) continue;
      if (comparable(note.text).startsWith(head)) {
        note.joined = true;
        note.bytes = new Uint8Array(0);
        return note;
      }
    }
    return null;
  }

  /** Notes no tweet claimed, in file order. */
  unclaimed(): NoteTweet[] {
    return this.notes
      .filter((n) => !n.joined)
      .sort((a, b) => a.member.localeCompare(b.member) || a.offset - b.offset);
  }
}
