/**
 * Every record a reader yields holds its bytes in a buffer of its own, not a view of the file
 * it was cut from: a view keeps the whole file alive with the record and is copied whole when
 * the record goes to a worker thread (src/model/own-bytes.ts). A post list of 300,000 rows took
 * 12 minutes and 3 GB for that before.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compactBytes, ownBytes } from '../../src/model/own-bytes.js';
import { openSource } from '../../src/sources/read-source.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

void test('Own bytes - ownBytes copies into a buffer of its own; compactBytes keeps what already is', () => {
  const file = Buffer.from('0123456789');
  const cut = ownBytes(file, 2, 5);
  assert.deepEqual([...cut], [...Buffer.from('234')]);
  assert.equal(cut.buffer.byteLength, 3);
  assert.ok(Buffer.isBuffer(cut), 'a Buffer from a Buffer');
  assert.ok(!Buffer.isBuffer(ownBytes(new Uint8Array(5), 1, 2)), 'a Uint8Array from a Uint8Array');
  file[2] = 0x41;
  assert.equal(cut[0], 0x32, 'a copy, not a view');
  const own = new Uint8Array(4);
  assert.equal(compactBytes(own), own);
  const view = file.subarray(1, 3);
  assert.notEqual(compactBytes(view), view);
  assert.equal(compactBytes(view).buffer.byteLength, 2);
});

for (const input of [
  'posts/example.csv',
  'posts/example-v2.json',
  'posts/example.jsonl',
  'x/archive-2019',
  'telegram/account',
  'whatsapp/WhatsApp Chat with Kari Holm.txt',
  'whatsapp/ios-group',
  'slack/workspace',
]) {
  void test(`Own bytes - each record of ${input} has a buffer of its own`, async () => {
    const source = await openSource(path.join(FIXTURES, input));
    let records = 0;
    for await (const r of source.records) {
      records++;
      assert.equal(r.bytes.byteOffset, 0, `record ${records} of ${input}`);
      assert.equal(r.bytes.buffer.byteLength, r.bytes.byteLength, `record ${records} of ${input}`);
    }
    assert.ok(records > 0, `${input}: no records`);
  });
}
