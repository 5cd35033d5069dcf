import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  JsonScanError,
  nextEntry,
  valueEnd,
  walkArray,
  type ArrayEvent,
} from '../../../src/sources/telegram/json-scanner.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The JSON texts of the items of the array at the start of `s`, and the other events in short. */
function walk(s: string, maxDepth = 16): string[] {
  const b = enc(s);
  return [...walkArray(b, s.indexOf('['), maxDepth)].map((e: ArrayEvent) => {
    switch (e.kind) {
      case 'item':
        return new TextDecoder().decode(b.subarray(e.start, e.end));
      case 'broken':
        return `broken#${e.index}@${e.start}..${e.end}`;
      case 'close':
        return `close@${e.end}`;
      case 'fatal':
        return `fatal#${e.index}@${e.start}`;
    }
  });
}

function scanError(f: () => unknown): JsonScanError {
  try {
    f();
  } catch (e) {
    if (e instanceof JsonScanError) return e;
    throw e;
  }
  assert.fail('expected a JsonScanError');
}

void describe('JSON scanner', () => {
  void it('JSON scanner - values end after their last byte, escapes and nesting respected', () => {
    const cases: Array<[string, string]> = [
      ['"a\\"b\\\\" rest', '"a\\"b\\\\"'],
      ['{"a": [1, {"b": "]}"}], "c": null}, 2', '{"a": [1, {"b": "]}"}], "c": null}'],
      ['-12.5e+3, 4', '-12.5e+3'],
      ['true]', 'true'],
      ['[[[]]]x', '[[[]]]'],
      ['"\\x07 Telegram escape"', '"\\x07 Telegram escape"'],
    ];
    for (const [text, value] of cases) assert.equal(valueEnd(enc(text), 0, 8), enc(value).length, text);
  });

  void it('JSON scanner - damage is reported at the byte where the text stops being JSON', () => {
    assert.equal(scanError(() => valueEnd(enc('"never ends'), 0, 8)).offset, 11);
    const cut = scanError(() => valueEnd(enc('{"a": "line\nbreak"}'), 0, 8));
    assert.equal(cut.offset, 11);
    assert.match(cut.message, /control character/);
    assert.equal(scanError(() => valueEnd(enc('{"a": [1}'), 0, 8)).offset, 8);
    assert.equal(scanError(() => valueEnd(enc('{"a": [1]'), 0, 8)).offset, 9);
    assert.match(scanError(() => valueEnd(enc('[[[[[1]]]]]'), 0, 4)).message, /maxJsonDepth/);
    assert.equal(scanError(() => valueEnd(enc('<html>'), 0, 8)).offset, 0);
  });

  void it('JSON scanner - object entries give keys and where values start', () => {
    const b = enc('{ "name" : "x", "id": 5 }');
    const first = nextEntry(b, 1, true);
    assert.deepEqual(first, { kind: 'key', key: 'name', keyStart: 2, valueStart: 11 });
    const second = nextEntry(b, valueEnd(b, 11, 4), false);
    assert.equal(second.kind === 'key' && second.key, 'id');
    assert.deepEqual(nextEntry(b, 23, false), { kind: 'end', end: 25 });
    assert.equal(scanError(() => nextEntry(enc('{"a" 1}'), 1, true)).offset, 5);
  });

  void it('JSON scanner - arrays are walked element by element', () => {
    assert.deepEqual(walk('[1, "a", {"b": [2]}]'), ['1', '"a"', '{"b": [2]}', 'close@20']);
    assert.deepEqual(walk('[ ]'), ['close@3']);
    assert.deepEqual(walk('[\n]'), ['close@3']);
  });

  void it('JSON scanner - a broken element of a pretty-printed array is skipped and the walk goes on', () => {
    const text = ['[', '  {"id": 1},', '  {"id": 2, "t": "cut', '  },', '  {"id": 3}', ']'].join('\n');
    const start2 = text.indexOf('{"id": 2');
    const start3 = text.indexOf('{"id": 3');
    assert.deepEqual(walk(text), [
      '{"id": 1}',
      `broken#1@${start2}..${start3}`,
      '{"id": 3}',
      `close@${text.length}`,
    ]);
  });

  void it('JSON scanner - resynchronising stops at the array end, never in the next array', () => {
    // Two chats' message arrays at the same indentation: damage in the last element of the
    // first must not pull the second chat's messages into the first.
    const text = [
      '[',
      ' {"messages": [',
      '   {"id": 1},',
      '   {"id": 2, "t": "cut',
      '  ]},',
      ' {"messages": [',
      '   {"id": 3}',
      '  ]}',
      ']',
    ].join('\n');
    const b = enc(text);
    const open = text.indexOf('[', 2);
    const events = [...walkArray(b, open, 8)];
    assert.deepEqual(
      events.map((e) => e.kind),
      ['item', 'broken', 'close'],
    );
    const close = events[2];
    assert.equal(close?.kind === 'close' && close.end, text.indexOf(']}') + 1);
  });

  void it('JSON scanner - without line structure (minified) damage ends the walk', () => {
    const text = '[{"id":1},{"id":2,"t":[[[[[[[[[[1]]]]]]]]]]},{"id":3}]';
    assert.deepEqual(walk(text, 6), ['{"id":1}', 'fatal#1@10']);
    assert.deepEqual(walk('[{"id":1},{"id":2'), ['{"id":1}', 'fatal#1@10']);
  });
});
