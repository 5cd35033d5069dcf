/**
 * GET /api/echoes on the seed scenario (demo/: the son's X archive, the father's posts, the
 * email chain) through the real app: the echoes with both texts and the evidence marked in
 * each, `item=` (the echoes one item is in, from either side), `q` on the private side, and
 * the cache of the whole case's echoes per data version and window.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { excerptAround, linkSpans, termSpans, type EchoMark } from '../../src/api/echo-marks.js';
import { buildApp, type InnsynApp } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/shared.js';
import { AUTH, DEMO_MBOX, PORT, TOKEN } from './api-fixture.js';

const ARCHIVE = path.join(repoRoot, 'demo', 'DonaldJTrumpJr-x-archive');
const POSTS = path.join(repoRoot, 'demo', 'realDonaldTrump-public-posts.csv');

interface Mark {
  start: number;
  end: number;
  kind: string;
}
interface Side {
  id: string;
  sentAt: string;
  text: string;
  textOffset: number;
  textLength: number;
  marks: Mark[];
}
interface Row {
  privateId: string;
  publicId: string;
  latencySeconds: number;
  relation: string;
  evidence: Array<{ kind: string; detail: string; terms?: string[] }>;
  score: number;
  private: Side & { from: string; to: string[]; toCount: number };
  public: Side & { author: string };
}
interface Answer {
  total: number;
  echoes: Row[];
  people: Record<string, { name: string | null; handle: string | null }>;
}

/** The marked parts of one side's text, as "kind:text". */
const marked = (s: Side) => s.marks.map((m) => `${m.kind}:${s.text.slice(m.start, m.end)}`);

/** The seed case in a real SQLite store; `counted` counts the whole-case reads (with texts). */
async function seedCase(dir: string) {
  const store = await openStore(path.join(dir, 'case.db'));
  await ingest([ARCHIVE, POSTS, DEMO_MBOX], store, { workers: 0 });
  await store.rebuildPeople();
  const reads = { withText: 0 };
  const counted = new Proxy(store, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop === 'analysisItems')
        return (q: Parameters<Store['analysisItems']>[0], o: { text: boolean }) => {
          if (o.text) reads.withText += 1;
          return target.analysisItems(q, o);
        };
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const built = await buildApp({ store: counted, token: TOKEN, port: PORT, uiDir: dir, log: () => {} });
  const get = async (url: string) => {
    const r = await built.app.inject({ url, headers: AUTH });
    return { status: r.statusCode, body: r.json() as Answer & { error?: { code: string; column?: number } } };
  };
  const id = async (q: string) =>
    (await store.search(parseQuery(q), { limit: 1, offset: 0, sort: 'date' })).items[0]?.id ?? '';
  return { store, built, get, id, reads };
}

