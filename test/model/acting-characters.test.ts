import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actingRuns, oneLineLabel, showActing } from '../../src/model/text/acting-characters.js';
import { evidenceHtml } from '../../src/report/html-text.js';
import { attachmentName } from '../../web/src/attachments/attachment-name.js';

void test('Acting characters - bidi overrides, isolates, zero-width and control characters show as [U+XXXX]', () => {
  assert.deepEqual(actingRuns('invoice\u202efdp.html'), [
    { text: 'invoice' },
    { code: 'U+202E' },
    { text: 'fdp.html' },
  ]);
  assert.deepEqual(actingRuns(''), [{ text: '' }]);
  assert.deepEqual(actingRuns('\u2066\u200b'), [{ code: 'U+2066' }, { code: 'U+200B' }]);
  assert.equal(showActing('a\u0007b\tc\nd\u061ce\ufeff'), 'a[U+0007]b\tc\nd[U+061C]e[U+FEFF]');
  assert.equal(showActing('Søknad – ærlig.pdf'), 'Søknad – ærlig.pdf');
  // The report writes the same runs, escaped, each code in its own span.
  assert.equal(evidenceHtml('<b>\u202e'), '&lt;b&gt;<span class="ctl">[U+202E]</span>');
});

void test('Acting characters - an attachment name in the UI cannot fake its extension', () => {
  assert.equal(attachmentName('invoice\u202efdp.html', '?'), 'invoice[U+202E]fdp.html');
  assert.equal(attachmentName('  ', 'no name'), 'no name');
  assert.equal(attachmentName(null, 'no name'), 'no name');
  assert.equal(attachmentName('rapport.pdf', 'no name'), 'rapport.pdf');
});

void test('Acting characters - a one-line label (a flag, a reason) shows line breaks and tabs too', () => {
  assert.equal(
    oneLineLabel('charset-unknown:utf-8\rsubject: õäöü'),
    'charset-unknown:utf-8[U+000D]subject: õäöü',
  );
  assert.equal(oneLineLabel('a\nb\tc\u001b[31m\u202e'), 'a[U+000A]b[U+0009]c[U+001B][31m[U+202E]');
  assert.equal(oneLineLabel('charset-fallback:windows-1252'), 'charset-fallback:windows-1252');
});
