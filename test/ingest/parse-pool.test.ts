import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseRecord } from '../../src/ingest/attachment-files.js';
import { ParsePool } from '../../src/ingest/parse-pool.js';
import type { RawMessage } from '../../src/model/index.js';

function message(i: number): RawMessage {
  const bytes = new TextEncoder().encode(
    `From: A <a@example.org>\r\nTo: B <b@example.org>\r\nSubject: batch message ${i}\r\n` +
      `Message-ID: <m${i}@example.org>\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\n` +
      `Dear B, the minutes of meeting number ${i} are attached as promised.\r\n`,
  );
  return {
    type: 'message',
    format: 'rfc822',
    bytes,
    location: { path: '/x.mbox', member: null, offset: i, length: bytes.length },
  };
}

void test('ParsePool: preparing items goes before parse batches waiting, and every answer comes back', async () => {
  const pool = new ParsePool(1);
  try {
    const order: string[] = [];
    const batch = (k: number) => Array.from({ length: 50 }, (_, i) => message(k * 100 + i));
    const parses = [1, 2, 3, 4].map((k) =>
      pool.parse(batch(k)).then((outcomes) => {
        order.push(`parse ${k}`);
        return outcomes;
      }),
    );
    const parsed = parseRecord(message(999), false);
    assert.ok(parsed.ok);
    const raw = message(999).bytes;
    const prepared = pool.prepare([{ item: parsed.item, raw, texts: [] }]).then((p) => {
      order.push('prepare');
      return p;
    });
    const [outcomes, items] = await Promise.all([Promise.all(parses), prepared]);
    // One worker holds two tasks: parses 1 and 2 were handed out at once; the preparation
    // asked for after parses 3 and 4 still goes before them.
    assert.deepEqual(order, ['parse 1', 'parse 2', 'prepare', 'parse 3', 'parse 4']);
    assert.deepEqual(
      outcomes.map((o) => o.length),
      [50, 50, 50, 50],
    );
    assert.ok(outcomes.flat().every((o) => o.ok && o.prepared !== undefined));
    assert.equal(items.length, 1);
    assert.ok(items[0]?.fts.some((column) => column.includes('minutes')));
  } finally {
    await pool.close();
  }
});