void describe('API echoes - the seed scenario', () => {
  let dir: string;
  let store: Store;
  let built: InnsynApp;
  let get: Awaited<ReturnType<typeof seedCase>>['get'];
  let id: Awaited<ReturnType<typeof seedCase>>['id'];
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-echoes-'));
    ({ store, built, get, id } = await seedCase(dir));
  });
  after(async () => {
    await built.app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('API echoes - the three echoes of EXPECTED.md with their latencies, texts, people and marks in both texts', async () => {
    const r = await get('/api/echoes');
    assert.equal(r.status, 200);
    const { echoes, people } = r.body;
    assert.equal(r.body.total, echoes.length);
    const byLatency = (s: number) => echoes.find((e) => e.latencySeconds === s);
    const father = byLatency(15 * 60);
    const son = byLatency(((24 + 21) * 60 + 11) * 60);
    const emails = byLatency((2 * 60 + 59) * 60);
    assert.ok(father && son && emails, 'the three seed echoes');
    // The link DM, sent 12:31, echoed by both.
    assert.equal(father.privateId, son.privateId);
    assert.equal(father.private.sentAt, '2016-10-12T12:31:00.000Z');
    assert.equal(father.public.sentAt, '2016-10-12T12:46:00.000Z');
    assert.match(father.private.text, /^Hi Donald, nice to see you/);
    assert.equal(father.private.textOffset, 0);
    assert.equal(father.private.textLength, father.private.text.length);
    // Who wrote to whom, and who posted: person keys with names and handles beside them.
    assert.equal(people[son.private.from]?.handle, 'wikileaks');
    assert.deepEqual(
      son.private.to.map((k) => people[k]?.handle),
      ['donaldjtrumpjr'],
    );
    assert.equal(son.private.toCount, 1);
    assert.equal(people[son.public.author]?.name, 'Donald Trump Jr.');
    assert.equal(people[father.public.author]?.handle, 'realdonaldtrump');
    assert.equal(son.relation, 'recipient');
    // The link, as each text writes it; the name of the sender in the posts.
    assert.deepEqual(marked(son.private), ['link:wlsearch.tk']);
    assert.deepEqual(marked(son.public), ['mention:wikileaks', 'link:http://wlsearch.tk/']);
    assert.deepEqual(marked(father.public), ['mention:WikiLeaks']);
    assert.deepEqual(marked(father.private), [], 'the DM does not name its own sender');
    // The shared rare words, each text's own forms of them.
    assert.deepEqual(
      emails.evidence.map((e) => e.kind),
      ['terms'],
    );
    assert.deepEqual(marked(emails.private), ['terms:meeting', 'terms:emails', 'terms:publish']);
    assert.deepEqual(marked(emails.public), ['terms:publishing', 'terms:email', 'terms:meeting']);
  });

  test('API echoes - item= gives the echoes of one item from either side; an unknown item is a 404', async () => {
    const all = (await get('/api/echoes')).body.echoes;
    const dm = all.find((e) => e.latencySeconds === 15 * 60)?.privateId as string;
    const ofDm = await get(`/api/echoes?item=${dm}`);
    assert.equal(ofDm.status, 200);
    assert.deepEqual(
      ofDm.body.echoes.map((e) => [e.privateId, e.latencySeconds]),
      all.filter((e) => e.privateId === dm).map((e) => [dm, e.latencySeconds]),
    );
    assert.deepEqual(
      ofDm.body.echoes.map((e) => e.latencySeconds).sort((a, b) => a - b),
      [900, 162_660],
    );
    // The father's post echoes both DMs of the burst (12:31 and 12:33).
    const post = await id('is:public wikileaks from:realdonaldtrump');
    const ofPost = await get(`/api/echoes?item=${post.toUpperCase()}`);
    assert.deepEqual(
      ofPost.body.echoes.map((e) => e.publicId),
      [post, post],
    );
    assert.deepEqual(ofPost.body.echoes.map((e) => e.private.sentAt).sort(), [
      '2016-10-12T12:31:00.000Z',
      '2016-10-12T12:33:00.000Z',
    ]);
    // An item in no echo: an empty answer, not an error.
    const family = await id('family');
    const none = await get(`/api/echoes?item=${family}`);
    assert.equal(none.status, 200);
    assert.deepEqual([none.body.total, none.body.echoes], [0, []]);
    assert.equal((await get(`/api/echoes?item=${'0'.repeat(32)}`)).status, 404);
    assert.equal((await get('/api/echoes?item=not-an-id')).status, 400);
  });

  test('API echoes - q keeps the echoes whose private item matches; minScore and limit cut after it', async () => {
    const all = (await get('/api/echoes')).body;
    const link = await get(`/api/echoes?q=${encodeURIComponent('link:wlsearch.tk')}`);
    assert.equal(link.status, 200);
    const dm = all.echoes.find((e) => e.latencySeconds === 900)?.privateId;
    assert.ok(link.body.echoes.length === 2 && link.body.echoes.every((e) => e.privateId === dm));
    assert.equal((await get(`/api/echoes?q=${encodeURIComponent('from:wikileaks')}`)).body.total, all.total);
    assert.equal((await get('/api/echoes?q=tax')).body.total, 0, 'the tax request was never echoed');
    const bad = await get(`/api/echoes?q=${encodeURIComponent('from:(a')}`);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.code, 'bad-query');
    const strong = await get('/api/echoes?minScore=0.5');
    assert.ok(strong.body.echoes.length > 0 && strong.body.echoes.every((e) => e.score >= 0.5));
    assert.equal(strong.body.total, all.echoes.filter((e) => e.score >= 0.5).length);
    const one = await get('/api/echoes?limit=1');
    assert.deepEqual([one.body.total, one.body.echoes.length], [all.total, 1]);
    assert.equal(one.body.echoes[0]?.score, Math.max(...all.echoes.map((e) => e.score)));
  });
});

