import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { normaliseRecord } from '../../../src/ingest/normalise-record.js';
import type { Item } from '../../../src/model/index.js';
import type { RawMessage, RawRecord, UnreadableInput } from '../../../src/model/raw-record.js';
import { readInput } from '../../../src/sources/containers/index.js';
import { decodeTnef } from '../../../src/sources/email/tnef-reader.js';
import { rawAttachments } from '../../../src/sources/raw-attachments.js';
import { openSource } from '../../../src/sources/read-source.js';
import { sharedPath } from '../../helpers/shared.js';
import { buildZip } from '../containers/archive-builders.js';
import { collect } from '../containers/collect.js';

/**
 * A TNEF file given by itself (a winmail.dat saved from a mail, or sent on its own) is the
 * Outlook item it encodes, as the same stream attached to a mail is opened there. It was
 * quarantined as "binary data of a kind innsyn does not know".
 */
const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-tnef-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** One TNEF attribute ([MS-OXTNEF]): level, tag (type << 16 | id), length, data, checksum. */
function attribute(level: 1 | 2, type: number, id: number, data: Uint8Array): Buffer {
  const head = Buffer.alloc(9);
  head[0] = level;
  head.writeUInt32LE(((type << 16) | id) >>> 0, 1);
  head.writeUInt32LE(data.length, 5);
  const sum = Buffer.alloc(2);
  sum.writeUInt16LE(data.reduce((a, b) => (a + b) & 0xffff, 0));
  return Buffer.concat([head, data, sum]);
}
const sz = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');
const u16s = (...v: number[]): Buffer => {
  const b = Buffer.alloc(2 * v.length);
  v.forEach((x, i) => b.writeUInt16LE(x, 2 * i));
  return b;
};

/**
 * A small TNEF stream as Outlook's "rich text" mail writes it, attribute by attribute: class,
 * sender (attFrom), subject, the time sent (attDateSent only: the sender's local time), a plain
 * body and one attached file.
 */
function tinyTnef(): Buffer {
  const name = sz('Kari Nordmann');
  const address = sz('SMTP:kari@example.no');
  const from = Buffer.concat([
    u16s(4, name.length + address.length, name.length, address.length),
    name,
    address,
    Buffer.alloc(8),
  ]);
  const codepage = Buffer.alloc(8);
  codepage.writeUInt32LE(1252, 0);
  return Buffer.concat([
    Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]),
    attribute(1, 0x0006, 0x9007, codepage),
    attribute(1, 0x0007, 0x8008, sz('IPM.Microsoft Mail.Note')),
    attribute(1, 0x0000, 0x8000, from),
    attribute(1, 0x0001, 0x8004, sz('Kvartalsrapport')),
    attribute(1, 0x0003, 0x8005, u16s(2024, 3, 1, 9, 30, 0, 5)),
    attribute(1, 0x0002, 0x800c, sz('Hei Kari,\r\nHer er rapporten.\r\n')),
    attribute(2, 0x0006, 0x9002, Buffer.alloc(14)),
    attribute(2, 0x0001, 0x8010, sz('rapport.txt')),
    attribute(2, 0x0006, 0x800f, Buffer.from('Tall: 42\n')),
  ]);
}

function itemOf(r: RawRecord | undefined): Item {
  assert.equal(r?.type, 'message');
  const o = normaliseRecord(r as RawMessage);
  assert.ok(o.ok, o.ok ? '' : o.reason);
  return o.item;
}

