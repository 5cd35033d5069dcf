import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { RawRecord } from '../../../src/model/raw-record.js';
import { detectFormat, readInput } from '../../../src/sources/containers/index.js';
import { repoRoot } from '../../helpers/shared.js';
import { buildTar, buildZip } from './archive-builders.js';
import { collect, shape, text } from './collect.js';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'containers');
const plain = readFileSync(path.join(FIXTURES, 'plain.eml'));
const mbox = readFileSync(path.join(FIXTURES, 'mboxrd-escapes.mbox'));
/** A skip reason when a command-line tool is missing (these tests check archives made by the real tools). */
function tool(name: string): string | false {
  try {
    execFileSync(name, ['--help'], { stdio: 'ignore' });
    return false;
  } catch {
    return `the ${name} command is not installed`;
  }
}
const reasons = (records: RawRecord[]): string[] =>
  records.flatMap((r) => (r.type === 'unreadable' ? [r.reason] : []));

void describe('Containers archives', () => {
  let dir = '';
  const file = (name: string, bytes: Uint8Array): string => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-archives-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const maildirZip = (): Buffer =>
    buildZip([
      { name: 'Mail/' },
      { name: 'Mail/cur/' },
      { name: 'Mail/cur/1700000000.M1P1.host:2,FS', data: plain },
      { name: 'Mail/new/1700000001.M2P1.host', data: plain, method: 0 },
      { name: 'Mail/tmp/1700000002.M3P1.host', data: 'Subject: half\n' },
      { name: 'Mail/.Sent/cur/1700000003.M4P1.host:2,RS', data: plain },
    ]);

  void it('Containers archives - a zip of a Maildir: member paths, flags, tmp/ reported', async () => {
    const zip = file('maildir.zip', maildirZip());
    assert.equal(await detectFormat(zip), 'zip');
    const records = await collect(readInput(zip));
    assert.deepEqual(records.map(shape), [
      `message Mail/cur/1700000000.M1P1.host:2,FS 0+${plain.length}`,
      `message Mail/new/1700000001.M2P1.host 0+${plain.length}`,
      'unreadable Mail/tmp/1700000002.M3P1.host 0+14',
      `message Mail/.Sent/cur/1700000003.M4P1.host:2,RS 0+${plain.length}`,
    ]);
    assert.deepEqual(
      records.map((r) => (r.type === 'message' ? r.maildirFlags : 'tmp')),
      ['FS', undefined, 'tmp', 'RS'],
    );
    for (const r of records) {
      assert.equal(r.location.path, zip);
      if (r.type === 'message') {
        assert.deepEqual(Buffer.from(r.bytes), plain);
        assert.equal(r.mtime?.getFullYear(), 2024);
      }
    }
  });

  void it('Containers archives - a .tar.gz holding an mbox, an eml and an emlx', async () => {
    const emlx = Buffer.concat([
      Buffer.from(`${plain.length}\n`),
      plain,
      Buffer.from('<?xml version="1.0"?>\n<plist/>\n'),
    ]);
    const tgz = file(
      'mixed.tar.gz',
      await buildTar(
        [
          { name: 'export/', type: 'directory' },
          { name: 'export/box.mbox', data: mbox },
          { name: 'export/one.eml', data: plain },
          { name: 'export/two.emlx', data: emlx },
          { name: 'export/link.eml', type: 'symlink', linkname: '/etc/passwd' },
        ],
        true,
      ),
    );
    assert.equal(await detectFormat(tgz), 'tar');
    const records = await collect(readInput(tgz));
    const mboxText = text(mbox);
    assert.deepEqual(records.map(shape), [
      `message export/box.mbox ${mboxText.indexOf('Message-ID: <1@')}+${mboxText.indexOf('From bob@') - 1 - mboxText.indexOf('Message-ID: <1@')}`,
      `message export/box.mbox ${mboxText.indexOf('Message-ID: <2@')}+${mbox.length - 1 - mboxText.indexOf('Message-ID: <2@')}`,
      `message export/one.eml 0+${plain.length}`,
      `message export/two.emlx ${String(plain.length).length + 1}+${plain.length}`,
      'unreadable export/link.eml 0+0',
    ]);
    assert.deepEqual(Buffer.from(records[3]!.bytes), plain);
    assert.match(reasons(records)[0]!, /symbolic link to \/etc\/passwd, which is not followed/);
    // The same tar, uncompressed, reads the same.
    const tarFile = file('mixed.tar', await buildTar([{ name: 'export/one.eml', data: plain }]));
    assert.equal(await detectFormat(tarFile), 'tar');
    assert.deepEqual((await collect(readInput(tarFile))).map(shape), [
      `message export/one.eml 0+${plain.length}`,
    ]);
  });

  void it('Containers archives - a corrupt zip says so and keeps its bytes', async () => {
    const whole = maildirZip();
    const cut = whole.subarray(0, whole.length - 30); // end-of-central-directory record cut off
    const bad = file('corrupt.zip', cut);
    const records = await collect(readInput(bad));
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.equal(r.type, 'unreadable');
    assert.deepEqual(
      [r.location.path, r.location.member, r.location.offset, r.location.length],
      [bad, null, 0, cut.length],
    );
    assert.match(reasons(records)[0]!, /corrupt\.zip: file is a corrupt zip: .*; re-download it/);
    assert.deepEqual(Buffer.from(r.bytes), cut);
  });

  void it('Containers archives - a damaged, encrypted or unsupported member is reported and the others are read', async () => {
    const zip = file(
      'members.zip',
      buildZip([
        { name: 'a.eml', data: plain },
        { name: 'broken.eml', data: plain, rawData: Buffer.from('this is not deflate data at all') },
        { name: 'secret.eml', data: plain, method: 0, encrypted: true },
        { name: 'bzip.eml', data: plain, method: 12, rawData: Buffer.from('BZh9...') },
        { name: 'z.eml', data: plain },
      ]),
    );
    const records = await collect(readInput(zip));
    assert.deepEqual(
      records.map((r) => `${r.type} ${r.location.member}`),
      [
        'message a.eml',
        'unreadable broken.eml',
        'unreadable secret.eml',
        'unreadable bzip.eml',
        'message z.eml',
      ],
    );
    const [broken, secret, bzip] = reasons(records);
    assert.match(broken!, /members\.zip, member broken\.eml: member could not be read/);
    assert.match(secret!, /member secret\.eml: member is encrypted .*decrypt it with the password/);
    assert.match(bzip!, /compressed with bzip2, which innsyn cannot decompress/);
  });

  void it('Containers archives - nested archives: zip in zip, tar.gz in zip, gzip in tar', async () => {
    const inner = buildZip([{ name: 'deep/a.eml', data: plain }]);
    const tgz = await buildTar([{ name: 'x/box.mbox', data: mbox }], true);
    const tarWithGz = await buildTar([{ name: 'old/box.mbox.gz', data: gzipSync(mbox) }]);
    const outer = file(
      'outer.zip',
      buildZip([
        { name: 'inner.zip', data: inner },
        { name: 'sub/export.tgz', data: tgz },
        { name: 'old.tar', data: tarWithGz },
      ]),
    );
    const records = await collect(readInput(outer));
    assert.deepEqual(
      records.map((r) => `${r.type} ${r.location.member}`),
      [
        'message inner.zip!/deep/a.eml',
        'message sub/export.tgz!/x/box.mbox',
        'message sub/export.tgz!/x/box.mbox',
        'message old.tar!/old/box.mbox.gz!/box.mbox',
        'message old.tar!/old/box.mbox.gz!/box.mbox',
      ],
    );
    assert.ok(records.every((r) => r.location.path === outer));
    // Three levels: outer.zip → old.tar → box.mbox.gz. A depth limit of 2 stops the third.
    const limited = await collect(readInput(outer, { maxArchiveDepth: 2 }));
    assert.deepEqual(
      limited.map((r) => `${r.type} ${r.location.member}`),
      [
        'message inner.zip!/deep/a.eml',
        'message sub/export.tgz!/x/box.mbox',
        'message sub/export.tgz!/x/box.mbox',
        'unreadable old.tar!/old/box.mbox.gz',
      ],
    );
    assert.match(reasons(limited)[0]!, /nested 3 levels deep, more than the limit of 2 \(maxArchiveDepth/);
  });

  void it('Containers archives - zip-bomb guards: ratio, total size, member count', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const bomb = file(
      'bomb.zip',
      buildZip([
        { name: 'zeros.eml', data: zeros },
        { name: 'ok.eml', data: plain },
      ]),
    );
    const records = await collect(readInput(bomb));
    assert.deepEqual(
      records.map((r) => `${r.type} ${r.location.member}`),
      ['unreadable zeros.eml', 'message ok.eml'],
    );
    assert.match(reasons(records)[0]!, /looks like a zip bomb and was not read/);
    assert.equal(records[0]!.location.length, zeros.length);

    // Declared sizes over the budget stop the archive before reading.
    const three = file('three.zip', buildZip([1, 2, 3].map((i) => ({ name: `${i}.eml`, data: plain }))));
    const small = await collect(readInput(three, { maxUncompressedBytes: plain.length * 2 }));
    assert.deepEqual(
      small.map((r) => `${r.type} ${r.location.member}`),
      ['message 1.eml', 'message 2.eml', 'unreadable null'],
    );
    assert.match(reasons(small)[0]!, /member 3\.eml: reading this member would take the archive past/);

    // Actual bytes are counted while streaming (a gzip's size is not declared anywhere).
    const gz = file('big.mbox.gz', gzipSync(Buffer.concat(Array.from({ length: 200 }, () => mbox))));
    const streamed = await collect(readInput(gz, { maxUncompressedBytes: 40_000 }));
    const read = streamed.filter((r) => r.type === 'message');
    assert.ok(read.length > 10 && read.length < 200, `${read.length} messages before the limit`);
    assert.ok(read.every((r) => r.location.offset + r.location.length <= 40_000));
    assert.equal(streamed.at(-1)!.type, 'unreadable');
    assert.match(reasons(streamed).at(-1)!, /maxUncompressedBytes/);

    const many = await collect(readInput(three, { maxArchiveEntries: 2 }));
    assert.deepEqual(
      many.map((r) => `${r.type} ${r.location.member}`),
      ['message 1.eml', 'message 2.eml', 'unreadable null'],
    );
    assert.match(reasons(many)[0]!, /more than 2 members \(maxArchiveEntries\); the last 1 entries/);
  });

  void it('Containers archives - a damaged member inside a tar is reported and the next member is read', async () => {
    const tarFile = file(
      'damaged.tar',
      await buildTar([
        {
          name: 'a.mbox.gz',
          data: Buffer.from([0x1f, 0x8b, 0x08, 0x00, ...Buffer.from('not really gzip data')]),
        },
        { name: 'b.eml', data: plain },
      ]),
    );
    const records = await collect(readInput(tarFile));
    assert.deepEqual(
      records.map((r) => `${r.type} ${r.location.member}`),
      ['unreadable a.mbox.gz', 'message b.eml'],
    );
    assert.match(reasons(records)[0]!, /damaged\.tar, member a\.mbox\.gz: member could not be read/);
  });

  void it('Containers archives - a truncated .tar.gz yields what comes before the cut, then says where it broke', async () => {
    const tgz = await buildTar(
      [
        { name: 'one.eml', data: plain },
        { name: 'two.eml', data: plain },
        { name: 'big.mbox', data: Buffer.concat(Array.from({ length: 200 }, () => mbox)) },
      ],
      true,
    );
    const cutFile = file('cut.tgz', tgz.subarray(0, Math.floor(tgz.length * 0.6)));
    const records = await collect(readInput(cutFile));
    assert.deepEqual(
      records.slice(0, 2).map((r) => `${r.type} ${r.location.member}`),
      ['message one.eml', 'message two.eml'],
    );
    const last = records.at(-1)!;
    assert.equal(last.type, 'unreadable');
    assert.match(reasons(records).join('\n'), /unexpected end of file/);
  });

  void it(
    'Containers archives - archives made by Info-ZIP zip and GNU tar (long names, data descriptors)',
    { skip: tool('zip') || tool('tar') },
    async () => {
      const src = path.join(dir, 'real');
      const longDir = `${'very-long-folder-name-'.repeat(6)}end`;
      const names = ['Mail/cur/1700000000.M1P1.host:2,S', `Mail/.${longDir}/new/1700000001.M2P1.host`];
      for (const n of names) {
        mkdirSync(path.join(src, path.dirname(n)), { recursive: true });
        writeFileSync(path.join(src, n), plain);
      }
      // -fd: streamed entries with data descriptors, as zip writes when piping.
      const zip = path.join(dir, 'real.zip');
      execFileSync('zip', ['-qr', '-fd', zip, 'Mail'], { cwd: src });
      const tgz = path.join(dir, 'real.tgz');
      execFileSync('tar', ['czf', tgz, '--format=gnu', 'Mail'], { cwd: src });
      for (const archive of [zip, tgz]) {
        const records = await collect(readInput(archive));
        const messages = records.filter((r) => r.type === 'message');
        assert.deepEqual(messages.map((r) => r.location.member).sort(), [...names].sort(), archive);
        assert.ok(
          records.every((r) => r.type === 'message'),
          archive,
        );
        for (const r of messages) assert.deepEqual(Buffer.from(r.bytes), plain);
      }
    },
  );
});
