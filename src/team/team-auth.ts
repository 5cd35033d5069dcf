/**
 * Team mode's authentication for the Fastify app (docs/team.md): password login into a session
 * kept in PostgreSQL (no server process keeps any state, so any number of them can answer), an
 * HttpOnly SameSite=Strict cookie, a CSRF token for every state-changing request made with it,
 * API tokens for scripts, and the admin routes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import '../api/fastify-config.js';
import { readBearer, readCookie, tokenMatches } from '../api/access-token.js';
import { API_VERSION, sendError } from '../api/api-error.js';
import { schemaArrayOf, schemaObject, versioned } from '../api/api-schemas.js';
import { requireJson } from '../api/require-json.js';
import { MAX_PASSWORD_CHARS } from './team-names.js';
import { registerTeamAdminRoutes } from './team-admin-routes.js';
import type { TeamStore } from './team-store.js';
import type { AuditAction, CollectionAccess, TeamUser } from './team-types.js';
import { verifyAgainstDummy } from './passwords.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who made the request (set by registerTeamAuth's onRequest hook); null only on routes
     * that need nobody (the UI shell, its assets, the login itself) and for unknown URLs.
     */
    teamUser: TeamUser | null;
  }
  interface FastifyContextConfig {
    /** Answered without a team session or token: only POST /api/login. */
    anonymous?: boolean;
  }
}

export interface TeamAuthOptions {
  /**
   * Mark the session cookie `Secure` (the browser sends it over https only) and name it
   * `__Host-innsyn_session` (which browsers accept only from https, for the whole host, from
   * no subdomain). Set it when users reach the server over https, directly or through a
   * proxy (`--secure-cookies`). A request that arrives as https (request.protocol, which
   * honours X-Forwarded-Proto when Fastify trusts the proxy) gets Secure in any case.
   */
  secureCookies?: boolean;
}

/** Methods that change nothing (RFC 9110 §9.2.1): no CSRF token needed. Every other one needs it. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';
/** The session cookie's name without Secure, and with it (the __Host- prefix, RFC 6265bis §4.1.3.2). */
export const SESSION_COOKIE = 'innsyn_session';
export const SECURE_SESSION_COOKIE = '__Host-innsyn_session';

/** The answer of POST /api/login and GET /api/me. */
export interface MeDocument {
  version: typeof API_VERSION;
  user: { name: string; admin: boolean };
  via: 'session' | 'token';
  collections: Array<{ name: string; role: CollectionAccess['role'] }>;
  /** Send it as X-CSRF-Token with every POST, PUT, PATCH and DELETE; null for an API token (needs none). */
  csrfToken: string | null;
}

const meSchema = versioned({
  user: schemaObject({ name: { type: 'string' }, admin: { type: 'boolean' } }),
  via: { type: 'string', enum: ['session', 'token'] },
  collections: schemaArrayOf(
    schemaObject({ name: { type: 'string' }, role: { type: 'string', enum: ['reader', 'editor', 'admin'] } }),
  ),
  csrfToken: { type: ['string', 'null'] },
});

/**
 * Adds team authentication to `app`: an onRequest hook that lets through only requests with a
 * valid session cookie or `Authorization: Bearer <API token>` (routes declared `public` or
 * `anonymous`, and URLs that match no route, excepted), sets `request.teamUser`, and refuses a
 * state-changing request made with a cookie session whose `X-CSRF-Token` header does not match
 * the session's token; and the routes POST /api/login, POST /api/logout, GET /api/me and the
 * admin routes (team-admin-routes.ts). Register it before the routes it protects; the Host and
 * Sec-Fetch-Site checks (api/request-guards.ts) stay in front of it.
 */
