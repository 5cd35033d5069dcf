import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mallocTrimHelper, releaseMemory, trimMalloc } from '../../src/model/release-memory.js';
import { mallocTrimMissing } from '../helpers/native-parts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const moduleUrl = pathToFileURL(path.join(root, 'src', 'model', 'release-memory.ts')).href;

const missing = mallocTrimMissing();
if (missing)
  console.log(`# release-memory: the malloc-trim helper is not built here (${missing}); its tests skip`);

void describe('Model - handing freed memory back to the system (malloc_trim)', () => {
  void it('is built by npm run build where glibc and Node headers are', { skip: missing ?? false }, () => {
    assert.ok(mallocTrimHelper(), 'dist/native/malloc-trim.node loads (run npm run build)');
    assert.equal(typeof trimMalloc(), 'boolean');
  });

  void it(
    'gives back the free holes inside the heap, which RSS counted until then',
    { skip: missing ?? false },
    () => {
      // A child process: 100,000 buffers of 2,000 bytes come from malloc's heap; all but the last
      // are freed (the last keeps the top of the heap, which malloc would give back by itself).
      const script = `
      import { trimMalloc } from ${JSON.stringify(moduleUrl)};
      const mib = () => process.memoryUsage.rss() / 1048576;
      let held = [];
      for (let k = 0; k < 100000; k++) held.push(Buffer.allocUnsafeSlow(2000));
      const last = held[held.length - 1];
      held = null;
      globalThis.gc();
      await new Promise((done) => setTimeout(done, 200)); // array buffers are freed behind the collection
      globalThis.gc();
      const before = mib();
      const released = trimMalloc();
      console.log(JSON.stringify({ before, after: mib(), released, last: last.length }));
    `;
      const out = execFileSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: root, env: { ...process.env, MALLOC_ARENA_MAX: '2' }, encoding: 'utf8' },
      );
      const r = JSON.parse(out.trim().split('\n').pop() as string) as {
        before: number;
        after: number;
        released: boolean;
        last: number;
      };
      assert.equal(r.released, true);
      assert.ok(
        r.before - r.after > 100,
        `RSS ${r.before.toFixed(0)} → ${r.after.toFixed(0)} MiB: at least 100 MiB back`,
      );
    },
  );

  void it('releaseMemory runs with or without the helper', () => {
    releaseMemory();
  });
});
