import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ExportRecord } from '../../../src/model/export-record.js';
import { sha256Hex } from '../../../src/model/ids.js';
import type { UnreadableInput } from '../../../src/model/raw-record.js';
import { memoryTree, type ExportTree } from '../../../src/sources/export/export-tree.js';
import {
  isTelegramExport,
  isTelegramJson,
  readTelegramExport,
  type TelegramLimits,
} from '../../../src/sources/telegram/index.js';
import { repoRoot, sharedPath } from '../../helpers/shared.js';

type Out = ExportRecord | UnreadableInput;

const samples = sharedPath('corpora/chat-analytics/tests/samples/telegram');
const FIXTURE = readFileSync(
  path.join(repoRoot, 'test', 'fixtures', 'telegram', 'account', 'result.json'),
  'utf8',
);
const PHOTO_MEMBER = 'chats/chat_001/photos/photo_1@12-10-2016_14-40-00.jpg';
const PDF_MEMBER = 'chats/chat_001/files/report.pdf';
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);
const PDF = new TextEncoder().encode('%PDF-1.4\n% not really a pdf\n');
/** Message elements in the fixture: 8 + 4 + 1 + 1 + 1 in chats, 1 in left_chats. */
const FIXTURE_ELEMENTS = 16;

function accountTree(json: string | Uint8Array = FIXTURE): ExportTree {
  return memoryTree('/cases/Telegram Desktop/DataExport_2016-10-20', {
    'result.json': json,
    [PHOTO_MEMBER]: PHOTO,
    [PDF_MEMBER]: PDF,
    'chats/chat_001/photos/photo_1@12-10-2016_14-40-00_thumb.jpg': PHOTO,
  });
}

async function collect(tree: ExportTree, options?: Partial<TelegramLimits>): Promise<Out[]> {
  const out: Out[] = [];
  for await (const r of readTelegramExport(tree, options)) out.push(r);
  return out;
}

const exported = (out: Out[]): ExportRecord[] => out.filter((r): r is ExportRecord => r.type === 'export');
const unreadables = (out: Out[]): UnreadableInput[] =>
  out.filter((r): r is UnreadableInput => r.type === 'unreadable');

function byId(out: Out[]): Map<string, ExportRecord> {
  return new Map(exported(out).map((r) => [r.draft.nativeId, r]));
}

function get(m: Map<string, ExportRecord>, id: string): ExportRecord {
  const r = m.get(id);
  assert.ok(r, `record ${id}`);
  return r;
}

/** The fixture as an object (its \x escape made JSON), to change and write back in the same layout. */
function fixtureObject(): {
  chats: { list: Array<Record<string, unknown>> };
  left_chats: { list: unknown[] };
} {
  return JSON.parse(FIXTURE.replace(/\\x07/g, '\\u0007')) as ReturnType<typeof fixtureObject>;
}

function messagesOf(doc: ReturnType<typeof fixtureObject>, chat: number): Array<Record<string, unknown>> {
  return doc.chats.list[chat]?.messages as Array<Record<string, unknown>>;
}

/** Every record's bytes are exactly the bytes at its location in the member. */
function assertExactSlices(out: Out[], file: Uint8Array): void {
  for (const r of exported(out)) {
    const { offset, length } = r.location;
    assert.deepEqual(
      Buffer.from(file.subarray(offset, offset + length)),
      Buffer.from(r.bytes),
      r.draft.nativeId,
    );
  }
}

