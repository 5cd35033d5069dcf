import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeMboxrd, mboxFromLine, mboxrdEntry } from '../../src/export/mboxrd.js';
import { readMbox } from '../../src/sources/containers/mbox-reader.js';
import { postmarkShape } from '../../src/sources/containers/mbox-separator.js';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function messagesOf(mbox: Buffer): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const r of readMbox(once(mbox), { path: '/test.mbox', member: null })) {
    assert.equal(r.type, 'message', r.type === 'unreadable' ? r.reason : '');
    if (r.type === 'message') out.push(Buffer.from(r.bytes));
  }
  return out;
}

const msg = (text: string): Buffer => Buffer.from(text, 'utf8');

void describe('Export - mboxrd', () => {
  void test('mboxrd - the From_ line has the sender and the UTC date in asctime form', () => {
    assert.equal(
      mboxFromLine('rob.goldstone@example.net', '2016-06-03T14:36:00.000Z'),
      'From rob.goldstone@example.net Fri Jun  3 14:36:00 2016',
    );
    assert.equal(mboxFromLine(null, null), 'From MAILER-DAEMON Thu Jan  1 00:00:00 1970');
    assert.equal(mboxFromLine('two words\n@x', 'not a date'), 'From twowords@x Thu Jan  1 00:00:00 1970');
    assert.equal(postmarkShape(mboxFromLine('a@b', '2016-10-12T12:31:00Z')), 'strong');
  });

  void test('mboxrd - lines starting with >*From get one more >, nothing else changes', () => {
    const raw = msg('Subject: x\n\nFrom here\n>From there\n>>From far\nFromage\n From no\nend From x\n');
    assert.equal(
      escapeMboxrd(raw).toString(),
      'Subject: x\n\n>From here\n>>From there\n>>>From far\nFromage\n From no\nend From x\n',
    );
    assert.equal(escapeMboxrd(msg('From first line\n')).toString(), '>From first line\n');
    const plain = msg('Subject: y\n\nnothing to quote\n');
    assert.equal(escapeMboxrd(plain).toString(), plain.toString());
  });

  void test('mboxrd - messages read back byte for byte: From lines in bodies, CRLF, 8-bit and binary bytes', async () => {
    const messages = [
      msg(
        'From: a@example.org\nSubject: one\n\nFrom Russia with love\n>From quoted\n\n\nFrom a@b Fri Jun  3 14:36:00 2016\nlast\n',
      ),
      msg('From: b@example.org\r\nSubject: two\r\n\r\nFrom here on\r\nCRLF body\r\n'),
      Buffer.concat([
        msg('From: c@example.org\nSubject: bytes\n\n'),
        Buffer.from([0, 1, 0xff, 0xfe, 0x0d, 0x0a]),
        msg('ærlig\n'),
      ]),
      msg('From: d@example.org\nSubject: blank lines at the end\n\ntext\n\n\n'),
    ];
    const mbox = Buffer.concat(
      messages.map((m, i) => mboxrdEntry(m, `s${i}@example.org`, '2016-10-12T12:31:00Z')),
    );
    const back = await messagesOf(mbox);
    assert.equal(back.length, messages.length);
    back.forEach((b, i) => assert.deepEqual(b, messages[i], `message ${i}`));
  });

  void test('mboxrd - a message without a last line ending gains one (the only change)', async () => {
    const a = msg('From: a@example.org\nSubject: cut\n\nno newline at the end');
    const b = msg('From: b@example.org\nSubject: next\n\nsecond\n');
    const back = await messagesOf(
      Buffer.concat([mboxrdEntry(a, 'a@example.org', null), mboxrdEntry(b, 'b@example.org', null)]),
    );
    assert.deepEqual(back, [Buffer.concat([a, msg('\n')]), b]);
  });
});
