import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExportRecord } from '../../../src/model/export-record.js';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { folderTree, mapTree, memoryTree, type ExportTree } from '../../../src/sources/export/export-tree.js';
import {
  isSlackExport,
  readSlackExport,
  readSlackUsers,
  slackRoot,
} from '../../../src/sources/slack/index.js';
import { repoRoot } from '../../helpers/shared.js';

const WORKSPACE = path.join(repoRoot, 'test', 'fixtures', 'slack', 'workspace');

async function readAll(tree: ExportTree): Promise<(ExportRecord | UnreadableInput)[]> {
  const out: (ExportRecord | UnreadableInput)[] = [];
  for await (const r of readSlackExport(tree)) out.push(r);
  return out;
}
const records = (all: (ExportRecord | UnreadableInput)[]): ExportRecord[] =>
  all.filter((r): r is ExportRecord => r.type === 'export');
const unreadables = (all: (ExportRecord | UnreadableInput)[]): UnreadableInput[] =>
  all.filter((r): r is UnreadableInput => r.type === 'unreadable');
const byId = (all: (ExportRecord | UnreadableInput)[], id: string): ExportRecord => {
  const r = records(all).find((x) => x.draft.nativeId === id);
  assert.ok(r, `no record ${id}`);
  return r;
};

const USERS = JSON.stringify([
  { id: 'U01ANN', name: 'ann', real_name: 'Ann Andersen', profile: { display_name: 'Ann' } },
  { id: 'U02BOB', name: 'bob', profile: { real_name: 'Bob Berg' } },
]);
const CHANNELS = JSON.stringify([{ id: 'C01GEN', name: 'general', members: ['U01ANN', 'U02BOB'] }]);
const msg = (ts: string, text: string, user = 'U01ANN'): string =>
  JSON.stringify({ type: 'message', user, text, ts });