void describe('TNEF files given by themselves', () => {
  void it('TNEF file - any name: read as the item it encodes, its bytes the file', async () => {
    const file = path.join(dir, 'blob.bin');
    const bytes = tinyTnef();
    writeFileSync(file, bytes);
    const records = await collect(readInput(file));
    assert.equal(records.length, 1);
    const r = records[0] as RawMessage;
    assert.equal(r.format, 'outlook-tnef');
    assert.deepEqual(r.location, { path: file, member: null, offset: 0, length: bytes.length });
    assert.deepEqual(Buffer.from(r.bytes), bytes);

    const item = itemOf(r);
    assert.equal(item.kind, 'email');
    assert.equal(item.subject, 'Kvartalsrapport');
    assert.deepEqual(item.from, { platform: 'email', address: 'kari@example.no', name: 'Kari Nordmann' });
    assert.equal(item.text, 'Hei Kari,\nHer er rapporten.');
    // attDateSent is the sender's wall clock: kept as written, said so, no offset claimed.
    assert.equal(item.sentAt, '2024-03-01T09:30:00.000Z');
    assert.equal(item.tzOffset, null);
    assert.ok(item.flags.includes('date-tnef-local-time'));
    assert.ok(item.flags.includes('outlook-class:IPM.Microsoft Mail.Note'));
    assert.deepEqual(
      item.attachments.map((a) => [a.name, a.size, a.sha256]),
      [['rapport.txt', 9, sha(Buffer.from('Tall: 42\n'))]],
    );
    // The attachment route cuts the files again from the raw bytes, with the same hashes.
    assert.deepEqual(
      rawAttachments(r.bytes).map((a) => a.sha256),
      item.attachments.map((a) => a.sha256),
    );
    assert.equal((await openSource(file)).format, 'Outlook TNEF (winmail.dat)');
  });

  void it('TNEF file - inside a zip: the same item, at its member', async () => {
    const zip = path.join(dir, 'mail.zip');
    writeFileSync(zip, buildZip([{ name: 'saved/winmail.dat', data: tinyTnef() }]));
    const records = await collect(readInput(zip));
    assert.equal(records.length, 1);
    assert.equal(records[0]?.location.member, 'saved/winmail.dat');
    const file = path.join(dir, 'alone.dat');
    writeFileSync(file, tinyTnef());
    assert.equal(itemOf(records[0]).id, itemOf((await collect(readInput(file)))[0]).id);
  });

  void it('TNEF file - a signature with nothing behind it is quarantined, saying what it is and what to do', async () => {
    const file = path.join(dir, 'winmail.dat');
    writeFileSync(file, Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x01, 0x00]));
    const [r] = await collect(readInput(file));
    assert.equal(r?.type, 'unreadable');
    assert.match(
      (r as UnreadableInput).reason,
      /winmail\.dat: an Outlook TNEF file \(winmail\.dat\) in which no message attribute can be read .*look for a complete copy/,
    );
  });

  void it('Unknown binary data: the reason gives its first bytes, what innsyn reads and what to do', async () => {
    const file = path.join(dir, 'mystery.db');
    writeFileSync(file, Buffer.from([0x53, 0x51, 0x4c, 0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x10]));
    const [r] = await collect(readInput(file));
    assert.equal(r?.type, 'unreadable');
    const reason = (r as UnreadableInput).reason;
    assert.ok(reason.startsWith(`${file}: not a recognised mailbox format: it is binary data`), reason);
    assert.match(reason, /\(it starts 53 51 4C 00 01 02 FE FF\)/);
    assert.match(reason, /winmail\.dat files/);
    assert.match(reason, /export the mail as mbox or \.eml from the program that wrote it and ingest that/);
    assert.match(reason, /its first 64 KiB are kept$/);
  });
});

const tnefDir = sharedPath('corpora/mimekit/UnitTests/TestData/tnef');

void describe('TNEF files given by themselves - MimeKit corpus', { skip: tnefDir.skip }, () => {
  const read = async (name: string): Promise<Item> => {
    const records = await collect(readInput(path.join(tnefDir.path, name)));
    assert.equal(records.length, 1, name);
    return itemOf(records[0]);
  };

  void it('TNEF file - every file of the corpus is one item, with every attachment its stream holds', async () => {
    const names = readdirSync(tnefDir.path).filter((f) => f.endsWith('.tnef'));
    assert.ok(names.length >= 19);
    for (const name of names) {
      const item = await read(name);
      const want = decodeTnef(readFileSync(path.join(tnefDir.path, name))).attachments.map((a) =>
        sha(a.content),
      );
      const got = new Set(item.attachments.map((a) => a.sha256));
      for (const s of want) assert.ok(got.has(s), `${name}: attachment ${s} is listed`);
    }
  });

  void it('TNEF file - attachments.tnef (a winmail.dat without sender or subject): topic, time, files', async () => {
    const item = await read('attachments.tnef');
    assert.equal(item.subject, 'test');
    assert.ok(item.flags.includes('subject-from-conversation-topic'));
    assert.equal(item.from, null);
    assert.equal(item.sentAt, '2003-06-17T15:23:00.000Z');
    assert.deepEqual(
      item.attachments.map((a) => a.name),
      ['zappa_av1.jpg', 'bookmark.htm'],
    );
    assert.match(item.text, /^Casdasdfasdfasd\n/);
  });

  void it('TNEF file - body.tnef: the time is PidTagClientSubmitTime (UTC), not attDateSent (local)', async () => {
    const item = await read('body.tnef');
    assert.equal(item.subject, 'Bill of Rights');
    assert.equal(item.sentAt, '2005-04-25T17:15:35.686Z');
    assert.ok(!item.flags.includes('date-tnef-local-time'));
    assert.deepEqual(item.from, { platform: 'email', address: '3krelay', name: '3krelay' });
    assert.deepEqual(item.to, [
      { platform: 'email', address: '3kuser2@brexchange.dolphinsearch.com', name: '3kuser2' },
    ]);
    assert.match(item.text, /^THE BILL OF RIGHTS\n/);
  });
});