void describe('Telegram reader - chat-analytics samples', () => {
  for (const name of ['DM_2A_7M.json', 'BIG_20A_5475M.json']) {
    void it(
      `Telegram samples - ${name}: one record per message element, exact bytes, names resolved`,
      { skip: samples.skip },
      async () => {
        const file = path.join(samples.path, name);
        const bytes = readFileSync(file);
        // Counted independently of the reader: what JSON.parse finds in the file.
        const chat = JSON.parse(bytes.toString('utf8')) as {
          name: string;
          id: number;
          messages: Array<Record<string, unknown>>;
        };
        const tree = memoryTree(file, { [name]: bytes });
        assert.equal(await isTelegramExport(tree), true);
        const out = await collect(tree);
        assert.equal(unreadables(out).length, 0);
        const recs = exported(out);
        assert.equal(recs.length, chat.messages.length);
        assertExactSlices(out, bytes);
        for (const [i, r] of recs.entries()) {
          const m = chat.messages[i] ?? {};
          assert.deepEqual(JSON.parse(Buffer.from(r.bytes).toString('utf8')), m);
          assert.equal(r.draft.nativeId, `${chat.id}:${String(m.id)}`);
          assert.equal(r.draft.from?.name, m.type === 'service' ? m.actor : m.from);
          assert.equal(r.draft.conversation?.title, chat.name);
          assert.equal(r.draft.platform, 'telegram');
          assert.notEqual(r.draft.sentAt, null);
        }
        const authors = new Set(recs.map((r) => r.draft.from?.address));
        const declaredAuthors = Number(/_(\d+)A_/.exec(name)?.[1]);
        assert.equal(authors.size, declaredAuthors);
        if (name.startsWith('BIG')) {
          // 5475M: every element is a message; ids are bare numbers there (old-style from_id).
          assert.equal(recs.length, 5475);
          assert.ok(recs.every((r) => r.draft.flags.includes('from-id-numeric') && r.draft.tzOffset === 0));
          assert.equal(recs[0]?.draft.conversation?.type, 'group');
          assert.equal(recs[0]?.draft.to.length, 19);
        } else {
          // "7M": six messages and a phone call; the eighth element is the 'joined Telegram' notice.
          // All eight are yielded, the two service messages flagged as such.
          const services = recs.filter((r) => r.draft.flags.includes('service'));
          assert.equal(recs.length - services.length + 1, 7);
          assert.deepEqual(
            services.map((r) => r.draft.text),
            ['[joined telegram]', '[phone call: 56 s, hangup]'],
          );
          const conv = recs[0]?.draft.conversation;
          assert.equal(conv?.type, 'dm');
          assert.deepEqual(
            conv?.participants.map((p) => [p.address, p.name]),
            [
              ['user700000000', 'Bob'],
              ['user300000000', 'Alice'],
            ],
          );
          const link = recs.find((r) => r.draft.nativeId === '700000000:3644');
          assert.equal(link?.draft.text, 'https://google.com 👀');
          assert.deepEqual(link?.draft.links, ['https://google.com']);
          assert.deepEqual(
            link?.draft.to.map((p) => p.name),
            ['Alice'],
          );
          assert.ok(
            link?.draft.flags.includes('date-local-no-timezone'),
            'no date_unixtime: local time flagged',
          );
          const call = recs.find((r) => r.draft.nativeId === '700000000:3674');
          assert.equal(call?.draft.sentAt, '2023-08-11T02:11:02.000Z');
          assert.equal(
            call?.draft.tzOffset,
            -180,
            'date minus date_unixtime: the exporting computer was at UTC-3',
          );
          const photo = recs.find((r) => r.draft.nativeId === '700000000:3672');
          assert.deepEqual(photo?.draft.attachments, [
            { name: null, contentType: 'image/jpeg', member: null, size: null, sha256: null },
          ]);
          assert.ok(photo?.draft.flags.includes('attachment-not-exported'));
        }
      },
    );
  }
});

