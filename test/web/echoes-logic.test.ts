/**
 * The echoes page's pure logic, without a browser: latencies in words (English and Norwegian),
 * texts cut into runs with the evidence marked, and the page's state in its URL.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { echoesPath } from '../../web/src/echoes/echoes-api.js';
import {
  DEFAULT_WINDOW,
  echoesHref,
  echoPairHref,
  MAX_LIMIT,
  MAX_WINDOW,
  PAGE_SIZE,
  readEchoesState,
} from '../../web/src/echoes/echoes-state.js';
import type { EchoMark } from '../../web/src/echoes/echoes-types.js';
import { durationWords, latencyWords } from '../../web/src/echoes/latency-words.js';
import { markedRuns } from '../../web/src/echoes/marked-text.js';

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

void describe('Echoes logic - latency in words', () => {
  void test('Echoes logic - the seed echoes: 15 minutes, 1 day 21 hours 11 minutes, 2 hours 59 minutes', () => {
    assert.equal(latencyWords(15 * MIN, 'en'), '15 minutes later');
    assert.equal(latencyWords(DAY + 21 * HOUR + 11 * MIN, 'en'), '1 day 21 hours 11 minutes later');
    assert.equal(latencyWords(2 * HOUR + 59 * MIN, 'en'), '2 hours 59 minutes later');
    assert.equal(latencyWords(15 * MIN, 'nb'), '15 minutter senere');
    assert.equal(latencyWords(DAY + 21 * HOUR + 11 * MIN, 'nb'), '1 dag 21 timer 11 minutter senere');
    assert.equal(latencyWords(2 * HOUR + 59 * MIN, 'nb'), '2 timer 59 minutter senere');
  });
  void test('Echoes logic - one and many, zero units left out, seconds only under a minute, never rounded up', () => {
    assert.equal(durationWords(DAY + MIN, 'en'), '1 day 1 minute');
    assert.equal(durationWords(2 * DAY, 'en'), '2 days');
    assert.equal(durationWords(HOUR, 'nb'), '1 time');
    assert.equal(durationWords(3 * DAY + 2 * HOUR, 'nb'), '3 dager 2 timer');
    assert.equal(durationWords(1, 'en'), '1 second');
    assert.equal(durationWords(42, 'nb'), '42 sekunder');
    assert.equal(durationWords(0, 'en'), '0 seconds');
    assert.equal(durationWords(59.9, 'en'), '59 seconds');
    assert.equal(durationWords(HOUR - 1, 'en'), '59 minutes', 'not "1 hour"');
    assert.equal(durationWords(15 * MIN + 59, 'en'), '15 minutes');
  });
  void test('Echoes logic - seen from the public item the private one came earlier; a bad latency is not words', () => {
    assert.equal(latencyWords(15 * MIN, 'en', 'earlier'), '15 minutes earlier');
    assert.equal(latencyWords(15 * MIN, 'nb', 'earlier'), '15 minutter tidligere');
    assert.equal(durationWords(-5, 'en'), null);
    assert.equal(durationWords(Number.NaN, 'en'), null);
    assert.equal(latencyWords(Number.POSITIVE_INFINITY, 'en'), '?');
  });
});

const mark = (start: number, end: number, kind: EchoMark['kind']): EchoMark => ({ start, end, kind });
/** Runs as "text" and "[kinds:text]", for short assertions. */
const show = (text: string, marks: EchoMark[]) =>
  markedRuns(text, marks)
    .map((r) => (r.kinds.length === 0 ? r.text : `[${r.kinds.join('+')}:${r.text}]`))
    .join('');

