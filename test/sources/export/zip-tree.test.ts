import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import zlib from 'node:zlib';
import { InnsynError } from '../../../src/model/errors.js';
import { folderTree } from '../../../src/sources/export/export-tree.js';
import { memberPath, openExportTree, skippedMembers, zipTree } from '../../../src/sources/export/zip-tree.js';
import { buildZip, type ZipEntrySpec } from '../containers/archive-builders.js';

const MiB = 1024 * 1024;

/** Calls `patch` with the zip and the offset of the central-directory header of entry `index`. */
function patchCentral(zip: Buffer, index: number, patch: (zip: Buffer, at: number) => void): Buffer {
  const end = zip.length - 22;
  assert.equal(zip.readUInt32LE(end), 0x06054b50);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < index; i++)
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  patch(zip, at);
  return zip;
}

/**
 * A deflate stream of `gib` GiB of zeros in about a thousandth of that: one block of 1 MiB of
 * zeros ending in a sync flush refers only to itself, so it can be repeated, then an empty
 * final block (fixed Huffman: BFINAL 1, BTYPE 01, end-of-block) closes the stream.
 */
function deflateBomb(gib: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(MiB), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: gib * 1024 }, () => block), Buffer.from([0x03, 0x00])]);
}

/**
 * A zip64 archive (APPNOTE 4.3.14, 4.5.3): 0xFFFFFFFF sizes and offsets with the real values in
 * the Zip64 extra field, a Zip64 end record and locator before the classic end record. Stored
 * members only: what matters here is the layout.
 */
