import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PSTFile } from 'pst-extractor';
import { PSTNodeInputStream } from 'pst-extractor/dist/PSTNodeInputStream.class.js';
import { writePst } from '../../../bench/pst/pst-writer.js';
import type { PstMessageInput } from '../../../bench/pst/types.js';
import type { RawRecord } from '../../../src/model/raw-record.js';
import { fixPstExtractor } from '../../../src/sources/outlook/pst-extractor-fixes.js';
import { readPst } from '../../../src/sources/outlook/pst-reader.js';
import { sharedPath } from '../../helpers/shared.js';

// The library's own functions, saved before the fixes replace them.
const proto = PSTFile.prototype as unknown as { findBtreeItem: unknown };
const stream = PSTNodeInputStream.prototype as unknown as { seekAndReadLong: unknown };
const library = { findBtreeItem: proto.findBtreeItem, seekAndReadLong: stream.seekAndReadLong };
fixPstExtractor();
const fixed = { findBtreeItem: proto.findBtreeItem, seekAndReadLong: stream.seekAndReadLong };

const tmp = mkdtempSync(path.join(tmpdir(), 'innsyn-pst-fast-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function records(file: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of readPst(file, { path: file, member: null }, statSync(file).size)) out.push(r);
  return out;
}

/** The records read with the library's B-tree lookup and integer reads, then with ours. */
async function both(file: string): Promise<[RawRecord[], RawRecord[]]> {
  proto.findBtreeItem = library.findBtreeItem;
  stream.seekAndReadLong = library.seekAndReadLong;
  try {
    const before = await records(file);
    proto.findBtreeItem = fixed.findBtreeItem;
    stream.seekAndReadLong = fixed.seekAndReadLong;
    return [before, await records(file)];
  } finally {
    proto.findBtreeItem = fixed.findBtreeItem;
    stream.seekAndReadLong = fixed.seekAndReadLong;
  }
}

const messages: PstMessageInput[] = Array.from({ length: 120 }, (_, i) => ({
  subject: `Sak ${i} æøå`,
  from: { name: 'Kari', address: 'kari@example.no' },
  to: [
    { name: 'Ola', address: 'ola@example.no' },
    { name: 'Ida', address: 'ida@example.no' },
  ],
  submitTime: Date.UTC(2022, 0, 1) + i * 3_600_000,
  body: `Tekst ${i} `.repeat(1 + (i % 40) * 60),
  attachments:
    i % 10 === 0 ? [{ filename: `v${i}.pdf`, data: Buffer.from(`%PDF-1.4 ${i}`.repeat(900)) }] : [],
}));

describe('PST fast reads (pst-btree-lookup.ts, pst-stream-reads.ts)', () => {
  for (const crypt of [0, 1] as const) {
    test(`PST fast reads - the same records as the library's own reads (bCryptMethod ${crypt})`, async () => {
      const file = path.join(tmp, `gen-${crypt}.pst`);
      writePst(
        file,
        {
          folders: [
            { name: 'Inbox', messages, subfolders: [{ name: 'Sub', messages: messages.slice(0, 5) }] },
          ],
        },
        { crypt },
      );
      const [before, after] = await both(file);
      assert.equal(after.length, 125);
      assert.ok(after.every((r) => r.type === 'message'));
      assert.deepEqual(after, before);
    });
  }

  const fixture = sharedPath('corpora/aleph-ingest-file/tests/fixtures/testPST.pst');
  test('PST fast reads - testPST.pst (Outlook-written) reads the same', { skip: fixture.skip }, async () => {
    const [before, after] = await both(fixture.path);
    assert.ok(after.length > 0);
    assert.deepEqual(after, before);
  });

  test('PST fast reads - a B-tree page that points to itself is an error, not a loop', async () => {
    const file = path.join(tmp, 'loop.pst');
    writePst(file, { folders: [{ name: 'Inbox', messages: messages.slice(0, 3) }] });
    const raw = readFileSync(file);
    const root = raw.readUInt32LE(224); // ROOT.BREFNBT.ib
    // Make the NBT root an intermediate page whose one child is itself.
    raw[root + 488] = 1; // cEnt
    raw[root + 491] = 1; // cLevel
    raw.fill(0, root, root + 24);
    raw.writeUInt32LE(root, root + 16);
    writeFileSync(file, raw);
    const t0 = Date.now();
    const got = await records(file);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(got.length, 1);
    assert.equal(got[0]?.type, 'unreadable');
    assert.match(JSON.stringify(got[0]), /the pages loop/);
  });

  test('PST fast reads - a key missing from its leaf fails as the library does', () => {
    const file = path.join(tmp, 'missing.pst');
    writePst(file, { folders: [] });
    const pst = new PSTFile(file);
    try {
      const lookup = (proto.findBtreeItem as (this: PSTFile, i: unknown, d: boolean) => Buffer).bind(pst);
      const key = (n: number) => ({ toNumber: () => n });
      assert.throws(() => lookup(key(0x7fffffe2), true), /Unable to find/);
      assert.equal(lookup(key(0x21), true).readUInt32LE(0), 0x21);
    } finally {
      pst.close();
    }
  });
});
