import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isSafeRelativePath,
  MAX_NAME_BYTES,
  NameAllocator,
  safeFileName,
} from '../../src/export/safe-name.js';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

void describe('Export - safe file names', () => {
  void test('Safe names - ordinary names, Norwegian letters and blanks stay as they are', () => {
    assert.equal(safeFileName('report.pdf'), 'report.pdf');
    assert.equal(safeFileName('ærlig søknad.pdf'), 'ærlig søknad.pdf');
    assert.equal(safeFileName('Q3  numbers\t(final).xlsx'), 'Q3 numbers (final).xlsx');
  });

  void test('Safe names - path traversal keeps only the last segment, never leaves the folder', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('..\\..\\Windows\\system.ini'), 'system.ini');
    assert.equal(safeFileName('C:\\Users\\x\\evil.exe'), 'evil.exe');
    assert.equal(safeFileName('/absolute/name.txt'), 'name.txt');
    assert.equal(safeFileName('dir/'), 'dir', 'a trailing separator: the last non-empty segment');
    for (const bad of ['..', '.', '../..', '/', '\\', '...']) {
      assert.equal(safeFileName(bad, 'attachment'), 'attachment', JSON.stringify(bad));
    }
    assert.equal(safeFileName('.bashrc'), 'bashrc', 'no hidden files');
  });

  void test('Safe names - control, bidi-override and zero-width characters are removed', () => {
    assert.equal(safeFileName('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(safeFileName('a\u0000b\u0007c\u001b[31m.txt'), 'abc[31m.txt');
    assert.equal(safeFileName('zero\u200Bwidth\uFEFF.txt'), 'zerowidth.txt');
    assert.equal(safeFileName('line\u2028break.txt'), 'linebreak.txt');
    assert.equal(safeFileName('\u0085\u009b'), 'file');
  });

  void test('Safe names - characters Windows reserves become _, trailing dots and blanks go', () => {
    assert.equal(safeFileName('a<b>c:d"e|f?g*h.txt'), 'a_b_c_d_e_f_g_h.txt');
    assert.equal(safeFileName('name. . .'), 'name');
    assert.equal(safeFileName('  spaced  '), 'spaced');
  });

  void test('Safe names - Windows device names are prefixed, whatever their case or extension', () => {
    assert.equal(safeFileName('CON'), '_CON');
    assert.equal(safeFileName('con.txt'), '_con.txt');
    assert.equal(safeFileName('Lpt1.pdf'), '_Lpt1.pdf');
    assert.equal(safeFileName('console.txt'), 'console.txt');
  });

  void test('Safe names - long names are cut to the byte limit at a character boundary, keeping the extension', () => {
    const long = `${'ø'.repeat(300)}.pdf`;
    const cut = safeFileName(long);
    assert.ok(bytes(cut) <= MAX_NAME_BYTES, `${bytes(cut)} bytes`);
    assert.ok(cut.endsWith('ø.pdf'));
    assert.ok(!cut.includes('\uFFFD'));
    const emoji = safeFileName('🙂'.repeat(100));
    assert.ok(bytes(emoji) <= MAX_NAME_BYTES);
    assert.equal(
      [...emoji].every((c) => c === '🙂'),
      true,
      'no half surrogate pair',
    );
  });

  void test('Safe names - NFC: the decomposed and composed forms give the same name', () => {
    assert.equal(safeFileName('Tromso\u0308.txt'.replace('o\u0308', 'ø')), 'Tromsø.txt');
    assert.equal(safeFileName('e\u0301.txt'), '\u00e9.txt');
  });

  void test('Name allocator - a clash in letter case or normalisation gets -2, -3 before the extension', () => {
    const names = new NameAllocator();
    assert.equal(names.claim('attachments', 'Report.pdf'), 'attachments/Report.pdf');
    assert.equal(names.claim('attachments', 'report.PDF'), 'attachments/report-2.PDF');
    assert.equal(names.claim('attachments', 'REPORT.pdf'), 'attachments/REPORT-3.pdf');
    assert.equal(names.claim('items', 'Report.pdf'), 'items/Report.pdf', 'another folder is another name');
    assert.equal(names.claim('', 'caf\u00e9'), 'café');
    assert.equal(names.claim('', 'cafe\u0301'), 'cafe\u0301-2');
  });

  void test('Name allocator - the number survives a name at the length limit', () => {
    const names = new NameAllocator();
    const full = safeFileName(`${'x'.repeat(200)}.txt`);
    const a = names.claim('d', full);
    const b = names.claim('d', full);
    assert.notEqual(a, b);
    assert.ok(b.endsWith('-2.txt'), b);
    assert.ok(bytes(b.slice(2)) <= MAX_NAME_BYTES);
  });

  void test('Safe paths - relative, no empty, dot or dot-dot segments, no backslash, colon or control', () => {
    for (const ok of ['manifest.json', 'items/abc.eml', 'attachments/ab-ærlig søknad.pdf']) {
      assert.equal(isSafeRelativePath(ok), true, ok);
    }
    for (const bad of [
      '',
      '/etc/passwd',
      '../x',
      'a/../b',
      'a//b',
      './a',
      'a/',
      'a\\b',
      'C:x',
      'a\nb',
      'x'.repeat(2000),
    ]) {
      assert.equal(isSafeRelativePath(bad), false, JSON.stringify(bad));
    }
  });
});
