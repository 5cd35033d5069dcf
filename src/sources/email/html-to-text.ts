import { decodeHtmlEntities } from './html-entities.js';

/**
 * Plain text from an HTML body, for search and for messages that have no text/plain part.
 * Not a renderer: scripts, styles, `<head>` and comments are dropped, block elements become
 * line breaks, runs of white space collapse outside `<pre>`, table cells are separated by a
 * space, and character references are decoded. One forward pass; every search for a closing
 * quote, `>` or end tag remembers its misses, so hostile markup stays linear.
 */

/** Elements whose content is never text. */
const SKIP_CONTENT = new Set(['script', 'style', 'head', 'title', 'template', 'xml']);
/**
 * Elements whose text a mail client shows (it runs no scripts, so `<noscript>` shows; an inline
 * SVG's `<text>`), skipped unless `readShown` (a message's body, htmlToText's callers that hash
 * the text into an id otherwise read as before).
 */
const SHOWN_ELSEWHERE = new Set(['noscript', 'svg']);

/** Whether the HTML has content htmlToText reads only with `readShown` (a quick look, may say yes wrongly). */
export function hasShownElsewhere(html: string): boolean {
  return /<(?:noscript|svg)[\s/>]/i.test(html);
}

/**
 * Whether a text/plain part is plainly HTML: mailers (spam kits, MS Developer Studio pages, the
 * FC Sporadic list) have put the HTML source in the plain alternative too, where a reader would
 * see `<!DOCTYPE …><TABLE …>&nbsp;` or a `<style>` sheet. Either it starts, after white space
 * and comments, with a tag that starts a document (doctype, html, head, body, table, style) and
 * holds a few tags more, or at least half of its non-blank lines (and MIN_TAGGED_LINES) hold a
 * tag. A plain text that quotes a line of HTML, or ends lines with a stray `<br>` here and
 * there, is neither. Looks at the first HTML_SNIFF_CHARS only.
 */
export function isPlainlyHtml(text: string): boolean {
  const head = text.length > HTML_SNIFF_CHARS ? text.slice(0, HTML_SNIFF_CHARS) : text;
  let i = 0;
  for (;;) {
    while (i < head.length && /\s/.test(head.charAt(i))) i++;
    if (!head.startsWith('<!--', i)) break;
    const e = head.indexOf('-->', i + 4);
    if (e < 0) break;
    i = e + 3;
  }
  const tags = head.match(TAG_PATTERN)?.length ?? 0;
  if (DOCUMENT_START.test(head.slice(i, i + 32)) && tags >= MIN_TAGS_AFTER_START) return true;
  if (tags < MIN_TAGGED_LINES) return false;
  let lines = 0;
  let tagged = 0;
  for (const line of head.split('\n')) {
    if (line.trim() === '') continue;
    lines++;
    if (ONE_TAG.test(line)) tagged++;
  }
  return tagged >= MIN_TAGGED_LINES && tagged * 2 >= lines;
}

/** How much of a text isPlainlyHtml looks at: enough for the head of a page and its first lines. */
const HTML_SNIFF_CHARS = 64 * 1024;
const DOCUMENT_START = /^<(?:!doctype\s+html|html|head|body|table|style)[\s>/]/i;
/** A start or end tag: a name, then attributes without `<` or `>`. */
const TAG_PATTERN = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;
const ONE_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i;
/** Tags a text that starts like a document must hold (with the first): `<html> is a tag` is not one. */
const MIN_TAGS_AFTER_START = 3;
/** Lines with a tag a text must have to be HTML by the count of its lines. */
const MIN_TAGGED_LINES = 5;

/** Elements that start on a new line. */
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'pre',
  'section',
  'table',
  'tr',
  'ul',
  'caption',
  'option',
  // An inline SVG's labels (read with readShown), each on a line of its own.
  'text',
]);

/** Elements followed by an empty line. */
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const WS = /[ \t\r\n\f\u00a0]+/g;
const NBSP = /\u00a0/g;

