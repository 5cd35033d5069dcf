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

interface Summary {
  id: string;
  kind: string;
  sentAt: string | null;
  from: { address: string; handle?: string | null } | null;
  conversationId: string | null;
  tags: string[];
  starred: boolean;
  hasNote: boolean;
}
interface ExportFile {
  format: string;
  version: number;
  annotations: Array<{ type: string; target: string; key: string; tag?: string; text?: string }>;
}

describe('CLI - tags, stars and notes on the seed scenario', () => {
  let dir: string;
  let db: string;
  // --db first: a query after `--` may start with '-' (-tag:x).
  const cli = (args: string[], dbFile = db) => runCli([args[0] as string, '--db', dbFile, ...args.slice(1)]);
  const ok = (args: string[], dbFile = db): string => {
    const r = cli(args, dbFile);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const search = (q: string, dbFile = db): { total: number; items: Summary[] } =>
    JSON.parse(ok(['search', '--json', '--sort', 'date-asc', '--limit', '100', '--', q], dbFile)) as {
      total: number;
      items: Summary[];
    };
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-annotations-cli-'));
    db = path.join(dir, 'case.db');
    ok(['ingest', archive, posts, mbox]);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tag - every match of from:wikileaks gets the tag; tag:wikileaks then finds the 11 DMs', () => {
    assert.equal(
      ok(['tag', 'from:wikileaks', '--add', 'wikileaks']).trim(),
      '11 matches: wikileaks added (11 new)',
    );
    const again = JSON.parse(ok(['tag', 'from:wikileaks', '--add', 'WikiLeaks', '--json'])) as Record<
      string,
      unknown
    >;
    assert.deepEqual(again, {
      version: 1,
      query: 'from:wikileaks',
      add: ['WikiLeaks'],
      remove: [],
      matched: 11,
      added: 0,
      removed: 0,
    });
    const tagged = search('tag:wikileaks');
    assert.equal(tagged.total, 11);
    for (const i of tagged.items) {
      assert.equal(i.kind, 'message');
      assert.equal(i.from?.address, '16589206');
      assert.deepEqual(i.tags, ['wikileaks']);
    }
    assert.equal(search('-tag:wikileaks').total, 27 - 11);
    assert.equal(search('tag:wikileaks "tax returns"').total, 1);
    assert.equal(search('tag:wikileaks date:2016-10').total, search('from:wikileaks date:2016-10').total);
    // The text listing marks them too.
    assert.match(ok(['search', 'tag:wikileaks', '--limit', '1']), /x\/message #wikileaks/);
  });

  it('star, note and conversation tags - shown in results and found by is:starred, has:note, tag:', () => {
    const [first] = search('tag:wikileaks').items;
    assert.ok(first);
    const starred = JSON.parse(ok(['star', first.id.slice(0, 8), '--json'])) as {
      annotations: { target: { key: string }; star: unknown };
    };
    assert.equal(starred.annotations.target.key, first.id, 'a prefix names the item');
    assert.ok(starred.annotations.star);
    const noteFile = path.join(dir, 'note.txt');
    writeFileSync(noteFile, 'First contact.\nAsk the source about the link.\n');
    assert.match(ok(['note', first.id, '--file', noteFile]), /Ask the source about the link/);
    assert.deepEqual(
      search('is:starred has:note').items.map((i) => i.id),
      [first.id],
    );
    const conv = first.conversationId;
    assert.ok(conv);
    ok(['tag', '--conversation', conv, '--add', 'dm-channel']);
    const inConv = search(`conversation:${conv}`);
    assert.equal(search('tag:dm-channel').total, inConv.total, 'every item of the conversation');
    assert.equal(search('tag:dm-channel -tag:wikileaks').total, 2, "Don Jr's two answers");
    ok(['tag', '--person', '@wikileaks', '--add', 'source']);
    const list = JSON.parse(ok(['tags', 'list', '--json'])) as {
      tags: Array<{ tag: string; items: number; conversations: number; people: number }>;
    };
    assert.deepEqual(list.tags, [
      { tag: 'dm-channel', items: 13, conversations: 1, people: 0 },
      { tag: 'source', items: 0, conversations: 0, people: 1 },
      { tag: 'wikileaks', items: 11, conversations: 0, people: 0 },
    ]);
    assert.match(ok(['tags']), /wikileaks\s+11 items/);
    assert.match(ok(['tags', 'show', '--person', 'x:16589206']), /tags: {4}source/);
  });

  it('reindex - tags, stars and notes survive it', () => {
    const before = ok(['tags', 'export']);
    ok(['reindex']);
    assert.equal(ok(['tags', 'export']), before);
    assert.equal(search('tag:wikileaks').total, 11);
    assert.equal(search('is:starred has:note').total, 1);
  });

  it('export and import - a fresh case of the same inputs gets the same tags; importing twice adds nothing', () => {
    const file = path.join(dir, 'annotations.json');
    assert.match(ok(['tags', 'export', file]), /^15 annotations written to /);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as ExportFile;
    assert.deepEqual([exported.format, exported.version], ['innsyn-annotations', 1]);
    assert.deepEqual(
      exported.annotations.map((a) => a.type).sort(),
      [...Array<string>(13).fill('tag'), 'note', 'star'].sort(),
    );
    const other = path.join(dir, 'other.db');
    // The same inputs, read in another order: other rowids, the same ids.
    ok(['ingest', mbox, posts, archive], other);
    const imported = JSON.parse(ok(['tags', 'import', file, '--json'], other)) as Record<string, unknown>;
    assert.deepEqual(imported, { version: 1, file, added: 15, updated: 0, unchanged: 0, unknownTargets: 0 });
    assert.match(
      ok(['tags', 'import', file], other),
      /^0 annotations added, 0 notes updated, 15 already there/,
    );
    assert.equal(ok(['tags', 'export'], other), ok(['tags', 'export']));
    const mine = search('tag:wikileaks');
    const theirs = search('tag:wikileaks', other);
    assert.deepEqual(
      theirs.items.map((i) => [i.id, i.tags, i.starred, i.hasNote]),
      mine.items.map((i) => [i.id, i.tags, i.starred, i.hasNote]),
    );
  });

  it('remove and unstar - taking tags off the matches of a query and a star off an item', () => {
    const r = JSON.parse(ok(['tag', 'tag:wikileaks date:2017', '--remove', 'wikileaks', '--json'])) as {
      matched: number;
      removed: number;
    };
    assert.ok(r.matched > 0);
    assert.equal(r.removed, r.matched);
    assert.equal(search('tag:wikileaks').total, 11 - r.matched);
    const [first] = search('is:starred').items;
    assert.ok(first);
    ok(['unstar', first.id]);
    assert.equal(search('is:starred').total, 0);
    ok(['note', first.id, '--delete']);
    assert.equal(search('has:note').total, 0);
  });

  it('batch - a list of names, each with the filter: hits per term as a table, CSV and JSON', () => {
    const list = path.join(dir, 'names.txt');
    writeFileSync(list, 'wikileaks\nRob Goldstone\n\n"tax returns"\nfrom:"open\nnobody-at-all\nwikileaks\n');
    const table = ok(['batch', list, '--filter', 'date:2016']);
    assert.match(table, /^5 terms, each with date:2016: 3 found something, 1 could not be searched\n/);
    assert.match(table, /\n {3}1 {2}"tax returns" {2}2016-10-21\.\.2016-10-21\n/);
    assert.match(table, /\n {3}- {2}from:"open {2}\(unclosed quote starting at column 6\)\n/);
    const doc = JSON.parse(ok(['batch', list, '--filter', 'date:2016', '--json'])) as {
      rows: Array<{ term: string; hits: number | null; query: string }>;
    };
    for (const r of doc.rows.filter((x) => x.hits !== null))
      assert.equal(r.hits, search(r.query).total, r.term);
    const out = path.join(dir, 'hits.csv');
    assert.match(ok(['batch', list, '--out', out]), /^5 terms searched; .* written to /);
    const csv = readFileSync(out, 'utf8').split('\r\n');
    assert.equal(csv[0], 'term,hits,first,last,query,error');
    assert.equal(
      csv[3],
      '"""tax returns""",1,2016-10-21T09:10:00.000Z,2016-10-21T09:10:00.000Z,"""tax returns""",',
    );
    // A spreadsheet's column, by its header; each name an exact phrase.
    const sheet = path.join(dir, 'people.csv');
    writeFileSync(
      sheet,
      'role;name\nsource;WikiLeaks\npublicist;"Goldstone; Rob"\nformula;=HYPERLINK("x")\n',
    );
    const exact = JSON.parse(ok(['batch', sheet, '--column', 'Name', '--exact', '--json'])) as {
      rows: Array<{ term: string; query: string; hits: number }>;
    };
    assert.deepEqual(
      exact.rows.map((r) => [r.term, r.query]),
      [
        ['WikiLeaks', '"WikiLeaks"'],
        ['Goldstone; Rob', '"Goldstone; Rob"'],
        ['=HYPERLINK("x")', '"=HYPERLINK(\\"x\\")"'],
      ],
    );
    const sheetCsv = ok(['batch', sheet, '--column', 'name', '--exact', '--csv']);
    assert.match(sheetCsv, /\r\n"'=HYPERLINK\(""x""\)",0,/, 'a formula is written as text');
    const noColumn = cli(['batch', sheet, '--column', 'email']);
    assert.equal(noColumn.code, 2);
    assert.match(noColumn.stderr, /has no column 'email'; its columns: role, name/);
    const badFilter = cli(['batch', list, '--filter', 'date:2016-13']);
    assert.equal(badFilter.code, 2);
    assert.match(badFilter.stderr, /the filter: /);
  });

  it('searches - saved, listed, run and deleted; they survive a reindex', () => {
    assert.equal(
      ok(['searches', 'save', 'WL DMs', 'from:wikileaks', 'kind:message']).trim(),
      'saved: WL DMs: from:wikileaks kind:message',
    );
    ok(['reindex']);
    assert.match(ok(['searches']), /^1 saved search\n {2}WL DMs: from:wikileaks kind:message\n$/);
    const run = JSON.parse(ok(['searches', 'run', 'wl dms', '--json'])) as { total: number };
    assert.equal(run.total, search('from:wikileaks kind:message').total);
    assert.equal(cli(['searches', 'save', 'broken', 'from:"x']).code, 2);
    ok(['searches', 'delete', 'WL DMs']);
    assert.equal(cli(['searches', 'run', 'WL DMs']).code, 1);
  });

  it('usage - mistakes are explained with exit code 2; unknown targets with 1', () => {
    const none = cli(['tag', 'from:wikileaks']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--add NAME, --remove NAME or both/);
    const badName = cli(['tag', 'from:wikileaks', '--add', 'two words']);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /is not a tag name/);
    const badQuery = cli(['tag', 'from:"wikileaks', '--add', 'x']);
    assert.equal(badQuery.code, 2);
    assert.match(badQuery.stderr, /unclosed quote starting at column 6\n {2}from:"wikileaks\n {7}\^/);
    const unknown = cli(['star', '0123456789abcdef0123456789abcdef']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no item 0123456789abcdef0123456789abcdef/);
    const two = cli(['star', '0123456789', '--person', '@wikileaks']);
    assert.equal(two.code, 2);
    const notAFile = path.join(dir, 'not-annotations.json');
    writeFileSync(notAFile, JSON.stringify({ format: 'innsyn-people-edits', version: 1, edits: [] }));
    const wrong = cli(['tags', 'import', notAFile]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /not an innsyn annotations file/);
  });
});
