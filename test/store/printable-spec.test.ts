import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { printableSpec } from '../../src/store/index.js';

void describe('printableSpec', () => {
  void it('hides the password of a database URL and leaves paths alone', () => {
    assert.equal(
      printableSpec('postgres://reporter:s3cret@127.0.0.1:5432/leak'),
      'postgres://reporter:***@127.0.0.1:5432/leak',
    );
    assert.equal(printableSpec('postgres://127.0.0.1/leak'), 'postgres://127.0.0.1/leak');
    assert.equal(printableSpec('./cases/leak.db'), './cases/leak.db');
    assert.equal(printableSpec('C:\\cases\\leak.db'), 'C:\\cases\\leak.db');
  });
});
