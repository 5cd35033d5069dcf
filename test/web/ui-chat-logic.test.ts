/**
 * The chat view's and the labels' pure logic, without a browser: which messages a window
 * draws, where days and sessions begin, who goes on which side, how identities, kinds and
 * titles are written, and how a post's text is cut into runs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Identity, ItemSummary, ThreadView } from '../../web/src/api/api-types.js';
import {
  chatMessages,
  chatModel,
  chatParticipants,
  chatRows,
  extendEarlier,
  extendLater,
  gapParts,
  identityKey,
  isChatThread,
  MAX_RENDERED,
  rightSideKey,
  SESSION_GAP_MS,
  windowAround,
} from '../../web/src/chat/chat-model.js';
import {
  conversationContaining,
  forgetConversations,
  rememberConversation,
  rightSideFor,
  sameOrNew,
} from '../../web/src/chat/conversation-memory.js';
import { en } from '../../web/src/i18n/en.js';
import { nb } from '../../web/src/i18n/nb.js';
import { itemTitle, TITLE_CHARS } from '../../web/src/item/item-title.js';
import { postRuns } from '../../web/src/post/post-text.js';
import { identityFull, identityLabel } from '../../web/src/ui/identity-text.js';
import { kindLabel } from '../../web/src/ui/kind-label.js';

const wl: Identity = { platform: 'x', address: '16589206', name: 'WikiLeaks', handle: 'wikileaks' };
const don: Identity = {
  platform: 'x',
  address: '39344374',
  name: 'Donald Trump Jr.',
  handle: 'donaldjtrumpjr',
};
const ann: Identity = { platform: 'telegram', address: 'user5', name: 'Anabelle', handle: null };

function summary(
  id: string,
  from: Identity,
  to: Identity[],
  sentAt: string | null,
  snippet = id,
): ItemSummary {
  return {
    id,
    kind: 'message',
    platform: from.platform,
    visibility: 'private',
    sentAt,
    from,
    to,
    subject: null,
    snippet,
    conversationId: 'c1',
    hasAttachments: false,
  };
}

function thread(summaries: ItemSummary[], parents: Record<number, number> = {}): ThreadView {
  return {
    threadId: 'c1',
    nodes: summaries.map((s, i) => ({
      itemId: s.id,
      messageId: null,
      parentIndex: parents[i] ?? null,
      depth: parents[i] === undefined ? 0 : 1,
      summary: s,
    })),
  };
}

/** The seed DM's shape: WikiLeaks writes, days pass, Don answers once. */
const dm = thread([
  summary('a', wl, [don], '2016-09-21T03:59:00.000Z'),
  summary('b', don, [wl], '2016-09-21T15:50:00.000Z'),
  summary('c', wl, [don], '2016-10-03T14:20:00.000Z'),
  summary('d', wl, [don], '2016-10-03T14:25:00.000Z'),
  summary('e', don, [wl], '2016-10-03T14:56:00.000Z'),
]);