void describe('API echoes - the cache of the whole case per data version and window', () => {
  let dir: string;
  let c: Awaited<ReturnType<typeof seedCase>>;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-echoes-cache-'));
    c = await seedCase(dir);
  });
  after(async () => {
    await c.built.app.close();
    await c.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('API echoes - the case is read once for every filter of one window, again for another window or new data', async () => {
    const first = await c.get('/api/echoes');
    assert.equal(c.reads.withText, 1);
    const dm = first.body.echoes[0]?.privateId as string;
    for (const url of [
      `/api/echoes?item=${dm}`,
      '/api/echoes?limit=1',
      '/api/echoes?minScore=1',
      `/api/echoes?q=${encodeURIComponent('link:wlsearch.tk')}`,
    ])
      assert.equal((await c.get(url)).status, 200, url);
    assert.equal(c.reads.withText, 1, 'filters and items are answered from the cached echoes');

    const hour = await c.get('/api/echoes?window=3600');
    assert.equal(c.reads.withText, 2);
    assert.ok(hour.body.echoes.every((e) => e.latencySeconds <= 3600));
    assert.ok(hour.body.total < first.body.total);
    await c.get('/api/echoes');
    assert.equal(c.reads.withText, 2, 'two windows are kept');

    // New data: a post that quotes the tax request of 2016-10-21 09:10, the next morning.
    const csv = path.join(dir, 'leakwatch.csv');
    writeFileSync(
      csv,
      'id,created_at,author_handle,author_name,text,url\n' +
        '900000000000000001,2016-10-22 08:00:00+00:00,leakwatch,Leak Watch,' +
        '"They were asked to pass us one or more of your father\'s tax returns, we hear.",' +
        'https://twitter.com/leakwatch/status/900000000000000001\n',
    );
    await ingest([csv], c.store, { workers: 0 });
    await c.store.rebuildPeople();
    const [a, b] = await Promise.all([c.get('/api/echoes'), c.get('/api/echoes?q=tax')]);
    assert.equal(c.reads.withText, 3, 'one read for the new data version, shared by two requests at once');
    assert.equal(a.body.total, first.body.total + 1);
    assert.equal(b.body.echoes.length, 1);
    const quote = b.body.echoes[0] as Row;
    assert.equal(quote.evidence[0]?.kind, 'quote');
    // The passage in both texts; the rare words of it (also evidence) inside it.
    const passage = "quote:pass us one or more of your father's tax returns";
    for (const side of [quote.private, quote.public]) {
      assert.deepEqual(
        marked(side).filter((x) => x.startsWith('quote:')),
        [passage],
      );
      assert.ok(marked(side).includes('terms:tax'));
    }
    assert.equal(quote.latencySeconds, (22 * 60 + 50) * 60);
  });
});

void describe('API echoes - finding the evidence in the texts', () => {
  const at = (text: string, spans: Array<[number, number]>) => spans.map(([a, b]) => text.slice(a, b));
  test('API echoes - a link is found however the text writes it, punctuation around it left out', () => {
    const text =
      'See wlsearch.tk, or (https://www.WLSearch.tk/?utm_source=x). Not wlsearch.tk.evil.com nor wlsearch.tk/other';
    assert.deepEqual(at(text, linkSpans(text, 'wlsearch.tk')), [
      'wlsearch.tk',
      'https://www.WLSearch.tk/?utm_source=x',
    ]);
    assert.deepEqual(linkSpans(text, ''), []);
    assert.deepEqual(linkSpans('no links here at all.', 'wlsearch.tk'), []);
  });
  test('API echoes - shared words: every form with the stem, in each language, stop words and short words never', () => {
    const P = { text: 'Send us the emails about the meeting; we publish them.', lang: 'en' };
    const Q = { text: 'I am publishing the email chain about the meetings. Email me.', lang: 'en' };
    const s = termSpans(['publishing', 'email', 'meetings'], P, Q);
    assert.deepEqual(at(P.text, s.private), ['emails', 'meeting', 'publish']);
    assert.deepEqual(at(Q.text, s.public), ['publishing', 'email', 'meetings', 'Email']);
    const nb = termSpans(
      ['skattemeldingen'],
      { text: 'Send oss skattemeldingene hans.', lang: 'nb' },
      {
        text: 'Her er skattemeldingen.',
        lang: 'nb',
      },
    );
    assert.deepEqual([nb.private.length, nb.public.length], [1, 1]);
    assert.deepEqual(termSpans(['the'], P, Q), { private: [], public: [] });
  });
  test('API echoes - a long text is cut around its first mark; the marks move with it; a surrogate pair is never split', () => {
    const long = `${'x'.repeat(5000)} needle ${'y'.repeat(5000)}`;
    const start = long.indexOf('needle');
    const marks: EchoMark[] = [
      { start, end: start + 6, kind: 'terms' },
      { start: 10_000, end: 10_004, kind: 'terms' },
    ];
    const e = excerptAround(long, marks, 1000);
    assert.equal(e.text.length, 1000);
    assert.equal(e.length, long.length);
    assert.ok(e.offset > 0 && e.offset < start);
    assert.deepEqual(
      e.marks.map((m) => e.text.slice(m.start, m.end)),
      ['needle'],
    );
    const short = excerptAround('all of it', [], 1000);
    assert.deepEqual([short.text, short.offset, short.length], ['all of it', 0, 9]);
    const emoji = '😀'.repeat(600);
    const cut = excerptAround(emoji, [{ start: 401, end: 403, kind: 'quote' }], 101);
    assert.ok(!/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(cut.text), 'no half of a pair at either end');
  });
});
