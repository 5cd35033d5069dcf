import { createHash, randomBytes } from 'node:crypto';

/**
 * Session ids, CSRF tokens and API tokens: 32 random bytes each (256 bits; a guess per request
 * never succeeds). Sessions and API tokens are stored only as their sha256: a fast hash is
 * enough for a secret with 256 bits of entropy (there is no dictionary to try), and it lets the
 * server find the row by an index lookup instead of comparing against every row.
 */
const SECRET_BYTES = 32;

/** API tokens start with this, so that secret scanners and people can tell what leaked. */
export const API_TOKEN_PREFIX = 'innsyn_';

/** base64url of 32 bytes: 43 characters. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${newSecret()}`;
}

/** True for a string shaped like a session id or CSRF token (checked before any lookup). */
export function isSecret(s: string): boolean {
  return SECRET_PATTERN.test(s);
}

export function isApiToken(s: string): boolean {
  return s.startsWith(API_TOKEN_PREFIX) && SECRET_PATTERN.test(s.slice(API_TOKEN_PREFIX.length));
}

/** What is stored of a session id or API token. */
export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
