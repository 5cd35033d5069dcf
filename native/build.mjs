// Builds native/malloc-trim.c into dist/native/malloc-trim.node (part of `npm run build`, so of
// `npm install`), or into the file given as its argument (the tests). The helper is optional:
// where Node's C headers or a C compiler are missing, or the system is not Linux, this says so
// and innsyn works without it (long ingests then keep more memory; src/model/release-memory.ts).
// It never fails the build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'native', 'malloc-trim.c');
const target = process.argv[2]
  ? path.resolve(process.argv[2])
  : path.join(root, 'dist', 'native', 'malloc-trim.node');

function skip(why) {
  rmSync(target, { force: true });
  console.warn(
    `innsyn: the malloc-trim helper was not built: ${why}. innsyn works without it; ` +
      'a long ingest then keeps more memory (README, Performance).',
  );
}

function headerDirectory() {
  const candidates = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include', 'node'),
    path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
  ].filter(Boolean);
  return { found: candidates.find((d) => existsSync(path.join(d, 'node_api.h'))), candidates };
}

function build() {
  if (process.platform !== 'linux')
    return skip(`malloc_trim is glibc's, and this system is ${process.platform}`);
  const headers = headerDirectory();
  if (!headers.found)
    return skip(`Node's C headers (node_api.h) are not in ${headers.candidates.join(' or ')}`);
  mkdirSync(path.dirname(target), { recursive: true });
  const cc = process.env.CC || 'cc';
  try {
    execFileSync(cc, ['-shared', '-fPIC', '-O2', '-Wall', '-I', headers.found, '-o', target, source], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } catch (e) {
    return skip(`the C compiler (${cc}) failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const helper = createRequire(import.meta.url)(target);
    if (typeof helper.trim !== 'function') return skip('the built module has no trim()');
    if (!helper.supported())
      console.warn(
        'innsyn: the malloc-trim helper is built, but this C library is not glibc: it will do nothing.',
      );
  } catch (e) {
    return skip(`the built module does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

build();
