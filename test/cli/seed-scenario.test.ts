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

  it('mention: - works on any identity of the person: its account id finds the mention of its handle', () => {
    const byHandle = search('mention:wikileaks');
    assert.ok(byHandle.total >= 1);
    const byId = search('mention:16589206');
    assert.deepEqual(
      byId.items.map((i) => i.id),
      byHandle.items.map((i) => i.id),
    );
  });

  it('one conversation - the DMs share one conversation, shown in order by thread', () => {
    const first = search('from:wikileaks tax').items[0] as SearchItem;
    const r = runCli(['thread', first.id, '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { thread } = JSON.parse(r.stdout) as { thread: { nodes: Array<{ itemId: string | null }> } };
    assert.equal(thread.nodes.filter((n) => n.itemId).length, 13);
  });

  it('pairs - he answered twice (11 h 51 min and 1 h 15 min), the named requests left unanswered', () => {
    const r = runCli(['pairs', '--db', db, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { pairs } = JSON.parse(r.stdout) as {
      pairs: Array<{
        aName: string | null;
        bName: string | null;
        aToB: number;
        bToA: number;
        repliesAtoB: Array<{ seconds: number }>;
        repliesBtoA: Array<{ seconds: number }>;
        unanswered: Array<{ sentAt: string; request: boolean }>;
      }>;
    };
    const dm = pairs.find((p) => [p.aName, p.bName].includes('WikiLeaks'));
    assert.ok(dm, 'the WikiLeaks pair');
    const wlIsA = dm.aName === 'WikiLeaks';
    assert.deepEqual(wlIsA ? [dm.aToB, dm.bToA] : [dm.bToA, dm.aToB], [11, 2]);
    const answers = (wlIsA ? dm.repliesAtoB : dm.repliesBtoA).map((x) => x.seconds);
    assert.deepEqual(answers, [11 * 3600 + 51 * 60, 75 * 60]);
    const requests = dm.unanswered.filter((u) => u.request).map((u) => u.sentAt.slice(0, 10));
    for (const day of ['2016-10-21', '2016-11-08', '2016-12-16', '2017-07-11'])
      assert.ok(requests.includes(day), day);
  });

  it('echoes - the three echoes of EXPECTED.md with their latencies, all in the top five', () => {
    const r = runCli(['echoes', '--db', db, '--json', '--limit', '5']);
    assert.equal(r.code, 0, r.stderr);
    const { echoes } = JSON.parse(r.stdout) as {
      echoes: Array<{
        private: { sentAt: string };
        public: { sentAt: string };
        latencySeconds: number;
        evidence: Array<{ kind: string }>;
      }>;
    };
    const found = (priv: string, pub: string) =>
      echoes.find((e) => e.private.sentAt.startsWith(priv) && e.public.sentAt.startsWith(pub));
    const father = found('2016-10-12T12:31', '2016-10-12T12:46');
    assert.equal(father?.latencySeconds, 15 * 60);
    assert.ok(father?.evidence.some((e) => e.kind === 'mention'));
    const son = found('2016-10-12T12:31', '2016-10-14T09:42');
    assert.equal(son?.latencySeconds, ((24 + 21) * 60 + 11) * 60);
    assert.ok(son?.evidence.some((e) => e.kind === 'link'));
    const emails = found('2017-07-11T12:02', '2017-07-11T15:01');
    assert.equal(emails?.latencySeconds, (2 * 60 + 59) * 60);
    assert.ok(emails?.evidence.some((e) => e.kind === 'terms'));
  });

  it('timeline - emails, DMs and public posts on one axis', () => {
    const r = runCli(['timeline', '--db', db, '--json', '--bucket', 'month']);
    assert.equal(r.code, 0, r.stderr);
    const { timeline } = JSON.parse(r.stdout) as {
      timeline: { buckets: Array<{ start: string; private: number; public: number }> };
    };
    const oct = timeline.buckets.find((b) => b.start.startsWith('2016-10'));
    assert.ok(oct && oct.private > 0 && oct.public > 0);
    const total = timeline.buckets.reduce((n, b) => n + b.private + b.public, 0);
    assert.equal(total, 27);
  });

  it('network - GEXF with the people as nodes', () => {
    const r = runCli(['network', '--db', db, '--format', 'gexf']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<\?xml/);
    assert.match(r.stdout, /label="WikiLeaks"/);
  });
});
