import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64 } from '../../../src/sources/email/decode-base64.js';
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
