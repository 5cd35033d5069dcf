import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findEchoes } from '../../../src/analysis/echoes.js';
import { DAY, HOUR, MINUTE, dm, echoOf, filler, kinds, person, post } from './echo-test-util.js';

const persons = [
  person('x:kari', 'Kari Nordmann', ['karinord'], ['kari@example.no']),
  person('x:ola', 'Ola Tromsø', ['olat']),
  person('x:per', 'Per Hansen', ['perh']),
  person('x:filler', null, ['filler']),
  person('x:other', null, ['other']),
];

void describe('Echoes - each kind of evidence alone', () => {
  void it('link: the same normalised link in both', () => {
    const items = [
      ...filler(30),
      dm('p', 0, 'x:kari', 'x:ola', 'Look at this', { links: ['https://obscure.example.org/report-2024'] }),
      post('q', 2 * HOUR, 'x:ola', 'Worth reading', { links: ['https://obscure.example.org/report-2024'] }),
    ];
    const echoes = findEchoes(items, persons);
    const e = echoOf(echoes, 'p', 'q');
    assert.ok(e, 'echo found');
    assert.deepEqual(kinds(e), ['link']);
    assert.equal(e.latencySeconds, 7200);
    assert.equal(e.relation, 'recipient');
    assert.equal(e.evidence[0]?.link, 'https://obscure.example.org/report-2024');
    assert.equal(echoes.length, 1, 'nothing else in the filler echoes');
  });

  void it('link: the same host and path, with www, a query and a trailing slash told apart', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'Look', { links: ['https://www.dn.no/politikk/sak-123?ref=mail'] }),
      post('q', HOUR, 'x:ola', 'Read', { links: ['http://dn.no/politikk/sak-123/'] }),
      post('q-other-page', HOUR, 'x:ola', 'Read', { links: ['https://www.dn.no/politikk/sak-124'] }),
    ];
    const echoes = findEchoes(items, persons);
    const e = echoOf(echoes, 'p', 'q');
    assert.deepEqual(kinds(e), ['link']);
    assert.equal(e?.evidence[0]?.link, 'http://dn.no/politikk/sak-123/');
    assert.match(e?.evidence[0]?.detail ?? '', /dn\.no\/politikk\/sak-123/);
    assert.equal(echoOf(echoes, 'p', 'q-other-page'), undefined);
  });

  void it('link: one shared by two items weighs more than one shared by two hundred', () => {
    const popular = 'https://www.popular.example.com/';
    const items = [
      ...Array.from({ length: 198 }, (_, k) =>
        dm(`pop-${k}`, -40 * DAY + k * MINUTE, 'x:per', 'x:other', 'hi', { links: [popular] }),
      ),
      dm('p-rare', 0, 'x:kari', 'x:ola', 'a', { links: ['https://rare.example.org/x'] }),
      post('q-rare', HOUR, 'x:ola', 'b', { links: ['https://rare.example.org/x'] }),
      dm('p-pop', 0, 'x:per', 'x:ola', 'c', { links: [popular] }),
      post('q-pop', HOUR, 'x:ola', 'd', { links: [popular] }),
    ];
    const echoes = findEchoes(items, persons);
    const rare = echoOf(echoes, 'p-rare', 'q-rare');
    const pop = echoOf(echoes, 'p-pop', 'q-pop');
    assert.ok(rare && pop);
    assert.ok(rare.score > 3 * pop.score, `rare ${rare.score} vs popular ${pop.score}`);
  });

  void it('mention: Q names the sender by name, folded (case and diacritics do not matter)', () => {
    const items = [
      ...filler(30),
      dm('p', 0, 'x:ola', 'x:kari', 'Nothing in common here'),
      post('q', 30 * MINUTE, 'x:per', 'Big news from OLA TROMSO today'),
    ];
    const echoes = findEchoes(items, persons);
    const e = echoOf(echoes, 'p', 'q');
    assert.deepEqual(kinds(e), ['mention']);
    assert.equal(e?.relation, 'other');
    const span = e?.evidence[0]?.span?.public;
    assert.ok(span);
    assert.equal('Big news from OLA TROMSO today'.slice(span[0], span[1]), 'OLA TROMSO');
  });

  void it('mention: by a handle in the text, in the mentions list, or an address', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'Hello'),
      post('q-text', HOUR, 'x:per', 'Thanks @KariNord for the tip'),
      post('q-list', HOUR, 'x:per', 'Thanks for the tip', { mentions: ['karinord'] }),
      post('q-address', HOUR, 'x:per', 'Write to kari@example.no'),
    ];
    const echoes = findEchoes(items, persons);
    for (const q of ['q-text', 'q-list', 'q-address'])
      assert.deepEqual(kinds(echoOf(echoes, 'p', q)), ['mention'], q);
  });

  void it('mention: whole words only, and a person naming themselves is no echo', () => {
    const items = [
      dm('p', 0, 'x:per', 'x:kari', 'Hello'),
      post('q-inside-word', HOUR, 'x:ola', 'Per Hansenfeldt and per hansens'),
      post('q-self', HOUR, 'x:per', 'I, Per Hansen, approve'),
    ];
    assert.deepEqual(findEchoes(items, persons), []);
  });

  void it('mention: a sender in no person is still found by the handle in its key', () => {
    const items = [dm('p', 0, 'x:anon123', 'x:kari', 'Hello'), post('q', HOUR, 'x:kari', 'Thanks @anon123')];
    assert.deepEqual(kinds(echoOf(findEchoes(items, persons), 'p', 'q')), ['mention']);
  });

  void it('terms: rare words shared after stemming (emails / email, meeting / meetings)', () => {
    const items = [
      ...filler(60),
      dm('p', 0, 'x:kari', 'x:ola', 'Please send us the emails about the Goldstone meetings quietly'),
      post('q', 3 * HOUR, 'x:ola', 'Publishing the whole email chain about the Goldstone meeting'),
    ];
    const echoes = findEchoes(items, persons);
    const e = echoOf(echoes, 'p', 'q');
    assert.deepEqual(kinds(e), ['terms']);
    const terms = e?.evidence[0]?.terms ?? [];
    for (const w of ['email', 'goldstone', 'meeting'])
      assert.ok(terms.includes(w), `${w} in ${terms.join(',')}`);
    assert.equal(echoes.length, 1);
  });

  void it('terms: Norwegian stems meet (møtet / møtene, e-postene / e-postane aside)', () => {
    const items = [
      ...filler(60),
      dm('p', 0, 'x:kari', 'x:ola', 'Send oss referatene fra møtet med Equinor i Hammerfest', { lang: 'no' }),
      post('q', 3 * HOUR, 'x:ola', 'Her er referatet fra møtene med Equinor', { lang: 'no' }),
    ];
    const e = echoOf(findEchoes(items, persons), 'p', 'q');
    assert.deepEqual(kinds(e), ['terms']);
    assert.ok((e?.evidence[0]?.terms ?? []).includes('equinor'));
  });

  void it('terms: stop words never count, even where every word is rare', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'and the would have been there with them, og det er ikke'),
      post(
        'q',
        HOUR,
        'x:per',
        'and the would have been there with them, og det er ikke'.split(' ').reverse().join(' '),
      ),
    ];
    assert.deepEqual(findEchoes(items, persons), []);
  });

  void it('terms: one shared word, however rare, is coincidence', () => {
    const items = [
      ...filler(30),
      dm('p', 0, 'x:kari', 'x:ola', 'Enjoy the sunshine in Tromsø'),
      post('q', 5 * HOUR, 'x:ola', 'Good day out with the family in Tromsø'),
    ];
    assert.deepEqual(findEchoes(items, persons), []);
  });

  void it('terms: a word most items hold is not rare', () => {
    const common = Array.from({ length: 40 }, (_, k) =>
      dm(`c-${k}`, -20 * DAY + k * HOUR, 'x:per', 'x:other', `budget pipeline ${k}`),
    );
    const items = [
      ...common,
      dm('p', 0, 'x:kari', 'x:ola', 'the budget pipeline'),
      post('q', HOUR, 'x:per', 'budget pipeline again'),
    ];
    assert.deepEqual(findEchoes(items, persons), []);
  });

  void it('quote: a passage of the private text reproduced, placed in both texts', () => {
    const privateText =
      'Hi. We think the ministry will quietly drop the Hammerfest licence before the summer recess. Keep it to yourself.';
    const publicText =
      'Sources say "the ministry will quietly drop the Hammerfest licence before the summer" - more soon';
    const items = [
      ...filler(30),
      dm('p', 0, 'x:kari', 'x:ola', privateText),
      post('q', 5 * HOUR, 'x:ola', publicText),
    ];
    const e = echoOf(findEchoes(items, persons), 'p', 'q');
    assert.deepEqual(kinds(e), ['quote', 'terms']);
    const quote = e?.evidence.find((x) => x.kind === 'quote');
    const span = quote?.span;
    assert.ok(span?.private && span.public);
    assert.equal(
      privateText.slice(span.private[0], span.private[1]),
      'the ministry will quietly drop the Hammerfest licence before the summer',
    );
    assert.equal(
      publicText.slice(span.public[0], span.public[1]),
      'the ministry will quietly drop the Hammerfest licence before the summer',
    );
    assert.equal(e?.evidence[0]?.kind, 'quote', 'the quote outweighs the words it shares');
  });

  void it('attachment: the same sha256 in both, whatever the case of the hex', () => {
    const sha = 'ab'.repeat(32);
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'see attached', { attachments: [sha] }),
      post('q', DAY, 'x:ola', 'Document', { attachments: [sha.toUpperCase()] }),
    ];
    const e = echoOf(findEchoes(items, persons), 'p', 'q');
    assert.deepEqual(kinds(e), ['attachment']);
    assert.match(e?.evidence[0]?.detail ?? '', new RegExp(sha));
  });
});

