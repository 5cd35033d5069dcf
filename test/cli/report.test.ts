import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';

/** The seed scenario as bundled with the demo (see seed-scenario.test.ts). */
const demo = path.join(repoRoot, 'demo');
const SEED = [
  path.join(demo, 'DonaldJTrumpJr-x-archive'),
  path.join(demo, 'realDonaldTrump-public-posts.csv'),
  path.join(demo, 'DonaldJTrumpJr-mail.mbox'),
];
const QUERY = 'from:wikileaks OR is:public';

interface ReportJson {
  report: {
    out: string;
    query: string;
    timeZone: string;
    lang: string;
    items: number;
    private: number;
    public: number;
    undated: number;
    first: string;
    last: string;
    echoes: number;
    people: number;
    bytes: number;
    sha256: string;
    problemCount: number;
  };
}

describe('CLI - innsyn report on the seed scenario (issue 9, point 4)', () => {
  let dir: string;
  let db: string;
  const cli = (...args: string[]) => runCli([...args, '--db', db]);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-report-cli-'));
    db = path.join(dir, 'case.db');
    const r = runCli(['ingest', ...SEED, '--db', db]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('report - the WikiLeaks DMs and the public posts as one HTML file; --json says what it holds and its sha256', () => {
    const out = path.join(dir, 'story.html');
    const r = cli('report', QUERY, '--out', out, '--tz', 'Europe/Oslo', '--json');
    assert.equal(r.code, 0, r.stderr);
    const { report } = JSON.parse(r.stdout) as ReportJson;
    assert.deepEqual(
      [report.items, report.private, report.public, report.undated, report.echoes, report.people],
      [19, 11, 8, 0, 5, 3],
    );
    assert.deepEqual([report.first, report.last], ['2016-09-21T03:59:00.000Z', '2017-07-12T11:20:00.000Z']);
    assert.deepEqual(
      [report.query, report.timeZone, report.lang, report.out],
      [QUERY, 'Europe/Oslo', 'en', out],
    );
    const bytes = readFileSync(out);
    assert.equal(report.bytes, bytes.length);
    assert.equal(report.sha256, sha(bytes));
    assert.equal(report.problemCount, 0);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.partial')),
      [],
      'no partial file left',
    );
    const html = bytes.toString('utf8');
    assert.ok(html.includes('15 minutes later'));
    assert.ok(html.includes('1 day 21 hours 11 minutes later'));
    assert.ok(html.includes('2 hours 59 minutes later'));
    // Every time in the zone and in UTC: the link DM, 12:31 UTC, is 14:31 in Oslo (summer time).
    assert.match(
      html,
      /14:31:00 <span class="offset">UTC\+02:00<\/span><\/time><span class="utc">2016-10-12 12:31:00 UTC<\/span>/,
    );
  });

  it('report - each item’s hash is that of its original bytes as innsyn show --raw gives them', () => {
    const out = path.join(dir, 'hashes.html');
    assert.equal(cli('report', 'from:wikileaks tax', '--out', out, '--tz', 'UTC').code, 0);
    const html = readFileSync(out, 'utf8');
    const ids = [...html.matchAll(/<article class="entry is-private" id="item-([0-9a-f]{32})">/g)].map(
      (m) => m[1] as string,
    );
    assert.equal(ids.length, 1);
    const raw = cli('show', ids[0] as string, '--raw');
    assert.equal(raw.code, 0, raw.stderr);
    assert.ok(html.includes(`<span class="mono sha">${sha(raw.stdoutBytes)}</span>`));
    assert.ok(html.includes(`/item/${ids[0]}`), 'its permalink, relative without --base-url');
  });

  it('report - in Norwegian, with a title and a base URL for the permalinks; the text output names the hash', () => {
    const out = path.join(dir, 'rapport.html');
    const r = cli(
      'report',
      QUERY,
      '--out',
      out,
      '--tz',
      'Europe/Oslo',
      '--lang',
      'nb',
      '--title',
      'WikiLeaks & sønnen',
      '--base-url',
      'http://127.0.0.1:7070/',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^wrote the story timeline of 19 items matching 'from:wikileaks OR is:public' to /,
    );
    const html = readFileSync(out, 'utf8');
    assert.match(r.stdout, new RegExp(`report sha256 ${sha(Buffer.from(html, 'utf8'))}`));
    assert.ok(html.includes('<h1>WikiLeaks &amp; sønnen</h1>'));
    assert.ok(html.includes('15 minutter senere'));
    assert.ok(html.includes('Slik kontrollerer du denne rapporten'));
    assert.match(html, /http:\/\/127\.0\.0\.1:7070\/item\/[0-9a-f]{32}/);
  });

  it('report - usage errors: no --out, no query, an unknown zone or language, a bad base URL, an existing file', () => {
    const existing = path.join(dir, 'existing.html');
    writeFileSync(existing, 'mine');
    for (const args of [
      ['report', QUERY],
      ['report', '--out', path.join(dir, 'a.html')],
      ['report', QUERY, '--all', '--out', path.join(dir, 'b.html')],
      ['report', QUERY, '--out', path.join(dir, 'c.html'), '--tz', 'Mars/Olympus'],
      ['report', QUERY, '--out', path.join(dir, 'd.html'), '--lang', 'de'],
      ['report', QUERY, '--out', path.join(dir, 'e.html'), '--base-url', 'javascript:alert(1)'],
      ['report', QUERY, '--out', existing],
    ]) {
      const r = cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.equal(readFileSync(existing, 'utf8'), 'mine', 'never overwritten');
    for (const f of ['a', 'b', 'c', 'd', 'e']) assert.ok(!existsSync(path.join(dir, `${f}.html`)));
    const bad = cli('report', 'from:(', '--out', path.join(dir, 'f.html'));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /column 6/);
  });
});