void describe('Echoes logic - marking the evidence in a text', () => {
  const dm =
    'If he mentions us, he should share this link: wlsearch.tk - people can dig through the emails there.';
  void test('Echoes logic - marks become runs in text order; the text between stays text, all of it', () => {
    const at = dm.indexOf('wlsearch.tk');
    const emails = dm.indexOf('emails');
    const runs = markedRuns(dm, [mark(emails, emails + 6, 'terms'), mark(at, at + 11, 'link')]);
    assert.equal(runs.map((r) => r.text).join(''), dm);
    assert.equal(
      show(dm, [mark(emails, emails + 6, 'terms'), mark(at, at + 11, 'link')]),
      dm.replace('wlsearch.tk', '[link:wlsearch.tk]').replace('emails', '[terms:emails]'),
    );
  });
  void test('Echoes logic - overlapping marks: the covered part carries both kinds, the most specific first', () => {
    const text = 'every WikiLeaks email is searchable';
    // A quote over "WikiLeaks email is", a name inside it, a shared word inside it.
    assert.equal(
      show(text, [mark(6, 24, 'quote'), mark(6, 15, 'mention'), mark(16, 21, 'terms')]),
      'every [quote+mention:WikiLeaks][quote: ][quote+terms:email][quote: is] searchable',
    );
    // The same mark twice is one run.
    assert.equal(show('a link b', [mark(2, 6, 'link'), mark(2, 6, 'link')]), 'a [link:link] b');
  });
  void test('Echoes logic - marks outside the text, empty, reversed or of unknown kinds are left out; one past the end is cut', () => {
    const text = 'short text';
    assert.equal(
      show(text, [
        mark(-1, 3, 'terms'),
        mark(4, 4, 'terms'),
        mark(6, 2, 'terms'),
        mark(50, 60, 'link'),
        mark(1.5, 3, 'link'),
        { start: 0, end: 5, kind: 'attachment' as EchoMark['kind'] },
        mark(6, 99, 'quote'),
      ]),
      'short [quote:text]',
    );
    assert.deepEqual(markedRuns('', [mark(0, 1, 'link')]), []);
    assert.equal(show('<b>x</b>', [mark(3, 4, 'terms')]), '<b>[terms:x]</b>', 'markup stays text');
  });
});

void describe('Echoes logic - the page state in the URL', () => {
  const P = 'a'.repeat(32);
  const Q = 'B'.repeat(32);
  void test('Echoes logic - defaults are left out of links and filled in when read', () => {
    assert.equal(echoesHref({}), '/echoes');
    const s = readEchoesState(new URLSearchParams(''));
    assert.deepEqual(s, {
      q: '',
      window: DEFAULT_WINDOW,
      minScore: 0,
      limit: PAGE_SIZE,
      item: null,
      focus: null,
    });
    assert.equal(echoesHref(s), '/echoes');
  });
  void test('Echoes logic - a state survives its link; bad values fall back to the defaults or the bounds', () => {
    const href = echoesHref({ q: 'from:wikileaks', window: DAY, minScore: 0.5, limit: 100, item: P });
    assert.equal(href, `/echoes?q=from%3Awikileaks&window=86400&minScore=0.5&limit=100&item=${P}`);
    const back = readEchoesState(new URL(href, 'http://x').searchParams);
    assert.deepEqual(back, {
      q: 'from:wikileaks',
      window: DAY,
      minScore: 0.5,
      limit: 100,
      item: P,
      focus: null,
    });
    const bad = readEchoesState(
      new URLSearchParams('window=-3&minScore=abc&limit=0&item=../../etc&focus=x~y'),
    );
    assert.deepEqual(
      [bad.window, bad.minScore, bad.limit, bad.item, bad.focus],
      [DEFAULT_WINDOW, 0, PAGE_SIZE, null, null],
    );
    const big = readEchoesState(new URLSearchParams(`window=1e12&limit=99999`));
    assert.deepEqual([big.window, big.limit], [MAX_WINDOW, MAX_LIMIT]);
  });
  void test('Echoes logic - the link to a pair names the item and the pair; the API path leaves defaults to the server', () => {
    const href = echoPairHref(P, { privateId: P, publicId: Q.toLowerCase() });
    const s = readEchoesState(new URL(href, 'http://x').searchParams);
    assert.equal(s.item, P);
    assert.equal(s.focus, `${P}~${Q.toLowerCase()}`);
    assert.equal(echoesPath({}), '/api/echoes');
    assert.equal(
      echoesPath({ q: 'tax', window: HOUR, minScore: 0, limit: 50, item: P }),
      `/api/echoes?q=tax&window=3600&limit=50&item=${P}`,
    );
  });
});