export function htmlToText(html: string, readShown = false): string {
  const out = new TextBuilder();
  const n = html.length;
  let i = 0;
  let pre = 0;
  /** Per searched character or end tag, the position from which it is known not to occur any more. */
  const missFrom: Record<string, number> = {};
  const find = (ch: string, from: number): number => {
    const m = missFrom[ch];
    if (m !== undefined && from >= m) return -1;
    const k = html.indexOf(ch, from);
    if (k < 0) missFrom[ch] = from;
    return k;
  };
  const text = (a: number, b: number): void => {
    if (b <= a) return;
    const t = html.slice(a, b);
    if (pre > 0) out.pre(decodeHtmlEntities(t).replace(NBSP, ' '));
    else out.text(decodeHtmlEntities(t.replace(WS, ' ')).replace(NBSP, ' '));
  };

  while (i < n) {
    const lt = find('<', i);
    if (lt < 0) {
      text(i, n);
      break;
    }
    text(i, lt);
    const c = html.charCodeAt(lt + 1);
    if (c === 0x21 /* ! */ && html.startsWith('<!--', lt)) {
      const e = html.indexOf('-->', lt + 4);
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (c === 0x21 || c === 0x3f /* ? */) {
      const e = find('>', lt + 2);
      i = e < 0 ? n : e + 1;
      continue;
    }
    const closing = c === 0x2f; /* / */
    let j = closing ? lt + 2 : lt + 1;
    const nameStart = j;
    if (isLetter(html.charCodeAt(j))) while (j < n && isNameChar(html.charCodeAt(j))) j++;
    if (j === nameStart) {
      // A `<` that opens no tag (`a < b`) is text.
      text(lt, lt + 1);
      i = lt + 1;
      continue;
    }
    const name = html.slice(nameStart, j).toLowerCase();
    const end = tagEnd(html, j, find);
    i = end;
    if (!closing && (SKIP_CONTENT.has(name) || (!readShown && SHOWN_ELSEWHERE.has(name)))) {
      const key = `</${name}`;
      const known = missFrom[key];
      let m: RegExpExecArray | null = null;
      if (known === undefined || end < known) {
        const re = new RegExp(`</${name}[\\s>/]`, 'gi');
        re.lastIndex = end;
        m = re.exec(html);
        if (!m) missFrom[key] = end;
      }
      if (m) {
        const e = find('>', m.index);
        i = e < 0 ? n : e + 1;
      } else if (name !== 'head' && name !== 'title') {
        // An unclosed <head> or <title> is a broken document, not a hidden one: keep reading.
        i = n;
      }
      continue;
    }
    if (name === 'br') out.lineBreak();
    else if (PARAGRAPH.has(name)) out.blockBreak(2);
    else if (BLOCK.has(name)) out.blockBreak(1);
    else if (!closing && (name === 'td' || name === 'th')) out.text(' ');
    if (name === 'pre') pre = Math.max(0, pre + (closing ? -1 : 1));
  }
  return out.done();
}

/**
 * Collects text with pending line breaks: consecutive block boundaries make one break (two for
 * paragraphs), spaces next to a break are dropped, and nothing breaks at the very start.
 */
class TextBuilder {
  private parts: string[] = [];
  private pending = 0;
  /** The output so far ends in a line break (or is empty). */
  private atLineStart = true;

  text(t: string): void {
    let s = t;
    if (this.pending > 0 || this.atLineStart) s = s.replace(/^ +/, '');
    if (s === '') return;
    this.flush();
    this.parts.push(s);
    this.atLineStart = false;
  }

  pre(t: string): void {
    if (t === '') return;
    this.flush();
    this.parts.push(t);
    this.atLineStart = t.endsWith('\n');
  }

  lineBreak(): void {
    this.flush();
    this.trimTrailingSpaces();
    this.parts.push('\n');
    this.atLineStart = true;
  }

  blockBreak(lines: number): void {
    if (this.parts.length > 0) this.pending = Math.max(this.pending, lines);
  }

  done(): string {
    this.trimTrailingSpaces();
    return this.parts.join('').replace(/\n+$/, '');
  }

  private flush(): void {
    if (this.pending === 0) return;
    this.trimTrailingSpaces();
    let have = 0;
    for (let k = this.parts.length - 1; k >= 0 && have < 2; k--) {
      const p = this.parts[k] as string;
      let e = p.length;
      while (e > 0 && p.charCodeAt(e - 1) === 10 && have < 2) {
        have++;
        e--;
      }
      if (e > 0) break;
    }
    if (this.pending > have) this.parts.push('\n'.repeat(this.pending - have));
    this.pending = 0;
    this.atLineStart = true;
  }

  private trimTrailingSpaces(): void {
    const k = this.parts.length - 1;
    if (k >= 0) this.parts[k] = (this.parts[k] as string).replace(/ +$/, '');
  }
}

/** The index after the `>` closing a tag whose name ends at `j`; quoted attribute values may hold `>`. */
function tagEnd(html: string, j: number, find: (ch: string, from: number) => number): number {
  const n = html.length;
  let afterEquals = false;
  while (j < n) {
    const c = html.charCodeAt(j);
    if (c === 0x3e) return j + 1;
    // A quote opens a value only right after `=` (HTML §13.2.5.36); `<a title=it's>` has none.
    if ((c === 0x22 || c === 0x27) && afterEquals) {
      const q = find(c === 0x22 ? '"' : "'", j + 1);
      if (q < 0) {
        const e = find('>', j + 1);
        return e < 0 ? n : e + 1;
      }
      j = q + 1;
      afterEquals = false;
      continue;
    }
    if (c === 0x3d) afterEquals = true;
    else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) afterEquals = false;
    j++;
  }
  return n;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x3a ||
    c === 0x2d
  );
}
