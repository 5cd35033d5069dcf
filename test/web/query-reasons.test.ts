import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isInnsynError } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from '../../src/query/limits.js';
import { queryReasonNb } from '../../web/src/i18n/query-reasons-nb.js';

/** Bad queries, one or more for every reason the parser gives. */
const BAD = [
  'a'.repeat(MAX_QUERY_LENGTH + 1),
  '"abc',
  'foo:bar',
  'from:',
  'a )',
  '('.repeat(MAX_QUERY_DEPTH + 1) + 'a' + ')'.repeat(MAX_QUERY_DEPTH + 1),
  'NOT',
  'from:(a to:b)',
  'from:"!!"',
  '()',
  '(a',
  Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(' '),
  '*abc',
  'ab*c',
  'kind:em*',
  'kind:foo',
  'is:foo',
  'type:movie',
  'folder:"!!"',
  'lang:english',
  'a OR',
  'date:yesterday',
  'date:0001',
  'date:2016-13',
  'date:2016-02-30',
  'after:2016..2017',
  'date:2016..2017..2018',
  'date:..',
  'date:2017..2016',
];

function reasonOf(q: string): { key: string } & Record<string, unknown> {
  try {
    parseQuery(q);
  } catch (e) {
    assert.ok(isInnsynError(e) && e.code === 'bad-query', `${q.slice(0, 40)}: a bad-query error`);
    assert.ok(e.reason, `${q.slice(0, 40)}: its reason as data`);
    assert.equal(typeof e.column, 'number');
    return e.reason;
  }
  assert.fail(`${q.slice(0, 40)} parsed`);
}

void describe('Query errors in Norwegian', () => {
  void test('every bad query carries its reason, and the UI writes each in Norwegian with its values', () => {
    const keys = new Set<string>();
    for (const q of BAD) {
      const reason = reasonOf(q);
      keys.add(reason.key);
      const nb = queryReasonNb(reason);
      assert.ok(nb !== null, `${reason.key}: written`);
      assert.doesNotMatch(nb, /undefined|\[object|column/, `${reason.key}: ${nb}`);
    }
    assert.equal(keys.size, 27, [...keys].join(' '));
    assert.equal(queryReasonNb(reasonOf('date:2016-02-30')), 'dag 30 finnes ikke (den måneden har 29 dager)');
    assert.equal(
      queryReasonNb(reasonOf('kind:foo')),
      '«kind:foo» er ukjent; bruk en av email, message, post, event, contact, task',
    );
    assert.equal(queryReasonNb(reasonOf('"abc')), 'anførselstegnet her lukkes aldri');
  });

  void test('reasons the parser seldom gives are written too; an unknown key leaves the English message', () => {
    assert.equal(queryReasonNb({ key: 'unexpected', token: 'rparen', text: null }), 'uventet «rparen»');
    assert.equal(queryReasonNb({ key: 'expected-term' }), 'her skulle det stått et søkeord');
    assert.equal(queryReasonNb({ key: 'expected-value' }), 'her skulle det stått en verdi');
    assert.equal(queryReasonNb({ key: 'a-reason-of-a-newer-server' }), null);
    assert.equal(queryReasonNb(undefined), null);
    assert.equal(queryReasonNb({ key: 'toString' }), null, 'only its own keys');
  });
});
