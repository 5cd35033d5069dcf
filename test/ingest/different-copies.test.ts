import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingest, type IngestReport } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';

/**
 * Copies of one email (same headers and text, so one id) that carry other attachments: still
 * duplicates, every copy kept, but named in the report (src/ingest/different-copies.ts).
 */

const HEAD =
  'From: Kari <kari@example.no>\nTo: desk@example.no\nSubject: Kontrakten\n' +
  'Date: Tue, 7 Mar 2017 10:00:00 +0100\nMIME-Version: 1.0\n';

function mail(received: string, files: Array<[string, string]>): string {
  let out = `From kari@example.no Tue Mar  7 10:00:00 2017\n${received}${HEAD}`;
  out +=
    'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nKontrakten ligger ved.\n';
  for (const [name, text] of files) {
    out +=
      `--b\nContent-Type: application/octet-stream; name="${name}"\nContent-Disposition: attachment\n` +
      `Content-Transfer-Encoding: base64\n\n${Buffer.from(text).toString('base64')}\n`;
  }
  return `${out}--b--\n\n`;
}

void describe('Ingest - copies with other attachments', () => {
  let dir: string;
  let store: Store;
  let report: IngestReport;
  let first: string;
  let second: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-copies-'));
    const original = mail('', [['kontrakt.pdf', 'versjon 1']]);
    const altered = mail('Received: from a by b; Tue, 7 Mar 2017 10:00:05 +0100\n', [
      ['kontrakt.pdf', 'versjon 2'],
    ]);
    const relayed = mail('Received: from c by d; Tue, 7 Mar 2017 10:00:09 +0100\n', [
      ['kontrakt.pdf', 'versjon 1'],
    ]);
    first = path.join(dir, 'a.mbox');
    second = path.join(dir, 'b.mbox');
    // a.mbox: the original, a copy whose file was changed, a relayed copy with the same file.
    writeFileSync(first, original + altered + relayed);
    // b.mbox: the original's exact bytes again, in another mailbox.
    writeFileSync(second, original);
    store = await openStore(path.join(dir, 'case.db'));
    report = await ingest([first, second], store, { workers: 0 });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the copy with another file is named; the counts still add up', async () => {
    const [a, b] = report.inputs;
    assert.deepEqual([a?.read, a?.stored, a?.duplicates, a?.quarantined], [3, 1, 2, 0]);
    assert.equal(a?.differentCopies, 1);
    assert.equal(a?.copyNotes?.length, 1);
    const note = a?.copyNotes?.[0];
    const offset = (original: string) =>
      original.length + 'From kari@example.no Tue Mar  7 10:00:00 2017\n'.length;
    assert.equal(note?.where, `${first} @ byte ${offset(mail('', [['kontrakt.pdf', 'versjon 1']]))}`);
    assert.match(
      note?.reason ?? '',
      /same mail as item [0-9a-f]{32} .*1 file here \(1 not in the item\), 1 file in the item \(1 not here\)/,
    );
    // The same bytes in another mailbox, and the relayed copy with the same file: nothing to say.
    assert.deepEqual([b?.duplicates, b?.differentCopies, b?.copyNotes], [1, undefined, undefined]);
    const id = /item ([0-9a-f]{32})/.exec(note?.reason ?? '')?.[1] as string;
    assert.equal((await store.getLocations(id)).length, 4);
  });
});
