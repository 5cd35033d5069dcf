import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { folderTree, mapTree, memoryTree } from '../../../src/sources/export/export-tree.js';
import { isXArchive, openXArchive, readXArchive } from '../../../src/sources/x/index.js';
import { repoRoot } from '../../helpers/shared.js';
import {
  OWNER,
  account,
  archive,
  collect,
  dm,
  exportsOf,
  sliceOf,
  tweet,
  unreadablesOf,
  ytd,
} from './x-test-util.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'x');

void describe('X archive - recognition', () => {
  void it('X archive - recognised by data/ files at the top, one folder down, or given as the data folder', () => {
    assert.equal(isXArchive(archive({ 'data/tweets.js': ytd('tweets', []) })), true);
    assert.equal(
      isXArchive(archive({ 'data/manifest.js': 'window.__THAR_CONFIG = {}' }, 'twitter-2024-01-01-abc/')),
      true,
    );
    assert.equal(
      isXArchive(archive({ 'account.js': account(), 'direct-messages.js': ytd('direct_messages', []) })),
      true,
    );
    assert.equal(
      isXArchive(archive({ 'data/js/tweets/2012_01.js': 'Grailbird.data.tweets_2012_01 = []' })),
      true,
    );
  });

  void it('X archive - not claimed for trees that only share a name or sit too deep', () => {
    assert.equal(isXArchive(archive({ 'data/account.js': 'var x = 1' })), false);
    assert.equal(isXArchive(archive({ 'tweets.js': 'x' })), false);
    assert.equal(isXArchive(archive({ 'a/b/data/tweets.js': ytd('tweets', []) })), false);
    assert.equal(isXArchive(archive({ 'inbox.mbox': 'From x' })), false);
  });

  void it('X archive - a tree without an archive yields one UnreadableInput saying what was looked for', async () => {
    const recs = await collect(readXArchive(archive({ 'notes.txt': 'hello' })));
    assert.equal(recs.length, 1);
    assert.equal(recs[0]!.type, 'unreadable');
    assert.match((recs[0] as { reason: string }).reason, /holds no X archive.*data\/tweets\.js/);
  });
});

