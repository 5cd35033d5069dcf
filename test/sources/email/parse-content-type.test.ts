import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContentType } from '../../../src/sources/email/parse-content-type.js';

const params = (s: string) => Object.fromEntries(parseContentType(s).params);

test('Content-Type - type, subtype and parameters, case and comments', () => {
  const ct = parseContentType(' Text/HTML ; Charset = "UTF-8" (comment); format=flowed');
  assert.equal(ct.type, 'text');
  assert.equal(ct.subtype, 'html');
  assert.deepEqual(Object.fromEntries(ct.params), { charset: 'UTF-8', format: 'flowed' });
  assert.deepEqual(parseContentType('inline').subtype, null);
});

test('Content-Type - RFC 2231 continuations, charsets and encodings', () => {
  assert.deepEqual(params("attachment; filename*=UTF-8''%C3%A6rlig%20s%C3%B8knad.pdf"), {
    filename: 'ærlig søknad.pdf',
  });
  assert.deepEqual(
    params('attachment; filename*0*=iso-8859-1\'no\'Bl%E5; filename*1="b\u00e6r "; filename*2*=%F8.txt'),
    {
      filename: 'Blåbær ø.txt',
    },
  );
  // Sections out of order, and the RFC 2231 form winning over a plain duplicate.
  assert.deepEqual(params('x/y; name*1="b"; name="fallback"; name*0="a"'), { name: 'ab' });
});

test('Content-Type - real-world breakage: missing ;, unquoted spaces, encoded words, backslashes', () => {
  assert.deepEqual(params('multipart/mixed\n\tboundary="b1"'), { boundary: 'b1' });
  assert.deepEqual(params('application/pdf; name=my report.pdf'), { name: 'my report.pdf' });
  assert.deepEqual(params('application/pdf; name="=?utf-8?B?w6bDuMOl?=.pdf"'), { name: 'æøå.pdf' });
  assert.deepEqual(params('application/msword; name="C:\\temp\\a \\"b\\".doc"'), {
    name: 'C:\\temp\\a "b".doc',
  });
  assert.deepEqual(params('text/plain; name="unterminated'), { name: 'unterminated' });
});
