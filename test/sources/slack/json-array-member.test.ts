import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { memoryTree } from '../../../src/sources/export/export-tree.js';
import { readJsonArrayMember, type ArrayElement } from '../../../src/sources/slack/json-array-member.js';

async function read(text: string | Uint8Array): Promise<(ArrayElement | UnreadableInput)[]> {
  const out: (ArrayElement | UnreadableInput)[] = [];
  for await (const r of readJsonArrayMember(memoryTree('/x', { 'f.json': text }), 'f.json', 'the file'))
    out.push(r);
  return out;
}

void describe('Slack JSON array member', () => {
  void it('JSON array member - what is not an array is one UnreadableInput from byte 0', async () => {
    for (const [text, problem] of [
      ['{"a":1}', /the file is not a JSON array \(it does not start with "\["\)/],
      ['', /the file is empty/],
      ['   ', /the file is empty/],
    ] as const) {
      const out = await read(text);
      assert.equal(out.length, 1);
      const [u] = out;
      assert.ok(u?.type === 'unreadable');
      assert.equal(u.location.offset, 0);
      assert.match(u.reason, problem);
    }
  });

  void it('JSON array member - elements with exact bytes; bytes after the array are kept apart', async () => {
    const text = '\uFEFF[1, {"a":"ø"}, 2,] x';
    const out = await read(text);
    const els = out.filter((r): r is ArrayElement => r.type === 'element');
    assert.deepEqual(
      els.map((e) => [e.index, e.value, new TextDecoder().decode(e.bytes)]),
      [
        [0, 1, '1'],
        [1, { a: 'ø' }, '{"a":"ø"}'],
        [2, 2, '2'],
      ],
    );
    assert.equal(els[1]?.offset, Buffer.byteLength('\uFEFF[1, '));
    const [tail] = out.filter((r) => r.type === 'unreadable') as UnreadableInput[];
    assert.equal(tail?.location.offset, Buffer.byteLength(text) - 1);
    assert.match(
      tail?.reason ?? '',
      /there are bytes after the end of the array; its first 3 elements were read/,
    );
  });

  void it('JSON array member - invalid UTF-8 is repaired and flagged, invalid JSON costs its element', async () => {
    const enc = (t: string): number[] => [...new TextEncoder().encode(t)];
    const out = await read(new Uint8Array([...enc('["a'), 0xff, ...enc('", tru, 3]')]));
    assert.equal(out.length, 3);
    const [first, bad, last] = out;
    assert.ok(first?.type === 'element' && last?.type === 'element');
    assert.deepEqual([first.value, first.flags], ['a\ufffd', ['invalid-utf8']]);
    assert.deepEqual([last.index, last.value, last.flags], [2, 3, []]);
    assert.ok(bad?.type === 'unreadable');
    assert.deepEqual([bad.location.offset, bad.location.length], [7, 3]);
    assert.match(bad.reason, /f\.json, element 1 at byte 7: element of the file is not valid JSON/);
  });
});
