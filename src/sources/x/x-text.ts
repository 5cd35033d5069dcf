/**
 * Text of tweets and DMs as X exports it: '&', '<' and '>' are HTML-escaped (the API's old
 * habit, kept in archives: "Roboter &amp; Haftung"), and every link is a t.co short link whose
 * target the export lists beside the text.
 */

/** Undoes X's escaping of exactly '&amp;', '&lt;' and '&gt;' (one pass: '&amp;lt;' → '&lt;'). */
export function unescapeXText(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_m, name: string) =>
    name === 'amp' ? '&' : name === 'lt' ? '<' : '>',
  );
}

export interface ShortLink {
  /** The t.co link as it stands in the text. */
  short: string;
  /** Its target, from the export's own entities. */
  long: string;
}

/**
 * Replaces each short link in `text` by its target. A match must end where the link ends
 * (not be the start of a longer t.co link), so 'https://t.co/abc' never rewrites part of
 * 'https://t.co/abcd'. Indices in the export are not trusted: they count UTF-16 units in some
 * generations and code points in others, and are zero in hand-made exports.
 */
export function expandShortLinks(text: string, links: readonly ShortLink[]): string {
  let out = text;
  for (const { short, long } of links) {
    if (short === '' || short === long) continue;
    let from = 0;
    let result = '';
    for (;;) {
      const at = out.indexOf(short, from);
      if (at < 0) break;
      const next = out.charCodeAt(at + short.length);
      const continues =
        (next >= 0x30 && next <= 0x39) || (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a);
      result += out.slice(from, at) + (continues ? short : long);
      from = at + short.length;
    }
    out = result + out.slice(from);
  }
  return out;
}

/** Adds `v` to `list` unless present (links and mentions keep first-seen order). */
export function pushUnique(list: string[], v: string): void {
  if (!list.includes(v)) list.push(v);
}
