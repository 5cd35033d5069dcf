import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readInput, readMbox } from '../../../src/sources/containers/index.js';
import { sharedPath } from '../../helpers/shared.js';
import { chunked, collect, shape, text } from './collect.js';

const mimekit = sharedPath('corpora/mimekit/UnitTests/TestData/mbox');
const fedora = sharedPath('corpora/jwzthreading-fedora-devel/jwzthreading/tests/data/fedora-devel-mailman');
const aleph = sharedPath('corpora/aleph-ingest-file/tests/fixtures');

/** One entry of MimeKit's *-offsets.json (only the fields used here). */
interface MimeKitOffsets {
  mboxMarkerOffset: number;
  beginOffset: number;
  endOffset: number;
}

/**
 * MimeKit's oracle, and the one deliberate difference: MimeKit ends a message before the line
 * ending that precedes the next "From " line. When a blank line separates them (the RFC 4155
 * layout) that is exactly our end (the blank line is framing). When there is none (Mozilla's
 * files), MimeKit also cuts the message's own last line ending, which we keep: so there our end
 * is MimeKit's plus that line ending.
 */
async function checkAgainstMimeKit(name: string, crlf: boolean): Promise<void> {
  const dir = mimekit.path;
  let bytes = readFileSync(path.join(dir, `${name}.mbox.txt`));
  if (crlf) bytes = Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
  const expected = JSON.parse(
    readFileSync(path.join(dir, `${name}.${crlf ? 'dos' : 'unix'}-offsets.json`), 'utf8'),
  ) as MimeKitOffsets[];
  const records = await collect(readMbox(chunked(bytes, 65536), { path: name, member: null }));
  assert.equal(records.length, expected.length, `${name}: message count`);
  const eol = crlf ? 2 : 1;
  for (const [i, e] of expected.entries()) {
    const r = records[i]!;
    assert.equal(r.type, 'message', `${name} #${i}`);
    assert.equal(r.location.offset, e.beginOffset, `${name} #${i} begin`);
    const next = expected[i + 1];
    const end = r.location.offset + r.location.length;
    if (next === undefined) {
      assert.equal(end, e.endOffset, `${name} #${i} end (last message)`);
      continue;
    }
    const blankBefore =
      next.mboxMarkerOffset - e.endOffset === eol &&
      /\r?\n\r?\n$/.test(text(bytes.subarray(0, next.mboxMarkerOffset)));
    assert.equal(end, blankBefore ? e.endOffset : e.endOffset + eol, `${name} #${i} end`);
    assert.ok(end <= next.mboxMarkerOffset);
  }
}

void describe('Containers mbox corpora', () => {
  for (const name of ['content-length', 'issue1189']) {
    for (const crlf of [false, true]) {
      void it(
        `Containers mbox corpora - MimeKit ${name} offsets (${crlf ? 'CRLF' : 'LF'})`,
        { skip: mimekit.skip },
        async () => {
          await checkAgainstMimeKit(name, crlf);
        },
      );
    }
  }

  void it(
    'Containers mbox corpora - MimeKit content-length mbox: Content-Length headers ignored, count from its summary',
    { skip: mimekit.skip },
    async () => {
      // The summary lists each message as a "From " marker line followed by its headers.
      const summary = readFileSync(path.join(mimekit.path, 'content-length-summary.txt'), 'utf8');
      const subjects = [...summary.matchAll(/^Subject: (.*)$/gm)].map((m) => m[1]!.trim());
      const records = await collect(readInput(path.join(mimekit.path, 'content-length.mbox.txt')));
      assert.equal(records.length, subjects.length);
      for (const [i, r] of records.entries()) {
        const subject = /^Subject: (.*)$/m.exec(text(r.bytes))?.[1]?.trim();
        assert.equal(subject, subjects[i], `message ${i}`);
      }
    },
  );

  void it(
    'Containers mbox corpora - MimeKit unmunged mbox: BOM, bare "From -", unescaped body lines',
    { skip: mimekit.skip },
    async () => {
      const records = await collect(readInput(path.join(mimekit.path, 'unmunged.mbox.txt')));
      assert.equal(records.length, 2, records.map(shape).join('\n'));
      for (const r of records) {
        assert.equal(r.type, 'message');
        assert.ok(text(r.bytes).includes('\nFrom Russia with love\n'));
      }
      assert.match(text(records[1]!.bytes), /^Subject: Another test message/m);
    },
  );

  void it(
    'Containers mbox corpora - MimeKit simple mbox: three messages',
    { skip: mimekit.skip },
    async () => {
      const records = await collect(readInput(path.join(mimekit.path, 'simple.mbox.txt')));
      assert.equal(records.filter((r) => r.type === 'message').length, 3);
      assert.equal(records.length, 3);
    },
  );

  void it(
    'Containers mbox corpora - fedora-devel January 2010 has 292 messages, plain and gzipped',
    { skip: fedora.skip },
    async () => {
      for (const file of ['2010-January.mbox', '2010-January.txt.gz']) {
        const records = await collect(readInput(path.join(fedora.path, file)));
        assert.equal(records.length, 292, file);
        assert.ok(records.every((r) => r.type === 'message'));
        assert.equal(new Set(records.map((r) => r.location.offset)).size, 292);
        // Every message starts with a header line.
        assert.ok(records.every((r) => /^[\x21-\x39\x3b-\x7e]+:/.test(text(r.bytes.subarray(0, 200)))));
        if (file.endsWith('.gz')) assert.equal(records[0]!.location.member, '2010-January.txt');
      }
      // The gzipped copy is the same mbox: same offsets inside it.
      const plain = await collect(readInput(path.join(fedora.path, '2010-January.mbox')));
      const gz = await collect(readInput(path.join(fedora.path, '2010-January.txt.gz')));
      assert.deepEqual(
        gz.map((r) => [r.location.offset, r.location.length]),
        plain.map((r) => [r.location.offset, r.location.length]),
      );
    },
  );

  void it('Containers mbox corpora - aleph plan.mbox is one message', { skip: aleph.skip }, async () => {
    const file = path.join(aleph.path, 'plan.mbox');
    const bytes = readFileSync(file);
    const records = await collect(readInput(file));
    assert.equal(records.length, 1);
    const r = records[0]!;
    assert.equal(r.type, 'message');
    assert.equal(r.location.offset, bytes.indexOf('\n') + 1);
    assert.equal(r.location.path, file);
    assert.equal(r.location.member, null);
  });
});
