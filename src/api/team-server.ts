/**
 * `innsyn serve --team` (docs/team.md "Serving a team"): a front app that authenticates every
 * request (src/team: session cookie with CSRF token, or an API token) and hands each request
 * for a collection's data, untouched, to that collection's own innsyn app (build-app.ts). Each
 * collection app holds only its own store, caches and echo sets, so no route has to filter by
 * collection: isolation holds by construction. The front itself answers the login, the admin
 * routes, the list of collections, the search across collections and the UI shell.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_QUERY_LENGTH, parseQuery } from '../query/index.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import {
  accessOf,
  allows,
  auditRequest,
  exportAuditHook,
  registerTeamAuth,
  type TeamStore,
  type TeamUser,
} from '../team/index.js';
import './fastify-config.js';
import { newAccessToken } from './access-token.js';
import type { ApiContext } from './api-context.js';
import { API_VERSION, handleError, sendError } from './api-error.js';
import { buildApp, DEFAULT_CACHE_CHARS, type InnsynApp } from './build-app.js';
import type { ExportHook } from './export-audit.js';
import { defaultUiDir } from './package-root.js';
import { requestGuard } from './request-guards.js';
import { registerUiRoutes } from './routes/ui-routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A front route whose requests belong to one collection's app (team-server.ts). */
    collectionRoute?: boolean;
  }
}

/** The header naming the collection a request is for; navigations (downloads) use `?c=`. */
export const COLLECTION_HEADER = 'x-innsyn-collection';
export const COLLECTION_PARAM = 'c';
/** On every answer of the front app: the UI reads it from a HEAD of the shell. */
export const MODE_HEADER = 'x-innsyn-mode';
/** Hits of a search across collections at most (the newest of all). */
export const MAX_SEARCH_ALL_LIMIT = 200;
/** The same limits as build-app.ts: the front sees the same requests first. */
const MAX_PARAM_LENGTH = 300;
const BODY_LIMIT_BYTES = 8 * 1024;
const REQUEST_TIMEOUT_MS = 60_000;
/** A collection name as the registry allows it (team-names.ts); anything else is no collection. */
const COLLECTION_NAME = /^[a-z0-9_]{1,40}$/;
/** Every method a collection route may have; HEAD comes with GET. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface TeamAppOptions {
  /** The PostgreSQL database (postgres://…) holding the team tables and every collection. */
  db: string;
  /** A streaming replica to read the collections from (--db-read). */
  dbRead?: string;
  team: TeamStore;
  /** The port clients reach the server on, for the Host check (read when the first request comes). */
  port: () => number;
  /** The --host given; allowed in the Host header besides the loopback names. */
  host: string;
  /** --secure-cookies (team-auth.ts). */
  secureCookies?: boolean;
  /** --trust-proxy: read the client's address from X-Forwarded-For (Fastify's trustProxy). */
  trustProxy?: boolean;
  uiDir?: string;
  log?: (line: string) => void;
  /** Characters of search answers kept per collection; 0 turns the caches off. */
  cacheChars?: number;
  /** Opens a collection's store (tests); openStore(db, {collection, dbRead}) by default. */
  openCollection?: (name: string) => Promise<Store>;
}

export interface TeamApp {
  app: FastifyInstance;
  /** The app of one collection, built on first use (exists: the caller has checked). */
  collectionApp(name: string): Promise<InnsynApp>;
}

interface Dispatched {
  user: TeamUser;
  ip: string;
}

