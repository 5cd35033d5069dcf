import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { writePst } from '../../../bench/pst/pst-writer.js';
import type { PstMessageInput } from '../../../bench/pst/types.js';

/** Message NIDs as the bench writer gives them: index 0x10000 on, NID type 4 ([MS-PST] 2.2.2.1). */
export const messageNid = (k: number): number => (((0x10000 + k) << 5) | 0x04) >>> 0;

/** A node id no node of the file has. */
export const MISSING_NID = 0x7fffffe4;

/** `n` short notes, one a day from 2021-01-01. */
export const dailyNotes = (n: number): PstMessageInput[] =>
  Array.from({ length: n }, (_, i) => ({
    subject: `Helligdag ${i}`,
    from: { name: 'Kalender', address: 'kalender@example.no' },
    to: [{ name: 'Kari', address: 'kari@example.no' }],
    submitTime: Date.UTC(2021, 0, 1) + i * 86_400_000,
    body: `Fridag nummer ${i}`,
  }));

/**
 * Writes a PST whose folder "Inbox" lists six items in its contents table, of which rows 1 and
 * 3 (from 1) name node 0 and rows 4 and 5 a node the file does not hold, as a damaged table (or
 * one read wrongly) does; rows 2 and 6 are items. Unencoded (bCryptMethod 0), so the rows can be
 * found by their bytes.
 */
export function writePstWithBadRows(file: string): void {
  writePst(file, { folders: [{ name: 'Inbox', messages: dailyNotes(6) }] });
  const bytes = readFileSync(file);
  // A row starts with its row id (the item's NID) and PidTagLtpRowVer (1). The second row is
  // left alone: the row index's entry for it (NID, row 1) has the same bytes.
  for (const [k, to] of [
    [0, 0],
    [2, 0],
    [3, MISSING_NID],
    [4, MISSING_NID],
  ] as const) {
    const pattern = Buffer.alloc(8);
    pattern.writeUInt32LE(messageNid(k), 0);
    pattern.writeUInt32LE(1, 4);
    const at = bytes.indexOf(pattern);
    assert.ok(at > 0 && bytes.indexOf(pattern, at + 1) === -1, `row ${k + 1} is found once`);
    bytes.writeUInt32LE(to, at);
  }
  writeFileSync(file, bytes);
}