void describe('Telegram reader - whole-account export', () => {
  void it('Telegram account - recognised from its name and first bytes', async () => {
    assert.equal(await isTelegramExport(accountTree()), true);
    const head = new TextEncoder().encode(FIXTURE.slice(0, 4096));
    assert.equal(isTelegramJson('result.json', head), true);
    assert.equal(isTelegramJson('result.txt', head), false);
    const pkg = new TextEncoder().encode('{\n  "name": "innsyn",\n  "type": "module",\n  "messages": []\n}');
    assert.equal(isTelegramJson('package.json', pkg), false);
    const x = new TextEncoder().encode('window.YTD.tweets.part0 = [');
    assert.equal(isTelegramJson('tweets.json', x), false);
    assert.equal(await isTelegramExport(memoryTree('/x', { 'messages.html': '<html></html>' })), false);
  });

  void it('Telegram account - every message of every chat, in file order, with exact bytes', async () => {
    const out = await collect(accountTree());
    assert.equal(unreadables(out).length, 0);
    assert.deepEqual(
      exported(out).map((r) => r.draft.nativeId),
      [
        ...['222:1', '222:2', '222:3', '222:4', '222:5', '222:6', '222:7', '222:8'],
        ...['333:10', '333:11', '333:12', '333:13'],
        ...['555:20', '556:21', '111:30', '777:40'],
      ],
    );
    assertExactSlices(out, new TextEncoder().encode(FIXTURE));
    for (const r of exported(out)) {
      assert.equal(r.location.path, '/cases/Telegram Desktop/DataExport_2016-10-20');
      assert.equal(r.location.member, 'result.json');
    }
  });

  void it('Telegram account - a result.json sent as a file inside the export is not a second export', async () => {
    const inner =
      '{\n "name": "Other",\n "type": "personal_chat",\n "id": 9,\n "messages": [\n  {"id": 1, "type": "message", "text": "x"}\n ]\n}\n';
    const tree = memoryTree('/cases/export', {
      'result.json': FIXTURE,
      'chats/chat_001/files/result.json': inner,
      'chats/chat_001/files/other.json': inner,
    });
    const out = await collect(tree);
    assert.equal(exported(out).length, FIXTURE_ELEMENTS);
    assert.ok(exported(out).every((r) => r.location.member === 'result.json'));
    // Two exports side by side are both read.
    const two = memoryTree('/cases/exports', { 'a/result.json': inner, 'b/result.json': inner });
    assert.deepEqual(
      exported(await collect(two)).map((r) => r.location.member),
      ['a/result.json', 'b/result.json'],
    );
  });

  void it('Telegram account - a personal chat: owner and other person, replies, edits, entities', async () => {
    const m = byId(await collect(accountTree()));
    const first = get(m, '222:1').draft;
    assert.deepEqual(first.from, {
      platform: 'telegram',
      address: 'user111',
      handle: 'OlaNordmann',
      name: 'Ola Nordmann',
    });
    assert.deepEqual(first.to, [
      { platform: 'telegram', address: 'user222', handle: null, name: 'Kari Holm' },
    ]);
    assert.equal(first.kind, 'message');
    assert.equal(first.visibility, 'private');
    assert.equal(first.sentAt, '2016-10-12T12:31:00.000Z');
    assert.equal(first.tzOffset, 120);
    assert.equal(first.dateSource, 'export');
    assert.deepEqual(first.flags, []);
    assert.deepEqual(first.conversation, {
      nativeId: '222',
      type: 'dm',
      title: 'Kari Holm',
      participants: [
        { platform: 'telegram', address: 'user222', handle: null, name: 'Kari Holm' },
        { platform: 'telegram', address: 'user111', handle: 'OlaNordmann', name: 'Ola Nordmann' },
      ],
    });

    const reply = get(m, '222:2').draft;
    assert.equal(reply.text, 'Yes, here and ask @SomeHandle cc Ola');
    assert.deepEqual(reply.links, ['https://example.org/leak']);
    assert.deepEqual(reply.mentions, ['somehandle', 'user111']);
    assert.equal(reply.replyToNativeId, '222:1');
    assert.deepEqual(reply.flags, ['edited', 'edited-at:2016-10-12T12:36:00.000Z']);
    assert.equal(reply.from?.name, 'Kari Holm');
    assert.deepEqual(
      reply.to.map((p) => p.address),
      ['user111'],
    );

    const call = get(m, '222:6').draft;
    assert.equal(call.text, '[phone call: 60 s, hangup]');
    assert.deepEqual(call.flags, ['service', 'service:phone_call']);
    assert.equal(call.from?.address, 'user111');

    const bell = get(m, '222:7').draft;
    assert.equal(bell.text, 'bell\u0007 rang', 'Telegram\'s "\\x07" escape read as the control character');
    assert.ok(bell.flags.includes('json-repaired:x-escape'));
  });

  void it('Telegram account - media present, missing, not exported, and a path out of the export', async () => {
    const m = byId(await collect(accountTree()));
    const photo = get(m, '222:3').draft;
    assert.deepEqual(photo.attachments, [
      {
        name: 'photo_1@12-10-2016_14-40-00.jpg',
        contentType: 'image/jpeg',
        member: PHOTO_MEMBER,
        size: PHOTO.length,
        sha256: sha256Hex(PHOTO),
      },
    ]);
    assert.deepEqual(photo.flags, ['forwarded-from:News Channel']);
    const pdf = get(m, '222:4').draft;
    assert.equal(pdf.text, 'the report');
    assert.deepEqual(pdf.attachments, [
      {
        name: 'report.pdf',
        contentType: 'application/pdf',
        member: PDF_MEMBER,
        size: PDF.length,
        sha256: sha256Hex(PDF),
      },
    ]);
    const voice = get(m, '222:5').draft;
    const voiceMember = 'chats/chat_001/voice_messages/audio_1@12-10-2016_14-42-00.ogg';
    assert.deepEqual(voice.attachments, [
      {
        name: 'audio_1@12-10-2016_14-42-00.ogg',
        contentType: 'audio/ogg',
        member: voiceMember,
        size: null,
        sha256: null,
      },
    ]);
    assert.deepEqual(voice.flags, ['media:voice_message', `attachment-missing:${voiceMember}`]);
    const sticker = get(m, '333:13').draft;
    assert.deepEqual(sticker.attachments, [
      { name: null, contentType: 'application/octet-stream', member: null, size: null, sha256: null },
    ]);
    assert.deepEqual(sticker.flags, ['media:sticker', 'sticker:👍', 'attachment-not-exported']);
    const escape = get(m, '222:8').draft;
    assert.equal(escape.attachments[0]?.member, null);
    assert.ok(escape.flags.includes('attachment-path-rejected:../../../etc/passwd'));
  });

  void it('Telegram account - groups, channels, Saved Messages and left chats', async () => {
    const m = byId(await collect(accountTree()));
    const invite = get(m, '333:10').draft;
    assert.equal(invite.text, '[invite members: Kari Holm, Per Berg]');
    assert.equal(invite.conversation?.type, 'group');
    assert.deepEqual(
      invite.conversation?.participants.map((p) => p.address),
      ['user111', 'user444', 'user222'],
      'the owner is a member of every chat in "chats", then everyone seen',
    );
    const hello = get(m, '333:11').draft;
    assert.deepEqual(
      hello.to.map((p) => p.name),
      ['Ola Nordmann', 'Kari Holm'],
    );
    const poll = get(m, '333:12').draft;
    assert.equal(poll.text, 'Publish tonight?\n- Yes\n- No');
    assert.deepEqual(poll.flags, ['poll']);
    assert.equal(get(m, '333:13').draft.replyToNativeId, '333:11');

    const post = get(m, '555:20').draft;
    assert.equal(post.kind, 'post');
    assert.equal(post.visibility, 'public');
    assert.deepEqual(post.to, []);
    assert.deepEqual(post.from, {
      platform: 'telegram',
      address: 'channel555',
      handle: null,
      name: "Ola's public posts",
    });
    assert.deepEqual(post.links, ['https://example.org/leak']);
    assert.deepEqual(post.flags, ['signed:Ola Nordmann']);
    assert.equal(post.conversation?.type, 'channel');
    assert.deepEqual(
      post.conversation?.participants.map((p) => p.address),
      ['channel555'],
    );

    const inner = get(m, '556:21').draft;
    assert.equal(inner.kind, 'post');
    assert.equal(inner.visibility, 'private', 'a private channel is read only by invited subscribers');

    const note = get(m, '111:30').draft;
    assert.equal(note.conversation?.type, 'dm');
    assert.equal(note.conversation?.title, null);
    assert.deepEqual(
      note.conversation?.participants.map((p) => p.address),
      ['user111'],
    );
    assert.deepEqual(note.to, []);

    const open = get(m, '777:40').draft;
    assert.equal(open.kind, 'message');
    assert.equal(open.visibility, 'public', 'a public supergroup can be read by anyone');
    assert.deepEqual(
      open.conversation?.participants.map((p) => p.address),
      ['user888'],
      'a left chat does not list the owner',
    );
  });
});

