import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import yauzl from 'yauzl';
import yazl from 'yazl';
import {
  checkManifest,
  exportEvidence,
  openDirSink,
  openZipSink,
  verifyExport,
  type ExportManifest,
  type VerifyReport,
} from '../../src/export/index.js';
import { InnsynError } from '../../src/model/index.js';
import { openStore } from '../../src/store/index.js';
import { exportFixture, writeFixture } from './export-fixtures.js';

void describe('Verify - an export checked against its manifest', () => {
  let dir: string;
  let folder: string;
  let zip: string;
  let manifest: ExportManifest;
  let n = 0;
  const copy = (): string => {
    const to = path.join(dir, `copy-${++n}`);
    cpSync(folder, to, { recursive: true });
    return to;
  };
  const itemFile = (i = 0): string => manifest.items[i]?.file as string;
  const named = (r: VerifyReport) => ({
    changed: r.changed.map((c) => c.path),
    missing: r.missing.map((c) => c.path),
    added: r.added.map((c) => c.path),
  });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-verify-'));
    const store = await openStore(path.join(dir, 'case.db'));
    await writeFixture(store, exportFixture());
    const options = {
      queryText: '',
      innsynVersion: 'test',
      itemDocumentVersion: 1,
      created: new Date('2026-11-26T10:00:00Z'),
      database: null,
      spoolDir: dir,
    };
    folder = path.join(dir, 'export');
    zip = path.join(dir, 'export.zip');
    await exportEvidence(store, null, await openDirSink(folder), options);
    await exportEvidence(store, null, await openZipSink(zip), options);
    await store.close();
    manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as ExportManifest;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('Verify - an untouched export is intact', async () => {
    for (const target of [folder, zip]) {
      const r = await verifyExport(target);
      assert.equal(r.ok, true);
      assert.deepEqual(named(r), { changed: [], missing: [], added: [] });
      assert.equal(r.intact, manifest.files.length);
      assert.equal(r.manifest.created, '2026-11-26T10:00:00.000Z');
      assert.equal(r.manifest.items, manifest.items.length);
    }
  });

  void test('Verify - one byte changed in one file: not intact, and that file is named', async () => {
    const c = copy();
    const file = path.join(c, itemFile(2));
    const bytes = readFileSync(file);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle);
    writeFileSync(file, bytes);
    const r = await verifyExport(c);
    assert.equal(r.ok, false);
    assert.deepEqual(named(r), { changed: [itemFile(2)], missing: [], added: [] });
    assert.equal(r.changed[0]?.reason, 'its bytes differ (sha256)');
    assert.equal(r.intact, manifest.files.length - 1);
  });

  void test('Verify - a file cut short, deleted, added, or replaced by a link is named as such', async () => {
    const c = copy();
    writeFileSync(path.join(c, itemFile(0)), readFileSync(path.join(c, itemFile(0))).subarray(1));
    unlinkSync(path.join(c, itemFile(1)));
    writeFileSync(path.join(c, 'items', 'extra.eml'), 'From: me\n\nplanted\n');
    writeFileSync(path.join(c, '.DS_Store'), 'x');
    unlinkSync(path.join(c, 'items.csv'));
    symlinkSync(path.join(folder, 'items.csv'), path.join(c, 'items.csv'));
    const r = await verifyExport(c);
    assert.equal(r.ok, false);
    assert.deepEqual(named(r), {
      changed: [itemFile(0), 'items.csv'].sort(),
      missing: [itemFile(1)],
      added: ['.DS_Store', 'items/extra.eml'],
    });
    assert.match(
      r.changed.find((x) => x.path === itemFile(0))?.reason ?? '',
      /size is \d+ bytes, the manifest says/,
    );
    assert.match(r.changed.find((x) => x.path === 'items.csv')?.reason ?? '', /symbolic link/);
  });

  void test('Verify - a missing, broken or foreign manifest fails the export and says why', async () => {
    const cases: Array<[string, (m: string) => void, RegExp]> = [
      ['missing', (m) => unlinkSync(m), /manifest.json is missing/],
      ['not JSON', (m) => writeFileSync(m, '{"format": '), /not valid JSON/],
      ['another format', (m) => writeFileSync(m, '{"format":"other"}'), /not an innsyn evidence export/],
      [
        'a newer version',
        (m) => writeFileSync(m, JSON.stringify({ ...manifest, version: 2 })),
        /version 2: this innsyn reads version 1/,
      ],
    ];
    for (const [what, spoil, reason] of cases) {
      const c = copy();
      spoil(path.join(c, 'manifest.json'));
      const r = await verifyExport(c);
      assert.equal(r.ok, false, what);
      assert.match(r.manifest.problems.join('\n'), reason, what);
    }
  });

  void test('Verify - a manifest rewritten to match a changed file passes; only its fingerprint tells', async () => {
    // What verify cannot catch on its own: someone who changes a file and rewrites the manifest
    // to match. The manifest's sha256, printed at export and noted down apart, is what reveals it.
    const c = copy();
    const file = itemFile(3);
    const forgedBytes = Buffer.from('forged');
    writeFileSync(path.join(c, file), forgedBytes);
    const forged = structuredClone(manifest);
    const entry = forged.files.find((f) => f.path === file);
    const item = forged.items.find((i) => i.file === file);
    assert.ok(entry && item);
    forged.counts.bytes += forgedBytes.length - entry.size;
    entry.size = forgedBytes.length;
    entry.sha256 = item.sha256 = createHash('sha256').update(forgedBytes).digest('hex');
    writeFileSync(path.join(c, 'manifest.json'), JSON.stringify(forged));
    const r = await verifyExport(c);
    assert.equal(r.ok, true);
    assert.notEqual(r.manifest.sha256, (await verifyExport(folder)).manifest.sha256);

    // Half a forgery (the file list alone) is caught by the manifest's own cross-checks.
    item.sha256 = manifest.items.find((i) => i.file === file)?.sha256 ?? null;
    writeFileSync(path.join(c, 'manifest.json'), JSON.stringify(forged));
    const half = await verifyExport(c);
    assert.equal(half.ok, false);
    assert.match(half.manifest.problems.join('\n'), /sha256 differs from the listed file's/);
  });

  void test('Verify - zip: a changed byte in an entry names the entry', async () => {
    const bytes = readFileSync(zip);
    const z = await yauzl.openPromise(zip, { lazyEntries: true });
    const target = itemFile(4);
    let start = -1;
    await new Promise<void>((resolve, reject) => {
      z.on('entry', (e: yauzl.Entry) => {
        if (e.fileName !== target) return z.readEntry();
        z.readLocalFileHeaderPromise(e, { minimal: true }).then(({ fileDataStart }) => {
          start = fileDataStart;
          resolve();
        }, reject);
      });
      z.on('end', () => resolve());
      z.readEntry();
    });
    z.close();
    assert.ok(start > 0);
    bytes.writeUInt8(bytes.readUInt8(start + 3) ^ 0x20, start + 3);
    const spoiled = path.join(dir, 'spoiled.zip');
    writeFileSync(spoiled, bytes);
    const r = await verifyExport(spoiled);
    assert.equal(r.ok, false);
    assert.deepEqual(named(r), { changed: [target], missing: [], added: [] });
  });

  void test('Verify - zip: an entry renamed to climb out of the export is reported, never followed', async () => {
    const bytes = readFileSync(zip);
    const target = itemFile(0);
    const from = Buffer.from(target);
    const to = Buffer.from(`../../${target.slice('items/'.length)}`);
    assert.equal(from.length, to.length);
    // The local header (first) and the central directory (last); the stored manifest between keeps the real name.
    to.copy(bytes, bytes.indexOf(from));
    to.copy(bytes, bytes.lastIndexOf(from));
    const renamed = path.join(dir, 'renamed.zip');
    writeFileSync(renamed, bytes);
    const r = await verifyExport(renamed);
    assert.equal(r.ok, false);
    assert.deepEqual(named(r), { changed: [], missing: [target], added: [to.toString()] });
    assert.deepEqual(r.manifest.problems, []);
  });

  void test('Verify - zip: a second entry of a name and an extra entry are named as added', async () => {
    const rebuilt = path.join(dir, 'rebuilt.zip');
    const out = new yazl.ZipFile();
    const entries: Array<{ name: string; data: Buffer }> = [];
    const z = await yauzl.openPromise(zip, { lazyEntries: true });
    await new Promise<void>((resolve, reject) => {
      z.on('entry', (e: yauzl.Entry) => {
        z.openReadStreamPromise(e).then(async (s) => {
          const chunks: Buffer[] = [];
          for await (const c of s) chunks.push(c as Buffer);
          entries.push({ name: e.fileName, data: Buffer.concat(chunks) });
          z.readEntry();
        }, reject);
      });
      z.on('end', () => resolve());
      z.readEntry();
    });
    z.close();
    for (const e of entries) out.addBuffer(e.data, e.name);
    out.addBuffer(Buffer.from('second copy'), itemFile(1));
    out.addBuffer(Buffer.from('planted'), 'attachments/planted.pdf');
    out.end();
    const ws = createWriteStream(rebuilt);
    out.outputStream.pipe(ws);
    await finished(ws);
    const r = await verifyExport(rebuilt);
    assert.equal(r.ok, false);
    assert.deepEqual(named(r), { changed: [], missing: [], added: [itemFile(1), 'attachments/planted.pdf'] });
    assert.equal(r.added[0]?.reason, 'a second entry of this name');
  });

  void test('Verify - a damaged zip or a path that is no export: reported, or a usage error', async () => {
    const cut = path.join(dir, 'cut.zip');
    writeFileSync(cut, readFileSync(zip).subarray(0, 2000));
    const r = await verifyExport(cut);
    assert.equal(r.ok, false);
    assert.match(r.manifest.problems.join('\n'), /cannot be read/);
    await assert.rejects(
      verifyExport(path.join(dir, 'nowhere')),
      (e) => e instanceof InnsynError && e.code === 'usage',
    );
    writeFileSync(path.join(dir, 'plain.txt'), 'not a zip');
    await assert.rejects(
      verifyExport(path.join(dir, 'plain.txt')),
      (e) => e instanceof InnsynError && e.code === 'usage',
    );
  });
});

