import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieName, readBearer, readCookie, tokenMatches } from './access-token.js';
import { sendError } from './api-error.js';
import { setSecurityHeaders } from './security-headers.js';

export interface GuardOptions {
  token: string;
  /** The port the server listens on; read when the first request comes (0 = ask the socket). */
  port: () => number;
  /** The --host given, besides the loopback names. */
  host: string;
  /**
   * Team mode: the front app (team-server.ts) authenticates every request with the user's
   * session or API token before it gets here; steps 4 and 5 (the token) are skipped.
   */
  authenticatedInFront?: boolean;
}

/**
 * `Sec-Fetch-Site` values that may reach the server: the app itself, and the reporter typing or
 * pasting the URL. A request without the header is not from a browser that sends it (curl, the
 * tests, old browsers) and relies on the token alone.
 */
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

/**
 * The checks every request passes, in order, before any route runs:
 * 1. security headers, so even a refusal carries them;
 * 2. Host: only the server's own names, else 421. A DNS-rebinding page (evil.example resolving to
 *    127.0.0.1) sends `Host: evil.example` and is refused before it can read anything;
 * 3. Sec-Fetch-Site: a request another site (or another port of localhost: same-site) made the
 *    browser send is refused with 403, GETs too (an <img> or <script> of /api/... from a hostile
 *    page, or of an attachment). SameSite=Strict already keeps the cookie off cross-site
 *    requests; this also stops same-site ones, which carry it;
 * 4. `?token=`: a right one sets the cookie and redirects to the same URL without it (so the
 *    secret leaves the address bar and history); a wrong one is 401;
 * 5. the token, from the cookie or `Authorization: Bearer`, on every route not declared
 *    `config: { public: true }` (only the UI shell and its assets are). Decided by the route
 *    that matched, never by matching the URL text: `/%61pi/search` or `//api/search` cannot slip
 *    past a prefix test. A URL that matches no route reaches the not-found handler, which
 *    serves no case data.
 */
export function requestGuard(options: GuardOptions) {
  const cookie = cookieName(options.token);
  let hosts: Set<string> | null = null;
  const allowedHosts = (): Set<string> => {
    if (hosts) return hosts;
    const port = options.port();
    const names = ['127.0.0.1', 'localhost', '[::1]', bracketed(options.host.toLowerCase())];
    hosts = new Set(names.map((n) => `${n}:${port}`));
    return hosts;
  };
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    setSecurityHeaders(reply);
    const host = (request.headers.host ?? '').toLowerCase();
    if (!allowedHosts().has(host)) {
      await sendError(
        reply,
        421,
        'misdirected',
        `this server answers only to ${[...allowedHosts()].join(', ')}: open the URL that innsyn serve printed`,
      );
      return;
    }
    const site = request.headers['sec-fetch-site'];
    // A permalink followed from another site or app (a chat, a notes tool) is a top-level
    // navigation to the UI shell, which holds no case data; the shell's own data requests are
    // same-origin and carry the cookie. Everything else from another site is refused.
    const shellNavigation =
      request.routeOptions.config.public === true && request.headers['sec-fetch-mode'] === 'navigate';
    if (typeof site === 'string' && !ALLOWED_FETCH_SITES.has(site) && !shellNavigation) {
      await sendError(reply, 403, 'forbidden', 'requests from other sites are refused');
      return;
    }
    if (options.authenticatedInFront === true) return;
    // Parsed by hand, not `new URL(request.url, base)`: that reads `//evil.example/x` as a host.
    const q = request.url.indexOf('?');
    const pathname = q < 0 ? request.url : request.url.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : request.url.slice(q + 1));
    const given = params.get('token');
    if (given !== null) {
      if (!tokenMatches(given, options.token)) {
        await sendError(
          reply,
          401,
          'unauthorized',
          'the token in this URL is wrong: open the URL that innsyn serve printed',
        );
        return;
      }
      params.delete('token');
      const search = params.toString();
      // One leading slash: `//evil.example/` or `/\\evil.example/` (which browsers read as
      // `//`) must not redirect to another host.
      const target = `/${pathname.replace(/^[/\\]+/, '')}${search === '' ? '' : `?${search}`}`;
      // HttpOnly: no script can read it; SameSite=Strict: no other site's request carries it.
      // No Max-Age: it ends with the browser session. No Secure: the server speaks plain HTTP on loopback.
      reply.header('set-cookie', `${cookie}=${options.token}; Path=/; HttpOnly; SameSite=Strict`);
      await reply.code(303).header('location', target).header('cache-control', 'no-store').send();
      return;
    }
    if (request.is404 || request.routeOptions.config.public === true) return;
    const presented = readCookie(request.headers.cookie, cookie) ?? readBearer(request.headers.authorization);
    if (presented === null || !tokenMatches(presented, options.token)) {
      await sendError(
        reply,
        401,
        'unauthorized',
        'no valid token: open the URL with ?token= that innsyn serve printed, or send Authorization: Bearer',
      );
    }
  };
}

/** An IPv6 literal as it appears in a Host header. */
function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
