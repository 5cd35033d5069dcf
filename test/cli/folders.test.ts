import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

/** `folder:` over the folders of a leak as reporters receive them: Maildir, Takeout mbox, Enron files. */
void describe('CLI - folders', () => {
  let dir = '';
  let db = '';
  const mail = (subject: string, extra = '') =>
    `From: a@example.org\nTo: b@example.org\nDate: Mon, 3 Oct 2016 10:00:00 +0000\nSubject: ${subject}\n` +
    `Message-ID: <${subject}@example.org>\n${extra}\nfoldertest ${subject}\n`;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-cli-folders-'));
    db = path.join(dir, 'case.db');
    const leak = path.join(dir, 'leak');
    const md = path.join(leak, 'john');
    for (const sub of ['', '.Sent.2016'])
      for (const d of ['cur', 'new', 'tmp']) mkdirSync(path.join(md, sub, d), { recursive: true });
    writeFileSync(path.join(md, 'cur', '1475488800.1.host:2,S'), mail('maildirinbox'));
    writeFileSync(path.join(md, '.Sent.2016', 'cur', '1475488801.2.host:2,S'), mail('maildirsent'));
    mkdirSync(path.join(leak, 'takeout'));
    const from = 'From 1844347792267117879@xxx Mon Oct 03 10:00:00 +0000 2016\n';
    writeFileSync(
      path.join(leak, 'takeout', 'All mail Including Spam and Trash.mbox'),
      `${from}${mail('gmailsent', 'X-Gmail-Labels: Sent,"Project, Oslo"\n')}\n` +
        `${from}${mail('gmailinbox', 'X-Gmail-Labels: Inbox,Important,=?UTF-8?Q?S=C3=B8ppel?=\n')}\n` +
        // The Maildir's inbox mail again, in Gmail: one item, both folders.
        `${from}${mail('maildirinbox', 'X-Gmail-Labels: Archived\n')}\n`,
    );
    mkdirSync(path.join(leak, 'enron', 'lay-k', 'inbox'), { recursive: true });
    writeFileSync(
      path.join(leak, 'enron', 'lay-k', 'inbox', '1.'),
      mail('enroninbox', 'X-Folder: \\Kenneth_Lay_Dec2000\\Notes Folders\\Inbox\n'),
    );
    const r = runCli(['ingest', leak, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const subjects = (q: string): string[] => {
    const r = runCli(['search', `${q} foldertest`, '--db', db, '--json', '--sort', 'date']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { items: Array<{ subject: string }> }).items.map((x) => x.subject).sort();
  };

  it('folder: finds Maildir folders, mailbox files, directories, Gmail labels and X-Folder', () => {
    assert.deepEqual(subjects('folder:sent'), ['gmailsent', 'maildirsent']);
    assert.deepEqual(subjects('folder:2016'), ['maildirsent']);
    assert.deepEqual(subjects('folder:important'), ['gmailinbox']);
    assert.deepEqual(subjects('folder:soppel'), ['gmailinbox']);
    assert.deepEqual(subjects('folder:"project, oslo"'), ['gmailsent']);
    assert.deepEqual(subjects('folder:"all mail"'), ['gmailinbox', 'gmailsent', 'maildirinbox']);
    assert.deepEqual(subjects('folder:archived'), ['maildirinbox'], 'the second copy’s label');
    assert.deepEqual(subjects('folder:john -folder:sent'), ['maildirinbox']);
    assert.deepEqual(subjects('folder:"lay-k/inbox"'), ['enroninbox']);
    assert.deepEqual(subjects('folder:"notes folders"'), ['enroninbox']);
    assert.deepEqual(subjects('folder:inbox'), ['enroninbox', 'gmailinbox']);
  });

  it('show lists the folders of every copy and the labels of each', () => {
    const id = (
      JSON.parse(runCli(['search', 'subject:maildirinbox', '--db', db, '--json']).stdout) as {
        items: Array<{ id: string }>;
      }
    ).items[0]?.id as string;
    const text = runCli(['show', id, '--db', db]).stdout;
    const folders = text.split('\n').find((l) => l.startsWith('folders:'));
    assert.equal(
      folders,
      `folders:  ${path.join(dir, 'leak', 'john')} · ${path.join(dir, 'leak', 'takeout', 'All mail Including Spam and Trash')} · Archived`,
    );
    assert.match(
      text,
      /found in: .*All mail Including Spam and Trash\.mbox @ byte \d+ \(\+\d+\) sha256:[0-9a-f]{64} labels: Archived/,
    );
    const json = JSON.parse(runCli(['show', id, '--db', db, '--json']).stdout) as {
      folders: string[];
      locations: Array<{ labels?: string[] }>;
    };
    assert.equal(json.folders.length, 3);
    assert.deepEqual(
      json.locations.map((l) => l.labels),
      [undefined, ['Archived']],
    );
  });

  it('a folder without a word is an error that points at it', () => {
    const r = runCli(['search', 'folder:"//"', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /'folder:' at column 1 needs a word/);
  });
});
