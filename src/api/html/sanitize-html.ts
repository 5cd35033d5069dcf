import { Parser } from 'htmlparser2';
import {
  ALLOWED_ELEMENTS,
  DROPPED_WITH_CONTENT,
  GLOBAL_ATTRIBUTES,
  VOID_ELEMENTS,
} from './html-allowlist.js';
import { sanitizeStyle } from './sanitize-css.js';

/**
 * Server-side sanitiser for the HTML of leaked messages: hostile input, shown to reporters who
 * are targets. An allowlist (html-allowlist.ts) over htmlparser2's stream of tags and text; the
 * output is written by us, canonical and well-formed (every text escaped, every attribute
 * quoted, every element we opened closed by us), so however a browser re-parses it (the
 * "mutation XSS" of sanitisers that hand back the input's own markup) it can only find the
 * elements and attributes we wrote. Nothing that runs or loads survives: no script, no event
 * handler, no remote image, no URL-bearing attribute or CSS. It is the first of three walls:
 * the HTML route's CSP (`default-src 'none'`, sandbox) and the UI's `<iframe sandbox>` follow.
 *
 * Links: an `<a>` keeps its text but never its `href`. A click in the message view would fetch
 * the sender's (often tracking) URL from the reporter's machine, and the sandboxed frame could
 * not follow it anyway; an http, https or mailto target is kept in the `title` (hover to read it,
 * copy it from the item's link list).
 *
 * Images: only inline `data:image/(png|gif|jpeg|webp)` survives. A remote image becomes a
 * visible placeholder naming its host (the tracking pixel is itself evidence); a `cid:` image
 * (an attachment of the message) becomes a placeholder too, since the frame may load nothing.
 *
 * `<style>` elements are dropped with their content; inline `style` attributes keep an
 * allowlist of properties (sanitize-css.ts). Layout that lived in a stylesheet is lost.
 */

export interface SanitizeLimits {
  /** Input characters read; the rest is cut (flag `truncated`). Stops a 500 MB body from holding the server for minutes. */
  maxInputChars: number;
  /** Output characters written before the rest is cut. */
  maxOutputChars: number;
  /** Deepest nesting of elements written; deeper ones are unwrapped (text kept). Stops a browser stack overflow on 100,000 nested tags. */
  maxDepth: number;
  /** Longest inline data: image kept (characters). */
  maxDataImageChars: number;
}

export const DEFAULT_SANITIZE_LIMITS: Readonly<SanitizeLimits> = Object.freeze({
  maxInputChars: 20_000_000,
  maxOutputChars: 10_000_000,
  maxDepth: 200,
  maxDataImageChars: 5_000_000,
});

export interface SanitizeResult {
  html: string;
  /** Hosts of remote images that were blocked, each once, in order. */
  blockedHosts: string[];
  /** A limit cut the input or the output. */
  truncated: boolean;
}

/** Our own class for placeholders; the only class the output ever carries. */
export const PLACEHOLDER_CLASS = 'innsyn-blocked';

const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|jpg|webp);base64,[a-z0-9+/=\s]*$/i;
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

type Frame = 'dropped' | 'unwrapped' | 'void' | { open: string };

