import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { threadMessages } from '../../src/analysis/jwz-threading.js';
import { assertWellFormed, generateCorpus } from './thread-test-util.js';

/**
 * The target is well under a second for 100,000 messages on a developer laptop. The assertion is
 * looser (CI machines are shared and slow, and a timing test must not flake); it still catches
 * what matters, a step that went quadratic, which would take minutes here.
 */
const BUDGET_MS = 4000;

void describe('Analysis - JWZ threading performance', () => {
  const input = generateCorpus(105_000, 11, { hostile: true });

  for (const groupBySubject of [false, true]) {
    void it(`threads ~100,000 messages within ${BUDGET_MS} ms (groupBySubject: ${groupBySubject})`, (t) => {
      let best = Infinity;
      let threads = threadMessages(input, { groupBySubject });
      for (let run = 0; run < 2; run++) {
        const started = performance.now();
        threads = threadMessages(input, { groupBySubject });
        best = Math.min(best, performance.now() - started);
      }
      t.diagnostic(`${input.length} messages, ${threads.length} threads, best of 2: ${Math.round(best)} ms`);
      assertWellFormed(threads, input);
      assert.ok(best < BUDGET_MS, `took ${Math.round(best)} ms`);
    });
  }
});
