import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isRequest, MAX_HEADER_LINE_CHARS, ownWords } from '../../../src/extract/requests.js';

/** [text, lang, expected request, a piece of the expected `why`] */
type Case = [string, string | null, boolean, string?];

const check = (cases: readonly Case[]): void => {
  for (const [text, lang, request, why] of cases) {
    void it(`${JSON.stringify(text.slice(0, 70))} (${lang ?? 'no lang'}) → ${request}`, () => {
      const v = isRequest(text, lang);
      assert.equal(v.request, request, `why: ${v.why}`);
      if (!request) assert.equal(v.why, null);
      if (why !== undefined) assert.ok(v.why?.includes(why), `why was ${v.why}`);
    });
  }
};

void describe('Requests - English', () => {
  check([
    ['Could you comment on or spread this story?', 'en', true, '"could you"'],
    ['can you send the file tonight', null, true, '"can you"'],
    ['Would you mind calling me back', 'en', true, '"would you"'],
    ['Please call me when you land.', 'en', true, '"please"'],
    ['Let me know what he says.', 'en', true, '"let me know"'],
    ['An odd suggestion: pass us one of the tax returns.', 'en', true, '"suggestion:"'],
    ['Hi Don, a suggestion: urge Australia to do it.', 'en', true, '"suggestion:"'],
    ['We think it is far more interesting if he refuses to concede.', 'en', true, '"more interesting if"'],
    ['We need you to sign before Friday.', 'en', true, '"need you to"'],
    ['Send it tonight.', 'en', true, 'imperative "send"'],
    ['Hi Don, share this with your father.', 'en', true, 'imperative "share"'],
    ['Ok. And forward the memo to Paul.', 'en', true, 'imperative "forward"'],
    ['Any idea who is behind it?', 'en', true, 'question: "Any idea who is behind it?"'],
    ['Fine.\nWhere are you?', null, true, 'question: "Where are you?"'],
    ['See http://example.com/page?', 'en', true, 'question'],
    ['Did you get my message？', null, true, 'question'],
    // not requests
    ['It would send a strong signal.', 'en', false],
    ['We can discuss it over a safer channel.', 'en', false],
    ['The Podesta emails can be searched there too.', 'en', false],
    ['Not for quoting: no clue who they are. I will make some calls. Thanks.', 'en', false],
    ['Please find attached the report for Q3.', 'en', false],
    ['Can you believe what she said.', 'en', false],
    ['Answer: no. Send-off was lovely.', 'en', false],
    ['The link is https://example.com/a?id=7&b=2 for reference.', 'en', false],
    ['See www.example.com/?q=1 now.', 'en', false],
    ['', 'en', false],
    ['   \n  ', null, false],
  ]);
});

void describe('Requests - Norwegian bokmål and nynorsk', () => {
  check([
    ['Kan du sende meg rapporten i kveld', 'nb', true, '"kan du"'],
    ['Kunne du ringt meg tilbake', 'nb', true, '"kunne du"'],
    ['Vil du være med', 'no', true, '"vil du"'],
    ['Send meg filene.', 'nb', true, '"send meg"'],
    ['Gi beskjed når du er framme.', 'nb', true, '"gi beskjed"'],
    ['Vær så snill og ring meg.', 'nb', true, '"vær så snill"'],
    ['Vi ber om innsyn i dokumentene.', 'nb', true, '"ber om"'],
    ['Det hadde vært fint om du kom innom.', 'nb', true, '"hadde vært fint om"'],
    ['Vennligst bekreft mottak.', 'nb', true, '"vennligst"'],
    ['Hei Kari, sjekk vedlegget.', 'nb', true, 'imperative "sjekk"'],
    ['Ta med deg nøkkelen.', 'nb', true, 'imperative "ta"'],
    ['Ring meg i morgen.', null, true, 'imperative "ring"'],
    // nynorsk
    ['Kan du gje meg beskjed?', 'nn', true, '"kan du"'],
    ['Ver så snill og svar.', 'nn', true, '"ver så snill"'],
    ['Eg føreslår at vi møtest.', 'nn', true, '"eg føreslår"'],
    ['Sei frå når du er klar.', 'nn', true, '"sei frå"'],
    ['Det hadde vore fint om du kom.', 'nn', true, '"hadde vore fint om"'],
    ['Gje beskjed.', 'nn', true, '"gje beskjed"'],
    ['Kva meiner du om det?', 'nn', true, 'question'],
    // not requests
    ['Takk for sist, det var hyggelig.', 'nb', false],
    ['Møtet er flyttet til torsdag.', 'nb', false],
    ['Du må ha glemt det.', 'nb', false],
    ['Takk for sist. Det var kjekt.', 'nn', false],
  ]);
});

