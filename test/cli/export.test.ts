import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import yauzl from 'yauzl';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';

/** The seed scenario as bundled with the demo (see seed-scenario.test.ts). */
const demo = path.join(repoRoot, 'demo');
const archive = path.join(demo, 'DonaldJTrumpJr-x-archive');
const posts = path.join(demo, 'realDonaldTrump-public-posts.csv');
const mbox = path.join(demo, 'DonaldJTrumpJr-mail.mbox');

interface Manifest {
  query: string;
  counts: { items: number; files: number };
  files: Array<{ path: string; size: number; sha256: string }>;
  items: Array<{ id: string; file: string; sha256: string; locations: Array<{ sha256: string }> }>;
}
interface VerifyJson {
  verify: {
    ok: boolean;
    files: number;
    intact: number;
    changed: Array<{ path: string }>;
    missing: Array<{ path: string }>;
    added: Array<{ path: string }>;
  };
}

/** Every entry of a zip, by name. */
async function zipEntries(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      zip.openReadStreamPromise(e).then(async (s) => {
        const chunks: Buffer[] = [];
        for await (const c of s) chunks.push(c as Buffer);
        out.set(e.fileName, Buffer.concat(chunks));
        zip.readEntry();
      }, reject);
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return out;
}

describe('CLI - evidence export and verify on the seed scenario (issue 9, point 3)', () => {
  let dir: string;
  let db: string;
  let folder: string;
  let manifest: Manifest;
  const cli = (...args: string[]) => runCli([...args, '--db', db]);
  const verify = (target: string) => {
    const r = runCli(['verify', target, '--json']);
    return { code: r.code, report: JSON.parse(r.stdout) as VerifyJson };
  };
  let copies = 0;
  const copy = (): string => {
    const to = path.join(dir, `copy-${++copies}`);
    cpSync(folder, to, { recursive: true });
    return to;
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-export-cli-'));
    db = path.join(dir, 'case.db');
    const r = runCli(['ingest', archive, posts, mbox, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    folder = path.join(dir, 'wikileaks');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('export - from:wikileaks to a folder: the 11 DMs, each as its original JSON element, and a manifest', () => {
    const r = cli('export', 'from:wikileaks', '--out', folder, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no progress bar when piped');
    const report = JSON.parse(r.stdout) as {
      version: number;
      export: {
        container: string;
        counts: { items: number; files: number; problems: number };
        manifest: { sha256: string };
      };
    };
    assert.equal(report.version, 1);
    assert.equal(report.export.container, 'dir');
    assert.deepEqual(
      [report.export.counts.items, report.export.counts.files, report.export.counts.problems],
      [11, 13, 0],
    );
    manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as Manifest;
    assert.equal(manifest.query, 'from:wikileaks');
    assert.deepEqual(
      manifest.files.map((f) => f.path).filter((p) => !p.startsWith('items/')),
      ['items.csv', 'items.jsonl'],
    );
    for (const item of manifest.items) {
      assert.match(item.file, /^items\/[0-9a-f]{32}\.json$/);
      const raw = cli('show', item.id, '--raw');
      assert.deepEqual(
        readFileSync(path.join(folder, item.file)),
        raw.stdoutBytes,
        `${item.id}: the bytes of show --raw`,
      );
      assert.equal(item.sha256, item.locations[0]?.sha256, 'the hash recorded when it was read');
    }
  });

  it('export - items.jsonl holds the documents of show --json, items.csv a row for each', () => {
    const lines = readFileSync(path.join(folder, 'items.jsonl'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 11);
    for (const line of lines.slice(0, 3)) {
      const doc = JSON.parse(line) as { item: { id: string } };
      assert.deepEqual(doc, JSON.parse(cli('show', doc.item.id, '--json').stdout));
    }
    const csv = readFileSync(path.join(folder, 'items.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(csv.length, 12);
    assert.match(csv[1] ?? '', /,message,x,private,2016-09-21T03:59:00.000Z,WikiLeaks <@wikileaks>,/);
  });

  it('verify - the folder is intact (exit 0)', () => {
    const r = runCli(['verify', folder]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /intact: all 13 files match the manifest/);
    const { report } = verify(folder);
    assert.deepEqual([report.verify.ok, report.verify.files, report.verify.intact], [true, 13, 13]);
  });

  it('verify - one byte flipped in one item file: exit 1, that file named', () => {
    const c = copy();
    const file = manifest.items[4]?.file as string;
    const bytes = readFileSync(path.join(c, file));
    bytes.writeUInt8(bytes.readUInt8(10) ^ 0x01, 10);
    writeFileSync(path.join(c, file), bytes);
    const r = runCli(['verify', c]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`CHANGED  ${file}: its bytes differ`));
    assert.match(r.stdout, /NOT INTACT: 1 changed \(of 13 files listed\)/);
    const { report } = verify(c);
    assert.deepEqual(
      report.verify.changed.map((x) => x.path),
      [file],
    );
  });

  it('verify - a file deleted, and a file added: each named', () => {
    const gone = copy();
    const file = manifest.items[0]?.file as string;
    unlinkSync(path.join(gone, file));
    const r1 = runCli(['verify', gone]);
    assert.equal(r1.code, 1);
    assert.match(r1.stdout, new RegExp(`MISSING  ${file}`));
    assert.deepEqual(
      verify(gone).report.verify.missing.map((x) => x.path),
      [file],
    );

    const extra = copy();
    writeFileSync(path.join(extra, 'items', 'planted.json'), '{"text":"planted"}');
    const r2 = runCli(['verify', extra]);
    assert.equal(r2.code, 1);
    assert.match(r2.stdout, /ADDED {4}items\/planted\.json \(18 bytes\)/);
    assert.deepEqual(
      verify(extra).report.verify.added.map((x) => x.path),
      ['items/planted.json'],
    );
  });

  it('export - to a zip: verify passes; two zips of one query hold the same item files', async () => {
    const a = path.join(dir, 'a.zip');
    const b = path.join(dir, 'b.zip');
    assert.equal(cli('export', 'from:wikileaks', '--out', a).code, 0);
    assert.equal(cli('export', 'from:wikileaks', '--out', b).code, 0);
    assert.equal(verify(a).code, 0);
    assert.equal(verify(a).report.verify.intact, 13);
    const [ea, eb] = [await zipEntries(a), await zipEntries(b)];
    assert.deepEqual([...ea.keys()], [...eb.keys()]);
    for (const [name, bytes] of ea) {
      if (name !== 'manifest.json') assert.deepEqual(bytes, eb.get(name), name);
      if (name.startsWith('items/')) assert.deepEqual(bytes, readFileSync(path.join(folder, name)), name);
    }
    // With the creation time fixed (SOURCE_DATE_EPOCH), the whole zip is the same bytes.
    const c = path.join(dir, 'c.zip');
    const d = path.join(dir, 'd.zip');
    for (const f of [c, d]) {
      assert.equal(
        runCli(['export', 'from:wikileaks', '--out', f, '--db', db], { SOURCE_DATE_EPOCH: '1476275460' })
          .code,
        0,
      );
    }
    assert.deepEqual(readFileSync(c), readFileSync(d));
    assert.match(
      (await zipEntries(c)).get('manifest.json')?.toString() ?? '',
      /"created": "2016-10-12T12:31:00.000Z"/,
    );
  });

  it('export - the emails: each .eml is exactly the bytes of show --raw', () => {
    const out = path.join(dir, 'mail');
    assert.equal(cli('export', 'kind:email', '--out', out).code, 0);
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    assert.equal(m.items.length, 6);
    for (const item of m.items) {
      assert.match(item.file, /\.eml$/);
      assert.deepEqual(readFileSync(path.join(out, item.file)), cli('show', item.id, '--raw').stdoutBytes);
    }
  });

  it('export --format mbox - the email results in date order; ingested again they are the same items', () => {
    const file = path.join(dir, 'mail.mbox');
    const r = cli('export', 'kind:email OR from:wikileaks', '--format', 'mbox', '--out', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { export: { messages: number; skipped: number } };
    assert.deepEqual([report.export.messages, report.export.skipped], [6, 11]);
    const text = readFileSync(file, 'latin1');
    const dates = [...text.matchAll(/^From \S+ (.+)$/gm)].map((x) => Date.parse(`${x[1]} UTC`));
    assert.equal(dates.length, 6);
    assert.deepEqual(
      dates,
      [...dates].sort((x, y) => x - y),
    );

    const again = path.join(dir, 'again.db');
    assert.equal(runCli(['ingest', file, '--db', again]).code, 0);
    const ids = (database: string) =>
      (
        JSON.parse(runCli(['search', 'kind:email', '--db', database, '--json', '--limit', '100']).stdout) as {
          items: Array<{ id: string }>;
        }
      ).items
        .map((i) => i.id)
        .sort();
    assert.deepEqual(ids(again), ids(db));
  });

  it('usage - a missing --out, a bad query, an existing file, no export to verify: exit 2', () => {
    assert.equal(cli('export', 'from:wikileaks').code, 2);
    assert.equal(cli('export', '--out', path.join(dir, 'nothing')).code, 2);
    const bad = cli('export', 'from:wikileaks "tax', '--out', path.join(dir, 'bad'));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unclosed quote/);
    assert.equal(
      cli('export', 'from:wikileaks', '--out', path.join(dir, 'a.zip')).code,
      2,
      'never overwrites',
    );
    assert.equal(cli('export', 'x', '--format', 'pdf', '--out', path.join(dir, 'x')).code, 2);
    assert.equal(runCli(['verify']).code, 2);
    assert.equal(runCli(['verify', path.join(dir, 'no-such-export')]).code, 2);
    assert.equal(runCli(['verify', mbox]).code, 2, 'a file that is not a zip');
  });
});
