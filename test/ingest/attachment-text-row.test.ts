import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ATTACHMENT_TYPES as EXTRACT_TYPES,
  attachmentSearchType,
} from '../../src/extract/attachments/attachment-type.js';
import type { ExtractResult } from '../../src/extract/attachments/index.js';
import {
  attachmentTextRow,
  extractionStatus,
  isProblem,
  wantsAgain,
} from '../../src/ingest/attachment-text-row.js';
import { InnsynError } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { ATTACHMENT_TYPES as QUERY_TYPES } from '../../src/query/fields.js';

const result = (r: Partial<ExtractResult>): ExtractResult => ({
  text: null,
  kind: 'other',
  method: 'none',
  flags: [],
  ...r,
});

void describe('Attachment texts - what a reading gave', () => {
  void test('Attachment texts - the status of every kind of result', () => {
    assert.equal(extractionStatus(result({ text: 'Hei', kind: 'pdf', method: 'parsed' })), 'text');
    // Text read before a limit stopped it is text (the flags say what is missing).
    assert.equal(extractionStatus(result({ text: 'Del', kind: 'pdf', flags: ['extract-timeout'] })), 'text');
    assert.equal(extractionStatus(result({ text: '  \n', kind: 'docx' })), 'empty', 'white space is no text');
    assert.equal(extractionStatus(result({ kind: 'docx', flags: ['extract-zip-bomb'] })), 'failed');
    assert.equal(extractionStatus(result({ kind: 'pdf', flags: ['extract-encrypted'] })), 'failed');
    assert.equal(extractionStatus(result({ kind: 'image', flags: ['ocr-needed'] })), 'ocr-needed');
    assert.equal(extractionStatus(result({ kind: 'other', flags: ['extract-empty'] })), 'empty');
    assert.equal(extractionStatus(result({ kind: 'other', flags: ['extract-unsupported'] })), 'unsupported');
    assert.equal(extractionStatus(result({ kind: 'other' })), 'unsupported');
    assert.equal(extractionStatus(result({ text: '', kind: 'xlsx', method: 'parsed' })), 'empty');
  });

  void test('Attachment texts - the stored row: method, language, type; problems; OCR again', () => {
    const meta = { name: 'brev.dat', contentType: 'application/octet-stream' };
    const ocr = attachmentTextRow(
      'a'.repeat(64),
      meta,
      result({
        text: 'Møtet i kommunestyret er utsatt til neste uke, og saken om budsjettet blir behandlet da.',
        kind: 'pdf',
        method: 'ocr',
        flags: ['ocr'],
        pages: 1,
        ocrPages: 1,
        ocrConfidence: 91,
      }),
      true,
    );
    assert.equal(ocr.status, 'text');
    assert.equal(ocr.method, 'ocr');
    assert.equal(ocr.type, 'pdf', 'the bytes decide, not the name');
    assert.equal(ocr.lang, 'no');
    assert.equal(ocr.chars, ocr.text?.length);
    assert.equal(ocr.ocr, true);
    const failed = attachmentTextRow(
      'b'.repeat(64),
      meta,
      result({ flags: ['extract-failed'], error: 'bad xref' }),
      false,
    );
    assert.deepEqual(
      [failed.status, failed.method, failed.text, failed.error, failed.lang],
      ['failed', null, null, 'bad xref', null],
    );
    assert.equal(isProblem(failed), true);
    assert.equal(isProblem({ status: 'text', flags: ['extract-timeout'] }), true, 'stopped at a limit');
    assert.equal(isProblem(ocr), false);
    assert.equal(wantsAgain({ flags: ['ocr-needed'], ocr: false }, true), true);
    assert.equal(wantsAgain({ flags: ['ocr-needed'], ocr: false }, false), false);
    assert.equal(wantsAgain({ flags: ['ocr-needed'], ocr: true }, true), false, 'read with OCR already');
    assert.equal(wantsAgain({ flags: [], ocr: false }, true), false);
    // Stopped by a limit: tried again (the machine may have been busy); broken files are not.
    assert.equal(wantsAgain({ flags: ['extract-timeout'], ocr: false }, false), true);
    assert.equal(wantsAgain({ flags: ['extract-out-of-memory'], ocr: true }, true), true);
    assert.equal(wantsAgain({ flags: ['extract-failed'], ocr: false }, false), false);
    assert.equal(wantsAgain({ flags: ['extract-encrypted'], ocr: false }, true), false);
  });

  void test('Attachment texts - the search type: bytes first, then the declared type and name', () => {
    const t = (
      kind: Parameters<typeof attachmentSearchType>[0],
      name: string | null,
      contentType: string | null,
    ) => attachmentSearchType(kind, { name, contentType });
    assert.equal(t('xlsx', 'tall.dat', 'application/octet-stream'), 'spreadsheet');
    assert.equal(t('other', 'report.pdf', 'application/pdf'), 'other', 'read as something else: not a pdf');
    assert.equal(t(null, 'report.pdf', 'application/octet-stream'), 'pdf', 'never read: the name says');
    assert.equal(t(null, 'old.doc', 'application/msword'), 'document');
    assert.equal(
      t('other', 'old.xls', 'application/vnd.ms-excel'),
      'spreadsheet',
      'legacy Office: unsupported, typed',
    );
    assert.equal(t('other', 'slides.ppt', null), 'presentation');
    assert.equal(t('text', null, 'message/rfc822'), 'email', 'an attached message read as text');
    assert.equal(t('other', 'Inner mail.msg', 'application/vnd.ms-outlook'), 'email');
    assert.equal(t('other', 'files.zip', 'application/zip'), 'archive');
    assert.equal(t(null, 'backup.tar.gz', 'application/octet-stream'), 'archive');
    assert.equal(t('image', 'scan.jpg', 'image/jpeg'), 'image');
    assert.equal(t('html', 'page.htm', 'text/html'), 'text');
    assert.equal(t('other', 'song.mp3', 'audio/mpeg'), 'other');
    assert.equal(t('other', 'winmail.dat', 'application/ms-tnef'), 'other');
  });

  void test('Attachment texts - the query language and the extractor take the same types', () => {
    assert.deepEqual([...QUERY_TYPES], [...EXTRACT_TYPES]);
  });

  void test('Attachment texts - type: takes only those types; attachment: is a text field', () => {
    assert.deepEqual(parseQuery('type:PDF'), { type: 'exact', field: 'type', value: 'pdf', pos: 1 });
    assert.throws(
      () => parseQuery('budget type:pdfs'),
      (e: unknown) =>
        e instanceof InnsynError &&
        e.code === 'bad-query' &&
        e.column === 13 &&
        /'type:pdfs' at column 8 is not an attachment type; use one of pdf, document, spreadsheet/.test(
          e.message,
        ),
    );
    assert.deepEqual(parseQuery('attachment:"i oslo"'), {
      type: 'phrase',
      field: 'attachment',
      value: 'i oslo',
      pos: 1,
    });
  });
});
