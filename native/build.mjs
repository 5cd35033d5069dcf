// Builds innsyn's two optional native parts (part of `npm run build`, so of `npm install`) into
// dist/native/, or into the directory given as the argument (the tests):
// - malloc-trim.node (native/malloc-trim.c): hands freed memory back to the system between the
//   phases of a long ingest (src/model/release-memory.ts);
// - innsyn-rank.so (native/innsyn-rank.c): a SQLite extension that ranks like bm25 without its
//   per-row lookups (src/store/sqlite/sqlite-rank.ts).
// Where a C compiler, Node's C headers or SQLite's headers are missing, or the system is not
// Linux, this says so and innsyn works without the part: a long ingest then keeps more memory,
// a ranked search of many matches takes longer (README, Performance). It never fails the build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'dist', 'native');
const require = createRequire(import.meta.url);
const cc = process.env.CC || 'cc';

function skip(target, part, why, loss) {
  rmSync(target, { force: true });
  console.warn(
    `innsyn: the ${part} was not built: ${why}. innsyn works without it; ${loss} (README, Performance).`,
  );
}

function compile(target, args) {
  mkdirSync(path.dirname(target), { recursive: true });
  try {
    execFileSync(cc, ['-shared', '-fPIC', '-O2', '-Wall', '-o', target, ...args], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return null;
  } catch (e) {
    return `the C compiler (${cc}) failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

function nodeHeaders() {
  const candidates = [
    process.env.npm_config_nodedir && path.join(process.env.npm_config_nodedir, 'include', 'node'),
    path.resolve(path.dirname(process.execPath), '..', 'include', 'node'),
  ].filter(Boolean);
  return { found: candidates.find((d) => existsSync(path.join(d, 'node_api.h'))), candidates };
}

function buildMallocTrim() {
  const target = path.join(outDir, 'malloc-trim.node');
  const no = (why) => skip(target, 'malloc-trim helper', why, 'a long ingest then keeps more memory');
  if (process.platform !== 'linux')
    return no(`malloc_trim is glibc's, and this system is ${process.platform}`);
  const headers = nodeHeaders();
  if (!headers.found)
    return no(`Node's C headers (node_api.h) are not in ${headers.candidates.join(' or ')}`);
  const failed = compile(target, ['-I', headers.found, path.join(root, 'native', 'malloc-trim.c')]);
  if (failed) return no(failed);
  try {
    const helper = require(target);
    if (typeof helper.trim !== 'function') return no('the built module has no trim()');
    if (!helper.supported())
      console.warn(
        'innsyn: the malloc-trim helper is built, but this C library is not glibc: it will do nothing.',
      );
  } catch (e) {
    return no(`the built module does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The headers of the SQLite that better-sqlite3 compiles in: the extension must match it. */
function sqliteHeaders() {
  try {
    const dir = path.join(path.dirname(require.resolve('better-sqlite3/package.json')), 'deps', 'sqlite3');
    return existsSync(path.join(dir, 'sqlite3ext.h')) ? dir : null;
  } catch {
    return null;
  }
}

function buildRank() {
  const target = path.join(outDir, 'innsyn-rank.so');
  const no = (why) =>
    skip(target, 'ranking extension', why, 'ranked searches of many matches then take longer');
  if (process.platform !== 'linux')
    return no(`it is built for Linux only, and this system is ${process.platform}`);
  const headers = sqliteHeaders();
  if (!headers) return no("better-sqlite3's SQLite headers (deps/sqlite3/sqlite3ext.h) are not installed");
  const failed = compile(target, ['-I', headers, path.join(root, 'native', 'innsyn-rank.c'), '-lm']);
  if (failed) return no(failed);
  try {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    try {
      db.loadExtension(target, 'sqlite3_innsynrank_init');
      db.exec("CREATE VIRTUAL TABLE fts USING fts5(a); INSERT INTO fts VALUES ('one two'), ('two')");
      const [own, bm25] = db
        .prepare("SELECT innsyn_rank(fts), bm25(fts) FROM fts WHERE fts MATCH 'one'")
        .raw()
        .get();
      if (own !== bm25) return no(`the built extension scores ${own} where bm25 scores ${bm25}`);
    } finally {
      db.close();
    }
  } catch (e) {
    return no(`the built extension does not load: ${e instanceof Error ? e.message : String(e)}`);
  }
}

buildMallocTrim();
buildRank();
