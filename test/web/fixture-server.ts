/**
 * A throwaway stand-in for `innsyn serve`, for developing and screenshotting the UI before the
 * real server exists: serves a built web/dist and answers the routes of docs/api.md from a
 * real store (fixture-corpus.ts). Facets and the histogram are computed here by reading the
 * matching items; that is fine for a fixture and nothing like how the real server does it.
 * It follows the contract where the UI depends on it: the token cookie, error documents with
 * `column`, the HTML route's CSP, raw and attachment permalinks.
 */
import { errorDocument, type ApiErrorCode } from '../../src/api/api-error.js';
import type { ErrorReason } from '../../src/model/index.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Item } from '../../src/model/index.js';
import { isInnsynError } from '../../src/model/index.js';
import { foldersOfLocations } from '../../src/model/folders.js';
import { parseQuery } from '../../src/query/index.js';
import type { ItemSummary, SearchOptions } from '../../src/store/index.js';
import { buildFixtureCorpus, type FixtureCorpus } from './fixture-corpus.js';

export const FIXTURE_TOKEN = 'fixture-token';
/** Items read to compute facets and the histogram of one query (fixture only). */
const MAX_AGGREGATE = 5000;
const HTML_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

export interface FixtureServer {
  url: string;
  corpus: FixtureCorpus;
  /** Requests seen, path and query, for tests that check what the UI asked. */
  requests: string[];
  close(): Promise<void>;
}

