/**
 * Links of a message: URLs written in its text (with or without `http://`) and the href/src
 * of its HTML, normalised (normalize-url.ts) and de-duplicated, in reading order.
 */
import { forEachHtmlLink } from './html-links.js';
import { normalizeUrl } from './normalize-url.js';
import { BARE_DOMAIN_TLDS } from './tlds.js';
import { MAX_LINK_CANDIDATES, MAX_LINKS, MAX_URL_LENGTH } from './url-limits.js';

export { normalizeUrl } from './normalize-url.js';
export { extractMentions } from './mentions.js';
export { MAX_LINK_CANDIDATES, MAX_LINKS, MAX_MENTIONS, MAX_URL_LENGTH } from './url-limits.js';

/**
 * A URL in prose. Either `http(s)://` or `www.` followed by everything up to a space or a
 * character that cannot appear in a URL, or a bare domain (`wlsearch.tk`, `vg.no/nyheter`):
 * dotted labels not glued to a word or an address before them, a letter TLD (checked against
 * BARE_DOMAIN_TLDS afterwards), then an optional port and path. Character classes with
 * bounded or single repetitions only, so the scan is linear even on a 5 MB line with no space.
 */
const URL_IN_TEXT = new RegExp(
  [
    String.raw`\b(?:https?:\/\/|www\.)[^\s<>"'\x60\u00a0\u2000-\u200b\u2028\u2029\u3000]+`,
    String.raw`(?<![\p{L}\p{N}@._%+\-\/:])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,10}(\p{L}{2,24})(?![\p{L}\p{N}@_-])(?::\d{1,5})?(?:[\/?#][^\s<>"'\x60\u00a0\u2000-\u200b\u2028\u2029\u3000]*)?`,
  ].join('|'),
  'giu',
);

/** Punctuation that ends a sentence or a quotation, not a URL (`see wlsearch.tk.`). */
const TRAILING = new Set([
  '.',
  ',',
  ';',
  ':',
  '!',
  '?',
  "'",
  '"',
  '*',
  '»',
  '«',
  '”',
  '“',
  '’',
  '‘',
  '›',
  '…',
]);
const CLOSING: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/**
 * Strips sentence punctuation and unbalanced closing brackets from the end of a URL found in
 * prose: `(see http://x.org/a_(b))` keeps `http://x.org/a_(b)`, `(http://x.org)` gives `http://x.org`.
 */
export function trimUrlEnd(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last === undefined) break;
    if (TRAILING.has(last)) {
      end -= 1;
      continue;
    }
    const open = CLOSING[last];
    if (open !== undefined) {
      const body = url.slice(0, end);
      if (count(body, last) > count(body, open)) {
        end -= 1;
        continue;
      }
    }
    break;
  }
  return url.slice(0, end);
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n += 1;
  return n;
}

/**
 * The distinct normalised links of a message, text first then HTML, in reading order, at most
 * MAX_LINKS, looking at no more than MAX_LINK_CANDIDATES URL-like strings. `html` may be null. Relative hrefs (no base to resolve them against), `mailto:`,
 * `javascript:` and other non-http links are left out.
 */
export function extractLinks(text: string, html: string | null): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  /** Adds one candidate; false when a limit says to stop looking. */
  const add = (candidate: string): boolean => {
    if (!seen.has(candidate)) {
      seen.add(candidate);
      const url = candidate.length <= MAX_URL_LENGTH ? normalizeUrl(candidate) : null;
      if (url !== null) out.add(url);
    }
    return out.size < MAX_LINKS;
  };
  const re = new RegExp(URL_IN_TEXT.source, URL_IN_TEXT.flags);
  let examined = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (++examined > MAX_LINK_CANDIDATES) return [...out];
    const tld = m[1];
    if (tld !== undefined && !BARE_DOMAIN_TLDS.has(tld.toLowerCase())) continue;
    if (!add(trimUrlEnd(m[0]))) return [...out];
  }
  if (html !== null) {
    forEachHtmlLink(html, (value) => {
      if (++examined > MAX_LINK_CANDIDATES) return false;
      if (!/^(?:https?:)?\/\//i.test(value) && !/^www\./i.test(value)) return true;
      return add(value);
    });
  }
  return [...out];
}
