/**
 * The team-mode session routes (docs/team.md "HTTP routes"): log in, who am I, log out. Same
 * origin only; the session is an HttpOnly cookie the browser keeps, never seen here.
 */
import { ApiError } from '../api/api-client.js';
import type { ApiErrorCode } from '../api/api-types.js';
import { csrfHeaders, setCsrfToken } from './csrf-token.js';

export type TeamRole = 'reader' | 'editor' | 'admin';

export interface Me {
  version: 1;
  user: { name: string; admin: boolean };
  via: 'session' | 'token';
  collections: Array<{ name: string; role: TeamRole }>;
  csrfToken: string | null;
}

/** A login the server refused: wrong name or password, or too many tries (with the seconds to wait). */
export class LoginRefused extends Error {
  constructor(
    readonly reason: 'bad-credentials' | 'rate-limited',
    readonly retryAfterSeconds: number | null,
  ) {
    super(reason);
    this.name = 'LoginRefused';
  }
}

const INIT: RequestInit = { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' };

export async function send(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetch(path, { ...INIT, ...init, signal: signal ?? null });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError('network', String(err), 0);
  }
}

export async function failure(res: Response): Promise<ApiError> {
  let message = `HTTP ${res.status}`;
  // 403 (not an admin, or a CSRF refusal) has no code of its own in the UI's union: the status tells it apart.
  let code: ApiErrorCode =
    res.status === 401 || res.status === 403 ? 'unauthorized' : res.status === 404 ? 'not-found' : 'internal';
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (typeof body.error?.message === 'string') message = body.error.message;
    if (res.status === 400) code = 'bad-request';
  } catch {
    // Not JSON: the status says enough.
  }
  return new ApiError(code, message, res.status);
}

/** Logs in; the answer's CSRF token is kept for the requests that follow. */
export async function login(name: string, password: string): Promise<Me> {
  const res = await send('/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  if (res.status === 401) throw new LoginRefused('bad-credentials', null);
  if (res.status === 429) {
    const seconds = Number(res.headers.get('retry-after'));
    throw new LoginRefused('rate-limited', Number.isFinite(seconds) && seconds > 0 ? seconds : null);
  }
  if (!res.ok) throw await failure(res);
  const me = (await res.json()) as Me;
  setCsrfToken(me.csrfToken);
  return me;
}

/** Who is logged in, or null when nobody is (401). Keeps the CSRF token. */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  const res = await send('/api/me', { headers: { accept: 'application/json' } }, signal);
  if (res.status === 401) {
    setCsrfToken(null);
    return null;
  }
  if (!res.ok) throw await failure(res);
  const me = (await res.json()) as Me;
  setCsrfToken(me.csrfToken);
  return me;
}

/** Ends the session on the server; the cookie is cleared by the answer. */
export async function logout(): Promise<void> {
  const res = await send('/api/logout', { method: 'POST', headers: { ...csrfHeaders('POST') } });
  setCsrfToken(null);
  // 401: the session had ended already, which is what was wanted.
  if (!res.ok && res.status !== 401) throw await failure(res);
}