/** Builds the front app (not yet listening). Closing it closes every collection app and store it opened. */
export async function buildTeamApp(options: TeamAppOptions): Promise<TeamApp> {
  const { team } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const uiDir = options.uiDir ?? defaultUiDir();
  const app = Fastify({
    logger: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    requestTimeout: REQUEST_TIMEOUT_MS,
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    trustProxy: options.trustProxy === true,
  });
  app.setErrorHandler(handleError(log));
  // Tells the UI it is served by a team server (web/src/team/use-team.ts): the shell is the same.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header(MODE_HEADER, 'team');
  });
  // Security headers, Host and Sec-Fetch-Site as in local mode; the token's place is taken by
  // the team session (registerTeamAuth), whose hook comes next.
  app.addHook(
    'onRequest',
    requestGuard({
      token: newAccessToken(),
      port: options.port,
      host: options.host,
      authenticatedInFront: true,
    }),
  );
  await registerTeamAuth(app, team, { secureCookies: options.secureCookies === true });

  // ---- the collection apps ----------------------------------------------------------------
  const opened = new Map<string, Promise<{ built: InnsynApp; store: Store }>>();
  /** The user and address of each request handed to a collection app (its export audit needs them). */
  const dispatched = new WeakMap<IncomingMessage, Dispatched>();
  const openCollection =
    options.openCollection ??
    ((name: string) =>
      openStore(options.db, {
        collection: name,
        ...(options.dbRead === undefined ? {} : { dbRead: options.dbRead }),
      }));

  const open = (name: string): Promise<{ built: InnsynApp; store: Store }> => {
    let entry = opened.get(name);
    if (entry === undefined) {
      entry = (async () => {
        const store = await openCollection(name);
        try {
          const audit = exportAuditHook(team, () => name);
          const onExport: ExportHook = async (event, request) => {
            const who = dispatched.get(request.raw);
            // The front's view of the request: its user, and its client address (trustProxy).
            const seen = Object.create(request, {
              teamUser: { value: who?.user ?? null },
              ip: { value: who?.ip ?? request.ip },
            }) as FastifyRequest;
            await audit(event, seen);
          };
          const built = await buildApp({
            store,
            token: newAccessToken(),
            authenticatedInFront: true,
            port: options.port(),
            host: options.host,
            uiDir,
            log,
            cacheChars: options.cacheChars ?? DEFAULT_CACHE_CHARS,
            onExport,
            authorOf: (request) => dispatched.get(request.raw)?.user.name ?? null,
          });
          return { built, store };
        } catch (e) {
          await store.close();
          throw e;
        }
      })();
      opened.set(name, entry);
      // A collection that failed to open is tried again by the next request.
      entry.catch(() => opened.delete(name));
    }
    return entry;
  };
  const exists = async (name: string): Promise<boolean> =>
    opened.has(name) || (await team.getCollection(name)) !== null;

  app.addHook('onClose', async () => {
    const all = [...opened.values()];
    opened.clear();
    for (const entry of all) {
      const settled = await entry.catch(() => null);
      if (settled === null) continue;
      await settled.built.app.close();
      await settled.store.close();
    }
  });

  /**
   * What a user may not see gets the same 404 as what does not exist: a reader of one
   * collection cannot learn the names of others by trying them.
   */
  const noCollection = (reply: FastifyReply, name: string) =>
    sendError(
      reply,
      404,
      'not-found',
      `no collection '${name.slice(0, 40)}' that you may open: see GET /api/collections`,
    );

  // The dispatcher: after the authentication hook (anonymous requests were answered 401 there,
  // a cookie request without its CSRF token 403), before the front parses any body.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.collectionRoute !== true) return;
    const user = request.teamUser;
    if (user === null) return sendError(reply, 401, 'unauthorized', 'not logged in');
    const name = collectionOf(request);
    if (name === null) {
      return sendError(
        reply,
        400,
        'bad-request',
        `name the collection: header X-Innsyn-Collection, or ?${COLLECTION_PARAM}= on a link`,
      );
    }
    const access = accessOf(user, name);
    if (!COLLECTION_NAME.test(name) || !allows(access, 'reader') || !(await exists(name))) {
      return noCollection(reply, name);
    }
    const safe = request.method === 'GET' || request.method === 'HEAD';
    if (!safe && !allows(access, 'editor')) {
      return sendError(
        reply,
        403,
        'forbidden',
        `you may read ${name} but not change it: an editor may (ask an admin)`,
      );
    }
    const audited = auditOf(request);
    if (audited !== null) await auditRequest(team, request, audited.action, name, audited.detail);
    const { built } = await open(name);
    dropCollectionParam(request.raw);
    dispatched.set(request.raw, { user, ip: request.ip });
    reply.hijack();
    built.app.routing(request.raw, reply.raw);
  });

  // Placeholders that make the collections' URLs routes of the front (so that they are
  // authenticated, not taken for unknown URLs); the dispatcher answers every request to them.
  // Every route of a collection app that is not the UI shell lies under one of these.
  const placeholder = async (request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, 404, 'not-found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
  for (const url of ['/api/*', '/item/:id/*', '/attachment/*']) {
    app.route({ method: [...METHODS], url, config: { collectionRoute: true }, handler: placeholder });
  }

  app.get(
    '/api/collections',
    { config: { openapi: { summary: 'The collections you may open, with your role in each.' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const list = await team.visibleCollections(request.teamUser as TeamUser);
      return { version: API_VERSION, collections: list.map((c) => ({ name: c.name, role: c.role })) };
    },
  );

  app.get<{ Querystring: { q: string; limit: number; collections?: string } }>(
    '/api/search-all',
    {
      config: {
        openapi: {
          summary:
            'Search every collection you may open (or those named), newest first; each hit names its collection.',
        },
      },
      schema: {
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: MAX_QUERY_LENGTH, default: '' },
            limit: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_ALL_LIMIT, default: 50 },
            collections: { type: 'string', maxLength: 4000 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const user = request.teamUser as TeamUser;
      const { q, limit } = request.query;
      const visible = (await team.visibleCollections(user)).map((c) => c.name);
      let names = visible;
      if (request.query.collections !== undefined && request.query.collections.trim() !== '') {
        names = [...new Set(request.query.collections.split(',').map((s) => s.trim()))].filter(
          (s) => s !== '',
        );
        const unknown = names.find((n) => !visible.includes(n));
        if (unknown !== undefined) return noCollection(reply, unknown);
      }
      // A bad query is a 400 (InnsynError 'bad-query') before anything is searched or recorded.
      const ast = parseQuery(q);
      for (const name of names)
        await auditRequest(team, request, 'search', name, { query: q, across: names });
      const results = await Promise.all(
        names.map(async (name) => {
          const { store } = await open(name);
          const r = await store.search(ast, { limit, offset: 0, sort: 'date' });
          return { name, total: r.total, items: r.items.map((item) => ({ ...item, collection: name })) };
        }),
      );
      const items = results
        .flatMap((r) => r.items)
        .sort((a, b) => newestFirst(a.sentAt, b.sentAt) || a.collection.localeCompare(b.collection))
        .slice(0, limit);
      reply.header('cache-control', 'no-store').type('application/json; charset=utf-8');
      return reply.send(
        JSON.stringify({
          version: API_VERSION,
          query: q,
          limit,
          total: results.reduce((n, r) => n + r.total, 0),
          collections: results.map((r) => ({ name: r.name, total: r.total })),
          items,
        }),
      );
    },
  );

  // The UI shell and its assets (no case data), and /admin and the other client-side routes.
  registerUiRoutes(app, { uiDir, log } as ApiContext);
  await app.ready();
  return { app, collectionApp: async (name) => (await open(name)).built };
}

export interface TeamServeOptions extends Omit<TeamAppOptions, 'port'> {
  /** 0 picks a free port. */
  port: number;
}

export interface RunningTeamServer extends TeamApp {
  /** The address to open: no token in team mode (users log in). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Builds the front app and listens; the team store stays the caller's to close. */
export async function startTeamServer(options: TeamServeOptions): Promise<RunningTeamServer> {
  let port = options.port;
  const built = await buildTeamApp({ ...options, port: () => port });
  await built.app.listen({ port: options.port, host: options.host });
  const address = built.app.server.address();
  if (typeof address === 'object' && address !== null) port = address.port;
  const url = `http://${isIP(options.host) === 6 ? `[${options.host}]` : options.host}:${port}/`;
  return { ...built, url, port, close: () => built.app.close() };
}

/** The collection a request is for: the header, else `?c=`; null when neither names one. */
function collectionOf(request: FastifyRequest): string | null {
  const header = request.headers[COLLECTION_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const q = request.url.indexOf('?');
  if (q < 0) return null;
  const value = new URLSearchParams(request.url.slice(q + 1)).get(COLLECTION_PARAM);
  return value === null || value === '' ? null : value;
}

/** Takes `?c=` out of the URL the collection app sees (its routes know no such parameter). */
function dropCollectionParam(raw: IncomingMessage): void {
  const url = raw.url ?? '/';
  const q = url.indexOf('?');
  if (q < 0) return;
  const params = new URLSearchParams(url.slice(q + 1));
  if (!params.has(COLLECTION_PARAM)) return;
  params.delete(COLLECTION_PARAM);
  const rest = params.toString();
  raw.url = `${url.slice(0, q)}${rest === '' ? '' : `?${rest}`}`;
}

type Audited = { action: 'search' | 'item-open'; detail: Record<string, unknown> } | null;

/**
 * The audit entry a collection request makes before it is answered (docs/team.md "Audit
 * log"): searches, and every way of opening an item or an attachment. Exports are recorded by
 * the export routes' hook when they end.
 */
function auditOf(request: FastifyRequest): Audited {
  if (request.method !== 'GET' && request.method !== 'POST') return null;
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : request.url.slice(q + 1));
  const segment = (s: string | undefined) => {
    try {
      return decodeURIComponent(s ?? '');
    } catch {
      return s ?? '';
    }
  };
  let m: RegExpExecArray | null;
  if (request.method === 'POST') {
    return path === '/api/batch-search' ? { action: 'search', detail: { batch: true } } : null;
  }
  if (path === '/api/search') return { action: 'search', detail: { query: params.get('q') ?? '' } };
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

function newestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}
