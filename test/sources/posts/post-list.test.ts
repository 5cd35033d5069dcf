import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExportRecord } from '../../../src/model/export-record.js';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { isPostList, readPostList, type PostListOptions } from '../../../src/sources/posts/index.js';
import { repoRoot, sharedPath } from '../../helpers/shared.js';

type Rec = ExportRecord | UnreadableInput;

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'posts');
const seed = sharedPath('fixtures/seed-scenario/realDonaldTrump-public-posts.csv');

async function read(
  name: string,
  content: string | Uint8Array,
  options: PostListOptions = {},
): Promise<Rec[]> {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const out: Rec[] = [];
  for await (const r of readPostList({ bytes, path: `/cases/${name}` }, options)) out.push(r);
  // Every record's bytes are exactly its range of the file.
  for (const r of out) {
    if (r.type === 'export')
      assert.deepEqual(r.bytes, bytes.subarray(r.location.offset, r.location.offset + r.location.length));
  }
  return out;
}

const posts = (rs: Rec[]): ExportRecord[] => rs.filter((r): r is ExportRecord => r.type === 'export');
const bad = (rs: Rec[]): UnreadableInput[] => rs.filter((r): r is UnreadableInput => r.type === 'unreadable');

void describe('Posts post lists - CSV', () => {
  void it(
    'Posts post lists - seed scenario: four public posts of @realDonaldTrump, permalinks not taken as links',
    { skip: seed.skip },
    async () => {
      const rs = await read('realDonaldTrump-public-posts.csv', readFileSync(seed.path));
      assert.deepEqual(bad(rs), []);
      const ps = posts(rs);
      assert.equal(ps.length, 4);
      const echo = ps.find((p) => p.draft.nativeId === '786186152309686473')!;
      assert.deepEqual(echo.draft, {
        nativeId: '786186152309686473',
        kind: 'post',
        platform: 'x',
        visibility: 'public',
        sentAt: '2016-10-12T12:46:00.000Z',
        tzOffset: 0,
        dateSource: 'export',
        from: {
          platform: 'x',
          address: 'realdonaldtrump',
          handle: 'realdonaldtrump',
          name: 'Donald J. Trump',
        },
        to: [],
        text: 'Hardly any coverage from the dishonest media of the amazing material WikiLeaks has released. Rigged system!',
        links: [],
        mentions: [],
        attachments: [],
        conversation: null,
        replyToNativeId: null,
        flags: [],
      });
      assert.equal(isPostList(seed.path, readFileSync(seed.path)), true);
    },
  );

  void it('Posts post lists - the README example: quotes, a quoted line break, three date forms, a shared link', async () => {
    const bytes = readFileSync(path.join(fixtures, 'example.csv'));
    const ps = posts(await read('example.csv', bytes));
    assert.deepEqual(
      ps.map((p) => [p.draft.nativeId, p.draft.sentAt, p.draft.tzOffset, p.draft.text, p.draft.links]),
      [
        ['1580000000000000001', '2020-02-01T09:30:00.000Z', 0, 'First post, with a comma', []],
        ['1580000000000000002', '2020-02-01T17:05:00.000Z', 60, 'A post that says "hello"', []],
        [
          '1580000000000000003',
          '2020-02-01T20:00:00.000Z',
          0,
          'A post over\r\ntwo lines',
          ['https://example.org/shared-article'],
        ],
      ],
    );
    assert.deepEqual(ps[0]!.draft.from, {
      platform: 'x',
      address: 'exampleaccount',
      handle: 'exampleaccount',
      name: 'Example Account',
    });
  });

  void it('Posts post lists - semicolons, a BOM, CRLF; a bad row names its line and the rest goes on', async () => {
    const csv =
      '\uFEFFTweet ID;Date;Username;Full Text\r\n' +
      '1;2020-01-01T10:00:00Z;@SomeOne;"multi\r\nline"\r\n' +
      '2;2020-01-01T11:00:00Z;SomeOne\r\n' +
      '3;not a date;SomeOne;text three\r\n' +
      '\r\n' +
      '4;2020-01-01T12:00:00Z;SomeOne;text four\r\n';
    const rs = await read('list.csv', csv);
    assert.deepEqual(
      posts(rs).map((p) => [p.draft.nativeId, p.draft.from?.handle, p.draft.text]),
      [
        ['1', 'someone', 'multi\r\nline'],
        ['4', 'someone', 'text four'],
      ],
    );
    const reasons = bad(rs).map((u) => u.reason);
    assert.equal(reasons.length, 2);
    assert.match(
      reasons[0]!,
      /^\/cases\/list\.csv, line 4 \(byte \d+\): the row has 3 fields where the header has 4/,
    );
    assert.match(
      reasons[1]!,
      /^\/cases\/list\.csv, line 5 \(byte \d+\): the date "not a date" is in no form/,
    );
    const u = bad(rs)[0]!;
    assert.equal(new TextDecoder().decode(u.bytes), '2;2020-01-01T11:00:00Z;SomeOne');
  });

  void it('Posts post lists - a file without a text column is one UnreadableInput naming what was found and what is accepted', async () => {
    const rs = await read('users.csv', 'id,screen_name,followers\n1,a,10\n2,b,20\n');
    assert.equal(rs.length, 1);
    assert.match(
      bad(rs)[0]!.reason,
      /no column holds the post text\. Columns found: "id", "screen_name", "followers"\. Accepted names for the text: full_text, text, content/,
    );
  });

  void it('Posts post lists - rows without an id get a stable derived id; an id is taken from a permalink when present', async () => {
    const csv =
      'author,date,text,link\nalice,2020-01-01T00:00:00Z,hello,\nalice,2020-01-01T00:00:00Z,hello again,\nbob,2020-01-02T00:00:00Z,from url,https://twitter.com/bob/status/123456\n';
    const a = posts(await read('noid.csv', csv));
    const b = posts(await read('noid.csv', csv));
    assert.deepEqual(
      a.map((p) => p.draft.nativeId),
      b.map((p) => p.draft.nativeId),
    );
    assert.match(a[0]!.draft.nativeId, /^derived-[0-9a-f]{32}$/);
    assert.notEqual(a[0]!.draft.nativeId, a[1]!.draft.nativeId);
    assert.deepEqual(a[0]!.draft.flags, ['native-id-derived']);
    assert.equal(a[2]!.draft.nativeId, '123456');
    assert.deepEqual(a[2]!.draft.flags, ['native-id-from-url']);
    assert.deepEqual(a[2]!.draft.links, []);
  });

  void it('Posts post lists - date forms: offsets kept, Unix seconds and ms, no zone flagged and taken as UTC', async () => {
    const csv = [
      'id,timestamp,text,screen_name',
      'a,2016-10-12T14:46:00+02:00,x,u',
      'b,Wed Oct 12 12:46:00 +0000 2016,x,u',
      'c,1476276360,x,u',
      'd,1476276360000,x,u',
      'e,2016-10-12 12:46,x,u',
      'f,2016-10-12,x,u',
      'g,,x,u',
    ].join('\n');
    const ps = posts(await read('dates.csv', csv));
    assert.deepEqual(
      ps.map((p) => [p.draft.nativeId, p.draft.sentAt, p.draft.tzOffset, p.draft.dateSource, p.draft.flags]),
      [
        ['a', '2016-10-12T12:46:00.000Z', 120, 'export', []],
        ['b', '2016-10-12T12:46:00.000Z', 0, 'export', []],
        ['c', '2016-10-12T12:46:00.000Z', 0, 'export', []],
        ['d', '2016-10-12T12:46:00.000Z', 0, 'export', []],
        ['e', '2016-10-12T12:46:00.000Z', null, 'export', ['date-no-timezone']],
        ['f', '2016-10-12T00:00:00.000Z', null, 'export', ['date-no-timezone', 'date-no-time']],
        ['g', null, null, 'unknown', ['date-missing']],
      ],
    );
  });

  void it('Posts post lists - all-numeric dates: the order is decided per file, flagged, never silently guessed', async () => {
    const dmy = posts(
      await read('dmy.csv', 'id,date,text,user\n1,03/04/2020 10:00,x,u\n2,25/12/2020 09:00 PM,y,u\n'),
    );
    assert.deepEqual(
      dmy.map((p) => [p.draft.sentAt, p.draft.flags]),
      [
        ['2020-04-03T10:00:00.000Z', ['date-order:dmy', 'date-no-timezone']],
        ['2020-12-25T21:00:00.000Z', ['date-order:dmy', 'date-no-timezone']],
      ],
    );
    const amb = posts(await read('amb.csv', 'id,date,text,user\n1,03/04/2020,x,u\n'));
    assert.deepEqual(amb[0]!.draft.flags, ['date-ambiguous', 'date-no-timezone', 'date-no-time']);
    assert.equal(amb[0]!.draft.sentAt, '2020-03-04T00:00:00.000Z');
    const conflict = await read(
      'conflict.csv',
      'id,date,text\n1,13/01/2020,x\n2,01/13/2020,y\n3,2020-01-01T00:00:00Z,z\n',
    );
    assert.deepEqual(
      posts(conflict).map((p) => p.draft.nativeId),
      ['3'],
    );
    assert.match(bad(conflict)[0]!.reason, /contradict each other about day and month order/);
  });

  void it('Posts post lists - platform from a column or the URL host; handles lower-cased for X only; a name in the author column', async () => {
    const csv = [
      'id,platform,author,text,url,date',
      '1,Twitter,@MixedCase,a,,2020-01-01T00:00:00Z',
      '3kabc,,Some.Body.bsky.social,b,https://bsky.app/profile/some.body.bsky.social/post/3kabc,2020-01-01T00:00:00Z',
      '3,,Donald J. Trump,c,,2020-01-01T00:00:00Z',
    ].join('\n');
    const ps = posts(await read('mixed.csv', csv));
    assert.deepEqual(
      ps.map((p) => [p.draft.platform, p.draft.from, p.draft.flags]),
      [
        ['x', { platform: 'x', address: 'mixedcase', handle: 'mixedcase', name: null }, []],
        [
          'bluesky',
          {
            platform: 'bluesky',
            address: 'Some.Body.bsky.social',
            handle: 'Some.Body.bsky.social',
            name: null,
          },
          ['platform-from-url'],
        ],
        [
          'x',
          { platform: 'x', address: 'Donald J. Trump', handle: null, name: 'Donald J. Trump' },
          ['author-column-is-name', 'author-name-only'],
        ],
      ],
    );
    assert.deepEqual(ps[1]!.draft.links, [], 'a bluesky permalink is not a link either');
  });

  void it('Posts post lists - Windows-1252 files are read with a flag; UTF-16 files keep exact byte ranges', async () => {
    const cp = Buffer.from('id,text\n1,Bl\xe5b\xe6r p\xe5 r\xf8d\n', 'latin1');
    const [p] = posts(await read('cp.csv', cp));
    assert.equal(p!.draft.text, 'Blåbær på rød');
    assert.deepEqual(p!.draft.flags, ['charset-fallback:windows-1252', 'date-missing', 'author-missing']);
    const u16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('id\ttext\r\n7\tæøå 🙂\r\n', 'utf16le'),
    ]);
    const [q] = posts(await read('u16.csv', u16));
    assert.equal(q!.draft.text, 'æøå 🙂');
    assert.equal(q!.location.offset, 2 + 'id\ttext\r\n'.length * 2);
  });

  void it('Posts post lists - an unbalanced quote: rows before it are read, the rest is one UnreadableInput', async () => {
    const rs = await read('cut.csv', 'id,text\n1,fine\n2,"broken\n3,never seen\n');
    assert.deepEqual(
      posts(rs).map((p) => p.draft.nativeId),
      ['1'],
    );
    assert.match(bad(rs)[0]!.reason, /line 3 \(byte 15\): a quoted field opened on line 3 never closes/);
  });
});

