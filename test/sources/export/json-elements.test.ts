import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeUtf8,
  JsonElements,
  MAX_KEY_BYTES,
  parseJsonSlice,
  type ArrayEvent,
  type JsonScanOptions,
} from '../../../src/sources/export/json-elements.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array, s: number, e: number): string => new TextDecoder().decode(b.subarray(s, e));
const scanner = (s: string | Uint8Array, options: Partial<JsonScanOptions> = {}): JsonElements =>
  new JsonElements(typeof s === 'string' ? enc(s) : s, { maxDepth: 64, ...options });

/** The events of the array whose '[' is the first in `text`. */
function events(text: string, options: Partial<JsonScanOptions> = {}, resync = false): ArrayEvent[] {
  const json = scanner(text, options);
  return [...json.elements(json.bytes.indexOf(0x5b), { resync })];
}

/** The texts of the elements, and the other events in short (Telegram's pretty-printed walk). */
function walk(s: string, maxDepth = 16): string[] {
  const b = enc(s);
  const json = new JsonElements(b, { maxDepth, controlCharacters: 'reject' });
  return [...json.elements(s.indexOf('['), { resync: true })].map((e) => {
    switch (e.kind) {
      case 'element':
        return dec(b, e.start, e.end);
      case 'broken':
        return e.resumed ? `broken#${e.index}@${e.start}..${e.end}` : `fatal#${e.index}@${e.start}`;
      case 'close':
        return `close@${e.end}`;
    }
  });
}

/** The element texts as cut out of a whole file (BOM and whitespace before the '['). */
function slices(s: string): string[] {
  const json = scanner(s, { maxDepth: 256 });
  return [...json.elements(json.start())].flatMap((e) =>
    e.kind === 'element' ? [dec(json.bytes, e.start, e.end)] : [],
  );
}

