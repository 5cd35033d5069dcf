import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Containers, NONE } from '../../src/analysis/thread-container.js';

/** Container numbers of the subtree of `top` in pre-order. */
function walk(cs: Containers, top: number): number[] {
  const out: number[] = [];
  for (let c = top; c !== NONE; c = cs.nextInSubtree(c, top)) out.push(c);
  return out;
}

void describe('Analysis - thread containers', () => {
  void it('keep every field and link when they grow past the room they were made with', () => {
    const cs = new Containers(2);
    const root = cs.add(NONE, 7, true, Infinity);
    for (let i = 1; i < 5000; i++) cs.appendChild(i < 10 ? root : i - 1, cs.add(i, NONE, false, i * 1000));
    assert.equal(cs.count, 5000);
    assert.equal(cs.messageId[root], 7);
    assert.ok(cs.inIdTable(root));
    assert.equal(cs.time[4999], 4_999_000);
    assert.equal(cs.parent[4999], 4998);
    assert.deepEqual(walk(cs, root).slice(0, 12), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.equal(walk(cs, root).length, 5000);
  });

  void it('re-parent, splice and refuse loops through their sibling lists', () => {
    const cs = new Containers();
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((i) => cs.add(i, NONE, false, i));
    cs.appendChild(a!, b!);
    cs.appendChild(a!, c!);
    cs.appendChild(b!, d!);
    cs.appendChild(b!, e!);
    assert.deepEqual(walk(cs, a!), [a, b, d, e, c]);
    assert.ok(cs.wouldCreateLoop(d!, a!));
    assert.ok(cs.wouldCreateLoop(b!, b!));
    assert.ok(!cs.wouldCreateLoop(c!, d!));
    cs.spliceChildrenIntoParent(b!);
    cs.drop(b!);
    assert.deepEqual(walk(cs, a!), [a, d, e, c]);
    assert.equal(cs.parent[b!], NONE);
    assert.ok(cs.isDropped(b!));
    cs.appendChild(c!, d!);
    assert.deepEqual(walk(cs, a!), [a, e, c, d]);
    cs.unlink(e!);
    assert.deepEqual(walk(cs, a!), [a, c, d]);
    assert.equal(cs.firstChild[a!], c);
    assert.equal(cs.lastChild[a!], c);
  });
});
