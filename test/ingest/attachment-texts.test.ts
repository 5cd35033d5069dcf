import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingest } from '../../src/ingest/index.js';
import type { IngestReport } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { docx, docxEntries, pdf, xlsx, zipOf } from '../extract/attachments/fixtures.js';
import { mailWith } from '../helpers/mail-with-attachments.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

void describe('Ingest - attachment texts', () => {
  let dir: string;
  let mbox: string;
  let store: Store;
  let report: IngestReport;
  let files: { pdf: Buffer; docx: Buffer; xlsx: Buffer; broken: Buffer; bomb: Buffer; healthy: Buffer };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-attachments-'));
    files = {
      pdf: pdf([{ lines: ['Rapport fra Oslo', 'Konfidensielt tilbud'] }]),
      docx: await docx(['Notat om Bergen-kontoret']),
      xlsx: await xlsx([{ name: 'Tall', rows: [['Trondheim', 1200]] }]),
      broken: Buffer.from(pdf([{ lines: ['Hei'] }]).subarray(0, 50)),
      // Declared sizes small enough to pass, 32 MB of spaces behind a ratio the limits refuse.
      bomb: await zipOf([
        ...docxEntries(['x']).slice(0, 2),
        ['word/document.xml', Buffer.alloc(32 * 1024 * 1024, 0x20)],
      ]),
      healthy: await docx(['Frisk fil']),
    };
    const pdfType = 'application/pdf';
    const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    mbox = path.join(dir, 'case.mbox');
    writeFileSync(
      mbox,
      [
        mailWith('Budsjett', 'The budget is attached.', [
          { name: 'rapport.pdf', type: pdfType, bytes: files.pdf },
          { name: 'notat.docx', type: docxType, bytes: files.docx },
          // Declared as anything: read as the workbook it is.
          { name: 'tall.dat', type: 'application/octet-stream', bytes: files.xlsx },
        ]),
        mailWith('No attachment', 'Nothing but words here.', []),
        mailWith('Hostile', 'Three files, two of them bad.', [
          { name: 'kuttet.pdf', type: pdfType, bytes: files.broken },
          { name: 'bombe.docx', type: docxType, bytes: files.bomb },
          { name: 'frisk.docx', type: docxType, bytes: files.healthy },
        ]),
        mailWith('Again', 'The same report once more.', [
          { name: 'kopi.pdf', type: pdfType, bytes: files.pdf },
        ]),
      ].join(''),
    );
    store = await openStore(path.join(dir, 'case.db'));
    report = await ingest([mbox], store, { workers: 0, extractWorkers: 2 });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ids = async (q: string): Promise<string[]> =>
    (await store.search(parseQuery(q), { limit: 50, offset: 0, sort: 'date-asc' })).items.map(
      (i) => i.subject ?? '',
    );

  void test('Ingest - the text of every attachment is searchable; AND across body and attachment', async () => {
    assert.equal(report.read, 4);
    assert.equal(report.stored, 4);
    assert.deepEqual(await ids('oslo'), ['Budsjett', 'Again']);
    assert.deepEqual(await ids('budget oslo'), ['Budsjett'], 'budget in the body, Oslo in the PDF');
    assert.deepEqual(await ids('bergen'), ['Budsjett'], 'DOCX');
    assert.deepEqual(await ids('trondheim'), ['Budsjett'], 'XLSX named .dat');
    assert.deepEqual(await ids('frisk'), ['Hostile'], 'the healthy file beside two hostile ones');
    assert.deepEqual(await ids('body:oslo'), []);
    assert.deepEqual(await ids('attachment:konfidensielt'), ['Budsjett', 'Again']);
    assert.deepEqual(await ids('type:spreadsheet'), ['Budsjett']);
    assert.deepEqual(await ids('type:pdf'), ['Budsjett', 'Hostile', 'Again']);
  });

  void test('Ingest - each file is read once, hostile ones are counted and listed, the counts add up', () => {
    const a = report.attachments;
    assert.ok(a);
    // pdf (twice, read once), docx, xlsx, broken pdf, bomb, healthy docx.
    assert.equal(a.files, 6);
    assert.equal(a.read, 6);
    assert.equal(a.known, 0);
    assert.equal(a.text, 4);
    assert.equal(a.failed, 2);
    assert.equal(a.read, a.text + a.empty + a.ocrNeeded + a.unsupported + a.failed);
    assert.equal(report.read, report.stored + report.duplicates + report.quarantined);
    const problems = a.problems.map(
      (p) => `${path.basename(p.where.split(' → ')[0] ?? '')} ${p.where.split(' → ')[1]} | ${p.reason}`,
    );
    assert.equal(problems.length, 2);
    assert.match(problems.find((p) => p.includes('bombe.docx')) ?? '', /extract-zip-bomb/);
    assert.match(problems.find((p) => p.includes('kuttet.pdf')) ?? '', /extract-failed/);
    assert.equal(report.inputs[0]?.status, 'ok', 'a bad attachment is not a bad message');
  });

  void test('Ingest - extraction results are stored once per sha256', async () => {
    const got = await store.getAttachmentTexts([sha(files.pdf), sha(files.bomb)], true);
    assert.equal(got.get(sha(files.pdf))?.status, 'text');
    assert.equal(got.get(sha(files.pdf))?.method, 'text');
    assert.match(got.get(sha(files.pdf))?.text ?? '', /Rapport fra Oslo/);
    assert.equal(got.get(sha(files.bomb))?.status, 'failed');
    assert.deepEqual(got.get(sha(files.bomb))?.flags, ['extract-zip-bomb']);
    const holders = await store.listAttachmentHolders(sha(files.pdf), 10);
    assert.deepEqual(
      holders.holders.map((h) => h.name),
      ['rapport.pdf', 'kopi.pdf'],
    );
  });

  void test('Ingest - a second run reads nothing again and adds nothing', async () => {
    const again = await ingest([mbox], store, { workers: 1, extractWorkers: 1 });
    assert.equal(again.duplicates, 4);
    assert.equal(again.attachments?.read, 0);
    assert.equal(again.attachments?.known, 6);
    assert.deepEqual(await ids('budget oslo'), ['Budsjett']);
  });

  void test('Ingest - a file stopped by the time or memory limit is read again by the next run; a broken one is not', async () => {
    const docxSha = sha(files.docx);
    const stored = (await store.getAttachmentTexts([docxSha], true)).get(docxSha);
    assert.ok(stored);
    // As if the machine had been too busy the first time: stopped by the time limit, no text.
    await store.writeBatch({
      items: [],
      quarantine: [],
      attachmentTexts: [
        {
          ...stored,
          status: 'failed',
          method: null,
          chars: 0,
          lang: null,
          text: null,
          flags: ['extract-timeout'],
        },
      ],
    });
    assert.deepEqual(await ids('bergen'), [], 'its holder is indexed without the text');
    const again = await ingest([mbox], store, { workers: 0, extractWorkers: 1 });
    assert.equal(
      again.attachments?.read,
      1,
      'only the stopped file is read again (not the bomb nor the cut PDF)',
    );
    const now = (await store.getAttachmentTexts([docxSha], true)).get(docxSha);
    assert.equal(now?.status, 'text');
    assert.deepEqual(now?.flags, []);
    assert.deepEqual(await ids('bergen'), ['Budsjett'], 'and its holder is found by it again');
  });
});
