import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { SqliteDatabase } from '../../src/store/sqlite/sqlite-driver.js';
import { mallocTrimMissing, rankExtensionMissing } from '../helpers/native-parts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = path.join(root, 'native', 'build.mjs');
const trimMissing = mallocTrimMissing();
const rankMissing = rankExtensionMissing();
for (const [part, why] of [
  ['malloc-trim helper', trimMissing],
  ['ranking extension', rankMissing],
] as const) {
  if (why) console.log(`# native build: the ${part} cannot be built here (${why}); its test skips`);
}

void describe('Native parts - building them (native/build.mjs)', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'innsyn-native-'));
  after(() => rmSync(out, { recursive: true, force: true }));
  // One build into a directory of its own, as `npm run build` does into dist/native.
  before(() => execFileSync(process.execPath, [build, out], { encoding: 'utf8', stdio: 'pipe' }));

  void it('builds a malloc-trim helper that loads', { skip: trimMissing ?? false }, () => {
    const helper = createRequire(import.meta.url)(path.join(out, 'malloc-trim.node')) as {
      trim(): boolean;
      supported(): boolean;
    };
    assert.equal(helper.supported(), true);
    assert.equal(typeof helper.trim(), 'boolean');
  });

  void it('builds a ranking extension that loads and scores as bm25', { skip: rankMissing ?? false }, () => {
    const db = new Database(':memory:');
    try {
      (db as unknown as SqliteDatabase).loadExtension(
        path.join(out, 'innsyn-rank.so'),
        'sqlite3_innsynrank_init',
      );
      db.exec("CREATE VIRTUAL TABLE fts USING fts5(a); INSERT INTO fts VALUES ('x y'), ('x')");
      const r = db.prepare("SELECT innsyn_rank(fts) = bm25(fts) FROM fts WHERE fts MATCH 'x'").pluck().all();
      assert.deepEqual(r, [1, 1]);
    } finally {
      db.close();
    }
  });

  void it('says why and leaves no part when the compiler fails, without failing the build', () => {
    const failed = mkdtempSync(path.join(tmpdir(), 'innsyn-native-'));
    try {
      const targets = ['malloc-trim.node', 'innsyn-rank.so'].map((f) => path.join(failed, f));
      for (const t of targets) writeFileSync(t, 'a stale build');
      const run = spawnSync(process.execPath, [build, failed], {
        encoding: 'utf8',
        env: { ...process.env, CC: 'false' },
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /malloc-trim helper was not built: .*innsyn works without it/);
      assert.match(run.stderr, /ranking extension was not built: .*innsyn works without it/);
      for (const t of targets) assert.equal(existsSync(t), false, `${t} removed`);
    } finally {
      rmSync(failed, { recursive: true, force: true });
    }
  });
});
