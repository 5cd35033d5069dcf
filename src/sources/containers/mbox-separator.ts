/**
 * Deciding whether a line that starts with "From " opens a new message in an mbox.
 *
 * The mbox family (RFC 4155; mboxo, mboxrd, mboxcl) puts a "postmark" line before each message:
 * `From <sender> <asctime date>`. Writers escape body lines that start with "From ", but
 * real dumps are sloppy: Mozilla writes `From - ` with no date at all and no blank line before
 * it (MimeKit's content-length.mbox), Gmail Takeout writes `From 1844347792267117879@xxx` with
 * no date (MimeKit issue 1189), and unescaped bodies say "From Russia with love" (MimeKit's
 * unmunged.mbox). So the rule here is a postmark *shape* plus context:
 *
 * - `strong` postmark: a sender token, then a date that starts with a weekday, a month or a
 *   digit and contains both a time (`hh:mm`) and a four-digit year — the asctime shape every
 *   mbox writer uses. It opens a message when the line before is blank (or it is the first
 *   line) or when the next line is a header field.
 * - `bare` postmark: sender `-`, `MAILER-DAEMON` or anything with `@`, and then no date or
 *   something that is not one. It opens a message only when the next line is a header field.
 * - anything else ("From here we go", "From Russia with love", "From 1 April 2020 we...")
 *   is body text, whatever surrounds it.
 *
 * The very first line of an mbox is always the separator if it starts with "From ".
 */

export type PostmarkShape = 'strong' | 'bare' | 'none';

const DATE_START = /^(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d)/i;
const TIME = /(?:^|[^\d])\d{1,2}:\d{2}(?:[^\d]|$)/;
const YEAR = /(?:^|[^\d])(?:19|20|21)\d{2}(?:[^\d]|$)/;

/** The shape of a line (without its line ending) that starts with "From ". */
export function postmarkShape(line: string): PostmarkShape {
  const m = /^From +(\S+)(?:\s+(.*))?$/.exec(line);
  if (m === null) return 'none';
  const sender = m[1]!;
  const rest = (m[2] ?? '').trim();
  if (rest !== '' && DATE_START.test(rest) && TIME.test(rest) && YEAR.test(rest)) return 'strong';
  if (sender === '-' || sender.includes('@') || sender.toUpperCase() === 'MAILER-DAEMON') return 'bare';
  return 'none';
}

/**
 * True when `bytes` (one line, line ending optional) is a header field: a name of printable
 * ASCII other than ':' (RFC 5322 §3.6.8 ftext), optional blanks, then ':'.
 */
export function isHeaderFieldLine(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x3a) break;
    if (b < 0x21 || b > 0x7e) {
      // Blanks between the name and the colon are obsolete syntax (RFC 5322 §4.5) but seen.
      if (i === 0 || (b !== 0x20 && b !== 0x09)) return false;
      while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09)) i++;
      return i < bytes.length && bytes[i] === 0x3a;
    }
    i++;
  }
  return i > 0 && i < bytes.length;
}

/** The separator decision for a "From " line that is not the first line of the mbox. */
export function isMboxSeparator(line: string, nextLine: Uint8Array, prevLineBlank: boolean): boolean {
  const shape = postmarkShape(line);
  if (shape === 'none') return false;
  if (shape === 'strong' && prevLineBlank) return true;
  return isHeaderFieldLine(nextLine);
}
