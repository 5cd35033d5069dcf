import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEncodedWords } from '../../../src/sources/email/decode-encoded-words.js';

test('Encoded words - B and Q, any case, in any charset TextDecoder knows', () => {
  assert.equal(decodeEncodedWords('=?UTF-8?B?w6bDuMOl?='), 'æøå');
  assert.equal(decodeEncodedWords('=?iso-8859-1?q?Bl=E5b=E6r_syltet=F8y?='), 'Blåbær syltetøy');
  assert.equal(decodeEncodedWords('=?koi8-r?B?8NLJ18XU?='), 'Привет');
  assert.equal(decodeEncodedWords('=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?='), '日本語');
  assert.equal(decodeEncodedWords('=?utf-8?q?a=3Db=5fc?='), 'a=b_c');
});

test('Encoded words - white space between adjacent words is dropped, elsewhere kept', () => {
  assert.equal(decodeEncodedWords('=?utf-8?q?a?= =?utf-8?q?b?='), 'ab');
  assert.equal(decodeEncodedWords('=?utf-8?q?a?=\r\n =?utf-8?q?b?='), 'ab');
  assert.equal(decodeEncodedWords('=?utf-8?q?a?= b =?utf-8?q?c?='), 'a b c');
  assert.equal(decodeEncodedWords('x =?utf-8?q?a?= y'), 'x a y');
  assert.equal(decodeEncodedWords('=?utf-8?q?a_?= =?iso-8859-1?q?=E6?='), 'a æ');
});

test('Encoded words - a character split across two words is rejoined', () => {
  // "ø" is C3 B8 in UTF-8; Outlook splits words at any byte.
  assert.equal(decodeEncodedWords('=?utf-8?B?w6Y=?= =?utf-8?q?=C3?= =?utf-8?q?=B8?='), 'æø');
});

test('Encoded words - RFC 2231 language suffix on the charset is ignored', () => {
  assert.equal(decodeEncodedWords('=?US-ASCII*EN?Q?Keith_Moore?='), 'Keith Moore');
});

test('Encoded words - broken ones are left exactly as written', () => {
  for (const s of [
    '=?utf-8?q?no end',
    '=?utf-8?x?abc?=',
    '=??q?abc?=',
    '=?utf-8?q?has space?=',
    '=?',
    'a =? b ?= c',
  ]) {
    assert.equal(decodeEncodedWords(s), s);
  }
});

test('Encoded words - unknown charset: decoded as undeclared and flagged', () => {
  const flags = new Set<string>();
  assert.equal(decodeEncodedWords('=?x-klingon?q?abc?=', flags), 'abc');
  assert.ok(flags.has('charset-unknown:x-klingon'));
});

test('Encoded words - a hostile value of many unclosed words is linear', () => {
  const s = '=?utf-8?q?x '.repeat(50_000);
  const t0 = performance.now();
  assert.equal(decodeEncodedWords(s), s);
  assert.ok(performance.now() - t0 < 1000);
});
