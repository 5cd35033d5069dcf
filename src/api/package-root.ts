import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders walked up from this file to find package.json (src/api or dist/api is two). */
const MAX_LEVELS_UP = 4;

/**
 * The folder that holds innsyn's package.json, found from this module's own location, so that
 * it is the same whether the code runs compiled (dist/api/) or from source under tsx (src/api/),
 * and whatever the current directory is.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i <= MAX_LEVELS_UP; i++) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** The built web UI: web/dist under the package root. */
export function defaultUiDir(): string {
  return path.join(packageRoot(), 'web', 'dist');
}
