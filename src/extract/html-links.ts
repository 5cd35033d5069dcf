/**
 * The `href` and `src` attribute values of an HTML document, without building a DOM: one
 * linear regular-expression pass (no nested quantifiers, every alternative ends at a fixed
 * character), so a 50 MB or malformed document costs one scan. Entities in the values are
 * decoded (`&amp;` in a query string is the common case).
 */

const ATTRIBUTE = /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>`=]+))/gi;

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Decodes the character references an attribute value may hold (HTML §13.5); unknown ones stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,6}));?/gi,
    (whole, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    },
  );
}

/** Calls `visit` with each decoded, trimmed href/src value in document order; stops when it returns false. */
export function forEachHtmlLink(html: string, visit: (value: string) => boolean): void {
  const re = new RegExp(ATTRIBUTE.source, ATTRIBUTE.flags);
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? '';
    // Browsers strip leading/trailing whitespace and remove tabs/newlines inside URLs.
    const value = decodeEntities(raw)
      .replace(/[\t\n\r]/g, '')
      .trim();
    if (value !== '' && !visit(value)) return;
  }
}
