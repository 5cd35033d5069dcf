import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';

/** The seed scenario as bundled with the demo (a copy of ../shared/fixtures/seed-scenario). */
const demo = path.join(repoRoot, 'demo');
const archive = path.join(demo, 'DonaldJTrumpJr-x-archive');
const posts = path.join(demo, 'realDonaldTrump-public-posts.csv');
const mbox = path.join(demo, 'DonaldJTrumpJr-mail.mbox');

interface SearchItem {
  id: string;
  kind: string;
  platform: string;
  visibility: string;
  sentAt: string;
  from: { address: string; handle?: string | null; name: string | null } | null;
  to: Array<{ address: string; handle?: string | null }>;
}

describe('CLI - the whole seed scenario (EXPECTED.md points 1 and 4)', () => {
  let dir: string;
  let db: string;
  const search = (q: string): { total: number; items: SearchItem[] } => {
    const r = runCli(['search', q, '--db', db, '--json', '--sort', 'date', '--limit', '100']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as { total: number; items: SearchItem[] };
  };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-seed-'));
    db = path.join(dir, 'case.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest - the X archive, the post list and the mbox, each read as what it is', () => {
    const r = runCli(['ingest', archive, posts, mbox, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { report } = JSON.parse(r.stdout) as {
      report: {
        read: number;
        stored: number;
        inputs: Array<{ format: string; read: number; stored: number }>;
      };
    };
    assert.deepEqual(
      report.inputs.map((i) => [i.format, i.read, i.stored]),
      [
        ['X archive', 17, 17], // 13 DMs + 4 posts
        ['post list', 4, 4],
        ['mail', 6, 6],
      ],
    );
  });

  it('ingest - the same exports again add nothing', () => {
    const r = runCli(['ingest', archive, posts, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { report } = JSON.parse(r.stdout) as { report: { stored: number; duplicates: number } };
    assert.deepEqual([report.stored, report.duplicates], [0, 21]);
  });

  it('who wrote to whom - 13 DMs, 11 from @wikileaks (resolved from an account id), 2 back', () => {
    const dms = search('kind:message platform:x');
    assert.equal(dms.total, 13);
    const fromWl = dms.items.filter((i) => i.from?.address === '16589206');
    assert.equal(fromWl.length, 11);
    for (const i of fromWl) {
      assert.equal(i.from?.handle, 'wikileaks');
      assert.equal(i.visibility, 'private');
      assert.equal(i.to[0]?.handle, 'donaldjtrumpjr');
    }
    const back = dms.items.filter((i) => i.from?.handle === 'donaldjtrumpjr');
    assert.deepEqual(
      back.map((i) => i.sentAt.slice(0, 16)),
      ['2016-10-03T15:35', '2016-09-21T15:50'],
    );
    assert.equal(search('from:wikileaks').total, 11);
  });

  it('search - the four searches of EXPECTED.md', () => {
    const tax = search('from:wikileaks tax');
    assert.equal(tax.total, 1);
    assert.equal(tax.items[0]?.sentAt.slice(0, 10), '2016-10-21');

    const link = search('link:wlsearch.tk');
    assert.deepEqual(
      link.items.map((i) => [i.kind, i.sentAt.slice(0, 16)]),
      [
        ['post', '2016-10-14T09:42'],
        ['message', '2016-10-12T12:31'],
      ],
    );

    const meeting = search('date:2016-06 meeting');
    assert.ok(meeting.total >= 2);
    for (const i of meeting.items) assert.equal(i.kind, 'email');

    const pub = search('is:public wikileaks');
    assert.deepEqual(
      pub.items.map((i) => [i.from?.handle, i.sentAt.slice(0, 16)]),
      [
        ['donaldjtrumpjr', '2016-10-14T09:42'],
        ['realdonaldtrump', '2016-10-12T12:46'],
      ],
    );
  });

  it('one conversation - the DMs share one conversation, shown in order by thread', () => {
    const first = search('from:wikileaks tax').items[0] as SearchItem;
    const r = runCli(['thread', first.id, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { thread } = JSON.parse(r.stdout) as { thread: { nodes: Array<{ itemId: string | null }> } };
    assert.equal(thread.nodes.filter((n) => n.itemId).length, 13);
  });
});