function buildZip64(entries: { name: string; data: string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const u64 = (n: number): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    return b;
  };
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = Buffer.from(e.data);
    const crc = zlib.crc32(data);
    const localExtra = Buffer.concat([Buffer.from([1, 0, 16, 0]), u64(data.length), u64(data.length)]);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(45, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(0xffffffff, 18);
    local.writeUInt32LE(0xffffffff, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    const centralExtra = Buffer.concat([
      Buffer.from([1, 0, 24, 0]),
      u64(data.length),
      u64(data.length),
      u64(offset),
    ]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(45, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(0xffffffff, 20);
    central.writeUInt32LE(0xffffffff, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt32LE(0xffffffff, 42);
    locals.push(local, name, localExtra, data);
    centrals.push(central, name, centralExtra);
    offset += local.length + name.length + localExtra.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const record = Buffer.alloc(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4);
  record.writeUInt16LE(45, 12);
  record.writeUInt16LE(45, 14);
  record.writeBigUInt64LE(BigInt(entries.length), 24);
  record.writeBigUInt64LE(BigInt(entries.length), 32);
  record.writeBigUInt64LE(BigInt(cd.length), 40);
  record.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  end.writeUInt32LE(0xffffffff, 12);
  end.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([...locals, cd, record, locator, end]);
}

const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

void describe('Export zip tree', () => {
  let dir = '';
  const file = (name: string, bytes: Uint8Array): string => {
    const p = path.join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const zipOf = (name: string, entries: ZipEntrySpec[]): string => file(name, buildZip(entries));
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-zip-tree-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('Zip tree - lists files under their member paths, skips folders, keeps a top folder', async () => {
    const p = zipOf('plain.zip', [
      { name: 'export/' },
      { name: 'export/users.json', data: '[{"id":"U1"}]' },
      { name: 'export/general/', method: 0 },
      { name: 'export/general/2016-05-01.json', data: '[]', method: 0 },
      { name: 'export\\random\\2016-05-02.json', data: '[1]' },
      { name: './export//notes.txt', data: 'hei' },
    ]);
    const tree = await zipTree(p);
    assert.equal(tree.path, p);
    assert.deepEqual(tree.list(), [
      'export/general/2016-05-01.json',
      'export/notes.txt',
      'export/random/2016-05-02.json',
      'export/users.json',
    ]);
    assert.equal(text(await tree.read('export/users.json')), '[{"id":"U1"}]');
    assert.equal(text(await tree.read('export/general/2016-05-01.json')), '[]');
    assert.equal(text(await tree.read('export/random/2016-05-02.json')), '[1]');
    assert.equal(tree.size('export/users.json'), 13);
    assert.equal(tree.size('export/general/'), null);
    assert.deepEqual(tree.skipped(), []);
    await assert.rejects(tree.read('export/nothing.json'), /has no file export\/nothing\.json/);
  });

  void it('Zip tree - reads members in any order, again and side by side', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({
      name: `d/${i}.json`,
      data: `{"n":${i}}`.repeat(i + 1),
    }));
    const tree = await zipTree(zipOf('many.zip', entries));
    const order = [...entries].reverse();
    const got = await Promise.all(order.map((e) => tree.read(e.name)));
    assert.deepEqual(
      got.map(text),
      order.map((e) => e.data),
    );
    assert.equal(text(await tree.read('d/3.json')), entries[3]?.data);
  });

  void it('Zip tree - leaves out zip-slip names and says why', async () => {
    const p = zipOf('slip.zip', [
      { name: 'ok.json', data: '{}' },
      { name: '../evil.json', data: 'x' },
      { name: '/etc/passwd', data: 'x' },
      { name: 'C:\\Windows\\x.json', data: 'x' },
      { name: 'a/../../b.json', data: 'x' },
      { name: 'a\\..\\c.json', data: 'x' },
      { name: 'nul\0.json', data: 'x' },
    ]);
    const tree = await zipTree(p);
    assert.deepEqual(tree.list(), ['ok.json']);
    const skipped = tree.skipped();
    assert.deepEqual(
      skipped.map((s) => s.member),
      // yauzl turns Windows '\\' separators into '/' when it decodes a name.
      ['../evil.json', '/etc/passwd', 'C:/Windows/x.json', 'a/../../b.json', 'a/../c.json', 'nul\0.json'],
    );
    for (const s of skipped.slice(0, 5)) assert.match(s.reason, /zip slip/);
    assert.match(skipped[5]?.reason ?? '', /NUL/);
    await assert.rejects(tree.read('../evil.json'), /has no file/);
    assert.deepEqual(skippedMembers(tree), skipped);
  });

  void it('Zip tree - member paths: what is kept, what is a folder, what is unsafe', () => {
    assert.equal(memberPath('a/b.json'), 'a/b.json');
    assert.equal(memberPath('a\\b.json'), 'a/b.json');
    assert.equal(memberPath('./a/./b.json'), 'a/b.json');
    assert.equal(memberPath('a/'), 'folder');
    assert.equal(memberPath('a..b/c..json'), 'a..b/c..json');
    assert.equal(typeof memberPath('..'), 'object');
    assert.equal(typeof memberPath('\\\\server\\share\\x'), 'object');
    assert.equal(typeof memberPath('.'), 'object');
  });

  void it('Zip tree - a second entry of the same name and symbolic links are skipped', async () => {
    const zip = buildZip([
      { name: 'a.json', data: 'first' },
      { name: './a.json', data: 'second' },
      { name: 'link.json', data: '/etc/passwd', method: 0 },
    ]);
    // Mark entry 2 as a Unix symbolic link: made by Unix (3), mode lrwxrwxrwx.
    patchCentral(zip, 2, (z, at) => {
      z.writeUInt16LE((3 << 8) | 30, at + 4);
      z.writeUInt32LE((0o120777 << 16) >>> 0, at + 38);
    });
    const tree = await zipTree(file('dup.zip', zip));
    assert.deepEqual(tree.list(), ['a.json']);
    assert.equal(text(await tree.read('a.json')), 'first');
    assert.deepEqual(
      tree.skipped().map((s) => [s.member, /second entry/.test(s.reason) || /symbolic link/.test(s.reason)]),
      [
        ['./a.json', true],
        ['link.json', true],
      ],
    );
  });

  void it('Zip tree - entries past maxEntries are not listed, and the count is said', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.json`, data: '{}' }));
    const tree = await zipTree(zipOf('count.zip', entries), { maxEntries: 4 });
    assert.deepEqual(tree.list(), ['f0.json', 'f1.json', 'f2.json', 'f3.json']);
    const [s] = tree.skipped();
    assert.equal(tree.skipped().length, 1);
    assert.equal(s?.member, 'f4.json');
    assert.match(s?.reason ?? '', /6 entries, more than maxEntries 4; this one and the 1 after it/);
  });

  void it('Zip tree - a member bigger than maxMemberBytes is refused, the others stay readable', async () => {
    const tree = await zipTree(
      zipOf('big.zip', [
        { name: 'big.json', data: Buffer.alloc(2 * MiB, 0x20) },
        { name: 'small.json', data: '[]' },
      ]),
      { maxMemberBytes: MiB },
    );
    assert.deepEqual(tree.list(), ['big.json', 'small.json']);
    assert.equal(tree.size('big.json'), 2 * MiB);
    await assert.rejects(tree.read('big.json'), (e: unknown) => {
      assert.ok(e instanceof InnsynError);
      assert.equal(e.code, 'limit-exceeded');
      assert.match(e.message, /member big\.json declares 2097152 bytes, more than maxMemberBytes 1048576/);
      return true;
    });
    assert.equal(text(await tree.read('small.json')), '[]');
  });

  void it('Zip tree - a bomb that lies about its size is not decompressed past the size it declares', async () => {
    // 1 GiB of zeros (1 MiB compressed) declared as 1000 bytes: were it decompressed in full, the
    // read would take seconds and fail for another reason.
    const zip = buildZip([
      { name: 'bomb.json', data: Buffer.alloc(1000), rawData: deflateBomb(1) },
      { name: 'ok.json', data: '{}' },
    ]);
    const tree = await zipTree(file('bomb.zip', zip));
    const started = Date.now();
    await assert.rejects(
      tree.read('bomb.json'),
      /member bomb\.json decompresses to more than the 1000 bytes its header declares/,
    );
    assert.ok(Date.now() - started < 5000, 'stopped at once');
    assert.equal(text(await tree.read('ok.json')), '{}');
  });

  void it('Zip tree - maxTotalBytes bounds what all reads together decompress', async () => {
    const entries = ['a', 'b', 'c'].map((n) => ({ name: `${n}.json`, data: Buffer.alloc(400 * 1024, 0x61) }));
    const tree = await zipTree(zipOf('total.zip', entries), { maxTotalBytes: MiB });
    await tree.read('a.json');
    await tree.read('b.json');
    await assert.rejects(tree.read('c.json'), (e: unknown) => {
      assert.ok(e instanceof InnsynError && e.code === 'limit-exceeded');
      assert.match(
        e.message,
        /member c\.json was not read: .*819200 decompressed bytes.*maxTotalBytes 1048576/,
      );
      return true;
    });
    // A re-read counts again: the budget is for work done, not for distinct members.
    await assert.rejects(tree.read('a.json'), /maxTotalBytes/);
  });

  void it('Zip tree - encrypted, unsupported and damaged members reject with what to do', async () => {
    const zip = buildZip([
      { name: 'secret.json', data: '{}', encrypted: true, method: 0 },
      { name: 'bzip.json', data: '{}', method: 12 },
      { name: 'garbage.json', data: 'hello world', rawData: Buffer.from([0xff, 0xff, 0xff, 0xff]) },
      { name: 'crc.json', data: 'hello world' },
      { name: 'short.json', data: 'hello world', method: 0 },
      { name: 'fine.json', data: '"fine"' },
    ]);
    patchCentral(zip, 3, (z, at) => z.writeUInt32LE((z.readUInt32LE(at + 16) ^ 1) >>> 0, at + 16));
    // A stored entry whose sizes disagree: yauzl would abandon the whole listing; we refuse one read.
    patchCentral(zip, 4, (z, at) => z.writeUInt32LE(50, at + 24));
    const tree = await zipTree(file('bad.zip', zip));
    assert.equal(tree.list().length, 6);
    await assert.rejects(tree.read('secret.json'), /member secret\.json is encrypted .*7z x/);
    await assert.rejects(tree.read('bzip.json'), /member bzip\.json is compressed with method 12/);
    await assert.rejects(tree.read('garbage.json'), /member garbage\.json could not be read: .*damaged/);
    await assert.rejects(tree.read('crc.json'), /member crc\.json is damaged: its CRC-32/);
    await assert.rejects(tree.read('short.json'), /member short\.json is truncated: 11 of the 50 bytes/);
    assert.equal(text(await tree.read('fine.json')), '"fine"');
  });

  void it('Zip tree - a damaged central directory keeps what was listed before the damage', async () => {
    const zip = buildZip([
      { name: 'a.json', data: '1' },
      { name: 'b.json', data: '2' },
      { name: 'c.json', data: '3' },
    ]);
    patchCentral(zip, 2, (z, at) => z.writeUInt32LE(0xdeadbeef, at));
    const tree = await zipTree(file('damaged.zip', zip));
    assert.deepEqual(tree.list(), ['a.json', 'b.json']);
    assert.equal(text(await tree.read('b.json')), '2');
    const [s] = tree.skipped();
    assert.equal(s?.member, null);
    assert.match(s?.reason ?? '', /directory is damaged after 2 of 3 entries/);
  });

  void it('Zip tree - reads Zip64 archives', async () => {
    const tree = await zipTree(
      file(
        'z64.zip',
        buildZip64([
          { name: 'top/users.json', data: '[{"id":"U1"}]' },
          { name: 'top/general/2016-05-01.json', data: '[]' },
        ]),
      ),
    );
    assert.deepEqual(tree.list(), ['top/general/2016-05-01.json', 'top/users.json']);
    assert.equal(text(await tree.read('top/users.json')), '[{"id":"U1"}]');
    assert.equal(tree.size('top/general/2016-05-01.json'), 2);
  });

  void it('Zip tree - a zip changed on disk after opening is not read', async () => {
    const p = zipOf('changing.zip', [{ name: 'a.json', data: '1' }]);
    const tree = await zipTree(p);
    writeFileSync(p, buildZip([{ name: 'a.json', data: '22' }]));
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    await assert.rejects(tree.read('a.json'), /changed or vanished since it was opened/);
  });

  void it('Zip tree - bad limits and non-zips are refused before anything is read', async () => {
    const p = zipOf('limits.zip', [{ name: 'a.json', data: '1' }]);
    await assert.rejects(
      zipTree(p, { maxEntries: 0 }),
      (e: unknown) => e instanceof InnsynError && e.code === 'usage',
    );
    await assert.rejects(
      zipTree(p, { maxMemberBytes: 1.5 }),
      /maxMemberBytes must be a positive whole number/,
    );
    const notZip = file('not.zip', Buffer.from('this is a text file, not a zip'));
    await assert.rejects(zipTree(notZip), (e: unknown) => {
      assert.ok(e instanceof InnsynError && e.code === 'unreadable-input');
      assert.match(e.message, /not\.zip is not a readable zip: .*End of central directory/);
      return true;
    });
  });

  void it('Open export tree - a folder gives a folder tree, a zip a zip tree', async () => {
    const folder = path.join(dir, 'export-folder');
    mkdirSync(path.join(folder, 'general'), { recursive: true });
    writeFileSync(path.join(folder, 'users.json'), '[]');
    writeFileSync(path.join(folder, 'general', '2016-05-01.json'), '[{}]');
    const fromFolder = await openExportTree(folder);
    assert.deepEqual(fromFolder.list(), (await folderTree(folder)).list());
    assert.deepEqual(skippedMembers(fromFolder), []);

    const p = zipOf('export.zip', [
      { name: 'users.json', data: '[]' },
      { name: 'general/2016-05-01.json', data: '[{}]' },
      { name: '../x.json', data: '' },
    ]);
    const fromZip = await openExportTree(path.relative(process.cwd(), p));
    assert.equal(fromZip.path, p);
    assert.deepEqual(fromZip.list(), fromFolder.list());
    for (const m of fromZip.list()) assert.deepEqual(await fromZip.read(m), await fromFolder.read(m));
    assert.equal(skippedMembers(fromZip).length, 1);

    await assert.rejects(openExportTree(path.join(dir, 'missing')), (e: unknown) => {
      assert.ok(e instanceof InnsynError && e.code === 'not-found');
      return true;
    });
  });
});
