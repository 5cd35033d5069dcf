/**
 * Inline `style` attributes of hostile HTML, reduced to an allowlist of presentational
 * properties with plain values. An allowlist, not a list of bad words: CSS has too many ways to
 * spell a URL (`url(`, `u\72l(`, `image-set(`, `-webkit-cross-fade(`), to run code in old
 * engines (`expression(`, `behavior:`, `-moz-binding:`) or to reach the network (`@import`,
 * `src:` of @font-face) for a list of bad words to be trusted. No property here takes a URL,
 * and no value may hold a function other than rgb()/hsl() colours, an escape or a comment.
 * The frame's CSP (`default-src 'none'; img-src data:`) would block a remote load anyway: this
 * is the first of two walls.
 */

/** Longest style attribute read; a 1 MB style attribute is an attack, not a layout. */
export const MAX_STYLE_CHARS = 4000;
/** Longest value of one declaration. */
const MAX_VALUE_CHARS = 200;

const BOX = ['', '-top', '-right', '-bottom', '-left'];

export const ALLOWED_CSS_PROPERTIES: ReadonlySet<string> = new Set([
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'font-variant',
  'text-align',
  'text-decoration',
  'text-indent',
  'text-transform',
  'letter-spacing',
  'word-spacing',
  'line-height',
  'white-space',
  'vertical-align',
  'direction',
  ...BOX.map((s) => `margin${s}`),
  ...BOX.map((s) => `padding${s}`),
  ...BOX.map((s) => `border${s}`),
  ...BOX.flatMap((s) => ['width', 'style', 'color'].map((p) => `border${s}-${p}`)),
  'border-collapse',
  'border-spacing',
  'border-radius',
  'width',
  'height',
  'min-width',
  'max-width',
  'min-height',
  'max-height',
  'display',
  'float',
  'clear',
  'list-style-type',
  'list-style-position',
  'table-layout',
  'caption-side',
  'empty-cells',
  'overflow',
  'word-wrap',
  'overflow-wrap',
  'word-break',
]);

/** rgb()/rgba()/hsl()/hsla() with numbers only: the one kind of function a value may hold. */
const COLOR_FUNCTION = /\b(?:rgba?|hsla?)\([0-9.,%\s/]*\)/gi;
/** What is left of a value once its colour functions are taken out. */
const PLAIN_VALUE = /^[a-z0-9#%.,'"\s+!-]*$/i;
/** Words that have no business in a presentational value, spelled however. */
const FORBIDDEN_WORDS = /url|expression|javascript|vbscript|behavior|binding|import|image|element/i;

/**
 * The declarations of `style` that are allowed, as `prop: value; …`, or '' when none is.
 * A style with a backslash (a CSS escape), an angle bracket or a control character is dropped
 * whole: they only ever serve to hide one of the words above.
 */
export function sanitizeStyle(style: string): string {
  if (style.length > MAX_STYLE_CHARS) return '';
  if (/[\\<>\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(style)) return '';
  const kept: string[] = [];
  for (const declaration of stripComments(style).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (!ALLOWED_CSS_PROPERTIES.has(property)) continue;
    if (value === '' || value.length > MAX_VALUE_CHARS) continue;
    if (FORBIDDEN_WORDS.test(value)) continue;
    if (!PLAIN_VALUE.test(value.replace(COLOR_FUNCTION, '0'))) continue;
    // An unbalanced quote would run on into what the browser reads next.
    if (count(value, '"') % 2 !== 0 || count(value, "'") % 2 !== 0) continue;
    kept.push(`${property}: ${value}`);
  }
  return kept.join('; ');
}

/** Removes `/* … *\/` comments (`u/**\/rl(` hides `url(`); an unterminated one takes the rest. */
function stripComments(s: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = s.indexOf('/*', at);
    if (open < 0) return out + s.slice(at);
    out += `${s.slice(at, open)} `;
    const close = s.indexOf('*/', open + 2);
    if (close < 0) return out;
    at = close + 2;
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}
