import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanJsonArray, type ArrayPart } from '../../../src/sources/slack/json-array-slices.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const scan = (s: string, depth?: number): ArrayPart[] => [...scanJsonArray(enc(s), depth)];
/** The element texts as cut out by the scanner. */
const slices = (s: string): string[] => {
  const bytes = enc(s);
  return scan(s).flatMap((p) =>
    p.kind === 'element' ? [new TextDecoder().decode(bytes.subarray(p.offset, p.offset + p.length))] : [],
  );
};

void describe('Slack JSON array slices', () => {
  void it('JSON array slices - cuts each element exactly, whatever its type and spacing', () => {
    const text = '\uFEFF [ {"a":[1,{"b":"]}"}]} ,\n\t"x\\"y" , 12.5e3,null ,[ ] , {"ø":"æ😀"}]\n';
    assert.deepEqual(slices(text), [
      '{"a":[1,{"b":"]}"}]}',
      '"x\\"y"',
      '12.5e3',
      'null',
      '[ ]',
      '{"ø":"æ😀"}',
    ]);
    const parts = scan(text);
    assert.deepEqual(
      parts.map((p) => p.index),
      [0, 1, 2, 3, 4, 5],
    );
    // Offsets are byte offsets: the last element starts after the BOM (3 bytes) and its text.
    const last = parts[5];
    assert.ok(last?.kind === 'element');
    assert.equal(last.offset, enc(text.slice(0, text.indexOf('{"ø"'))).length);
    assert.equal(last.length, enc('{"ø":"æ😀"}').length);
    for (const p of parts) assert.equal(p.kind, 'element');
  });

  void it('JSON array slices - every element of a real-looking file parses back to the array', () => {
    const messages = [
      { type: 'message', text: 'brackets ] } [ { in text, a quote " and a backslash \\', ts: '1.000001' },
      { type: 'message', files: [{ name: 'a.pdf' }], nested: { deep: [[[]]] }, ts: '2.000002' },
    ];
    const text = JSON.stringify(messages, null, 4);
    assert.deepEqual(
      slices(text).map((s) => JSON.parse(s) as unknown),
      messages,
    );
  });

  void it('JSON array slices - empty arrays and a trailing comma', () => {
    assert.deepEqual(scan('[]'), []);
    assert.deepEqual(scan('  [ \n ]  '), []);
    assert.deepEqual(slices('[1,2,]'), ['1', '2']);
    assert.equal(scan('[1,2,]').length, 2);
  });

  void it('JSON array slices - what is not an array is one broken part from the start', () => {
    for (const [text, problem] of [
      ['{"a":1}', /not a JSON array/],
      ['', /empty/],
      ['   ', /empty/],
    ] as const) {
      const parts = scan(text);
      assert.equal(parts.length, 1);
      const [p] = parts;
      assert.ok(p?.kind === 'broken');
      assert.equal(p.offset, 0);
      assert.match(p.problem, problem);
    }
  });

  void it('JSON array slices - a cut-off file keeps the whole elements before the cut', () => {
    const text = '[{"a":1},{"b":"tw';
    const parts = scan(text);
    assert.equal(parts.length, 2);
    assert.deepEqual(parts[0], { kind: 'element', index: 0, offset: 1, length: 7 });
    assert.deepEqual(parts[1], {
      kind: 'broken',
      index: 1,
      offset: 9,
      at: text.length,
      problem: 'the file ends inside a string',
    });
    const open = scan('[{"a":1},{"b":2');
    assert.ok(open[1]?.kind === 'broken' && /ends inside an element/.test(open[1].problem));
    const unclosed = scan('[{"a":1}, ');
    assert.ok(unclosed[1]?.kind === 'broken' && /before the array is closed/.test(unclosed[1].problem));
  });

  void it('JSON array slices - mismatched brackets, missing commas and trailing bytes', () => {
    const mismatched = scan('[{"a":1},{"b":[2}],{"c":3}]');
    assert.equal(mismatched.length, 2);
    assert.ok(mismatched[1]?.kind === 'broken');
    assert.equal(mismatched[1].index, 1);
    assert.equal(mismatched[1].offset, 9);
    assert.equal(mismatched[1].at, 16);
    assert.match(mismatched[1].problem, /unexpected "}"/);

    const noComma = scan('[{"a":1} {"b":2}]');
    assert.ok(
      noComma[1]?.kind === 'broken' && /expected "," or "]" after element 0/.test(noComma[1].problem),
    );
    assert.equal(noComma[1].offset, 9);

    const trailing = scan('[1] x');
    assert.equal(trailing.length, 2);
    assert.ok(trailing[1]?.kind === 'broken' && /after the end of the array/.test(trailing[1].problem));
    assert.equal(trailing[1].offset, 4);

    const hole = scan('[1,,2]');
    assert.ok(hole[1]?.kind === 'broken' && /expected an element, found ","/.test(hole[1].problem));
  });

  void it('JSON array slices - nesting past the limit stops the scan instead of going deep', () => {
    const deep = `[{"ok":1},${'['.repeat(100_000)}${']'.repeat(100_000)},2]`;
    const parts = scan(deep, 256);
    assert.equal(parts.length, 2);
    assert.ok(parts[1]?.kind === 'broken');
    assert.match(parts[1].problem, /element 1 nests deeper than 256 levels/);
    assert.deepEqual(slices(`[${'['.repeat(10)}${']'.repeat(10)}]`), ['[[[[[[[[[[]]]]]]]]]]']);
  });
});
