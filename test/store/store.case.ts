import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { InnsynError, snippetForDisplay } from '../../src/model/index.js';
import type { Item } from '../../src/model/index.js';
import type { QueryNode } from '../../src/query/ast.js';
import { parseQuery } from '../../src/query/index.js';
import type { AttachmentText, SearchOptions, Store, ThreadView } from '../../src/store/index.js';
import { MAX_THREAD_NODES, quarantinePlace } from '../../src/store/index.js';
import {
  and,
  dateRange,
  exact,
  flag,
  hexId,
  location,
  makeItem,
  not,
  or,
  person,
  phrase,
  prefix,
  rawOf,
  term,
} from './store-fixtures.js';

/**
 * The behaviour every Store dialect must have, written once (like Hono's common.case.test.ts):
 * test/store/sqlite.test.ts runs it on SQLite, the PostgreSQL dialect will run it on a real
 * server. Only the Store interface is used here, never SQL.
 */
export function runStoreSuite(name: string, open: () => Promise<Store>): void {
  const ids = async (
    store: Store,
    q: QueryNode | null,
    options: Partial<SearchOptions> = {},
  ): Promise<string[]> =>
    (await store.search(q, { limit: 100, offset: 0, sort: 'date', ...options })).items.map((i) => i.id);
  const write = async (store: Store, items: Item[]): Promise<void> => {
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  };
  const sorted = (a: string[]): string[] => [...a].sort();

  void describe(`${name}: writing and reading`, () => {
    let store: Store;
    before(async () => (store = await open()));
    after(async () => store.close());

    void test('Store - an item reads back with every field as written', async () => {
      const item = makeItem({
        kind: 'message',
        platform: 'x',
        visibility: 'public',
        sentAt: '2016-10-12T12:31:05.123Z',
        tzOffset: -240,
        dateSource: 'export',
        from: person('wikileaks', 'WikiLeaks', 'x'),
        to: [person('djtjr', 'Donald Trump Jr.', 'x'), person('other', null, 'x')],
        cc: [person('cc@example.com', 'Cé Cé')],
        bcc: [person('bcc@example.com')],
        subject: 'Økonomi og "sitater"',
        text: 'Line one\nLine two with æøå and emoji 🙂\n> quoted',
        html: '<p>Line one</p>',
        lang: 'no',
        links: ['https://wikileaks.org/podesta-emails/', 'https://t.co/abc'],
        mentions: ['djtjr'],
        attachments: [
          {
            name: 'rapport.pdf',
            contentType: 'application/pdf',
            size: 1234,
            sha256: 'a'.repeat(64),
            disposition: 'attachment',
            contentId: null,
            text: 'attachment text',
          },
          {
            name: null,
            contentType: 'image/png',
            size: 5,
            sha256: 'b'.repeat(64),
            disposition: 'inline',
            contentId: 'img1@x',
            text: null,
          },
        ],
        messageId: 'abc@example.com',
        inReplyTo: 'parent@example.com',
        references: ['root@example.com', 'parent@example.com'],
        conversationId: 'dm-123',
        replyTo: hexId('parent'),
        flags: ['charset-fallback:windows-1252', 'date-ambiguous'],
        location: location('/cases/x-archive.zip', 42, 'data/direct-messages.js'),
      });
      assert.deepEqual(await store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }), [
        'stored',
      ]);
      assert.deepEqual(await store.getItem(item.id), item);
      assert.deepEqual(await store.getLocations(item.id), [item.location]);
    });

    void test('Store - sentAt is returned exactly as given, also when not in canonical form or absent', async () => {
      const odd = makeItem({ sentAt: '2016-10-12T12:31:00Z' });
      const none = makeItem({ sentAt: null, dateSource: 'unknown' });
      await write(store, [odd, none]);
      assert.equal((await store.getItem(odd.id))?.sentAt, '2016-10-12T12:31:00Z');
      assert.equal((await store.getItem(none.id))?.sentAt, null);
    });

    void test('Store - unknown ids give null and empty lists', async () => {
      assert.equal(await store.getItem(hexId('nobody')), null);
      assert.equal(await store.getRaw(hexId('nobody')), null);
      assert.deepEqual(await store.getLocations(hexId('nobody')), []);
      assert.equal(await store.getThread(hexId('nobody')), null);
    });

    void test('Store - a second copy is a duplicate and its location is recorded after the first', async () => {
      const item = makeItem({ location: location('/cases/a.mbox', 0) });
      const copy = { ...item, location: location('/cases/b.mbox', 500) };
      assert.deepEqual(await store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }), [
        'stored',
      ]);
      assert.deepEqual(
        await store.writeBatch({ items: [{ item: copy, raw: rawOf(copy) }], quarantine: [] }),
        ['duplicate'],
      );
      assert.deepEqual(await store.getLocations(item.id), [item.location, copy.location]);
      assert.deepEqual((await store.getItem(item.id))?.location, item.location);
    });

    void test('Store - writing the same batch again adds nothing', async () => {
      const items = [makeItem(), makeItem(), makeItem()];
      const batch = { items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] };
      assert.deepEqual(await store.writeBatch(batch), ['stored', 'stored', 'stored']);
      const before = await store.stats();
      assert.deepEqual(await store.writeBatch(batch), ['duplicate', 'duplicate', 'duplicate']);
      const after = await store.stats();
      assert.equal(after.items, before.items);
      assert.equal(after.locations, before.locations);
      for (const item of items) assert.equal((await store.getLocations(item.id)).length, 1);
    });

    void test('Store - the same item twice in one batch is stored once, then a duplicate', async () => {
      const item = makeItem();
      const results = await store.writeBatch({
        items: [
          { item, raw: rawOf(item) },
          { item: { ...item, location: location('/cases/c.mbox', 9) }, raw: rawOf(item) },
        ],
        quarantine: [],
      });
      assert.deepEqual(results, ['stored', 'duplicate']);
      assert.equal((await store.getLocations(item.id)).length, 2);
    });

    void test('Store - raw bytes come back exactly, every byte value, small and large', async () => {
      const all = new Uint8Array(256 * 4);
      for (let i = 0; i < all.length; i++) all[i] = i % 256;
      const large = new Uint8Array(600_000);
      let x = 7;
      for (let i = 0; i < large.length; i++) large[i] = x = (x * 1103515245 + 12345) & 0xff;
      const a = makeItem();
      const b = makeItem({ text: 'large raw' });
      // A view into a bigger buffer: the store must honour byteOffset and byteLength.
      const padded = new Uint8Array(all.length + 20);
      padded.set(all, 10);
      const view = padded.subarray(10, 10 + all.length);
      await store.writeBatch({
        items: [
          { item: a, raw: view },
          { item: b, raw: large },
        ],
        quarantine: [],
      });
      assert.deepEqual(Buffer.from((await store.getRaw(a.id)) as Uint8Array), Buffer.from(all));
      assert.deepEqual(Buffer.from((await store.getRaw(b.id)) as Uint8Array), Buffer.from(large));
      assert.equal((await store.getItem(b.id))?.text, 'large raw');
    });

    void test('Store - quarantined inputs are kept with reason and bytes, once per location', async () => {
      const bytes = new Uint8Array([0, 1, 2, 255, 254, 13, 10]);
      const q1 = { location: location('/cases/bad.mbox', 0), reason: 'no header block', bytes };
      const q2 = {
        location: location('/cases/bad.zip', 0, 'inner/x.eml'),
        reason: 'truncated',
        bytes: new Uint8Array(0),
      };
      const item = makeItem();
      const batch = { items: [{ item, raw: rawOf(item) }], quarantine: [q1, q2] };
      assert.deepEqual(await store.writeBatch(batch), ['stored', 'quarantined', 'quarantined']);
      assert.deepEqual(await store.writeBatch(batch), ['duplicate', 'quarantined', 'quarantined']);
      const listed = await store.listQuarantine();
      const mine = listed.filter((q) => q.location.path.startsWith('/cases/bad'));
      assert.equal(mine.length, 2);
      const [r1, r2] = mine;
      assert.deepEqual(r1?.location, q1.location);
      assert.equal(r1?.reason, q1.reason);
      assert.deepEqual(Buffer.from(r1?.bytes as Uint8Array), Buffer.from(bytes));
      assert.deepEqual(r2?.location, q2.location);
      assert.equal(r2?.bytes.length, 0);
    });

    void test('Store - an input read again by a newer innsyn: its quarantine entry takes the new reason, and goes once it reads', async () => {
      const bytes = new Uint8Array([1, 2, 3]);
      const place = location('/cases/later.pst', 0, 'Inbox#2097252');
      const other = location('/cases/later.pst', 0, 'Inbox#2097284');
      const q = (reason: string, l = place) => ({ location: l, reason, bytes });
      await store.writeBatch({ items: [], quarantine: [q('node 0 is not in the file'), q('other', other)] });
      // Read again, still unreadable: one entry, with the reason given now (twice in one batch: the last).
      await store.writeBatch({ items: [], quarantine: [q('first try'), q('row 25 names no node')] });
      const later = async () =>
        (await store.listQuarantine()).filter((x) => x.location.path === '/cases/later.pst');
      assert.deepEqual(
        (await later()).map((x) => [x.location.member, x.reason]),
        [
          ['Inbox#2097252', 'row 25 names no node'],
          ['Inbox#2097284', 'other'],
        ],
      );
      // Read again, and it reads: an item at that place, and the entry is gone (the other stays).
      const item = makeItem({ location: place });
      assert.deepEqual(await store.writeBatch({ items: [{ item, raw: rawOf(item) }], quarantine: [] }), [
        'stored',
      ]);
      assert.deepEqual(
        (await later()).map((x) => x.location.member),
        ['Inbox#2097284'],
      );
      // A copy found again (a duplicate) at the other place clears that one too.
      const copy = { ...item, location: other };
      assert.deepEqual(
        await store.writeBatch({ items: [{ item: copy, raw: rawOf(copy) }], quarantine: [] }),
        ['duplicate'],
      );
      assert.deepEqual(await later(), []);
    });

    void test('Store - settling the quarantine of files read again drops their entries at places not kept, and no others', async () => {
      const bytes = new Uint8Array([9]);
      const at = (p: string, offset: number, member: string | null = null) => ({
        location: location(p, offset, member),
        reason: `r ${offset}`,
        bytes,
      });
      await store.writeBatch({
        items: [],
        quarantine: [
          at('/settle/a.pst', 0, 'Inbox#1'),
          at('/settle/a.pst', 0, 'Inbox#2'),
          at('/settle/b.mbox', 40),
          at('/settle/c.mbox', 0),
        ],
      });
      // The files of an input (a file, or a folder) that have entries.
      assert.deepEqual([...(await store.quarantinedPaths('/settle'))].sort(), [
        '/settle/a.pst',
        '/settle/b.mbox',
        '/settle/c.mbox',
      ]);
      assert.deepEqual([...(await store.quarantinedPaths('/settle/a.pst'))], ['/settle/a.pst']);
      assert.deepEqual([...(await store.quarantinedPaths('/sett'))], [], 'a folder, not a prefix of a name');
      const kept = new Set([quarantinePlace({ path: '/settle/a.pst', offset: 0, member: 'Inbox#2' })]);
      assert.equal(
        await store.settleQuarantine(new Set(['/settle/a.pst', '/settle/b.mbox', '/settle/none']), kept),
        2,
      );
      const left = (await store.listQuarantine()).filter((q) => q.location.path.startsWith('/settle/'));
      assert.deepEqual(
        left.map((q) => `${q.location.path}@${q.location.offset}#${q.location.member ?? ''}`).sort(),
        ['/settle/a.pst@0#Inbox#2', '/settle/c.mbox@0#'],
      );
      assert.equal(await store.settleQuarantine(new Set(), new Set()), 0);
      // Nothing kept: every entry of the files read goes (and the suite's store is as it was).
      assert.equal(await store.settleQuarantine(new Set(['/settle/a.pst', '/settle/c.mbox']), new Set()), 2);
      assert.deepEqual(
        (await store.listQuarantine()).filter((q) => q.location.path.startsWith('/settle/')),
        [],
      );
    });

    void test('Store - sources are recorded and updated', async () => {
      assert.equal(await store.getSource('/cases/none.mbox'), null);
      const s = {
        path: '/cases/a.mbox',
        size: 1000,
        mtimeMs: 1700000000123.5,
        state: 'started' as const,
        read: 0,
        stored: 0,
        duplicates: 0,
        quarantined: 0,
      };
      await store.putSource(s);
      assert.deepEqual(await store.getSource(s.path), s);
      const done = { ...s, state: 'complete' as const, read: 10, stored: 8, duplicates: 1, quarantined: 1 };
      await store.putSource(done);
      assert.deepEqual(await store.getSource(s.path), done);
    });

    void test('Store - stats count what was written', async () => {
      const s = await store.stats();
      assert.ok(s.items >= 10);
      assert.equal(
        Object.values(s.byKind).reduce((a, b) => a + b, 0),
        s.items,
      );
      assert.equal(s.byKind.message, 1);
      assert.equal(s.byPlatform.x, 1);
      assert.ok(s.locations > s.items);
      assert.equal(s.quarantined, 2);
      assert.equal(s.sources, 1);
      assert.equal(s.firstDate, '2016-10-12T12:31:00.000Z');
      assert.equal(s.lastDate, '2016-10-12T12:31:05.123Z');
      assert.ok(s.dbBytes > 0);
    });
  });

  void describe(`${name}: search`, () => {
    let store: Store;
    const it = {
      tax: makeItem({
        subject: 'Numbers',
        text: 'He sent the tax returns to the board.',
        sentAt: '2016-01-05T10:00:00.000Z',
      }),
      taxReversed: makeItem({
        subject: 'Other',
        text: 'The returns of tax are late.',
        sentAt: '2016-02-05T10:00:00.000Z',
      }),
      email: makeItem({
        subject: 'Request',
        text: 'Please forward the email.',
        sentAt: '2016-03-05T10:00:00.000Z',
      }),
      emails: makeItem({
        subject: 'Leak',
        text: 'We published the emails today.',
        sentAt: '2016-04-05T10:00:00.000Z',
      }),
      skatt: makeItem({
        lang: 'no',
        subject: 'Skattemeldingen',
        text: 'Skattene ble betalt. Møtet om Økonomi i Tromsø var ærlig.',
        sentAt: '2016-05-05T10:00:00.000Z',
      }),
      budsjett: makeItem({
        lang: 'no',
        subject: 'Budsjettet',
        text: 'Budsjettforslaget kommer.',
        sentAt: '2016-06-05T10:00:00.000Z',
        visibility: 'public',
        kind: 'post',
        platform: 'x',
        from: person('wikileaks', 'WikiLeaks', 'x'),
        to: [],
        links: ['https://wikileaks.org/podesta/1'],
        mentions: ['djtjr'],
      }),
      people: makeItem({
        subject: 'Meeting',
        text: 'See you there.',
        sentAt: '2017-01-05T10:00:00.000Z',
        from: person('john.podesta@gmail.com', 'John Podesta'),
        to: [person('djtjr@gmail.com', 'Donald Trump Jr.')],
        cc: [person('carol@example.com', 'Carol Cc')],
        bcc: [person('bob@example.com', 'Bob Bcc')],
        attachments: [
          {
            name: 'minutes-2016.pdf',
            contentType: 'application/pdf',
            size: 10,
            sha256: 'c'.repeat(64),
            disposition: 'attachment',
            contentId: null,
            text: 'secret appendix',
          },
        ],
      }),
      undated: makeItem({
        subject: 'No date',
        text: 'Budget talk without a date.',
        sentAt: null,
        dateSource: 'unknown',
        lang: null,
      }),
      budgetSubject: makeItem({
        subject: 'Budget budget',
        text: 'Attached.',
        sentAt: '2016-01-01T00:00:00.000Z',
      }),
      budgetBody: makeItem({
        subject: 'Hello',
        text: 'The budget is attached.',
        sentAt: '2016-12-01T00:00:00.000Z',
      }),
      hostile: makeItem({
        subject: 'quotes',
        text: 'He said "hello" and NEAR the {body} field a*b.',
        sentAt: '2016-07-01T00:00:00.000Z',
      }),
    };
    const all = Object.values(it);
    before(async () => {
      store = await open();
      await write(store, all);
    });
    after(async () => store.close());

    void test('Search - no query lists everything, newest first', async () => {
      const got = await ids(store, null);
      assert.equal(got.length, all.length);
      assert.equal(got[0], it.people.id);
      assert.equal(got[got.length - 1], it.undated.id, 'undated items sort last');
    });

    void test('Search - a phrase matches the exact words in order, unstemmed', async () => {
      assert.deepEqual(await ids(store, phrase('tax returns')), [it.tax.id]);
      assert.deepEqual(await ids(store, phrase('tax return')), []);
      assert.deepEqual(
        sorted(await ids(store, and(term('tax'), term('returns')))),
        sorted([it.tax.id, it.taxReversed.id]),
      );
    });

    void test('Search - a word finds its other forms through stems, in both directions', async () => {
      assert.deepEqual(sorted(await ids(store, term('emails'))), sorted([it.email.id, it.emails.id]));
      assert.deepEqual(sorted(await ids(store, term('email'))), sorted([it.email.id, it.emails.id]));
      assert.deepEqual(await ids(store, phrase('emails')), [it.emails.id]);
    });

    void test('Search - Norwegian stems and æ/ø/å folding', async () => {
      assert.deepEqual(await ids(store, term('skatt')), [it.skatt.id]);
      assert.deepEqual(await ids(store, term('skatten')), [it.skatt.id]);
      assert.deepEqual(await ids(store, term('okonomi')), [it.skatt.id]);
      assert.deepEqual(await ids(store, term('Økonomi')), [it.skatt.id]);
      assert.deepEqual(await ids(store, term('tromso')), [it.skatt.id]);
      assert.deepEqual(await ids(store, term('aerlig')), [it.skatt.id]);
      assert.deepEqual(await ids(store, phrase('møtet om økonomi')), [it.skatt.id]);
      assert.deepEqual(await ids(store, term('budsjett')), [it.budsjett.id]);
    });

    void test('Search - a prefix matches the start of unstemmed words', async () => {
      assert.deepEqual(sorted(await ids(store, prefix('budsj'))), sorted([it.budsjett.id]));
      assert.deepEqual(sorted(await ids(store, prefix('Budsjettf'))), [it.budsjett.id]);
      assert.deepEqual(await ids(store, prefix('skattem')), [it.skatt.id]);
      assert.deepEqual(await ids(store, prefix('zzzq')), []);
    });

    void test('Search - fields look only where they say', async () => {
      assert.deepEqual(await ids(store, term('podesta', 'from')), [it.people.id]);
      assert.deepEqual(await ids(store, term('podesta', 'to')), []);
      assert.deepEqual(await ids(store, term('djtjr', 'to')), [it.people.id]);
      assert.deepEqual(await ids(store, phrase('djtjr@gmail.com', 'to')), [it.people.id]);
      assert.deepEqual(await ids(store, term('djtjr@gmail.com', 'to')), [it.people.id]);
      assert.deepEqual(await ids(store, term('carol', 'cc')), [it.people.id]);
      assert.deepEqual(await ids(store, term('bob', 'bcc')), [it.people.id]);
      assert.deepEqual(await ids(store, term('bob', 'cc')), []);
      assert.deepEqual(await ids(store, term('bob', 'participant')), [it.people.id]);
      assert.deepEqual(await ids(store, term('wikileaks', 'from')), [it.budsjett.id]);
      assert.deepEqual(await ids(store, term('minutes', 'filename')), [it.people.id]);
      assert.deepEqual(await ids(store, prefix('minu', 'filename')), [it.people.id]);
      assert.deepEqual(await ids(store, term('podesta', 'link')), [it.budsjett.id]);
      assert.deepEqual(await ids(store, phrase('wikileaks.org/podesta', 'link')), [it.budsjett.id]);
      assert.deepEqual(await ids(store, term('djtjr', 'mention')), [it.budsjett.id]);
      assert.deepEqual(await ids(store, term('meeting', 'subject')), [it.people.id]);
      assert.deepEqual(await ids(store, term('meeting', 'body')), []);
      assert.deepEqual(await ids(store, term('skattemelding', 'subject')), [it.skatt.id], 'subject stems');
      assert.deepEqual(await ids(store, term('skattemeldingen', 'body')), []);
      // Attachment texts are not the message's own text: `attachment:`, or no field.
      assert.deepEqual(await ids(store, term('appendix', 'body')), [], 'attachment text is not body');
      assert.deepEqual(await ids(store, term('appendix', 'attachment')), [it.people.id]);
      assert.deepEqual(await ids(store, term('appendix')), [it.people.id]);
      assert.deepEqual(await ids(store, term('see', 'attachment')), [], 'body text is not attachment');
    });

    void test('Search - AND, OR and parentheses', async () => {
      assert.deepEqual(
        sorted(await ids(store, and(or(term('budget'), term('budsjett')), term('attached')))),
        sorted([it.budgetSubject.id, it.budgetBody.id]),
      );
      assert.deepEqual(
        sorted(await ids(store, or(and(term('tax'), term('board')), term('skatt')))),
        sorted([it.tax.id, it.skatt.id]),
      );
    });

    void test('Search - NOT excludes, alone or beside other parts', async () => {
      assert.deepEqual(await ids(store, and(term('tax'), not(term('board')))), [it.taxReversed.id]);
      const notTax = await ids(store, not(term('tax')));
      assert.equal(notTax.length, all.length - 2);
      assert.ok(!notTax.includes(it.tax.id));
      assert.deepEqual(
        sorted(await ids(store, not(not(term('tax'))))),
        sorted([it.tax.id, it.taxReversed.id]),
      );
      assert.deepEqual(await ids(store, and(not(term('tax')), term('returns'))), []);
      assert.deepEqual(await ids(store, and(exact('lang', 'no'), not(term('skatt')))), [it.budsjett.id]);
      assert.deepEqual(
        sorted(await ids(store, and(not(exact('kind', 'email')), not(term('nothingatall'))))),
        [it.budsjett.id],
      );
    });

    void test('Search - date ranges include from, exclude to; undated items only under NOT', async () => {
      const in2016 = await ids(store, dateRange('2016-01-01T00:00:00.000Z', '2017-01-01T00:00:00.000Z'));
      assert.equal(in2016.length, all.length - 2);
      assert.ok(!in2016.includes(it.undated.id) && !in2016.includes(it.people.id));
      assert.deepEqual(await ids(store, dateRange('2017-01-01T00:00:00.000Z', null)), [it.people.id]);
      assert.deepEqual(await ids(store, dateRange(null, '2016-01-01T00:00:00.000Z')), []);
      assert.deepEqual(await ids(store, dateRange(null, '2016-01-01T00:00:00.001Z')), [it.budgetSubject.id]);
      const notIn2016 = await ids(
        store,
        not(dateRange('2016-01-01T00:00:00.000Z', '2017-01-01T00:00:00.000Z')),
      );
      assert.deepEqual(sorted(notIn2016), sorted([it.people.id, it.undated.id]));
      assert.deepEqual(
        await ids(
          store,
          and(term('budget'), dateRange('2016-06-01T00:00:00.000Z', '2017-01-01T00:00:00.000Z')),
        ),
        [it.budgetBody.id],
      );
    });

    void test('Search - exact fields and flags', async () => {
      assert.deepEqual(await ids(store, exact('kind', 'post')), [it.budsjett.id]);
      assert.deepEqual(await ids(store, exact('kind', 'POST')), [it.budsjett.id]);
      assert.deepEqual(await ids(store, exact('platform', 'x')), [it.budsjett.id]);
      assert.deepEqual(sorted(await ids(store, exact('lang', 'no'))), sorted([it.skatt.id, it.budsjett.id]));
      assert.deepEqual(await ids(store, exact('id', it.tax.id)), [it.tax.id]);
      assert.deepEqual(await ids(store, exact('id', it.tax.id.slice(0, 8).toUpperCase())), [it.tax.id]);
      await assert.rejects(
        store.search(exact('id', 'abc'), { limit: 1, offset: 0, sort: 'date' }),
        (e: unknown) => {
          return e instanceof InnsynError && e.code === 'bad-query' && e.column === 1;
        },
      );
      assert.deepEqual(await ids(store, flag('public')), [it.budsjett.id]);
      assert.equal((await ids(store, flag('private'))).length, all.length - 1);
      assert.deepEqual(await ids(store, flag('attachment')), [it.people.id]);
      assert.deepEqual(await ids(store, flag('link')), [it.budsjett.id]);
      assert.deepEqual(
        sorted(await ids(store, or(exact('kind', 'post'), term('tax', 'subject'), term('skatt')))),
        sorted([it.budsjett.id, it.skatt.id]),
      );
    });

    void test('Search - sort by relevance puts subject matches first; by date either way', async () => {
      const rel = await ids(store, term('budget'), { sort: 'relevance' });
      assert.equal(rel[0], it.budgetSubject.id);
      assert.deepEqual(sorted(rel), sorted([it.budgetSubject.id, it.budgetBody.id, it.undated.id]));
      assert.deepEqual(await ids(store, term('budget'), { sort: 'date' }), [
        it.budgetBody.id,
        it.budgetSubject.id,
        it.undated.id,
      ]);
      assert.deepEqual(await ids(store, term('budget'), { sort: 'date-asc' }), [
        it.budgetSubject.id,
        it.budgetBody.id,
        it.undated.id,
      ]);
      assert.equal((await ids(store, null, { sort: 'relevance' }))[0], it.people.id, 'no text: newest first');
    });

    void test('Search - pages do not overlap and the total is exact on every page', async () => {
      const seen: string[] = [];
      for (let offset = 0; offset < all.length + 3; offset += 3) {
        const page = await store.search(null, { limit: 3, offset, sort: 'date' });
        assert.equal(page.total, all.length);
        seen.push(...page.items.map((i) => i.id));
      }
      assert.deepEqual(seen, await ids(store, null));
      const counted = await store.search(term('tax'), { limit: 0, offset: 0, sort: 'relevance' });
      assert.deepEqual(counted, { total: 2, items: [] });
      const past = await store.search(term('tax'), { limit: 5, offset: 10, sort: 'relevance' });
      assert.deepEqual(past, { total: 2, items: [] });
      await assert.rejects(store.search(null, { limit: -1, offset: 0, sort: 'date' }), InnsynError);
    });

    void test('Search - listMatches lists every match with its date, in the date-asc order of search', async () => {
      for (const q of [null, term('budget'), or(term('tax'), flag('public'))]) {
        const listed: Array<{ id: string; sentAt: string | null }> = [];
        for await (const m of store.listMatches(q)) listed.push(m);
        const page = await store.search(q, { limit: 100, offset: 0, sort: 'date-asc' });
        assert.deepEqual(
          listed,
          page.items.map((i) => ({ id: i.id, sentAt: i.sentAt })),
        );
      }
    });

    void test('Search - summaries carry the item and a snippet marking the query words in the original text', async () => {
      const [s] = (await store.search(term('okonomi'), { limit: 1, offset: 0, sort: 'relevance' })).items;
      assert.ok(s);
      assert.equal(s.id, it.skatt.id);
      assert.equal(s.subject, it.skatt.subject);
      assert.deepEqual(s.from, it.skatt.from);
      assert.deepEqual(s.to, it.skatt.to);
      assert.equal(s.sentAt, it.skatt.sentAt);
      assert.equal(s.hasAttachments, false);
      assert.match(snippetForDisplay(s.snippet), /«Økonomi»/);
      const [e] = (await store.search(term('email'), { limit: 1, offset: 0, sort: 'date' })).items;
      assert.match(snippetForDisplay(e?.snippet ?? ''), /«emails»/);
      const [p] = (await store.search(phrase('tax returns'), { limit: 1, offset: 0, sort: 'date' })).items;
      // A phrase is marked as one, where its words stand in order.
      assert.equal(p?.snippet, 'He sent the \uE000tax returns\uE001 to the board.');
      const [n] = (await store.search(term('podesta', 'from'), { limit: 1, offset: 0, sort: 'date' })).items;
      assert.equal(n?.snippet, 'See you there.', 'field-only queries show the start of the text');
      // The subject's own matches are marked apart, so a hit in the subject alone is seen.
      const [m] = (await store.search(term('meeting'), { limit: 1, offset: 0, sort: 'date' })).items;
      assert.equal(m?.subjectMarked, '\uE000Meeting\uE001');
      assert.equal(m?.snippet, 'See you there.');
      assert.equal(s.subjectMarked, undefined, 'a subject without the words is not repeated');
      const [k] = (await store.search(term('skattemeldinger'), { limit: 1, offset: 0, sort: 'date' })).items;
      assert.equal(k?.subjectMarked, '\uE000Skattemeldingen\uE001', 'in any form the search took');
    });

    void test('Search - user text is never read as FTS or SQL syntax', async () => {
      const hostile = [
        '"',
        '""',
        '"hello',
        'a*b',
        '*',
        'NEAR(',
        'NEAR(a b)',
        '{body}:',
        '{col}: x',
        'body:hello',
        'AND',
        'OR',
        'NOT',
        '^hello',
        "'; DROP TABLE items; --",
        '(',
        ')',
        '-',
        '+',
        ':',
        '\u0000',
      ];
      for (const value of hostile) {
        for (const q of [
          term(value),
          prefix(value),
          phrase(value),
          term(value, 'from'),
          exact('tag', value),
          exact('conversation', value),
        ]) {
          await store.search(q, { limit: 5, offset: 0, sort: 'relevance' });
        }
      }
      assert.deepEqual(sorted(await ids(store, term('"hello'))), sorted([it.hostile.id, it.budgetBody.id]));
      assert.deepEqual(await ids(store, term('near(')), [it.hostile.id]);
      assert.deepEqual(await ids(store, phrase('{body} field')), [it.hostile.id]);
      assert.equal((await store.stats()).items, all.length);
    });

    void test('Search - queries as a reporter types them, through the query parser', async () => {
      const typed = async (q: string): Promise<string[]> => sorted(await ids(store, parseQuery(q)));
      assert.deepEqual(await typed('"tax returns" OR skatt'), sorted([it.tax.id, it.skatt.id]));
      assert.deepEqual(await typed('from:"John Podesta" has:attachment to:djtjr@gmail.com'), [it.people.id]);
      assert.deepEqual(await typed('budget date:2016-01'), [it.budgetSubject.id]);
      assert.deepEqual(await typed('lang:nb'), sorted([it.skatt.id, it.budsjett.id]));
      assert.deepEqual(await typed('-is:private'), [it.budsjett.id]);
      assert.deepEqual(await typed('budsj* OR (tax -board)'), sorted([it.budsjett.id, it.taxReversed.id]));
      assert.deepEqual(await typed(`id:${it.people.id.slice(0, 7)}`), [it.people.id]);
      assert.deepEqual(await typed('"NEAR(" {body}:x'), []);
    });

    void test('Search - a term with nothing searchable in it constrains nothing', async () => {
      assert.deepEqual(await ids(store, and(term('tax'), term('***'))), await ids(store, term('tax')));
      assert.equal((await ids(store, term('--'))).length, all.length);
    });

    void test('Search - deep nesting compiles without overflowing anything', async () => {
      let q: QueryNode = term('tax');
      for (let i = 0; i < 60; i++) q = i % 2 ? and(term('tax'), not(q)) : or(q, exact('lang', 'xx'));
      // 30 negations of "tax" under "tax": true again for the items that have the word.
      const both = sorted([it.tax.id, it.taxReversed.id]);
      assert.deepEqual(sorted(await ids(store, q, { sort: 'relevance' })), both);
      let text: QueryNode = term('tax');
      for (let i = 0; i < 60; i++) text = and(term('returns'), not(text));
      assert.deepEqual(sorted(await ids(store, text, { sort: 'relevance' })), both);
      let tooDeep: QueryNode = term('tax');
      for (let i = 0; i < 1000; i++) tooDeep = not(tooDeep);
      await assert.rejects(store.search(tooDeep, { limit: 5, offset: 0, sort: 'date' }), (e: unknown) => {
        return e instanceof InnsynError && e.code === 'bad-query';
      });
    });

    void test('Search - results survive a reindex unchanged', async () => {
      const queries = [
        term('budget'),
        phrase('tax returns'),
        prefix('budsj'),
        term('skatt'),
        term('djtjr', 'to'),
        not(term('tax')),
      ];
      const beforeIds = await Promise.all(queries.map((q) => ids(store, q, { sort: 'relevance' })));
      const progress: Array<[number, number]> = [];
      await store.reindex((done, total) => progress.push([done, total]));
      assert.deepEqual(progress[progress.length - 1], [all.length, all.length]);
      const afterIds = await Promise.all(queries.map((q) => ids(store, q, { sort: 'relevance' })));
      assert.deepEqual(afterIds, beforeIds);
    });
  });

  void describe(`${name}: threads`, () => {
    let store: Store;
    const root = makeItem({ subject: 'Plan', messageId: 'root@x', sentAt: '2016-01-01T00:00:00.000Z' });
    const reply = makeItem({
      subject: 'Re: Plan',
      messageId: 'reply@x',
      inReplyTo: 'root@x',
      references: ['root@x'],
      sentAt: '2016-01-02T00:00:00.000Z',
    });
    const orphan = makeItem({
      subject: 'Re: Lost',
      messageId: 'orphan@x',
      inReplyTo: 'missing@x',
      references: ['missing@x'],
      sentAt: '2016-01-03T00:00:00.000Z',
    });
    const dm1 = makeItem({
      kind: 'message',
      platform: 'x',
      conversationId: 'conv-1',
      sentAt: '2016-02-02T00:00:00.000Z',
      messageId: null,
    });
    const dm2 = makeItem({
      kind: 'message',
      platform: 'x',
      conversationId: 'conv-1',
      replyTo: dm1.id,
      sentAt: '2016-02-03T00:00:00.000Z',
      messageId: null,
    });
    before(async () => {
      store = await open();
      await write(store, [orphan, reply, root, dm2, dm1]);
    });
    after(async () => store.close());

    void test('Threads - threading input lists every email, by id, with its headers', async () => {
      const inputs = [];
      for await (const t of store.listThreadingInputs()) inputs.push(t);
      assert.deepEqual(
        inputs.map((t) => t.id),
        [root.id, reply.id, orphan.id].sort(),
      );
      const r = inputs.find((t) => t.id === reply.id);
      assert.deepEqual(r, {
        id: reply.id,
        messageId: 'reply@x',
        inReplyTo: 'root@x',
        references: ['root@x'],
        subject: 'Re: Plan',
        sentAt: '2016-01-02T00:00:00.000Z',
      });
    });

    void test('Threads - assignments round-trip, ghosts included, and replace the previous ones', async () => {
      await store.replaceThreads([
        {
          threadId: 'T1',
          nodes: [
            { itemId: root.id, messageId: 'root@x', parentIndex: null, depth: 0 },
            { itemId: reply.id, messageId: 'reply@x', parentIndex: 0, depth: 1 },
          ],
        },
        {
          threadId: 'T2',
          nodes: [
            { itemId: null, messageId: 'missing@x', parentIndex: null, depth: 0 },
            { itemId: orphan.id, messageId: 'orphan@x', parentIndex: 0, depth: 1 },
          ],
        },
      ]);
      const t1 = await store.getThread(reply.id);
      assert.equal(t1?.threadId, 'T1');
      assert.deepEqual(
        t1?.nodes.map((n) => [n.itemId, n.messageId, n.parentIndex, n.depth, n.summary?.id ?? null]),
        [
          [root.id, 'root@x', null, 0, root.id],
          [reply.id, 'reply@x', 0, 1, reply.id],
        ],
      );
      assert.equal(t1?.nodes[1]?.summary?.conversationId, 'T1');
      const t2 = await store.getThread(orphan.id);
      assert.deepEqual(
        t2?.nodes.map((n) => [n.itemId, n.messageId, n.summary]),
        [
          [null, 'missing@x', null],
          [orphan.id, 'orphan@x', t2?.nodes[1]?.summary],
        ],
      );
      assert.equal((await store.getItem(reply.id))?.conversationId, 'T1');
      assert.equal((await store.getItem(reply.id))?.replyTo, root.id);
      assert.equal((await store.getItem(orphan.id))?.replyTo, null, 'a ghost parent is not an item');
      assert.deepEqual(sorted(await ids(store, exact('thread', 'T1'))), sorted([root.id, reply.id]));
      assert.deepEqual(sorted(await ids(store, exact('conversation', 't1'))), sorted([root.id, reply.id]));
      assert.equal((await store.stats()).threads, 2);

      await store.replaceThreads([
        {
          threadId: 'T9',
          nodes: [
            { itemId: root.id, messageId: 'root@x', parentIndex: null, depth: 0 },
            { itemId: reply.id, messageId: 'reply@x', parentIndex: 0, depth: 1 },
            { itemId: orphan.id, messageId: 'orphan@x', parentIndex: 0, depth: 1 },
          ],
        },
      ]);
      assert.deepEqual(await ids(store, exact('thread', 'T1')), []);
      assert.equal((await store.getThread(orphan.id))?.nodes.length, 3);
      assert.equal((await store.getItem(orphan.id))?.replyTo, root.id);
      assert.equal((await store.stats()).threads, 1);
      // The same thread id with one node moved: only what changed is rewritten, and it is.
      const t9 = (moved: boolean) => [
        {
          threadId: 'T9',
          nodes: [
            { itemId: root.id, messageId: 'root@x', parentIndex: null, depth: 0 },
            { itemId: reply.id, messageId: 'reply@x', parentIndex: 0, depth: 1 },
            { itemId: orphan.id, messageId: 'orphan@x', parentIndex: moved ? 1 : 0, depth: moved ? 2 : 1 },
          ],
        },
      ];
      await store.replaceThreads(t9(false));
      assert.equal((await store.getItem(orphan.id))?.replyTo, root.id);
      await store.replaceThreads(t9(true));
      assert.equal((await store.getItem(orphan.id))?.replyTo, reply.id);
      assert.equal((await store.getItem(reply.id))?.replyTo, root.id);
      assert.deepEqual(
        (await store.getThread(root.id))?.nodes.map((n) => [n.itemId, n.parentIndex, n.depth]),
        [
          [root.id, null, 0],
          [reply.id, 0, 1],
          [orphan.id, 1, 2],
        ],
      );
      await store.replaceThreads([]);
      assert.equal((await store.getItem(orphan.id))?.conversationId, null);
      assert.equal((await store.getThread(orphan.id))?.nodes.length, 1);
    });

    void test('Threads - a case with more emails than one page of assignments is threaded and cleared whole', async () => {
      // The stores read and compare thread assignments in pages (1,000 rows in SQLite): every
      // email past the first page must be threaded too, and cleared when its thread goes.
      const s = await open();
      try {
        const many = Array.from({ length: 2_345 }, (_, k) =>
          makeItem({ seed: `paged-${k}`, messageId: `paged-${k}@x`, subject: `Paged ${k}` }),
        );
        for (let k = 0; k < many.length; k += 500) await write(s, many.slice(k, k + 500));
        const root = many[0]!;
        await s.replaceThreads([
          {
            threadId: 'PAGED',
            nodes: many.map((m, k) => ({
              itemId: m.id,
              messageId: m.messageId,
              parentIndex: k === 0 ? null : 0,
              depth: k === 0 ? 0 : 1,
            })),
          },
        ]);
        for (const m of [many[999]!, many[1_000]!, many[2_000]!, many.at(-1)!]) {
          const item = await s.getItem(m.id);
          assert.equal(item?.conversationId, 'PAGED', `${m.messageId} is in the thread`);
          assert.equal(item?.replyTo, root.id);
        }
        assert.equal(
          (await s.search(exact('thread', 'PAGED'), { limit: 0, offset: 0, sort: 'date' })).total,
          2_345,
        );
        await s.replaceThreads([]);
        assert.equal(
          (await s.search(exact('thread', 'PAGED'), { limit: 0, offset: 0, sort: 'date' })).total,
          0,
        );
        assert.equal((await s.getItem(many.at(-1)!.id))?.conversationId, null);
        // As many threads of one email each; then all but the last are gone.
        const single = (m: Item, k: number) => ({
          threadId: `S${String(k).padStart(5, '0')}`,
          nodes: [{ itemId: m.id, messageId: m.messageId, parentIndex: null, depth: 0 }],
        });
        await s.replaceThreads(many.map(single));
        assert.equal((await s.stats()).threads, 2_345);
        await s.replaceThreads([single(many.at(-1)!, many.length - 1)]);
        assert.equal((await s.stats()).threads, 1);
        assert.equal((await s.getItem(many.at(-1)!.id))?.conversationId, 'S02344');
        assert.equal((await s.getItem(many[1_500]!.id))?.conversationId, null);
      } finally {
        await s.close();
      }
    });

    void test('Threads - a conversation or thread longer than a view is shown in parts: around the item, or from an offset', async () => {
      const s = await open();
      try {
        // A chat of MAX_THREAD_NODES + 7 messages a minute apart, written newest first, and two
        // undated ones (they come last); the last dated message answers the first.
        const dated = MAX_THREAD_NODES + 5;
        const at = (k: number) => new Date(Date.UTC(2020, 0, 1) + k * 60_000).toISOString();
        const chat: Item[] = [];
        for (let k = 0; k < dated; k++) {
          chat.push(
            makeItem({
              seed: `long-chat-${k}`,
              kind: 'message',
              platform: 'whatsapp',
              conversationId: 'Long-Chat',
              sentAt: at(k),
              messageId: null,
              replyTo: k === dated - 1 ? hexId('long-chat-0') : null,
              text: `line ${k}`,
            }),
          );
        }
        for (const k of [0, 1]) {
          chat.push(
            makeItem({
              seed: `long-chat-undated-${k}`,
              kind: 'message',
              platform: 'whatsapp',
              conversationId: 'Long-Chat',
              sentAt: null,
              messageId: null,
            }),
          );
        }
        const total = chat.length;
        const order = chat.map((m) => m.id);
        // Undated ones in the order they were stored.
        for (let k = total; k > 0; k -= 1_000)
          await write(s, chat.slice(Math.max(0, k - 1_000), k).reverse());
        const undated = [chat[total - 1]!.id, chat[total - 2]!.id];
        const expected = [...order.slice(0, dated), ...undated];
        const ids = (v: ThreadView | null) => v?.nodes.map((n) => n.itemId) ?? [];

        const first = await s.getThread(chat[3]!.id);
        assert.deepEqual(first?.part, { offset: 0, total });
        assert.deepEqual(ids(first), expected.slice(0, MAX_THREAD_NODES));
        assert.equal(first?.threadId, 'Long-Chat');

        // A message past the first part: the part around it holds it, in its middle where it can.
        const late = await s.getThread(chat[dated - 1]!.id);
        assert.deepEqual(late?.part, { offset: total - MAX_THREAD_NODES, total });
        assert.deepEqual(ids(late), expected.slice(total - MAX_THREAD_NODES));
        const answer = late!.nodes.find((n) => n.itemId === chat[dated - 1]!.id);
        assert.equal(answer?.parentIndex, null, 'the message it answers is in another part');
        assert.equal(answer?.depth, 0);
        const middle = await s.getThread(chat[MAX_THREAD_NODES / 2 + 4]!.id);
        assert.deepEqual(middle?.part, { offset: 4, total });
        assert.equal(middle?.nodes[MAX_THREAD_NODES / 2]?.itemId, chat[MAX_THREAD_NODES / 2 + 4]!.id);

        // From an offset, whichever member is asked with; past the end, the last part.
        const fromOffset = await s.getThread(chat[0]!.id, { offset: 3 });
        assert.deepEqual(fromOffset?.part, { offset: 3, total });
        assert.deepEqual(ids(fromOffset), expected.slice(3, 3 + MAX_THREAD_NODES));
        assert.deepEqual((await s.getThread(chat[0]!.id, { offset: 10 ** 9 }))?.part, {
          offset: total - MAX_THREAD_NODES,
          total,
        });
        await assert.rejects(s.getThread(chat[0]!.id, { offset: -1 }), /offset/);

        // An email thread of more nodes than a view (ghosts between): parts likewise, parent
        // indexes into the part.
        const top = makeItem({ seed: 'long-thread-root', messageId: 'long-root@x' });
        const tail = makeItem({ seed: 'long-thread-tail', messageId: 'long-tail@x' });
        await write(s, [top, tail]);
        const nodes = [
          { itemId: top.id, messageId: 'long-root@x', parentIndex: null, depth: 0 },
          ...Array.from({ length: MAX_THREAD_NODES + 1 }, (_, k) => ({
            itemId: null,
            messageId: `ghost-${k}@x`,
            parentIndex: k === 0 ? 0 : k,
            depth: 1,
          })),
          { itemId: tail.id, messageId: 'long-tail@x', parentIndex: MAX_THREAD_NODES + 1, depth: 2 },
        ];
        await s.replaceThreads([{ threadId: 'LONG', nodes }]);
        const head = await s.getThread(top.id);
        assert.deepEqual(head?.part, { offset: 0, total: nodes.length });
        assert.equal(head?.nodes.length, MAX_THREAD_NODES);
        assert.equal(head?.nodes[2]?.parentIndex, 1);
        const end = await s.getThread(tail.id);
        const offset = nodes.length - MAX_THREAD_NODES;
        assert.deepEqual(end?.part, { offset, total: nodes.length });
        assert.equal(end?.nodes.at(-1)?.itemId, tail.id);
        assert.equal(end?.nodes.at(-1)?.parentIndex, MAX_THREAD_NODES + 1 - offset);
        assert.equal(end?.nodes[0]?.parentIndex, null, 'its parent is in the first part');
        // A thread that fits has no part.
        assert.equal((await s.getThread(tail.id, { offset: 0 }))?.nodes[0]?.itemId, top.id);
        await s.replaceThreads([]);
        assert.equal((await s.getThread(tail.id))?.part, undefined);
      } finally {
        await s.close();
      }
    });

    void test('Threads - given in any order, stale threads go and the others stay', async () => {
      const s = await open();
      try {
        const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((k) =>
          makeItem({ seed: `order-${k}`, messageId: `${k}@order`, subject: `Order ${k}` }),
        ) as [Item, Item, Item, Item];
        await write(s, [a, b, c, d]);
        const one = (threadId: string, m: Item) => ({
          threadId,
          nodes: [{ itemId: m.id, messageId: m.messageId, parentIndex: null, depth: 0 }],
        });
        const threadOf = async (m: Item) => (await s.getItem(m.id))?.conversationId ?? null;
        await s.replaceThreads([one('TA', a), one('TB', b), one('TC', c)]);
        // Out of id order: TC first passes TA and TB, TA comes after it and must still be there.
        await s.replaceThreads([one('TC', c), one('TA', a), one('TD', d)]);
        assert.equal((await s.stats()).threads, 3);
        assert.deepEqual(
          (await s.getThread(a.id))?.nodes.map((n) => n.itemId),
          [a.id],
        );
        assert.deepEqual(await Promise.all([a, b, c, d].map(threadOf)), ['TA', null, 'TC', 'TD']);
        await s.replaceThreads([one('TB', b)]);
        assert.equal((await s.stats()).threads, 1);
        assert.deepEqual(await Promise.all([a, b, c, d].map(threadOf)), [null, 'TB', null, null]);
      } finally {
        await s.close();
      }
    });

    void test('Threads - a conversation from the export reads in date order, replies under their parent', async () => {
      const view = await store.getThread(dm1.id);
      assert.equal(view?.threadId, 'conv-1');
      assert.deepEqual(
        view?.nodes.map((n) => [n.itemId, n.parentIndex, n.depth]),
        [
          [dm1.id, null, 0],
          [dm2.id, 0, 1],
        ],
      );
      assert.equal(
        (await store.getItem(dm2.id))?.conversationId,
        'conv-1',
        'replaceThreads leaves export conversations alone',
      );
    });
  });
  void describe(`${name}: facets, histogram, attachments, sources`, () => {
    let store: Store;
    const pdf = 'c'.repeat(64);
    const png = 'd'.repeat(64);
    const attachment = (sha256: string, name: string | null, contentType: string) => ({
      name,
      contentType,
      size: 10,
      sha256,
      disposition: 'attachment' as const,
      contentId: null,
      text: null,
    });
    const alice = (name: string | null) => person('alice@example.org', name);
    const bob = (name: string | null) => person('bob@example.org', name);
    const a1 = makeItem({
      from: alice('Alice A'),
      to: [bob('Bob'), person('carol@example.org', null)],
      sentAt: '2016-10-12T12:00:00.000Z',
      lang: 'en',
      text: 'the budget',
      attachments: [attachment(pdf, 'budget.pdf', 'application/pdf')],
    });
    const a2 = makeItem({
      from: alice('Alice A'),
      to: [bob('Robert'), bob('Bob')],
      sentAt: '2016-11-01T00:00:00.000Z',
      lang: 'no',
      text: 'budsjett og budget',
    });
    const a3 = makeItem({
      from: alice('alice'),
      to: [bob('Bob')],
      sentAt: '2017-01-05T23:59:59.999Z',
      lang: 'en',
      text: 'other words',
      attachments: [attachment(png, null, 'image/png'), attachment(pdf, 'copy.pdf', 'application/pdf')],
    });
    const a4 = makeItem({
      kind: 'post',
      platform: 'x',
      visibility: 'public',
      from: person('wikileaks', 'WikiLeaks', 'x'),
      to: [],
      sentAt: null,
      lang: null,
      text: 'a public post',
    });
    const a5 = makeItem({
      from: person('"odd (guy)"@example.org', null),
      to: [alice(null)],
      sentAt: '2016-10-20T08:00:00.000Z',
      lang: 'en',
      text: 'quoted sender',
    });
    const bucket = (buckets: Array<{ value: string; count: number }>) =>
      Object.fromEntries(buckets.map((b) => [b.value, b.count]));
    before(async () => {
      store = await open();
      await write(store, [a1, a2, a3, a4, a5]);
    });
    after(async () => store.close());

    void test('Facets - count every match by sender, recipient, date, kind, platform, language, attachment', async () => {
      const f = await store.facets(null, { limit: 50 });
      assert.deepEqual(f.from[0], { value: 'from:alice@example.org', label: 'Alice A', count: 3 });
      assert.deepEqual(bucket(f.from), {
        'from:alice@example.org': 3,
        'from:wikileaks': 1,
        'from:"\\"odd (guy)\\"@example.org"': 1,
      });
      // a2 names bob twice: one item, counted once.
      assert.deepEqual(f.to[0], { value: 'to:bob@example.org', label: 'Bob', count: 3 });
      assert.deepEqual(bucket(f.to), {
        'to:bob@example.org': 3,
        'to:carol@example.org': 1,
        'to:alice@example.org': 1,
      });
      assert.equal(f.to.find((b) => b.value === 'to:carol@example.org')?.label, 'carol@example.org');
      assert.deepEqual(f.year, [
        { value: 'date:2016', label: '2016', count: 3 },
        { value: 'date:2017', label: '2017', count: 1 },
      ]);
      assert.deepEqual(
        f.month.map((b) => [b.value, b.count]),
        [
          ['date:2016-10', 2],
          ['date:2016-11', 1],
          ['date:2017-01', 1],
        ],
      );
      assert.deepEqual(bucket(f.kind), { 'kind:email': 4, 'kind:post': 1 });
      assert.equal(f.kind[0]?.value, 'kind:email', 'largest first');
      assert.deepEqual(bucket(f.platform), { 'platform:email': 4, 'platform:x': 1 });
      assert.deepEqual(bucket(f.lang), { 'lang:en': 3, 'lang:no': 1 });
      assert.deepEqual(bucket(f.hasAttachment), { 'has:attachment': 2, '-has:attachment': 3 });
    });

    void test('Facets - a search after the facets of its query has the same total, and a new match counts at once', async () => {
      // A store may take the total from the matches the facets read (the API asks for facets
      // first); after a write that set is out of date and must not be used.
      const s = await open();
      try {
        const q = term('quarterly');
        const first = Array.from({ length: 5 }, (_, k) => makeItem({ text: `quarterly figures ${k}` }));
        await write(s, [...first, makeItem({ text: 'nothing to see' })]);
        const page = { limit: 2, offset: 0, sort: 'relevance' as const };
        assert.equal((await s.search(q, page)).total, 5);
        await s.facets(q, { limit: 10 });
        await s.histogram(q);
        assert.equal((await s.search(q, page)).total, 5);
        await write(s, [makeItem({ text: 'quarterly again' })]);
        assert.equal((await s.search(q, page)).total, 6);
        assert.equal((await s.facets(q, { limit: 10 })).kind.find((b) => b.value === 'kind:email')?.count, 6);
        assert.equal((await s.search(q, page)).total, 6);
      } finally {
        await s.close();
      }
    });

    void test('Facets - only the matches of the query count, and the limit keeps the largest', async () => {
      const f = await store.facets(term('budget'), { limit: 50 });
      assert.deepEqual(bucket(f.from), { 'from:alice@example.org': 2 });
      assert.deepEqual(bucket(f.hasAttachment), { 'has:attachment': 1, '-has:attachment': 1 });
      const one = await store.facets(null, { limit: 1 });
      assert.deepEqual(bucket(one.from), { 'from:alice@example.org': 3 });
      assert.deepEqual(bucket(one.month), { 'date:2016-10': 2 });
      const none = await store.facets(term('nowhere'), { limit: 10 });
      assert.deepEqual(none.from, []);
      assert.deepEqual(none.hasAttachment, []);
    });

    void test('Facets - each value is a query that selects the items counted', async () => {
      const f = await store.facets(null, { limit: 50 });
      for (const b of [
        ...f.from,
        ...f.year,
        ...f.month,
        ...f.kind,
        ...f.platform,
        ...f.lang,
        ...f.hasAttachment,
      ]) {
        const r = await store.search(parseQuery(b.value), { limit: 100, offset: 0, sort: 'date' });
        assert.equal(r.total, b.count, b.value);
      }
    });

    void test('Facets - bad limits are refused', async () => {
      for (const limit of [0, -1, 1.5, 1e9]) {
        await assert.rejects(
          store.facets(null, { limit }),
          (e: unknown) => e instanceof InnsynError && e.code === 'usage',
        );
      }
    });

    void test('Histogram - contiguous buckets from the first dated match to the last, finest interval that fits', async () => {
      const h = await store.histogram(null);
      assert.equal(h.interval, 'day', '2016-10-12 to 2017-01-05 is 86 days');
      assert.equal(h.buckets.length, 86);
      assert.equal(h.buckets[0]?.start, '2016-10-12T00:00:00.000Z');
      assert.equal(h.buckets.at(-1)?.end, '2017-01-06T00:00:00.000Z');
      for (let i = 1; i < h.buckets.length; i++) assert.equal(h.buckets[i]?.start, h.buckets[i - 1]?.end);
      assert.equal(
        h.buckets.reduce((a, b) => a + b.count, 0),
        4,
      );
      assert.equal(h.undated, 1);
      assert.equal(h.clipped, 0);
      const m = await store.histogram(null, { interval: 'month' });
      assert.deepEqual(
        m.buckets.map((b) => [b.start.slice(0, 7), b.count]),
        [
          ['2016-10', 2],
          ['2016-11', 1],
          ['2016-12', 0],
          ['2017-01', 1],
        ],
      );
      const y = await store.histogram(term('budget'), { interval: 'year' });
      assert.deepEqual(
        y.buckets.map((b) => [b.start, b.end, b.count]),
        [['2016-01-01T00:00:00.000Z', '2017-01-01T00:00:00.000Z', 2]],
      );
      const none = await store.histogram(term('nowhere'));
      assert.deepEqual(none.buckets, []);
      await assert.rejects(
        store.histogram(null, { interval: 'week' as 'day' }),
        (e: unknown) => e instanceof InnsynError && e.code === 'usage',
      );
    });

    void test('Histogram - long spans get coarser intervals; a huge span is clipped and says how much', async () => {
      const old = makeItem({ sentAt: '1990-06-01T00:00:00.000Z', text: 'ancient history' });
      const s = await open();
      try {
        await write(s, [old, a1, a3]);
        assert.equal((await s.histogram(null)).interval, 'year', '27 years is more than 200 months');
        assert.equal((await s.histogram(null)).buckets.length, 28);
        const days = await s.histogram(null, { interval: 'day' });
        assert.equal(days.buckets.length, 1000);
        assert.equal(days.clipped, 1, 'the 1990 item is before the last 1000 days');
        assert.equal(days.buckets.at(-1)?.start, '2017-01-05T00:00:00.000Z');
        assert.equal(
          days.buckets.reduce((a, b) => a + b.count, 0),
          2,
        );
      } finally {
        await s.close();
      }
    });

    void test('Facets and histogram - follow new writes', async () => {
      const s = await open();
      try {
        await write(s, [a1]);
        assert.deepEqual(bucket((await s.facets(null, { limit: 10 })).from), { 'from:alice@example.org': 1 });
        assert.equal((await s.histogram(null)).buckets.length, 1);
        await write(s, [a2, a4]);
        assert.deepEqual(bucket((await s.facets(null, { limit: 10 })).from), {
          'from:alice@example.org': 2,
          'from:wikileaks': 1,
        });
        assert.equal((await s.histogram(null)).undated, 1);
        assert.equal((await s.facets(term('budget'), { limit: 10 })).from[0]?.count, 2);
      } finally {
        await s.close();
      }
    });

    void test('Facets and histogram - a query of dates alone counts what its SQL finds, after writes too', async () => {
      const s = await open();
      const dated = (sentAt: string | null): Item =>
        makeItem({ seed: `dates-alone-${sentAt ?? 'none'}-${Math.random()}`, sentAt });
      const sum = (buckets: Array<{ count: number }>): number => buckets.reduce((t, b) => t + b.count, 0);
      try {
        await write(s, [
          dated('2017-03-31T23:59:59.999Z'),
          dated('2017-04-01T00:00:00.000Z'),
          dated('2017-04-15T12:00:00.000Z'),
          dated('1601-01-01T00:00:00.000Z'),
          dated(null),
        ]);
        await s.facets(null, { limit: 10 }); // the facet index in use, as in a server
        const cases: Array<[string, number]> = [
          ['date:2017-04', 2],
          ['date:2017-03-31', 1],
          ['date:..2017-03', 2],
          ['after:2017-03-31', 2],
          ['date:2017 date:2017-04-15', 1],
          ['date:1601', 1],
          ['date:1000..2999', 4],
        ];
        for (const [q, want] of cases) {
          const ast = parseQuery(q);
          // The same matches through SQL: an AND with a condition every item meets.
          const viaSql = parseQuery(`${q} (has:attachment OR -has:attachment)`);
          assert.equal((await s.search(ast, { limit: 1, offset: 0, sort: 'relevance' })).total, want, q);
          const facets = await s.facets(ast, { limit: 10 });
          assert.equal(sum(facets.hasAttachment), want, `${q}: facets`);
          assert.deepEqual(facets, await s.facets(viaSql, { limit: 10 }), `${q}: facets as SQL finds them`);
          const h = await s.histogram(ast, { interval: 'year' });
          assert.deepEqual(h, await s.histogram(viaSql, { interval: 'year' }), `${q}: histogram`);
        }
        await write(s, [dated('2017-04-20T08:00:00.000Z')]);
        assert.equal(sum((await s.facets(parseQuery('date:2017-04'), { limit: 10 })).hasAttachment), 3);
        assert.equal(
          (await s.search(parseQuery('date:2017-04'), { limit: 1, offset: 0, sort: 'date' })).total,
          3,
        );
      } finally {
        await s.close();
      }
    });

    void test('Attachments - found by sha256: the first item that holds them, with name and type', async () => {
      assert.deepEqual(await store.findAttachment(pdf), {
        itemId: a1.id,
        name: 'budget.pdf',
        contentType: 'application/pdf',
      });
      assert.deepEqual(await store.findAttachment(png.toUpperCase()), {
        itemId: a3.id,
        name: null,
        contentType: 'image/png',
      });
      assert.equal(await store.findAttachment('e'.repeat(64)), null);
      assert.equal(await store.findAttachment('not a hash'), null);
    });

    void test('Sources - listed in path order', async () => {
      const s = (path: string, stored: number) => ({
        path,
        size: 10,
        mtimeMs: 1,
        state: 'complete' as const,
        read: stored,
        stored,
        duplicates: 0,
        quarantined: 0,
      });
      assert.deepEqual(await store.listSources(), []);
      await store.putSource(s('/b.mbox', 2));
      await store.putSource(s('/a.mbox', 1));
      await store.putSource(s('/b.mbox', 3));
      assert.deepEqual(await store.listSources(), [s('/a.mbox', 1), s('/b.mbox', 3)]);
    });

    void test('Store - the data version stays while nothing changes and changes with every write', async () => {
      const s = await open();
      try {
        const v0 = await s.dataVersion();
        await s.search(null, { limit: 5, offset: 0, sort: 'date' });
        await s.facets(null, { limit: 5 });
        assert.equal(await s.dataVersion(), v0);
        await write(s, [a1]);
        const v1 = await s.dataVersion();
        assert.notEqual(v1, v0);
        await s.putSource({
          path: '/x.mbox',
          size: 1,
          mtimeMs: 1,
          state: 'started',
          read: 0,
          stored: 0,
          duplicates: 0,
          quarantined: 0,
        });
        const v2 = await s.dataVersion();
        assert.notEqual(v2, v1);
        await s.replaceThreads([]);
        assert.notEqual(await s.dataVersion(), v2);
      } finally {
        await s.close();
      }
    });

    void test('Facets, histogram and attachments - the same after a reindex', async () => {
      const f = await store.facets(null, { limit: 50 });
      const h = await store.histogram(null);
      await store.reindex();
      assert.deepEqual(await store.facets(null, { limit: 50 }), f);
      assert.deepEqual(await store.histogram(null), h);
      assert.equal((await store.findAttachment(pdf))?.itemId, a1.id);
    });
  });

  void describe(`${name}: attachment texts`, () => {
    let store: Store;
    before(async () => (store = await open()));
    after(async () => store.close());
    const sha = (seed: string): string => createHash('sha256').update(seed).digest('hex');
    const file = (hash: string, name: string | null, contentType: string) => ({
      name,
      contentType,
      size: 1000,
      sha256: hash,
      disposition: 'attachment' as const,
      contentId: null,
      text: null,
    });
    const textRow = (
      hash: string,
      text: string | null,
      extra: Partial<AttachmentText> = {},
    ): AttachmentText => ({
      sha256: hash,
      status: text === null ? 'ocr-needed' : 'text',
      kind: 'pdf',
      type: 'pdf',
      method: text === null ? null : 'text',
      chars: text?.length ?? 0,
      pages: 2,
      ocrPages: null,
      ocrConfidence: null,
      ocr: false,
      lang: 'no',
      flags: text === null ? ['ocr-needed'] : [],
      error: null,
      text,
      ...extra,
    });
    const pdf = sha('budsjett.pdf');
    const scan = sha('scan.pdf');
    const sheet = sha('tall.xlsx');
    const mail = makeItem({
      subject: 'Forslag',
      text: 'The budget is attached.',
      attachments: [
        file(pdf, 'budsjett.pdf', 'application/pdf'),
        file(sheet, 'tall.xlsx', 'application/octet-stream'),
      ],
      sentAt: '2016-03-01T10:00:00.000Z',
    });
    const scanned = makeItem({
      subject: 'Skannet brev',
      text: 'See the letter.',
      from: person('alice@example.org', 'Alice'),
      attachments: [file(scan, 'brev.pdf', 'application/pdf')],
      sentAt: '2016-03-02T10:00:00.000Z',
    });
    const alias = makeItem({
      subject: 'Hello',
      text: 'Nothing attached.',
      from: person('alice@example.org', 'Alice Smith'),
      sentAt: '2016-03-03T10:00:00.000Z',
    });

    before(async () => {
      await store.writeBatch({
        items: [mail, scanned, alias].map((item) => ({ item, raw: rawOf(item) })),
        quarantine: [],
        attachmentTexts: [
          textRow(pdf, 'Møtene i Oslo handler om budsjettene for 2017.'),
          textRow(scan, null),
          textRow(sheet, 'Sheet1\nKvartal\tBeløp', { kind: 'xlsx', type: 'spreadsheet', lang: null }),
        ],
      });
      await store.rebuildPeople();
    });

    void test('Attachment texts - free text finds words in the attachment, AND across body and attachment', async () => {
      assert.deepEqual(await ids(store, term('oslo')), [mail.id]);
      assert.deepEqual(await ids(store, and(term('budget'), term('Oslo'))), [mail.id]);
      assert.deepEqual(await ids(store, parseQuery('budget Oslo')), [mail.id]);
      assert.deepEqual(await ids(store, parseQuery('"i oslo handler"')), [mail.id], 'phrases inside a text');
      assert.deepEqual(await ids(store, parseQuery('osl*')), [mail.id], 'prefixes inside a text');
      // Stemmed in the text's language (Norwegian), whatever the mail's (English).
      assert.deepEqual(await ids(store, parseQuery('møte')), [mail.id]);
      assert.deepEqual(await ids(store, parseQuery('attachment:budsjett')), [mail.id]);
      assert.deepEqual(await ids(store, parseQuery('body:oslo')), []);
      assert.deepEqual(
        await ids(store, parseQuery('attachment:budget')),
        [],
        'the body is not attachment text',
      );
      assert.deepEqual(await ids(store, parseQuery('kvartal')), [mail.id], 'every attachment of the item');
      assert.deepEqual(await ids(store, parseQuery('oslo -attachment:oslo')), []);
    });

    void test('Attachment texts - a hit only in an attachment is shown with its snippet, name and sha256', async () => {
      const r = await store.search(parseQuery('oslo'), { limit: 10, offset: 0, sort: 'relevance' });
      const hit = r.items[0]?.attachmentHit;
      assert.equal(hit?.sha256, pdf);
      assert.equal(hit?.name, 'budsjett.pdf');
      assert.equal(snippetForDisplay(hit?.snippet ?? ''), 'Møtene i «Oslo» handler om budsjettene for 2017.');
      const body = await store.search(parseQuery('budget'), { limit: 10, offset: 0, sort: 'relevance' });
      assert.equal(body.items[0]?.attachmentHit, undefined, 'the body matches: no attachment hit');
    });

    void test('Attachment texts - type: and the type facet, from what the bytes were read as', async () => {
      assert.deepEqual(sorted(await ids(store, parseQuery('type:pdf'))), sorted([mail.id, scanned.id]));
      // Declared application/octet-stream; read as a workbook.
      assert.deepEqual(await ids(store, parseQuery('type:spreadsheet')), [mail.id]);
      assert.deepEqual(await ids(store, parseQuery('type:image')), []);
      const f = await store.facets(null, { limit: 10 });
      assert.deepEqual(f.type, [
        { value: 'type:pdf', label: 'pdf', count: 2 },
        { value: 'type:spreadsheet', label: 'spreadsheet', count: 1 },
      ]);
      const some = await store.facets(parseQuery('budget'), { limit: 10 });
      assert.deepEqual(
        some.type.map((b) => [b.value, b.count]),
        [
          ['type:pdf', 1],
          ['type:spreadsheet', 1],
        ],
      );
    });

    void test('Attachment texts - read back by sha256, with every item that holds the file', async () => {
      const got = await store.getAttachmentTexts([pdf, scan, sha('never read')], true);
      assert.deepEqual([...got.keys()].sort(), [pdf, scan].sort());
      assert.equal(got.get(pdf)?.text, 'Møtene i Oslo handler om budsjettene for 2017.');
      assert.equal(got.get(pdf)?.status, 'text');
      assert.equal(got.get(pdf)?.chars, 46);
      assert.equal(got.get(scan)?.status, 'ocr-needed');
      assert.deepEqual(got.get(scan)?.flags, ['ocr-needed']);
      assert.equal((await store.getAttachmentTexts([pdf], false)).get(pdf)?.text, undefined);
      const copy = makeItem({
        subject: 'Fwd: Forslag',
        text: 'Forwarded.',
        attachments: [file(pdf, 'kopi.pdf', 'application/pdf')],
        sentAt: '2016-04-01T10:00:00.000Z',
      });
      // Not prepared, no text in the batch: the store indexes the text it holds.
      await write(store, [copy]);
      assert.deepEqual(sorted(await ids(store, term('oslo'))), sorted([mail.id, copy.id]));
      const held = await store.listAttachmentHolders(pdf, 10);
      assert.equal(held.total, 2);
      assert.deepEqual(
        held.holders.map((h) => [h.itemId, h.seq, h.name]),
        [
          [mail.id, 0, 'budsjett.pdf'],
          [copy.id, 0, 'kopi.pdf'],
        ],
      );
      assert.deepEqual(held.holders[0]?.locations, [mail.location]);
      assert.equal((await store.listAttachmentHolders(pdf, 1)).holders.length, 1);
      assert.deepEqual(await store.listAttachmentHolders(sha('nothing'), 10), { total: 0, holders: [] });
    });

    void test('Attachment texts - a file read again (OCR) re-indexes the stored items that hold it, person words kept', async () => {
      assert.deepEqual(await ids(store, parseQuery('kommunestyret')), []);
      // The person's other name is in the sender words of both mails (people.case.ts).
      assert.deepEqual(sorted(await ids(store, parseQuery('from:smith'))), sorted([scanned.id, alias.id]));
      // The same mail again (a duplicate) with the file read by OCR this time.
      const results = await store.writeBatch({
        items: [{ item: scanned, raw: rawOf(scanned) }],
        quarantine: [],
        attachmentTexts: [
          textRow(scan, 'Brev til kommunestyret', { method: 'ocr', ocr: true, flags: ['ocr'] }),
        ],
      });
      assert.deepEqual(results, ['duplicate']);
      assert.deepEqual(await ids(store, parseQuery('kommunestyret')), [scanned.id]);
      assert.deepEqual(sorted(await ids(store, parseQuery('from:smith'))), sorted([scanned.id, alias.id]));
      assert.equal((await store.getAttachmentTexts([scan], false)).get(scan)?.method, 'ocr');
    });

    void test('Attachment texts - kept by a reindex', async () => {
      await store.reindex();
      assert.deepEqual(await ids(store, parseQuery('budget oslo')), [mail.id]);
      assert.deepEqual(await ids(store, parseQuery('kommunestyret')), [scanned.id]);
      assert.deepEqual(await ids(store, parseQuery('type:spreadsheet')), [mail.id]);
      assert.equal((await store.getAttachmentTexts([pdf], true)).get(pdf)?.text?.includes('Oslo'), true);
    });
  });

  void describe(`${name}: folders`, () => {
    let store: Store;
    before(async () => (store = await open()));
    after(async () => store.close());

    const inbox = makeItem({
      text: 'folder test one',
      location: location('/leak/john', 0, '.Sent.2016/cur/1:2,S'),
    });
    const takeout = makeItem({
      text: 'folder test two',
      location: {
        ...location('/leak/takeout/All mail Including Spam and Trash.mbox', 0),
        labels: ['Inbox', 'Søppel'],
      },
    });
    const pst = makeItem({
      text: 'folder test three',
      location: location('/leak/backup.pst', 0, 'Top of Outlook data file/Sent Items#2097188'),
    });
    const parent = makeItem({ text: 'folder test parent', location: location('/leak/john', 0, 'cur/2:2,S') });
    const folder = async (q: string): Promise<string[]> =>
      sorted(await ids(store, parseQuery(`${q} folder test`)));

    before(async () => write(store, [inbox, takeout, pst, parent]));

    void test('Folders - folder: finds the words of the place and of the labels, in order, whole or as a prefix', async () => {
      assert.deepEqual(await folder('folder:sent'), sorted([inbox.id, pst.id]));
      assert.deepEqual(await folder('folder:"sent items"'), [pst.id]);
      assert.deepEqual(await folder('folder:"items sent"'), [], 'the words in order');
      assert.deepEqual(await folder('folder:2016'), [inbox.id], 'a Maildir++ sub-folder');
      assert.deepEqual(await folder('folder:inbox'), [takeout.id], 'a label');
      assert.deepEqual(await folder('folder:soppel'), [takeout.id], 'folded as words are');
      assert.deepEqual(await folder('folder:"all mail"'), [takeout.id], 'the mbox file, without .mbox');
      assert.deepEqual(await folder('folder:mbox'), [], 'the extension is not a word of the folder');
      assert.deepEqual(await folder('folder:sen*'), sorted([inbox.id, pst.id]));
      assert.deepEqual(await folder('folder:se'), [], 'whole words unless a prefix');
      assert.deepEqual(await folder('folder:leak'), sorted([inbox.id, takeout.id, pst.id, parent.id]));
      assert.deepEqual(await folder('-folder:sent'), sorted([takeout.id, parent.id]));
      assert.deepEqual(
        await folder('folder:/leak/john'),
        sorted([inbox.id, parent.id]),
        'a folder and its subfolders',
      );
      assert.deepEqual(await folder('folder:inbox OR folder:"sent items"'), sorted([takeout.id, pst.id]));
    });

    void test('Folders - the facet counts each folder with what its query finds, subfolders included; the query is the shortest that finds them', async () => {
      const f = await store.facets(parseQuery('folder test'), { limit: 50 });
      const counts = Object.fromEntries(f.folder.map((b) => [b.value, b.count]));
      assert.deepEqual(counts, {
        'folder:john': 2,
        'folder:Sent/2016': 1,
        'folder:"All mail Including Spam and Trash"': 1,
        'folder:Inbox': 1,
        'folder:Søppel': 1,
        'folder:"Sent Items"': 1,
      });
      assert.equal(f.folder.find((b) => b.value === 'folder:Sent/2016')?.label, 'Sent/2016');
      for (const b of f.folder) {
        const r = await store.search(parseQuery(`${b.value} folder test`), {
          limit: 10,
          offset: 0,
          sort: 'date',
        });
        assert.equal(r.total, b.count, b.value);
      }
    });

    void test('Folders - labels read back with the location; a copy in another folder adds that folder', async () => {
      assert.deepEqual(await store.getLocations(takeout.id), [takeout.location]);
      assert.deepEqual((await store.getItem(takeout.id))?.location, takeout.location);
      assert.deepEqual(await store.getLocations(inbox.id), [inbox.location], 'no labels, no labels key');
      const copy = { ...inbox, location: { ...location('/leak/jane.mbox', 40), labels: ['Important'] } };
      assert.deepEqual(
        await store.writeBatch({ items: [{ item: copy, raw: rawOf(copy) }], quarantine: [] }),
        ['duplicate'],
      );
      assert.deepEqual(await folder('folder:important'), [inbox.id]);
      assert.deepEqual(await folder('folder:jane'), [inbox.id]);
      assert.deepEqual(await folder('folder:2016'), [inbox.id], 'the first copy keeps its folder');
      assert.deepEqual(await store.getLocations(inbox.id), [inbox.location, copy.location]);
      // The facet follows: the new folders count the item, once each.
      const f = await store.facets(parseQuery('folder test'), { limit: 50 });
      const counts = Object.fromEntries(f.folder.map((b) => [b.value, b.count]));
      assert.equal(counts['folder:Important'], 1);
      assert.equal(counts['folder:jane'], 1);
      assert.equal(counts['folder:Sent/2016'], 1);
    });

    void test('Folders - the same after a reindex, search and facet', async () => {
      const before = await store.facets(parseQuery('folder test'), { limit: 50 });
      const sent = await folder('folder:sent');
      await store.reindex();
      assert.deepEqual(await folder('folder:sent'), sent);
      assert.deepEqual((await store.facets(parseQuery('folder test'), { limit: 50 })).folder, before.folder);
    });

    void test('Folders - a copy stored without labels gets them when it is written again with them', async () => {
      const plain = makeItem({ text: 'folder test four', location: location('/leak/old.mbox', 0) });
      await write(store, [plain]);
      const labelled = { ...plain, location: { ...plain.location, labels: ['Starred'] } };
      await write(store, [labelled]);
      assert.deepEqual(await store.getLocations(plain.id), [labelled.location]);
      assert.deepEqual(await folder('folder:starred'), [plain.id]);
      const f = await store.facets(parseQuery('folder:old'), { limit: 50 });
      assert.deepEqual(
        f.folder.map((b) => [b.value, b.count]),
        [
          ['folder:old', 1],
          ['folder:Starred', 1],
        ],
      );
      const stats = await store.stats();
      await write(store, [{ ...plain, location: { ...plain.location, labels: ['Other'] } }]);
      assert.deepEqual(await store.getLocations(plain.id), [labelled.location], 'labels once read stay');
      assert.equal((await store.stats()).locations, stats.locations);
    });
  });
}
