import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';

const mbox = path.join(repoRoot, 'demo', 'DonaldJTrumpJr-mail.mbox');

describe('CLI - the seed scenario email chain', () => {
  let dir: string;
  let db: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-cli-'));
    db = path.join(dir, 'case.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest - reports counts that add up and exits 0', () => {
    const r = runCli(['ingest', mbox, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    assert.equal(doc.report.read, 6);
    assert.equal(doc.report.stored, 6);
    assert.equal(doc.report.read, doc.report.stored + doc.report.duplicates + doc.report.quarantined);
  });

  it('ingest - the same input twice adds nothing', () => {
    const r = runCli(['ingest', mbox, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.report.stored, 0);
    assert.equal(doc.report.duplicates, 6);
    const stats = JSON.parse(runCli(['stats', '--db', db, '--json']).stdout);
    assert.equal(stats.stats.items, 6);
    assert.equal(stats.stats.locations, 6);
  });

  it('search - date:2016-06 meeting finds the emails, newest first with --sort date', () => {
    const r = runCli(['search', 'date:2016-06 meeting', '--db', db, '--json', '--sort', 'date']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.ok(doc.total >= 2, `expected the meeting emails, got ${doc.total}`);
    for (const it of doc.items) {
      assert.match(it.sentAt, /^2016-06-/);
      assert.equal(it.kind, 'email');
      for (const k of [
        'id',
        'kind',
        'platform',
        'visibility',
        'sentAt',
        'from',
        'to',
        'subject',
        'snippet',
      ]) {
        assert.ok(k in it, `search item lacks ${k}`);
      }
    }
    const dates = doc.items.map((i: { sentAt: string }) => i.sentAt);
    assert.deepEqual(dates, [...dates].sort().reverse());
  });

  it('thread - the six emails form one thread and the forward adds two people', () => {
    const all = JSON.parse(
      runCli(['search', 'date:2016', '--db', db, '--json', '--sort', 'date-asc']).stdout,
    );
    assert.equal(all.total, 6);
    const t = JSON.parse(runCli(['thread', all.items[0].id, '--db', db, '--json']).stdout);
    const real = t.thread.nodes.filter((n: { itemId: string | null }) => n.itemId);
    assert.equal(real.length, 6);
    assert.match(runCli(['thread', all.items[0].id, '--db', db]).stdout, /^thread [0-9a-f]+: 6 messages\n/);
    const last = JSON.parse(runCli(['show', all.items[5].id, '--db', db, '--json']).stdout);
    const recipients = [...last.item.to, ...last.item.cc].map((i: { name: string | null }) => i.name ?? '');
    assert.ok(
      recipients.some((n) => /Kushner/.test(n)),
      JSON.stringify(recipients),
    );
    assert.ok(
      recipients.some((n) => /Manafort/.test(n)),
      JSON.stringify(recipients),
    );
  });

  it('show --raw - returns exactly the bytes at the recorded offset', () => {
    const all = JSON.parse(runCli(['search', 'date:2016', '--db', db, '--json']).stdout);
    const file = readFileSync(mbox);
    for (const it of all.items) {
      const shown = JSON.parse(runCli(['show', it.id, '--db', db, '--json']).stdout);
      const loc = shown.locations[0];
      const raw = runCli(['show', it.id, '--raw', '--db', db]).stdoutBytes;
      assert.ok(raw.equals(file.subarray(loc.offset, loc.offset + loc.length)), `raw of ${it.id}`);
    }
  });

  it('search --limit 0 - the count alone', () => {
    const all = JSON.parse(runCli(['search', 'date:2016', '--db', db, '--json']).stdout);
    const count = JSON.parse(runCli(['search', 'date:2016', '--db', db, '--json', '--limit', '0']).stdout);
    assert.ok(all.total > 0);
    assert.deepEqual([count.total, count.items], [all.total, []]);
    const r = runCli(['search', 'date:2016', '--db', db, '--limit', '0']);
    assert.equal(r.stdout.trim(), `${all.total} results`);
  });

  it('search - a bad query exits 2 and points at the column', () => {
    const r = runCli(['search', 'from:wikileaks "tax returns', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\^/);
    assert.match(r.stderr, /16|quote/i);
  });

  it('ingest - an unreadable file is quarantined with its reason, exit 3, counts add up', () => {
    const junkDir = path.join(dir, 'junk');
    mkdirSync(junkDir);
    writeFileSync(path.join(junkDir, 'garbage.bin'), Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7]));
    const r = runCli(['ingest', junkDir, '--db', db, '--json']);
    assert.equal(r.code, 3, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.report.quarantined, 1);
    assert.equal(doc.report.read, doc.report.stored + doc.report.duplicates + doc.report.quarantined);
    assert.match(doc.report.inputs[0].problems[0].where, /garbage\.bin/);
  });

  it('ingest - a missing path fails with a message naming it, exit 1', () => {
    const r = runCli(['ingest', path.join(dir, 'nope.mbox'), '--db', db]);
    assert.equal(r.code, 1);
    assert.match(r.stdout + r.stderr, /nope\.mbox/);
  });

  it('usage - unknown command and missing database exit 2 and 1', () => {
    assert.equal(runCli(['frobnicate']).code, 2);
    const r = runCli(['search', 'x', '--db', path.join(dir, 'absent.db')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no database/);
  });
});
