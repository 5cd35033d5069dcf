import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readMbox } from '../../../src/sources/containers/index.js';
import { repoRoot } from '../../helpers/shared.js';
import { chunked, collect, shape, text } from './collect.js';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'containers');
const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const where = { path: '/cases/x.mbox', member: null };
const toCrlf = (b: Buffer): Buffer => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');

/** Start of the line holding `needle` (the first header line of a message in our fixtures). */
function lineOf(file: string, needle: string): number {
  const i = file.indexOf(needle);
  assert.ok(i >= 0, `fixture lacks ${needle}`);
  return i;
}

void describe('Containers mbox', () => {
  void it('Containers mbox - undoes mboxrd quoting and keeps original offsets', async () => {
    const bytes = fixture('mboxrd-escapes.mbox');
    const file = text(bytes);
    const records = await collect(readMbox(chunked(bytes, 65536), where));
    assert.deepEqual(
      records.map((r) => r.type),
      ['message', 'message'],
    );
    const [first, second] = records as [(typeof records)[0], (typeof records)[0]];
    const start1 = lineOf(file, 'Message-ID: <1@');
    const sep2 = lineOf(file, 'From bob@');
    assert.equal(first.location.offset, start1);
    // The blank line before the next separator is framing, not message.
    assert.equal(first.location.offset + first.location.length, sep2 - 1);
    const body = text(first.bytes);
    assert.match(body, /^From the start of a line, escaped once\.$/m);
    assert.match(body, /^>From twice-escaped, loses one\.$/m);
    assert.match(body, /^ >From not at the start of a line, stays\.$/m);
    assert.match(body, /^>>From three, loses one\.$/m);
    assert.match(body, /^>Fromage is not an escape\.$/m);
    // Three quoted lines lost one '>' each: bytes are shorter than the file region.
    assert.equal(first.bytes.length, first.location.length - 3);
    assert.equal(body.replace(/^(>*)From /gm, '>$1From '), file.slice(start1, sep2 - 1)); // quoting once more gives the file back
    // The last message: the trailing blank line is dropped too.
    assert.equal(second.location.offset, lineOf(file, 'Message-ID: <2@'));
    assert.equal(second.location.offset + second.location.length, bytes.length - 1);
    assert.ok(text(second.bytes).endsWith('Second body.\n'));
  });

  void it('Containers mbox - body lines starting with "From " are not separators', async () => {
    const bytes = fixture('from-trap.mbox');
    const file = text(bytes);
    const records = await collect(readMbox(chunked(bytes, 65536), where));
    assert.equal(records.length, 4, records.map(shape).join('\n'));
    assert.ok(records.every((r) => r.type === 'message'));
    const ids = records.map((r) => /^Message-ID: <(\d)@/m.exec(text(r.bytes))?.[1]);
    assert.deepEqual(ids, ['1', '2', '3', '4']);
    const first = text(records[0]!.bytes);
    for (const trap of [
      'From here we go',
      'From Russia with love',
      'From 1 April 2020',
      'From me\nTo: you',
    ]) {
      assert.ok(first.includes(trap), `message 1 keeps "${trap}"`);
    }
    // Message 2 is followed by "From - " with no blank line: it keeps its last line ending.
    const m2 = records[1]!;
    assert.equal(m2.location.offset + m2.location.length, lineOf(file, 'From - \n'));
    assert.ok(text(m2.bytes).endsWith('\nx\n'));
    // Message 3 is followed by a blank line and the Gmail postmark: the blank line is dropped.
    const m3 = records[2]!;
    assert.equal(m3.location.offset + m3.location.length, lineOf(file, 'From 1844347792267117879@xxx') - 1);
    assert.equal(records[3]!.location.offset + records[3]!.location.length, bytes.length);
  });

  void it('Containers mbox - CRLF files split the same, offsets in CRLF bytes', async () => {
    const lf = fixture('from-trap.mbox');
    const crlf = toCrlf(lf);
    const a = await collect(readMbox(chunked(lf, 65536), where));
    const b = await collect(readMbox(chunked(crlf, 65536), where));
    assert.equal(b.length, a.length);
    const file = text(crlf);
    for (const [i, r] of b.entries()) {
      assert.equal(r.type, 'message');
      assert.equal(r.location.offset, lineOf(file, `Message-ID: <${i + 1}@`));
      assert.equal(text(r.bytes), text(a[i]!.bytes).replace(/\n/g, '\r\n'));
      assert.deepEqual(r.bytes, crlf.subarray(r.location.offset, r.location.offset + r.location.length));
    }
    // The blank line "\r\n" before the Gmail postmark is excluded whole.
    const m3 = b[2]!;
    assert.equal(m3.location.offset + m3.location.length, lineOf(file, 'From 1844347792267117879@xxx') - 2);
  });

  void it('Containers mbox - classic Mac OS line ends (a lone CR) split the same, in any chunks, bytes as written', async () => {
    for (const name of ['from-trap.mbox', 'mboxrd-escapes.mbox']) {
      const lf = fixture(name);
      const cr = Buffer.from(text(lf).replace(/\n/g, '\r'), 'latin1');
      const a = await collect(readMbox(chunked(lf, 65536), where));
      const file = text(cr);
      for (const size of [1, 2, 7, 65536]) {
        const b = await collect(readMbox(chunked(cr, size), where));
        assert.equal(b.length, a.length, `${name} in ${size}-byte chunks`);
        for (const [i, r] of b.entries()) {
          assert.equal(r.type, 'message');
          assert.equal(r.location.offset, lineOf(file, `Message-ID: <${i + 1}@`));
          // The same framing (the blank line before a separator excluded) and mboxrd unquoting.
          assert.equal(text(r.bytes), text(a[i]!.bytes).replace(/\n/g, '\r'));
          assert.equal(r.location.length, a[i]!.location.length);
        }
      }
    }
  });

  void it('Containers mbox - chunk boundaries change nothing', async () => {
    for (const name of ['mboxrd-escapes.mbox', 'from-trap.mbox', 'leading-garbage.mbox']) {
      for (const bytes of [fixture(name), toCrlf(fixture(name))]) {
        const whole = (await collect(readMbox(chunked(bytes, bytes.length), where))).map((r) => [
          shape(r),
          text(r.bytes),
        ]);
        for (const size of [1, 2, 3, 5, 7, 64, 1000]) {
          const split = (await collect(readMbox(chunked(bytes, size), where))).map((r) => [
            shape(r),
            text(r.bytes),
          ]);
          assert.deepEqual(split, whole, `${name} in ${size}-byte chunks`);
        }
      }
    }
  });

  void it('Containers mbox - bytes before the first separator are kept as unreadable', async () => {
    const bytes = fixture('leading-garbage.mbox');
    const file = text(bytes);
    const records = await collect(readMbox(chunked(bytes, 65536), where));
    assert.deepEqual(
      records.map((r) => r.type),
      ['unreadable', 'message'],
    );
    const junk = records[0]!;
    assert.equal(junk.location.offset, 0);
    assert.equal(junk.location.length, lineOf(file, 'From alice@'));
    assert.equal(text(junk.bytes), file.slice(0, junk.location.length));
    assert.match(junk.type === 'unreadable' ? junk.reason : '', /before the first mbox "From " separator/);
    assert.equal(records[1]!.location.offset, lineOf(file, 'Message-ID: <1@'));
  });

  void it('Containers mbox - no separator at all is one unreadable covering everything', async () => {
    const bytes = fixture('plain.eml');
    const records = await collect(readMbox(chunked(bytes, 100), where));
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.equal(r.type, 'unreadable');
    assert.deepEqual([r.location.offset, r.location.length], [0, bytes.length]);
    assert.match(r.type === 'unreadable' ? r.reason : '', /no mbox "From " separator/);
  });

  void it('Containers mbox - empty input and empty messages are reported, not dropped', async () => {
    const empty = await collect(readMbox(chunked(new Uint8Array(0), 1), where));
    assert.deepEqual(empty.map(shape), ['unreadable - 0+0']);
    const twoSeparators = Buffer.from(
      'From a@example.com Mon Jan  1 10:00:00 2024\n\nFrom b@example.com Mon Jan  1 10:00:00 2024\nSubject: b\n\nbody\n',
    );
    const records = await collect(readMbox(chunked(twoSeparators, 65536), where));
    assert.deepEqual(
      records.map((r) => r.type),
      ['unreadable', 'message'],
    );
    assert.match(records[0]!.type === 'unreadable' ? records[0]!.reason : '', /empty message/);
  });

  void it('Containers mbox - a UTF-8 BOM before the first separator is framing', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture('mboxrd-escapes.mbox')]);
    const records = await collect(readMbox(chunked(bytes, 4), where));
    assert.equal(records.length, 2);
    assert.equal(records[0]!.location.offset, lineOf(text(bytes), 'Message-ID: <1@'));
  });

  void it('Containers mbox - a message over maxMessageBytes becomes unreadable with its head kept, the rest goes on', async () => {
    const big = 'x'.repeat(5000);
    const mbox = Buffer.from(
      `From a@example.com Mon Jan  1 10:00:00 2024\nSubject: big\n\n${big}\n\n` +
        `From b@example.com Mon Jan  1 10:00:00 2024\nSubject: small\n\nsmall\n`,
    );
    const file = text(mbox);
    const records = await collect(readMbox(chunked(mbox, 300), where, { maxMessageBytes: 1000 }));
    assert.deepEqual(
      records.map((r) => r.type),
      ['unreadable', 'message'],
    );
    const over = records[0]!;
    assert.equal(over.location.offset, file.indexOf('Subject: big'));
    assert.equal(over.location.offset + over.location.length, file.indexOf('From b@') - 1);
    assert.ok(text(over.bytes).startsWith('Subject: big\n\nxxx'));
    assert.match(over.type === 'unreadable' ? over.reason : '', /larger than the 1000-byte limit/);
    assert.equal(text(records[1]!.bytes), 'Subject: small\n\nsmall\n');
  });
});
