import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startPgCluster } from '../store/pg-cluster.js';
import { writePstWithBadRows } from '../sources/outlook/pst-bad-rows.js';

/**
 * "The counts always add up", in the database too: every input the ingest report counts as
 * quarantined is a quarantine entry with its reason, in both store dialects. A PST whose table
 * named node 0 in 60 rows gave 60 in the report and one entry (`…#0`): the store keeps one
 * entry per location, and the reader gave them all the same one.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-pst-quarantine-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const pst = path.join(dir, 'bad-rows.pst');
writePstWithBadRows(pst);

async function check(store: Store): Promise<void> {
  try {
    const report = await ingest([pst], store, { workers: 0 });
    assert.deepEqual(
      {
        read: report.read,
        stored: report.stored,
        duplicates: report.duplicates,
        quarantined: report.quarantined,
      },
      { read: 6, stored: 2, duplicates: 0, quarantined: 4 },
    );
    assert.equal((await store.stats()).quarantined, report.quarantined);
    const kept = await store.listQuarantine();
    assert.deepEqual(
      kept.map((q) => q.location.member?.replace(/^.*\//, '')),
      ['Inbox#row 1', 'Inbox#row 3', 'Inbox#2147483620', 'Inbox#row 5'],
    );
    assert.ok(
      kept.every((q) => q.reason.startsWith(`${pst}: folder "Top of Personal Folders/Inbox", item `)),
    );

    // Run again (as after an interruption): nothing is added, the counts still agree.
    const again = await ingest([pst], store, { workers: 0 });
    assert.equal(again.quarantined, 4);
    assert.equal((await store.stats()).quarantined, 4);
  } finally {
    await store.close();
  }
}

describe('Ingest - a PST with unreadable rows: the stored quarantine matches the report', () => {
  test('SQLite', async () => {
    await check(await openStore(path.join(dir, 'case.db')));
  });

  test('PostgreSQL', async (t) => {
    const started = await startPgCluster();
    if ('skip' in started) {
      t.skip(started.skip);
      return;
    }
    try {
      await check(await openStore(await started.cluster.createDatabase()));
    } finally {
      started.cluster.stop();
    }
  });
});
