import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../src/demo/generate-corpus.js';
import { openStore, type ItemSummary } from '../../src/store/index.js';
import { runCli, startCli } from '../helpers/run-cli.js';

/** Everything an ingest decides, in a canonical order: ids, every location, quarantine, threads. */
async function dump(db: string) {
  const store = await openStore(db);
  try {
    const all: ItemSummary[] = [];
    for (let offset = 0; ; offset += 5000) {
      const page = await store.search(null, { limit: 5000, offset, sort: 'date-asc' });
      all.push(...page.items);
      if (page.items.length < 5000) break;
    }
    const ids = all.map((i) => i.id).sort();
    const locations: string[] = [];
    for (const id of ids) {
      for (const l of await store.getLocations(id))
        locations.push(`${id} ${l.path} ${l.member} ${l.offset} ${l.length} ${l.sha256}`);
    }
    const quarantine = (await store.listQuarantine())
      .map((q) => `${q.location.path} ${q.location.offset} ${q.reason}`)
      .sort();
    const stats = await store.stats();
    const conversations = all.map((i) => `${i.id} ${i.conversationId}`).sort();
    return {
      ids,
      locations: locations.sort(),
      quarantine,
      items: stats.items,
      threads: stats.threads,
      conversations,
    };
  } finally {
    await store.close();
  }
}

describe('Ingest - crash safety and idempotence', () => {
  let dir: string;
  let mbox: string;
  let reference: Awaited<ReturnType<typeof dump>>;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-crash-'));
    const corpus = await generateCorpus({
      messages: 3000,
      seed: 7,
      format: 'mbox',
      dir: path.join(dir, 'corpus'),
    });
    mbox = corpus.path;
    const db = path.join(dir, 'reference.db');
    const r = runCli(['ingest', mbox, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    reference = await dump(db);
    assert.equal(reference.items, 3000);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ingesting the same input twice adds nothing', async () => {
    const db = path.join(dir, 'twice.db');
    assert.equal(runCli(['ingest', mbox, '--db', db]).code, 0);
    const second = JSON.parse(runCli(['ingest', mbox, '--db', db, '--json']).stdout);
    assert.equal(second.report.stored, 0);
    assert.equal(second.report.duplicates, second.report.read);
    assert.deepEqual(await dump(db), reference);
  });

  for (const delayMs of [0, 150, 400, 900]) {
    it(`kill -9 ${delayMs} ms into writing, then the same command again, ends as an uninterrupted run`, async () => {
      const db = path.join(dir, `killed-${delayMs}.db`);
      const child = startCli(['ingest', mbox, '--db', db]);
      // Wait until the database is being written, then a little more, then kill without warning.
      const wal = `${db}-wal`;
      const deadline = Date.now() + 30_000;
      while (
        Date.now() < deadline &&
        !(existsSync(wal) && statSync(wal).size > 0) &&
        child.exitCode === null
      ) {
        await sleep(10);
      }
      await sleep(delayMs);
      const killedMidway = child.exitCode === null;
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const r = runCli(['ingest', mbox, '--db', db, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.report.read, doc.report.stored + doc.report.duplicates + doc.report.quarantined);
      assert.deepEqual(await dump(db), reference);
      if (!killedMidway) console.log(`# note: ingest had already finished before the kill at +${delayMs} ms`);
    });
  }
});