void describe('UI chat logic - the conversation', () => {
  void test('UI chat logic - messages keep the API order, ghosts are left out, replies point inside', () => {
    const t = thread([summary('a', wl, [don], null), summary('b', don, [wl], null)], { 1: 0 });
    t.nodes.splice(1, 0, { itemId: null, messageId: 'ghost', parentIndex: null, depth: 0, summary: null });
    // The reply's parentIndex counts nodes (ghost included); in messages it must point at 'a'.
    t.nodes[2] = { ...t.nodes[2]!, parentIndex: 0 };
    const m = chatMessages(t);
    assert.deepEqual(
      m.map((x) => [x.index, x.summary.id, x.replyTo]),
      [
        [0, 'a', null],
        [1, 'b', 0],
      ],
    );
    assert.equal(isChatThread(t), true);
    assert.equal(isChatThread(null), false);
    assert.equal(isChatThread(thread([{ ...summary('x', wl, [], null), kind: 'email' }])), false);
  });

  void test('UI chat logic - participants are the conversation own, most messages first, richest identity kept', () => {
    const bare: Identity = { platform: 'x', address: '16589206', name: null, handle: null };
    const p = chatParticipants(
      chatMessages(thread([summary('a', bare, [don], null), summary('b', wl, [don], null)])),
    );
    assert.deepEqual(
      p.map((x) => [x.identity.name, x.sent]),
      [
        ['WikiLeaks', 2],
        ['Donald Trump Jr.', 0],
      ],
    );
    // The same account id in another case (upper case address) is the same person.
    assert.equal(identityKey({ ...wl, address: '16589206' }), identityKey({ ...wl, name: 'WL' }));
    assert.notEqual(identityKey(wl), identityKey({ ...wl, platform: 'telegram' }));
  });

  void test('UI chat logic - the item sender is on the right; without one the first writer is on the left', () => {
    const { messages, participants } = chatModel(dm);
    assert.equal(rightSideKey(participants, messages, don), identityKey(don));
    assert.equal(rightSideKey(participants, messages, null), identityKey(don));
    const group = chatParticipants(chatMessages(thread([summary('a', wl, [don, ann], null)])));
    assert.equal(rightSideKey(group, [], null), null, 'a group without a current item: nobody on the right');
  });

  void test('UI chat logic - rows: a day divider first and at each new UTC day, a session after 30 minutes of silence', () => {
    const { messages } = chatModel(dm);
    const rows = chatRows(
      messages,
      { start: 0, end: messages.length },
      { rightKey: identityKey(don), group: false },
    );
    const shape = rows.map((r) =>
      r.type === 'divider'
        ? `[${r.day ? r.day.slice(0, 10) : ''}${r.gapMs !== null ? ` +${Math.round(r.gapMs / 60_000)}m` : ''}]`
        : `${r.message.summary.id}:${r.side}`,
    );
    assert.deepEqual(shape, [
      '[2016-09-21]',
      'a:start',
      // Same day, but 11 h 51 min of silence: a new session.
      '[ +711m]',
      'b:end',
      '[2016-10-03 +17190m]',
      'c:start',
      // 5 minutes: the same session.
      'd:start',
      // 31 minutes: a new one (the limit is more than 30).
      '[ +31m]',
      'e:end',
    ]);
    assert.equal(SESSION_GAP_MS, 30 * 60_000);
    // A window that starts mid-conversation still names its first day, and measures the gap before it.
    const mid = chatRows(messages, { start: 3, end: 5 }, { rightKey: null, group: true });
    assert.deepEqual(
      mid.map((r) =>
        r.type === 'divider' ? `[${r.day?.slice(0, 10) ?? ''}]` : `${r.message.summary.id}:${r.showSender}`,
      ),
      ['[2016-10-03]', 'd:true', '[]', 'e:true'],
    );
  });

  void test('UI chat logic - undated messages get no day, and no gap is measured across them', () => {
    const m = chatMessages(
      thread([summary('a', wl, [don], null), summary('b', don, [wl], '2016-01-01T00:00:00Z')]),
    );
    const rows = chatRows(m, { start: 0, end: 2 }, { rightKey: null, group: false });
    assert.deepEqual(
      rows.map((r) => r.type),
      ['message', 'divider', 'message'],
    );
  });

  void test('UI chat logic - gaps are written in the two largest units', () => {
    assert.deepEqual(gapParts(31 * 60_000), { days: 0, hours: 0, minutes: 31 });
    assert.deepEqual(gapParts((3 * 60 + 12) * 60_000), { days: 0, hours: 3, minutes: 12 });
    assert.deepEqual(gapParts((2 * 1440 + 3 * 60 + 59) * 60_000), { days: 2, hours: 3, minutes: 0 });
    assert.equal(en.chatGap(2, 3, 0), '2 days 3 h');
    assert.equal(en.chatGap(1, 0, 0), '1 day');
    assert.equal(nb.chatGap(0, 3, 12), '3 t 12 min');
    assert.equal(nb.chatNewSession(nb.chatGap(2, 0, 0)), 'Ny økt etter 2 døgn stillhet');
  });
});

void describe('UI chat logic - the window of a long conversation', () => {
  void test('UI chat logic - the window is centred on the current message and clipped at both ends', () => {
    assert.deepEqual(windowAround(13, 6), { start: 0, end: 13 });
    assert.deepEqual(windowAround(5475, 2700), { start: 2600, end: 2800 });
    assert.deepEqual(windowAround(5475, 3), { start: 0, end: 200 });
    assert.deepEqual(windowAround(5475, 5474), { start: 5275, end: 5475 });
    assert.deepEqual(windowAround(5475, -1), { start: 0, end: 200 });
  });
  void test('UI chat logic - showing more grows the window and lets go of the far end past the limit', () => {
    assert.deepEqual(extendEarlier({ start: 2600, end: 2800 }), { start: 2400, end: 2800 });
    assert.deepEqual(extendEarlier({ start: 100, end: 300 }), { start: 0, end: 300 });
    assert.deepEqual(extendLater({ start: 2600, end: 2800 }, 5475), { start: 2600, end: 3000 });
    assert.deepEqual(extendLater({ start: 5000, end: 5400 }, 5475), { start: 5000, end: 5475 });
    let w = { start: 2600, end: 2800 };
    for (let i = 0; i < 10; i++) w = extendLater(w, 5475);
    assert.equal(w.end - w.start, MAX_RENDERED);
    assert.equal(w.end, 4800);
    for (let i = 0; i < 30; i++) w = extendEarlier(w);
    assert.deepEqual(w, { start: 0, end: MAX_RENDERED });
  });
});