void describe('X archive - direct messages', () => {
  void it('X archive - DMs resolve ids through account.js and tweet mentions; slices are the inner message elements', async () => {
    const tree = archive(
      {
        'data/account.js': account(),
        'data/tweets.js': ytd('tweets', [
          tweet('2', {
            full_text: 'hi @Other https://t.co/abc',
            entities: {
              user_mentions: [
                { screen_name: 'Other', name: 'Other Person', id_str: '2000002', id: '2000002' },
              ],
              urls: [
                { url: 'https://t.co/abc', expanded_url: 'http://example.org/', display_url: 'example.org' },
              ],
            },
          }),
        ]),
        'data/direct-messages.js': ytd('direct_messages', [
          {
            dmConversation: {
              conversationId: '1000001-2000002',
              messages: [
                dm('12', '1000001', '2000002', 'answer &amp; more', '2016-10-12T13:00:00.000Z'),
                dm('11', '2000002', '1000001', 'question'),
              ],
            },
          },
          {
            dmConversation: {
              conversationId: '1000001-3000003',
              messages: [dm('21', '3000003', '1000001', 'who?')],
            },
          },
        ]),
      },
      'twitter-2016/',
    );
    const x = openXArchive(tree);
    const recs = await collect(x.records());
    assert.equal(unreadablesOf(recs).length, 0);
    const msgs = exportsOf(recs).filter((r) => r.draft.kind === 'message');
    assert.deepEqual(
      msgs.map((m) => [m.draft.nativeId, m.draft.from?.handle, m.draft.to.map((t) => t.handle)]),
      [
        ['12', 'ownerhandle', ['other']],
        ['11', 'other', ['ownerhandle']],
        ['21', null, ['ownerhandle']],
      ],
    );
    const first = msgs[0]!;
    assert.equal(first.draft.text, 'answer & more');
    assert.equal(first.draft.visibility, 'private');
    assert.deepEqual(first.draft.conversation, {
      nativeId: '1000001-2000002',
      type: 'dm',
      title: null,
      participants: [
        { platform: 'x', address: '1000001', handle: 'ownerhandle', name: 'The Owner' },
        { platform: 'x', address: '2000002', handle: 'other', name: 'Other Person' },
      ],
    });
    assert.equal(first.location.member, 'twitter-2016/data/direct-messages.js');
    for (const m of msgs) {
      assert.deepEqual(await sliceOf(tree, m), m.bytes);
      assert.ok((JSON.parse(new TextDecoder().decode(m.bytes)) as { messageCreate?: unknown }).messageCreate);
    }
    const rep = x.report();
    assert.equal(rep.complete, true);
    assert.equal(rep.root, 'twitter-2016/');
    assert.deepEqual(rep.identities.unresolved, ['3000003']);
    const dmFile = rep.files.find((f) => f.role === 'direct-messages')!;
    assert.equal(dmFile.elements, 2);
    assert.equal(dmFile.items, 3);
  });

  void it('X archive - group DMs: only messageCreate are items; participants and title come from the events', async () => {
    const group = {
      dmConversation: {
        conversationId: '987654321',
        messages: [
          dm('33', '3000003', '', 'third message'),
          {
            conversationNameUpdate: {
              initiatingUserId: '2000002',
              name: 'Plans',
              createdAt: '2020-01-02T00:00:00.000Z',
            },
          },
          dm('32', '1000001', '', 'second'),
          {
            participantsJoin: {
              initiatingUserId: '2000002',
              userIds: ['3000003'],
              createdAt: '2020-01-01T12:00:00.000Z',
            },
          },
          {
            conversationNameUpdate: {
              initiatingUserId: '2000002',
              name: 'Old name',
              createdAt: '2020-01-01T00:00:00.000Z',
            },
          },
          dm('31', '2000002', '', 'first'),
          {
            joinConversation: {
              initiatingUserId: '2000002',
              participantsSnapshot: ['1000001', '2000002'],
              createdAt: '2020-01-01T00:00:00.000Z',
            },
          },
        ],
      },
    };
    for (const m of group.dmConversation.messages) {
      const mc = (m as { messageCreate?: Record<string, unknown> }).messageCreate;
      if (mc) delete mc.recipientId;
    }
    const x = openXArchive(
      archive({
        'data/account.js': account(),
        'data/direct-messages-group.js': ytd('direct_messages_group', [group]),
      }),
    );
    const recs = exportsOf(await collect(x.records()));
    assert.deepEqual(
      recs.map((r) => r.draft.nativeId),
      ['33', '32', '31'],
    );
    const conv = recs[0]!.draft.conversation!;
    assert.equal(conv.type, 'group');
    assert.equal(conv.title, 'Plans');
    assert.deepEqual(conv.participants.map((p) => p.address).sort(), ['1000001', '2000002', '3000003']);
    assert.deepEqual(recs[1]!.draft.to.map((p) => p.address).sort(), ['2000002', '3000003']);
    const file = x.report().files.find((f) => f.role === 'group-direct-messages')!;
    assert.deepEqual(file.skipped, { conversationNameUpdate: 2, participantsJoin: 1, joinConversation: 1 });
  });

  void it('X archive - DM t.co links expand from the urls entity; reactions, edits and media are kept', async () => {
    const message = dm('41', '2000002', '1000001', 'see https://t.co/xyz and https://t.co/xyz2');
    const mc = (message as { messageCreate: Record<string, unknown> }).messageCreate;
    mc.urls = [
      { url: 'https://t.co/xyz', expanded: 'https://a.example/', display: 'a.example' },
      { url: 'https://t.co/xyz2', expanded: 'https://b.example/', display: 'b.example' },
    ];
    mc.reactions = [
      { senderId: '1000001', reactionKey: 'like', eventId: '9', createdAt: '2016-10-12T12:40:00.000Z' },
    ];
    mc.editHistory = [{ text: 'old' }];
    mc.mediaUrls = ['https://ton.twitter.com/1.1/ton/data/dm/41/42/pic.jpg'];
    const tree = archive({
      'data/account.js': account(),
      'data/direct-messages.js': ytd('direct_messages', [
        { dmConversation: { conversationId: '1000001-2000002', messages: [message] } },
      ]),
      'data/direct_messages_media/41-pic.jpg': 'picture bytes',
    });
    const [r] = exportsOf(await collect(readXArchive(tree)));
    assert.equal(r!.draft.text, 'see https://a.example/ and https://b.example/');
    assert.deepEqual(r!.draft.links, ['https://a.example/', 'https://b.example/']);
    assert.deepEqual(r!.draft.flags, ['reaction:like:1000001', 'edited']);
    assert.deepEqual(r!.draft.attachments, [
      {
        name: 'pic.jpg',
        contentType: 'image/jpeg',
        member: 'data/direct_messages_media/41-pic.jpg',
        size: 13,
        sha256: createHash('sha256').update('picture bytes').digest('hex'),
      },
    ]);
  });

  void it('X archive - message-event.js: encrypted messages keep who, when and where; other events are counted', async () => {
    const ev = (
      id: string,
      sender: string,
      conv: string,
      detail: Record<string, unknown>,
      ms: string,
    ): unknown => ({
      messageEvent: {
        createdAtMsec: ms,
        senderId: sender,
        conversationId: conv,
        messageId: id,
        detail,
        sequenceId: '1',
      },
    });
    const tree = archive({
      'data/account.js': account(),
      'data/message-event.js': ytd('message_event', [
        ev(
          'm-read',
          '2000002',
          '1000001:2000002',
          { markConversationReadEvent: { seenAtMillis: '1' } },
          '1771945388492',
        ),
        ev(
          'm-1',
          '1000001',
          '1000001:2000002',
          { messageCreateEvent: { contents: 'AAAA', shouldNotify: true } },
          '1771922374937',
        ),
        ev(
          'g-key',
          '1000001',
          'g777',
          {
            conversationKeyChangeEvent: {
              conversationParticipantKeys: [
                { userId: '1000001' },
                { userId: '5000005' },
                { userId: '6000006' },
              ],
            },
          },
          '1771922374000',
        ),
        ev('g-1', '5000005', 'g777', { messageCreateEvent: { contents: 'BBBB' } }, '1771922375000'),
      ]),
    });
    const x = openXArchive(tree);
    const recs = exportsOf(await collect(x.records()));
    assert.equal(recs.length, 2);
    const [pair, group] = recs;
    assert.equal(pair!.draft.nativeId, 'm-1');
    assert.equal(pair!.draft.sentAt, new Date(1771922374937).toISOString());
    assert.equal(pair!.draft.text, '');
    assert.deepEqual(pair!.draft.flags, ['conversation-id:1000001:2000002', 'encrypted']);
    assert.equal(pair!.draft.conversation?.nativeId, '1000001-2000002');
    assert.deepEqual(
      pair!.draft.to.map((t) => t.address),
      ['2000002'],
    );
    assert.equal(group!.draft.conversation?.type, 'group');
    assert.deepEqual(group!.draft.to.map((t) => t.address).sort(), ['1000001', '6000006']);
    const file = x.report().files.find((f) => f.role === 'message-events')!;
    assert.equal(file.elements, 4);
    assert.deepEqual(file.skipped, { markConversationReadEvent: 1, conversationKeyChangeEvent: 1 });
  });
});

