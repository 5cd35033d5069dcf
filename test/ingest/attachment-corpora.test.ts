import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingest, type IngestReport, type InputReport } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { sharedPath } from '../helpers/shared.js';

/**
 * Attachment texts from the real material of ../shared: TNEF (winmail.dat) streams of MimeKit's
 * tests sent as mail, .msg files of msgreader with PDFs and an attached message, aleph's mail with
 * an attached message and its Outlook files (a PST with no attachments), and Stalwart's parser
 * tests. For each: how many attachment files its report counts and what reading them gave, and
 * that a word only a file holds finds the message.
 */
const tnef = sharedPath('corpora/mimekit/UnitTests/TestData/tnef');
const msgreader = sharedPath('corpora/kenjiuno-msgreader/test');
const aleph = sharedPath('corpora/aleph-ingest-file/tests/fixtures');
const stalwart = sharedPath('corpora/stalwart-mail-parser/resources/eml');
const skip = tnef.skip || msgreader.skip || aleph.skip || stalwart.skip;

/** A TNEF stream as Outlook sends it: a winmail.dat part of a mail. */
function winmail(subject: string, stream: Buffer): string {
  const b64 = stream.toString('base64').replace(/.{76}/g, '$&\n');
  return (
    `From: Outlook <outlook@example.org>\nTo: desk@example.org\nSubject: ${subject}\n` +
    'Date: Tue, 20 Aug 2002 10:00:00 +0200\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\n\n' +
    '--x\nContent-Type: text/plain\n\nSee attached.\n--x\nContent-Type: application/ms-tnef; name="winmail.dat"\n' +
    `Content-Transfer-Encoding: base64\n\n${b64}\n--x--\n`
  );
}

void describe('Ingest - attachment texts of the shared corpora', { skip }, () => {
  let dir = '';
  let store: Store;
  let report: IngestReport;
  const input = (name: string): InputReport => {
    const i = report.inputs.find((x) => path.basename(x.path) === name);
    assert.ok(i, name);
    return i;
  };
  const subjects = async (q: string): Promise<string[]> =>
    (await store.search(parseQuery(q), { limit: 100, offset: 0, sort: 'date-asc' })).items
      .map((i) => i.subject ?? '')
      .sort();

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-attachment-corpora-'));
    const tnefMails = ['MAPI_ATTACH_DATA_OBJ', 'two-files'].map((name) => {
      const file = path.join(dir, `${name}.eml`);
      writeFileSync(file, winmail(`TNEF ${name}`, readFileSync(path.join(tnef.path, `${name}.tnef`))));
      return file;
    });
    store = await openStore(path.join(dir, 'case.db'));
    report = await ingest(
      [
        ...tnefMails,
        path.join(msgreader.path, 'Outer mail.msg'),
        path.join(aleph.path, 'email_attached_plaintext.eml'),
        path.join(aleph.path, 'fnf.msg'),
        path.join(aleph.path, 'testPST.pst'),
        path.join(stalwart.path, 'rfc'),
        path.join(stalwart.path, 'thirdparty'),
      ],
      store,
      { workers: 0, extractWorkers: 2 },
    );
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('Attachments - TNEF members are read: the PDF and HTML of a Norwegian newsletter, a README', async () => {
    // winmail.dat (unsupported: not a document), the newsletter as .doc (legacy Word: unsupported), .pdf and .htm.
    assert.deepEqual(pick(input('MAPI_ATTACH_DATA_OBJ.eml').attachments), {
      files: 4,
      read: 4,
      text: 2,
      unsupported: 2,
      failed: 0,
    });
    assert.deepEqual(await subjects('flyspesialisten'), ['TNEF MAPI_ATTACH_DATA_OBJ']);
    // Stemmed in the text's own language: "konkurransesituasjonen" in the newsletter.
    assert.deepEqual(await subjects('konkurransesituasjon'), ['TNEF MAPI_ATTACH_DATA_OBJ']);
    assert.deepEqual(await subjects('type:pdf flyspesialisten'), ['TNEF MAPI_ATTACH_DATA_OBJ']);
    assert.deepEqual(await subjects('proliferation'), ['TNEF two-files']);
    const hit = (await store.search(parseQuery('proliferation'), { limit: 1, offset: 0, sort: 'relevance' }))
      .items[0]?.attachmentHit;
    assert.equal(hit?.name, 'README');
  });

  void test('Attachments - an Outlook .msg: its PDFs and those of the message attached to it', async () => {
    // Outer mail: OUTER 1.pdf, OUTER 2.pdf, Inner mail.msg (an item of its own: not read as a
    // file); Inner mail: INNER 1.pdf, INNER 2.pdf.
    assert.deepEqual(pick(input('Outer mail.msg').attachments), {
      files: 5,
      read: 5,
      text: 4,
      unsupported: 1,
      failed: 0,
    });
    assert.deepEqual(await subjects('attachment:"inner 2"'), ['Inner mail']);
    assert.deepEqual(await subjects('attachment:"outer 1"'), ['Outer mail']);
    const withMessages = await subjects('type:email');
    assert.ok(
      withMessages.includes('Outer mail') && withMessages.includes('This message has an email attachment'),
    );
    assert.ok(!withMessages.includes('Inner mail'), 'its PDFs are no attached message');
  });

  void test('Attachments - aleph: an attached message is read as its headers and text; an image needs OCR; the PST holds none', async () => {
    assert.deepEqual(pick(input('email_attached_plaintext.eml').attachments), {
      files: 1,
      read: 1,
      text: 1,
      unsupported: 0,
      failed: 0,
    });
    assert.equal(input('fnf.msg').attachments?.ocrNeeded, 1);
    assert.equal(input('testPST.pst').read, 6);
    assert.equal(input('testPST.pst').attachments, undefined);
  });

  void test('Attachments - Stalwart: every file counted once per input, text found, nothing fails', async () => {
    for (const name of ['rfc', 'thirdparty']) {
      const a = input(name).attachments;
      assert.ok(a, name);
      assert.equal(a.files, a.read + a.known, name);
      assert.equal(a.read, a.text + a.empty + a.ocrNeeded + a.unsupported + a.failed, name);
      assert.equal(a.failed, 0, name);
    }
    assert.ok((input('rfc').attachments?.text ?? 0) >= 5);
    // "Foobar", the whole of test.txt (declared application/octet-stream, sent binary).
    assert.equal((await subjects('attachment:foobar')).length, 1);
    assert.equal(report.read, report.stored + report.duplicates + report.quarantined);
  });
});

function pick(a: InputReport['attachments']) {
  assert.ok(a);
  return { files: a.files, read: a.read, text: a.text, unsupported: a.unsupported, failed: a.failed };
}
