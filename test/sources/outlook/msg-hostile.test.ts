import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { RawRecord } from '../../../src/model/raw-record.js';
import { cfbProblem } from '../../../src/sources/outlook/cfb-preflight.js';
import { parseOutlookRecord, readMsgBytes } from '../../../src/sources/outlook/index.js';
import { sharedPath } from '../../helpers/shared.js';

/**
 * Hostile and broken .msg files: each is read or refused with a reason, never a throw, a hang or
 * a runaway allocation. The structures msgreader would follow blindly (sector chains, directory
 * links, stream sizes) are crafted from a real file, so each test fails if the preflight
 * (cfb-preflight.ts) stops checking that structure.
 */
const corpus = sharedPath('corpora/kenjiuno-msgreader');

function msg(name: string): Buffer {
  return Buffer.from(readFileSync(path.join(corpus.path, 'test', name)));
}

/** Offsets of a compound file's structures, read from its header (512-byte sectors). */
function layout(b: Buffer) {
  assert.equal(b[30], 9, 'a 512-byte-sector file');
  const sector = (s: number): number => 512 + s * 512;
  const fat0 = b.readUInt32LE(0x4c);
  const dirStart = b.readUInt32LE(0x30);
  const fatEntry = (s: number): number => sector(fat0) + 4 * s;
  return {
    fatEntry,
    /** Directory entry i: four to a sector, along the directory's chain. */
    entry: (i: number): number => {
      let s = dirStart;
      for (let k = 0; k < Math.floor(i / 4); k++) s = b.readUInt32LE(fatEntry(s));
      return sector(s) + 128 * (i % 4);
    },
    dirStart,
  };
}

function readAll(bytes: Uint8Array, label: string): RawRecord[] {
  const t = performance.now();
  const out: RawRecord[] = [];
  for (const r of readMsgBytes(bytes, { path: `/case/${label}.msg`, member: null })) {
    out.push(r);
    if (r.type === 'message') parseOutlookRecord('outlook-msg', r.bytes); // must not throw either
  }
  assert.ok(performance.now() - t < 10_000, `${label}: ${performance.now() - t} ms`);
  return out;
}

function refused(bytes: Uint8Array, label: string): string {
  const records = readAll(bytes, label);
  assert.equal(records.length, 1, label);
  const r = records[0];
  assert.ok(r?.type === 'unreadable', `${label}: refused`);
  assert.match(r.reason, new RegExp(`^/case/${label}\\.msg: not a readable Outlook \\.msg file: `));
  assert.ok(r.bytes.length > 0 && r.bytes.length <= 64 * 1024, 'its first bytes are kept as evidence');
  return r.reason;
}

void describe('Outlook .msg - hostile files', { skip: corpus.skip }, () => {
  void it('.msg - a sector chain that loops back on itself is refused', () => {
    const b = msg('test1.msg');
    const l = layout(b);
    b.writeUInt32LE(l.dirStart, l.fatEntry(l.dirStart)); // the directory's next sector is itself
    assert.match(
      refused(b, 'fat-loop'),
      /uses sector \d+, which another structure uses too|longer than the file/,
    );
  });

  void it('.msg - a directory entry linked from two places (a loop in the tree) is refused', () => {
    const b = msg('test1.msg');
    const l = layout(b);
    const rootChild = b.readInt32LE(l.entry(0) + 0x4c);
    b.writeInt32LE(rootChild, l.entry(rootChild) + 0x44); // its left sibling is itself
    assert.match(refused(b, 'dir-loop'), /linked twice \(a loop\)/);
  });

  void it('.msg - a stream declaring 2 GB is refused before anything is allocated', () => {
    const b = msg('test1.msg');
    const l = layout(b);
    // The first stream entry under the root gets a size far beyond the file.
    let i = 1;
    while (b[l.entry(i) + 0x42] !== 2) i++;
    b.writeInt32LE(0x7fff0000, l.entry(i) + 0x78);
    assert.match(refused(b, 'huge-stream'), /declares \d+ bytes, more than the file holds/);
  });

  void it('.msg - a compound file that is not a message (an Office document) is refused as such', () => {
    const bin = readFileSync(path.join(corpus.path, 'test2', 'Normal.bin'));
    assert.equal(cfbProblem(bin), null, 'a sound compound file');
    assert.match(refused(bin, 'office'), /not an Outlook message \(an Office document\?\)/);
  });

  void it('.msg - truncated anywhere: refused with a reason or read, never thrown', () => {
    const b = msg('msgInMsgInMsg.msg');
    for (let cut = 0; cut < b.length; cut += 1531) {
      const records = readAll(b.subarray(0, cut), `cut-${cut}`);
      assert.ok(records.length >= 1);
      if (cut < b.length / 2) assert.equal(records[0]?.type, 'unreadable', `cut ${cut}`);
    }
  });

  void it('.msg - random byte damage: every case ends, read or refused with its reason', () => {
    let seed = 424_242;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const seen = { read: 0, refused: 0 };
    for (const name of ['Outer mail.msg', 'attachmentFiles.msg', 'contactAnsi.msg', 'Friday Lunch.msg']) {
      for (let k = 0; k < 30; k++) {
        const b = msg(name);
        for (let j = 0; j < 1 + Math.floor(random() * 25); j++)
          b[Math.floor(random() * b.length)] = Math.floor(random() * 256);
        for (const r of readAll(b, `flip-${k}`)) seen[r.type === 'message' ? 'read' : 'refused']++;
      }
    }
    assert.ok(seen.read > 0 && seen.refused > 0, JSON.stringify(seen));
  });
});
