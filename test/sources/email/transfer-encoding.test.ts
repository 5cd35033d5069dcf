import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64, decodeBase64Data } from '../../../src/sources/email/decode-base64.js';
import { decodeQuotedPrintable } from '../../../src/sources/email/decode-quoted-printable.js';

const qp = (s: string) => {
  const flags = new Set<string>();
  const b = Buffer.from(s, 'latin1');
  return {
    text: Buffer.from(decodeQuotedPrintable(b, 0, b.length, flags)).toString('latin1'),
    flags: [...flags],
  };
};
const b64 = (s: string) => {
  const flags = new Set<string>();
  const b = Buffer.from(s, 'latin1');
  return { text: Buffer.from(decodeBase64(b, 0, b.length, flags)).toString('latin1'), flags: [...flags] };
};

test('Quoted-printable - escapes in either case, soft line breaks with or without CR or padding', () => {
  assert.deepEqual(qp('a=3Db=3db'), { text: 'a=b=b', flags: [] });
  assert.deepEqual(qp('long=\r\nline=\nend= \t\r\nx='), { text: 'longlineendx', flags: [] });
});

test('Quoted-printable - bad escapes are kept as written and flagged', () => {
  assert.deepEqual(qp('50% =off =G1 =4'), { text: '50% =off =G1 =4', flags: ['bad-quoted-printable'] });
});

test('Base64 - line breaks, missing padding and garbage characters', () => {
  assert.deepEqual(b64('aGVs\r\nbG8='), { text: 'hello', flags: [] });
  assert.deepEqual(b64('aGVsbG8'), { text: 'hello', flags: [] });
  assert.deepEqual(b64('aGV!sb>G8='), { text: 'hello', flags: ['bad-base64'] });
});

test('Base64 - two padded blobs concatenated decode as both', () => {
  assert.deepEqual(b64('aGk=\nYWdhaW4=\n'), { text: 'hiagain', flags: [] });
});

test('Base64 - text after the padding is not data (a list footer, "ignored")', () => {
  assert.deepEqual(b64('aGk= ignored'), { text: 'hi', flags: ['bad-base64'] });
  assert.deepEqual(b64('aGk=\n\n_______________\nmailing list footer\n'), {
    text: 'hi',
    flags: ['bad-base64'],
  });
});

test('Base64 - data that comes out even (no padding) ends where text starts: a list footer is not data', () => {
  const footer = '\n\n-------------------------\nThis list is sponsored by: Example\nlist mailing list\n';
  // "hello world!" is 12 bytes: 16 characters, no padding; the footer used to be decoded into garbage.
  assert.deepEqual(b64(`aGVsbG8g\nd29ybGQh${footer}`), { text: 'hello world!', flags: ['bad-base64'] });
  // Text right after the data, with no blank line before it; a rule of underscores alone.
  assert.deepEqual(b64('aGVsbG8g\nd29ybGQh\nlist mailing list\n'), {
    text: 'hello world!',
    flags: ['bad-base64'],
  });
  assert.deepEqual(b64('aGVsbG8g\nd29ybGQh\n_______________\n'), {
    text: 'hello world!',
    flags: ['bad-base64'],
  });
  // A boundary left behind (an undeclared multipart's close delimiter), mostly base64 letters.
  assert.deepEqual(b64('aGVsbG8g\nd29ybGQh\n--DeathToSpamDeathToSpamDeathToSpam--\n'), {
    text: 'hello world!',
    flags: ['bad-base64'],
  });
  // After a blank line, any line that is not clean base64 (a bare URL) ends the data.
  assert.deepEqual(b64('aGVsbG8g\nd29ybGQh\n\nhttp://lists.example.net/x\n'), {
    text: 'hello world!',
    flags: ['bad-base64'],
  });
});

test('Base64 - where the data ends: the text after it starts after the last data line, blank lines its own', () => {
  const at = (s: string) => {
    const b = Buffer.from(s, 'latin1');
    return b.toString('latin1', decodeBase64Data(b, 0, b.length, new Set()).dataEnd);
  };
  assert.equal(at('aGVsbG8g\r\nd29ybGQh\r\n\r\n\r\n-----\r\nfooter\r\n'), '\r\n\r\n-----\r\nfooter\r\n');
  assert.equal(at('aGk=\n\n____\nfooter\n'), '\n____\nfooter\n');
  // A word on the padding's own line is dropped as before; the lines after it are text.
  assert.equal(at('aGk= ignored\nfooter\n'), 'footer\n');
  assert.equal(at('aGk= ignored'), '');
  assert.equal(at('aGVsbG8g\nd29ybGQh\n'), '');
});

test('Base64 - stray characters, a single gap, quoting and CR-only line ends inside the data stay data', () => {
  assert.deepEqual(b64('aGVsbG8g\nd29y!bGQh\n'), { text: 'hello world!', flags: ['bad-base64'] });
  assert.deepEqual(b64('aGVsbG8g\nd29y bGQh\n'), { text: 'hello world!', flags: [] });
  assert.deepEqual(b64('> aGVsbG8g\n> d29ybGQh\n'), { text: 'hello world!', flags: ['bad-base64'] });
  assert.deepEqual(b64('aGVsbG8g\rd29ybGQh\r'), { text: 'hello world!', flags: [] });
  // Only after a clean line: a body whose first line is already text decodes as before.
  const first = Buffer.from('aGk ignored words here\nd29ybGQh\n', 'latin1');
  assert.deepEqual(
    decodeBase64(first, 0, first.length, new Set()),
    decodeBase64(first, 0, first.length, new Set(), true),
  );
});

test('Base64 - asBefore decodes through the text after the data, as innsyn did before (for ids)', () => {
  const b = Buffer.from('aGVsbG8g\nd29ybGQh\n\nlist mailing list\n', 'latin1');
  const before = decodeBase64(b, 0, b.length, new Set(), true);
  assert.equal(Buffer.from(before).toString('latin1', 0, 12), 'hello world!');
  assert.ok(before.length > 12);
});
