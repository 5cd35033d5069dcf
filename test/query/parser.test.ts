import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InnsynError } from '../../src/model/errors.js';
import {
  MAX_QUERY_DEPTH,
  MAX_QUERY_LENGTH,
  MAX_QUERY_TERMS,
  formatQueryError,
  parseQuery,
} from '../../src/query/index.js';
import type { QueryNode } from '../../src/query/index.js';
import { INVALID, VALID, sexpr } from './query-cases.js';

/** Runs `f` and returns the bad-query error it throws; fails if it throws nothing or something else. */
function badQuery(f: () => unknown): InnsynError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof InnsynError, `expected InnsynError, got ${String(e)}`);
    assert.equal(e.code, 'bad-query');
    return e;
  }
  assert.fail('expected a bad-query error, got none');
}

void describe('Query parser - valid queries', () => {
  for (const c of VALID) {
    void test(`${JSON.stringify(c.q)} → ${c.tree}`, () => {
      const node = parseQuery(c.q);
      assert.equal(node === null ? null : sexpr(node), c.tree);
    });
  }
});

void describe('Query parser - invalid queries point at a column', () => {
  for (const c of INVALID) {
    void test(`${JSON.stringify(c.q)} → column ${c.column}`, () => {
      const err = badQuery(() => parseQuery(c.q));
      assert.match(err.message, c.message);
      assert.equal(err.column, c.column, err.message);
    });
  }
});

void describe('Query parser - positions', () => {
  void test('every node records the 1-based column of its first character', () => {
    const q = 'wikileaks "tax returns" from:wikileaks -subject:re from:(a OR b)';
    const node = parseQuery(q);
    assert.ok(node !== null && node.type === 'and');
    const [w, phrase, from, not, group] = node.children;
    assert.equal(node.pos, 1);
    assert.equal(w?.pos, 1);
    assert.equal(phrase?.pos, 11);
    assert.equal(from?.pos, 25);
    assert.equal(not?.pos, 40);
    assert.ok(not?.type === 'not');
    assert.equal(not.child.pos, 41);
    assert.ok(group?.type === 'or');
    assert.deepEqual(
      group.children.map((c) => c.pos),
      [58, 63],
    );
  });

  void test('columns count characters, not UTF-16 code units', () => {
    const node = parseQuery('ø😀 tax');
    assert.ok(node?.type === 'and');
    assert.equal(node.children[1]?.pos, 4);
  });
});

void describe('Query parser - limits against hostile input', () => {
  void test(`a query longer than MAX_QUERY_LENGTH (${MAX_QUERY_LENGTH}) is refused`, () => {
    const err = badQuery(() => parseQuery('a '.repeat(MAX_QUERY_LENGTH)));
    assert.equal(err.column, MAX_QUERY_LENGTH + 1);
    assert.match(err.message, /at most 10000/);
  });

  void test('a query of exactly MAX_QUERY_LENGTH characters is accepted', () => {
    const node = parseQuery('x'.repeat(MAX_QUERY_LENGTH));
    assert.equal(node?.type, 'term');
  });

  void test(`MAX_QUERY_DEPTH (${MAX_QUERY_DEPTH}) nested parentheses parse, one more is refused`, () => {
    const ok = '('.repeat(MAX_QUERY_DEPTH) + 'a' + ')'.repeat(MAX_QUERY_DEPTH);
    assert.deepEqual(parseQuery(ok), {
      type: 'term',
      field: null,
      value: 'a',
      prefix: false,
      pos: MAX_QUERY_DEPTH + 1,
    });
    const deep = '('.repeat(MAX_QUERY_DEPTH + 1) + 'a' + ')'.repeat(MAX_QUERY_DEPTH + 1);
    const err = badQuery(() => parseQuery(deep));
    assert.equal(err.column, MAX_QUERY_DEPTH + 1);
    assert.match(err.message, /more than 100 levels/);
  });

  void test('thousands of parentheses, negations or NOTs fail fast with a depth error, not a stack overflow', () => {
    for (const q of [
      '('.repeat(9_000),
      '-'.repeat(9_000) + 'a',
      'NOT '.repeat(2_400) + 'a',
      'from:' + '('.repeat(9_000),
    ]) {
      const err = badQuery(() => parseQuery(q));
      assert.match(err.message, /levels of parentheses and negations/);
    }
  });

  void test(`more than MAX_QUERY_TERMS (${MAX_QUERY_TERMS}) terms are refused`, () => {
    assert.equal(
      (parseQuery('a '.repeat(MAX_QUERY_TERMS)) as { children: QueryNode[] }).children.length,
      MAX_QUERY_TERMS,
    );
    const err = badQuery(() => parseQuery('a '.repeat(MAX_QUERY_TERMS + 1)));
    assert.equal(err.column, 2 * MAX_QUERY_TERMS + 1);
  });

  void test('long OR chains and long words are parsed in a loop, quickly', () => {
    const start = performance.now();
    const or = parseQuery(Array.from({ length: 999 }, (_, i) => `w${i}`).join(' OR '));
    assert.equal(or?.type === 'or' && or.children.length, 999);
    const word = parseQuery('link:' + 'x'.repeat(MAX_QUERY_LENGTH - 5));
    assert.equal(word?.type, 'term');
    const phrase = parseQuery('"' + 'ab\\"'.repeat(2_000) + '"');
    assert.equal(phrase?.type, 'phrase');
    assert.ok(performance.now() - start < 1_000);
  });
});

void describe('Query parser - formatQueryError', () => {
  void test('shows the query with a caret under the column', () => {
    const q = 'wikileaks "tax returns';
    const err = badQuery(() => parseQuery(q));
    assert.equal(
      formatQueryError(q, err),
      'unclosed quote starting at column 11\n  wikileaks "tax returns\n            ^',
    );
  });

  void test('tabs and newlines are shown as spaces so the caret stays aligned', () => {
    const q = 'a\tb\nfoo:x';
    const err = badQuery(() => parseQuery(q));
    assert.equal(err.column, 5);
    const [, line, caret] = formatQueryError(q, err).split('\n');
    assert.equal(line, '  a b foo:x');
    assert.equal(caret, '      ^');
  });

  void test('a long query is shown as a window around the column', () => {
    const q = 'a '.repeat(200) + 'foo:x' + ' b'.repeat(200);
    const err = badQuery(() => parseQuery(q));
    const [, line, caret] = formatQueryError(q, err).split('\n');
    assert.ok(line !== undefined && caret !== undefined);
    assert.ok(line.length < 90, line);
    assert.ok(line.startsWith('  …') && line.endsWith('…'));
    assert.equal(line.slice(caret.length - 1, caret.length + 4), 'foo:x');
  });

  void test('an error without a column is just its message', () => {
    assert.equal(formatQueryError('x', new InnsynError('bad-query', 'nope')), 'nope');
  });
});