export async function registerTeamAuth(
  app: FastifyInstance,
  team: TeamStore,
  options: TeamAuthOptions = {},
): Promise<void> {
  const cookieName = options.secureCookies ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  app.decorateRequest('teamUser', null);
  // The first login for an unknown name must not pay for making the dummy hash (that would show).
  await verifyAgainstDummy('', team.passwordParams);

  app.addHook('onRequest', async (request, reply) => {
    request.teamUser = null;
    const config = request.routeOptions.config;
    if (request.is404 || config.public === true || config.anonymous === true) return;
    // A token is looked at whenever the header is there, and the cookie then not at all: a
    // script's request is judged by its token alone.
    if (request.headers.authorization !== undefined) {
      const token = readBearer(request.headers.authorization);
      const user = token === null ? null : await team.tokenUser(token);
      if (user === null) {
        await sendError(
          reply,
          401,
          'unauthorized',
          'this API token is not valid (mistyped, revoked, or its user was disabled or removed): ask an admin for a new one',
        );
        return;
      }
      request.teamUser = user;
      return;
    }
    const sessionId = readCookie(request.headers.cookie, cookieName);
    const user = sessionId === null ? null : await team.sessionUser(sessionId);
    if (user === null) {
      await sendError(reply, 401, 'unauthorized', 'not logged in, or the session has ended: log in again');
      return;
    }
    if (!SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (typeof given !== 'string' || user.csrfToken === null || !tokenMatches(given, user.csrfToken)) {
        await sendError(
          reply,
          403,
          'forbidden',
          'missing or wrong X-CSRF-Token header: send the csrfToken of GET /api/me with every change',
        );
        return;
      }
    }
    request.teamUser = user;
  });

  app.post<{ Body: { name: string; password: string } }>(
    '/api/login',
    {
      config: {
        anonymous: true,
        openapi: {
          summary:
            'Log in with a user name and password: sets the session cookie; 401 for a wrong name or password, 429 (Retry-After) after too many failures.',
        },
      },
      // JSON only: an HTML form on another site cannot send it (no login CSRF).
      preValidation: requireJson,
      schema: {
        body: schemaObject({
          name: { type: 'string', minLength: 1, maxLength: 200 },
          password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_CHARS * 4 },
        }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const result = await team.login(request.body.name, request.body.password, request.ip);
      reply.header('cache-control', 'no-store');
      if (!result.ok) {
        if (result.reason === 'rate-limited') {
          const seconds = result.retryAfterSeconds ?? 60;
          reply.header('retry-after', String(seconds));
          return sendTeamError(
            reply,
            429,
            'rate-limited',
            `too many failed logins for this name or from this address: try again in ${waitText(seconds)}`,
          );
        }
        return sendError(reply, 401, 'unauthorized', 'wrong user name or password');
      }
      reply.header('set-cookie', sessionCookie(cookieName, result.session.id, secure(request, options)));
      return meDocument(team, result.user);
    },
  );

  app.post(
    '/api/logout',
    { config: { openapi: { summary: 'End this browser session (and clear its cookie).' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (request.teamUser?.via !== 'session') {
        return sendError(
          reply,
          400,
          'bad-request',
          'an API token is not a session: revoke it with innsyn users revoke-token',
        );
      }
      const sessionId = readCookie(request.headers.cookie, cookieName) as string;
      await team.endSession(sessionId, request.ip);
      reply.header('set-cookie', clearedCookie(cookieName, secure(request, options)));
      return { version: API_VERSION, loggedOut: true };
    },
  );

  app.get(
    '/api/me',
    {
      config: {
        openapi: {
          summary: 'Who is logged in, the collections they may open with their role, and the CSRF token.',
        },
      },
      schema: { response: { 200: meSchema } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return meDocument(team, request.teamUser as TeamUser);
    },
  );

  registerTeamAdminRoutes(app, team);
}

async function meDocument(team: TeamStore, user: TeamUser): Promise<MeDocument> {
  const collections = await team.visibleCollections(user);
  return {
    version: API_VERSION,
    user: { name: user.name, admin: user.admin },
    via: user.via,
    collections: collections.map((c) => ({ name: c.name, role: c.role })),
    csrfToken: user.csrfToken,
  };
}

function secure(request: FastifyRequest, options: TeamAuthOptions): boolean {
  return options.secureCookies === true || request.protocol === 'https';
}

/**
 * HttpOnly: no script reads it (an XSS cannot carry the session away). SameSite=Strict: no
 * request another site makes carries it. Path=/: the whole app. No Max-Age: it ends with the
 * browser, and the server ends the session itself after SESSION_TTL_MS or SESSION_IDLE_MS.
 */
export function sessionCookie(name: string, id: string, secureCookie: boolean): string {
  return `${name}=${id}; Path=/; HttpOnly; SameSite=Strict${secureCookie ? '; Secure' : ''}`;
}

function clearedCookie(name: string, secureCookie: boolean): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secureCookie ? '; Secure' : ''}`;
}

function waitText(seconds: number): string {
  return seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
}

/**
 * An error document with a code the shared ApiErrorCode union does not have yet
 * ('rate-limited', 429), in the same shape as api-error.ts sends.
 */
export function sendTeamError(
  reply: FastifyReply,
  status: number,
  code: 'rate-limited',
  message: string,
): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(JSON.stringify({ version: API_VERSION, error: { code, message } }));
}

/**
 * Records what the request's user did, from the request's address: for the routes that search,
 * open items and export. Awaited before the answer goes out, and a failure fails the request
 * (a 500): an action the audit log cannot record is not done (docs/team.md "Audit log").
 */
export async function auditRequest(
  team: TeamStore,
  request: FastifyRequest,
  action: AuditAction,
  collection: string | null,
  detail: Record<string, unknown>,
): Promise<void> {
  await team.audit(request.teamUser, action, collection, detail, request.ip);
}