void describe('UI chat logic - memory of the conversation', () => {
  void test('UI chat logic - the remembered conversation is found by any of its items and reused when the same', () => {
    forgetConversations();
    assert.equal(conversationContaining('c'), null);
    rememberConversation(dm);
    assert.equal(conversationContaining('c'), dm);
    assert.equal(conversationContaining('zz'), null);
    const again = structuredClone(dm);
    assert.equal(sameOrNew(again), dm, 'the same messages: the remembered object, so nothing is drawn again');
    const grown = thread([...dm.nodes.map((n) => n.summary!), summary('f', wl, [don], null)]);
    assert.equal(sameOrNew(grown), grown);
  });
  void test('UI chat logic - the side chosen when the conversation was opened is kept while walking through it', () => {
    forgetConversations();
    assert.equal(rightSideFor('c1', identityKey(wl)), identityKey(wl));
    assert.equal(rightSideFor('c1', identityKey(don)), identityKey(wl));
    assert.equal(rightSideFor('c2', null), null);
    assert.equal(rightSideFor('c2', identityKey(don)), identityKey(don));
  });
});

void describe('UI chat logic - labels', () => {
  void test('UI chat logic - kind labels name the platform and what the item is', () => {
    const cases: Array<[Parameters<typeof kindLabel>[0], string, string, string]> = [
      ['email', 'email', 'Email', 'E-post'],
      ['message', 'x', 'X · DM', 'X · DM'],
      ['post', 'x', 'X · post', 'X · innlegg'],
      ['message', 'telegram', 'Telegram', 'Telegram'],
      ['message', 'whatsapp', 'WhatsApp', 'WhatsApp'],
      ['message', 'slack', 'Slack', 'Slack'],
      ['post', 'telegram', 'Telegram · post', 'Telegram · innlegg'],
      ['message', 'myspace', 'myspace · message', 'myspace · melding'],
    ];
    for (const [kind, platform, inEn, inNb] of cases) {
      assert.equal(kindLabel(kind, platform, en), inEn);
      assert.equal(kindLabel(kind, platform, nb), inNb);
    }
  });
  void test('UI chat logic - identities read Name <@handle>, the key alone when the name adds nothing', () => {
    assert.equal(identityFull(wl), 'WikiLeaks <@wikileaks>');
    assert.equal(identityLabel(wl), 'WikiLeaks');
    assert.equal(
      identityFull({ platform: 'x', address: '16589206', name: null, handle: 'wikileaks' }),
      '@wikileaks',
    );
    assert.equal(identityFull({ platform: 'slack', address: 'U1', name: 'jdoe', handle: 'jdoe' }), '@jdoe');
    assert.equal(identityFull({ platform: 'x', address: '16589206', name: null, handle: null }), '16589206');
    assert.equal(identityFull(ann), 'Anabelle <user5>');
    assert.equal(identityFull({ platform: 'email', address: 'a@b.no', name: 'a@b.no' }), 'a@b.no');
  });
  void test('UI chat logic - a chat message or a post is titled by the start of its text, an email by its subject', () => {
    assert.deepEqual(itemTitle({ kind: 'email', subject: ' Re: tax ', text: 'x' }), {
      text: 'Re: tax',
      fromText: false,
    });
    assert.equal(itemTitle({ kind: 'email', subject: null, text: 'words' }), null);
    assert.deepEqual(itemTitle({ kind: 'message', subject: null, text: 'Hi Don,\n\n  the link' }), {
      text: 'Hi Don, the link',
      fromText: true,
    });
    assert.equal(itemTitle({ kind: 'message', subject: null, text: ' \n ' }), null);
    const long = itemTitle({ kind: 'post', subject: null, text: 'word '.repeat(1_000_000) });
    assert.ok(long && long.text.endsWith('…') && Array.from(long.text).length <= TITLE_CHARS + 1, long?.text);
    assert.ok(long.text.startsWith('word word'));
  });
  void test('UI chat logic - post text: links, mentions and tags are runs of their own; an email address is not a mention', () => {
    assert.deepEqual(postRuns('See https://wlsearch.tk/, @wikileaks! #Podesta mail me: a@b.no'), [
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://wlsearch.tk/' },
      { kind: 'text', text: ', ' },
      { kind: 'mention', text: '@wikileaks' },
      { kind: 'text', text: '! ' },
      { kind: 'tag', text: '#Podesta' },
      { kind: 'text', text: ' mail me: a@b.no' },
    ]);
    assert.deepEqual(postRuns('<script>alert(1)</script>'), [
      { kind: 'text', text: '<script>alert(1)</script>' },
    ]);
    assert.deepEqual(postRuns(''), []);
  });
});
