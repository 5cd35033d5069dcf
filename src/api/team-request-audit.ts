/**
 * What the team server's front records of a request for a collection before handing it on
 * (docs/team.md "Audit log"), read from the URL in the one form the collection's app routes.
 */

/** The audit entry a collection request makes before it is answered; null for none. */
export type Audited = { action: 'search' | 'item-open' | 'export'; detail: Record<string, unknown> } | null;

/**
 * The URL with each segment of its path percent-decoded and encoded again the one way
 * (`/api/%73earch` → `/api/search`, `%2f` → `%2F`), its query as sent; null when a segment is
 * not valid percent-encoding. The router of the collection's app decodes a path before it
 * matches it, so the front audits, checks and hands on this form: an encoded path cannot reach
 * a route under another name than the one the front recorded.
 */
export function canonicalUrl(url: string): string | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  let segments: string[];
  try {
    segments = path.split('/').map((s) => encodeURIComponent(decodeURIComponent(s)));
  } catch {
    return null;
  }
  return segments.join('/') + (q < 0 ? '' : url.slice(q));
}

/** The path of a request URL, without its query. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

const EXPORTS: Readonly<Record<string, string>> = {
  '/api/export.zip': 'evidence-zip',
  '/api/export.mbox': 'mbox',
  '/api/report.html': 'report',
};

/**
 * Routes that search the collection by another way than /api/search, and what they show of
 * its items: each is recorded as a `search` with `via` (echoes and pairs send messages' texts).
 */
const SEARCHING: Readonly<Record<string, { via: string; params: readonly string[] }>> = {
  '/api/echoes': { via: 'echoes', params: ['item'] },
  '/api/pairs': { via: 'pairs', params: ['person', 'with'] },
  '/api/timeline': { via: 'timeline', params: [] },
  '/api/network': { via: 'network', params: [] },
  '/api/people': { via: 'people', params: [] },
};

/**
 * The entry for a request (`url` canonical: canonicalUrl): searches, every way of opening an
 * item or an attachment, and the start of an export (the export routes' hook records how it
 * ended). A HEAD is recorded as its GET, which it runs. POST /api/batch-search is recorded by
 * the dispatcher, which reads its terms from the body.
 */
export function auditOf(method: string, url: string): Audited {
  if (method !== 'GET' && method !== 'HEAD') return null;
  const path = pathOf(url);
  const q = url.indexOf('?');
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const segment = (s: string | undefined) => decodeURIComponent(s ?? '');
  const query = params.get('q') ?? '';
  let m: RegExpExecArray | null;
  if (path === '/api/search') return { action: 'search', detail: { query } };
  const searching = SEARCHING[path];
  if (searching !== undefined) {
    const detail: Record<string, unknown> = { query, via: searching.via };
    for (const p of searching.params) {
      const v = params.get(p);
      if (v !== null) detail[p] = v;
    }
    return { action: 'search', detail };
  }
  const format = EXPORTS[path];
  if (format !== undefined) return { action: 'export', detail: { format, query, outcome: 'started' } };
  if ((m = /^\/api\/items\/([^/]+)(\/html)?$/.exec(path)))
    return { action: 'item-open', detail: { item: segment(m[1]), ...(m[2] ? { via: 'html' } : {}) } };
  if ((m = /^\/item\/([^/]+)\/raw$/.exec(path)))
    return { action: 'item-open', detail: { item: segment(m[1]), via: 'raw' } };
  if ((m = /^\/api\/threads\/([^/]+)$/.exec(path)))
    return { action: 'item-open', detail: { thread: segment(m[1]) } };
  if ((m = /^\/attachment\/([^/]+)$/.exec(path)))
    return { action: 'item-open', detail: { attachment: segment(m[1]) } };
  if ((m = /^\/api\/attachments\/([^/]+)\/text$/.exec(path)))
    return { action: 'item-open', detail: { attachment: segment(m[1]), via: 'text' } };
  return null;
}