void describe('X archive - tweets', () => {
  void it('X archive - tweets: t.co expanded, HTML escapes undone, mentions lower-cased, replies, media from tweets_media', async () => {
    const tree = await folderTree(path.join(fixtures, 'archive-2019'));
    const x = openXArchive(tree);
    const recs = await collect(x.records());
    assert.equal(unreadablesOf(recs).length, 0);
    const posts = exportsOf(recs).filter((r) => r.draft.kind === 'post');
    assert.equal(posts.length, 2);
    const [reply, photo] = posts;
    assert.equal(reply!.draft.text, '@SecondPerson Fish & chips: https://example.org/report?a=1&b=2');
    assert.deepEqual(reply!.draft.links, ['https://example.org/report?a=1&b=2']);
    assert.deepEqual(reply!.draft.mentions, ['secondperson']);
    assert.equal(reply!.draft.replyToNativeId, '1100000000000000001');
    assert.equal(reply!.draft.sentAt, '2019-03-02T10:15:30.000Z');
    assert.deepEqual(reply!.draft.from, {
      platform: 'x',
      address: '1000001',
      handle: 'exampleowner',
      name: 'Example Owner',
    });
    assert.deepEqual(reply!.draft.to, []);
    assert.equal(reply!.draft.visibility, 'public');
    assert.equal(photo!.draft.attachments.length, 1);
    assert.equal(
      photo!.draft.attachments[0]!.member,
      'twitter-2019-06-01-abc/data/tweet_media/1100000000000000003-D0photoAAA.jpg',
    );
    assert.equal(photo!.draft.attachments[0]!.size, 25);
    assert.match(photo!.draft.attachments[0]!.sha256 ?? '', /^[0-9a-f]{64}$/);
    // The 2019 generation: bare tweet objects in tweet.js, singular direct-message.js.
    const msgs = exportsOf(recs).filter((r) => r.draft.kind === 'message');
    assert.deepEqual(
      msgs.map((m) => m.draft.from?.handle ?? m.draft.from?.address),
      ['exampleowner', 'secondperson', '3000003'],
    );
    for (const r of exportsOf(recs)) assert.deepEqual(await sliceOf(tree, r), r.bytes);
  });

  void it('X archive - the pre-2019 archive: monthly Grailbird files, user in each tweet, counts against tweet_index.js', async () => {
    const x = openXArchive(await folderTree(path.join(fixtures, 'grailbird')));
    const recs = exportsOf(await collect(x.records()));
    assert.deepEqual(
      recs.map((r) => [r.draft.nativeId, r.draft.sentAt, r.draft.from?.handle]),
      [
        ['160000000000000002', '2012-01-20T14:03:11.000Z', 'oldtimer'],
        ['160000000000000001', '2012-01-02T08:00:00.000Z', 'oldtimer'],
        ['170000000000000001', '2012-02-01T12:00:00.000Z', 'oldtimer'],
      ],
    );
    assert.equal(recs[0]!.draft.text, '@SecondPerson read this http://example.com/old');
    const rep = x.report();
    assert.equal(rep.generation, 'grailbird');
    assert.deepEqual(
      rep.manifestCheck.map((c) => [c.file, c.declared, c.read, c.matches]),
      [
        ['data/js/tweets/2012_01.js', 2, 2, true],
        ['data/js/tweets/2012_02.js', 1, 1, true],
      ],
    );
  });

  void it('X archive - deleted, community and circle tweets are flagged; circle tweets are private wherever they appear', async () => {
    const x = openXArchive(
      archive({
        'data/account.js': account(),
        'data/twitter-circle-tweet.js': ytd('twitter_circle_tweet', [tweet('7')]),
        'data/tweets.js': ytd('tweets', [tweet('7'), tweet('8')]),
        'data/deleted-tweets.js': ytd('deleted_tweets', [
          tweet('9', { deleted_at: 'Thu Oct 13 08:00:00 +0000 2016' }),
        ]),
        'data/community-tweet.js': ytd('community_tweet', [tweet('10', { community_id_str: '555' })]),
      }),
    );
    const recs = exportsOf(await collect(x.records()));
    const by = (id: string): { v: string; f: string[] }[] =>
      recs.filter((r) => r.draft.nativeId === id).map((r) => ({ v: r.draft.visibility, f: r.draft.flags }));
    assert.deepEqual(by('7'), [
      { v: 'private', f: ['twitter-circle'] },
      { v: 'private', f: ['twitter-circle'] },
    ]);
    assert.deepEqual(by('8'), [{ v: 'public', f: [] }]);
    assert.deepEqual(by('9'), [{ v: 'public', f: ['deleted', 'deleted-at:2016-10-13T08:00:00.000Z'] }]);
    assert.deepEqual(by('10'), [{ v: 'public', f: ['community:555'] }]);
  });

  void it('X archive - a note tweet completes its cut-short tweet; an unclaimed note becomes its own post', async () => {
    const long = 'A very long post. '.repeat(30).trim();
    const x = openXArchive(
      archive({
        'data/account.js': account(),
        'data/note-tweet.js': ytd('note_tweet', [
          {
            noteTweet: {
              noteTweetId: '501',
              createdAt: '2023-05-07T19:58:22.000Z',
              core: {
                text: `${long} https://t.co/lnk`,
                urls: [{ shortUrl: 'https://t.co/lnk', expandedUrl: 'https://long.example/' }],
                mentions: [],
              },
            },
          },
          {
            noteTweet: {
              noteTweetId: '502',
              createdAt: '2023-06-01T00:00:00.000Z',
              core: { text: 'orphan note', mentions: [{ screenName: 'Someone' }] },
            },
          },
        ]),
        'data/tweets-part1.js': ytd(
          'tweets',
          [
            tweet('600', {
              created_at: 'Sun May 07 19:58:22 +0000 2023',
              full_text: `${long.slice(0, 270)}… https://t.co/more`,
            }),
          ],
          1,
        ),
      }),
    );
    const recs = exportsOf(await collect(x.records()));
    assert.equal(recs.length, 2);
    const joined = recs[0]!.draft;
    assert.equal(joined.nativeId, '600');
    assert.equal(joined.text, `${long} https://long.example/`);
    assert.deepEqual(joined.links, ['https://long.example/']);
    assert.deepEqual(joined.flags, ['note-tweet:501']);
    const orphan = recs[1]!;
    assert.equal(orphan.draft.nativeId, 'note-502');
    assert.deepEqual(orphan.draft.flags, ['note-tweet-unjoined']);
    assert.deepEqual(orphan.draft.mentions, ['someone']);
    assert.equal(orphan.draft.from?.address, OWNER.accountId);
    const noteFile = x.report().files.find((f) => f.role === 'note-tweets')!;
    assert.deepEqual([noteFile.elements, noteFile.items, noteFile.skipped], [2, 1, { 'note-joined': 1 }]);
  });

  void it('X archive - the owner falls back to manifest.js when account.js is missing; later mentions do not rename the owner', async () => {
    const manifest = `window.__THAR_CONFIG = ${JSON.stringify({
      userInfo: { accountId: '1000001', userName: 'FromManifest', displayName: 'Manifest Name' },
      dataTypes: {
        tweets: { files: [{ fileName: 'data/tweets.js', globalName: 'YTD.tweets.part0', count: '1' }] },
      },
    })}`;
    const recs = exportsOf(
      await collect(
        readXArchive(
          archive({
            'data/manifest.js': manifest,
            'data/tweets.js': ytd('tweets', [
              tweet('1', {
                created_at: 'Wed Oct 12 12:46:00 +0000 2030',
                entities: {
                  user_mentions: [{ screen_name: 'SomethingElse', name: 'X', id_str: '1000001' }],
                  urls: [],
                },
              }),
            ]),
          }),
        ),
      ),
    );
    assert.deepEqual(recs[0]!.draft.from, {
      platform: 'x',
      address: '1000001',
      handle: 'frommanifest',
      name: 'Manifest Name',
    });
  });
});

