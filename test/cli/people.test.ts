import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * A second post list of the father's account as an API client writes it: with the account id.
 * It names him `x:25073877` (handle realdonaldtrump); the bundled list names him by handle only.
 */
const WITH_IDS =
  'id,created_at,author_id,author_handle,author_name,text\n' +
  '786555555555555555,2016-10-13 15:00:00+00:00,25073877,realDonaldTrump,Donald J. Trump,Crooked media!\n';

interface Summary {
  key: string;
  name: string | null;
  handles: string[];
  identities: string[];
  sent: number;
  received: number;
}
interface PersonDoc {
  key: string;
  name: string | null;
  identities: Array<{ key: string; names: Array<{ name: string; count: number }> }>;
  links: Array<{ a: string; b: string; rule: string; value: string | null }>;
}

describe('CLI - people on the seed scenario', () => {
  let dir: string;
  let db: string;
  const cli = (args: string[], dbFile = db) => runCli([...args, '--db', dbFile]);
  const ok = (args: string[], dbFile = db): string => {
    const r = cli(args, dbFile);
    assert.equal(r.code, 0, `innsyn ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const list = (dbFile = db): Summary[] =>
    (JSON.parse(ok(['people', 'list', '--json'], dbFile)) as { people: Summary[] }).people;
  const show = (key: string, dbFile = db): PersonDoc =>
    (JSON.parse(ok(['people', 'show', key, '--json'], dbFile)) as { person: PersonDoc }).person;
  const total = (q: string, dbFile = db): number =>
    (JSON.parse(ok(['search', q, '--json'], dbFile)) as { total: number }).total;
  let withIds: string;

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-people-'));
    db = path.join(dir, 'case.db');
    withIds = path.join(dir, 'realDonaldTrump-with-ids.csv');
    writeFileSync(withIds, WITH_IDS);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest - builds the people and says how many', () => {
    const out = JSON.parse(ok(['ingest', archive, posts, mbox, withIds, '--json'])) as {
      people: { people: number; identities: number };
    };
    assert.deepEqual([out.people.people, out.people.identities], [7, 8]);
  });

  it('people list - WikiLeaks with its X identity; @realdonaldtrump of both post lists is one person', () => {
    const people = list();
    const wl = people.find((p) => p.name === 'WikiLeaks');
    assert.deepEqual(
      [wl?.key, wl?.identities, wl?.handles, wl?.sent, wl?.received],
      ['x:16589206', ['x:16589206'], ['wikileaks'], 11, 2],
    );
    const trump = people.filter((p) => p.handles.includes('realdonaldtrump'));
    assert.equal(trump.length, 1);
    assert.deepEqual(trump[0]?.identities, ['x:25073877', 'x:realdonaldtrump']);
    assert.equal(trump[0]?.sent, 5);
    const text = ok(['people', 'list', 'wiki']);
    assert.match(text, /^1 person \(1-1\)\nx:16589206 {2}WikiLeaks {2}@wikileaks\n {4}11 sent, 2 received/);
    // from: finds the posts of both identities.
    assert.equal(total('from:realdonaldtrump'), 5);
    assert.equal(total('from:25073877'), 5);
  });

  it('people show - by handle, with every name seen and why identities are joined', () => {
    const p = show('@realdonaldtrump');
    assert.equal(p.key, 'x:25073877');
    assert.deepEqual(p.links, [
      { a: 'x:25073877', b: 'x:realdonaldtrump', rule: 'handle', value: 'realdonaldtrump' },
    ]);
    assert.deepEqual(
      p.identities.map((i) => [i.key, i.names]),
      [
        ['x:25073877', [{ name: 'Donald J. Trump', count: 1 }]],
        ['x:realdonaldtrump', [{ name: 'Donald J. Trump', count: 4 }]],
      ],
    );
    const text = ok(['people', 'show', 'wikileaks']);
    assert.match(text, /person x:16589206: WikiLeaks\n {2}13 items: 11 sent, 2 received/);
    assert.match(text, /identity x:16589206 {2}@wikileaks/);
  });

  it('people alias - a handle and a name that from: then finds', () => {
    assert.equal(total('from:robgoldstone'), 0);
    ok([
      'people',
      'alias',
      'email:rob.goldstone@example.net',
      '--handle',
      '@RobGoldstone',
      '--name',
      'Robert Goldstone',
    ]);
    assert.equal(total('from:robgoldstone'), 3);
    assert.equal(total('from:"robert goldstone"'), 3);
    assert.equal(total('participant:robgoldstone'), 5);
    assert.equal(show('email:rob.goldstone@example.net').name, 'Robert Goldstone');
  });

  it('people merge then split - back to the persons and searches of before', () => {
    const before = list();
    assert.equal(total('from:wikileaks'), 11);
    const merged = JSON.parse(ok(['people', 'merge', '@wikileaks', 'djtjr@example.org', '--json'])) as {
      person: PersonDoc;
    };
    assert.deepEqual(
      merged.person.identities.map((i) => i.key),
      ['email:djtjr@example.org', 'x:16589206'],
    );
    assert.equal(total('from:wikileaks'), 14, '11 DMs and the 3 mails of the merged mailbox');
    assert.equal(list().length, before.length - 1);
    const split = JSON.parse(ok(['people', 'split', 'x:16589206', '--json'])) as {
      identity: PersonDoc;
      rest: PersonDoc;
    };
    assert.deepEqual([split.identity.key, split.rest.key], ['x:16589206', 'email:djtjr@example.org']);
    assert.deepEqual(list(), before);
    assert.equal(total('from:wikileaks'), 11);
  });

  it('reindex - the edits survive it', () => {
    const before = list();
    const out = JSON.parse(ok(['reindex', '--json'])) as { people: number };
    assert.equal(out.people, 7);
    assert.deepEqual(list(), before);
    assert.equal(total('from:robgoldstone'), 3);
  });

  it('people export and import - the edits carried into a fresh case', () => {
    const file = path.join(dir, 'people.json');
    assert.match(ok(['people', 'export', file]), /^3 edits written to /);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      format: string;
      version: number;
      edits: unknown[];
    };
    assert.deepEqual([doc.format, doc.version, doc.edits.length], ['innsyn-people-edits', 1, 3]);
    assert.deepEqual(JSON.parse(ok(['people', 'export'])), doc, 'without FILE: to standard output');

    const fresh = path.join(dir, 'fresh.db');
    ok(['ingest', archive, posts, mbox, withIds], fresh);
    assert.equal(total('from:robgoldstone', fresh), 0);
    assert.match(ok(['people', 'import', file], fresh), /^3 edits added, 0 already there/);
    assert.equal(total('from:robgoldstone', fresh), 3);
    assert.deepEqual(list(fresh), list());
    assert.deepEqual(show('email:rob.goldstone@example.net', fresh), show('email:rob.goldstone@example.net'));
    const again = JSON.parse(ok(['people', 'import', file, '--json'], fresh)) as {
      added: number;
      duplicates: number;
    };
    assert.deepEqual([again.added, again.duplicates], [0, 3]);
  });

  it('people - mistakes get a clear error and the exit code that says what kind', () => {
    const unknown = cli(['people', 'show', 'nobody@example.org']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no person or identity 'nobody@example.org'.*innsyn people list/);
    const ambiguous = cli(['people', 'show', 'Donald Trump Jr.']);
    assert.equal(ambiguous.code, 2);
    assert.match(
      ambiguous.stderr,
      /names 2 people: email:djtjr@example.org \(Donald Trump Jr\.\), x:39344374/,
    );
    const oneKey = cli(['people', 'merge', 'x:16589206']);
    assert.equal(oneKey.code, 2);
    assert.match(oneKey.stderr, /people merge takes two KEYs/);
    assert.equal(cli(['people', 'frobnicate']).code, 2);
    const noAlias = cli(['people', 'alias', 'x:16589206']);
    assert.equal(noAlias.code, 2);
    assert.match(noAlias.stderr, /--handle H, --name N or both/);
    const badFile = path.join(dir, 'bad.json');
    writeFileSync(
      badFile,
      JSON.stringify({ format: 'innsyn-people-edits', version: 1, edits: [{ op: 'merge' }] }),
    );
    const bad = cli(['people', 'import', badFile]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /edit 0: "at" must be an ISO 8601 UTC time/);
    writeFileSync(badFile, 'not json');
    assert.match(cli(['people', 'import', badFile]).stderr, /is not JSON .*made by innsyn people export/);
  });
});
