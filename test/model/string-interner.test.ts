import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringInterner } from '../../src/model/text/string-interner.js';

void describe('Model - string interner', () => {
  void it('numbers strings densely in the order first seen, through many rehashes', () => {
    const interner = new StringInterner();
    const n = 100_000;
    for (let i = 0; i < n; i++) assert.equal(interner.code(`id-${i}@example.org`), i);
    // Equal strings made apart (not the same object) get the same number.
    for (let i = n - 1; i >= 0; i -= 7) assert.equal(interner.code(['id-', i, '@example.org'].join('')), i);
    assert.equal(interner.size, n);
    assert.equal(interner.find('id-99999@example.org'), 99_999);
    assert.equal(interner.find('id-100000@example.org'), -1);
    assert.equal(interner.size, n, 'find adds nothing');
    assert.equal(interner.strings[12_345], 'id-12345@example.org');
  });

  void it('tells apart strings that differ only in case, order or length, and the empty string', () => {
    const interner = new StringInterner();
    const words = ['ab', 'ba', 'AB', 'a', 'abc', '', 'æøå', 'ÆØÅ', 'a\u0000b', 'a\u0000c'];
    const codes = words.map((w) => interner.code(w));
    assert.deepEqual(
      codes,
      words.map((_, i) => i),
    );
    assert.deepEqual(
      words.map((w) => interner.code(w)),
      codes,
    );
    assert.deepEqual(interner.strings, words);
  });
});
