import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseSubject, MAX_SUBJECT_CHARS } from '../../src/analysis/base-subject.js';

void describe('Analysis - base subject', () => {
  const cases: Array<[string | null, string, boolean]> = [
    ['Hello', 'hello', false],
    ['Re: Hello', 'hello', true],
    ['RE: re: Re:  Hello ', 'hello', true],
    ['Fwd: Re: Hello', 'hello', true],
    ['FW: Hello', 'hello', true],
    // Norwegian / Danish Outlook: svar, videresend; Swedish vidarebefordrat.
    ['SV: Møte i morgen', 'møte i morgen', true],
    ['VS: SV: Møte i morgen', 'møte i morgen', true],
    ['VB: Möte', 'möte', true],
    // German: Antwort, weitergeleitet; Dutch.
    ['AW: WG: Angebot', 'angebot', true],
    ['Antw: Offerte', 'offerte', true],
    ['Ref: Sak 2016/123', 'sak 2016/123', true],
    // French puts a space before the colon; TR = transféré.
    ['RE : TR : Réunion', 'réunion', true],
    // Counters some clients add.
    ['Re[2]: Hello', 'hello', true],
    ['Re(3): Hello', 'hello', true],
    ['Re^2: Hello', 'hello', true],
    // Chinese Outlook with a full-width colon.
    ['回复：会议', '会议', true],
    // Mailing-list tags, before and between prefixes; old-style "(fwd)".
    ['[fedora-devel] Re: [fedora-devel] Build failure', 'build failure', true],
    ['[PATCH v2] Fix the loop', 'fix the loop', false],
    ['Interesting article (fwd)', 'interesting article', true],
    // Words that merely start like a prefix are kept.
    ['Sverige: tall', 'sverige: tall', false],
    ['Reply needed: budget', 'reply needed: budget', false],
    ['Avtale', 'avtale', false],
    // Nothing left.
    ['Re:', '', true],
    ['   ', '', false],
    [null, '', false],
  ];
  for (const [input, base, isReply] of cases) {
    void it(`${JSON.stringify(input)} -> ${JSON.stringify(base)}${isReply ? ' (reply)' : ''}`, () => {
      assert.deepEqual(baseSubject(input), { base, isReply });
    });
  }

  void it('folds compatibility forms and case', () => {
    assert.equal(baseSubject('ＨＥＬＬＯ').base, 'hello');
  });

  void it('stays linear on hostile subjects', () => {
    const hostile = [
      '['.repeat(200_000),
      'Re:'.repeat(200_000),
      '[x]'.repeat(100_000),
      'a'.repeat(5_000_000),
    ];
    for (const s of hostile) {
      const started = performance.now();
      const { base } = baseSubject(s);
      assert.ok(base.length <= MAX_SUBJECT_CHARS);
      assert.ok(performance.now() - started < 1000, `slow on ${s.slice(0, 10)}...`);
    }
  });
});
