import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Why `npm run build` (native/build.mjs) cannot build each optional native part on this machine,
 * or null where it must have built it: the tests of a part skip with this reason, and only then.
 */

/** The malloc-trim helper (native/malloc-trim.c): Linux with glibc and Node's C headers. */
export function mallocTrimMissing(): string | null {
  if (process.platform !== 'linux') return `malloc_trim is glibc's; this system is ${process.platform}`;
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  if (!header?.glibcVersionRuntime) return 'the C library is not glibc';
  const headers = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include', 'node'),
    path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
  ].filter((d): d is string => Boolean(d));
  if (!headers.some((d) => existsSync(path.join(d, 'node_api.h'))))
    return `Node's C headers are not in ${headers.join(' or ')}`;
  return null;
}

/** The ranking extension (native/innsyn-rank.c): Linux, a C compiler and better-sqlite3's SQLite headers. */
export function rankExtensionMissing(): string | null {
  if (process.platform !== 'linux') return `it is built for Linux only; this system is ${process.platform}`;
  if (spawnSync('cc', ['--version']).status !== 0) return 'no C compiler (cc)';
  const headers = path.join(
    path.dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
    'deps',
    'sqlite3',
    'sqlite3ext.h',
  );
  if (!existsSync(headers)) return `${headers} is not installed`;
  return null;
}
