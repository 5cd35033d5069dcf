import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ingest, type IngestReport } from '../../src/ingest/index.js';
import { openStore } from '../../src/store/index.js';
import { buildZip } from '../../src/demo/corpus/zip-writer.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const MBOX =
  'From a@example.org Mon Jan  4 10:00:00 2016\n' +
  'From: Ann <a@example.org>\nTo: b@example.org\nSubject: first\nDate: Mon, 4 Jan 2016 10:00:00 +0000\n' +
  'Message-ID: <1@example.org>\n\nThe first mail.\n\n' +
  'From b@example.org Mon Jan  4 11:00:00 2016\n' +
  'From: Bob <b@example.org>\nTo: a@example.org\nSubject: Re: first\nDate: Mon, 4 Jan 2016 11:00:00 +0000\n' +
  'Message-ID: <2@example.org>\nIn-Reply-To: <1@example.org>\n\nThe answer.\n';

/** Ingests `inputs` into a new database; the report and the ids of every item stored. */
async function ingestAlone(
  dir: string,
  name: string,
  inputs: string[],
): Promise<{ report: IngestReport; ids: string[] }> {
  const store = await openStore(path.join(dir, `${name}.db`));
  try {
    const report = await ingest(inputs, store, { workers: 0 });
    const found = await store.search(null, { limit: 10_000, offset: 0, sort: 'date' });
    return { report, ids: found.items.map((i) => i.id).sort() };
  } finally {
    await store.close();
  }
}

/**
 * A reporter's folder of everything handed over: mailboxes beside a Telegram export, a Slack
 * export, an X archive (in its own top folder) and a WhatsApp chat. The walk reads each export
 * by its reader where it meets it, and the mail as mail; nothing is passed over.
 */
void describe('A folder holding platform exports beside mail', () => {
  let dir: string;
  let leak: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-mixed-'));
    leak = path.join(dir, 'leak');
    mkdirSync(path.join(leak, 'mail'), { recursive: true });
    writeFileSync(path.join(leak, 'mail', 'box.mbox'), MBOX);
    cpSync(path.join(FIXTURES, 'telegram', 'account'), path.join(leak, 'telegram'), { recursive: true });
    cpSync(path.join(FIXTURES, 'slack', 'workspace'), path.join(leak, 'slack'), { recursive: true });
    cpSync(path.join(FIXTURES, 'x', 'archive-2019'), path.join(leak, 'x'), { recursive: true });
    cpSync(
      path.join(FIXTURES, 'whatsapp', 'WhatsApp Chat with Sam.txt'),
      path.join(leak, 'WhatsApp Chat with Sam.txt'),
    );
    writeFileSync(path.join(leak, 'notes.txt'), 'Call the lawyer on Monday.\n');
    cpSync(path.join(FIXTURES, 'posts', 'example.csv'), path.join(leak, 'posts', 'example.csv'));
    // "text" and "date" keys, but no list of posts: not read as one.
    writeFileSync(
      path.join(leak, 'parse.json'),
      JSON.stringify({ parts: [{ text: 'hei', date: '2016-01-04' }] }),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every export is read by its reader and the mail as mail: the items of each read alone', async () => {
    const mixed = await ingestAlone(dir, 'mixed', [leak]);
    const parts = await ingestAlone(dir, 'parts', [
      path.join(leak, 'mail', 'box.mbox'),
      path.join(leak, 'telegram'),
      path.join(leak, 'slack'),
      path.join(leak, 'x'),
      path.join(leak, 'WhatsApp Chat with Sam.txt'),
      path.join(leak, 'posts', 'example.csv'),
    ]);
    const formats = parts.report.inputs.map((i) => i.format);
    assert.deepEqual(formats, [
      'mail',
      'Telegram export',
      'Slack export',
      'X archive',
      'WhatsApp chat',
      'post list',
    ]);
    assert.ok(parts.ids.length > 10, `the parts hold ${parts.ids.length} items`);
    assert.deepEqual(mixed.ids, parts.ids);

    const input = mixed.report.inputs[0]!;
    assert.equal(input.format, 'mail, WhatsApp chat, post list, Slack export, Telegram export, X archive');
    assert.deepEqual(
      input.notes?.filter((n) => !n.startsWith('  ')),
      [
        'WhatsApp Chat with Sam.txt: WhatsApp chat',
        'posts/example.csv: post list',
        'slack: Slack export',
        'telegram: Telegram export',
        'x/twitter-2019-06-01-abc: X archive',
      ],
    );
    // The X archive's own remarks follow its line, indented.
    const x = input.notes!.indexOf('x/twitter-2019-06-01-abc: X archive');
    assert.match(input.notes![x + 1] ?? '', /^ {2}account: @/);
    // notes.txt is no chat, parse.json no list of posts: quarantined as before; the counts add up.
    assert.deepEqual(
      input.problems.map((p) =>
        p.reason.replace(/: not a recognised mailbox format.*$/, '').slice(leak.length + 1),
      ),
      ['notes.txt', 'parse.json'],
    );
    assert.equal(input.read, input.stored + input.duplicates + input.quarantined);
    assert.equal(input.stored, parts.ids.length);
  });

  test('a folder holding only an export in its top folder is that export, its places as before', async () => {
    const wrapper = path.join(dir, 'slack-export');
    cpSync(path.join(FIXTURES, 'slack', 'workspace'), path.join(wrapper, 'workspace'), { recursive: true });
    writeFileSync(path.join(wrapper, '.DS_Store'), 'x');
    const { report } = await ingestAlone(dir, 'wrapper', [wrapper]);
    assert.equal(report.inputs[0]?.format, 'Slack export');
    assert.equal(report.inputs[0]?.notes, undefined);
  });

  test('a folder of mail alone says mail and lists nothing', async () => {
    const { report } = await ingestAlone(dir, 'mail', [path.join(leak, 'mail')]);
    assert.equal(report.inputs[0]?.format, 'mail');
    assert.equal(report.inputs[0]?.notes, undefined);
    assert.equal(report.inputs[0]?.stored, 2);
  });

  test('a zip of an export in its top folder is that export; a zip of mail holding one reads the mail and says so', async () => {
    const result = readFileSync(path.join(FIXTURES, 'telegram', 'account', 'result.json'));
    const exportZip = path.join(dir, 'telegram.zip');
    writeFileSync(exportZip, buildZip([{ name: 'Telegram Desktop/result.json', data: result }]));
    const alone = await ingestAlone(dir, 'telegram-zip', [exportZip]);
    assert.equal(alone.report.inputs[0]?.format, 'Telegram export');

    const mixedZip = path.join(dir, 'leak.zip');
    writeFileSync(
      mixedZip,
      buildZip([
        { name: 'mail/box.mbox', data: MBOX },
        { name: 'telegram/result.json', data: result },
      ]),
    );
    const { report } = await ingestAlone(dir, 'mixed-zip', [mixedZip]);
    const input = report.inputs[0]!;
    assert.equal(input.format, 'mail');
    assert.equal(input.stored, 2, 'the two mails are read');
    assert.equal(input.quarantined, 1, 'the export is quarantined, not passed over');
    assert.match(
      input.problems[0]?.reason ?? '',
      /member telegram\/result\.json: not a recognised mailbox format/,
    );
    assert.deepEqual(input.notes, [
      'holds a Telegram export among other files, which innsyn does not read from inside a zip: its files are quarantined; unzip it and ingest the folder',
    ]);
    assert.ok(alone.ids.length > 0);
  });
});
