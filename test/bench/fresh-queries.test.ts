/**
 * The API bench's "every query new" load (bench/fresh-queries.ts): the queries never repeat,
 * are the same for the same seed, parse, and cover each shape of the bench queries.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshQueries, loadRequests } from '../../bench/fresh-queries.js';
import { parseQuery } from '../../src/query/index.js';

void describe('bench fresh queries', () => {
  void test('bench fresh queries - 5,000 in a row: no repeat, all parse, every shape, the same for a seed', () => {
    const next = freshQueries(1);
    const qs = Array.from({ length: 5000 }, () => next());
    assert.equal(new Set(qs).size, qs.length);
    for (const q of qs) assert.doesNotThrow(() => parseQuery(q), q);
    const shapes = {
      or: /^\S+ OR \S+$/,
      phrase: /^"[^"]+" \S+$/,
      prefix: /^\S+\*$/,
      from: /^from:\S+$/,
      subject: /^subject:\S+$/,
      dates: /^date:\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d$/,
      mixed: /^from:\S+ date:\S+ \S+$/,
      and: /^[^\s:"*]+ [^\s:"*]+$/,
      word: /^[^\s:"*]+$/,
    };
    for (const [name, re] of Object.entries(shapes)) {
      assert.ok(qs.filter((q) => re.test(q)).length > 100, `fewer than 100 queries of shape ${name}`);
    }
    const again = freshQueries(1);
    assert.deepEqual(
      Array.from({ length: 50 }, () => again()),
      qs.slice(0, 50),
    );
    const other = freshQueries(2);
    assert.notDeepEqual(
      Array.from({ length: 50 }, () => other()),
      qs.slice(0, 50),
    );
  });

  void test('bench fresh queries - the load test asks a list in turn, or a new path per request', () => {
    assert.deepEqual(loadRequests(['/a', '/b']), [
      { method: 'GET', path: '/a' },
      { method: 'GET', path: '/b' },
    ]);
    let n = 0;
    const [only, ...rest] = loadRequests(() => `/q${++n}`);
    assert.equal(rest.length, 0);
    const setup = only?.setupRequest as (req: object, ctx: object) => { path: string; method: string };
    assert.equal(setup({ method: 'GET' }, {}).path, '/q1');
    assert.deepEqual(setup({ method: 'GET' }, {}), { method: 'GET', path: '/q2' });
  });
});
