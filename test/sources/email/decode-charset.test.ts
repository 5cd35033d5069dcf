import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCharset } from '../../../src/sources/email/decode-charset.js';
import { decodeWindows1252 } from '../../../src/sources/email/windows-1252.js';
import { decodeUtf7 } from '../../../src/sources/email/utf7.js';

const dec = (bytes: number[] | string, charset: string | null) => {
  const flags = new Set<string>();
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Uint8Array.from(bytes);
  return { text: decodeCharset(b, charset, flags), flags: [...flags] };
};

test('Charsets - windows-1252 0x80-0x9F are letters, not C1 controls (Node TextDecoder trap)', () => {
  assert.equal(decodeWindows1252(Uint8Array.from([0x80])), '€');
  assert.equal(decodeWindows1252(Uint8Array.from([0x93, 0x94])), '“”');
  assert.equal(decodeWindows1252(Uint8Array.from([0x96, 0x97, 0x85, 0x99])), '–—…™');
  // The five unassigned bytes stay as their C1 code points, as WHATWG decodes them.
  assert.equal(decodeWindows1252(Uint8Array.from([0x81, 0x8d])), '\u0081\u008d');
  for (let b = 0xa0; b <= 0xff; b++)
    assert.equal(decodeWindows1252(Uint8Array.from([b])), String.fromCharCode(b));
  for (const label of ['windows-1252', 'iso-8859-1', 'ISO8859-1', 'latin1', 'l1', 'cp1252', 'x-cp1252']) {
    assert.equal(dec([0x80, 0x93, 0x94, 0x96], label).text, '€“”–', label);
  }
});

test('Charsets - undeclared or us-ascii: strict UTF-8, else windows-1252 flagged', () => {
  assert.deepEqual(dec(Buffer.from('blåbær', 'utf8').toString('latin1'), null), {
    text: 'blåbær',
    flags: [],
  });
  assert.deepEqual(dec('bl\xe5b\xe6r \x93', 'us-ascii'), {
    text: 'blåbær “',
    flags: ['charset-fallback:windows-1252'],
  });
});

test('Charsets - declared utf-8: Latin-1 bytes fall back; a few bad bytes in real UTF-8 do not', () => {
  assert.deepEqual(dec('f\xf8r', 'utf-8'), { text: 'før', flags: ['charset-fallback:windows-1252'] });
  const damaged = Buffer.concat([Buffer.from('blåbærsyltetøy '), Buffer.from([0xff])]);
  assert.deepEqual(dec([...damaged], 'utf8'), {
    text: 'blåbærsyltetøy \ufffd',
    flags: ['charset-damaged:utf-8'],
  });
});

test('Charsets - legacy multi-byte and Cyrillic charsets through TextDecoder', () => {
  assert.equal(dec([0x93, 0xfa, 0x96, 0x7b], 'shift_jis').text, '日本');
  assert.equal(dec([0x93, 0xfa, 0x96, 0x7b], 'cp932').text, '日本');
  assert.equal(dec([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x1b, 0x28, 0x42], 'iso-2022-jp').text, '日本');
  assert.equal(dec([0xf0, 0xd2, 0xc9], 'koi8-r').text, 'При');
  assert.equal(dec([0xc4, 0xe3, 0xba, 0xc3], 'gb2312').text, '你好');
  assert.equal(dec([0xc4, 0xe3, 0xba, 0xc3], 'cp936').text, '你好');
  assert.equal(dec([0xbe, 0xc8], 'ks_c_5601-1987').text, '안');
  assert.equal(dec([0xa7, 0x41], 'big5').text, '你');
  assert.equal(dec([0xcf, 0xf0, 0xe8], 'windows-1251').text, 'При');
});

test('Charsets - UTF-7, UTF-16 by byte-order mark or its zero bytes, UTF-32', () => {
  assert.equal(decodeUtf7(Buffer.from('Hi Mom -+Jjo--! A+ImIDkQ. 1 +- 1')), 'Hi Mom -☺-! A≢Α. 1 + 1');
  assert.equal(dec('+AOYA+ADl-', 'unicode-1-1-utf-7').text, 'æøå');
  assert.equal(dec([0xff, 0xfe, 0xe6, 0x00], 'utf-16').text, 'æ');
  assert.equal(dec([0xfe, 0xff, 0x00, 0xe6], 'utf-16').text, 'æ');
  assert.equal(dec([0x00, 0xe6], 'utf-16').text, 'æ');
  // No byte-order mark: the zero high bytes of Latin text tell the order (Windows writes
  // little-endian); without zeros, big-endian as RFC 2781 says.
  assert.equal(dec([...Buffer.from('<p>Hei på deg</p>', 'utf16le')], 'utf-16').text, '<p>Hei på deg</p>');
  const be = Buffer.from('<p>Hei på deg</p>', 'utf16le').swap16();
  assert.equal(dec([...be], 'utf-16').text, '<p>Hei på deg</p>');
  assert.equal(dec([0x65, 0xe5, 0x67, 0x2c], 'utf-16').text, '日本'); // U+65E5 U+672C, big-endian
  assert.equal(dec([0, 0, 0, 0xe6, 0, 1, 0xf6, 0x00], 'utf-32').text, 'æ😀');
});

test('Charsets - unknown labels are decoded as undeclared and flagged with the label', () => {
  assert.deepEqual(dec('abc', 'x-foo'), { text: 'abc', flags: ['charset-unknown:x-foo'] });
  assert.deepEqual(dec('\xe6', 'x-foo'), {
    text: 'æ',
    flags: ['charset-unknown:x-foo', 'charset-fallback:windows-1252'],
  });
  // WHATWG's "replacement" encodings would decode to U+FFFD only: treated as unknown.
  assert.equal(dec('abc', 'iso-2022-kr').flags[0], 'charset-unknown:iso-2022-kr');
});

test("Charsets - Windows' GDI charset names (CHINESEBIG5, GB2312_CHARSET, RUSSIAN_CHARSET) and latin_1 are read as what they name", () => {
  const big5 = Buffer.from('a4a4a4e5', 'hex'); // 中文
  assert.deepEqual(dec([...big5], 'CHINESEBIG5'), { text: '中文', flags: ['charset-alias:chinesebig5'] });
  const gb = Buffer.from('d6d0cec4', 'hex'); // 中文
  assert.deepEqual(dec([...gb], 'GB2312_CHARSET'), { text: '中文', flags: ['charset-alias:gb2312_charset'] });
  assert.deepEqual(dec([0xcf, 0xf0, 0xe8], 'RUSSIAN_CHARSET'), {
    text: 'При',
    flags: ['charset-alias:russian_charset'],
  });
  assert.deepEqual(dec([0xe6, 0xf8, 0xe5], 'latin_1'), { text: 'æøå', flags: ['charset-alias:latin_1'] });
  assert.deepEqual(dec([0x61], 'CHINESEBIG5'), { text: 'a', flags: [] }, 'ASCII reads alike either way');
  // As innsyn read them before (for ids): unknown labels, undeclared text.
  const before = new Set<string>();
  assert.equal(decodeCharset(big5, 'CHINESEBIG5', before, true), '¤¤¤å');
  assert.deepEqual([...before], ['charset-unknown:chinesebig5', 'charset-fallback:windows-1252']);
});
