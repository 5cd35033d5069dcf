/**
 * One spelling per link, so that the same link met in a DM, a tweet's expanded entity and an
 * email compares equal (the echo analysis and `link:` search depend on it).
 *
 * - Parsed with the WHATWG URL parser (what browsers do): scheme and host lower-cased, IDN
 *   hosts in punycode (`xn--…`: unambiguous, and a look-alike host shows as what it is),
 *   default ports dropped, `.`/`..` path segments resolved.
 * - Only http and https are links; `javascript:`, `data:`, `mailto:` … give null.
 * - A URL without scheme (`wlsearch.tk`, `www.example.com/path`, `//host/x`) is taken as
 *   http: that is how X shows a link in a DM (display text `wlsearch.tk` for
 *   `http://wlsearch.tk/`) and how people type them.
 * - The fragment is dropped (it never reaches the server); the tracking parameters below are
 *   dropped; other parameters keep their order and spelling; percent-escapes get upper-case
 *   hex (RFC 3986 §6.2.2.1: they are equivalent).
 * - Path case is kept (paths are case-sensitive). The root path is always `/`
 *   (`http://wlsearch.tk` → `http://wlsearch.tk/`, as WHATWG serialises it); any other
 *   trailing `/` is kept, because `/a` and `/a/` may be different resources.
 * - A trailing dot of the host (`example.com.`) is dropped.
 */
import { MAX_URL_LENGTH } from './url-limits.js';

/** Query parameters that only identify a campaign or a click, never the resource. */
const TRACKING_PARAM =
  /^(?:utm_[a-z0-9_]*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|twclid|_hsenc|_hsmi)$/i;

const HTTP_SCHEME = /^https?:/i;
/** A scheme other than http(s): letters then ':' not followed by a digit (`host:8080` is a port). */
const OTHER_SCHEME = /^[a-z][a-z0-9+.-]*:(?!\d)/i;
/** What a scheme-less URL must start with: a dotted host name with a letter TLD, or an IPv4 address. */
const BARE_HOST =
  /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}{2,}\.?(?=$|[:/?#])|^\d{1,3}(?:\.\d{1,3}){3}(?=$|[:/?#])/u;

/** The normalised form of `url` (see the module comment), or null if it is not an http(s) link. */
export function normalizeUrl(url: string): string | null {
  let s = url.trim();
  if (s === '' || s.length > MAX_URL_LENGTH) return null;
  if (s.startsWith('//')) {
    s = `http:${s}`;
  } else if (!HTTP_SCHEME.test(s)) {
    const scheme = OTHER_SCHEME.exec(s);
    if (scheme !== null && !scheme[0].includes('.')) return null;
    if (!BARE_HOST.test(s)) return null;
    s = `http://${s}`;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.hostname === '') return null;
  const host = u.host.replace(/\.(?=$|:)/, '');
  const auth = u.username === '' ? '' : `${u.username}${u.password === '' ? '' : `:${u.password}`}@`;
  const params = u.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '' && !TRACKING_PARAM.test(paramName(p)));
  const search = params.length === 0 ? '' : `?${params.join('&')}`;
  const out = `${u.protocol}//${auth}${host}${upperEscapes(u.pathname)}${upperEscapes(search)}`;
  return out.length > MAX_URL_LENGTH ? null : out;
}

function paramName(param: string): string {
  const eq = param.indexOf('=');
  const raw = eq < 0 ? param : param.slice(0, eq);
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

function upperEscapes(s: string): string {
  return s.replace(/%[0-9a-f]{2}/gi, (e) => e.toUpperCase());
}
