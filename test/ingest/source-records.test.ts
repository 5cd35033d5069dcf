import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/** What the store records of each ingested path (the Sources page). */
void describe('Ingest - source records', () => {
  let dir: string;
  let store: Store;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-sources-'));
    store = await openStore(path.join(dir, 'case.db'));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a folder input is recorded with the size of its files, not of the folder itself', async () => {
    const folder = path.join(dir, 'folder');
    mkdirSync(path.join(folder, 'sub'), { recursive: true });
    writeFileSync(path.join(folder, 'one.eml'), 'From: a@x.no\nSubject: one\n\nen\n');
    writeFileSync(path.join(folder, 'sub', 'two.eml'), 'From: b@x.no\nSubject: two\n\nto\n');
    await ingest([folder], store, { workers: 0 });
    const source = await store.getSource(folder);
    assert.equal(
      source?.size,
      statSync(path.join(folder, 'one.eml')).size + statSync(path.join(folder, 'sub', 'two.eml')).size,
    );
    assert.equal(source?.state, 'complete');
  });

  test('a list of posts larger than Node reads at once fails with what to do, and the rest goes on', async () => {
    const big = path.join(dir, 'posts.csv');
    // Rows past the 64 KiB its kind is told from, then a hole: nothing more of it is written.
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},2020-01-01T00:00:00Z,hello ${i}\n`);
    writeFileSync(big, `id,created_at,text\n${rows.join('')}`);
    truncateSync(big, 2 ** 31 + 4096);
    const small = path.join(dir, 'small.eml');
    writeFileSync(small, 'From: a@x.no\nSubject: small\n\nliten\n');
    const report = await ingest([big, small], store, { workers: 0 });
    const [failed, ok] = report.inputs;
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.error ?? '', /posts\.csv.*2 GiB.*split it into parts/);
    assert.equal(ok?.status, 'ok');
    assert.equal(ok?.stored, 1);
  });
});