void describe('Export json-elements - framing', () => {
  void it('Export json-elements - frames each element of an array with exact byte ranges', () => {
    const text = '[ {"a": "x]}\\"{"}, [1, [2]], "s\\\\", 12.5e3 , true, null ]';
    const evs = events(text);
    const els = evs.filter((e) => e.kind === 'element');
    assert.deepEqual(
      els.map((e) => dec(enc(text), e.start, e.end)),
      ['{"a": "x]}\\"{"}', '[1, [2]]', '"s\\\\"', '12.5e3', 'true', 'null'],
    );
    assert.deepEqual(
      els.map((e) => e.index),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(evs.at(-1)?.kind, 'close');
  });

  void it('Export json-elements - offsets are byte offsets, also after multi-byte UTF-8 and a BOM', () => {
    const text = '["ærø 🙂", {"k": "ü"}]';
    const second = events(text)[1];
    assert.ok(second?.kind === 'element');
    assert.equal(dec(enc(text), second.start, second.end), '{"k": "ü"}');
    assert.equal(second.start, Buffer.byteLength('["ærø 🙂", '));

    const file = '\uFEFF [ {"a":[1,{"b":"]}"}]} ,\n\t"x\\"y" , 12.5e3,null ,[ ] , {"ø":"æ😀"}]\n';
    assert.deepEqual(slices(file), [
      '{"a":[1,{"b":"]}"}]}',
      '"x\\"y"',
      '12.5e3',
      'null',
      '[ ]',
      '{"ø":"æ😀"}',
    ]);
    const json = scanner(file);
    const last = [...json.elements(json.start())][5];
    assert.ok(last?.kind === 'element');
    assert.equal(last.start, enc(file.slice(0, file.indexOf('{"ø"'))).length);
    assert.equal(last.end - last.start, enc('{"ø":"æ😀"}').length);
  });

  void it('Export json-elements - every element of a real-looking file parses back to the array', () => {
    const messages = [
      { type: 'message', text: 'brackets ] } [ { in text, a quote " and a backslash \\', ts: '1.000001' },
      { type: 'message', files: [{ name: 'a.pdf' }], nested: { deep: [[[]]] }, ts: '2.000002' },
    ];
    assert.deepEqual(
      slices(JSON.stringify(messages, null, 4)).map((s) => JSON.parse(s) as unknown),
      messages,
    );
  });

  void it('Export json-elements - an empty array and a trailing comma close cleanly', () => {
    assert.deepEqual(events('[ ]'), [{ kind: 'close', end: 3, trailingComma: false }]);
    assert.deepEqual(events('[\n]'), [{ kind: 'close', end: 3, trailingComma: false }]);
    const t = events('[1, 2, ]');
    assert.equal(t.filter((e) => e.kind === 'element').length, 2);
    assert.deepEqual(t.at(-1), { kind: 'close', end: 8, trailingComma: true });
  });

  void it('Export json-elements - values end after their last byte, escapes and nesting respected', () => {
    const cases: Array<[string, string]> = [
      ['"a\\"b\\\\" rest', '"a\\"b\\\\"'],
      ['{"a": [1, {"b": "]}"}], "c": null}, 2', '{"a": [1, {"b": "]}"}], "c": null}'],
      ['-12.5e+3, 4', '-12.5e+3'],
      ['true]', 'true'],
      ['[[[]]]x', '[[[]]]'],
      ['"\\x07 Telegram escape"', '"\\x07 Telegram escape"'],
    ];
    for (const [text, value] of cases)
      assert.deepEqual(scanner(text).valueEnd(0), { ok: true, end: enc(value).length }, text);
  });

  void it('Export json-elements - a scalar runs to the next delimiter; JSON.parse judges it afterwards', () => {
    assert.deepEqual(scanner('<html>').valueEnd(0), { ok: true, end: 6 });
    assert.deepEqual(
      events('[1, tru@e, 3]').flatMap((e) =>
        e.kind === 'element' ? [dec(enc('[1, tru@e, 3]'), e.start, e.end)] : [],
      ),
      ['1', 'tru@e', '3'],
    );
  });

  void it('Export json-elements - within(end) scans a value already framed and never past it', () => {
    const text = '{"messages": [ {"id": 1} {"id": 2} ], "after": [9]}';
    const json = scanner(text);
    const open = text.indexOf('[');
    const close = text.indexOf(']') + 1;
    const evs = [...json.within(close).elements(open)];
    assert.deepEqual(
      evs.map((e) => e.kind),
      ['element', 'broken'],
    );
    const broken = evs[1];
    assert.ok(broken?.kind === 'broken');
    assert.equal(broken.end, close, 'the damage covers up to the bound, not the rest of the file');
    assert.match(broken.problem, /expected ',' or '\]' after element 0, found '\{'/);
  });
});

void describe('Export json-elements - damage', () => {
  void it('Export json-elements - a cut-off file keeps the whole elements before the cut', () => {
    const text = '[{"a":1},{"b":"tw';
    assert.deepEqual(events(text), [
      { kind: 'element', index: 0, start: 1, end: 8 },
      {
        kind: 'broken',
        index: 1,
        start: 9,
        end: text.length,
        resumed: false,
        at: text.length,
        problem: 'the file ends inside a string',
      },
    ]);
    const open = events('[{"a":1},{"b":2');
    assert.ok(open[1]?.kind === 'broken' && /ends inside the value opened at byte 9/.test(open[1].problem));
    const unclosed = events('[{"a":1}, ');
    assert.ok(unclosed[1]?.kind === 'broken' && /before the array is closed/.test(unclosed[1].problem));
    const afterElement = events('[{"a":1}');
    assert.ok(
      afterElement[1]?.kind === 'broken' && /before the array is closed/.test(afterElement[1].problem),
    );
  });

  void it('Export json-elements - mismatched brackets, missing commas and holes are reported where they are', () => {
    const mismatched = events('[{"a":1},{"b":[2}],{"c":3}]');
    assert.equal(mismatched.length, 2);
    const m = mismatched[1];
    assert.ok(m?.kind === 'broken');
    assert.deepEqual([m.index, m.start, m.at], [1, 9, 16]);
    assert.match(m.problem, /'\}' closes a '\['/);

    const noComma = events('[{"a":1} {"b":2}]');
    assert.ok(noComma[1]?.kind === 'broken');
    assert.deepEqual([noComma[1].index, noComma[1].start], [1, 9]);
    assert.match(noComma[1].problem, /expected ',' or '\]' after element 0, found '\{'/);

    const hole = events('[1,,2]');
    assert.ok(hole[1]?.kind === 'broken' && /expected a value, found ','/.test(hole[1].problem));
  });

  void it('Export json-elements - damage is reported at the byte where the text stops being JSON', () => {
    const at = (text: string, options: Partial<JsonScanOptions> = {}): number => {
      const r = scanner(text, options).valueEnd(0);
      assert.ok(!r.ok, text);
      return r.at;
    };
    assert.equal(at('"never ends'), 11);
    assert.equal(at('{"a": [1}'), 8);
    assert.equal(at('{"a": [1]'), 9);
    assert.equal(at(','), 0);
    assert.equal(at(''), 0);
  });

  void it('Export json-elements - a raw control character in a string is damage only when rejected', () => {
    const text = '{"a": "line\nbreak"}';
    const cut = scanner(text, { controlCharacters: 'reject' }).valueEnd(0);
    assert.ok(!cut.ok);
    assert.equal(cut.at, 11);
    assert.match(cut.problem, /unescaped control character inside a string \(byte 0x0a\)/);
    assert.deepEqual(scanner(text).valueEnd(0), { ok: true, end: enc(text).length });
  });

  void it('Export json-elements - nesting deeper than the limit is refused, not followed', () => {
    const bomb = '['.repeat(100) + ']'.repeat(100);
    const r = scanner(bomb, { depthLimitName: 'maxJsonDepth' }).valueEnd(0);
    assert.ok(!r.ok);
    assert.equal(r.at, 64);
    assert.equal(r.problem, 'values nested deeper than 64 levels (limit maxJsonDepth)');
    assert.equal(scanner(bomb, { maxDepth: 128 }).valueEnd(0).ok, true);
    assert.equal(scanner('[[[[[1]]]]]', { maxDepth: 4 }).valueEnd(0).ok, false);

    const deep = `[{"ok":1},${'['.repeat(100_000)}${']'.repeat(100_000)},2]`;
    const parts = events(deep, { maxDepth: 256 });
    assert.equal(parts.length, 2);
    assert.ok(parts[1]?.kind === 'broken');
    assert.equal(parts[1].problem, 'values nested deeper than 256 levels');
    assert.deepEqual(slices(`[${'['.repeat(10)}${']'.repeat(10)}]`), ['[[[[[[[[[[]]]]]]]]]]']);
  });
});

void describe('Export json-elements - objects', () => {
  void it('Export json-elements - members decodes keys and frames values', () => {
    const text = '{ "conversationId" : "1-2", "messages" : [ {"x": 1} ], "esc\\"aped": {} }';
    const b = enc(text);
    const r = scanner(b).members(0);
    assert.ok(r.ok);
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

  void it('Export json-elements - members: a bad separator or an undecodable key is damage', () => {
    const noColon = scanner('{"a" 1}').members(0);
    assert.ok(!noColon.ok);
    assert.equal(noColon.at, 5);
    assert.match(noColon.problem, /expected ':' after the key "a"/);
    const long = `{"${'k'.repeat(MAX_KEY_BYTES)}": 1}`;
    const r = scanner(long).members(0);
    assert.ok(!r.ok);
    assert.equal(r.at, 1);
    assert.match(r.problem, /longer than 1024 bytes/);
    // The object's own brace is a level: its values get one less.
    assert.equal(scanner('{"a": [[1]]}', { maxDepth: 2 }).members(0).ok, false);
    assert.equal(scanner('{"a": [[1]]}', { maxDepth: 3 }).members(0).ok, true);
  });

  void it('Export json-elements - nextMember steps through an object: keys and where values start', () => {
    const json = scanner('{ "name" : "x", "id": 5 }');
    const first = json.nextMember(1, true);
    assert.deepEqual(first, { ok: true, kind: 'member', key: 'name', keyStart: 2, valueStart: 11 });
    const v = json.valueEnd(11);
    assert.ok(v.ok);
    const second = json.nextMember(v.end, false);
    assert.equal(second.ok && second.kind === 'member' && second.key, 'id');
    assert.deepEqual(json.nextMember(23, false), { ok: true, kind: 'end', end: 25 });
    const bad = scanner(`{"${'k'.repeat(MAX_KEY_BYTES + 1)}": 1}`).nextMember(1, true);
    assert.ok(bad.ok && bad.kind === 'member');
    assert.equal(bad.key, null, 'an over-long key is not decoded');
  });
});

void describe('Export json-elements - resynchronising', () => {
  void it('Export json-elements - a broken element of a pretty-printed array is skipped and the walk goes on', () => {
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

  void it('Export json-elements - resynchronising stops at the array end, never in the next array', () => {
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
    const json = new JsonElements(enc(text), { maxDepth: 8, controlCharacters: 'reject' });
    const evs = [...json.elements(text.indexOf('[', 2), { resync: true })];
    assert.deepEqual(
      evs.map((e) => e.kind),
      ['element', 'broken', 'close'],
    );
    const close = evs[2];
    assert.equal(close?.kind === 'close' && close.end, text.indexOf(']}') + 1);
  });

  void it('Export json-elements - without line structure (minified) damage ends the walk', () => {
    const text = '[{"id":1},{"id":2,"t":[[[[[[[[[[1]]]]]]]]]]},{"id":3}]';
    assert.deepEqual(walk(text, 6), ['{"id":1}', 'fatal#1@10']);
    assert.deepEqual(walk('[{"id":1},{"id":2'), ['{"id":1}', 'fatal#1@10']);
    // Without resync the first damage ends the walk even in a pretty-printed array.
    const pretty = ['[', '  {"id": 1} x', '  {"id": 2}', ']'].join('\n');
    assert.deepEqual(
      events(pretty).map((e) => e.kind),
      ['element', 'broken'],
    );
  });

  void it('Export json-elements - walk() lets the caller read each element and resume after its damage', () => {
    const text = ['[', '  {"id": 1},', '  {"id": 2, "deep": {"x": !!!}},', '  {"id": 3}', ']'].join('\n');
    const b = enc(text);
    const json = new JsonElements(b, { maxDepth: 8 });
    const walker = json.walk(0, { resync: true });
    const seen: string[] = [];
    for (;;) {
      const step = walker.next();
      if (step.kind === 'close') {
        seen.push(`close@${step.end}`);
        break;
      }
      if (step.kind === 'broken') {
        seen.push(`broken#${step.index}`);
        continue;
      }
      const v = json.valueEnd(step.start);
      assert.ok(v.ok);
      const value = parseJsonSlice(b, step.start, v.end);
      if (value.ok) {
        walker.ended(v.end);
        seen.push(`read#${step.index}`);
      } else {
        // The caller found damage deep inside: from there on nothing of the element counts.
        const from = text.indexOf('!!!');
        const broken = walker.failed({ ok: false, at: from, problem: value.problem }, from);
        assert.deepEqual([broken.start, broken.end, broken.resumed], [from, text.indexOf('{"id": 3}'), true]);
        seen.push(`failed#${broken.index}`);
      }
    }
    assert.deepEqual(seen, ['read#0', 'failed#1', 'read#2', `close@${text.length}`]);
    assert.throws(() => walker.next(), /after the walk ended/);
  });
});

void describe('Export json-elements - decoding', () => {
  void it('Export json-elements - parseJsonSlice reports bad JSON and repairs bad UTF-8 with a mark', () => {
    const bad = parseJsonSlice(enc('{"a": tru}'), 0, 10);
    assert.ok(!bad.ok);
    assert.match(bad.problem, /^not valid JSON \(/);
    assert.equal(bad.text, '{"a": tru}');
    const broken = new Uint8Array([0x22, 0x61, 0xff, 0x62, 0x22]);
    const p = parseJsonSlice(broken, 0, broken.length);
    assert.ok(p.ok);
    assert.equal(p.value, 'a\ufffdb');
    assert.equal(p.utf8Repaired, true);
    assert.deepEqual(decodeUtf8(enc('ærø'), 0, 2), { text: 'æ', repaired: false });
  });
});
