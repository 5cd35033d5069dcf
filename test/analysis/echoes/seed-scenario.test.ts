import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisItem } from '../../../src/analysis/analysis-item.js';
import { findEchoes, type Echo } from '../../../src/analysis/echoes.js';
import { detectLanguage } from '../../../src/extract/lang-detect.js';
import { normalizeUrl } from '../../../src/extract/normalize-url.js';
import { sharedPath } from '../../helpers/shared.js';
import { person } from './echo-test-util.js';
import { readSeedCase } from './seed-items.js';

const seed = sharedPath('fixtures/seed-scenario');

function at(items: readonly AnalysisItem[], iso: string, from: string): AnalysisItem {
  const t = Date.parse(iso);
  const found = items.filter((i) => i.sentAt === t && i.from === from);
  assert.equal(found.length, 1, `one item at ${iso} from ${from}`);
  return found[0] as AnalysisItem;
}

function rankOf(echoes: readonly Echo[], p: AnalysisItem, q: AnalysisItem): number {
  return echoes.findIndex((e) => e.privateId === p.id && e.publicId === q.id);
}

/**
 * EXPECTED.md point 2, for any case: the three echoes (with their latency and evidence) rank
 * in the top five, and every echo involving one of the unrelated posts ranks below all three.
 */
function assertPointTwo(
  echoes: readonly Echo[],
  expected: Array<{ p: AnalysisItem; q: AnalysisItem; latencySeconds: number; kind: string }>,
  unrelated: readonly AnalysisItem[],
): void {
  const ranks: number[] = [];
  for (const x of expected) {
    const r = rankOf(echoes, x.p, x.q);
    assert.ok(r >= 0, `echo ${x.p.id} → ${x.q.id} found`);
    const e = echoes[r] as Echo;
    assert.equal(e.latencySeconds, x.latencySeconds, `latency of ${x.p.id} → ${x.q.id}`);
    assert.ok(
      e.evidence.some((ev) => ev.kind === x.kind),
      `${x.kind} evidence for ${x.p.id} → ${x.q.id}: ${e.evidence.map((ev) => ev.kind).join(', ')}`,
    );
    assert.ok(r < 5, `${x.p.id} → ${x.q.id} ranks ${r + 1}, not in the top five`);
    ranks.push(r);
  }
  const worst = Math.max(...ranks);
  const unrelatedIds = new Set(unrelated.map((u) => u.id));
  echoes.forEach((e, r) => {
    if (unrelatedIds.has(e.publicId))
      assert.ok(
        r > worst,
        `unrelated post ${e.publicId} ranks ${r + 1}, above an expected echo (${worst + 1})`,
      );
  });
}

void describe('Echoes - seed scenario (EXPECTED.md point 2)', () => {
  for (const withMail of [false, true])
    void it(
      `finds the three echoes with exact latencies and evidence, in the top five (${withMail ? 'whole case, mailbox included' : 'X archive and post list'})`,
      { skip: seed.skip },
      async () => {
        const c = await readSeedCase(seed.path, withMail);
        assert.deepEqual(c.unreadable, []);
        assert.equal(c.items.filter((i) => i.platform === 'email').length, withMail ? 6 : 0);
        const dms = c.items.filter((i) => i.visibility === 'private' && i.platform === 'x');
        assert.equal(dms.length, 13);
        assert.equal(
          dms.filter((i) => i.from === 'x:wikileaks').length,
          11,
          'DMs of 16589206 are keyed by its handle',
        );

        const dmLink = at(c.items, '2016-10-12T12:31:00Z', 'x:wikileaks');
        const dmEmails = at(c.items, '2017-07-11T12:02:00Z', 'x:wikileaks');
        const fatherNaming = at(c.items, '2016-10-12T12:46:00Z', 'x:realdonaldtrump');
        const sonLink = at(c.items, '2016-10-14T09:42:00Z', 'x:donaldjtrumpjr');
        const sonEmails = at(c.items, '2017-07-11T15:01:00Z', 'x:donaldjtrumpjr');
        const familyDay = at(c.items, '2016-11-20T17:00:00Z', 'x:donaldjtrumpjr');
        const ohio = at(c.items, '2016-10-13T02:10:00Z', 'x:realdonaldtrump');
        const before = at(c.items, '2016-10-12T11:40:00Z', 'x:realdonaldtrump');
        assert.match(familyDay.text, /family/);
        assert.match(ohio.text, /Ohio/);
        assert.match(before.text, /coming apart/);

        const echoes = findEchoes(c.items, c.persons);
        assertPointTwo(
          echoes,
          [
            { p: dmLink, q: fatherNaming, latencySeconds: 900, kind: 'mention' },
            { p: dmLink, q: sonLink, latencySeconds: 162_660, kind: 'link' },
            { p: dmEmails, q: sonEmails, latencySeconds: 10_740, kind: 'terms' },
          ],
          [familyDay, ohio, before],
        );

        const naming = echoes[rankOf(echoes, dmLink, fatherNaming)] as Echo;
        const mention = naming.evidence.find((e) => e.kind === 'mention');
        assert.match(mention?.detail ?? '', /WikiLeaks/);
        assert.equal(naming.relation, 'other');
        const link = echoes[rankOf(echoes, dmLink, sonLink)] as Echo;
        assert.equal(link.evidence.find((e) => e.kind === 'link')?.link, 'http://wlsearch.tk/');
        assert.equal(link.relation, 'recipient');
        const terms = (echoes[rankOf(echoes, dmEmails, sonEmails)] as Echo).evidence.find(
          (e) => e.kind === 'terms',
        );
        assert.ok(
          terms?.terms?.includes('email') && terms.terms.includes('meeting'),
          terms?.terms?.join(', '),
        );
        // Nothing echoes before it was said: the 11:40 post is not an echo of anything.
        assert.equal(
          echoes.some((e) => e.publicId === before.id),
          false,
        );
      },
    );
});

