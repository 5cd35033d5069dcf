import { htmlToText } from './html-to-text.js';
import { decodeCodePage, isLeadByte } from './windows-code-pages.js';

/**
 * The text of an RTF body: what Outlook stores for a rich-text message (PidTagRtfCompressed,
 * decompressed) and what a TNEF winmail.dat carries. A reader, not a renderer: one pass over the
 * bytes, an explicit stack of group states (no recursion on user data), no layout.
 *
 * - `\'xx` bytes are decoded in the code page of the moment: the document's `\ansicpgN`, or the
 *   current font's, from its `\fcharsetN` or `\cpgN` in the font table. Runs of them are decoded
 *   together, so double-byte characters (Shift_JIS, GBK, Big5) come out whole.
 * - `\uN` is a UTF-16 code unit (negative N counts from 65536); the `\ucN` fallback characters
 *   that follow it are skipped.
 * - Destinations that are not text (font and colour tables, style sheets, pictures, objects,
 *   field instructions, document info, and every `\*` destination we do not know) are skipped.
 * - RTF that encapsulates HTML (`\fromhtml1`, [MS-OXRTFEX]): the HTML is rebuilt from the text
 *   outside `\htmlrtf` regions and the `\*\htmltag` destinations, and the text is that HTML
 *   through html-to-text.
 */
export interface RtfContent {
  /** Visible text, LF line ends, trailing white space trimmed. */
  text: string;
  /** The encapsulated HTML of a `\fromhtml1` document, else null. */
  html: string | null;
}

/**
 * Deepest group nesting tracked. Stops a body of millions of `{` from growing the state stack
 * without bound; deeper groups share the state of the deepest tracked one. Flag `limit:rtf-depth`.
 */
export const MAX_RTF_GROUP_DEPTH = 1024;

/** Longest control word (RTF 1.9.1 allows 32 letters) and parameter (10 digits) read. */
const MAX_WORD = 32;
const MAX_PARAM_DIGITS = 10;

/** Destinations whose content is not part of the text. */
const SKIPPED = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'shppict',
  'nonshppict',
  'object',
  'objdata',
  'themedata',
  'colorschememapping',
  'datastore',
  'latentstyles',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'mmathPr',
  'header',
  'headerl',
  'headerr',
  'headerf',
  'footer',
  'footerl',
  'footerr',
  'footerf',
  'fldinst',
  'filetbl',
  'revtbl',
  'pgdsctbl',
  'bkmkstart',
  'bkmkend',
  'xe',
  'tc',
  'txe',
  'userprops',
  'docvar',
  'mhtmltag',
  'pntxta',
  'pntxtb',
  'fchars',
  'lchars',
  'wgrffmtfilter',
  'listpicture',
  'protusertbl',
  'ftnsep',
  'ftnsepc',
  'ftncn',
  'aftnsep',
  'aftnsepc',
  'aftncn',
  'template',
  'blipuid',
]);

/** Control words that stand for one character. */
const CHARACTERS: ReadonlyMap<string, string> = new Map([
  ['par', '\n'],
  ['line', '\n'],
  ['sect', '\n'],
  ['page', '\n'],
  ['row', '\n'],
  ['tab', '\t'],
  ['cell', '\t'],
  ['emdash', '\u2014'],
  ['endash', '\u2013'],
  ['bullet', '\u2022'],
  ['lquote', '\u2018'],
  ['rquote', '\u2019'],
  ['ldblquote', '\u201c'],
  ['rdblquote', '\u201d'],
  ['emspace', ' '],
  ['enspace', ' '],
  ['qmspace', ' '],
]);

/** \fcharsetN (Windows character set ids) to code pages. */
const CHARSET_CODE_PAGES: ReadonlyMap<number, number> = new Map([
  [0, 1252],
  [77, 10000],
  [128, 932],
  [129, 949],
  [130, 1361],
  [134, 936],
  [136, 950],
  [161, 1253],
  [162, 1254],
  [163, 1258],
  [177, 1255],
  [178, 1256],
  [186, 1257],
  [204, 1251],
  [222, 874],
  [238, 1250],
  [254, 437],
]);

interface Group {
  /** Not text (a skipped destination, or an HTML tag destination for the text output). */
  skip: boolean;
  /** Inside `\*\htmltag`: HTML source of an encapsulated-HTML document. */
  htmlTag: boolean;
  /** Inside a `\htmlrtf` region: RTF-only rendering, not part of the encapsulated HTML. */
  htmlRtf: boolean;
  /** Fallback characters after `\uN` (`\ucN`). */
  uc: number;
  /** The font's code page, or null to use the document's. */
  fontCodePage: number | null;
  /** Inside the font table, where `\fN` defines a font instead of selecting one. */
  fontTable: boolean;
  /** No control word or text seen yet in this group (a destination keyword may come). */
  atStart: boolean;
  /** `\*` seen at the start of the group: the destination is ignorable. */
  starred: boolean;
}

