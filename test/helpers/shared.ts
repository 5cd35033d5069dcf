import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `../shared` beside the repository (CI lays a copy there), or INNSYN_SHARED when set. */
export const sharedDir = process.env.INNSYN_SHARED ?? path.resolve(repoRoot, '..', 'shared');

/**
 * The absolute path of `rel` under ../shared, or a skip reason when it is absent: tests pass it
 * to `{ skip }` so that a missing corpus is reported, never silently passed.
 */
export function sharedPath(rel: string): { path: string; skip: string | false } {
  const p = path.join(sharedDir, rel);
  return { path: p, skip: existsSync(p) ? false : `../shared/${rel} is absent on this machine` };
}
