/**
 * `innsyn serve --team` (docs/team.md "Serving a team"): a front app that authenticates every
 * request (src/team: session cookie with CSRF token, or an API token) and hands each request
 * for a collection's data, untouched, to that collection's own innsyn app (build-app.ts). Each
 * collection app holds only its own store, caches and echo sets, so no route has to filter by
 * collection: isolation holds by construction. The front itself answers the login, the admin
 * routes, the list of collections, the search across collections and the UI shell.
 */
import { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { MAX_QUERY_LENGTH, parseQuery } from '../query/index.js';
import { MAX_BATCH_TERM_CHARS } from '../store/batch-search.js';
import type { Store } from '../store/index.js';
import { openStore } from '../store/index.js';
import {
  accessOf,
  allows,
  auditRequest,
  exportAuditHook,
  registerTeamAuth,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  type TeamStore,
  type TeamUser,
} from '../team/index.js';
import { IdleCache } from '../team/idle-cache.js';
import './fastify-config.js';
import { newAccessToken } from './access-token.js';
import type { ApiContext } from './api-context.js';
import { API_VERSION, handleError, sendError } from './api-error.js';
import { buildApp, DEFAULT_CACHE_CHARS, type InnsynApp } from './build-app.js';
import type { ExportHook } from './export-audit.js';
import { openApiDocument, type CollectedRoute } from './openapi-document.js';
import { defaultUiDir } from './package-root.js';
import { requestGuard } from './request-guards.js';
import { auditOf, canonicalUrl, pathOf } from './team-request-audit.js';
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
/**
 * The front's placeholders for the collections' URLs: every request to them goes to a
 * collection's app (routes of the front itself that match more closely excepted).
 */
const COLLECTION_URLS = ['/api/*', '/item/:id/*', '/attachment/*'] as const;
/**
 * A collection's app and pool unused this long is closed (--collection-idle): each holds
 * PostgreSQL connections (max_connections is shared by every server and ingest) and its
 * caches. The next request opens it again, which costs a few milliseconds.
 */
export const DEFAULT_COLLECTION_IDLE_MS = 15 * 60_000;
/** POST routes that only read (their input is too long for a URL): a reader may call them. */
const READING_POSTS: ReadonlySet<string> = new Set(['/api/batch-search']);
/** The batch route's own body limit (routes/saved-search-routes.ts): the front reads that much to audit it. */
const BATCH_BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/**
 * A batch search is recorded with its first terms, at most this many and this many characters
 * together (with its filter of at most MAX_QUERY_LENGTH, within MAX_AUDIT_DETAIL_CHARS), and
 * the number of terms sent: a list of 2,000 names must not fill the log.
 */
export const MAX_AUDIT_BATCH_TERMS = 100;
export const MAX_AUDIT_BATCH_CHARS = 16_000;

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
  /**
   * Close a collection's app and store after this many milliseconds without a request
   * (--collection-idle, in minutes); 0 keeps them open. DEFAULT_COLLECTION_IDLE_MS by default.
   */
  collectionIdleMs?: number;
}

export interface TeamApp {
  app: FastifyInstance;
  /** Every route the front app registered itself, as the OpenAPI document sees them. */
  routes: readonly CollectedRoute[];
  /** The app of one collection, built on first use (exists: the caller has checked). */
  collectionApp(name: string): Promise<InnsynApp>;
  /** The collections whose app is open (or opening) now. */
  openCollections(): string[];
}

interface Dispatched {
  user: TeamUser;
  ip: string;
}

