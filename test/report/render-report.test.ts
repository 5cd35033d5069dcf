import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { Parser } from 'htmlparser2';
import type { Item } from '../../src/model/index.js';
import {
  checkBaseUrl,
  checkTimeZone,
  durationWords,
  evidenceHtml,
  renderReport,
  REPORT_CSP,
  ReportClock,
  type ReportEntry,
  type ReportHead,
  type ReportSettings,
} from '../../src/report/index.js';
import { hexId, location, makeItem, person } from '../store/store-fixtures.js';

const SHA = 'ab'.repeat(32);

function settings(over: Partial<ReportSettings> = {}): ReportSettings {
  return {
    title: '',
    queryText: 'tag:story',
    timeZone: 'Europe/Oslo',
    lang: 'en',
    baseUrl: null,
    created: new Date('2026-11-26T10:00:00Z'),
    innsynVersion: '0.1.0',
    echoWindowSeconds: 7 * 86_400,
    ...over,
  };
}

function entry(item: Item, n: number, over: Partial<ReportEntry> = {}): ReportEntry {
  return {
    n,
    item,
    locations: [item.location],
    raw: {
      sha256: item.location.sha256,
      size: 100,
      recorded: item.location.sha256,
      exportFile: `items/${item.id}.eml`,
    },
    echoes: [],
    ...over,
  };
}

function head(s: ReportSettings, items: Item[] = []): ReportHead {
  const dated = items.flatMap((i) => (i.sentAt === null ? [] : [Date.parse(i.sentAt)]));
  return {
    settings: s,
    counts: {
      items: items.length,
      private: items.filter((i) => i.visibility === 'private').length,
      public: items.filter((i) => i.visibility === 'public').length,
      undated: items.filter((i) => i.sentAt === null).length,
      first: dated.length ? Math.min(...dated) : null,
      last: dated.length ? Math.max(...dated) : null,
      echoes: 0,
    },
    people: [
      {
        key: 'x:16589206',
        name: 'WikiLeaks',
        handles: ['wikileaks'],
        addresses: ['16589206'],
        sent: 1,
        received: 0,
      },
    ],
    contents: items.map((i, k) => ({
      n: k + 1,
      id: i.id,
      sentAt: i.sentAt === null ? null : Date.parse(i.sentAt),
      kind: i.kind,
      platform: i.platform,
      visibility: i.visibility,
      from: i.from?.name ?? null,
      to: i.to.map((t) => t.name ?? t.address),
      toMore: 0,
      excerpt: i.text,
    })),
  };
}

function render(items: Item[], s: ReportSettings = settings(), entries?: ReportEntry[]): string {
  return renderReport(head(s, items), entries ?? items.map((i, k) => entry(i, k + 1)));
}

/** Every element and attribute of a document, as htmlparser2 (what browsers agree with on these) reads it. */
function elements(html: string): Array<{ name: string; attrs: Record<string, string> }> {
  const out: Array<{ name: string; attrs: Record<string, string> }> = [];
  const p = new Parser({ onopentag: (name, attrs) => out.push({ name, attrs }) }, { decodeEntities: true });
  p.write(html);
  p.end();
  return out;
}

/** The text of the document with the tags taken out and entities decoded. */
function textOf(html: string): string {
  let text = '';
  const p = new Parser({ ontext: (t) => (text += t) }, { decodeEntities: true });
  p.write(html.replace(/<style>[\s\S]*?<\/style>/, ''));
  p.end();
  return text;
}

const HOSTILE = [
  '</script><script>alert(1)</script>',
  '<img src=http://tracker.example/p.gif onerror=alert(2)>',
  '"><svg onload=alert(3)>',
  "'><iframe src=https://evil.example/>",
  '<style>body{background:url(https://evil.example/x)}</style>',
  '<!-- <a href="https://evil.example/">click</a> -->',
  '&lt;b&gt; stays as written',
].join('\n');

