/**
 * Message-ID, In-Reply-To and References (RFC 5322 §3.6.4): a list of `<id>`, returned without
 * the brackets and with the inside kept as written (ids are compared as opaque strings, so
 * `<a b@c>` stays `a b@c`). Values with no brackets at all (seen from old mailers and from
 * hand-written headers) give their white-space separated words; In-Reply-To's obsolete
 * phrases (`<id> (Mary's message of ...)`) are comments or words without `@` and are dropped.
 */

/** Most ids returned from one header: References of a 10k-message thread is already absurd. */
const MAX_IDS = 10_000;

export function parseMessageIds(value: string): string[] {
  const ids: string[] = [];
  let i = value.indexOf('<');
  if (i < 0) {
    for (const w of value.replace(/\([^)]*\)/g, ' ').split(/[\s,]+/)) {
      if (w !== '' && w.includes('@') && ids.length < MAX_IDS) ids.push(w);
    }
    if (ids.length === 0) {
      const w = value.trim();
      if (w !== '' && !/\s/.test(w)) ids.push(w);
    }
    return ids;
  }
  while (i >= 0 && ids.length < MAX_IDS) {
    const close = value.indexOf('>', i + 1);
    const next = value.indexOf('<', i + 1);
    // An unclosed `<` runs to the next `<` or the end.
    const end = close < 0 || (next >= 0 && next < close) ? (next >= 0 ? next : value.length) : close;
    const id = value.slice(i + 1, end).trim();
    if (id !== '') ids.push(id);
    i = value.indexOf('<', end);
  }
  return ids;
}