void describe('Requests - the language narrows imperatives only', () => {
  void it('"Ta" opens a request in Norwegian and is "thanks" in English', () => {
    assert.equal(isRequest('Ta, mate.', 'en').request, false);
    assert.equal(isRequest('Ta med deg boka.', 'nb').request, true);
    assert.equal(isRequest('Ta med deg boka.', null).request, true);
  });

  void it('phrases fire whatever language the item was detected as', () => {
    assert.equal(isRequest('kan du sende den', 'en').request, true);
    assert.equal(isRequest('could you send it', 'nb').request, true);
  });
});

void describe('Requests - the sender’s own words only', () => {
  const cases: [string, string][] = [
    ['quoted lines', 'Fine by me.\n> Can you send the file?\n> Please hurry.\nSee you.'],
    [
      'an English quote header',
      'Sure.\n\nOn Mon, Oct 3, 2016 at 2:20 PM, Ola <ola@example.no> wrote:\nCould you send it?',
    ],
    [
      'a Norwegian quote header',
      'Greit.\n\nDen tir. 3. okt. 2016 kl. 14:20 skrev Ola Nordmann <ola@example.no>:\nKan du sende den?',
    ],
    [
      'a nynorsk quote header',
      'Greitt.\n\n3. okt. 2016 kl. 14:20 skreiv Kari <kari@example.no>:\nKan du sende den?',
    ],
    [
      'a header wrapped over two lines',
      'Sure.\n\nOn Mon, Oct 3, 2016 at 2:20 PM, Ola Nordmann <\nola@example.no> wrote:\n\nCould you send it?',
    ],
    ['a forwarded message', 'FYI.\n\n---------- Forwarded message ---------\nFrom: X\nCould you send it?'],
    ['a Norwegian forward', 'Til info.\n\n-------- Videresendt melding --------\nKan du sende den?'],
    [
      'an Outlook header block',
      'Noted.\n\nFrom: Ola Nordmann\nSent: Monday, October 3, 2016 2:20 PM\nCan you send it?',
    ],
    ['an Outlook rule', 'Noted.\n________________________________\nFra: Ola\nKan du sende den?'],
    ['a signature', 'Done.\n-- \nCall me on +47 22 22 22 22. Why not?'],
    ['the reply subject line', 'Re: Can we meet tomorrow?\nYes, that works.'],
  ];
  for (const [what, text] of cases) {
    void it(`ignores ${what}`, () => assert.deepEqual(isRequest(text, null), { request: false, why: null }));
  }

  void it('keeps the own text above a quote and between quoted lines', () => {
    assert.equal(
      ownWords('Yes.\n> question?\nAnd you?\n\nOn 3 Oct 2016, Ola <ola@x.no> wrote:\n> more'),
      'Yes.\nAnd you?\n',
    );
    assert.equal(isRequest('Yes.\n> question?\nAnd when?', null).request, true);
  });

  void it('takes a one-line message opening with "Re:" as the sender’s own words, not a subject', () => {
    assert.equal(isRequest('Re: the meeting, could you send the notes', null).request, true);
  });

  void it('does not take running text for a header: "On Monday he wrote:" has no date or address', () => {
    assert.equal(isRequest('On Monday he wrote:\nCould you check that?', 'en').request, true);
  });

  void it('does not test a line longer than the header limit as a header', () => {
    const long = `On 3 Oct 2016 ${'x'.repeat(MAX_HEADER_LINE_CHARS)} wrote:`;
    assert.equal(ownWords(`${long}\nhello`), `${long}\nhello`);
  });
});

void describe('Requests - hostile input, one megabyte on one line', () => {
  const MB = 1 << 20;
  const cases: [string, string, boolean][] = [
    ['letters', 'a'.repeat(MB), false],
    ['letters, then a phrase', `${'a'.repeat(MB)} could you`, true],
    ['question marks', '?'.repeat(MB), true],
    ['a link full of question marks', `http://x.no/${'?a'.repeat(MB / 2)}`, false],
    ['colons and slashes', '://'.repeat(MB / 3), false],
    ['apostrophes and hyphens', "'-".repeat(MB / 2), false],
    ['dots, then a question', `${'.'.repeat(MB)}?`, true],
    ['one word repeated', 'can '.repeat(MB / 4), false],
    ['boilerplate repeated', 'please find '.repeat(MB / 12), false],
    ['quote-header look-alikes', 'wrote:'.repeat(MB / 6), false],
    ['leaders and commas', 'hi , '.repeat(MB / 5), false],
    ['quoted lines', '> could you?\n'.repeat(MB / 13), false],
    ['Outlook From lines', 'From: x\n'.repeat(MB / 8), false],
    ['line breaks', '\n'.repeat(MB), false],
    ['non-Latin letters', 'ø'.repeat(MB), false],
    ['lone surrogates', '\ud800'.repeat(MB), false],
  ];
  for (const [what, text, expected] of cases) {
    void it(`${what}: answers (linear passes only)`, () =>
      assert.equal(isRequest(text, null).request, expected));
  }

  void it('does not throw for a non-string handed over by untyped callers', () => {
    assert.deepEqual(isRequest(undefined as unknown as string, null), { request: false, why: null });
  });
});