void describe('Slack reader', () => {
  void it('Slack detection - a Slack export at the top or in one folder, nothing else', () => {
    const files = { 'users.json': USERS, 'channels.json': CHANNELS, 'general/2016-05-01.json': '[]' };
    assert.equal(isSlackExport(memoryTree('/x', files)), true);
    assert.equal(slackRoot(memoryTree('/x', files)), '');
    const nested = Object.fromEntries(Object.entries(files).map(([k, v]) => [`slack-export/${k}`, v]));
    assert.equal(slackRoot(memoryTree('/x.zip', nested)), 'slack-export/');
    // channels.json alone is not enough (many things have one); users.json or a day folder is.
    assert.equal(isSlackExport(memoryTree('/x', { 'channels.json': CHANNELS })), false);
    assert.equal(
      isSlackExport(memoryTree('/x', { 'channels.json': CHANNELS, 'a/2016-01-01.json': '[]' })),
      true,
    );
    assert.equal(
      isSlackExport(memoryTree('/x', { 'users.json': USERS, 'general/2016-05-01.json': '[]' })),
      false,
    );
    assert.equal(
      isSlackExport(memoryTree('/x', { 'data/tweets.js': 'window.YTD.tweets.part0 = []' })),
      false,
    );
  });

  void it('Slack reader - the fixture workspace: every message once, in its conversation', async () => {
    const tree = await folderTree(WORKSPACE);
    const all = await readAll(tree);
    assert.deepEqual(unreadables(all), []);
    assert.deepEqual(
      records(all).map((r) => `${r.location.member}#${r.draft.nativeId}`),
      [
        'general/2016-05-01.json#C01GEN:1462093200.000100',
        'general/2016-05-01.json#C01GEN:1462093260.000200',
        'general/2016-05-01.json#C01GEN:1462093320.000300',
        'general/2016-05-01.json#C01GEN:1462093380.000400',
        'general/2016-05-01.json#C01GEN:1462093440.000500',
        'general/2016-05-01.json#C01GEN:1462093500.000600',
        'general/2016-05-02.json#C01GEN:1462147200.123456',
        'random/2016-05-01.json#C02RAN:1462100000.000001',
        'secret-plans/2016-05-01.json#G01SEC:1462100100.000001',
        'D01AB/2016-05-01.json#D01AB:1462100200.000001',
        'D01AB/2016-05-01.json#D01AB:1462100260.000002',
        'mpdm-ann--bob--carol-1/2016-05-01.json#G02MPIM:1462100300.000001',
        'old-channel/2016-04-30.json#old-channel:1462000000.000001',
      ],
    );
    for (const r of records(all)) {
      assert.equal(r.draft.kind, 'message');
      assert.equal(r.draft.platform, 'slack');
      assert.equal(r.draft.visibility, 'private');
      assert.equal(r.draft.dateSource, 'export');
      assert.equal(r.location.path, WORKSPACE);
      // The raw is the exact slice of the daily file.
      const file = readFileSync(path.join(WORKSPACE, r.location.member as string));
      assert.deepEqual(
        Buffer.from(r.bytes),
        file.subarray(r.location.offset, r.location.offset + r.location.length),
      );
      const raw = JSON.parse(Buffer.from(r.bytes).toString('utf8')) as { ts: string };
      assert.equal(r.draft.nativeId.endsWith(`:${raw.ts}`), true);
    }
  });

  void it('Slack reader - senders, names, text, links and mentions of a channel message', async () => {
    const all = await readAll(await folderTree(WORKSPACE));
    const hi = byId(all, 'C01GEN:1462093260.000200').draft;
    assert.equal(hi.sentAt, '2016-05-01T09:01:00.000Z');
    // The message's own user_profile gives the name shown at the time.
    assert.deepEqual(hi.from, { platform: 'slack', address: 'U01ANN', handle: 'ann', name: 'Ann A.' });
    assert.equal(
      hi.text,
      'Hi @bob, see the report (https://example.org/report?a=1&b=2) in #random <today> @here',
    );
    assert.deepEqual(hi.links, ['https://example.org/report?a=1&b=2']);
    assert.deepEqual(hi.mentions, ['bob']);
    assert.deepEqual(hi.to, []);
    assert.deepEqual(hi.conversation, {
      nativeId: 'C01GEN',
      type: 'channel',
      title: 'general',
      participants: [
        { platform: 'slack', address: 'U01ANN', handle: 'ann', name: 'Ann' },
        { platform: 'slack', address: 'U02BOB', handle: 'bob', name: 'Bob Berg' },
        { platform: 'slack', address: 'U03CAR', handle: 'carol', name: 'Carol Christensen' },
      ],
    });
    assert.equal(hi.replyToNativeId, null, 'a thread parent replies to nothing');
    assert.deepEqual(hi.flags, []);

    const fraction = byId(all, 'C01GEN:1462147200.123456').draft;
    assert.equal(fraction.sentAt, '2016-05-02T00:00:00.123Z');
  });

  void it('Slack reader - thread replies point at their parent, edits and broadcasts are flagged', async () => {
    const all = await readAll(await folderTree(WORKSPACE));
    const reply = byId(all, 'C01GEN:1462093320.000300').draft;
    assert.equal(reply.replyToNativeId, 'C01GEN:1462093260.000200');
    assert.deepEqual(reply.flags, ['edited']);
    assert.equal(reply.text, 'Got it, thanks & see https://example.org/x');
    const broadcast = byId(all, 'C01GEN:1462093380.000400').draft;
    assert.equal(broadcast.replyToNativeId, 'C01GEN:1462093260.000200');
    assert.deepEqual(broadcast.flags, ['slack-subtype:thread_broadcast']);
  });

  void it('Slack reader - system messages are items flagged system-event; the actor is no mention', async () => {
    const all = await readAll(await folderTree(WORKSPACE));
    const join = byId(all, 'C01GEN:1462093200.000100').draft;
    assert.equal(join.text, '@ann has joined the channel');
    assert.deepEqual(join.flags, ['slack-subtype:channel_join', 'system-event']);
    assert.deepEqual(join.mentions, []);
    assert.equal(join.from?.address, 'U01ANN');
  });

  void it('Slack reader - files: present ones hashed, referenced ones without member, nothing fetched', async () => {
    const all = await readAll(await folderTree(WORKSPACE));
    const share = byId(all, 'C01GEN:1462093440.000500').draft;
    const pdf = readFileSync(path.join(WORKSPACE, '__uploads', 'F01BUDGET', 'budget.pdf'));
    assert.deepEqual(share.attachments, [
      {
        name: 'budget.pdf',
        contentType: 'application/pdf',
        member: '__uploads/F01BUDGET/budget.pdf',
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
      },
      { name: null, contentType: 'application/octet-stream', member: null, size: null, sha256: null },
    ]);
    assert.deepEqual(share.flags, ['file-deleted:F02GONE']);
    // url_private needs the workspace's token: never a link of the message.
    for (const r of records(all)) assert.ok(!r.draft.links.some((l) => l.includes('files.slack.com')));
  });

  void it('Slack reader - a bot message without text reads its attachment fallback', async () => {
    const all = await readAll(await folderTree(WORKSPACE));
    const bot = byId(all, 'C01GEN:1462093500.000600').draft;
    assert.deepEqual(bot.from, { platform: 'slack', address: 'B01DEPLOY', handle: null, name: 'deploybot' });
    assert.equal(bot.text, 'Deploy #1 (https://ci.example.org/builds/1) finished for @ann');
    assert.deepEqual(bot.links, ['https://ci.example.org/builds/1']);
    assert.deepEqual(bot.mentions, ['ann']);
    assert.deepEqual(bot.flags, ['slack-subtype:bot_message', 'text-from-attachments']);
  });

  void it('Slack reader - DMs go to the other party, multi-person DMs to the others, private channels flagged', async () => {
    const all = await readAll(await folderTree(WORKSPACE));
    const ask = byId(all, 'D01AB:1462100200.000001').draft;
    assert.equal(ask.from?.handle, 'ann');
    assert.deepEqual(
      ask.to.map((i) => i.address),
      ['U02BOB'],
    );
    assert.equal(ask.conversation?.type, 'dm');
    assert.equal(ask.conversation?.title, null);
    const answer = byId(all, 'D01AB:1462100260.000002').draft;
    assert.deepEqual(
      answer.to.map((i) => i.handle),
      ['ann'],
    );
    const group = byId(all, 'G02MPIM:1462100300.000001').draft;
    assert.deepEqual(
      group.to.map((i) => i.handle),
      ['ann', 'bob'],
    );
    assert.equal(group.conversation?.type, 'group');
    const secret = byId(all, 'G01SEC:1462100100.000001').draft;
    assert.equal(secret.conversation?.type, 'channel');
    assert.deepEqual(secret.flags, ['slack-private-channel']);
    assert.deepEqual(secret.to, []);
    const unlisted = byId(all, 'old-channel:1462000000.000001').draft;
    assert.deepEqual(unlisted.flags, ['slack-channel-unlisted']);
    assert.deepEqual(unlisted.conversation, {
      nativeId: 'old-channel',
      type: 'channel',
      title: 'old-channel',
      participants: [],
    });
  });

  void it('Slack users - with their email addresses, for joining people', async () => {
    const users = await readSlackUsers(await folderTree(WORKSPACE));
    assert.deepEqual(
      users.map((u) => [u.id, u.identity.handle, u.identity.name, u.email, u.deleted, u.bot]),
      [
        ['U01ANN', 'ann', 'Ann', 'ann@example.org', false, false],
        ['U02BOB', 'bob', 'Bob Berg', 'bob@example.org', false, false],
        ['U03CAR', 'carol', 'Carol Christensen', null, true, false],
        ['U04BOT', 'deploybot', 'Deploy Bot', null, false, true],
      ],
    );
  });

  void it('Slack hostile - bad JSON in one element: that element is unreadable with its place, the rest is read', async () => {
    const day = `[\n${msg('1462093200.000001', 'before')},\n{"type":"message","text": },\n${msg('1462093201.000002', 'after')}\n]`;
    const tree = memoryTree('/cases/slack.zip', {
      'users.json': USERS,
      'channels.json': CHANNELS,
      'general/2016-05-01.json': day,
    });
    const all = await readAll(tree);
    assert.deepEqual(
      records(all).map((r) => r.draft.text),
      ['before', 'after'],
    );
    const [bad] = unreadables(all);
    assert.equal(unreadables(all).length, 1);
    const offset = Buffer.from(day).indexOf('{"type":"message","text": }');
    assert.deepEqual(bad?.location, {
      path: '/cases/slack.zip',
      member: 'general/2016-05-01.json',
      offset,
      length: '{"type":"message","text": }'.length,
    });
    assert.equal(Buffer.from(bad?.bytes ?? []).toString(), '{"type":"message","text": }');
    assert.match(
      bad?.reason ?? '',
      new RegExp(
        `/cases/slack\\.zip, member general/2016-05-01\\.json, element 1 at byte ${offset}: .*not valid JSON`,
      ),
    );
  });

  void it('Slack hostile - a cut-off file, a file that is no array, and a message that is not an object', async () => {
    const cut = `[${msg('1.000001', 'whole')},{"type":"message","text":"cut of`;
    const notObject = `[42, null, [1,2], "text", ${msg('2.000001', 'fine')}]`;
    const tree = memoryTree('/cases/x', {
      'users.json': USERS,
      'channels.json': CHANNELS,
      'general/2016-05-01.json': cut,
      'general/2016-05-02.json': '{"type":"message"}',
      'general/2016-05-03.json': notObject,
      'general/2016-05-04.json': `[${msg('4.000001', 'still read')}]`,
    });
    const all = await readAll(tree);
    assert.deepEqual(
      records(all).map((r) => r.draft.text),
      ['whole', 'fine', 'still read'],
    );
    const reasons = unreadables(all).map((u) => [u.location.member, u.location.offset, u.reason]);
    assert.equal(reasons.length, 6);
    const cutAt = cut.indexOf('{"type":"message","text":"cut');
    assert.deepEqual(reasons[0]?.slice(0, 2), ['general/2016-05-01.json', cutAt]);
    assert.match(
      String(reasons[0]?.[2]),
      /not a well-formed JSON array: the file ends inside a string; its first 1 elements were read/,
    );
    assert.equal(Buffer.from(unreadables(all)[0]?.bytes ?? []).toString(), cut.slice(cutAt));
    assert.deepEqual(reasons[1]?.slice(0, 2), ['general/2016-05-02.json', 0]);
    assert.match(String(reasons[1]?.[2]), /does not start with "\["/);
    const kinds = reasons
      .slice(2)
      .map((r) => [r[1], String(r[2]).replace(/.*the element is (.*?), not a message object.*/, '$1')]);
    assert.deepEqual(kinds, [
      [notObject.indexOf('42'), 'a number'],
      [notObject.indexOf('null'), 'null'],
      [notObject.indexOf('[1,2]'), 'an array'],
      [notObject.indexOf('"text"'), 'a string'],
    ]);
    assert.match(String(reasons[2]?.[2]), /member general\/2016-05-03\.json, element 0 at byte 1:/);
  });

  void it('Slack hostile - unknown user ids are kept as ids and flagged, the message is read', async () => {
    const day = `[${JSON.stringify({ type: 'message', user: 'U404', text: 'hi <@U405> and <@U406|dora>', ts: '5.000001' })}]`;
    const all = await readAll(
      memoryTree('/x', { 'users.json': USERS, 'channels.json': CHANNELS, 'general/2016-05-01.json': day }),
    );
    assert.deepEqual(unreadables(all), []);
    const [r] = records(all);
    assert.deepEqual(r?.draft.from, { platform: 'slack', address: 'U404', handle: null, name: null });
    assert.equal(r?.draft.text, 'hi @U405 and @dora');
    assert.deepEqual(r?.draft.mentions, ['U405', 'dora']);
    assert.deepEqual(r?.draft.flags, ['unknown-user:U404', 'unknown-user:U405', 'unknown-user:U406']);
  });

  void it('Slack hostile - messages without a usable ts, bad user entries, an unreadable member', async () => {
    const users = `[${USERS.slice(1, -1)}, "not a user", {"name":"no id"}]`;
    const day = `[{"type":"message","text":"no ts"},{"type":"message","text":"bad ts","ts":"yesterday"},${msg('6.000001', 'ok')}]`;
    const inner = memoryTree('/x.zip', {
      'users.json': users,
      'channels.json': CHANNELS,
      'general/2016-05-01.json': day,
      'general/2016-05-02.json': '[]',
    });
    const sizes = new Map(inner.list().map((m) => [m, inner.size(m) as number]));
    // A member the container cannot give (a zip-bomb guard tripped, a damaged zip).
    const tree = mapTree('/x.zip', sizes, (m) =>
      m === 'general/2016-05-02.json'
        ? Promise.reject(new Error('member too big (maxMemberBytes)'))
        : inner.read(m),
    );
    const all = await readAll(tree);
    assert.deepEqual(
      records(all).map((r) => [r.draft.text, r.draft.from?.handle]),
      [['ok', 'ann']],
    );
    const reasons = unreadables(all).map((u) => `${u.location.member}@${u.location.offset}: ${u.reason}`);
    assert.equal(reasons.length, 5);
    assert.match(reasons[0] ?? '', /^users\.json@\d+: .*element 2 .*not a user with an id/);
    assert.match(reasons[1] ?? '', /^users\.json@\d+: .*element 3 .*not a user with an id/);
    assert.match(reasons[2] ?? '', /^general\/2016-05-01\.json@1: .*element 0 .*no valid "ts"/);
    assert.match(reasons[3] ?? '', /^general\/2016-05-01\.json@\d+: .*element 1 .*no valid "ts"/);
    assert.match(
      reasons[4] ?? '',
      /^general\/2016-05-02\.json@0: .*could not be read: member too big \(maxMemberBytes\)/,
    );
    // Users.json's bad entries cost only themselves.
    assert.equal(records(all)[0]?.draft.from?.name, 'Ann');
  });

  void it('Slack hostile - a broken users.json leaves ids unresolved but every message read', async () => {
    const day = `[${msg('7.000001', 'hello <@U02BOB>')}]`;
    const all = await readAll(
      memoryTree('/x', {
        'users.json': '{"oops"',
        'channels.json': CHANNELS,
        'general/2016-05-01.json': day,
      }),
    );
    const [u] = unreadables(all);
    assert.match(u?.reason ?? '', /users\.json .*the user list is not a well-formed JSON array/);
    const [r] = records(all);
    assert.equal(r?.draft.text, 'hello @U02BOB');
    assert.deepEqual(r?.draft.flags, ['unknown-user:U01ANN', 'unknown-user:U02BOB']);
  });
});