export function sanitizeHtml(input: string, limits: Partial<SanitizeLimits> = {}): SanitizeResult {
  const lim: SanitizeLimits = { ...DEFAULT_SANITIZE_LIMITS, ...limits };
  let truncated = input.length > lim.maxInputChars;
  const source = truncated ? input.slice(0, lim.maxInputChars) : input;
  const out: string[] = [];
  let size = 0;
  let full = false;
  /** One frame per element htmlparser2 has open (it reports a close for every open, implied or not). */
  const frames: Frame[] = [];
  let dropping = 0;
  let depth = 0;
  const blocked = new Set<string>();

  const write = (s: string): boolean => {
    if (full) return false;
    if (size + s.length > lim.maxOutputChars) {
      full = true;
      truncated = true;
      return false;
    }
    out.push(s);
    size += s.length;
    return true;
  };

  const placeholder = (label: string, title: string | null): void => {
    const t = title === null ? '' : ` title="${escapeAttribute(title)}"`;
    write(`<span class="${PLACEHOLDER_CLASS}"${t}>[${escapeText(label)}]</span>`);
  };

  const image = (attribs: Record<string, string>): void => {
    const src = (attribs.src ?? '').trim();
    const alt = attribs.alt ? attribs.alt.slice(0, 200) : null;
    if (src !== '' && src.length <= lim.maxDataImageChars && DATA_IMAGE.test(src)) {
      write(`<img src="${escapeAttribute(src.replace(/\s+/g, ''))}"${attributes('img', attribs)}>`);
      return;
    }
    if (src === '') return;
    if (/^cid:/i.test(src)) {
      placeholder(`inline image${alt ? `: ${alt}` : ''}`, alt);
      return;
    }
    const remote = remoteHost(src);
    if (remote === null) {
      placeholder('image blocked: not an inline image', alt);
      return;
    }
    blocked.add(remote);
    placeholder(`remote image blocked: ${remote}`, alt);
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropping > 0 || DROPPED_WITH_CONTENT.has(name)) {
          frames.push('dropped');
          dropping++;
          return;
        }
        const rule = Object.hasOwn(ALLOWED_ELEMENTS, name) ? ALLOWED_ELEMENTS[name] : undefined;
        if (rule === undefined || depth >= lim.maxDepth || full) {
          frames.push('unwrapped');
          return;
        }
        if (name === 'img') {
          image(attribs);
          frames.push('void');
          return;
        }
        let extra = '';
        if (name === 'a') {
          const target = linkTarget(attribs.href);
          if (target !== null && !attribs.title) extra = ` title="${escapeAttribute(target)}"`;
        }
        const written = write(`<${name}${attributes(name, attribs)}${extra}>`);
        if (VOID_ELEMENTS.has(name) || !written) {
          frames.push(written ? 'void' : 'unwrapped');
          return;
        }
        frames.push({ open: name });
        depth++;
      },
      onclosetag() {
        const frame = frames.pop();
        if (frame === undefined) return;
        if (frame === 'dropped') dropping--;
        else if (typeof frame === 'object') {
          depth--;
          // Always written, even past the output limit: every element we opened is closed.
          const close = `</${frame.open}>`;
          out.push(close);
          size += close.length;
        }
      },
      ontext(data) {
        if (dropping > 0) return;
        write(escapeText(data));
      },
      // Comments, CDATA sections, processing instructions and doctypes: nothing of them is kept.
    },
    {
      decodeEntities: true,
      lowerCaseTags: true,
      lowerCaseAttributeNames: true,
      recognizeSelfClosing: false,
      recognizeCDATA: false,
    },
  );
  parser.end(source);
  // htmlparser2 closes what is open at the end; this is for safety should it not.
  for (let f = frames.pop(); f !== undefined; f = frames.pop()) {
    if (typeof f === 'object') out.push(`</${f.open}>`);
  }
  // Past the limit on purpose: the reader must see that something is missing.
  if (truncated)
    out.push(
      `<p><span class="${PLACEHOLDER_CLASS}">[the rest of this HTML is not shown: it is too large]</span></p>`,
    );
  return { html: out.join(''), blockedHosts: [...blocked], truncated };
}

/** The element's allowed attributes, each checked, in the order written. */
function attributes(name: string, attribs: Record<string, string>): string {
  const own = ALLOWED_ELEMENTS[name] ?? {};
  let s = '';
  for (const [key, raw] of Object.entries(attribs)) {
    let value: string | null;
    if (key === 'style') {
      value = sanitizeStyle(raw);
      if (value === '') value = null;
    } else if (Object.hasOwn(own, key)) value = (own[key] as (v: string) => string | null)(raw);
    else if (Object.hasOwn(GLOBAL_ATTRIBUTES, key))
      value = (GLOBAL_ATTRIBUTES[key] as (v: string) => string | null)(raw);
    // Our own placeholder class, so that sanitising our output again changes nothing.
    else if (name === 'span' && key === 'class' && raw === PLACEHOLDER_CLASS) value = raw;
    else continue;
    if (value !== null) s += ` ${key}="${escapeAttribute(value)}"`;
  }
  return s;
}

/** The target of a link when it is http, https or mailto, as the URL parser normalises it; else null. */
function linkTarget(href: string | undefined): string | null {
  if (href === undefined) return null;
  // Browsers drop tabs and newlines inside URLs and trim control characters and spaces around
  // them (WHATWG URL): `java\tscript:` is javascript:. The URL parser does the same.
  try {
    const url = new URL(href.trim());
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** The host an http(s) image would have been fetched from (relative ones too), else null. */
function remoteHost(src: string): string | null {
  try {
    const url = new URL(src.trim(), 'https://relative.invalid/');
    if (url.hostname === 'relative.invalid') return 'a relative address';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : null;
  } catch {
    return null;
  }
}

export function escapeText(s: string): string {
  return s.replace(/[&<>\u0000]/g, (c) => ESCAPES[c] as string);
}

export function escapeAttribute(s: string): string {
  return s.replace(/[&<>"'`\u0000]/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '\u0000': '\uFFFD',
};