void describe('Telegram reader - hostile and broken exports', () => {
  /** Records + unreadable message elements = what the file had; no element lost silently. */
  function assertAddsUp(out: Out[], elements: number): void {
    const unreadableMessages = unreadables(out).filter((u) => / message index \d+/.test(u.reason)).length;
    assert.equal(exported(out).length + unreadableMessages, elements);
  }

  void it('Telegram hostile - a file cut inside a message: what came before is read, the rest reported', async () => {
    const cutAt = FIXTURE.indexOf('"question"');
    const msg12 = FIXTURE.lastIndexOf('\n     {', cutAt) + 6;
    const text = FIXTURE.slice(0, cutAt);
    const out = await collect(accountTree(text));
    assert.equal(exported(out).length, 10);
    const bad = unreadables(out);
    assert.equal(bad.length, 1);
    const u = bad[0];
    assert.ok(u);
    assert.equal(u.location.offset, Buffer.byteLength(FIXTURE.slice(0, msg12)));
    assert.equal(u.location.offset + u.location.length, Buffer.byteLength(text));
    assert.match(u.reason, /member result\.json/);
    assert.match(u.reason, /chats\.list\[1\] "Leak team" \(id 333\), message index 2/);
    assert.match(u.reason, new RegExp(`byte ${u.location.offset}\\b`));
    assert.match(u.reason, /get a complete copy or export again/);
  });

  void it('Telegram hostile - wrong types and missing ids: that message is reported, the rest goes on', async () => {
    const doc = fixtureObject();
    delete messagesOf(doc, 0)[1]?.id;
    (messagesOf(doc, 1) as unknown[])[1] = 42;
    (messagesOf(doc, 1) as unknown[])[2] = { id: 'twelve', type: 'message', text: 'x' };
    const msg5 = messagesOf(doc, 0)[4];
    if (msg5) msg5.text = { not: 'text' };
    const out = await collect(accountTree(JSON.stringify(doc, null, 1)));
    assertAddsUp(out, FIXTURE_ELEMENTS);
    const reasons = unreadables(out).map((u) => u.reason);
    assert.equal(reasons.length, 3);
    assert.match(
      reasons[0] ?? '',
      /chats\.list\[0\] "Kari Holm" \(id 222\), message index 1: the message has no integer "id"/,
    );
    assert.match(
      reasons[1] ?? '',
      /chats\.list\[1\] "Leak team" \(id 333\), message index 1: the element is a number/,
    );
    assert.match(reasons[2] ?? '', /message index 2: the message has no integer "id" \(found a string\)/);
    for (const u of unreadables(out))
      assert.match(
        u.reason,
        /\/cases\/Telegram Desktop\/DataExport_2016-10-20, member result\.json, byte \d+/,
      );
    const degraded = byId(out).get('222:5')?.draft;
    assert.ok(
      degraded?.flags.includes('text-malformed'),
      'a wrong text type degrades the message, it is still read',
    );
  });

  void it('Telegram hostile - a broken message inside the array is skipped, reading resumes at the next', async () => {
    const text = FIXTURE.replace('"News Channel"', '"News\n Channel"').replace(
      '"hello team",',
      '"hello team\n',
    );
    const out = await collect(accountTree(text));
    assertAddsUp(out, FIXTURE_ELEMENTS);
    assert.equal(exported(out).length, 14);
    const bad = unreadables(out);
    assert.equal(bad.length, 2);
    assert.match(
      bad[0]?.reason ?? '',
      /"Kari Holm" \(id 222\), message index 2: the JSON is broken at byte \d+ \(unescaped control character/,
    );
    assert.match(bad[0]?.reason ?? '', /reading went on at byte \d+/);
    assert.match(bad[1]?.reason ?? '', /"Leak team" \(id 333\), message index 1/);
    const ids = exported(out).map((r) => r.draft.nativeId);
    assert.ok(ids.includes('222:4') && ids.includes('333:12') && ids.includes('777:40'));
  });

  void it("Telegram hostile - damage in a chat's last message stays in that chat", async () => {
    const last = FIXTURE.indexOf('"../../../etc/passwd"');
    const text = `${FIXTURE.slice(0, last)}"../../../etc/passwd\n${FIXTURE.slice(last + '"../../../etc/passwd"'.length)}`;
    const out = await collect(accountTree(text));
    assertAddsUp(out, FIXTURE_ELEMENTS);
    const m = byId(out);
    assert.equal(m.has('222:8'), false);
    assert.equal(get(m, '333:11').draft.conversation?.nativeId, '333');
    assert.equal(get(m, '333:11').draft.conversation?.title, 'Leak team');
  });

  void it('Telegram hostile - a chat without id, messages that are no array', async () => {
    const doc = fixtureObject();
    delete doc.chats.list[2]?.id;
    const inner = doc.chats.list[3];
    if (inner) inner.messages = 'gone';
    const out = await collect(accountTree(JSON.stringify(doc, null, 1)));
    const reasons = unreadables(out).map((u) => u.reason);
    assert.equal(reasons.length, 2);
    assert.match(
      reasons[0] ?? '',
      /chats\.list\[2\] "Ola's public posts" \(id \?\): the chat has no numeric "id", so its 1 messages/,
    );
    assert.match(reasons[1] ?? '', /chats\.list\[3\] "Inner circle" \(id 556\): "messages" is not an array/);
    assert.equal(exported(out).length, FIXTURE_ELEMENTS - 2);
  });

  void it('Telegram hostile - a nesting bomb: one message when pretty-printed, the rest when minified', async () => {
    const doc = fixtureObject();
    const bomb = messagesOf(doc, 1)[1];
    if (bomb) bomb.text = JSON.parse(`${'['.repeat(200)}${']'.repeat(200)}`) as unknown;
    const pretty = await collect(accountTree(JSON.stringify(doc, null, 1)));
    assertAddsUp(pretty, FIXTURE_ELEMENTS);
    assert.match(unreadables(pretty)[0]?.reason ?? '', /message index 1: .*maxJsonDepth/);

    const minified = JSON.stringify(doc);
    const out = await collect(accountTree(minified));
    assert.equal(exported(out).length, 9);
    const rest = unreadables(out);
    assert.equal(rest.length, 1);
    assert.equal(
      (rest[0]?.location.offset ?? 0) + (rest[0]?.location.length ?? 0),
      Buffer.byteLength(minified),
    );
    assert.match(
      rest[0]?.reason ?? '',
      /maxJsonDepth.*message index 1.*everything from there to the end of the file was not read/,
    );
  });

  void it('Telegram hostile - limits trip per message and are named', async () => {
    const out = await collect(accountTree(), { maxMessageBytes: 700 });
    assertAddsUp(out, FIXTURE_ELEMENTS);
    const bad = unreadables(out);
    assert.ok(bad.length > 0 && bad.length < FIXTURE_ELEMENTS);
    for (const u of bad) assert.match(u.reason, /more than the limit maxMessageBytes \(700\)/);
    const small = await collect(accountTree(), { maxRecipients: 1 });
    assert.ok(byId(small).get('333:11')?.draft.flags.includes('limit:to'));
    assert.deepEqual(byId(small).get('333:11')?.draft.to, []);
    const noHash = await collect(accountTree(), { maxAttachmentBytes: 4 });
    const photo = byId(noHash).get('222:3')?.draft;
    assert.deepEqual([photo?.attachments[0]?.size, photo?.attachments[0]?.sha256], [PHOTO.length, null]);
    assert.ok(photo?.flags.includes('limit:attachment-bytes'));
    await assert.rejects(
      readTelegramExport(accountTree(), { maxMessageBytes: 0 }).next(),
      /maxMessageBytes must be a positive integer/,
    );
  });

  void it('Telegram hostile - invalid UTF-8 and bytes after the JSON', async () => {
    const bytes = Buffer.concat([
      Buffer.from(FIXTURE.replace('"hello team"', '"hello \u0001team"').replace('\\u0001', 'XX'), 'utf8'),
      Buffer.from('garbage\n'),
    ]);
    const at = bytes.indexOf('hello ') + 6;
    bytes[at] = 0xff;
    const out = await collect(accountTree(bytes));
    const hello = byId(out).get('333:11')?.draft;
    assert.equal(hello?.text, 'hello \ufffdteam');
    assert.ok(hello?.flags.includes('utf8-repaired'));
    const tail = unreadables(out);
    assert.equal(tail.length, 1);
    assert.match(tail[0]?.reason ?? '', /8 bytes after the end of the JSON were not read/);
  });

  void it('Telegram hostile - not an export at all', async () => {
    const notJson = await collect(memoryTree('/cases/x', { 'result.json': 'hello' }));
    assert.equal(notJson.length, 1);
    assert.match(
      unreadables(notJson)[0]?.reason ?? '',
      /result\.json: is not a Telegram Desktop JSON export/,
    );
    const html = await collect(memoryTree('/cases/html-export', { 'messages.html': '<html></html>' }));
    assert.match(unreadables(html)[0]?.reason ?? '', /HTML export \(messages\.html\).*Machine-readable JSON/);
    const array = await collect(
      memoryTree('/cases/y', { 'result.json': '[{"name": "x", "type": "personal_chat", "messages": []}]' }),
    );
    assert.match(unreadables(array)[0]?.reason ?? '', /not a Telegram Desktop JSON export/);
  });
});
