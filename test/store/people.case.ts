import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InnsynError } from '../../src/model/index.js';
import type { Identity, Item } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import type { Person, Store } from '../../src/store/index.js';
import { makeItem, rawOf } from './store-fixtures.js';

/**
 * People (src/store/people.ts) as every Store dialect must do them: automatic joins, the query
 * fields over every identity of a person, merge, split, alias, and edits that survive a reindex
 * and an export/import. Only the Store interface is used. test/store/people.test.ts runs it on
 * SQLite.
 */
export function runPeopleSuite(name: string, open: () => Promise<Store>): void {
  const xid = (address: string, name: string | null = null, handle: string | null = null): Identity => ({
    platform: 'x',
    address,
    name,
    handle,
  });
  const mail = (address: string, name: string | null = null): Identity => ({
    platform: 'email',
    address,
    name,
  });
  const write = async (store: Store, items: Item[]): Promise<void> => {
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  };
  const total = async (store: Store, q: string): Promise<number> =>
    (await store.search(parseQuery(q), { limit: 100, offset: 0, sort: 'date' })).total;
  const ids = async (store: Store, q: string): Promise<string[]> =>
    (await store.search(parseQuery(q), { limit: 100, offset: 0, sort: 'date' })).items
      .map((i) => i.id)
      .sort();
  const keysOf = (p: Person | null): string[] => (p?.identities ?? []).map((i) => i.key);
  const usage = (pattern: RegExp) => (e: unknown) =>
    e instanceof InnsynError && e.code === 'usage' && pattern.test(e.message);

  const jr = xid('39344374', 'Donald Trump Jr.', 'donaldjtrumpjr');
  const dm = (from: Identity, text: string, sentAt: string): Item =>
    makeItem({
      kind: 'message',
      platform: 'x',
      from,
      to: [jr],
      text,
      subject: null,
      sentAt,
      messageId: null,
    });
  const post = (from: Identity, text: string, sentAt: string): Item =>
    makeItem({
      kind: 'post',
      platform: 'x',
      visibility: 'public',
      from,
      to: [],
      text,
      subject: null,
      sentAt,
    });

  // The seed story's people, as the exports name them.
  const wlDm1 = dm(xid('16589206', 'WikiLeaks', 'wikileaks'), 'a link for you', '2016-10-12T12:31:00.000Z');
  const wlDm2 = dm(xid('16589206', 'WikiLeaks', 'wikileaks'), 'tax returns', '2016-10-21T08:00:00.000Z');
  // The same account where the archive could not resolve the id.
  const wlDm3 = dm(xid('16589206'), 'unresolved sender', '2016-11-01T08:00:00.000Z');
  // A post list names the father by handle only; an X archive's DM names him by account id.
  const trumpPost = post(
    xid('realdonaldtrump', 'Donald J. Trump', 'realdonaldtrump'),
    'rigged',
    '2016-10-12T12:46:00.000Z',
  );
  const trumpDm = dm(
    xid('25073877', 'Donald J. Trump', 'RealDonaldTrump'),
    'call me',
    '2016-10-13T10:00:00.000Z',
  );
  // A stranger on another platform with the same handle is someone else.
  const telegramWl = makeItem({
    kind: 'message',
    platform: 'telegram',
    from: { platform: 'telegram', address: 'user777', name: 'WL fan Tromsø', handle: 'wikileaks' },
    to: [],
    text: 'fan mail',
    subject: null,
    sentAt: '2016-12-01T00:00:00.000Z',
  });
  // One mailbox address written in two letter cases, and under two display names.
  const rob1 = makeItem({
    from: mail('rob@example.net', 'Rob Goldstone'),
    to: [mail('djtjr@example.org')],
    text: 'meeting',
    sentAt: '2016-06-03T14:36:00.000Z',
  });
  const rob2 = makeItem({
    from: mail('Rob@Example.net', 'Goldstone, Rob'),
    to: [mail('djtjr@example.org')],
    text: 'again',
    sentAt: '2016-06-07T22:43:00.000Z',
  });
  const robNoName = makeItem({
    from: mail('rob@example.net'),
    to: [mail('djtjr@example.org', 'Don Jr')],
    text: 'third',
    sentAt: '2016-06-08T10:00:00.000Z',
  });
  // A handle two different accounts claim.
  const shared1 = post(xid('111', 'First Holder', 'shared'), 'one', '2017-01-01T00:00:00.000Z');
  const shared2 = post(xid('222', 'Second Holder', 'shared'), 'two', '2017-01-02T00:00:00.000Z');
  const sharedByHandle = post(xid('shared', null, 'shared'), 'three', '2017-01-03T00:00:00.000Z');
  // An account nothing resolves, and a post list that names the same person by handle.
  const anon = dm(xid('999'), 'anonymous source', '2017-02-01T00:00:00.000Z');
  const anonPost = post(
    xid('assange', 'Julian Assange', 'assange'),
    'public words',
    '2017-02-02T00:00:00.000Z',
  );
  const all = [
    wlDm1,
    wlDm2,
    wlDm3,
    trumpPost,
    trumpDm,
    telegramWl,
    rob1,
    rob2,
    robNoName,
    shared1,
    shared2,
    sharedByHandle,
    anon,
    anonPost,
  ];

  void describe(`${name}: people joined automatically`, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await write(store, all);
      await store.rebuildPeople();
    });
    after(async () => store.close());

    void test('People - the same handle on one platform is one person, keyed by its smallest identity key', async () => {
      const p = await store.getPerson('realdonaldtrump');
      assert.equal(p?.key, 'x:25073877');
      assert.deepEqual(keysOf(p), ['x:25073877', 'x:realdonaldtrump']);
      assert.deepEqual(p?.links, [
        { a: 'x:25073877', b: 'x:realdonaldtrump', rule: 'handle', value: 'realdonaldtrump' },
      ]);
      assert.deepEqual(p?.handles, ['realdonaldtrump']);
      assert.equal(p?.name, 'Donald J. Trump');
      assert.deepEqual([p?.sent, p?.received, p?.items], [2, 0, 2]);
      assert.deepEqual([p?.firstDate, p?.lastDate], ['2016-10-12T12:46:00.000Z', '2016-10-13T10:00:00.000Z']);
      // Any identity key, handle or address names it.
      for (const k of ['x:realdonaldtrump', '@RealDonaldTrump', 'X:25073877', '25073877', 'x:25073877']) {
        assert.equal((await store.getPerson(k))?.key, 'x:25073877', k);
      }
      // from: matches the items of every identity of the person.
      assert.deepEqual(await ids(store, 'from:realdonaldtrump'), [trumpPost.id, trumpDm.id].sort());
      assert.deepEqual(await ids(store, 'from:25073877'), [trumpPost.id, trumpDm.id].sort());
    });

    void test('People - the same address in another case is one person; the same handle elsewhere is not', async () => {
      const rob = await store.getPerson('email:rob@example.net');
      assert.deepEqual(keysOf(rob), ['email:Rob@Example.net', 'email:rob@example.net']);
      assert.equal(rob?.links[0]?.rule, 'address');
      assert.deepEqual([rob?.sent, rob?.received], [3, 0]);
      const names = rob?.identities.find((i) => i.key === 'email:rob@example.net')?.names;
      assert.deepEqual(names, [{ name: 'Rob Goldstone', count: 1 }]);
      const wl = await store.getPerson('x:16589206');
      assert.deepEqual(keysOf(wl), ['x:16589206'], 'telegram:user777 with handle wikileaks stays apart');
      // A bare handle that two platforms hold names two people.
      await assert.rejects(
        store.getPerson('@wikileaks'),
        usage(/names 2 people: telegram:user777 \(WL fan Tromsø\), x:16589206 \(WikiLeaks\)/),
      );
    });

    void test('People - every name, handle and address of a person finds every one of its items', async () => {
      // The unresolved DM has neither name nor handle on it; the identity has both elsewhere.
      // (The Telegram fan calls itself wikileaks too: from: is a word match.)
      assert.deepEqual(
        await ids(store, 'from:wikileaks'),
        [wlDm1.id, wlDm2.id, wlDm3.id, telegramWl.id].sort(),
      );
      assert.deepEqual(await ids(store, 'from:wikileaks platform:x'), [wlDm1.id, wlDm2.id, wlDm3.id].sort());
      assert.deepEqual(await ids(store, 'from:"goldstone rob"'), [rob1.id, rob2.id, robNoName.id].sort());
      assert.equal(await total(store, 'participant:goldstone'), 3);
      // Recipients too: the name seen on one item finds the others.
      assert.equal(await total(store, 'to:"don jr"'), 3);
      assert.equal(await total(store, 'from:wikileaks tax'), 1);
    });

    void test('People - a handle that two accounts claim joins nothing and says so', async () => {
      const first = await store.getPerson('x:111');
      assert.deepEqual(keysOf(first), ['x:111']);
      assert.equal(first?.notes.length, 1);
      assert.match(
        first?.notes[0] ?? '',
        /@shared on x is claimed by several accounts \(x:111, x:222, x:shared\)/,
      );
      assert.deepEqual(keysOf(await store.getPerson('x:shared')), ['x:shared']);
      await assert.rejects(store.getPerson('shared'), usage(/names 3 people/));
    });

    void test('People - the list: most items first, filtered by name, handle or address, paged', async () => {
      const everyone = await store.listPeople({ limit: 100, offset: 0 });
      assert.equal(everyone.total, 11);
      const first = everyone.people[0];
      assert.equal(first?.key, 'x:39344374', 'the recipient of every DM has the most items');
      assert.deepEqual([first?.sent, first?.received, first?.items], [0, 5, 5]);
      const counts = everyone.people.map((p) => p.items);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => b - a),
      );
      const page = await store.listPeople({ limit: 2, offset: 1 });
      assert.deepEqual(
        page.people.map((p) => p.key),
        everyone.people.slice(1, 3).map((p) => p.key),
      );
      assert.equal(page.total, 11);
      const trump = await store.listPeople({ query: 'TRUMP', limit: 10, offset: 0 });
      assert.deepEqual(trump.people.map((p) => p.key).sort(), ['x:25073877', 'x:39344374']);
      // Diacritics are folded both ways: Tromso finds Tromsø.
      const folded = await store.listPeople({ query: 'tromso', limit: 10, offset: 0 });
      assert.deepEqual(
        folded.people.map((p) => p.key),
        ['telegram:user777'],
      );
      const byHandle = (await store.listPeople({ query: 'realdonald', limit: 10, offset: 0 })).people;
      assert.deepEqual(
        byHandle.map((p) => [p.key, p.identities, p.identityCount]),
        [['x:25073877', ['x:25073877', 'x:realdonaldtrump'], 2]],
      );
      assert.equal((await store.listPeople({ query: 'nobody-like-this', limit: 10, offset: 0 })).total, 0);
      await assert.rejects(store.listPeople({ limit: 0, offset: 0 }), usage(/limit/));
    });

    void test('People - sender and recipient keys of the pattern analyses are person keys', async () => {
      const items = await store.analysisItems(parseQuery('rigged OR "call me"'), { text: false });
      assert.deepEqual(
        items.map((i) => i.from),
        ['x:25073877', 'x:25073877'],
      );
    });

    void test('People - a second rebuild re-indexes nothing; a new item only when its words need it', async () => {
      assert.equal((await store.rebuildPeople()).refreshed, 0);
      const plain = makeItem({
        from: mail('plain@example.org', 'Plain'),
        to: [],
        text: 'x',
        sentAt: '2018-01-01T00:00:00.000Z',
      });
      await write(store, [plain]);
      assert.equal((await store.rebuildPeople()).refreshed, 0, 'one identity, one name: its own words');
      const more = dm(xid('16589206'), 'one more unresolved', '2018-01-02T00:00:00.000Z');
      await write(store, [more]);
      const r = await store.rebuildPeople();
      assert.equal(r.refreshed, 1, 'only the new item needs the person words');
      assert.ok((await ids(store, 'from:wikileaks')).includes(more.id));
    });
  });

  void describe(`${name}: people of more items than a page`, () => {
    void test('People - every unresolved item past the first thousand gets its person words', async () => {
      const store = await open();
      try {
        await write(store, [wlDm1]);
        await store.rebuildPeople();
        // 2,500 DMs from the same account, unresolved: each needs the person words. The person
        // is unchanged, so the candidates are the items added since, read a page at a time.
        const unresolved = Array.from({ length: 2_500 }, (_, i) =>
          dm(xid('16589206'), `unresolved ${i}`, new Date(Date.UTC(2016, 0, 1) + i * 60_000).toISOString()),
        );
        await write(store, unresolved);
        assert.equal((await store.rebuildPeople()).refreshed, 2_500);
        assert.equal(await total(store, 'wikileaks unresolved'), 2_500);
        assert.equal((await store.rebuildPeople()).refreshed, 0);
        // And when the first rebuild of a case meets them all at once.
        const fresh = await open();
        try {
          await write(fresh, [...unresolved, wlDm1]);
          assert.equal((await fresh.rebuildPeople()).refreshed, 2_500);
          assert.equal(await total(fresh, 'wikileaks unresolved'), 2_500);
        } finally {
          await fresh.close();
        }
      } finally {
        await store.close();
      }
    });
  });

  void describe(`${name}: people edited by hand`, () => {
    let store: Store;
    before(async () => {
      store = await open();
      await write(store, all);
      await store.rebuildPeople();
    });
    after(async () => store.close());

    void test('People - an alias handle makes from: find the identity, and joins by handle', async () => {
      assert.equal(await total(store, 'from:assange'), 1, 'only the post-list item before');
      const p = await store.aliasIdentity('x:999', { handle: '@Assange', name: 'Source A' });
      assert.deepEqual(keysOf(p), ['x:999', 'x:assange']);
      assert.deepEqual(p.links, [{ a: 'x:999', b: 'x:assange', rule: 'handle', value: 'assange' }]);
      assert.equal(p.name, 'Source A');
      assert.deepEqual(p.identities[0]?.aliases, { handles: ['assange'], names: ['Source A'] });
      assert.deepEqual(await ids(store, 'from:assange'), [anon.id, anonPost.id].sort());
      assert.deepEqual(await ids(store, 'from:"source a"'), [anon.id, anonPost.id].sort());
      assert.deepEqual(await ids(store, 'from:"julian assange"'), [anon.id, anonPost.id].sort());
      const edits = await store.exportPeopleEdits();
      assert.deepEqual(
        edits.map((e) => ({ ...e, at: 'T' })),
        [{ op: 'alias', identity: 'x:999', handle: 'assange', name: 'Source A', at: 'T' }],
      );
    });

    void test('People - merge then split restores the persons and the searches', async () => {
      const before = await store.listPeople({ limit: 100, offset: 0 });
      const searches = ['from:wikileaks', 'from:goldstone', 'participant:16589206', 'from:rob@example.net'];
      const counts = await Promise.all(searches.map((q) => total(store, q)));
      const merged = await store.mergePeople('x:16589206', 'rob@example.net');
      assert.deepEqual(keysOf(merged), ['email:Rob@Example.net', 'email:rob@example.net', 'x:16589206']);
      assert.equal(merged.key, 'email:Rob@Example.net');
      assert.equal(merged.links[merged.links.length - 1]?.rule, 'merge');
      assert.equal(await total(store, 'from:goldstone'), 6, 'three mails and three DMs');
      assert.equal(await total(store, 'from:16589206'), 6);
      assert.equal((await store.listPeople({ limit: 100, offset: 0 })).total, before.total - 1);
      const { identity, rest } = await store.splitIdentity('x:16589206');
      assert.deepEqual(keysOf(identity), ['x:16589206']);
      assert.deepEqual(keysOf(rest), ['email:Rob@Example.net', 'email:rob@example.net']);
      assert.deepEqual(await store.listPeople({ limit: 100, offset: 0 }), before);
      assert.deepEqual(await Promise.all(searches.map((q) => total(store, q))), counts);
    });

    void test('People - splitting the identity that held a person together keeps the rest together', async () => {
      // x:25073877 joins x:realdonaldtrump (handle) and, by hand, the father's mailbox.
      await store.mergePeople('x:25073877', 'email:djtjr@example.org');
      const { identity, rest } = await store.splitIdentity('x:25073877');
      assert.deepEqual(keysOf(identity), ['x:25073877']);
      assert.deepEqual(keysOf(rest), ['email:djtjr@example.org', 'x:realdonaldtrump']);
      assert.deepEqual(
        (await store.exportPeopleEdits())
          .slice(-2)
          .map((e) => [e.op, e.identity, e.op === 'merge' ? e.other : null]),
        [
          ['split', 'x:25073877', null],
          ['merge', 'email:djtjr@example.org', 'x:realdonaldtrump'],
        ],
      );
      // It stays out of the automatic rules: its handle joins it to nothing any more.
      await store.rebuildPeople();
      assert.deepEqual(keysOf(await store.getPerson('x:25073877')), ['x:25073877']);
      assert.deepEqual(await ids(store, 'from:25073877'), [trumpDm.id]);
    });

    void test('People - edits that make no sense are refused with what to do, and change nothing', async () => {
      const edits = (await store.exportPeopleEdits()).length;
      await assert.rejects(store.mergePeople('x:16589206', '16589206'), usage(/already one person/));
      await assert.rejects(store.splitIdentity('x:16589206'), usage(/person of its own already/));
      await assert.rejects(
        store.mergePeople('x:16589206', 'x:nobody'),
        (e: unknown) => e instanceof InnsynError && e.code === 'not-found' && /people list/.test(e.message),
      );
      await assert.rejects(store.aliasIdentity('x:16589206', {}), usage(/handle, a name or both/));
      await assert.rejects(
        store.aliasIdentity('x:16589206', { handle: 'two words' }),
        usage(/handle must be/),
      );
      await assert.rejects(store.aliasIdentity('x:16589206', { name: ' ' }), usage(/name must be/));
      await assert.rejects(
        store.aliasIdentity('shared', { name: 'X' }),
        usage(/names 3 identities: x:111, x:222, x:shared; give one identity key/),
      );
      await assert.rejects(store.getPerson(''), usage(/name a person/));
      assert.equal(await store.getPerson('x:nobody'), null);
      assert.equal(await store.getPerson('nobody at all'), null);
      assert.equal((await store.exportPeopleEdits()).length, edits);
    });

    void test('People - edits survive a reindex', async () => {
      const listBefore = await store.listPeople({ limit: 100, offset: 0 });
      const searches = [
        'from:assange',
        'from:"source a"',
        'from:wikileaks',
        'from:realdonaldtrump',
        'to:"don jr"',
      ];
      const idsBefore = await Promise.all(searches.map((q) => ids(store, q)));
      await store.reindex();
      assert.deepEqual(await store.listPeople({ limit: 100, offset: 0 }), listBefore);
      assert.deepEqual(await Promise.all(searches.map((q) => ids(store, q))), idsBefore);
      assert.equal((await store.rebuildPeople()).refreshed, 0, 'the reindex indexed person words already');
    });

    void test('People - exported edits imported into a new case give the same people; twice adds nothing', async () => {
      const edits = await store.exportPeopleEdits();
      const fresh = await open();
      try {
        // Edits first, items later: the edits wait for their identities.
        const early = await fresh.importPeopleEdits(edits);
        assert.deepEqual(early, { added: edits.length, duplicates: 0, unknownIdentities: edits.length });
        await write(fresh, all);
        await fresh.rebuildPeople();
        for (const k of ['x:999', 'x:16589206', 'x:25073877', 'email:djtjr@example.org', 'rob@example.net']) {
          const a = await store.getPerson(k);
          const b = await fresh.getPerson(k);
          assert.deepEqual(b, a, k);
        }
        assert.deepEqual(await fresh.importPeopleEdits(edits), {
          added: 0,
          duplicates: edits.length,
          unknownIdentities: 0,
        });
        assert.deepEqual(await ids(fresh, 'from:assange'), await ids(store, 'from:assange'));
        // A bad edit: nothing of the import is written.
        const bad = [
          { op: 'merge', identity: 'x:1', other: 'x:2', at: '2024-01-01T00:00:00.000Z' },
          { op: 'explode', identity: 'x:1', at: '2024-01-01T00:00:00.000Z' },
        ];
        await assert.rejects(fresh.importPeopleEdits(bad as never), usage(/edit 1: "op" must be/));
        assert.equal((await fresh.exportPeopleEdits()).length, edits.length);
      } finally {
        await fresh.close();
      }
    });
  });

  void describe(`${name}: names that are addresses`, () => {
    void test('People - a display name that is another address stays on its items: to: that address finds no other mail', async () => {
      const store = await open();
      try {
        // A spam's `To: "zzzz@example.com" <yyyy@example.com>`, mail to yyyy@ without a name, and
        // a list's `ILUG Mailing List <ilug@example.ie>` beside mail to the bare list address.
        const spoof = makeItem({ to: [mail('yyyy@example.com', 'zzzz@example.com')], text: 'spam' });
        const plain = makeItem({ to: [mail('yyyy@example.com')], text: 'ordinary' });
        const named = makeItem({ to: [mail('ilug@example.ie', 'ILUG Mailing List')], text: 'one' });
        const bare = makeItem({ to: [mail('ilug@example.ie')], text: 'two' });
        await write(store, [spoof, plain, named, bare]);
        await store.rebuildPeople();
        assert.deepEqual(await ids(store, 'to:zzzz@example.com'), [spoof.id]);
        assert.deepEqual(await ids(store, 'zzzz'), [spoof.id]);
        assert.deepEqual(await ids(store, 'to:yyyy@example.com'), [spoof.id, plain.id].sort());
        // A name that names someone still finds every item of the address.
        assert.deepEqual(await ids(store, 'to:"ilug mailing list"'), [named.id, bare.id].sort());
      } finally {
        await store.close();
      }
    });
  });
}