void describe('X archive - manifest check', () => {
  void it('X archive - declared and read counts are compared: short files, undeclared files and missing files are named', async () => {
    const manifest = `window.__THAR_CONFIG = ${JSON.stringify({
      userInfo: { accountId: '1000001', userName: 'OwnerHandle', displayName: 'The Owner' },
      archiveInfo: { generationDate: '2024-01-01T00:00:00.000Z', isPartialArchive: false },
      dataTypes: {
        tweets: {
          files: [
            { fileName: 'data/tweets.js', globalName: 'YTD.tweets.part0', count: '3' },
            { fileName: 'data/tweets-part1.js', globalName: 'YTD.tweets.part1', count: '5' },
          ],
        },
        directMessages: {
          files: [
            { fileName: 'data/direct-messages.js', globalName: 'YTD.direct_messages.part0', count: '0' },
          ],
        },
        ipAudit: { files: [{ fileName: 'data/ip-audit.js', globalName: 'YTD.ip_audit.part0', count: '9' }] },
      },
    })}`;
    const x = openXArchive(
      archive({
        'data/manifest.js': manifest,
        'data/tweets.js': ytd('tweets', [tweet('1'), tweet('2')]),
        'data/deleted-tweets.js': ytd('deleted_tweets', [tweet('3')]),
      }),
    );
    const running = x.records();
    assert.equal(x.report().complete, false);
    await collect(running);
    const rep = x.report();
    assert.equal(rep.complete, true);
    assert.equal(rep.manifest.generatedAt, '2024-01-01T00:00:00.000Z');
    assert.deepEqual(
      rep.manifestCheck.map((c) => [c.file, c.declared, c.read, c.matches]),
      [
        ['data/tweets.js', 3, 2, false],
        ['data/deleted-tweets.js', null, 1, false],
        ['data/tweets-part1.js', 5, null, false],
        ['data/direct-messages.js', 0, null, true],
      ],
    );
    assert.match(rep.manifestCheck[0]!.note ?? '', /1 fewer than declared/);
    assert.match(rep.manifestCheck[2]!.note ?? '', /not in the archive/);
  });
});

