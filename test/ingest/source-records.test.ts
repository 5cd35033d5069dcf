import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
});
