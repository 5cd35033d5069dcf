/**
 * The API bench's "every query new" load (bench/fresh-queries.ts): the queries never repeat,
 * are the same for the same seed, parse, and cover each kind of bench query in its shape.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freshQueries } from '../../bench/fresh-queries.js';
import { loadPaths, loadQueries, loadRequests, searchPath } from '../../bench/search-load.js';
import { parseQuery } from '../../src/query/index.js';

void describe('bench fresh queries', () => {
  void test('bench fresh queries - 5,000 in a row: no repeat, all parse, every kind in its shape, the same for a seed', () => {
    const next = freshQueries(1);
    const made = Array.from({ length: 5000 }, () => next());
    const qs = made.map((m) => m.q);
    assert.equal(new Set(qs).size, qs.length);
    for (const q of qs) assert.doesNotThrow(() => parseQuery(q), q);
    const shapes: Record<string, RegExp> = {
      'common term': /^[^\s:"*]+$/,
      'rare term': /^[^\s:"*]+$/,
      'two-term AND': /^[^\s:"*]+ [^\s:"*]+$/,
      OR: /^\S+ OR \S+$/,
      phrase: /^"[^"]+" \S+$/,
      prefix: /^[^\s:"*]+\*$/,
      'from: field': /^from:\S+$/,
      'subject: field': /^subject:\S+$/,
      'date range': /^date:\d{4}-\d\d-\d\d\.\.\d{4}-\d\d-\d\d$/,
      'field+date+term': /^from:\S+ date:\S+ \S+$/,
    };
    for (const [kind, re] of Object.entries(shapes)) {
      const of = made.filter((m) => m.kind === kind);
      // The ~40 rare terms run out: each is asked once.
      const least = kind === 'rare term' ? 30 : 100;
      assert.ok(of.length >= least, `fewer than ${least} queries of kind ${kind}`);
      for (const m of of) assert.match(m.q, re, kind);
    }
    assert.deepEqual(new Set(made.map((m) => m.kind)), new Set(Object.keys(shapes)));
    const again = freshQueries(1);
    assert.deepEqual(
      Array.from({ length: 50 }, () => again()),
      made.slice(0, 50),
    );
    const other = freshQueries(2);
    assert.notDeepEqual(
      Array.from({ length: 50 }, () => other()),
      made.slice(0, 50),
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

  void test('bench fresh queries - a run asks the rotation as it is, or one fresh search path per request', () => {
    const rotation = ['/a', '/b'];
    assert.equal(loadPaths('rotation', rotation, 1), rotation);
    assert.equal(loadQueries(rotation), 'rotation');
    const fresh = loadPaths('new', rotation, 1);
    assert.equal(loadQueries(fresh), 'new');
    assert.equal(typeof fresh, 'function');
    const made = Array.from({ length: 200 }, () => (fresh as () => string)());
    assert.equal(new Set(made).size, made.length);
    const first = freshQueries(1)().q;
    assert.equal(made[0], searchPath(first));
    assert.equal(new URL(made[0] as string, 'http://x').searchParams.get('q'), first);
  });
});
