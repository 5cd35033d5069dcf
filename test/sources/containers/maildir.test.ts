import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detectFormat, readInput } from '../../../src/sources/containers/index.js';
import { maildirFlags, maildirRole } from '../../../src/sources/containers/maildir-names.js';
import { repoRoot, sharedPath } from '../../helpers/shared.js';
import { collect, text } from './collect.js';

const stalwart = sharedPath('corpora/stalwart-mail-parser/resources/maildir');
const plain = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'containers', 'plain.eml'));

void describe('Containers Maildir', () => {
  let root = '';
  let maildir = '';
  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'innsyn-maildir-'));
    maildir = path.join(root, 'Mail');
    for (const d of ['cur', 'new', 'tmp', '.Sent/cur', '.Sent/new', '.Sent/tmp'])
      mkdirSync(path.join(maildir, d), { recursive: true });
    writeFileSync(path.join(maildir, 'cur', '1700000000.M1P1.host:2,FS'), plain);
    writeFileSync(path.join(maildir, 'new', '1700000001.M2P1.host'), plain);
    writeFileSync(path.join(maildir, 'tmp', '1700000002.M3P1.host'), 'Subject: half-written\n');
    writeFileSync(path.join(maildir, '.Sent', 'cur', '1700000003.M4P1.host:2,RS'), plain);
    writeFileSync(path.join(maildir, '.Sent', 'cur', '1700000004.M5P1.host:2,'), '');
    writeFileSync(path.join(maildir, 'dovecot-uidlist'), '3 V1700000000 N5\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  void it('Containers Maildir - flags from the info suffix, in its three spellings', () => {
    assert.equal(maildirFlags('1700000000.M1P1.host:2,FS'), 'FS');
    assert.equal(maildirFlags('1276533073.M242911P3632.kurkku;2,FP'), 'FP');
    assert.equal(maildirFlags('1276533073.x!2,RS'), 'RS');
    assert.equal(maildirFlags('1035478339.27041_118.foo.org,S=1000,W=1030;2,RDF,'), 'RDF');
    assert.equal(maildirFlags('1700000000.M1P1.host:2,'), '');
    assert.equal(maildirFlags('1700000001.M2P1.host'), undefined);
    assert.equal(maildirRole('a/b/cur/x'), 'message');
    assert.equal(maildirRole('new/x'), 'message');
    assert.equal(maildirRole('a/tmp/x'), 'tmp');
    assert.equal(maildirRole('cur'), null);
    assert.equal(maildirRole('a/cur/b/x'), null);
  });

  void it('Containers Maildir - every file in cur/ and new/ is one message named relative to the root', async () => {
    assert.equal(await detectFormat(maildir), 'maildir');
    assert.equal(await detectFormat(root), 'directory');
    const records = await collect(readInput(root));
    const got = records.map((r) => [
      r.type,
      r.location.path,
      r.location.member,
      r.type === 'message' ? (r.maildirFlags ?? null) : null,
    ]);
    assert.deepEqual(got, [
      ['message', maildir, '.Sent/cur/1700000003.M4P1.host:2,RS', 'RS'],
      ['unreadable', maildir, '.Sent/cur/1700000004.M5P1.host:2,', null],
      ['message', maildir, 'cur/1700000000.M1P1.host:2,FS', 'FS'],
      ['unreadable', path.join(maildir, 'dovecot-uidlist'), null, null],
      ['message', maildir, 'new/1700000001.M2P1.host', null],
      ['unreadable', maildir, 'tmp/1700000002.M3P1.host', null],
    ]);
    for (const r of records) {
      if (r.type !== 'message') continue;
      assert.deepEqual(r.bytes, plain);
      assert.deepEqual([r.location.offset, r.location.length], [0, plain.length]);
      assert.ok(r.mtime instanceof Date);
    }
    const reasons = records.flatMap((r) => (r.type === 'unreadable' ? [r.reason] : []));
    assert.match(reasons[0]!, /empty file/);
    assert.match(reasons[1]!, /not a recognised mailbox format/);
    assert.match(reasons[2]!, /tmp\/ folder/);
    assert.equal(text(records[5]!.bytes), 'Subject: half-written\n');
  });

  void it('Containers Maildir - Stalwart Maildir++ with ";2," names', { skip: stalwart.skip }, async () => {
    const records = await collect(readInput(stalwart.path));
    assert.equal(records.length, 6);
    assert.ok(records.every((r) => r.type === 'message' && r.location.path === stalwart.path));
    const members = records.map((r) => r.location.member!);
    // Depth-first, each folder's entries in name order.
    const bySegments = (a: string, b: string): number => {
      const [x, y] = [a.split('/'), b.split('/')];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return x.length - y.length;
    };
    assert.deepEqual(members, [...members].sort(bySegments));
    const byFolder = (prefix: string): number => members.filter((m) => m.startsWith(prefix)).length;
    assert.equal(byFolder('cur/') + byFolder('new/'), 2);
    assert.equal(byFolder('.My Folder/'), 2);
    assert.equal(byFolder('.My Folder.Nested Folder/'), 2);
    const flags = records.map((r) => (r.type === 'message' ? r.maildirFlags : 'x'));
    assert.deepEqual(
      flags,
      members.map((m) => /;2,([^,]*)/.exec(m)![1]),
    );
    for (const r of records)
      assert.deepEqual(r.bytes, readFileSync(path.join(stalwart.path, r.location.member!)));
  });
});
