/**
 * What survives of a message's HTML (sanitize-html.ts): formatting tags and plain,
 * presentational attributes. Everything else is dropped; the elements below are dropped with
 * everything inside them, because their content is code, a remote resource, a form, or
 * markup in another namespace (SVG, MathML) whose parsing rules have been the root of most
 * mutation-XSS bypasses of HTML sanitisers.
 */

/** A check on an attribute's value: the value to write, or null to leave the attribute out. */
export type AttributeRule = (value: string) => string | null;

const pattern =
  (re: RegExp): AttributeRule =>
  (v) => {
    const t = v.trim();
    return re.test(t) ? t : null;
  };
const oneOf =
  (...values: string[]): AttributeRule =>
  (v) => {
    const t = v.trim().toLowerCase();
    return values.includes(t) ? t : null;
  };
/** Most characters of a title or alt text kept. */
const MAX_TEXT_ATTRIBUTE = 1000;
const text: AttributeRule = (v) => v.slice(0, MAX_TEXT_ATTRIBUTE);
const flag: AttributeRule = () => '';

const length = pattern(/^\d{1,5}(?:px|%)?$/i);
const count = pattern(/^\d{1,4}$/);
const color = pattern(/^#?[a-z0-9]{1,20}$/i);
const align = oneOf('left', 'right', 'center', 'justify', 'top', 'middle', 'bottom', 'char');
const valign = oneOf('top', 'middle', 'bottom', 'baseline');

/** Attributes any allowed element may keep (`style` is sanitised apart, sanitize-css.ts). */
export const GLOBAL_ATTRIBUTES: Readonly<Record<string, AttributeRule>> = {
  title: text,
  dir: oneOf('ltr', 'rtl', 'auto'),
  lang: pattern(/^[a-z]{1,8}(?:-[a-z0-9]{1,8}){0,3}$/i),
  align,
};

const cell = {
  width: length,
  height: length,
  valign,
  bgcolor: color,
  colspan: count,
  rowspan: count,
  nowrap: flag,
};

/** Allowed elements and the attributes each may keep besides the global ones. */
export const ALLOWED_ELEMENTS: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  p: {},
  br: { clear: oneOf('left', 'right', 'all', 'none') },
  div: {},
  span: {},
  b: {},
  i: {},
  u: {},
  em: {},
  strong: {},
  a: {}, // href is handled apart: it never survives as a link (sanitize-html.ts)
  ul: { type: oneOf('disc', 'circle', 'square') },
  ol: { start: count, type: pattern(/^[1aAiI]$/) },
  li: { value: count },
  table: { width: length, border: count, cellpadding: count, cellspacing: count, bgcolor: color },
  thead: { valign },
  tbody: { valign },
  tfoot: { valign },
  tr: { valign, bgcolor: color },
  td: cell,
  th: cell,
  blockquote: {},
  pre: {},
  code: {},
  h1: {},
  h2: {},
  h3: {},
  h4: {},
  h5: {},
  h6: {},
  hr: { width: length, size: count, noshade: flag, color },
  img: { alt: text, width: length, height: length }, // src is handled apart
  font: { color, face: pattern(/^[\w ,.'"-]{1,100}$/), size: pattern(/^[+-]?\d{1,2}$/) },
  center: {},
  small: {},
  big: {},
  sub: {},
  sup: {},
  s: {},
  strike: {},
  tt: {},
  del: {},
  ins: {},
  q: {},
  cite: {},
  abbr: {},
  address: {},
  mark: {},
  wbr: {},
  dl: {},
  dt: {},
  dd: {},
  caption: {},
  col: { span: count, width: length },
  colgroup: { span: count, width: length },
};

/** Elements that have no end tag: written without one. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set(['br', 'hr', 'img', 'col', 'wbr']);

/** Dropped together with everything inside them. */
export const DROPPED_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'noembed',
  'noframes',
  'template',
  'svg',
  'math',
  'audio',
  'video',
  'canvas',
  'select',
  'textarea',
  'title',
  'head',
  'xmp',
  'plaintext',
  'listing',
  'datalist',
  'portal',
  'fencedframe',
  'xml',
]);

/**
 * Every other element (html, body, form, button, label, o:p, blink, custom elements…) is
 * unwrapped: its tag and attributes go, its text stays. Void ones that carry only a resource
 * or a control (meta, link, base, input, source, track, keygen, isindex, param, area, image)
 * have no text, so nothing of them remains.
 */