void describe('Posts post lists - JSON', () => {
  void it('Posts post lists - X API v2 {data, includes.users}: authors resolved, t.co expanded, big numeric ids exact', async () => {
    const bytes = readFileSync(path.join(fixtures, 'example-v2.json'));
    const rs = await read('example-v2.json', bytes);
    assert.deepEqual(bad(rs), []);
    const ps = posts(rs);
    assert.deepEqual(
      ps.map((p) => [p.draft.nativeId, p.draft.from, p.draft.text, p.draft.links]),
      [
        [
          '1580000000000000006',
          { platform: 'x', address: '9000009', handle: 'apiaccount', name: 'Api Account' },
          'Read https://example.org/article & share',
          ['https://example.org/article'],
        ],
        [
          '1580000000000000007',
          { platform: 'x', address: '9000009', handle: 'apiaccount', name: 'Api Account' },
          'An id written as a JSON number',
          [],
        ],
      ],
    );
    assert.equal(isPostList('example-v2.json', bytes), true);
  });

  void it('Posts post lists - a JSON array with API v1.1 user objects; non-objects and bad dates are unreadable one by one', async () => {
    const json = JSON.stringify(
      [
        {
          id_str: '11',
          created_at: 'Wed Oct 12 12:46:00 +0000 2016',
          full_text: 'one',
          user: { id_str: '77', screen_name: 'V11User', name: 'V1 User' },
        },
        'not an object',
        { id_str: '12', created_at: 'soon', full_text: 'two' },
        { id_str: '13', created_at: 'Wed Oct 12 12:47:00 +0000 2016', full_text: 'three' },
      ],
      null,
      1,
    );
    const rs = await read('v1.json', json);
    assert.deepEqual(
      posts(rs).map((p) => [p.draft.nativeId, p.draft.from?.address ?? null, p.draft.from?.handle ?? null]),
      [
        ['11', '77', 'v11user'],
        ['13', null, null],
      ],
    );
    const reasons = bad(rs).map((u) => u.reason);
    assert.match(
      reasons[0]!,
      /^\/cases\/v1\.json, line 12 \(byte \d+\): element 1 is a string, not an object/,
    );
    assert.match(reasons[1]!, /element 2: the date "soon"/);
  });

  void it('Posts post lists - JSON Lines: one object per line, a bad line named by its number', async () => {
    const bytes = readFileSync(path.join(fixtures, 'example.jsonl'));
    const ps = posts(await read('example.jsonl', bytes));
    assert.deepEqual(
      ps.map((p) => [p.draft.nativeId, p.draft.sentAt, p.draft.from?.handle]),
      [
        ['1580000000000000004', '2020-02-02T08:00:00.000Z', 'exampleaccount'],
        ['1580000000000000005', '2020-02-02T09:00:00.000Z', 'exampleaccount'],
      ],
    );
    const rs = await read('x.jsonl', '{"id":"1","text":"a"}\r\n{"id":"2","text":\n\n{"id":"3","text":"c"}\n');
    assert.deepEqual(
      posts(rs).map((p) => p.draft.nativeId),
      ['1', '3'],
    );
    assert.match(bad(rs)[0]!.reason, /line 2 \(byte 23\): element 1 is not valid JSON/);
  });

  void it('Posts post lists - JSON without text keys is one UnreadableInput listing the keys found', async () => {
    const rs = await read(
      'users.json',
      JSON.stringify([
        { id: '1', screen_name: 'a' },
        { id: '2', screen_name: 'b' },
      ]),
    );
    assert.equal(rs.length, 1);
    assert.match(bad(rs)[0]!.reason, /Columns found: "id", "screen_name"/);
    const obj = await read('config.json', '{"settings": {"a": 1}}');
    assert.match(bad(obj)[0]!.reason, /a JSON object with no list of posts/);
  });
});

