import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { PSTTable7C } from 'pst-extractor/dist/PSTTable7C.class.js';
import { writePst } from '../../../bench/pst/pst-writer.js';
import type { RawRecord, UnreadableInput } from '../../../src/model/raw-record.js';
import { fixPstExtractor } from '../../../src/sources/outlook/pst-extractor-fixes.js';
import { readPst } from '../../../src/sources/outlook/pst-reader.js';
import { MISSING_NID, dailyNotes, messageNid, writePstWithBadRows } from './pst-bad-rows.js';

// The library's own table reads, saved before the fixes replace them.
const table = PSTTable7C.prototype as unknown as { getItems: unknown };
const library = {
  getItems: table.getItems,
  rowCount: Object.getOwnPropertyDescriptor(PSTTable7C.prototype, 'rowCount') as PropertyDescriptor,
};
fixPstExtractor();
const fixed = {
  getItems: table.getItems,
  rowCount: Object.getOwnPropertyDescriptor(PSTTable7C.prototype, 'rowCount') as PropertyDescriptor,
};

const tmp = mkdtempSync(path.join(tmpdir(), 'innsyn-pst-rows-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function records(file: string): Promise<RawRecord[]> {
  const out: RawRecord[] = [];
  for await (const r of readPst(file, { path: file, member: null }, statSync(file).size)) out.push(r);
  return out;
}

async function withLibraryTables<T>(fn: () => Promise<T>): Promise<T> {
  table.getItems = library.getItems;
  Object.defineProperty(PSTTable7C.prototype, 'rowCount', library.rowCount);
  try {
    return await fn();
  } finally {
    table.getItems = fixed.getItems;
    Object.defineProperty(PSTTable7C.prototype, 'rowCount', fixed.rowCount);
  }
}

const nidsOf = (rs: RawRecord[]): number[] =>
  rs.map((r) => Number((r.location.member ?? '').split('#').pop()));

describe('PST tables - rows found in the blocks of their row matrix (pst-table-rows.ts)', () => {
  test('PST tables - a contents table in one large block, as 4 KiB-page OSTs keep it: every row read', async () => {
    // 200 rows in one block, as the "United States holidays" calendar of pst-extractor's test
    // OST holds 160 rows of 339 bytes in one block of 54,240 bytes.
    const file = path.join(tmp, 'one-block.pst');
    writePst(file, { folders: [{ name: 'Kalender', messages: dailyNotes(200) }] }, { rowMatrixBlock: 65472 });
    const want = Array.from({ length: 200 }, (_, k) => messageNid(k));

    // The premise: read as 8,176-byte blocks, rows past the first block name wrong nodes.
    const misread = await withLibraryTables(() => records(file));
    assert.ok(misread.some((r) => r.type === 'unreadable'));
    assert.notDeepEqual(nidsOf(misread.filter((r) => r.type === 'message')), want);

    const read = await records(file);
    assert.deepEqual(
      read.map((r) => r.type),
      Array(200).fill('message'),
    );
    assert.deepEqual(nidsOf(read), want);
  });

  test('PST tables - a contents table over several 8,176-byte blocks reads as the library reads it', async () => {
    const file = path.join(tmp, 'blocks.pst');
    writePst(file, { folders: [{ name: 'Kalender', messages: dailyNotes(200) }] });
    const library = await withLibraryTables(() => records(file));
    const read = await records(file);
    assert.deepEqual(
      nidsOf(read),
      Array.from({ length: 200 }, (_, k) => messageNid(k)),
    );
    assert.deepEqual(read, library);
  });
});

describe('PST tables - rows that name no readable item', () => {
  test('PST tables - each unreadable row has its own location, saying which row and node', async () => {
    // Each becomes a quarantine entry, kept once per location: 60 rows of a misread table that
    // all named node 0 were one entry for 60 in the report.
    const file = path.join(tmp, 'bad-rows.pst');
    writePstWithBadRows(file);
    const read = await records(file);
    const bad = read.filter((r): r is UnreadableInput => r.type === 'unreadable');
    assert.deepEqual(
      read.filter((r) => r.type === 'message').map((r) => r.location.member),
      [`Top of Personal Folders/Inbox#${messageNid(1)}`, `Top of Personal Folders/Inbox#${messageNid(5)}`],
    );
    assert.deepEqual(
      bad.map((r) => r.location.member),
      [
        'Top of Personal Folders/Inbox#row 1',
        'Top of Personal Folders/Inbox#row 3',
        `Top of Personal Folders/Inbox#${MISSING_NID}`,
        'Top of Personal Folders/Inbox#row 5',
      ],
    );
    assert.match(
      bad[0]?.reason ?? '',
      /item 1 \(node 0\) could not be read \(its row .* names node 0, which is no item/,
    );
    assert.match(
      bad[2]?.reason ?? '',
      new RegExp(
        `item 4 \\(node ${MISSING_NID}\\) could not be read \\(its row .* names node ${MISSING_NID}, which the file's index of nodes does not hold`,
      ),
    );
  });
});
