import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  arrayElements,
  objectMembers,
  parseJsonSlice,
  scanValue,
  type ArrayEvent,
} from '../../../src/sources/x/json-scanner.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array, s: number, e: number): string => new TextDecoder().decode(b.subarray(s, e));

function events(text: string, depth = 64): { bytes: Uint8Array; events: ArrayEvent[] } {
  const bytes = enc(text);
  return { bytes, events: [...arrayElements(bytes, text.indexOf('['), bytes.length, depth)] };
}

void describe('X json-scanner', () => {
  void it('X json-scanner - frames each element of an array with exact byte ranges', () => {
    const { bytes, events: evs } = events('[ {"a": "x]}\\"{"}, [1, [2]], "s\\\\", 12.5e3 , true, null ]');
    const els = evs.filter((e) => e.kind === 'element');
    assert.deepEqual(
      els.map((e) => dec(bytes, e.start, e.end)),
      ['{"a": "x]}\\"{"}', '[1, [2]]', '"s\\\\"', '12.5e3', 'true', 'null'],
    );
    assert.deepEqual(
      els.map((e) => e.index),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(evs.at(-1)?.kind, 'close');
  });

  void it('X json-scanner - offsets are byte offsets, also after multi-byte UTF-8', () => {
    const text = '["ærø 🙂", {"k": "ü"}]';
    const { bytes, events: evs } = events(text);
    const second = evs[1]!;
    assert.equal(second.kind, 'element');
    if (second.kind !== 'element') return;
    assert.equal(dec(bytes, second.start, second.end), '{"k": "ü"}');
    assert.equal(second.start, Buffer.byteLength('["ærø 🙂", '));
  });

  void it('X json-scanner - an empty array and a trailing comma close cleanly', () => {
    assert.deepEqual(events('[ ]').events, [{ kind: 'close', end: 3, trailingComma: false }]);
    const t = events('[1, 2, ]').events;
    assert.equal(t.filter((e) => e.kind === 'element').length, 2);
    assert.deepEqual(t.at(-1), { kind: 'close', end: 8, trailingComma: true });
  });

  void it('X json-scanner - a cut-off file ends in a broken event after the complete elements', () => {
    const { events: evs } = events('[ {"a": 1}, {"b": "unterminated');
    assert.equal(evs.length, 2);
    assert.equal(evs[0]!.kind, 'element');
    const broken = evs[1]!;
    assert.equal(broken.kind, 'broken');
    if (broken.kind === 'broken') {
      assert.equal(broken.index, 1);
      assert.match(broken.problem, /never closes/);
    }
  });

  void it('X json-scanner - a missing comma and a mismatched bracket are reported where they are', () => {
    const missing = events('[ {"a": 1} {"b": 2} ]').events;
    assert.equal(missing.at(-1)?.kind, 'broken');
    if (missing.at(-1)?.kind === 'broken')
      assert.match((missing.at(-1) as { problem: string }).problem, /'\{' after element 0/);
    const wrong = scanValue(enc('{"a": [1, 2}'), 0, 12, 64);
    assert.equal(wrong.ok, false);
    if (!wrong.ok) assert.match(wrong.problem, /'\}' closes a '\['/);
  });

  void it('X json-scanner - nesting deeper than the limit is refused, not followed', () => {
    const bomb = '['.repeat(100) + ']'.repeat(100);
    const r = scanValue(enc(bomb), 0, bomb.length, 64);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.problem, /deeper than 64/);
    assert.equal(scanValue(enc(bomb), 0, bomb.length, 128).ok, true);
  });

  void it('X json-scanner - objectMembers decodes keys and frames values', () => {
    const text = '{ "conversationId" : "1-2", "messages" : [ {"x": 1} ], "esc\\"aped": {} }';
    const b = enc(text);
    const r = objectMembers(b, 0, b.length, 64);
    assert.equal(r.ok, true);
    if (!r.ok) return;
    assert.deepEqual(
      r.members.map((m) => [m.key, dec(b, m.valueStart, m.valueEnd)]),
      [
        ['conversationId', '"1-2"'],
        ['messages', '[ {"x": 1} ]'],
        ['esc"aped', '{}'],
      ],
    );
    assert.equal(r.end, b.length);
  });

  void it('X json-scanner - parseJsonSlice reports bad JSON and repairs bad UTF-8 with a mark', () => {
    const bad = parseJsonSlice(enc('{"a": tru}'), 0, 10);
    assert.equal(bad.ok, false);
    const broken = new Uint8Array([0x22, 0x61, 0xff, 0x62, 0x22]);
    const p = parseJsonSlice(broken, 0, broken.length);
    assert.equal(p.ok, true);
    if (p.ok) {
      assert.equal(p.value, 'a\ufffdb');
      assert.equal(p.repaired, true);
    }
  });
});
