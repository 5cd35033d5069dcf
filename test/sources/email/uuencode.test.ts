import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { emailToItem } from '../../../src/ingest/email-to-item.js';
import type { RawMessage } from '../../../src/model/index.js';
import { parseEmail } from '../../../src/sources/email/index.js';
import { decodeUuencodedPart, takeUuencodedFiles } from '../../../src/sources/email/uuencode.js';

/**
 * Files uuencoded into a mail's text (MIME-tools' test mails uu-zeegee.msg and uu-junk.msg,
 * written again here with files of our own), and the `x-uuencode` transfer encoding.
 */

/** Our own uuencoder, as `uuencode(1)` writes: 45 bytes a line, a backquote for zero. */
function uuencode(bytes: Uint8Array, eol = '\n'): string {
  const ch = (v: number) => String.fromCharCode(v === 0 ? 96 : v + 32);
  let out = '';
  for (let i = 0; i < bytes.length; i += 45) {
    const line = bytes.subarray(i, i + 45);
    out += ch(line.length);
    for (let k = 0; k < line.length; k += 3) {
      const a = line[k] ?? 0;
      const b = line[k + 1] ?? 0;
      const c = line[k + 2] ?? 0;
      out += ch(a >> 2) + ch(((a << 4) | (b >> 4)) & 63) + ch(((b << 2) | (c >> 6)) & 63) + ch(c & 63);
    }
    out += eol;
  }
  return `${out}\`${eol}end${eol}`;
}

const take = (text: string, max = 100) => {
  const flags = new Set<string>();
  const out = takeUuencodedFiles(text, max, flags);
  return {
    text: out.text,
    files: out.files.map((f) => [f.name, Buffer.from(f.content).toString('latin1')]),
    flags: [...flags],
  };
};

function pseudoRandomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('uuencoded files in a text body', () => {
  it('decodes the textbook example ("Cat" is #0V%T) and takes the block out of the text', () => {
    const text = 'See the file:\nbegin 644 cat.txt\n#0V%T\n`\nend\nRegards\n';
    assert.deepEqual(take(text), {
      text: 'See the file:\nRegards\n',
      files: [['cat.txt', 'Cat']],
      flags: [],
    });
  });

  it('gives back every byte of a file of any length, with CRLF lines, two files in one text', () => {
    for (const n of [1, 2, 3, 44, 45, 46, 1000]) {
      const bytes = pseudoRandomBytes(n);
      const text = `a\r\nbegin 600 one.bin\r\n${uuencode(bytes, '\r\n')}b\r\nbegin 0644 two.bin\r\n${uuencode(bytes.subarray(1), '\r\n')}c`;
      const flags = new Set<string>();
      const out = takeUuencodedFiles(text, 100, flags);
      assert.deepEqual(
        out.files.map((f) => [
          f.name,
          Buffer.from(f.content).equals(Buffer.from(f.name === 'one.bin' ? bytes : bytes.subarray(1))),
        ]),
        [
          ['one.bin', true],
          ['two.bin', true],
        ],
        `length ${n}`,
      );
      assert.equal(out.text, 'a\r\nb\r\nc');
      assert.deepEqual([...flags], []);
    }
  });

  it('leaves prose alone: a begin line followed by words, or by a line of capitals', () => {
    for (const text of [
      'We begin 644 days of work\nwith a meeting\nend',
      'begin 644 the plan\nTHE END.\nend\n',
      'begin 644 x.txt\nend\n',
      'begin 64 x.txt\n#0V%T\n`\nend\n',
    ]) {
      assert.deepEqual(take(text), { text, files: [], flags: [] }, text);
    }
  });

  it('a block cut off gives what it has, flagged, and the text after it stays', () => {
    const text = 'begin 644 cat.txt\n#0V%T\nthe rest was lost\n';
    assert.deepEqual(take(text), {
      text: 'the rest was lost\n',
      files: [['cat.txt', 'Cat']],
      flags: ['uuencode-incomplete'],
    });
  });

  it('the zero-length line before end may have lost its space; the name keeps its spaces', () => {
    assert.deepEqual(take('begin 644 my cat.txt\n#0V%T\n\nend\n'), {
      text: '',
      files: [['my cat.txt', 'Cat']],
      flags: [],
    });
  });

  it('takes at most the limit of files and says so', () => {
    const one = 'begin 644 cat.txt\n#0V%T\n`\nend\n';
    const out = take(one + one + one, 2);
    assert.equal(out.files.length, 2);
    assert.equal(out.text, one);
    assert.deepEqual(out.flags, ['limit:parts']);
  });
});

describe('uuencode in parsed mail', () => {
  const gif = pseudoRandomBytes(300);
  const mail = [
    'From: Eryq <eryq@example.org>',
    'To: me@example.org',
    'Subject: two files',
    'Date: Tue, 25 Apr 2000 11:34:43 +0000',
    '',
    "I've uuencoded the logo below.",
    '',
    'begin 644 logo.gif',
    uuencode(gif).trimEnd(),
    '',
    'Mike',
    '',
  ].join('\r\n');

  it('lists the file as an attachment, keeps the text without it, and the id of the text as written', () => {
    const parsed = parseEmail(Buffer.from(mail, 'latin1'));
    assert.equal(parsed.text, "I've uuencoded the logo below.\n\n\nMike\n");
    assert.ok(parsed.textAsWritten?.includes('begin 644 logo.gif'));
    assert.ok(parsed.flags.includes('uuencoded-files'));
    assert.deepEqual(
      parsed.attachments.map((a) => [a.filename, a.contentType, a.disposition, a.size, a.sha256]),
      [['logo.gif', 'image/gif', 'attachment', 300, createHash('sha256').update(gif).digest('hex')]],
    );

    const raw: RawMessage = {
      type: 'message',
      format: 'rfc822',
      bytes: Buffer.from(mail, 'latin1'),
      location: { path: '/case/uu.eml', member: null, offset: 0, length: mail.length },
    };
    const item = emailToItem(parsed, raw);
    const asBefore = emailToItem(
      { ...parsed, text: parsed.textAsWritten as string, textAsWritten: null },
      raw,
    );
    assert.ok(item.ok && asBefore.ok);
    assert.equal(item.item.id, asBefore.item.id);
    assert.ok(!item.item.text.includes('begin 644'));
  });

  it('an HTML body is not searched for uuencode, and mail without any has no text as written', () => {
    const html = mail.replace('Date:', 'Content-Type: text/html\r\nDate:');
    const parsed = parseEmail(Buffer.from(html, 'latin1'));
    assert.deepEqual(parsed.attachments, []);
    assert.equal(parsed.textAsWritten, null);
    assert.equal(parseEmail(Buffer.from('Subject: x\r\n\r\nhello\r\n')).textAsWritten, null);
  });

  it('a part declared x-uuencode is decoded and named by its begin line', () => {
    const multipart = [
      'From: a@example.org',
      'Subject: old mailer',
      'Content-Type: multipart/mixed; boundary=XX',
      '',
      '--XX',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--XX',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: x-uuencode',
      '',
      'begin 644 cat.txt',
      '#0V%T',
      '`',
      'end',
      '--XX--',
      '',
    ].join('\r\n');
    const parsed = parseEmail(Buffer.from(multipart, 'latin1'));
    assert.deepEqual(
      parsed.attachments.map((a) => [a.filename, Buffer.from(a.content).toString('latin1')]),
      [['cat.txt', 'Cat']],
    );
    assert.ok(!parsed.flags.some((f) => f.startsWith('encoding-unknown')));
    assert.equal(decodeUuencodedPart(Buffer.from('no block here')), null);
  });
});
