import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvRows, sniffDelimiter, type CsvEvent } from '../../../src/sources/posts/csv-rows.js';
import { decodePostList } from '../../../src/sources/posts/text-encoding.js';

function rows(input: string | Uint8Array, delimiter?: number): CsvEvent[] {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const d = decodePostList(bytes);
  assert.ok(d.ok);
  if (!d.ok) return [];
  return [...csvRows(d.decoded.text, delimiter ?? sniffDelimiter(d.decoded.text.units))];
}

function fields(evs: CsvEvent[]): string[][] {
  return evs.map((e) => (e.kind === 'row' ? e.row.fields : ['<broken>']));
}

void describe('Posts csv-rows', () => {
  void it('Posts csv-rows - RFC 4180: quoted delimiters, doubled quotes, embedded CRLF and LF', () => {
    const evs = rows('id,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines\nthree"\r\n4,plain\r\n');
    assert.deepEqual(fields(evs), [
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\r\nlines\nthree'],
      ['4', 'plain'],
    ]);
    assert.deepEqual(
      evs.map((e) => (e.kind === 'row' ? e.row.line : -1)),
      [1, 2, 3, 4, 7],
    );
  });

  void it('Posts csv-rows - row ranges exclude the line ending and map back to the bytes', () => {
    const text = 'a,b\r\n1,"x\ny"\n2,z';
    const evs = rows(text);
    const spans = evs.map((e) => (e.kind === 'row' ? text.slice(e.row.start, e.row.end) : ''));
    assert.deepEqual(spans, ['a,b', '1,"x\ny"', '2,z']);
  });

  void it('Posts csv-rows - lone CR rows, empty fields and a trailing delimiter', () => {
    assert.deepEqual(fields(rows('a,b\r1,\r,2\r')), [
      ['a', 'b'],
      ['1', ''],
      ['', '2'],
    ]);
    assert.deepEqual(fields(rows('a,b,\n')), [['a', 'b', '']]);
  });

  void it('Posts csv-rows - a BOM is not part of the first field; UTF-16 files are read in 16-bit units', () => {
    assert.deepEqual(
      fields(rows(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('id;text\n1;æ')]))),
      [
        ['id', 'text'],
        ['1', 'æ'],
      ],
    );
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('id\ttext\r\n1\t"tab\there"\r\n', 'utf16le'),
    ]);
    const evs = rows(utf16);
    assert.deepEqual(fields(evs), [
      ['id', 'text'],
      ['1', 'tab\there'],
    ]);
  });

  void it('Posts csv-rows - the delimiter is sniffed from the header, outside quotes', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    assert.equal(sniffDelimiter(enc('id;created_at;text\n1;2;3')), 0x3b);
    assert.equal(sniffDelimiter(enc('id\ttext\n')), 0x09);
    assert.equal(sniffDelimiter(enc('"a;b;c",d\n')), 0x2c);
    assert.equal(sniffDelimiter(enc('single\n')), 0x2c);
  });

  void it('Posts csv-rows - an unclosed quote is one broken event from its row to the end', () => {
    const evs = rows('id,text\n1,ok\n2,"never closed\n3,more\n');
    assert.deepEqual(fields(evs), [['id', 'text'], ['1', 'ok'], ['<broken>']]);
    const b = evs[2]!;
    assert.equal(b.kind, 'broken');
    if (b.kind === 'broken') {
      assert.equal(b.line, 3);
      assert.match(b.problem, /quoted field opened on line 3 never closes/);
    }
  });

  void it('Posts csv-rows - text after a closing quote is kept and the row marked', () => {
    const evs = rows('a,b\n"x"y,z\n');
    const r = evs[1]!;
    assert.equal(r.kind, 'row');
    if (r.kind === 'row') {
      assert.deepEqual(r.row.fields, ['xy', 'z']);
      assert.equal(r.row.strayQuote, true);
    }
  });
});
