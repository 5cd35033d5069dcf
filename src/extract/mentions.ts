/**
 * @mentions in message text: X/Telegram/Instagram handles (`@wikileaks`), Slack's `<@U024BE7LH>`
 * and fediverse addresses (`@alice@mastodon.social`). An email address is not a mention: the
 * `@` must not follow a letter, digit or address character, and `/@` (a profile URL such as
 * medium.com/@user) does not count either.
 */
import { MAX_MENTIONS } from './url-limits.js';

/**
 * `@`, a handle of 1–64 word characters (X allows 15, Telegram 32; longer is not a handle),
 * optionally `@domain` for the fediverse. Bounded repetition only: linear on any input.
 */
const MENTION =
  /(?<![\p{L}\p{N}_@./\\=+-])@([\p{L}\p{N}_]{1,64})(?![\p{L}\p{N}_])(?:@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}[a-z]{2,24})(?![\p{L}\p{N}_-]))?/giu;

/** Distinct @handles of `text`, lower-cased, without the '@', in order of first appearance. */
export function extractMentions(text: string): string[] {
  const out = new Set<string>();
  const re = new RegExp(MENTION.source, MENTION.flags);
  for (let m = re.exec(text); m !== null && out.size < MAX_MENTIONS; m = re.exec(text)) {
    const handle = (m[1] ?? '').toLowerCase();
    out.add(m[2] === undefined ? handle : `${handle}@${m[2].toLowerCase()}`);
  }
  return [...out];
}
