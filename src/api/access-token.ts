import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes: a guess per request never succeeds in the lifetime of the universe. */
const TOKEN_BYTES = 32;
/** Cookie header bytes read at most; Node's own header limit (16 KiB) is the outer bound. */
const MAX_COOKIE_HEADER = 8192;

export function newAccessToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the length nor any
 * prefix of the secret shows in the timing (timingSafeEqual itself needs equal lengths).
 */
export function tokenMatches(given: string, secret: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(secret, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The cookie's name: `innsyn_token_` + 8 hex of the token's hash. Cookies are scoped by host,
 * not by port, so two `innsyn serve` on one laptop (two cases, ports 7070 and 7071) would
 * overwrite each other's `innsyn_token`; a name per server keeps both logged in. The 32 bits of
 * a hash tell nothing about a 256-bit secret.
 */
export function cookieName(secret: string): string {
  return `innsyn_token_${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 8)}`;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.slice(0, MAX_COOKIE_HEADER).split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The token of an `Authorization: Bearer T` header, or null. */
export function readBearer(header: string | undefined): string | null {
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header ?? '');
  return m ? (m[1] as string) : null;
}
