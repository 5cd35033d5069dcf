import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';

/** `innsyn show` says when a Date header disagrees with the first Received header. */
void describe('CLI - show: dates against the transport', () => {
  let dir = '';
  let db = '';

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-cli-dates-'));
    db = path.join(dir, 'case.db');
    const mbox = path.join(dir, 'case.mbox');
    const mail = (date: string, subject: string) =>
      `From x  Fri Oct  4 16:06:19 2002\nReceived: from a by b; Fri, 4 Oct 2002 12:06:30 -0400\n` +
      `From: sdw@example.net\nDate: ${date}\nSubject: ${subject}\n\nbody\n\n`;
    writeFileSync(
      mbox,
      mail('Wed, 04 Oct 2028 12:05:01 -0400', 'ahead') + mail('Fri, 4 Oct 2002 12:05:01 -0400', 'fine'),
    );
    assert.equal(runCli(['ingest', mbox, '--db', db]).code, 0);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('show - a Date years after the first Received says so; a fine one does not', () => {
    const line = (subject: string) => {
      const found = JSON.parse(runCli(['search', `subject:${subject}`, '--db', db, '--json']).stdout);
      return runCli(['show', found.items[0].id, '--db', db])
        .stdout.split('\n')
        .find((l) => l.startsWith('date:'));
    };
    assert.equal(
      line('ahead'),
      'date:     2028-10-04T16:05:01.000Z (from header; more than a day after the first Received header)',
    );
    assert.equal(line('fine'), 'date:     2002-10-04T16:05:01.000Z (from header)');
  });
});