interface Opened {
  built: InnsynApp;
  store: Store;
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
  // Every route of the front, for its OpenAPI document (registered before the first route).
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (r) => {
    routes.push({ method: r.method, url: r.url, schema: r.schema, config: r.config });
  });
  await registerTeamAuth(app, team, { secureCookies: options.secureCookies === true });

  // ---- the collection apps ----------------------------------------------------------------
  /** The user and address of each request handed to a collection app (its export audit needs them). */
  const dispatched = new WeakMap<IncomingMessage, Dispatched>();
  const openCollection =
    options.openCollection ??
    ((name: string) =>
      openStore(options.db, {
        collection: name,
        ...(options.dbRead === undefined ? {} : { dbRead: options.dbRead }),
      }));

  const build = async (name: string): Promise<Opened> => {
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
  };
  // Each request holds a lease of its collection's app until its answer is sent: an app and its
  // pool are closed only with no request under way (idle for collectionIdleMs, or removed).
  const collections = new IdleCache<Opened>({
    open: build,
    close: async ({ built, store }) => {
      try {
        await built.app.close();
      } finally {
        await store.close();
      }
    },
    idleMs: options.collectionIdleMs ?? DEFAULT_COLLECTION_IDLE_MS,
    log,
  });
  app.addHook('onClose', () => collections.closeAll());

  /**
   * Whether the collection is registered. A member's grant was read with this request and goes
   * with its collection (ON DELETE CASCADE); an admin's access names any collection, so the
   * registry is asked. A collection no longer there is dropped at once (closed when its last
   * request is answered), so that a removed collection holds no connection.
   */
  const exists = async (name: string, access: ReturnType<typeof accessOf>): Promise<boolean> => {
    if (access !== 'admin') return true;
    const there = (await team.getCollection(name)) !== null;
    if (!there) collections.drop(name);
    return there;
  };
  /**
   * A refused request: is the collection still registered? An app of one removed is dropped.
   * Asked whether or not an app of it is open (the same work either way), so the time of the
   * answer does not tell whether a collection of that name exists and was used lately.
   */
  const dropIfRemoved = async (name: string): Promise<void> => {
    if ((await team.getCollection(name)) === null) collections.drop(name);
  };

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
    if (!COLLECTION_NAME.test(name)) return noCollection(reply, name);
    const access = accessOf(user, name);
    if (!allows(access, 'reader')) {
      await dropIfRemoved(name);
      return noCollection(reply, name);
    }
    if (!(await exists(name, access))) return noCollection(reply, name);
    // The form of the URL the collection's app routes: the one checked, recorded and handed on.
    const url = canonicalUrl(request.url);
    if (url === null) return sendError(reply, 400, 'bad-request', 'the path is not valid percent-encoding');
    const safe =
      request.method === 'GET' ||
      request.method === 'HEAD' ||
      (request.method === 'POST' && READING_POSTS.has(pathOf(url)));
    if (!safe && !allows(access, 'editor')) {
      return sendError(
        reply,
        403,
        'forbidden',
        `you may read ${name} but not change it: an editor may (ask an admin)`,
      );
    }
    let raw = request.raw;
    raw.url = url;
    let audited = auditOf(request.method, url);
    if (request.method === 'POST' && pathOf(url) === '/api/batch-search') {
      // The terms are in the body: read it here (the collection app reads the same bytes again).
      const body = await readBody(raw, BATCH_BODY_LIMIT_BYTES);
      if (body === 'aborted') {
        // The client went away half-way: nobody to answer, nothing searched.
        reply.hijack();
        reply.raw.destroy();
        return;
      }
      if (body === null) {
        // The rest of the body is not read: the connection cannot carry another request.
        reply.header('connection', 'close');
        return sendError(reply, 413, 'bad-request', 'the request body is too large');
      }
      raw = replayRequest(raw, body);
      audited = { action: 'search', detail: batchAuditDetail(body) };
    }
    if (audited !== null) await auditRequest(team, request, audited.action, name, audited.detail);
    const lease = await collections.acquire(name);
    // 'close' comes when the answer has been sent, or the client went away: either way the
    // collection app is done with the request.
    reply.raw.once('close', lease.release);
    try {
      dropCollectionParam(raw);
      dispatched.set(raw, { user, ip: request.ip });
      reply.hijack();
      lease.value.built.app.routing(raw, reply.raw);
    } catch (e) {
      lease.release();
      throw e;
    }
  });

  // Placeholders that make the collections' URLs routes of the front (so that they are
  // authenticated, not taken for unknown URLs); the dispatcher answers every request to them.
  // Every route of a collection app that is not the UI shell lies under one of these.
  const placeholder = async (request: FastifyRequest, reply: FastifyReply) =>
    sendError(reply, 404, 'not-found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
  for (const url of COLLECTION_URLS) {
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
          const lease = await collections.acquire(name);
          try {
            const r = await lease.value.store.search(ast, { limit, offset: 0, sort: 'date' });
            return { name, total: r.total, items: r.items.map((item) => ({ ...item, collection: name })) };
          } finally {
            lease.release();
          }
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

  // The document of the front's own routes and of the collections' routes behind it
  // (openapi-document.ts, as in single-user mode). The collections' routes are the same for
  // every collection: they are read from an app built over no store, once.
  let openapi: string | null = null;
  app.get(
    '/api/openapi.json',
    {
      config: {
        openapi: {
          summary:
            "This document: the team server's routes, and each collection's (name it with X-Innsyn-Collection or ?c=).",
          responses: { 200: { description: 'OpenAPI 3.1', contentType: 'application/json' } },
        },
      },
    },
    async (_request, reply) => {
      openapi ??= JSON.stringify(
        teamOpenApiDocument(
          routes,
          await routesOfCollectionApp({ host: options.host, port: options.port(), uiDir, log }),
          options.secureCookies === true ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
        ),
      );
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-store').send(openapi);
    },
  );

  // The UI shell and its assets (no case data), and /admin and the other client-side routes.
  registerUiRoutes(app, { uiDir, log } as ApiContext);
  await app.ready();
  return {
    app,
    routes,
    collectionApp: async (name) => {
      // Leased and given back at once: the app stays open until it is idle like any other.
      const lease = await collections.acquire(name);
      lease.release();
      return lease.value.built;
    },
    openCollections: () => collections.keys(),
  };
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

/**
 * The whole body of a request, or null when it is longer than `limit` bytes (the collection's
 * route would refuse it the same way, 413), or 'aborted' when the client went away before the
 * end. Read before the request is handed on.
 */
async function readBody(raw: IncomingMessage, limit: number): Promise<Buffer | null | 'aborted'> {
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(null);
  // Events, not for-await: leaving a for-await early would destroy the request, and with it the
  // connection the 413 is to be answered on.
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | null | 'aborted') => {
      raw.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      raw.pause();
      done(null);
    };
    const onEnd = () => done(Buffer.concat(chunks));
    const onAbort = () => done('aborted');
    raw.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}

/**
 * A request the front has read the body of, for the collection's app to read again: the same
 * method, URL, headers and connection (its client address), with that body. A real
 * IncomingMessage, so Fastify treats it as any other.
 */
function replayRequest(raw: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(raw.socket);
  copy.method = raw.method;
  copy.url = raw.url ?? '/';
  copy.headers = raw.headers;
  copy.rawHeaders = raw.rawHeaders;
  copy.httpVersion = raw.httpVersion;
  copy.httpVersionMajor = raw.httpVersionMajor;
  copy.httpVersionMinor = raw.httpVersionMinor;
  copy.complete = true;
  if (body.length > 0) copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * What the audit log records of a batch search (docs/team.md "Audit log"): `{batch: true,
 * count, terms, filter?, exact?}`, `terms` the first MAX_AUDIT_BATCH_TERMS (within
 * MAX_AUDIT_BATCH_CHARS), `count` how many were sent. Read from the body as sent, before the
 * route has checked it: the route takes `terms` as an array of strings (a lone string or
 * number is coerced to one); a body it will refuse is recorded as `{batch: true, count: 0,
 * terms: [], unreadable: true}`.
 */
export function batchAuditDetail(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = null;
  }
  const given =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  if (given === null || given.terms === undefined || given.terms === null)
    return { batch: true, count: 0, terms: [], unreadable: true };
  const all = Array.isArray(given.terms) ? (given.terms as unknown[]) : [given.terms];
  const terms: string[] = [];
  let chars = 0;
  for (const t of all.slice(0, MAX_AUDIT_BATCH_TERMS)) {
    const term = (typeof t === 'string' ? t : (JSON.stringify(t) ?? '')).slice(0, MAX_BATCH_TERM_CHARS);
    if (chars + term.length > MAX_AUDIT_BATCH_CHARS) break;
    chars += term.length;
    terms.push(term);
  }
  return {
    batch: true,
    count: all.length,
    terms,
    ...(typeof given.filter === 'string' ? { filter: given.filter.slice(0, MAX_QUERY_LENGTH) } : {}),
    ...(typeof given.exact === 'boolean' ? { exact: given.exact } : {}),
  };
}

/**
 * The routes of a collection's app: the same for every collection, so read from one built over
 * a store that refuses every use (route registration uses none), then closed.
 */
async function routesOfCollectionApp(a: {
  host: string;
  port: number;
  uiDir: string;
  log: (line: string) => void;
}): Promise<readonly CollectedRoute[]> {
  const noStore = new Proxy({} as Store, {
    get(_target, key) {
      throw new Error(`the route list's app has no store (${String(key)})`);
    },
  });
  const built = await buildApp({
    store: noStore,
    token: newAccessToken(),
    authenticatedInFront: true,
    port: a.port,
    host: a.host,
    uiDir: a.uiDir,
    log: a.log,
    cacheChars: 0,
  });
  await built.app.close();
  return built.routes;
}

/** A collection route is reached through the front when it lies under a placeholder. */
function underCollectionUrl(url: string): boolean {
  return COLLECTION_URLS.some((u) => url.startsWith(u.slice(0, -1)));
}

/**
 * The OpenAPI document of a team server (openapi-document.ts): the front's routes (the login,
 * the session, the collections, the admin routes, the search across collections), and every
 * route of a collection's app that the front hands on (those the front answers itself, such as
 * the UI shell and this document, are the front's), with the collection as a parameter. Both
 * ways of authenticating: the session cookie (with X-CSRF-Token on every change) and an API
 * token.
 */
export function teamOpenApiDocument(
  front: readonly CollectedRoute[],
  collection: readonly CollectedRoute[],
  cookieName: string,
): Record<string, unknown> {
  const own = new Set(front.flatMap((r) => [r.method].flat().map((m) => `${m} ${r.url}`)));
  const handedOn = collection.flatMap((r) => {
    if (!underCollectionUrl(r.url)) return [];
    const methods = [r.method].flat().filter((m) => !own.has(`${m} ${r.url}`));
    return methods.length === 0 ? [] : [{ ...r, method: methods }];
  });
  const isCollectionRoute = new Set<CollectedRoute>(handedOn);
  const frontRoutes = front.map((r) => {
    const config = r.config as (CollectedRoute['config'] & { anonymous?: boolean }) | undefined;
    // The login needs no session (config.anonymous): no security, as the UI shell's routes.
    return config?.anonymous === true ? { ...r, config: { ...config, public: true } } : r;
  });
  const collectionParameters = [
    {
      name: 'X-Innsyn-Collection',
      in: 'header',
      required: false,
      description:
        'The collection the request is for (the UI sends it with every request); this or ?c= is required.',
      schema: { type: 'string', pattern: COLLECTION_NAME.source },
    },
    {
      name: COLLECTION_PARAM,
      in: 'query',
      required: false,
      description: 'The collection, on a link the browser follows by itself (downloads, the raw message).',
      schema: { type: 'string', pattern: COLLECTION_NAME.source },
    },
  ];
  return openApiDocument([...frontRoutes, ...handedOn], cookieName, {
    description:
      'The HTTP API of innsyn serve --team (docs/team.md, docs/api.md). Every JSON answer carries "version": 1. ' +
      'Log in with POST /api/login (a session cookie; send the csrfToken it answers as X-CSRF-Token with every ' +
      'POST, PUT, PATCH and DELETE), or send an API token (innsyn users token) as Authorization: Bearer. ' +
      "A collection's routes need the collection: the X-Innsyn-Collection header, or ?c= on a link.",
    csrfHeader: 'X-CSRF-Token',
    extraParameters: (route) => (isCollectionRoute.has(route) ? collectionParameters : []),
    errors: {
      401: 'Not logged in, the session has ended, or the API token is not valid',
      403: 'Not allowed: an admin route, a change by a reader, a missing or wrong X-CSRF-Token, or a request another site made the browser send',
      404: 'No such collection that you may open (the same answer for one that does not exist), or no such item or route',
    },
  });
}

function newestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? 1 : -1;
}
