import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InnsynError } from '../../src/model/index.js';
import type { Identity, Item } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import { runBatchSearch, type AnnotationTarget, type Store } from '../../src/store/index.js';
import { exact, makeItem, rawOf } from './store-fixtures.js';

/**
 * Annotations (src/store/annotations.ts) as every Store dialect must keep them: tags, stars and
 * notes on items, conversations and persons; bulk tagging by query; the query fields `tag:`,
 * `is:starred`, `has:note`, `has:tag`; marks in search results; survival of a reindex; export
 * and import. Only the Store interface is used, never SQL. test/store/annotations.test.ts runs it
 * on SQLite.
 */
export function runAnnotationsSuite(name: string, open: () => Promise<Store>): void {
  const x = (address: string, name: string | null, handle: string | null): Identity => ({
    platform: 'x',
    address,
    name,
    handle,
  });
  const jr = x('39344374', 'Donald Trump Jr.', 'donaldjtrumpjr');
  const wl = x('16589206', 'WikiLeaks', 'wikileaks');
  const dm = (from: Identity, to: Identity, text: string, sentAt: string): Item =>
    makeItem({
      kind: 'message',
      platform: 'x',
      from,
      to: [to],
      text,
      subject: null,
      sentAt,
      messageId: null,
      conversationId: '16589206-39344374',
    });
  const write = async (store: Store, items: Item[]): Promise<void> => {
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  };
  const ids = async (store: Store, q: string): Promise<string[]> =>
    (await store.search(parseQuery(q), { limit: 100, offset: 0, sort: 'date' })).items
      .map((i) => i.id)
      .sort();
  const sorted = (items: Item[]): string[] => items.map((i) => i.id).sort();
  const item = (id: string): AnnotationTarget => ({ kind: 'item', key: id });
  const code = (c: InnsynError['code'], pattern: RegExp) => (e: unknown) =>
    e instanceof InnsynError && e.code === c && pattern.test(e.message);
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

  // The seed story in small: DMs from WikiLeaks, two answers, public posts, an email.
  const dm1 = dm(wl, jr, 'a link for you wlsearch.tk', '2016-09-20T23:28:00.000Z');
  const dm2 = dm(wl, jr, 'tax returns please', '2016-10-21T08:00:00.000Z');
  const dm3 = dm(wl, jr, 'leaked emails search', '2016-10-12T12:31:00.000Z');
  const reply = dm(jr, wl, 'off the record what is this', '2016-10-03T15:35:00.000Z');
  const post = makeItem({
    kind: 'post',
    platform: 'x',
    visibility: 'public',
    from: jr,
    to: [],
    subject: null,
    text: 'leaked emails everyone should read',
    sentAt: '2016-10-14T11:00:00.000Z',
  });
  const mail = makeItem({
    from: { platform: 'email', address: 'rob@example.net', name: 'Rob Goldstone' },
    to: [{ platform: 'email', address: 'djtjr@example.org', name: 'Don Jr' }],
    subject: 'Russia - Clinton - private and confidential',
    text: 'the meeting about the emails',
    sentAt: '2016-06-03T14:36:00.000Z',
  });
  const all = [dm1, dm2, dm3, reply, post, mail];

  void describe(`${name}: annotations of one target`, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await write(store, all);
    });
    after(async () => store.close());

    void test('Annotations - tags are added and removed idempotently, folded, with author and time', async () => {
      const empty = await store.getAnnotations(item(post.id));
      assert.deepEqual(empty, { target: { kind: 'item', key: post.id }, tags: [], star: null, note: null });
      const a = await store.annotate(item(post.id.toUpperCase()), { addTags: ['Story', 'ru/trip', 'story'] });
      assert.equal(a.target.key, post.id, 'stored under the full lower-case id');
      assert.deepEqual(
        a.tags.map((t) => t.tag),
        ['ru/trip', 'story'],
      );
      for (const t of a.tags) {
        assert.equal(t.author, null, 'single-user mode: no author');
        assert.match(t.createdAt, ISO);
      }
      const again = await store.annotate(item(post.id), { addTags: ['STORY'] });
      assert.deepEqual(again.tags, a.tags, 'adding a tag that is there changes nothing, not even its time');
      const less = await store.annotate(item(post.id), { removeTags: ['RU/TRIP', 'never-there'] });
      assert.deepEqual(
        less.tags.map((t) => t.tag),
        ['story'],
      );
      const authored = await store.annotate(item(mail.id), { addTags: ['meeting'], author: 'kari' });
      assert.equal(authored.tags[0]?.author, 'kari', 'team mode records who');
      await store.annotate(item(mail.id), { removeTags: ['meeting'] });
    });

    void test('Annotations - bad tag names, notes and unknown targets are refused and nothing is written', async () => {
      for (const bad of [
        '',
        ' ',
        'two words',
        '-dash',
        'a*',
        'x'.repeat(65),
        'tag:x',
        '"q"',
        'line\nbreak',
      ]) {
        await assert.rejects(
          store.annotate(item(dm1.id), { addTags: ['fine', bad] }),
          code('usage', /tag name/),
        );
      }
      assert.deepEqual((await store.getAnnotations(item(dm1.id))).tags, [], '"fine" was not added either');
      await assert.rejects(
        store.annotate(item(dm1.id), { addTags: Array.from({ length: 51 }, (_, i) => `t${i}`) }),
        code('usage', /at most 50/),
      );
      await assert.rejects(
        store.annotate(item(dm1.id), { note: 'x'.repeat(20_001) }),
        code('usage', /at most/),
      );
      await assert.rejects(store.annotate(item(dm1.id), { note: 'bell\u0007' }), code('usage', /control/));
      await assert.rejects(
        store.annotate(item('0'.repeat(32)), { star: true }),
        code('not-found', /no item/),
      );
      await assert.rejects(store.getAnnotations(item('not-an-id')), code('not-found', /no item/));
      await assert.rejects(
        store.annotate({ kind: 'conversation', key: 'no-such-conversation' }, { star: true }),
        code('not-found', /no conversation/),
      );
      await assert.rejects(
        store.annotate({ kind: 'person', key: '@nobody-here' }, { star: true }),
        code('not-found', /no person/),
      );
      assert.deepEqual(await store.getAnnotations(item(dm1.id)), {
        target: { kind: 'item', key: dm1.id },
        tags: [],
        star: null,
        note: null,
      });
    });

    void test('Annotations - a star and a note: set, kept, changed, taken away', async () => {
      const starred = await store.annotate(item(dm2.id), { star: true });
      assert.match(starred.star?.createdAt ?? '', ISO);
      const twice = await store.annotate(item(dm2.id), { star: true });
      assert.deepEqual(twice.star, starred.star, 'starring twice keeps the first star');
      const noted = await store.annotate(item(dm2.id), { note: 'Ask WikiLeaks about this.\r\nSecond line.' });
      assert.equal(noted.note?.text, 'Ask WikiLeaks about this.\nSecond line.', 'line breaks as \\n');
      assert.equal(noted.note?.createdAt, noted.note?.updatedAt);
      await new Promise((r) => setTimeout(r, 5));
      const changed = await store.annotate(item(dm2.id), {
        note: 'Confirmed by a second source.',
        author: 'ola',
      });
      assert.equal(changed.note?.text, 'Confirmed by a second source.');
      assert.equal(changed.note?.author, 'ola');
      assert.equal(changed.note?.createdAt, noted.note?.createdAt, 'created once');
      assert.ok((changed.note?.updatedAt ?? '') > (noted.note?.createdAt ?? ''), 'updated later');
      assert.deepEqual(changed.star, starred.star, 'the star is left alone by a note change');
      const blank = await store.annotate(item(dm2.id), { note: '   ', star: false });
      assert.deepEqual([blank.note, blank.star], [null, null], 'a blank note deletes it; star false unstars');
      const none = await store.annotate(item(dm2.id), { star: false, note: null });
      assert.deepEqual([none.note, none.star], [null, null], 'taking away what is not there is no error');
    });
  });

  void describe(`${name}: annotations in the query language and in results`, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await write(store, all);
    });
    after(async () => store.close());

    void test('Annotations - a bulk tag covers every match of a query, not one page, and is idempotent', async () => {
      const r = await store.tagMatches(parseQuery('from:wikileaks'), { add: ['wikileaks'], remove: [] });
      assert.deepEqual(r, { matched: 3, added: 3, removed: 0 });
      assert.deepEqual(
        await store.tagMatches(parseQuery('from:wikileaks'), { add: ['WikiLeaks'], remove: [] }),
        {
          matched: 3,
          added: 0,
          removed: 0,
        },
      );
      assert.deepEqual(await ids(store, 'tag:wikileaks'), sorted([dm1, dm2, dm3]));
      assert.deepEqual(
        await ids(store, 'tag:WIKILEAKS'),
        sorted([dm1, dm2, dm3]),
        'tags compare without case',
      );
      // Every match: more than a page of search would return.
      const many = Array.from({ length: 1203 }, (_, i) =>
        makeItem({
          text: `bulk filler number${i}`,
          sentAt: `2017-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
        }),
      );
      const s2 = await open();
      await write(s2, many);
      assert.deepEqual(await s2.tagMatches(parseQuery('filler'), { add: ['bulk', 'b2'], remove: [] }), {
        matched: 1203,
        added: 2406,
        removed: 0,
      });
      assert.equal(
        (await s2.search(parseQuery('tag:bulk'), { limit: 1, offset: 0, sort: 'date' })).total,
        1203,
      );
      assert.deepEqual(await s2.tagMatches(parseQuery('number7'), { add: [], remove: ['bulk'] }), {
        matched: 1,
        added: 0,
        removed: 1,
      });
      assert.equal(
        (await s2.search(parseQuery('tag:bulk'), { limit: 1, offset: 0, sort: 'date' })).total,
        1202,
      );
      assert.deepEqual(await s2.tagMatches(parseQuery('nothingmatchesthis'), { add: ['bulk'], remove: [] }), {
        matched: 0,
        added: 0,
        removed: 0,
      });
      await assert.rejects(s2.tagMatches(null, { add: ['no good'], remove: [] }), code('usage', /tag name/));
      assert.equal((await s2.search(parseQuery('-has:tag'), { limit: 1, offset: 0, sort: 'date' })).total, 0);
      await s2.close();
    });

    void test('Annotations - tag:, -tag:, is:starred, has:note and has:tag combine with text, fields and dates', async () => {
      await store.annotate(item(dm3.id), { star: true, note: 'the search tool' });
      await store.annotate(item(post.id), { addTags: ['published'], star: true });
      await store.annotate(item(mail.id), { note: 'first contact' });
      assert.deepEqual(await ids(store, 'tag:wikileaks tax'), [dm2.id]);
      assert.deepEqual(await ids(store, 'tag:wikileaks date:2016-10'), sorted([dm2, dm3]));
      assert.deepEqual(await ids(store, 'tag:wikileaks -date:2016-10'), [dm1.id]);
      assert.deepEqual(await ids(store, '-tag:wikileaks'), sorted([reply, post, mail]));
      assert.deepEqual(await ids(store, '-tag:wikileaks kind:message'), [reply.id]);
      assert.deepEqual(await ids(store, 'is:starred'), sorted([dm3, post]));
      assert.deepEqual(await ids(store, 'is:starred is:public'), [post.id]);
      assert.deepEqual(await ids(store, 'is:starred leaked emails'), sorted([dm3, post]));
      assert.deepEqual(await ids(store, 'is:starred -leaked'), []);
      assert.deepEqual(await ids(store, 'has:note'), sorted([dm3, mail]));
      assert.deepEqual(await ids(store, 'has:note after:2016-07'), [dm3.id]);
      assert.deepEqual(await ids(store, 'has:note OR tag:published'), sorted([dm3, mail, post]));
      assert.deepEqual(await ids(store, 'has:tag'), sorted([dm1, dm2, dm3, post]));
      assert.deepEqual(await ids(store, '-has:tag -has:note'), [reply.id]);
      assert.deepEqual(await ids(store, 'tag:nosuchtag'), []);
      assert.deepEqual(await ids(store, '(tag:published OR tag:wikileaks) emails'), sorted([dm3, post]));
      // An OR of conditions beside text: the text still holds for both branches.
      assert.deepEqual(await ids(store, '(tag:published OR kind:email) leaked'), [post.id]);
      // Hostile values are values, never SQL.
      for (const v of ["'; DROP TABLE items; --", '\\"', '%', '_', '\u0000', 'WIKILEAKS ']) {
        const r = await store.search(exact('tag', v), { limit: 10, offset: 0, sort: 'date' });
        assert.equal(r.total, v === 'WIKILEAKS ' ? 3 : 0, v);
      }
      assert.equal((await store.stats()).items, all.length);
    });

    void test('Annotations - results and thread views carry tags, star and note marks', async () => {
      const r = await store.search(parseQuery('leaked'), { limit: 10, offset: 0, sort: 'date' });
      const byId = new Map(r.items.map((i) => [i.id, i]));
      assert.deepEqual(
        [byId.get(dm3.id)?.tags, byId.get(dm3.id)?.starred, byId.get(dm3.id)?.hasNote],
        [['wikileaks'], true, true],
      );
      assert.deepEqual(
        [byId.get(post.id)?.tags, byId.get(post.id)?.starred, byId.get(post.id)?.hasNote],
        [['published'], true, false],
      );
      const thread = await store.getThread(dm1.id);
      const marks = new Map(thread?.nodes.map((n) => [n.itemId, [n.summary?.tags, n.summary?.starred]]));
      assert.deepEqual(marks.get(dm3.id), [['wikileaks'], true]);
      assert.deepEqual(marks.get(reply.id), [[], false]);
    });

    void test('Annotations - a conversation tag, star and note reach every item of the conversation', async () => {
      const conv = { kind: 'conversation', key: dm1.conversationId ?? '' } as const;
      const a = await store.annotate(
        { kind: 'conversation', key: (dm1.conversationId ?? '').toUpperCase() },
        { addTags: ['dm-channel'], star: true, note: 'the whole DM channel' },
      );
      assert.deepEqual(a.target, conv, 'stored under the id its items carry');
      assert.deepEqual(await ids(store, 'tag:dm-channel'), sorted([dm1, dm2, dm3, reply]));
      assert.deepEqual(await ids(store, 'tag:dm-channel from:donaldjtrumpjr'), [reply.id]);
      assert.deepEqual(await ids(store, 'is:starred'), sorted([dm1, dm2, dm3, reply, post]));
      const r = await store.search(parseQuery(`id:${reply.id}`), { limit: 1, offset: 0, sort: 'date' });
      assert.deepEqual(
        [r.items[0]?.tags, r.items[0]?.starred, r.items[0]?.hasNote],
        [['dm-channel'], true, true],
      );
      assert.deepEqual(
        (await store.getAnnotations(item(reply.id))).tags,
        [],
        "the item's own annotations stay its own",
      );
      const tags = await store.listTags(null);
      assert.deepEqual(
        tags.map((t) => [t.tag, t.items, t.conversations, t.people]),
        [
          ['dm-channel', 4, 1, 0],
          ['published', 1, 0, 0],
          ['wikileaks', 3, 0, 0],
        ],
      );
      assert.deepEqual(
        (await store.listTags(parseQuery('date:2016-10'))).map((t) => [t.tag, t.items]),
        [
          ['dm-channel', 3],
          ['published', 1],
          ['wikileaks', 2],
        ],
        'counted over the matches of a query',
      );
      await store.annotate(conv, { removeTags: ['dm-channel'], star: false, note: null });
      assert.deepEqual(await ids(store, 'tag:dm-channel'), []);
      assert.deepEqual(await ids(store, 'is:starred'), sorted([dm3, post]));
    });

    void test('Annotations - a write changes the data version (caches of search answers are dropped)', async () => {
      const before = await store.dataVersion();
      await store.annotate(item(reply.id), { addTags: ['answered'] });
      const after = await store.dataVersion();
      assert.notEqual(after, before);
      assert.deepEqual(await ids(store, 'tag:answered'), [reply.id]);
      await store.annotate(item(reply.id), { removeTags: ['answered'] });
      assert.notEqual(await store.dataVersion(), after);
      assert.deepEqual(await ids(store, 'tag:answered'), []);
    });
  });

  void describe(`${name}: annotations of persons`, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await write(store, all);
    });
    after(async () => store.close());

    void test('Annotations - a person is named by any key; its annotations stay with the identity through merge and split', async () => {
      const a = await store.annotate(
        { kind: 'person', key: '@wikileaks' },
        { addTags: ['source'], star: true },
      );
      assert.deepEqual(a.target, { kind: 'person', key: 'x:16589206' });
      const rob = await store.annotate(
        { kind: 'person', key: 'Rob Goldstone' },
        { addTags: ['source', 'publicist'], note: 'set up the meeting' },
      );
      assert.deepEqual(rob.target, { kind: 'person', key: 'email:rob@example.net' });
      assert.deepEqual(
        (await store.listTags(null)).map((t) => [t.tag, t.items, t.people]),
        [
          ['publicist', 0, 1],
          ['source', 0, 2],
        ],
        'person tags do not tag their items',
      );
      assert.deepEqual(await ids(store, 'tag:source'), []);
      const merged = await store.mergePeople('@wikileaks', 'rob@example.net');
      const both = await store.getAnnotations({ kind: 'person', key: merged.key });
      assert.deepEqual(
        both.tags.map((t) => t.tag),
        ['publicist', 'source'],
        'a tag once',
      );
      assert.equal(both.note?.text, 'set up the meeting');
      assert.ok(both.star);
      const unstarred = await store.annotate(
        { kind: 'person', key: merged.key },
        { star: false, removeTags: ['source'] },
      );
      assert.deepEqual([unstarred.star, unstarred.tags.map((t) => t.tag)], [null, ['publicist']]);
      await store.splitIdentity('email:rob@example.net');
      assert.deepEqual(
        (await store.getAnnotations({ kind: 'person', key: 'x:16589206' })).tags,
        [],
        'wikileaks had only "source"',
      );
      assert.deepEqual(
        (await store.getAnnotations({ kind: 'person', key: 'email:rob@example.net' })).tags.map((t) => t.tag),
        ['publicist'],
      );
    });
  });

  void describe(`${name}: annotations are human data`, () => {
    void test('Annotations - they survive a reindex', async () => {
      const store = await open();
      await write(store, all);
      await store.tagMatches(parseQuery('from:wikileaks'), { add: ['wikileaks'], remove: [] });
      await store.annotate(item(post.id), { star: true, note: 'published two days later' });
      await store.annotate({ kind: 'conversation', key: dm1.conversationId ?? '' }, { addTags: ['dm'] });
      const before = await store.exportAnnotations();
      await store.reindex();
      assert.deepEqual(await store.exportAnnotations(), before);
      assert.deepEqual(await ids(store, 'tag:wikileaks'), sorted([dm1, dm2, dm3]));
      assert.deepEqual(await ids(store, 'is:starred has:note'), [post.id]);
      assert.deepEqual(await ids(store, 'tag:dm'), sorted([dm1, dm2, dm3, reply]));
      await store.close();
    });

    void test('Annotations - export, then import into a fresh case of the same inputs gives the same; twice adds nothing', async () => {
      const a = await open();
      await write(a, all);
      await a.tagMatches(parseQuery('from:wikileaks'), { add: ['wikileaks'], remove: [] });
      await a.annotate(item(post.id), { star: true, note: 'published', addTags: ['echo'] });
      await a.annotate({ kind: 'conversation', key: dm1.conversationId ?? '' }, { addTags: ['dm'] });
      await a.annotate({ kind: 'person', key: '@wikileaks' }, { addTags: ['source'], author: 'kari' });
      const exported = await a.exportAnnotations();
      assert.deepEqual(
        exported.map((r) => r.type),
        ['tag', 'tag', 'tag', 'tag', 'tag', 'tag', 'star', 'note'],
      );
      // Only what a JSON file carries.
      const file = JSON.parse(JSON.stringify(exported)) as typeof exported;
      const b = await open();
      // The same inputs, written in another order: rowids differ, ids do not.
      await write(b, [...all].reverse());
      assert.deepEqual(await b.importAnnotations(file), {
        added: 8,
        updated: 0,
        unchanged: 0,
        unknownTargets: 0,
      });
      assert.deepEqual(await b.exportAnnotations(), exported);
      assert.deepEqual(await ids(b, 'tag:wikileaks'), await ids(a, 'tag:wikileaks'));
      assert.deepEqual(await ids(b, 'is:starred'), [post.id]);
      assert.deepEqual(await b.importAnnotations(file), {
        added: 0,
        updated: 0,
        unchanged: 8,
        unknownTargets: 0,
      });
      // A newer note replaces an older one; an older one does not.
      const newer = exported.map((r) =>
        r.type === 'note' ? { ...r, text: 'published, confirmed', updatedAt: '2099-01-01T00:00:00.000Z' } : r,
      );
      assert.deepEqual(await b.importAnnotations(newer), {
        added: 0,
        updated: 1,
        unchanged: 7,
        unknownTargets: 0,
      });
      assert.equal((await b.getAnnotations(item(post.id))).note?.text, 'published, confirmed');
      assert.deepEqual(await b.importAnnotations(file), {
        added: 0,
        updated: 0,
        unchanged: 8,
        unknownTargets: 0,
      });
      assert.equal((await b.getAnnotations(item(post.id))).note?.text, 'published, confirmed');
      await a.close();
      await b.close();
    });

    void test('Annotations - an import naming items the case lacks keeps them for when they come; a bad one writes nothing', async () => {
      const c = await open();
      await write(c, [dm1]);
      const late = dm2.id;
      const r = await c.importAnnotations([
        {
          type: 'tag',
          target: 'item',
          key: dm1.id,
          tag: 'here',
          author: null,
          createdAt: '2024-01-01T00:00:00.000Z',
        },
        {
          type: 'tag',
          target: 'item',
          key: late,
          tag: 'later',
          author: null,
          createdAt: '2024-01-01T00:00:00.000Z',
        },
        { type: 'star', target: 'person', key: 'x:999', author: null, createdAt: '2024-01-01T00:00:00.000Z' },
      ]);
      assert.deepEqual(r, { added: 3, updated: 0, unchanged: 0, unknownTargets: 2 });
      assert.deepEqual(await ids(c, 'tag:later'), []);
      await write(c, [dm2]);
      assert.deepEqual(await ids(c, 'tag:later'), [late], 'applied once the item is ingested');
      const before = await c.exportAnnotations();
      await assert.rejects(
        c.importAnnotations([
          {
            type: 'tag',
            target: 'item',
            key: dm1.id,
            tag: 'fine',
            author: null,
            createdAt: '2024-01-01T00:00:00.000Z',
          },
          {
            type: 'tag',
            target: 'item',
            key: dm1.id,
            tag: 'not fine',
            author: null,
            createdAt: '2024-01-01T00:00:00.000Z',
          },
        ]),
        code('usage', /annotation 1: "tag"/),
      );
      assert.deepEqual(await c.exportAnnotations(), before, 'nothing of the bad import was written');
      await c.close();
    });
  });

  void describe(`${name}: saved searches and batch search`, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await write(store, all);
    });
    after(async () => store.close());

    void test('Saved searches - saved, replaced by name (any case), listed by name, deleted; they survive a reindex', async () => {
      assert.deepEqual(await store.listSavedSearches(), []);
      const a = await store.saveSearch('  WikiLeaks DMs ', 'from:wikileaks kind:message');
      assert.deepEqual([a.name, a.query, a.author], ['WikiLeaks DMs', 'from:wikileaks kind:message', null]);
      assert.match(a.createdAt, ISO);
      await new Promise((r) => setTimeout(r, 5));
      const b = await store.saveSearch('wikileaks dms', 'from:wikileaks', { author: 'kari' });
      assert.deepEqual(
        [b.name, b.query, b.author, b.createdAt],
        ['wikileaks dms', 'from:wikileaks', 'kari', a.createdAt],
      );
      assert.ok(b.updatedAt > a.updatedAt);
      await store.saveSearch('Answers', 'from:donaldjtrumpjr kind:message');
      await store.reindex();
      assert.deepEqual(
        (await store.listSavedSearches()).map((x) => [x.name, x.query]),
        [
          ['Answers', 'from:donaldjtrumpjr kind:message'],
          ['wikileaks dms', 'from:wikileaks'],
        ],
      );
      await assert.rejects(store.saveSearch('broken', 'from:"unclosed'), code('bad-query', /unclosed quote/));
      await assert.rejects(store.saveSearch('', 'x'), code('usage', /name/));
      await assert.rejects(store.saveSearch('blank', '   '), code('usage', /needs a query/));
      assert.equal(await store.deleteSavedSearch('ANSWERS'), true);
      assert.equal(await store.deleteSavedSearch('answers'), false);
      assert.deepEqual(
        (await store.listSavedSearches()).map((x) => x.name),
        ['wikileaks dms'],
      );
    });

    void test('Batch search - each term with the filter: hits, first and last date; bad terms say why and the rest go on', async () => {
      const r = await runBatchSearch(
        store,
        [
          'wikileaks',
          'leaked emails',
          ' ',
          'leaked emails',
          'goldstone',
          'nobody-here',
          'from:"open',
          '–',
          '"tax returns"',
        ],
        {},
      );
      assert.deepEqual(
        r.rows.map((x) => [x.term, x.hits, x.first, x.last, x.error === null]),
        [
          ['wikileaks', 4, dm1.sentAt, dm2.sentAt, true], // the DMs from it and the one to it
          ['leaked emails', 2, dm3.sentAt, post.sentAt, true],
          ['goldstone', 1, mail.sentAt, mail.sentAt, true],
          ['nobody-here', 0, null, null, true],
          ['from:"open', null, null, null, false],
          ['–', null, null, null, false],
          ['"tax returns"', 1, dm2.sentAt, dm2.sentAt, true],
        ],
      );
      assert.match(r.rows[4]?.error ?? '', /unclosed quote starting at column 6/);
      const filtered = await runBatchSearch(store, ['wikileaks', 'leaked emails'], {
        filter: 'kind:message OR is:public',
      });
      assert.deepEqual(
        filtered.rows.map((x) => [x.query, x.hits]),
        [
          ['(wikileaks) (kind:message OR is:public)', 4],
          ['(leaked emails) (kind:message OR is:public)', 2],
        ],
      );
      const dated = await runBatchSearch(store, ['wikileaks', 'leaked'], { filter: 'date:2016-10' });
      assert.deepEqual(
        dated.rows.map((x) => x.hits),
        [3, 2],
      );
      // Exact: each line one phrase, whatever it holds.
      const exact = await runBatchSearch(store, ['leaked emails', 'emails leaked', '-tax OR returns'], {
        exact: true,
      });
      assert.deepEqual(
        exact.rows.map((x) => [x.query, x.hits]),
        [
          ['"leaked emails"', 2],
          ['"emails leaked"', 0],
          ['"-tax OR returns"', 0],
        ],
      );
      await assert.rejects(
        runBatchSearch(store, ['x'], { filter: 'date:nonsense' }),
        code('bad-query', /^the filter: /),
      );
      await assert.rejects(runBatchSearch(store, [' ', ''], {}), code('usage', /no terms/));
      await assert.rejects(
        runBatchSearch(
          store,
          Array.from({ length: 2001 }, (_, i) => `t${i}`),
        ),
        code('usage', /at most 2000/),
      );
    });
  });
}