const letter = (b: number): boolean => (b >= 0x61 && b <= 0x7a) || (b >= 0x41 && b <= 0x5a);
const digit = (b: number): boolean => b >= 0x30 && b <= 0x39;

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** Never throws; every repair or limit is added to `flags`. */
export function rtfToText(rtf: Uint8Array, flags: Set<string>): RtfContent {
  let docCodePage = 1252;
  let fromHtml = false;
  const fontCodePages = new Map<number, number>();
  let defaultFont: number | null = null;
  let fontBeingDefined: number | null = null;

  const text: string[] = [];
  const html: string[] = [];
  let group: Group = {
    skip: false,
    htmlTag: false,
    htmlRtf: false,
    uc: 1,
    fontCodePage: null,
    fontTable: false,
    atStart: true,
    starred: false,
  };
  const stack: Group[] = [];
  let untracked = 0;
  let skipFallback = 0;

  // Bytes waiting to be decoded together (a run of \'xx escapes and the plain bytes among them).
  let pending: number[] = [];
  let pendingCodePage = 1252;
  let pendingToText = false;
  let pendingToHtml = false;
  let highSurrogate = '';

  const toText = (): boolean => !group.skip && !group.htmlTag;
  const toHtml = (): boolean => (!group.skip || group.htmlTag) && !group.htmlRtf;
  const codePage = (): number =>
    group.fontCodePage ?? (defaultFont !== null ? fontCodePages.get(defaultFont) : undefined) ?? docCodePage;

  const flush = (): void => {
    if (pending.length === 0) return;
    const s = decodeCodePage(Uint8Array.from(pending), pendingCodePage, flags);
    if (pendingToText) text.push(s);
    if (pendingToHtml) html.push(s);
    pending = [];
    needTrail = false;
  };
  const emit = (s: string): void => {
    flush();
    if (toText()) text.push(s);
    if (toHtml()) html.push(s);
  };
  const emitByte = (b: number): void => {
    const cp = codePage();
    const t = toText();
    const h = toHtml();
    if (pending.length > 0 && (cp !== pendingCodePage || t !== pendingToText || h !== pendingToHtml)) flush();
    if (!t && !h) return;
    pendingCodePage = cp;
    pendingToText = t;
    pendingToHtml = h;
    pending.push(b);
    needTrail = needTrail ? false : isLeadByte(cp, b);
  };
  /** A literal character or escaped byte; the first `\ucN` of them after a `\uN` are its fallback. */
  const textByte = (b: number): void => {
    group.atStart = false;
    if (skipFallback > 0) {
      skipFallback--;
      return;
    }
    emitByte(b);
  };
  /** A DBCS lead byte escaped as \'xx may be followed by its trail byte written as a plain character. */
  let needTrail = false;
  const pendingNeedsTrail = (): boolean => needTrail;

  const n = rtf.length;
  let i = 0;
  while (i < n) {
    const b = rtf[i] as number;
    if (b === 0x7b) {
      // '{'
      flush();
      skipFallback = 0;
      if (stack.length >= MAX_RTF_GROUP_DEPTH) {
        untracked++;
        flags.add('limit:rtf-depth');
      } else {
        stack.push(group);
        group = { ...group, atStart: true, starred: false };
      }
      i++;
      continue;
    }
    if (b === 0x7d) {
      // '}'
      flush();
      skipFallback = 0;
      if (untracked > 0) untracked--;
      else if (stack.length > 0) group = stack.pop() as Group;
      else flags.add('rtf-unbalanced');
      i++;
      continue;
    }
    if (b === 0x0d || b === 0x0a || b === 0x00) {
      // Line breaks in RTF source are not text; NULs pad the end of decompressed bodies.
      i++;
      continue;
    }
    if (b !== 0x5c) {
      // Plain text. A trail byte right after an escaped lead byte belongs to it.
      if (skipFallback === 0 && pending.length > 0 && pendingNeedsTrail()) {
        pending.push(b);
        needTrail = false;
        i++;
        continue;
      }
      textByte(b);
      i++;
      continue;
    }
    // A backslash: control symbol or control word.
    const c = i + 1 < n ? (rtf[i + 1] as number) : -1;
    if (c === 0x27) {
      // \'xx
      const hi = hexValue(i + 2 < n ? (rtf[i + 2] as number) : -1);
      const lo = hexValue(i + 3 < n ? (rtf[i + 3] as number) : -1);
      if (hi < 0 || lo < 0) {
        flags.add('rtf-bad-escape');
        i += 2;
        continue;
      }
      textByte(hi * 16 + lo);
      i += 4;
      continue;
    }
    if (c === 0x5c || c === 0x7b || c === 0x7d) {
      textByte(c);
      i += 2;
      continue;
    }
    if (!letter(c)) {
      i += 2;
      if (c === -1) break;
      if (c === 0x2a) {
        // \* : the destination that follows is ignorable when we do not know it.
        group.starred = true;
        continue;
      }
      group.atStart = false;
      skipFallback = 0;
      if (c === 0x7e) emit('\u00a0');
      else if (c === 0x5f) emit('\u2011');
      else if (c === 0x0d || c === 0x0a) emit('\n');
      continue;
    }
    let j = i + 1;
    while (j < n && j - i - 1 < MAX_WORD && letter(rtf[j] as number)) j++;
    const word = String.fromCharCode(...rtf.subarray(i + 1, j));
    let param: number | null = null;
    const paramStart = j;
    if (j < n && rtf[j] === 0x2d) j++;
    const digitsStart = j;
    while (j < n && j - digitsStart < MAX_PARAM_DIGITS && digit(rtf[j] as number)) j++;
    if (j > digitsStart) param = Number(String.fromCharCode(...rtf.subarray(paramStart, j)));
    else j = paramStart;
    if (j < n && rtf[j] === 0x20) j++;
    i = j;

    if (word === 'u') {
      // \uN: one UTF-16 code unit; then \ucN fallback characters to skip.
      group.atStart = false;
      const unit = param === null ? 0x3f : param < 0 ? param + 65536 : param;
      const ch = String.fromCharCode(unit & 0xffff);
      if (unit >= 0xd800 && unit <= 0xdbff) highSurrogate = ch;
      else if (unit >= 0xdc00 && unit <= 0xdfff && highSurrogate !== '') {
        emit(highSurrogate + ch);
        highSurrogate = '';
      } else {
        highSurrogate = '';
        emit(ch);
      }
      skipFallback = group.uc;
      continue;
    }
    skipFallback = 0;
    if (group.atStart) {
      group.atStart = false;
      if (word === 'htmltag' && group.starred) {
        flush();
        group.htmlTag = true;
        group.skip = false;
        continue;
      }
      if (word === 'fonttbl') {
        flush();
        group.skip = true;
        group.fontTable = true;
        continue;
      }
      if (SKIPPED.has(word) || group.starred) {
        flush();
        group.skip = true;
        continue;
      }
    }
    switch (word) {
      case 'ansicpg':
        if (param !== null && param > 0) docCodePage = param;
        break;
      case 'mac':
        docCodePage = 10000;
        break;
      case 'pc':
        docCodePage = 437;
        break;
      case 'pca':
        docCodePage = 850;
        break;
      case 'fromhtml':
        fromHtml = param !== 0;
        break;
      case 'htmlrtf':
        flush();
        group.htmlRtf = param !== 0;
        break;
      case 'uc':
        if (param !== null && param >= 0 && param <= 10) group.uc = param;
        break;
      case 'deff':
        if (param !== null) defaultFont = param;
        break;
      case 'f':
        if (param === null) break;
        if (group.fontTable) {
          fontBeingDefined = param;
        } else {
          flush();
          group.fontCodePage = fontCodePages.get(param) ?? null;
        }
        break;
      case 'fcharset':
        if (group.fontTable && fontBeingDefined !== null && param !== null) {
          const cp = CHARSET_CODE_PAGES.get(param);
          // Charset 0 (ANSI) means the document's code page; an unknown one too.
          if (cp !== undefined && param !== 0) fontCodePages.set(fontBeingDefined, cp);
        }
        break;
      case 'cpg':
        if (group.fontTable && fontBeingDefined !== null && param !== null && param > 0)
          fontCodePages.set(fontBeingDefined, param);
        break;
      case 'plain':
        break;
      default: {
        const ch = CHARACTERS.get(word);
        if (ch !== undefined) emit(ch);
      }
    }
  }
  flush();
  if (stack.length > 0) flags.add('rtf-unbalanced');

  if (fromHtml) {
    const source = html.join('');
    return { text: tidy(htmlToText(source)), html: source };
  }
  return { text: tidy(text.join('')), html: null };
}

/** LF line ends, no white space at line ends, no trailing blank lines. */
function tidy(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .trimEnd();
}
