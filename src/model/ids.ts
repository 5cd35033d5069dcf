import { createHash } from 'node:crypto';

/** Lower-case hex sha256 of bytes or a string (UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A stable, content-derived id: the first 128 bits of sha256 over the parts, each
 * length-prefixed so that ("ab","c") and ("a","bc") differ. 32 lower-case hex characters.
 */
export function contentId(parts: ReadonlyArray<string>): string {
  const h = createHash('sha256');
  for (const p of parts) {
    h.update(`${p.length}:`);
    h.update(p);
    h.update('\n');
  }
  return h.digest('hex').slice(0, 32);
}

/** Item ids are 32 hex characters; a shorter hex prefix (from a user) is accepted where unique. */
export const ITEM_ID_PATTERN = /^[0-9a-f]{32}$/;