/**
 * The same story with other people, in Norwegian, with other timings: a leak site writes to a
 * mayor's son; the mayor names the site 40 minutes after the link; the son posts the link three
 * days later; a request for the e-mails about a meeting is followed five hours later by the son
 * publishing the e-mail thread. Built the way ingest builds items (links normalised, language
 * detected).
 */
void describe('Echoes - a Norwegian variant of the seed scenario', () => {
  const T = Date.UTC(2023, 4, 2, 8, 15);
  const MIN = 60_000;
  const item = (
    id: string,
    minutes: number,
    visibility: 'private' | 'public',
    from: string,
    text: string,
    links: string[] = [],
    mentions: string[] = [],
  ): AnalysisItem => ({
    id,
    kind: visibility === 'private' ? 'message' : 'post',
    platform: 'x',
    visibility,
    sentAt: T + minutes * MIN,
    from,
    to: visibility === 'private' ? [from === 'x:lekkasjebanken' ? 'x:sigurdjr' : 'x:lekkasjebanken'] : [],
    text,
    lang: detectLanguage(text),
    links: links.map((l) => normalizeUrl(l) as string),
    mentions,
    attachments: [],
    conversationId: 'lekk-sigurd',
    replyTo: null,
  });
  const site = 'x:lekkasjebanken';
  const son = 'x:sigurdjr';
  const mayor = 'x:haraldhaugland';
  const items = [
    item(
      'd1',
      -9 * 24 * 60,
      'private',
      site,
      'Hei Sigurd, vi har et tips om reguleringsplanen i Ørland. Vet du hvem som står bak?',
    ),
    item('d2', -9 * 24 * 60 + 400, 'private', son, 'Ingen anelse. Jeg skal høre med noen.'),
    item('u-before', -50, 'public', mayor, 'Kommunestyret har vedtatt budsjettet. Godt jobbet alle sammen!'),
    item(
      'd-link',
      0,
      'private',
      site,
      'Hei Sigurd, fint å se at du og faren din snakker om det vi publiserer. Nevner han oss, kan han dele denne lenken: lekkasjesok.no - der kan folk søke i alle dokumentene.',
      ['lekkasjesok.no'],
    ),
    item('d-burst', 3, 'private', site, 'Kommunens innkjøpsavtaler ligger der også.'),
    item(
      'm-naming',
      40,
      'public',
      mayor,
      'Pressen skriver nesten ingenting om alt Lekkasjebanken har sluppet. Merkelig!',
    ),
    item('u-rally', 14 * 60, 'public', mayor, 'Takk til alle som kom på folkemøtet i Brekstad i kveld!'),
    item(
      's-link',
      3 * 24 * 60 + 125,
      'public',
      son,
      'Har du tid til å lese om alt rotet, kan du søke i dokumentene fra @lekkasjebanken her: https://lekkasjesok.no/',
      ['https://lekkasjesok.no/'],
      ['lekkasjebanken'],
    ),
    item('u-family', 20 * 24 * 60, 'public', son, 'Fin tur på fjellet med familien i dag.'),
    item(
      'd-emails',
      200 * 24 * 60,
      'private',
      site,
      'Beklager bråket rundt møtet med den russiske advokaten i fjor sommer. Forslag: send oss e-postene om møtet, så publiserer vi dem.',
    ),
    item('d-after', 200 * 24 * 60 + 2, 'private', site, 'Vi kan ta det over en tryggere kanal.'),
    item(
      's-emails',
      200 * 24 * 60 + 300,
      'public',
      son,
      'For full åpenhet publiserer jeg hele e-posttråden med Rob Goldstone om møtet 9. juni.',
    ),
    item('m-after', 201 * 24 * 60, 'public', mayor, 'Sønnen min gjorde det bra i går kveld, åpent og ærlig.'),
  ];
  const persons = [
    person(site, 'Lekkasjebanken', ['lekkasjebanken'], ['884411']),
    person(son, 'Sigurd Haugland jr.', ['sigurdjr'], ['552233']),
    person(mayor, 'Harald Haugland', ['haraldhaugland']),
  ];
  const byId = (id: string): AnalysisItem => items.find((i) => i.id === id) as AnalysisItem;

  void it('finds the three echoes with exact latencies and evidence, in the top five', () => {
    const echoes = findEchoes(items, persons);
    assertPointTwo(
      echoes,
      [
        { p: byId('d-link'), q: byId('m-naming'), latencySeconds: 40 * 60, kind: 'mention' },
        { p: byId('d-link'), q: byId('s-link'), latencySeconds: (3 * 24 * 60 + 125) * 60, kind: 'link' },
        { p: byId('d-emails'), q: byId('s-emails'), latencySeconds: 300 * 60, kind: 'terms' },
      ],
      [byId('u-before'), byId('u-rally'), byId('u-family')],
    );
  });
});