void describe('Posts post lists - sniffing', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  void it('Posts post lists - isPostList: post lists yes; chat exports, user lists and other files no', () => {
    assert.equal(isPostList('posts.csv', enc('id,created_at,author_handle,text\n')), true);
    assert.equal(isPostList('posts.tsv', enc('Tweet Id\tText\tUsername\n')), true);
    assert.equal(isPostList('p.jsonl', enc('{"id": "1", "text": "hi", "created_at": "2020-01-01"}\n')), true);
    assert.equal(isPostList('users.csv', enc('id,screen_name,followers\n')), false);
    assert.equal(isPostList('notes.csv', enc('text\nhello\n')), false);
    assert.equal(
      isPostList(
        '2016-10-12.json',
        enc('[{"type": "message", "user": "U1", "text": "hi", "ts": "1476276360.000100"}]'),
      ),
      false,
    );
    assert.equal(
      isPostList(
        'result.json',
        enc(
          '{"name": "Chat", "type": "personal_chat", "id": 1, "messages": [{"id": 1, "type": "message", "date": "2020-01-01T00:00:00", "date_unixtime": "1", "from": "A", "from_id": "user1", "text": "hi"}]}',
        ),
      ),
      false,
    );
    assert.equal(isPostList('tweets.js', enc('window.YTD.tweets.part0 = [')), false);
    assert.equal(isPostList('mail.mbox', enc('From x\n')), false);
  });

  void it('Posts post lists - bad limits are refused before anything is read', () => {
    assert.throws(
      () => readPostList({ bytes: new Uint8Array(0), path: '/x.csv' }, { limits: { maxRowBytes: -1 } }),
      /maxRowBytes must be a positive whole number/,
    );
  });
});
