/**
 * The CSRF token of the team-mode session (docs/team.md "CSRF"), kept in memory only: the
 * server hands it out with the login and with GET /api/me, and every POST, PUT, PATCH and
 * DELETE made with the session cookie must send it back as `X-CSRF-Token`. Not in
 * localStorage or a cookie: it is worth nothing without the HttpOnly session cookie, and a page
 * reload asks /api/me again. In single-user mode there is none and nothing is added.
 */
let token: string | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
}

export function csrfToken(): string | null {
  return token;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The header to add to a request with `method`: `{'x-csrf-token': …}` for a change in team mode, else nothing. */
export function csrfHeaders(method = 'GET'): Record<string, string> {
  return token !== null && !SAFE.has(method.toUpperCase()) ? { 'x-csrf-token': token } : {};
}
