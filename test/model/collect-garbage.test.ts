import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { collectGarbage } from '../../src/model/collect-garbage.js';

void describe('Model - a full garbage collection between phases of long work', () => {
  void it('frees what nothing refers to any more, without --expose-gc', async () => {
    assert.equal(
      typeof (globalThis as { gc?: unknown }).gc,
      'undefined',
      'the test runs without --expose-gc',
    );
    let big: number[] | null = Array.from({ length: 1_000_000 }, (_, k) => k);
    const ref = new WeakRef(big);
    big = null;
    // A WeakRef keeps its target until the end of the job that made or read it.
    await tick();
    collectGarbage();
    assert.equal(ref.deref(), undefined);
    collectGarbage(); // again: the function is kept, nothing to set up
    assert.equal(
      typeof (globalThis as { gc?: unknown }).gc,
      'undefined',
      'nothing is added to the global object',
    );
  });
});
