import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DigestSet } from '../../src/ingest/digest-set.js';

const sha = (k: number): string => createHash('sha256').update(`file ${k}`).digest('hex');

void describe('Ingest - the set of attachment digests an input has counted', () => {
  void it('answers as a Set of strings does, through many resizes', () => {
    const set = new DigestSet();
    const plain = new Set<string>();
    for (let k = 0; k < 50_000; k++) {
      const d = sha(k % 30_000); // every digest of the first 20,000 comes twice
      assert.equal(set.add(d), !plain.has(d), `add ${k}`);
      plain.add(d);
    }
    assert.equal(set.size, 30_000);
    for (let k = 0; k < 30_000; k++) assert.equal(set.has(sha(k)), true);
    for (let k = 30_000; k < 40_000; k++) assert.equal(set.has(sha(k)), false);
  });

  void it('tells apart digests whose first word is the same', () => {
    const set = new DigestSet();
    const a = `deadbeef${'0'.repeat(56)}`;
    const b = `deadbeef${'0'.repeat(23)}1${'0'.repeat(32)}`;
    const c = `deadbeef${'0'.repeat(24)}${'f'.repeat(32)}`; // equal to a on 128 bits
    assert.equal(set.add(a), true);
    assert.equal(set.has(b), false);
    assert.equal(set.add(b), true);
    assert.equal(set.size, 2);
    assert.equal(set.has(c), true, 'kept as 128 bits: c is a here');
  });

  void it('keeps what is not a lower-case hex digest as it is', () => {
    const set = new DigestSet();
    const upper = sha(1).toUpperCase();
    for (const d of ['', 'x', upper, sha(1).slice(0, 31)]) {
      assert.equal(set.has(d), false);
      assert.equal(set.add(d), true);
      assert.equal(set.add(d), false);
      assert.equal(set.has(d), true);
    }
    assert.equal(set.has(sha(1)), false, 'the upper-case form is not the digest');
    assert.equal(set.size, 4);
  });
});