void describe('Verify - manifest structure', () => {
  const good = (): Record<string, unknown> => ({
    format: 'innsyn-evidence-export',
    version: 1,
    created: '2026-11-26T10:00:00.000Z',
    innsyn: '0.1.0',
    query: 'from:wikileaks',
    database: { path: '/x.db', items: 1, sources: 1 },
    counts: { items: 1, files: 1, bytes: 3, attachments: 0, attachmentsUnavailable: 0, problems: 0 },
    files: [{ path: 'items/0123456789abcdef0123456789abcdef.eml', size: 3, sha256: 'a'.repeat(64) }],
    items: [
      {
        id: '0123456789abcdef0123456789abcdef',
        file: 'items/0123456789abcdef0123456789abcdef.eml',
        sha256: 'a'.repeat(64),
        locations: [{ path: '/in.mbox', member: null, offset: 0, length: 3, sha256: 'a'.repeat(64) }],
        attachments: [],
      },
    ],
    problems: [],
  });

  void test('Manifest - a sound manifest has no problems and lists its files', () => {
    const c = checkManifest(good());
    assert.deepEqual(c.problems, []);
    assert.equal(c.usable, true);
    assert.deepEqual([...c.files.keys()], ['items/0123456789abcdef0123456789abcdef.eml']);
  });

  void test('Manifest - each structural fault is named where it is', () => {
    type Spoil = (m: Record<string, unknown>) => void;
    const file0 = (m: Record<string, unknown>) =>
      (m.files as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const item0 = (m: Record<string, unknown>) =>
      (m.items as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const cases: Array<[Spoil, RegExp]> = [
      [(m) => (file0(m).path = '../etc/passwd'), /files\[0\]\.path "\.\.\/etc\/passwd" is not a safe/],
      [(m) => (file0(m).sha256 = 'XYZ'), /files\[0\].*sha256 is not 64/],
      [(m) => (file0(m).size = -1), /size is not a whole number/],
      [(m) => (m.files as unknown[]).push((m.files as unknown[])[0]), /lists items\/0123.* a second time/],
      [
        (m) => (m.files as unknown[]).push({ path: 'manifest.json', size: 1, sha256: 'b'.repeat(64) }),
        /lists manifest.json itself/,
      ],
      [(m) => ((m.counts as Record<string, unknown>).items = 2), /counts.items is 2 but 1 items are listed/],
      [
        (m) => ((m.counts as Record<string, unknown>).bytes = 4),
        /counts.bytes is 4 but the listed files add up to 3/,
      ],
      [
        (m) => (item0(m).file = 'items/other.eml'),
        /its file "items\/other.eml" is not among the listed files/,
      ],
      [(m) => (item0(m).locations = []), /locations is not a non-empty list/],
      [(m) => (m.created = 'yesterday'), /created is not an ISO 8601 UTC time/],
      [(m) => delete m.problems, /problems is not a list/],
    ];
    for (const [spoil, expected] of cases) {
      const m = good();
      spoil(m);
      const c = checkManifest(m);
      assert.match(c.problems.join('\n'), expected, String(spoil));
    }
    assert.equal(checkManifest([]).usable, false);
    assert.equal(checkManifest({ ...good(), files: 'x' }).usable, false);
  });
});
