import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readInput } from '../../../src/sources/containers/index.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;

async function writeMbox(file: string, targetBytes: number, bigMessageBytes = 0): Promise<number> {
  const out = createWriteStream(file);
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n'.repeat(
    40,
  );
  let n = 0;
  let written = 0;
  const write = async (s: string): Promise<void> => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  if (bigMessageBytes > 0) {
    await write('From big@example.com Mon Jan  1 00:00:00 2024\nSubject: big\n\n');
    const line = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < bigMessageBytes / 1024; i++) await write(line);
    await write('\n');
  }
  while (written < targetBytes) {
    await write(
      `From sender${n}@example.com Mon Jan  1 00:00:00 2024\nFrom: sender${n}@example.com\nTo: desk@example.org\n` +
        `Subject: message ${n}\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n\n${filler}>From a quoted line\n\n`,
    );
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n + (bigMessageBytes > 0 ? 1 : 0);
}

/**
 * Reads everything, sampling RSS; returns the count, the peak RSS growth, and the wall-clock and
 * CPU seconds taken (CPU time says what the reader costs even when the machine is shared).
 */
async function measure(
  file: string,
  options = {},
): Promise<{ count: number; unreadable: number; growth: number; seconds: number; cpuSeconds: number }> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  let count = 0;
  let unreadable = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for await (const r of readInput(file, options)) {
    count++;
    if (r.type === 'unreadable') unreadable++;
    if ((count & 255) === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    count,
    unreadable,
    growth: (peak - base) / MiB,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

void describe('Containers mbox memory', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-mbox-mem-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('Containers mbox memory - a 200 MB mbox streams in bounded memory', async (t) => {
    const file = path.join(dir, 'big.mbox');
    const messages = await writeMbox(file, 200 * MiB);
    const size = statSync(file).size;
    const m = await measure(file);
    const mbps = size / MiB / m.seconds;
    t.diagnostic(
      `${(size / MiB).toFixed(0)} MiB, ${m.count} messages in ${m.seconds.toFixed(2)} s: ${mbps.toFixed(0)} MiB/s wall, ` +
        `${(size / MiB / m.cpuSeconds).toFixed(0)} MiB per CPU-second, peak RSS growth ${m.growth.toFixed(1)} MiB`,
    );
    assert.equal(m.count, messages);
    assert.equal(m.unreadable, 0);
    assert.ok(m.growth < 100, `peak RSS grew ${m.growth.toFixed(1)} MiB`);
    // A loose floor that only catches a pathological (e.g. quadratic) regression on a busy machine.
    assert.ok(mbps > 20, `${mbps.toFixed(0)} MiB/s`);
    rmSync(file);
  });

  void it('Containers mbox memory - a message over maxMessageBytes is not held whole', async (t) => {
    const file = path.join(dir, 'huge-message.mbox');
    const messages = await writeMbox(file, 70 * MiB, 60 * MiB);
    const m = await measure(file, { maxMessageBytes: MiB });
    t.diagnostic(`60 MiB message with a 1 MiB limit: peak RSS growth ${m.growth.toFixed(1)} MiB`);
    assert.equal(m.count, messages);
    assert.equal(m.unreadable, 1);
    assert.ok(m.growth < 40, `peak RSS grew ${m.growth.toFixed(1)} MiB`);
    rmSync(file);
  });
});
