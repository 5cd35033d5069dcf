import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build` puts a file it compiles from native/ (native/build.mjs): dist/native/,
 * two levels above src/model and dist/model alike. It may be missing: the parts are optional.
 */
export function nativeFile(name: string): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'native', name);
}