interface Bucket {
  value: string;
  label: string;
  count: number;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function json(res: ServerResponse, status: number, doc: object) {
  send(res, status, JSON.stringify({ version: 1, ...doc }), {
    'content-type': 'application/json; charset=utf-8',
  });
}

function apiError(
  res: ServerResponse,
  status: number,
  code: ApiErrorCode,
  message: string,
  column?: number,
  reason?: ErrorReason,
) {
  json(res, status, errorDocument(code, message, column, reason));
}

function hasToken(req: IncomingMessage): boolean {
  const cookie = req.headers.cookie ?? '';
  return cookie.split(';').some((c) => c.trim() === `innsyn_token=${FIXTURE_TOKEN}`);
}

function countInto(map: Map<string, Bucket>, value: string, label: string) {
  const b = map.get(value);
  if (b) b.count++;
  else map.set(value, { value, label, count: 1 });
}

function byCount(map: Map<string, Bucket>): Bucket[] {
  return [...map.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

function byValue(map: Map<string, Bucket>): Bucket[] {
  return [...map.values()].sort((a, b) => a.value.localeCompare(b.value));
}

function quoteIfNeeded(v: string): string {
  return /[\s"()]/.test(v) ? `"${v.replace(/"/g, '')}"` : v;
}

function facetsOf(items: Item[]) {
  const f = {
    from: new Map<string, Bucket>(),
    to: new Map<string, Bucket>(),
    year: new Map<string, Bucket>(),
    month: new Map<string, Bucket>(),
    kind: new Map<string, Bucket>(),
    platform: new Map<string, Bucket>(),
    lang: new Map<string, Bucket>(),
    hasAttachment: new Map<string, Bucket>(),
  };
  for (const it of items) {
    if (it.from) countInto(f.from, `from:${quoteIfNeeded(it.from.address)}`, it.from.name ?? it.from.address);
    for (const t of it.to) countInto(f.to, `to:${quoteIfNeeded(t.address)}`, t.name ?? t.address);
    if (it.sentAt) {
      countInto(f.year, `date:${it.sentAt.slice(0, 4)}`, it.sentAt.slice(0, 4));
      countInto(f.month, `date:${it.sentAt.slice(0, 7)}`, it.sentAt.slice(0, 7));
    }
    countInto(f.kind, `kind:${it.kind}`, it.kind);
    countInto(f.platform, `platform:${it.platform}`, it.platform);
    if (it.lang) countInto(f.lang, `lang:${it.lang}`, it.lang);
    if (it.attachments.length > 0) countInto(f.hasAttachment, 'has:attachment', 'has attachment');
  }
  return {
    from: byCount(f.from).slice(0, 50),
    to: byCount(f.to).slice(0, 50),
    year: byValue(f.year),
    month: byValue(f.month),
    kind: byCount(f.kind),
    platform: byCount(f.platform),
    lang: byCount(f.lang),
    hasAttachment: byCount(f.hasAttachment),
  };
}

/** Contiguous buckets (zeros included) at an interval that keeps the count readable. */
function histogramOf(items: Item[]) {
  const times = items.flatMap((it) => (it.sentAt ? [Date.parse(it.sentAt)] : [])).sort((a, b) => a - b);
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) return { interval: 'month', buckets: [] };
  const days = (last - first) / 86_400_000;
  const interval = days > 365 * 6 ? 'year' : days > 90 ? 'month' : 'day';
  const startOf = (t: number) => {
    const d = new Date(t);
    if (interval === 'year') return Date.UTC(d.getUTCFullYear(), 0, 1);
    if (interval === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  };
  const next = (t: number) => {
    const d = new Date(t);
    if (interval === 'year') return Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    if (interval === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return t + 86_400_000;
  };
  const buckets: Array<{ start: string; end: string; count: number }> = [];
  let k = 0;
  for (let s = startOf(first); s <= last; s = next(s)) {
    const e = next(s);
    let count = 0;
    while (k < times.length && (times[k] as number) < e) {
      count++;
      k++;
    }
    buckets.push({ start: new Date(s).toISOString(), end: new Date(e).toISOString(), count });
  }
  return { interval, buckets };
}

export async function startFixtureServer(options: {
  distDir: string;
  bulk?: number;
  /** Another corpus than the default one (chat-corpus.ts for the chat view). */
  corpus?: () => Promise<FixtureCorpus>;
}): Promise<FixtureServer> {
  const corpus = options.corpus ? await options.corpus() : await buildFixtureCorpus({ bulk: options.bulk });
  const { store } = corpus;
  const requests: string[] = [];

  async function search(url: URL, res: ServerResponse) {
    const q = url.searchParams.get('q') ?? '';
    const sort = (url.searchParams.get('sort') ?? 'relevance') as SearchOptions['sort'];
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 200);
    let ast;
    try {
      ast = parseQuery(q);
    } catch (e) {
      if (isInnsynError(e) && e.code === 'bad-query')
        return apiError(res, 400, 'bad-query', e.message, e.column, e.reason);
      throw e;
    }
    const page = await store.search(ast, { sort, offset, limit });
    const doc: Record<string, unknown> = { query: q, total: page.total, offset, limit, items: page.items };
    if (url.searchParams.get('facets') === '1' || url.searchParams.get('histogram') === '1') {
      const all = await store.search(ast, { sort: 'date-asc', offset: 0, limit: MAX_AGGREGATE });
      const items: Item[] = [];
      for (const s of all.items) {
        const it = await store.getItem(s.id);
        if (it) items.push(it);
      }
      if (url.searchParams.get('facets') === '1') doc.facets = facetsOf(items);
      if (url.searchParams.get('histogram') === '1') doc.histogram = histogramOf(items);
    }
    json(res, 200, doc);
  }

  async function threadById(threadId: string) {
    const hit = await store.search(parseQuery(`thread:${threadId}`), { sort: 'date', offset: 0, limit: 1 });
    const first: ItemSummary | undefined = hit.items[0];
    // A lone item is its own one-node thread, named by its own id.
    return store.getThread(first ? first.id : threadId);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fixture');
    requests.push(url.pathname + url.search);
    const p = url.pathname;
    if (url.searchParams.get('token') === FIXTURE_TOKEN) {
      url.searchParams.delete('token');
      return send(res, 302, '', {
        'set-cookie': `innsyn_token=${FIXTURE_TOKEN}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname + url.search,
      });
    }
    const isData = p.startsWith('/api/') || /^\/item\/[^/]+\/raw$/.test(p) || p.startsWith('/attachment/');
    if (isData && !hasToken(req))
      return apiError(res, 401, 'unauthorized', 'open the URL with ?token= first');

    let m: RegExpExecArray | null;
    if (p === '/api/search') return search(url, res);
    if ((m = /^\/api\/items\/([^/]+)$/.exec(p))) {
      const item = await store.getItem(decodeURIComponent(m[1] as string));
      if (!item) return apiError(res, 404, 'not-found', 'no such item');
      const { html, ...rest } = item;
      const locations = await store.getLocations(item.id);
      const folders = foldersOfLocations(locations);
      return json(res, 200, {
        // As the real route: null when the item has no HTML, left out when it has some.
        item: html === null ? { ...rest, html: null } : rest,
        locations,
        folders,
        folderQueries: await store.folderQueries(folders),
        thread: await store.getThread(item.id),
        annotations: await store.getAnnotations({ kind: 'item', key: item.id }),
        conversationAnnotations: item.conversationId
          ? await store.getAnnotations({ kind: 'conversation', key: item.conversationId })
          : null,
      });
    }
    if ((m = /^\/api\/items\/([^/]+)\/html$/.exec(p))) {
      const item = await store.getItem(decodeURIComponent(m[1] as string));
      if (!item?.html) return apiError(res, 404, 'not-found', 'this item has no HTML');
      // Not sanitised: the fixture relies on the CSP and the UI's sandbox, which is what a test wants to see hold.
      return send(res, 200, req.method === 'HEAD' ? '' : item.html, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': HTML_CSP,
        'x-content-type-options': 'nosniff',
      });
    }
    if ((m = /^\/api\/(conversations|people)\/([^/]+)\/annotations$/.exec(p)) && req.method === 'GET') {
      const kind = m[1] === 'people' ? 'person' : 'conversation';
      const key = decodeURIComponent(m[2] as string);
      return json(res, 200, { annotations: await store.getAnnotations({ kind, key }) });
    }
    if ((m = /^\/api\/threads\/([^/]+)$/.exec(p))) {
      const thread = await threadById(decodeURIComponent(m[1] as string));
      if (!thread) return apiError(res, 404, 'not-found', 'no such thread');
      return json(res, 200, { thread });
    }
    if (p === '/api/sources') {
      const quarantine = (await store.listQuarantine()).map((q) => ({ ...q.location, reason: q.reason }));
      return json(res, 200, { sources: corpus.sources, quarantine });
    }
    if ((m = /^\/item\/([^/]+)\/raw$/.exec(p))) {
      const id = decodeURIComponent(m[1] as string);
      const raw = await store.getRaw(id);
      if (!raw) return apiError(res, 404, 'not-found', 'no such item');
      const headers: Record<string, string> = {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      };
      if (url.searchParams.get('download') === '1')
        headers['content-disposition'] = `attachment; filename="${id}.eml"`;
      return send(res, 200, raw, headers);
    }
    if (p.startsWith('/attachment/'))
      return apiError(res, 404, 'not-found', 'the fixture keeps no attachment bytes');
    if (p.startsWith('/api/')) return apiError(res, 404, 'not-found', 'no such route');

    // The UI: files under /assets/, index.html for every other path (client-side routes).
    const file = p.startsWith('/assets/') ? path.join(options.distDir, path.normalize(p)) : null;
    if (file && file.startsWith(path.join(options.distDir, 'assets'))) {
      try {
        const body = await readFile(file);
        return send(res, 200, body, {
          'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
        });
      } catch {
        return send(res, 404, 'not found');
      }
    }
    return send(res, 200, await readFile(path.join(options.distDir, 'index.html')), {
      'content-type': MIME['.html'] as string,
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) apiError(res, 500, 'internal', 'fixture server failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    corpus,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
