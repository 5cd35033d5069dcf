import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ATTACHMENT_TYPES } from '../../src/model/attachment-type.js';
import { ATTACHMENT_MESSAGES, typeName } from '../../web/src/attachments/attachment-messages.js';
import { queryOfSearch, textRuns } from '../../web/src/attachments/text-runs.js';

void describe('UI attachments - logic', () => {
  void test('UI attachments - a text is cut at its marks; bad marks are skipped, the text stays whole', () => {
    const text = 'Møtene i Oslo og Bergen';
    assert.deepEqual(
      textRuns(text, [
        [9, 13],
        [17, 23],
      ]),
      [
        { text: 'Møtene i ', mark: false },
        { text: 'Oslo', mark: true },
        { text: ' og ', mark: false },
        { text: 'Bergen', mark: true },
      ],
    );
    const bad: Array<[number, number]> = [
      [9, 13],
      [10, 12], // overlaps
      [3, 2], // backwards
      [20, 99], // past the end
      [1.5, 3], // not whole
    ];
    const runs = textRuns(text, bad);
    assert.equal(runs.map((r) => r.text).join(''), text);
    assert.deepEqual(
      runs.filter((r) => r.mark).map((r) => r.text),
      ['Oslo'],
    );
    assert.deepEqual(textRuns('', []), [{ text: '', mark: false }]);
  });

  void test('UI attachments - the query of the last search; type names in both languages', () => {
    assert.equal(queryOfSearch('/search?q=oslo%20type%3Apdf&sort=date'), 'oslo type:pdf');
    assert.equal(queryOfSearch('/'), '');
    assert.equal(typeName(ATTACHMENT_MESSAGES.nb, 'spreadsheet'), 'Regneark');
    assert.equal(typeName(ATTACHMENT_MESSAGES.en, 'spreadsheet'), 'Spreadsheet');
    assert.equal(typeName(ATTACHMENT_MESSAGES.en, 'future-type'), 'future-type');
    assert.deepEqual(Object.keys(ATTACHMENT_MESSAGES.nb).sort(), Object.keys(ATTACHMENT_MESSAGES.en).sort());
    for (const lang of ['en', 'nb'] as const)
      assert.deepEqual(
        Object.keys(ATTACHMENT_MESSAGES[lang].types),
        [...ATTACHMENT_TYPES],
        `every type named in ${lang}`,
      );
  });
});
