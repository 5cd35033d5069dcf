/**
 * src/team/idle-cache.ts: what a team server keeps open per collection is closed when unused
 * for a while, never while a request holds it, at once when dropped, and opened again by the
 * next request. Real timers with small delays; the values record when they were closed.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { IdleCache } from '../../src/team/idle-cache.js';

interface Value {
  key: string;
  n: number;
  closed: boolean;
}

function cache(idleMs: number, open?: (key: string, n: number) => Promise<Value>) {
  let opened = 0;
  const closed: string[] = [];
  const logged: string[] = [];
  const c = new IdleCache<Value>({
    open: (key) => {
      opened++;
      return open ? open(key, opened) : Promise.resolve({ key, n: opened, closed: false });
    },
    close: async (value) => {
      assert.equal(value.closed, false, `${value.key}#${value.n} closed twice`);
      value.closed = true;
      closed.push(`${value.key}#${value.n}`);
    },
    idleMs,
    log: (line) => logged.push(line),
  });
  return { c, closed, logged, opened: () => opened };
}

/** Waits until `check` holds, for at most `ms`. */
async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

void describe('IdleCache', () => {
  void test('IdleCache - one value per key, shared by concurrent users, opened once', async () => {
    const { c, opened } = cache(0);
    const [a, b] = await Promise.all([c.acquire('alpha'), c.acquire('alpha')]);
    assert.equal(a.value, b.value);
    assert.equal(opened(), 1);
    a.release();
    b.release();
    assert.deepEqual(c.keys(), ['alpha']);
    await c.closeAll();
  });

  void test('IdleCache - closed after the idle time without a lease, and opened anew by the next', async () => {
    const { c, closed } = cache(30);
    const first = await c.acquire('alpha');
    first.release();
    await until(() => closed.length === 1);
    assert.deepEqual(closed, ['alpha#1']);
    assert.deepEqual(c.keys(), []);
    assert.equal(first.value.closed, true);
    const second = await c.acquire('alpha');
    assert.equal(second.value.n, 2);
    assert.equal(second.value.closed, false);
    second.release();
    await c.closeAll();
    assert.deepEqual(closed, ['alpha#1', 'alpha#2']);
  });

  void test('IdleCache - a lease held longer than the idle time is never cut', async () => {
    const { c, closed } = cache(20);
    const long = await c.acquire('alpha');
    // Another request came and went meanwhile: its release must not start the clock for both.
    const short = await c.acquire('alpha');
    short.release();
    short.release(); // twice: counted once
    await sleep(120);
    assert.deepEqual(closed, [], 'closed while a request held it');
    assert.equal(long.value.closed, false);
    long.release();
    await until(() => closed.length === 1);
    assert.deepEqual(closed, ['alpha#1']);
  });

  void test('IdleCache - a request after the last one restarts the clock', async () => {
    const { c, closed } = cache(400);
    (await c.acquire('alpha')).release();
    await sleep(250);
    (await c.acquire('alpha')).release();
    await sleep(250);
    // 500 ms since the first release, 250 since the second: still open.
    assert.deepEqual(closed, []);
    await until(() => closed.length === 1);
    await c.closeAll();
  });

  void test('IdleCache - idleMs 0 keeps values open', async () => {
    const { c, closed } = cache(0);
    (await c.acquire('alpha')).release();
    await sleep(50);
    assert.deepEqual(closed, []);
    assert.deepEqual(c.keys(), ['alpha']);
    await c.closeAll();
    assert.deepEqual(closed, ['alpha#1']);
  });

  void test('IdleCache - drop closes at once when unused, after the last lease when in use', async () => {
    const { c, closed } = cache(0);
    (await c.acquire('alpha')).release();
    c.drop('alpha');
    await until(() => closed.length === 1);
    const held = await c.acquire('beta');
    c.drop('beta');
    // Gone for new requests at once: the next one opens a fresh value...
    assert.deepEqual(c.keys(), []);
    const fresh = await c.acquire('beta');
    assert.notEqual(fresh.value, held.value);
    await sleep(20);
    // ...while the request under way keeps its own until it is done.
    assert.deepEqual(closed, ['alpha#1']);
    held.release();
    await until(() => closed.length === 2);
    assert.deepEqual(closed, ['alpha#1', 'beta#2']);
    fresh.release();
    await c.closeAll();
    assert.deepEqual(closed, ['alpha#1', 'beta#2', 'beta#3']);
  });

  void test('IdleCache - a value that failed to open is tried again; closeAll waits for closes', async () => {
    let fail = true;
    const { c, closed, logged } = cache(0, async (key, n) => {
      if (fail) throw new Error('no database');
      return { key, n, closed: false };
    });
    await assert.rejects(c.acquire('alpha'), /no database/);
    assert.deepEqual(c.keys(), []);
    fail = false;
    const lease = await c.acquire('alpha');
    assert.equal(lease.value.n, 2);
    // closeAll closes what is in use too (the server is stopping), once.
    await c.closeAll();
    assert.deepEqual(closed, ['alpha#2']);
    lease.release();
    await sleep(10);
    assert.deepEqual(closed, ['alpha#2']);
    assert.deepEqual(logged, []);
  });

  void test('IdleCache - idleMs must be 0 or more', () => {
    assert.throws(() => cache(-1), /idleMs must be 0 or more/);
    assert.throws(() => cache(Number.NaN), /idleMs must be 0 or more/);
  });
});