void describe('X archive - hostile and broken input', () => {
  void it('X archive - a cut-off file: complete elements are read, the rest is one UnreadableInput naming member, element and byte', async () => {
    const full = ytd('tweets', [tweet('1'), tweet('2'), tweet('3')]);
    const cut = full.slice(0, full.indexOf('"tweet 3"') - 20);
    const tree = archive({ 'data/account.js': account(), 'data/tweets.js': cut });
    const recs = await collect(readXArchive(tree));
    assert.deepEqual(
      exportsOf(recs).map((r) => r.draft.nativeId),
      ['1', '2'],
    );
    const [bad] = unreadablesOf(recs);
    assert.equal(bad!.location.member, 'data/tweets.js');
    const start = bad!.location.offset;
    assert.equal(bad!.location.offset + bad!.location.length, cut.length);
    assert.match(bad!.reason, new RegExp(`member data/tweets\\.js, element 2 at byte ${start}: .*cut off`));
    assert.deepEqual(bad!.bytes, await sliceOf(tree, bad!));
  });

  void it('X archive - a wrong prefix makes the file unreadable, the other files are still read', async () => {
    const recs = await collect(
      readXArchive(
        archive({
          'data/account.js': account(),
          'data/tweets.js': '<html>not a data file</html>',
          'data/direct-messages.js': ytd('direct_messages', [
            { dmConversation: { conversationId: '1000001-2', messages: [dm('5', '2', '1000001', 'hi')] } },
          ]),
        }),
      ),
    );
    assert.equal(exportsOf(recs).length, 1);
    const [bad] = unreadablesOf(recs);
    assert.match(bad!.reason, /member data\/tweets\.js, byte 0: it does not start with an assignment/);
    assert.equal(bad!.location.length, 28);
  });

  void it('X archive - non-object elements, bad dates and bad JSON are unreadable one by one', async () => {
    const body = [
      'window.YTD.tweets.part0 = [',
      JSON.stringify(tweet('1')),
      ',"just a string",',
      JSON.stringify(tweet('2', { created_at: 'Wed Oct 32 12:46:00 +0000 2016' })),
      ',{"tweet": {"id_str": "3", "full_text": tru}},',
      JSON.stringify(tweet('4', { created_at: 'yesterday' })),
      ',',
      JSON.stringify(tweet('5')),
      ']',
    ].join('');
    const x = openXArchive(archive({ 'data/account.js': account(), 'data/tweets.js': body }));
    const recs = await collect(x.records());
    assert.deepEqual(
      exportsOf(recs).map((r) => r.draft.nativeId),
      ['1', '5'],
    );
    const bad = unreadablesOf(recs);
    assert.equal(bad.length, 4);
    assert.match(bad[0]!.reason, /element 1 at byte \d+: it is not a tweet object/);
    assert.match(bad[1]!.reason, /element 2 at byte \d+: tweet 2: created_at "Wed Oct 32/);
    assert.match(bad[2]!.reason, /element 3 at byte \d+: not valid JSON/);
    assert.match(bad[3]!.reason, /element 4 .*created_at "yesterday" is not a date/);
    for (const b of bad)
      assert.equal(
        new TextDecoder().decode(b.bytes),
        body.slice(b.location.offset, b.location.offset + b.location.length),
      );
    const file = x.report().files.find((f) => f.role === 'tweets')!;
    assert.deepEqual([file.elements, file.items, file.unreadable], [6, 2, 4]);
  });

  void it('X archive - a broken message inside a conversation does not take its neighbours down', async () => {
    const conv = {
      dmConversation: {
        conversationId: '1000001-2000002',
        messages: [
          dm('1', '2000002', '1000001', 'ok'),
          dm('2', '2000002', '1000001', 'bad date', '2016-13-45T00:00:00Z'),
          42,
          { messageCreate: { text: 'no id' } },
          dm('3', '1000001', '2000002', 'also ok'),
        ],
      },
    };
    const tree = archive({
      'data/account.js': account(),
      'data/direct-messages.js': ytd('direct_messages', [conv, { notAConversation: true }]),
    });
    const recs = await collect(readXArchive(tree));
    assert.deepEqual(
      exportsOf(recs).map((r) => r.draft.nativeId),
      ['1', '3'],
    );
    const reasons = unreadablesOf(recs).map((u) => u.reason);
    assert.equal(reasons.length, 4);
    assert.match(
      reasons[0]!,
      /element 0 at byte 39 \(conversation 1000001-2000002\), message 1 at byte \d+: message 2: createdAt/,
    );
    assert.match(reasons[1]!, /message 2 at byte \d+: it is a number, not a message event/);
    assert.match(reasons[2]!, /message 3 at byte \d+: the message has no id/);
    assert.match(reasons[3]!, /element 1 at byte \d+: the conversation has no conversationId/);
    for (const u of unreadablesOf(recs)) assert.deepEqual(u.bytes, await sliceOf(tree, u));
  });

  void it('X archive - limits: an oversized element and a nesting bomb are refused with the limit named', async () => {
    const big = tweet('1', { full_text: 'x'.repeat(5000) });
    const bomb = `{"tweet": ${'['.repeat(200)}${']'.repeat(200)}}`;
    const recs = await collect(
      readXArchive(
        archive({
          'data/account.js': account(),
          'data/tweets.js': `window.YTD.tweets.part0 = [${JSON.stringify(big)}, ${JSON.stringify(tweet('2'))}]`,
          'data/deleted-tweets.js': `window.YTD.deleted_tweets.part0 = [${bomb}]`,
        }),
        { limits: { maxElementBytes: 4096 } },
      ),
    );
    assert.deepEqual(
      exportsOf(recs).map((r) => r.draft.nativeId),
      ['2'],
    );
    const reasons = unreadablesOf(recs).map((u) => u.reason);
    assert.match(reasons[0]!, /more than the limit maxElementBytes \(4096\)/);
    assert.match(
      reasons[1]!,
      /deleted-tweets\.js, element 0 at byte 35: values nested deeper than 64 levels/,
    );
  });

  void it('X archive - bytes after the array and a member that cannot be read are reported, nothing thrown', async () => {
    const sizes = new Map([
      ['data/account.js', account().length],
      ['data/tweets.js', 10],
      ['data/deleted-tweets.js', 100],
    ]);
    const files: Record<string, string> = {
      'data/account.js': account(),
      'data/deleted-tweets.js': `${ytd('deleted_tweets', [tweet('1')])};\nalert("x")`,
    };
    const tree = mapTree('/cases/broken.zip', sizes, (m) =>
      files[m] === undefined
        ? Promise.reject(new Error('invalid zip entry'))
        : Promise.resolve(new TextEncoder().encode(files[m])),
    );
    const recs = await collect(readXArchive(tree));
    assert.deepEqual(
      exportsOf(recs).map((r) => r.draft.nativeId),
      ['1'],
    );
    const reasons = unreadablesOf(recs).map((u) => u.reason);
    assert.match(reasons[0]!, /member data\/tweets\.js could not be read: invalid zip entry/);
    assert.match(
      reasons[1]!,
      /member data\/deleted-tweets\.js, byte \d+: 10 bytes after the end of the array/,
    );
  });

  void it('X archive - a file over maxFileBytes is not read into memory', async () => {
    const recs = await collect(
      readXArchive(
        memoryTree('/a', { 'data/account.js': account(), 'data/tweets.js': ytd('tweets', [tweet('1')]) }),
        {
          limits: { maxFileBytes: 200 },
        },
      ),
    );
    assert.equal(exportsOf(recs).length, 0);
    assert.match(unreadablesOf(recs)[0]!.reason, /more than the X archive limit maxFileBytes \(200\)/);
  });

  void it('X archive - bad limits are refused before anything is read', () => {
    assert.throws(
      () => openXArchive(archive({}), { limits: { maxJsonDepth: 0 } }),
      /maxJsonDepth must be a positive whole number/,
    );
  });
});
