import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canvasSkip, drawLetter, LETTER, pdf } from '../extract/attachments/fixtures.js';
import { mailWith } from '../helpers/mail-with-attachments.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * Attachment texts through the built CLI: `ingest` reads them and reports them, `search` says
 * when a hit is inside an attachment, `show` lists what was read from each file, and an ingest
 * with `--ocr` reads a scanned letter that the first ingest could not, after which its words find
 * the message.
 */
void describe('CLI - attachment texts', () => {
  let dir = '';
  let db = '';
  let mbox = '';

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-cli-attachments-'));
    db = path.join(dir, 'case.db');
    mbox = path.join(dir, 'case.mbox');
    const scan = canvasSkip
      ? []
      : [{ name: 'brev.pdf', type: 'application/pdf', bytes: pdf([{ grey: drawLetter(LETTER).grey }]) }];
    writeFileSync(
      mbox,
      mailWith('Budsjett', 'The budget is attached.', [
        { name: 'rapport.pdf', type: 'application/pdf', bytes: pdf([{ lines: ['Rapport fra Oslo'] }]) },
      ]) + mailWith('Skannet', 'A letter.', scan),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest - reads the attachments and says what it read', () => {
    const r = runCli(['ingest', mbox, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const a = (JSON.parse(r.stdout) as { report: { attachments: Record<string, number> } }).report
      .attachments;
    assert.equal(a.text, 1);
    assert.equal(a.ocrNeeded, canvasSkip ? 0 : 1);
    const text = runCli(['ingest', mbox, '--db', db]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /attachments: \d files = 0 read \+ \d known/);
  });

  it('search - a hit inside an attachment names it', () => {
    const r = runCli(['search', 'oslo', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /in attachment rapport\.pdf: Rapport fra «Oslo»/);
    const json = JSON.parse(runCli(['search', 'oslo', '--db', db, '--json']).stdout) as {
      items: Array<{ attachmentHit?: { name: string } }>;
    };
    assert.equal(json.items[0]?.attachmentHit?.name, 'rapport.pdf');
  });

  it('show - lists each attachment with its type and what was read', () => {
    const id = (
      JSON.parse(runCli(['search', 'subject:budsjett', '--db', db, '--json']).stdout) as {
        items: Array<{ id: string }>;
      }
    ).items[0]?.id as string;
    const r = runCli(['show', id, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /attachment: rapport\.pdf pdf application\/pdf \d+ bytes sha256:[0-9a-f]{64} text read: 1 page, 16 characters/,
    );
    const json = JSON.parse(runCli(['show', id, '--db', db, '--json']).stdout) as {
      attachments: Array<{ type: string; extraction: { status: string; method: string } }>;
    };
    assert.deepEqual(
      json.attachments.map((x) => [x.type, x.extraction.status, x.extraction.method]),
      [['pdf', 'text', 'text']],
    );
  });

  it(
    'ingest --ocr - reads the scanned letter the first ingest could not',
    { skip: canvasSkip, timeout: 600_000 },
    () => {
      assert.equal(
        JSON.parse(runCli(['search', 'finansdepartementet', '--db', db, '--json']).stdout).total,
        0,
      );
      const r = runCli(['ingest', mbox, '--db', db, '--ocr', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const a = (
        JSON.parse(r.stdout) as { report: { duplicates: number; attachments: Record<string, number> } }
      ).report;
      assert.equal(a.duplicates, 2);
      assert.equal(a.attachments.read, 1, 'only the file that needed OCR');
      assert.ok((a.attachments.ocrPages ?? 0) >= 1);
      const found = JSON.parse(runCli(['search', 'finansdepartementet', '--db', db, '--json']).stdout) as {
        total: number;
        items: Array<{ subject: string; attachmentHit?: { name: string } }>;
      };
      assert.equal(found.total, 1);
      assert.equal(found.items[0]?.subject, 'Skannet');
      assert.equal(found.items[0]?.attachmentHit?.name, 'brev.pdf');
      const id = (
        JSON.parse(runCli(['search', 'subject:skannet', '--db', db, '--json']).stdout) as {
          items: Array<{ id: string }>;
        }
      ).items[0]?.id as string;
      assert.match(runCli(['show', id, '--db', db]).stdout, /brev\.pdf pdf .* text read by OCR: 1 page/);
    },
  );
});
