import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuery, queryToString } from '../../src/query/index.js';
import { expandMentions } from '../../src/store/expand-mentions.js';

const people: Record<string, string[]> = { '16589206': ['wikileaks'], wikileaks: ['wikileaks', 'wl'] };
const handlesOf = (v: string) => people[v.toLowerCase()] ?? null;

describe('expandMentions - mention: widened to every handle of the person it names', () => {
  it('a mention of a person becomes an OR of its handles, anywhere in the tree', () => {
    const q = expandMentions(parseQuery('kind:post (mention:@wikileaks OR -mention:16589206)'), handlesOf);
    assert.ok(q);
    assert.equal(
      queryToString(q),
      'kind:post ((mention:wikileaks OR mention:wl) OR -(mention:16589206 OR mention:wikileaks))',
    );
  });

  it('unknown names, other fields and prefixes are left as they are (the same tree)', () => {
    for (const text of ['mention:nobody', 'from:wikileaks', 'mention:wiki*', 'wikileaks']) {
      const q = parseQuery(text);
      assert.equal(expandMentions(q, handlesOf), q, text);
    }
    assert.equal(expandMentions(null, handlesOf), null);
  });
});
