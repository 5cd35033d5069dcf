import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { folderTree } from '../../../src/sources/export/export-tree.js';
import { openXArchive } from '../../../src/sources/x/index.js';
import { sharedPath } from '../../helpers/shared.js';
import { collect, exportsOf, sliceOf, unreadablesOf } from './x-test-util.js';

const seed = sharedPath('fixtures/seed-scenario/DonaldJTrumpJr-x-archive');
const milahu = sharedPath('corpora/x-archive-milahu');

void describe('X archive corpora', () => {
  void it(
    'X archive corpora - seed scenario: 13 DMs, 11 from 16589206 resolved to @wikileaks, 2 back; t.co expanded',
    { skip: seed.skip },
    async () => {
      const tree = await folderTree(seed.path);
      const x = openXArchive(tree);
      const recs = await collect(x.records());
      assert.equal(unreadablesOf(recs).length, 0);
      const msgs = exportsOf(recs).filter((r) => r.draft.kind === 'message');
      assert.equal(msgs.length, 13);
      const fromLeak = msgs.filter((m) => m.draft.from?.address === '16589206');
      const fromOwner = msgs.filter((m) => m.draft.from?.address === '39344374');
      assert.equal(fromLeak.length, 11);
      assert.equal(fromOwner.length, 2);
      for (const m of fromLeak) {
        assert.deepEqual(m.draft.from, {
          platform: 'x',
          address: '16589206',
          handle: 'wikileaks',
          name: 'WikiLeaks',
        });
        assert.deepEqual(m.draft.to, [
          { platform: 'x', address: '39344374', handle: 'donaldjtrumpjr', name: 'Donald Trump Jr.' },
        ]);
      }
      assert.deepEqual(fromOwner.map((m) => m.draft.sentAt).sort(), [
        '2016-09-21T15:50:00.000Z',
        '2016-10-03T15:35:00.000Z',
      ]);
      assert.ok(
        msgs.every(
          (m) => m.draft.visibility === 'private' && m.draft.conversation?.nativeId === '16589206-39344374',
        ),
      );
      const linkDm = msgs.find((m) => m.draft.sentAt === '2016-10-12T12:31:00.000Z')!;
      assert.deepEqual(linkDm.draft.links, ['http://wlsearch.tk/']);

      const posts = exportsOf(recs).filter((r) => r.draft.kind === 'post');
      assert.equal(posts.length, 4);
      const linkPost = posts.find((p) => p.draft.sentAt === '2016-10-14T09:42:00.000Z')!;
      assert.match(linkPost.draft.text, /searchable here: http:\/\/wlsearch\.tk\/$/);
      assert.doesNotMatch(linkPost.draft.text, /t\.co/);
      assert.deepEqual(linkPost.draft.links, ['http://wlsearch.tk/']);
      assert.deepEqual(linkPost.draft.mentions, ['wikileaks']);
      assert.ok(
        posts.every((p) => p.draft.visibility === 'public' && p.draft.from?.handle === 'donaldjtrumpjr'),
      );
      for (const r of exportsOf(recs)) assert.deepEqual(await sliceOf(tree, r), r.bytes);
      assert.deepEqual(x.report().identities.unresolved, []);
    },
  );

  void it(
    'X archive corpora - milahu (2026 generation): every count equals manifest.js, nothing unreadable',
    { skip: milahu.skip },
    async () => {
      const tree = await folderTree(milahu.path);
      const x = openXArchive(tree);
      const recs = await collect(x.records());
      assert.deepEqual(unreadablesOf(recs), []);
      const rep = x.report();
      assert.equal(rep.complete, true);
      assert.deepEqual(rep.account, {
        platform: 'x',
        address: '1964312974236991488',
        handle: 'milahu104',
        name: 'Milan Hauth',
      });
      const mismatches = rep.manifestCheck.filter((c) => !c.matches);
      assert.deepEqual(mismatches, []);
      const checked = Object.fromEntries(rep.manifestCheck.map((c) => [c.file, c.read]));
      assert.equal(checked['data/tweets.js'], 2045);
      assert.equal(checked['data/deleted-tweets.js'], 47);
      assert.equal(checked['data/direct-messages.js'], 10);
      assert.equal(checked['data/message-event.js'], 23);
      assert.equal(checked['data/community-tweet.js'], 3);

      const items = exportsOf(recs);
      const count = (pred: (r: (typeof items)[number]) => boolean): number => items.filter(pred).length;
      assert.equal(
        count((r) => r.location.member === 'data/tweets.js'),
        2045,
      );
      assert.equal(
        count((r) => r.draft.flags.includes('deleted')),
        47,
      );
      // direct-message-headers.js lists 17 messages in the 10 conversations.
      assert.equal(
        count((r) => r.location.member === 'data/direct-messages.js'),
        17,
      );
      assert.equal(
        count((r) => r.draft.flags.includes('encrypted')),
        11,
      );
      const events = rep.files.find((f) => f.role === 'message-events')!;
      assert.deepEqual(events.skipped, { markConversationReadEvent: 9, conversationKeyChangeEvent: 3 });

      for (const r of items) {
        assert.deepEqual(await sliceOf(tree, r), r.bytes, `${r.location.member} @${r.location.offset}`);
        assert.doesNotThrow(() => JSON.parse(new TextDecoder().decode(r.bytes)) as unknown);
        assert.ok(r.draft.sentAt !== null, `${r.draft.nativeId} has a date`);
      }
      // Every t.co link with an entity in the export is expanded in the text of tweets.
      const withTco = items.filter(
        (r) => r.draft.kind === 'post' && r.draft.links.some((l) => l.startsWith('https://t.co/')),
      );
      assert.deepEqual(withTco, []);
      // Ids the DMs name are resolved through the tweets' mentions, except the one never mentioned.
      assert.ok(rep.identities.unresolved.length <= 2, rep.identities.unresolved.join(','));
    },
  );
});