describe('Report - hostile text stays text', () => {
  const item = makeItem({
    seed: 'hostile',
    subject: '<b onmouseover=alert(4)>Re: </title><script>x</script>',
    text: HOSTILE,
    from: { platform: 'email', address: 'evil@example.org', name: 'Mallory </bdi><script>alert(5)</script>' },
    to: [person('"onfocus=alert(6)"@example.org', '<a href=https://evil.example/>Bob</a>')],
    attachments: [
      {
        name: '<img src=x onerror=alert(7)>.pdf',
        contentType: 'application/pdf"><script>',
        size: 10,
        sha256: SHA,
        disposition: 'attachment',
        contentId: null,
        text: null,
      },
    ],
    flags: ['<script>flag</script>'],
    location: { ...location('/leak/<script>.mbox', 0), member: 'a/<img src=x>.eml' },
  });
  const html = render(
    [item],
    settings({ title: '</title><script>alert(8)</script>', queryText: 'from:"<script>alert(9)</script>"' }),
  );

  it('Report - no element or attribute is made of a message, a name, a path, the title or the query', () => {
    const names = new Set(elements(html).map((e) => e.name));
    for (const bad of [
      'script',
      'img',
      'svg',
      'iframe',
      'object',
      'embed',
      'link',
      'form',
      'base',
      'input',
      'b',
    ]) {
      assert.ok(!names.has(bad), `<${bad}> in the report`);
    }
    assert.equal(elements(html).filter((e) => e.name === 'style').length, 1, 'one stylesheet, ours');
    for (const e of elements(html)) {
      for (const a of Object.keys(e.attrs)) assert.ok(!a.startsWith('on'), `${a} on <${e.name}>`);
    }
  });

  it('Report - the hostile text is all there, as the reader would read it', () => {
    const text = textOf(html);
    for (const line of HOSTILE.split('\n')) assert.ok(text.includes(line), line);
    assert.ok(text.includes('Mallory </bdi><script>alert(5)</script>'));
    assert.ok(text.includes('<img src=x onerror=alert(7)>.pdf'));
    assert.ok(text.includes('from:"<script>alert(9)</script>"'));
    assert.match(html, /<title>&lt;\/title&gt;&lt;script&gt;alert\(8\)&lt;\/script&gt;<\/title>/);
  });

  it('Report - direction overrides and control characters are shown, not obeyed', () => {
    const tricky = makeItem({
      seed: 'rtl',
      subject: 'invoice\u202Efdp.exe',
      text: 'pay to \u202Eorez\u202C now\u0000\u0007 and \u2066isolated\u2069 \u200Fmark\u200B.\ttab\r\nline',
      from: { platform: 'x', address: '1', name: 'admin\u202E', handle: 'evil\u202Dx' },
    });
    const out = render([tricky]);
    for (const c of [
      '\u202E',
      '\u202C',
      '\u202D',
      '\u2066',
      '\u2069',
      '\u200F',
      '\u200B',
      '\u0000',
      '\u0007',
    ]) {
      assert.ok(!out.includes(c), `U+${c.codePointAt(0)?.toString(16)} left in the report`);
    }
    for (const code of ['202E', '202C', '202D', '2066', '2069', '200F', '200B', '0000', '0007']) {
      assert.ok(out.includes(`<span class="ctl">[U+${code}]</span>`), code);
    }
    assert.ok(textOf(out).includes('invoice[U+202E]fdp.exe'));
    assert.ok(out.includes('\ttab\r\nline'), 'tabs and line breaks stay');
    assert.equal(evidenceHtml('a\u202Eb<'), 'a<span class="ctl">[U+202E]</span>b&lt;');
  });
});

