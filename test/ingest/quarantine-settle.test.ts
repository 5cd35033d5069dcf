/**
 * An input ingested again (by a newer innsyn) to its end: the quarantine entries an older one left
 * for its files at places this read did not quarantine go; what is still unreadable stays, with
 * the reason given now; other files' entries are not touched. The counts of `stats` then agree
 * with the report.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ingest } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-settle-'));
after(() => rmSync(dir, { recursive: true, force: true }));

void test('Ingest - a second read settles the quarantine of the files it read, and only theirs', async () => {
  const mbox = path.join(dir, 'case.mbox');
  const good = 'From a@b Mon Jan  1 00:00:00 2001\nFrom: a@example.org\nSubject: fine\n\nhello\n\n';
  // Not mail: a block of binary after the separator line (quarantined by this innsyn too).
  const separator = 'From x@y Mon Jan  1 00:00:00 2001\n';
  const bad = `${separator}\u0000\u0001\u0002 not a header block\n\n`;
  // A message's place is after its separator line.
  const badAt = good.length + separator.length;
  writeFileSync(mbox, good + bad);
  const other = path.join(dir, 'other.eml');
  writeFileSync(other, 'From: c@example.org\nSubject: other\n\nbody\n');
  const store = await openStore(path.join(dir, 'case.db'));
  try {
    // What an older innsyn left: an entry at a place of case.mbox no reader of today quarantines,
    // one at the place of the bad message with an older reason, and one of a file not read now.
    const bytes = new Uint8Array([1, 2, 3]);
    const old = (p: string, offset: number, reason: string) => ({
      location: { path: p, member: null, offset, length: 3, sha256: '0'.repeat(64) },
      reason,
      bytes,
    });
    await store.writeBatch({
      items: [],
      quarantine: [
        old(mbox, 7, 'an older reader split here'),
        old(mbox, badAt, 'an older reason'),
        old(path.join(dir, 'gone.mbox'), 0, 'a file not read again'),
      ],
    });
    const report = await ingest([mbox, other], store, { workers: 0 });
    assert.equal(report.read, report.stored + report.duplicates + report.quarantined);
    assert.equal(report.quarantined, 1);
    const left = await store.listQuarantine();
    assert.deepEqual(left.map((q) => `${path.basename(q.location.path)}@${q.location.offset}`).sort(), [
      `case.mbox@${badAt}`,
      'gone.mbox@0',
    ]);
    const now = left.find((q) => q.location.path === mbox);
    assert.notEqual(now?.reason, 'an older reason', 'the reason given now');
    // Run again: nothing changes.
    await ingest([mbox, other], store, { workers: 0 });
    assert.equal((await store.stats()).quarantined, 2);
  } finally {
    await store.close();
  }
});
