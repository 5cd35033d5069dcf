/**
 * The UI's pure logic, without a browser: how snippets are cut into text and marks, how clicks
 * edit the query, how the URL holds the search state.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rememberedMarks, rememberMarks } from '../../web/src/annotations/marks-cache.js';
import type { SearchResponse } from '../../web/src/api/api-types.js';
import {
  conversationContaining,
  knownRightSide,
  rememberConversation,
  rightSideFor,
} from '../../web/src/chat/conversation-memory.js';
import { langFromNavigator } from '../../web/src/i18n/lang-from-navigator.js';
import { quotedSegments } from '../../web/src/item/quoted-segments.js';
import { pageWindow } from '../../web/src/search/page-window.js';
import {
  addTerm,
  dateTerm,
  hasTerm,
  removeTerm,
  setDateTerm,
  topLevelTokens,
} from '../../web/src/search/query-edit.js';
import {
  cacheAggregates,
  cachedAggregates,
  cachedPage,
  cachePage,
} from '../../web/src/search/search-cache.js';
import { hasRankedWords, readSearchState, searchHref } from '../../web/src/search/search-state.js';
import { currentCollection, setCollection } from '../../web/src/team/collection-state.js';
import { threadNeighbours } from '../../web/src/thread/thread-nav.js';
import { MAX_SNIPPET_CHARS, splitSnippet } from '../../web/src/ui/split-snippet.js';

void describe('UI logic - snippets', () => {
  const m = (s: string) => s.replace(/\[/g, '\uE000').replace(/\]/g, '\uE001');
  void test('UI logic - matches between the markers become marks, the rest stays text, markup included', () => {
    assert.deepEqual(splitSnippet(m('send the [tax] <b>returns</b> [now]')), [
      { text: 'send the ', match: false },
      { text: 'tax', match: true },
      { text: ' <b>returns</b> ', match: false },
      { text: 'now', match: true },
    ]);
  });
  void test('UI logic - guillemets are text; a stray end marker or a start inside a match is dropped', () => {
    assert.deepEqual(splitSnippet(m('a ] «b» [c [ d] e')), [
      { text: 'a  «b» ', match: false },
      { text: 'c  d', match: true },
      { text: ' e', match: false },
    ]);
  });
  void test('UI logic - an oversized snippet is cut', () => {
    const runs = splitSnippet('x'.repeat(MAX_SNIPPET_CHARS * 3));
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.text.length, MAX_SNIPPET_CHARS + 1);
  });
});

void describe('UI logic - query edits', () => {
  void test('UI logic - tokens keep phrases and groups whole', () => {
    assert.deepEqual(topLevelTokens('from:"Rob Goldstone" (a OR b) -x'), [
      'from:"Rob Goldstone"',
      '(a OR b)',
      '-x',
    ]);
  });
  void test('UI logic - a facet term is ANDed, once; a top-level OR is grouped first', () => {
    assert.equal(addTerm('', 'kind:email'), 'kind:email');
    assert.equal(addTerm('tax', 'kind:email'), 'tax kind:email');
    assert.equal(addTerm('tax kind:email', 'kind:email'), 'tax kind:email');
    assert.equal(addTerm('a OR b', 'kind:email'), '(a OR b) kind:email');
    assert.equal(addTerm('(a OR b) c', 'x'), '(a OR b) c x');
    assert.ok(hasTerm('tax from:"Rob Goldstone"', 'from:"Rob Goldstone"'));
    assert.equal(removeTerm('tax kind:email lang:en', 'kind:email'), 'tax lang:en');
  });
  void test('UI logic - a histogram range replaces the date terms', () => {
    assert.equal(
      dateTerm('2016-10-01T00:00:00.000Z', '2016-12-01T00:00:00.000Z', 'month'),
      'date:2016-10..2016-12',
    );
    assert.equal(dateTerm('2016-10-12T00:00:00.000Z', '2016-10-12T00:00:00.000Z', 'day'), 'date:2016-10-12');
    assert.equal(dateTerm('2016-01-01T00:00:00.000Z', '2017-01-01T00:00:00.000Z', 'year'), 'date:2016..2017');
    assert.equal(setDateTerm('tax date:2016 after:2016-02', 'date:2016-10'), 'tax date:2016-10');
    assert.equal(setDateTerm('a OR b', 'date:2016-10'), '(a OR b) date:2016-10');
  });
});

void describe('UI logic - URL state', () => {
  void test('UI logic - defaults are read and left out of URLs', () => {
    assert.deepEqual(readSearchState(new URLSearchParams('')), {
      q: '',
      sort: 'date',
      sortParam: null,
      page: 1,
    });
    assert.deepEqual(readSearchState(new URLSearchParams('q=tax&page=3')), {
      q: 'tax',
      sort: 'relevance',
      sortParam: null,
      page: 3,
    });
    assert.equal(searchHref({ q: '' }), '/');
    assert.equal(searchHref({ q: 'tax', sort: 'relevance', page: 1 }), '/search?q=tax');
    assert.equal(searchHref({ q: 'a b', sort: 'date-asc', page: 2 }), '/search?q=a+b&sort=date-asc&page=2');
  });
  void test('UI logic - a query of filters alone lists newest first; words to rank by, best match first', () => {
    const cases: Array<[boolean, string[]]> = [
      [
        false,
        [
          'from:wikileaks',
          'date:2016-10..2016-11',
          'from:"Donald Trump Jr." kind:message is:private',
          '(from:a OR to:a) -subject:spam',
          'label:Important folder:"sent items" has:attachment',
          '-tax',
        ],
      ],
      [
        true,
        [
          'tax',
          'from:wikileaks tax',
          '"tax returns"',
          'subject:meeting',
          'a OR b',
          'from:x (møte OR meeting)',
        ],
      ],
    ];
    for (const [ranked, queries] of cases) {
      for (const q of queries) {
        assert.equal(hasRankedWords(q), ranked, q);
        assert.equal(readSearchState(new URLSearchParams({ q })).sort, ranked ? 'relevance' : 'date', q);
      }
    }
    assert.equal(searchHref({ q: 'from:wikileaks', sort: 'date' }), '/search?q=from%3Awikileaks');
    assert.equal(
      searchHref({ q: 'from:wikileaks', sort: 'relevance' }),
      '/search?q=from%3Awikileaks&sort=relevance',
    );
  });
  void test('UI logic - nonsense in the URL falls back to defaults', () => {
    const s = readSearchState(new URLSearchParams('q=x&sort=evil&page=-4'));
    assert.equal(s.sort, 'relevance');
    assert.equal(s.page, 1);
    assert.equal(readSearchState(new URLSearchParams('page=1e99')).page, 1);
    assert.equal(readSearchState(new URLSearchParams('page=999999999')).page, 100_000);
  });
  void test('UI logic - page numbers around the current page, first and last always', () => {
    assert.deepEqual(pageWindow(1, 1), [1]);
    assert.deepEqual(pageWindow(1, 3), [1, 2, 3]);
    assert.deepEqual(pageWindow(6, 2000), [1, null, 4, 5, 6, 7, 8, null, 2000]);
    assert.deepEqual(pageWindow(2000, 2000), [1, null, 1998, 1999, 2000]);
  });
  void test('UI logic - the first visit picks bokmål for any Norwegian, else English', () => {
    assert.equal(langFromNavigator(['nn-NO', 'en']), 'nb');
    assert.equal(langFromNavigator(['no']), 'nb');
    assert.equal(langFromNavigator(['de-DE', 'en-US', 'nb']), 'en');
    assert.equal(langFromNavigator(['sv-SE']), 'en');
  });
});

void describe('UI logic - text and threads', () => {
  void test('UI logic - quoted lines are runs of their own', () => {
    assert.deepEqual(quotedSegments('Hi\n> old\n  > older\nnew'), [
      { quoted: false, text: 'Hi\n' },
      { quoted: true, text: '> old\n  > older\n' },
      { quoted: false, text: 'new' },
    ]);
    assert.deepEqual(quotedSegments(''), []);
  });
  void test('UI logic - j and k skip ghosts in the depth-first order', () => {
    const node = (itemId: string | null, depth: number) => ({
      itemId,
      messageId: null,
      parentIndex: null,
      depth,
      summary: null,
    });
    const thread = { threadId: 't', nodes: [node(null, 0), node('a', 1), node(null, 1), node('b', 2)] };
    assert.deepEqual(threadNeighbours(thread, 'a'), { prev: null, next: 'b' });
    assert.deepEqual(threadNeighbours(thread, 'b'), { prev: 'a', next: null });
    assert.deepEqual(threadNeighbours(thread, 'zz'), { prev: null, next: null });
  });
});

void describe('UI logic - a change of collection', () => {
  void test('UI logic - the tab forgets the answers, marks and conversation of the collection it leaves', () => {
    // Team mode: the same query in another collection must never show the first one's answer,
    // not even while the new one loads (CI caught beta's search drawing alpha's cached rows).
    setCollection('alpha');
    const page = { total: 1, items: [] } as unknown as SearchResponse;
    cachePage('["pipeline"]', page);
    cacheAggregates({ q: 'pipeline', facets: undefined, histogram: undefined });
    const tag = { tag: 'x', author: null, createdAt: '2026-11-27T08:00:00Z' };
    rememberMarks('item', 'i1', { target: { kind: 'item', key: 'i1' }, tags: [tag], star: null, note: null });
    const node = { itemId: 'i1', messageId: null, parentIndex: null, depth: 0, summary: null };
    rememberConversation({ threadId: 't', nodes: [node] } as never);
    rightSideFor('t', 'email:anna@alpha.example');
    // Re-choosing the same collection keeps them.
    setCollection('alpha');
    assert.equal(cachedPage('["pipeline"]'), page);
    assert.notEqual(rememberedMarks('item', 'i1'), null);

    setCollection('beta');
    assert.equal(currentCollection(), 'beta');
    assert.equal(cachedPage('["pipeline"]'), null);
    assert.equal(cachedAggregates('pipeline'), null);
    assert.equal(rememberedMarks('item', 'i1'), null);
    assert.equal(conversationContaining('i1'), null);
    assert.equal(knownRightSide('t'), undefined);
    setCollection(null);
  });
});

void describe('UI logic - where an item page says its date came from', () => {
  test('the precise source from the flags, else the date source, nothing for a Date header', async () => {
    const { dateNote } = await import('../../web/src/item/date-note.js');
    const { en } = await import('../../web/src/i18n/en.js');
    const { nb } = await import('../../web/src/i18n/nb.js');
    const item = (dateSource: string, flags: string[] = []) => ({ dateSource, flags }) as never;
    assert.equal(dateNote(item('header'), en), null);
    assert.equal(dateNote(item('export'), en), null);
    assert.match(dateNote(item('header', ['date-from-resent-date']), en) ?? '', /Resent-Date/);
    assert.match(dateNote(item('received', ['date-from-mbox-postmark']), en) ?? '', /mbox separator line/);
    assert.match(dateNote(item('received', ['date-from-mbox-postmark']), nb) ?? '', /mbox-skillelinjen/);
    assert.match(dateNote(item('received', ['date-from-received']), en) ?? '', /Received header/);
    assert.match(dateNote(item('header', ['date-zone-invalid']), en) ?? '', /zone is no offset/);
    assert.match(dateNote(item('file-mtime', ['date-from-file-mtime']), en) ?? '', /file time/);
    // A warning beside the source: nothing about a Date header's source, the warning alone.
    assert.match(dateNote(item('header', ['date-after-received']), en) ?? '', /^more than a day after/);
    assert.match(
      dateNote(item('header', ['date-zone-invalid', 'date-before-received']), nb) ?? '',
      /tidssonen .* · mer enn 30 dager før/,
    );
  });
});
