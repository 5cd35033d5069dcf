import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { formatPostsReport, writePostList } from '../../bench/posts-bench.js';
import { readPostList } from '../../src/sources/posts/index.js';

void test('Posts bench - the generated list is the same for a seed, and every row is a post', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-posts-bench-'));
  try {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writePostList(a, 500, 7);
    writePostList(b, 500, 7);
    assert.ok(readFileSync(a).equals(readFileSync(b)));
    const types: string[] = [];
    for await (const r of readPostList({ bytes: readFileSync(a), path: a })) types.push(r.type);
    assert.equal(types.length, 500);
    assert.ok(types.every((t) => t === 'export'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const row = { bytes: 1e6, cpuSeconds: 1, peakRssMb: 200, stored: 0, postsPerSecond: 0 };
  const report = formatPostsReport([
    { ...row, rows: 1000, seconds: 1 },
    { ...row, rows: 3000, seconds: 9 },
  ]);
  assert.match(report, /3000 against 1000: 3x \(1 is linear\)/);
});
