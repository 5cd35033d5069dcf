import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseQuery, queryToString } from '../../src/query/index.js';
import type { QueryNode } from '../../src/query/index.js';
import { VALID } from './query-cases.js';
import { withoutPos } from './query-test-helpers.js';

function roundTrip(q: string): void {
  const tree = parseQuery(q);
  if (tree === null) return;
  const printed = queryToString(tree);
  const again = parseQuery(printed);
  assert.deepEqual(withoutPos(again), withoutPos(tree), `${q} printed as ${printed}`);
  assert.ok(again !== null);
  assert.equal(queryToString(again), printed, 'printing is stable');
}

void describe('Query round trip - parse(print(x)) equals x apart from positions', () => {
  for (const c of VALID) {
    if (c.tree === null) continue;
    void test(JSON.stringify(c.q), () => roundTrip(c.q));
  }
});

void describe('Query round trip - canonical form', () => {
  const cases: [string, string][] = [
    ['wikileaks  "tax returns"   from:WikiLeaks', 'wikileaks "tax returns" from:WikiLeaks'],
    ['NOT a', '-a'],
    ['a AND b', 'a b'],
    ['a b OR c', '(a b) OR c'],
    ['a (b OR c)', 'a (b OR c)'],
    ['from:(a OR b)', 'from:a OR from:b'],
    ['-(a b)', '-(a b)'],
    ['"say \\"hi\\""', '"say \\"hi\\""'],
    ['tag:"Needs Review"', 'tag:"needs review"'],
    ['lang:nn', 'lang:no'],
    ['is:PUBLIC has:Attachment', 'is:public has:attachment'],
    ['date:2016-10..2016-11', 'date:2016-10..2016-11'],
    ['date:2016-10-01..2016-10-31', 'date:2016-10'],
    ['date:2016-01..2016-12', 'date:2016'],
    ['after:2016-10-12', 'date:2016-10-13..'],
    ['after:2016-12', 'date:2017..'],
    ['before:2016-10-12', 'date:..2016-10-11'],
    ['before:2016-03', 'date:..2016-02'],
    ['date:2016-02-29', 'date:2016-02-29'],
    ['link:http://wlsearch.tk/', 'link:http://wlsearch.tk/'],
  ];
  for (const [q, printed] of cases) {
    void test(`${q} → ${printed}`, () => {
      const tree = parseQuery(q);
      assert.ok(tree !== null);
      assert.equal(queryToString(tree), printed);
      roundTrip(q);
    });
  }

  void test('hand-built trees the parser never makes still print as a query that parses', () => {
    const nested: QueryNode = {
      type: 'and',
      pos: 1,
      children: [
        { type: 'and', pos: 1, children: [{ type: 'term', field: null, value: 'a', prefix: false, pos: 1 }] },
        { type: 'exact', field: 'tag', value: '', pos: 1 },
      ],
    };
    assert.equal(queryToString(nested), '(a) tag:""');
  });
});
