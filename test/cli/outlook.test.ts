import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_EMBEDDED_DEPTH } from '../../src/sources/outlook/outlook-limits.js';
import { runCli } from '../helpers/run-cli.js';
import { sharedPath } from '../helpers/shared.js';
import { censusOfMsg, messagesIn } from '../sources/outlook/cfb-census.js';
import { censusOfPst } from '../sources/outlook/pst-census.js';

/**
 * Every Outlook file of ../shared through the built CLI: each input reads as many items as an
 * independent walk of the file says it holds (cfb-census.ts for .msg, pst-census.ts for the
 * PST), the counts add up, search finds a .msg's body and attachment names and a PST item's
 * text, and `show --raw` gives the evidence bytes.
 */
const msgDir = sharedPath('corpora/kenjiuno-msgreader/test');
const aleph = sharedPath('corpora/aleph-ingest-file/tests/fixtures');
const skip = msgDir.skip || aleph.skip;

interface InputReport {
  path: string;
  format?: string;
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

void describe('CLI - Outlook .msg and .pst from the shared corpora', { skip }, () => {
  let dir = '';
  let db = '';
  let inputs: string[] = [];
  let report: {
    read: number;
    stored: number;
    duplicates: number;
    quarantined: number;
    inputs: InputReport[];
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-outlook-'));
    db = path.join(dir, 'case.db');
    inputs = [
      ...readdirSync(msgDir.path)
        .filter((f) => f.endsWith('.msg'))
        .sort()
        .map((f) => path.join(msgDir.path, f)),
      path.join(aleph.path, 'piste.msg'),
      path.join(aleph.path, 'fnf.msg'),
      path.join(aleph.path, 'testPST.pst'),
    ];
    const r = runCli(['ingest', ...inputs, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    report = (JSON.parse(r.stdout) as { report: typeof report }).report;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const find = (query: string): Array<{ id: string; subject: string | null; kind: string }> => {
    const r = runCli(['search', query, '--db', db, '--json', '--limit', '100']);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { items: Array<{ id: string; subject: string | null; kind: string }> })
      .items;
  };

  void it('ingest - every input reads as many items as the file holds, and the counts add up', () => {
    let expectedTotal = 0;
    for (const input of inputs) {
      const i = report.inputs.find((x) => x.path === input);
      assert.ok(i, input);
      const bytes = readFileSync(input);
      const name = path.basename(input);
      let expected: number;
      if (name.endsWith('.pst')) {
        expected = censusOfPst(bytes).length;
        assert.equal(i.format, 'Outlook PST/OST');
      } else if (bytes[0] === 0xd0) {
        expected = messagesIn(censusOfMsg(bytes), MAX_EMBEDDED_DEPTH);
        assert.equal(i.format, 'Outlook .msg');
      } else {
        expected = 1; // fnf.msg: an RFC 822 mail under a .msg name
        assert.equal(i.format, 'mail');
      }
      assert.equal(i.read, expected, name);
      assert.equal(i.read, i.stored + i.duplicates + i.quarantined, name);
      assert.equal(i.quarantined, 0, name);
      expectedTotal += expected;
    }
    assert.equal(report.read, expectedTotal);
    assert.equal(report.read, report.stored + report.duplicates + report.quarantined);
    // Messages attached in several files (and Many entities.msg's repeats) are stored once.
    assert.ok(report.duplicates > 0);
  });

  void it('search - text of a .msg body, an attachment name, a PST item; kinds of their own', () => {
    assert.ok(
      find('rescheduled').some((i) => i.subject === 'Lanch time, every friday, in 2023 [rescheduled!]'),
    );
    assert.deepEqual(
      find('filename:green.png').map((i) => i.subject),
      ['I have attachments!'],
    );
    assert.ok(find('filename:"OUTER 1.pdf"').some((i) => i.subject === 'Outer mail'));
    assert.deepEqual(
      find('PreviousMapFeatureGenerator')
        .map((i) => i.subject)
        .sort(),
      ['Feature Generators', 'Re: Feature Generators'],
    );
    assert.equal(find('kind:contact').length, 2);
    assert.ok(find('kind:event').every((i) => i.kind === 'event'));
    assert.ok(find('kind:event "A place"').some((i) => i.subject === 'A schedule'));
  });

  void it('show - an attached message found in two files is one item with two locations', () => {
    const [item] = find('filename:green.png');
    assert.ok(item);
    const r = runCli(['show', item.id, '--db', db, '--json']);
    const { locations } = JSON.parse(r.stdout) as {
      locations: Array<{ path: string; member: string | null }>;
    };
    assert.deepEqual(locations.map((l) => `${path.basename(l.path)} ${l.member ?? ''}`.trim()).sort(), [
      'msgInMsg.msg',
      'msgInMsgInMsg.msg attachment 1',
    ]);
  });

  void it('show --raw - the .msg file itself; an attached message as a .msg; a PST item as JSON', () => {
    const outer = find('subject:"Outer mail"')[0];
    assert.ok(outer);
    const raw = runCli(['show', outer.id, '--raw', '--db', db]).stdoutBytes;
    assert.equal(sha(raw), sha(readFileSync(path.join(msgDir.path, 'Outer mail.msg'))));

    const inner = find('subject:"Inner mail"')[0];
    assert.ok(inner);
    const innerRaw = runCli(['show', inner.id, '--raw', '--db', db]).stdoutBytes;
    assert.deepEqual([...innerRaw.subarray(0, 4)], [0xd0, 0xcf, 0x11, 0xe0]);
    const shown = JSON.parse(runCli(['show', inner.id, '--db', db, '--json']).stdout) as {
      item: { flags: string[] };
      locations: Array<{ member: string; sha256: string; length: number }>;
    };
    assert.equal(shown.locations[0]?.member, 'attachment 3');
    assert.equal(shown.locations[0]?.sha256, sha(innerRaw));
    assert.equal(shown.locations[0]?.length, innerRaw.length);

    const pst = find('PreviousMapFeatureGenerator').find((i) => i.subject === 'Re: Feature Generators');
    assert.ok(pst);
    const pstRaw = runCli(['show', pst.id, '--raw', '--db', db]).stdout;
    assert.equal((JSON.parse(pstRaw) as { format: string }).format, 'innsyn-pst-item');
    const where = JSON.parse(runCli(['show', pst.id, '--db', db, '--json']).stdout) as {
      locations: Array<{ member: string }>;
    };
    assert.equal(where.locations[0]?.member, 'Début du fichier de données Outlook#2097188');
  });
});
