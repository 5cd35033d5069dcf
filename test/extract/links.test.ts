import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import {
  MAX_LINKS,
  MAX_URL_LENGTH,
  extractLinks,
  extractMentions,
  normalizeUrl,
  trimUrlEnd,
} from '../../src/extract/index.js';
import { sharedPath } from '../helpers/shared.js';

void describe('Links - normalizeUrl', () => {
  const cases: [string, string | null][] = [
    // the seed case: a DM's display text and a tweet's expanded URL are one link
    ['wlsearch.tk', 'http://wlsearch.tk/'],
    ['http://wlsearch.tk/', 'http://wlsearch.tk/'],
    ['http://wlsearch.tk', 'http://wlsearch.tk/'],
    ['HTTP://WLSearch.TK:80/#top', 'http://wlsearch.tk/'],
    // scheme and host lower-cased, path case kept, default ports dropped, others kept
    ['https://Example.COM:443/Path/To/Doc.PDF', 'https://example.com/Path/To/Doc.PDF'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['www.example.com/path', 'http://www.example.com/path'],
    ['//cdn.example.com/x.png', 'http://cdn.example.com/x.png'],
    ['example.com:8080/x', 'http://example.com:8080/x'],
    ['192.168.1.1/admin', 'http://192.168.1.1/admin'],
    // trailing slash: root always '/', others kept as written
    ['https://example.com/a/', 'https://example.com/a/'],
    ['https://example.com/a', 'https://example.com/a'],
    // fragment and tracking parameters dropped; other parameters kept in order
    [
      'https://example.com/a?utm_source=tw&id=7&UTM_Medium=x&fbclid=abc&gclid=1#frag',
      'https://example.com/a?id=7',
    ],
    ['https://example.com/?b=2&a=1', 'https://example.com/?b=2&a=1'],
    ['https://example.com/?', 'https://example.com/'],
    ['https://example.com/a?q=%c3%a5', 'https://example.com/a?q=%C3%A5'],
    // dot segments, IDN, trailing dot of the host, credentials kept as evidence
    ['http://example.com/a/./b/../c', 'http://example.com/a/c'],
    ['https://møte.no/sak', 'https://xn--mte-0na.no/sak'],
    ['http://example.com./x', 'http://example.com/x'],
    ['http://user:secret@example.com/', 'http://user:secret@example.com/'],
    ['  https://example.com/x  ', 'https://example.com/x'],
    // not http(s) links
    ['javascript:alert(1)', null],
    ['data:text/html,<script>', null],
    ['mailto:djtjr@example.com', null],
    ['ftp://example.com/file', null],
    ['localhost:3000', null],
    ['notaurl', null],
    ['report.', null],
    ['', null],
    ['http://', null],
    [`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, null],
  ];
  for (const [input, expected] of cases) {
    void test(`${JSON.stringify(input.slice(0, 80))} → ${expected}`, () =>
      assert.equal(normalizeUrl(input), expected));
  }
});

void describe('Links - trimUrlEnd', () => {
  const cases: [string, string][] = [
    ['http://x.org/a.', 'http://x.org/a'],
    ['http://x.org/a),', 'http://x.org/a'],
    ['http://x.org/wiki/Foo_(bar))', 'http://x.org/wiki/Foo_(bar)'],
    ['http://x.org/wiki/Foo_(bar)', 'http://x.org/wiki/Foo_(bar)'],
    ['http://x.org/a?!"', 'http://x.org/a'],
    ['http://x.org/[1]]', 'http://x.org/[1]'],
    ['http://x.org/a…', 'http://x.org/a'],
  ];
  for (const [input, expected] of cases)
    void test(`${input} → ${expected}`, () => assert.equal(trimUrlEnd(input), expected));
});

void describe('Links - extractLinks', () => {
  void test('finds scheme URLs, www. URLs and bare domains in prose, normalised, in order, once each', () => {
    const text =
      'Share this link: wlsearch.tk - or https://WLSEARCH.tk/ (same). Docs at www.example.com/docs, ' +
      'see (https://en.wikipedia.org/wiki/Foo_(bar)) and "http://vg.no/nyheter?utm_source=x".';
    assert.deepEqual(extractLinks(text, null), [
      'http://wlsearch.tk/',
      'https://wlsearch.tk/',
      'http://www.example.com/docs',
      'https://en.wikipedia.org/wiki/Foo_(bar)',
      'http://vg.no/nyheter',
    ]);
  });

  void test('file names, versions, abbreviations and email addresses are not links', () => {
    const text =
      'Attached report.pdf and run.sh, setup.py, main.rs; node.js 3.5 e.g. i.e. U.S. djtjr@example.com x.y';
    assert.deepEqual(extractLinks(text, null), []);
  });

  void test('bare domains need a common TLD, or www., or a scheme', () => {
    assert.deepEqual(extractLinks('vg.no nrk.no/nyheter example.museum www.example.museum', null), [
      'http://vg.no/',
      'http://nrk.no/nyheter',
      'http://www.example.museum/',
    ]);
  });

  void test('HTML href and src are added, entities decoded; relative, mailto and javascript links left out', () => {
    const html =
      '<p>Hi <a HREF="http://wlsearch.tk/">here</a> <a href=\'https://x.no/?a=1&amp;utm_medium=e&amp;b=2\'>x</a>' +
      '<img src=//cdn.example.com/p.gif width=1> <a href="/relative">r</a> <a href="mailto:a@b.c">m</a>' +
      '<a href="javascript:alert(1)">j</a> <a href="\n https://y.no/a\tb \n">y</a></p>';
    assert.deepEqual(extractLinks('Hi here x', html), [
      'http://wlsearch.tk/',
      'https://x.no/?a=1&b=2',
      'http://cdn.example.com/p.gif',
      'https://y.no/ab',
    ]);
  });

  void test('text links come before HTML links and duplicates across both are kept once', () => {
    assert.deepEqual(
      extractLinks('see https://b.no/', '<a href="https://a.no/">a</a><a href="https://b.no">b</a>'),
      ['https://b.no/', 'https://a.no/'],
    );
  });

  void test(`at most MAX_LINKS (${MAX_LINKS}) links are kept`, () => {
    const text = Array.from({ length: MAX_LINKS + 50 }, (_, i) => `https://example.com/${i}`).join(' ');
    const links = extractLinks(text, null);
    assert.equal(links.length, MAX_LINKS);
    assert.equal(links[0], 'https://example.com/0');
  });

  const seed = sharedPath('fixtures/seed-scenario/DonaldJTrumpJr-x-archive/data');
  void test('seed scenario: the DM text and the tweet entity give the same link', { skip: seed.skip }, () => {
    const dms = readFileSync(`${seed.path}/direct-messages.js`, 'utf8');
    const tweets = readFileSync(`${seed.path}/tweets.js`, 'utf8');
    const dm = /"text": "([^"]*wlsearch\.tk[^"]*)"/.exec(dms)?.[1];
    const expanded = /"expanded_url": "([^"]*wlsearch[^"]*)"/.exec(tweets)?.[1];
    assert.ok(dm !== undefined && expanded !== undefined);
    assert.deepEqual(extractLinks(dm, null), ['http://wlsearch.tk/']);
    assert.equal(normalizeUrl(expanded), 'http://wlsearch.tk/');
  });
});

void describe('Links - mentions', () => {
  void test('@handles, lower-cased, without @, once each, in order', () => {
    assert.deepEqual(
      extractMentions('RT @WikiLeaks: thanks @DonaldJTrumpJr and (@realDonaldTrump)! @wikileaks again'),
      ['wikileaks', 'donaldjtrumpjr', 'realdonaldtrump'],
    );
  });

  void test('email addresses and profile URLs are not mentions; Slack and fediverse forms are', () => {
    assert.deepEqual(
      extractMentions(
        'mail djtjr@example.com, medium.com/@writer, a@b, <@U024BE7LH> @alice@mastodon.social.',
      ),
      ['u024be7lh', 'alice@mastodon.social'],
    );
  });

  void test('a lone @ or an over-long handle is not a mention', () => {
    assert.deepEqual(extractMentions(`meet @ 10, @${'a'.repeat(65)} @_x`), ['_x']);
  });
});

void describe('Links - hostile input finishes fast', () => {
  const FIVE_MB = 5_000_000;
  /** Each pattern repeated to 5 MB: long runs that make a backtracking regex go quadratic. */
  const patterns = [
    'a',
    'a.',
    'a-',
    'ab.',
    '.',
    'http://',
    'www.',
    '@a',
    '@a.',
    ')',
    'href="',
    "href='x",
    'a.com ',
    '1.',
    '<a href=http://a.no/>',
  ];
  for (const p of patterns) {
    void test(`a 5 MB line of ${JSON.stringify(p)} repeated`, () => {
      const s = p.repeat(Math.ceil(FIVE_MB / p.length)).slice(0, FIVE_MB);
      const start = performance.now();
      extractLinks(s, s);
      extractMentions(s);
      const ms = performance.now() - start;
      assert.ok(ms < 3_000, `${ms} ms`);
    });
  }
});
