import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { InnsynError } from '../../src/model/errors.js';
import { parseQuery, queryToString } from '../../src/query/index.js';
import { prng, withoutPos } from './query-test-helpers.js';

/** Pieces of the query language and of what people paste into it, valid and broken. */
const ALPHABET = [
  'a',
  'tax',
  'møte',
  'Tromsø',
  '😀',
  '3.5',
  ' ',
  ' ',
  ' ',
  '\t',
  '(',
  ')',
  '"',
  '\\',
  '\\"',
  '-',
  '*',
  ':',
  '..',
  '.',
  '/',
  '@',
  '&',
  '–',
  'AND',
  'OR',
  'NOT',
  'and',
  'from:',
  'to:',
  'subject:',
  'link:',
  'kind:',
  'lang:',
  'is:',
  'has:',
  'date:',
  'after:',
  'before:',
  'tag:',
  'foo:',
  'http://',
  'wlsearch.tk',
  '2016',
  '-10',
  '-12',
  '-31',
  '-02-30',
  'email',
  'private',
  'link',
  'no',
  'x',
  '\n',
  '\u0000',
  '\u0301',
  '\ud800',
];

const CASES = 10_000;
const SEED = 20161012;

void describe('Query fuzz', () => {
  void test(`${CASES} random strings from the query alphabet: a tree or a bad-query error, never anything else`, () => {
    const random = prng(SEED);
    const start = performance.now();
    let parsed = 0;
    let rejected = 0;
    for (let n = 0; n < CASES; n++) {
      const pieces = Math.floor(random() * 30);
      let q = '';
      for (let k = 0; k < pieces; k++) q += ALPHABET[Math.floor(random() * ALPHABET.length)];
      let tree;
      try {
        tree = parseQuery(q);
      } catch (e) {
        assert.ok(e instanceof InnsynError, `case ${n} ${JSON.stringify(q)} threw ${String(e)}`);
        assert.equal(e.code, 'bad-query', `case ${n} ${JSON.stringify(q)}`);
        const col = e.column ?? 0;
        assert.ok(
          col >= 1 && col <= Array.from(q).length + 1,
          `case ${n} ${JSON.stringify(q)}: column ${col}`,
        );
        rejected += 1;
        continue;
      }
      parsed += 1;
      if (tree !== null) {
        const printed = queryToString(tree);
        assert.deepEqual(
          withoutPos(parseQuery(printed)),
          withoutPos(tree),
          `case ${n} ${JSON.stringify(q)} → ${printed}`,
        );
      }
    }
    const ms = performance.now() - start;
    // Both outcomes must be exercised, or the alphabet is not testing anything.
    assert.ok(parsed > CASES / 10 && rejected > CASES / 10, `parsed ${parsed}, rejected ${rejected}`);
    assert.ok(ms < 10_000, `took ${ms} ms`);
  });

  void test('random hostile nesting of maximal length finishes quickly', () => {
    const random = prng(SEED + 1);
    const start = performance.now();
    for (let n = 0; n < 50; n++) {
      let q = '';
      while (q.length < 9_990)
        q += ['(', '-', 'NOT ', '"', 'a', ' OR ', ')', 'from:('][Math.floor(random() * 8)];
      try {
        parseQuery(q);
      } catch (e) {
        assert.ok(e instanceof InnsynError && e.code === 'bad-query', String(e));
      }
    }
    assert.ok(performance.now() - start < 5_000);
  });
});