describe('Report - loads nothing', () => {
  const items = [
    makeItem({
      seed: 'l1',
      text: 'see https://evil.example/a.png and http://t.co/x',
      links: ['https://evil.example/a.png'],
    }),
    makeItem({
      seed: 'l2',
      sentAt: '2016-10-13T08:00:00.000Z',
      visibility: 'public',
      kind: 'post',
      platform: 'x',
      to: [],
    }),
  ];
  const base = 'http://127.0.0.1:7070';
  const html = render(items, settings({ baseUrl: base }), [
    entry(items[0] as Item, 1, {
      echoes: [
        {
          direction: 'echoed-by',
          partner: {
            id: items[1]?.id ?? '',
            n: 2,
            sentAt: Date.parse('2016-10-13T08:00:00Z'),
            kind: 'post',
            platform: 'x',
            author: 'A',
          },
          latencySeconds: 900,
          relation: 'recipient',
          evidence: [{ kind: 'link', value: 'https://evil.example/a.png' }],
        },
        {
          direction: 'echoed-by',
          partner: { id: hexId('outside'), n: null, sentAt: null, kind: 'post', platform: 'x', author: null },
          latencySeconds: 3600,
          relation: 'other',
          evidence: [{ kind: 'attachment', value: null }],
        },
      ],
    }),
    entry(items[1] as Item, 2),
  ]);

  it('Report - no src, no external href: links only to its own items; permalinks and message links are text', () => {
    for (const e of elements(html)) {
      for (const a of [
        'src',
        'srcset',
        'action',
        'formaction',
        'poster',
        'data',
        'background',
        'xlink:href',
      ]) {
        assert.equal(e.attrs[a], undefined, `${a} on <${e.name}>`);
      }
      if (e.attrs.href !== undefined)
        assert.match(e.attrs.href, /^#item-[0-9a-f]{32}$/, `href ${e.attrs.href}`);
    }
    assert.doesNotMatch(html, /(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    assert.doesNotMatch(html, /@import|url\(/i, 'the stylesheet loads nothing');
    // Every http(s):// in the file is text: the permalinks and the message's own words.
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    for (const u of urls) {
      assert.ok(
        u.startsWith(`${base}/item/`) ||
          u.startsWith('https://evil.example/') ||
          u.startsWith('http://t.co/'),
        u,
      );
    }
    assert.ok(html.includes(`${base}/item/${items[0]?.id}`));
    assert.ok(
      html.includes(`${base}/item/${hexId('outside')}`),
      'an echo outside the report names its permalink',
    );
  });

  it('Report - a Content-Security-Policy that forbids every load, and allows our one stylesheet by its hash', () => {
    const meta = elements(html).find((e) => e.attrs['http-equiv'] === 'Content-Security-Policy');
    assert.equal(meta?.attrs.content, REPORT_CSP);
    assert.match(REPORT_CSP, /^default-src 'none';/);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    assert.ok(REPORT_CSP.includes(`style-src 'sha256-${hash}'`));
    const first = html.indexOf('http-equiv="Content-Security-Policy"');
    assert.ok(first > 0 && first < html.indexOf('<style>') && first < html.indexOf('<title>'));
  });

  it('Report - echoes: latency in words, the partner by number, the evidence; one outside the report says so', () => {
    const text = textOf(html);
    assert.ok(text.includes('15 minutes later · #2'), text);
    assert.ok(text.includes('the same link https://evil.example/a.png'));
    assert.ok(text.includes('1 hour later · not in this report'));
    assert.ok(text.includes('the same file'));
  });
});

describe('Report - times in a zone and in UTC', () => {
  it('Report - across the autumn DST change in Oslo: the same wall time twice, with its own offset', () => {
    const before = makeItem({ seed: 'dst1', sentAt: '2016-10-30T00:30:00.000Z' });
    const after = makeItem({ seed: 'dst2', sentAt: '2016-10-30T01:30:00.000Z' });
    const text = textOf(render([before, after]));
    assert.ok(text.includes('02:30:00 UTC+02:002016-10-30 00:30:00 UTC'), text);
    assert.ok(text.includes('02:30:00 UTC+01:002016-10-30 01:30:00 UTC'));
    const clock = new ReportClock('Europe/Oslo', 'en');
    assert.deepEqual(clock.zoned(Date.parse('2016-10-30T00:59:59Z')), {
      dayKey: '2016-10-30',
      time: '02:59:59',
      offsetMinutes: 120,
    });
    assert.deepEqual(clock.zoned(Date.parse('2016-10-30T01:00:00Z')), {
      dayKey: '2016-10-30',
      time: '02:00:00',
      offsetMinutes: 60,
    });
  });

  it('Report - spring forward: 01:59:59 is followed by 03:00:00; other zones and half-hour offsets', () => {
    const oslo = new ReportClock('Europe/Oslo', 'en');
    assert.equal(oslo.localTime(Date.parse('2016-03-27T00:59:59Z')), '01:59:59 (UTC+01:00)');
    assert.equal(oslo.localTime(Date.parse('2016-03-27T01:00:00Z')), '03:00:00 (UTC+02:00)');
    assert.equal(
      new ReportClock('America/New_York', 'en').localTime(Date.parse('2016-10-12T12:31:00Z')),
      '08:31:00 (UTC-04:00)',
    );
    assert.equal(
      new ReportClock('Asia/Kathmandu', 'en').localTime(Date.parse('2016-10-12T12:31:00Z')),
      '18:16:00 (UTC+05:45)',
    );
    assert.equal(
      new ReportClock('UTC', 'en').localTime(Date.parse('2016-10-12T12:31:00Z')),
      '12:31:00 (UTC)',
    );
  });

  it('Report - items are filed under the day of the chosen zone, and each day is a section (a printed page)', () => {
    const late = makeItem({ seed: 'late', sentAt: '2016-10-12T22:30:00.000Z' });
    const oslo = render([late]);
    assert.match(textOf(oslo), /Thursday,? 13 October 2016/);
    assert.match(oslo, /<section class="day" data-day="2016-10-13">/);
    const utc = render([late], settings({ timeZone: 'UTC' }));
    assert.match(textOf(utc), /Wednesday,? 12 October 2016/);
    const undated = render([late, makeItem({ seed: 'nodate', sentAt: null })]);
    assert.equal((undated.match(/<section class="day/g) ?? []).length, 2);
    assert.ok(textOf(undated).includes('Without a date'));
  });

  it('Report - the time as the source wrote it, when its offset is neither UTC nor the zone’s', () => {
    const ny = makeItem({ seed: 'ny', sentAt: '2016-06-03T14:36:00.000Z', tzOffset: -240 });
    assert.ok(textOf(render([ny])).includes('as the source wrote it: 2016-06-03 10:36:00 (UTC-04:00)'));
    assert.ok(
      !textOf(render([ny], settings({ timeZone: 'America/New_York' }))).includes('as the source wrote it'),
    );
  });

  it('Report - time zone names are checked and made canonical', () => {
    assert.equal(checkTimeZone('europe/oslo'), 'Europe/Oslo');
    assert.equal(checkTimeZone('UTC'), 'UTC');
    assert.throws(() => checkTimeZone('Mars/Olympus'), { code: 'usage' });
    assert.throws(() => checkTimeZone(''), { code: 'usage' });
  });

  it('Report - latencies in words, rounded down', () => {
    assert.equal(durationWords(900, 'en'), '15 minutes');
    assert.equal(durationWords(((24 + 21) * 60 + 11) * 60 + 59, 'en'), '1 day 21 hours 11 minutes');
    assert.equal(durationWords((2 * 60 + 59) * 60, 'en'), '2 hours 59 minutes');
    assert.equal(durationWords(60, 'en'), '1 minute');
    assert.equal(durationWords(42, 'en'), '42 seconds');
    assert.equal(durationWords(900, 'nb'), '15 minutter');
    assert.equal(durationWords(((24 + 21) * 60 + 11) * 60, 'nb'), '1 døgn 21 timer 11 minutter');
    assert.equal(durationWords(3600, 'nb'), '1 time');
  });
});

describe('Report - in Norwegian', () => {
  const dm = makeItem({
    seed: 'nb-dm',
    kind: 'message',
    platform: 'x',
    subject: null,
    from: { platform: 'x', address: '16589206', name: 'WikiLeaks', handle: 'wikileaks' },
    to: [{ platform: 'x', address: '39344374', name: 'Donald Trump Jr.', handle: 'donaldjtrumpjr' }],
  });
  const post = makeItem({
    seed: 'nb-post',
    kind: 'post',
    platform: 'x',
    visibility: 'public',
    to: [],
    sentAt: '2016-10-12T12:46:00.000Z',
  });
  const html = render([dm, post], settings({ lang: 'nb' }), [
    entry(dm, 1, {
      echoes: [
        {
          direction: 'echoed-by',
          partner: {
            id: post.id,
            n: 2,
            sentAt: Date.parse(post.sentAt ?? ''),
            kind: 'post',
            platform: 'x',
            author: 'Donald J. Trump (@realdonaldtrump)',
          },
          latencySeconds: 900,
          relation: 'other',
          evidence: [{ kind: 'mention', value: 'WikiLeaks' }],
        },
      ],
    }),
    entry(post, 2),
  ]);
  const text = textOf(html);

  it('Report - the labels, the dates and the latencies are Norwegian', () => {
    assert.match(html, /<html lang="nb">/);
    for (const s of [
      'Tidslinje',
      'Personer',
      'Oversikt over elementene',
      'onsdag 12. oktober 2016',
      'privat',
      'offentlig',
      'direktemelding',
      'offentlig innlegg',
      'Ekko i',
      '15 minutter senere · #2',
      'nevner avsenderen av den private meldingen: «WikiLeaks»',
      'SHA-256 av de opprinnelige bytene',
      'Lest fra',
      'Slik kontrollerer du denne rapporten',
    ]) {
      assert.ok(text.includes(s), s);
    }
    for (const s of ['Story timeline', 'Echoed by', 'private message', 'minutes later'])
      assert.ok(!text.includes(s), s);
  });

  it('Report - who wrote to whom: names, handles and account ids', () => {
    assert.ok(text.includes('WikiLeaks <@wikileaks>'));
    assert.ok(text.includes('x:16589206'));
    assert.ok(text.includes('Donald Trump Jr. <@donaldjtrumpjr>'));
  });
});

describe('Report - evidence details', () => {
  it('Report - permalink, hash, export file, provenance; a changed or missing original is flagged', () => {
    const item = makeItem({
      seed: 'details',
      location: { ...location('/leak/box.mbox', 4096), member: 'inbox/cur/1' },
    });
    const ok = textOf(render([item]));
    assert.ok(ok.includes(`/item/${item.id}`));
    assert.ok(ok.includes(item.location.sha256));
    assert.ok(ok.includes(`items/${item.id}.eml`));
    assert.ok(ok.includes('/leak/box.mbox · member inbox/cur/1 · bytes 4,096 to 4,196 (100 bytes)'), ok);
    assert.ok(ok.includes('the Date header of the message'));
    const changed = textOf(
      render([item], settings(), [
        entry(item, 1, {
          raw: { sha256: SHA, size: 100, recorded: item.location.sha256, exportFile: 'items/x.eml' },
        }),
      ]),
    );
    assert.ok(changed.includes(`WARNING: the stored bytes no longer hash to ${item.location.sha256}`));
    const missing = textOf(render([item], settings(), [entry(item, 1, { raw: null })]));
    assert.ok(missing.includes('The database holds no original bytes for this item.'));
  });

  it('Report - a base URL is checked: http(s), no query, no credentials, no trailing slash', () => {
    assert.equal(checkBaseUrl('http://127.0.0.1:7070/'), 'http://127.0.0.1:7070');
    assert.equal(checkBaseUrl('https://innsyn.example.org/case-1/'), 'https://innsyn.example.org/case-1');
    for (const bad of [
      'javascript:alert(1)',
      'ftp://x',
      'http://u:p@x',
      'http://x/?a=1',
      'http://x/#y',
      'not a url',
    ]) {
      assert.throws(() => checkBaseUrl(bad), { code: 'usage' }, bad);
    }
  });
});