void describe('Echoes - score', () => {
  const link = { links: ['https://obscure.example.org/a'] };

  void it('the recipient publishing weighs more than the sender, the sender more than anybody else', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'x', link),
      post('q-recipient', HOUR, 'x:ola', 'y', link),
      post('q-sender', HOUR, 'x:kari', 'y', link),
      post('q-other', HOUR, 'x:per', 'y', link),
    ];
    const echoes = findEchoes(items, persons);
    assert.deepEqual(
      echoes.map((e) => [e.publicId, e.relation]),
      [
        ['q-recipient', 'recipient'],
        ['q-sender', 'sender'],
        ['q-other', 'other'],
      ],
    );
  });

  void it('closer in time is stronger, with the half-life of a day', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'x', link),
      post('q-day', DAY, 'x:ola', 'y', link),
      post('q-hour', HOUR, 'x:ola', 'y', link),
      post('q-week', 7 * DAY - 1, 'x:ola', 'y', link),
    ];
    const echoes = findEchoes(items, persons);
    assert.deepEqual(
      echoes.map((e) => e.publicId),
      ['q-hour', 'q-day', 'q-week'],
    );
    const day = echoOf(echoes, 'p', 'q-day');
    const hour = echoOf(echoes, 'p', 'q-hour');
    assert.ok(day && hour);
    // A link four items hold weighs 3 / (1 + ln(4 / 2)); a day later decay = 0.25 + 0.75 / 2.
    const expected = (3 / (1 + Math.log(2))) * 0.625;
    assert.ok(Math.abs(day.score - expected) < 1e-9, `${day.score} vs ${expected}`);
    assert.ok(hour.score > day.score);
  });

  void it('two kinds of evidence add up', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'x', link),
      post('q-both', HOUR, 'x:ola', 'Kari Nordmann sent me this', link),
      post('q-link', HOUR, 'x:ola', 'this', link),
    ];
    const echoes = findEchoes(items, persons);
    assert.deepEqual(kinds(echoOf(echoes, 'p', 'q-both')), ['link', 'mention']);
    assert.equal(echoes[0]?.publicId, 'q-both');
  });
});
