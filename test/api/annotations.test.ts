import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { AUTH, HOST, TOKEN, json, startApiCase, type ApiCase } from './api-fixture.js';

type Doc = Record<string, unknown>;
interface AnnotationsDoc {
  target: { kind: string; key: string };
  tags: Array<{ tag: string; author: string | null; createdAt: string }>;
  star: { author: string | null; createdAt: string } | null;
  note: { text: string; author: string | null; createdAt: string; updatedAt: string } | null;
}
interface SummaryDoc {
  id: string;
  conversationId: string | null;
  tags: string[];
  starred: boolean;
  hasNote: boolean;
}
const errorOf = (d: Doc) => d.error as { code: string; message: string };
const annotationsOf = (r: LightMyRequestResponse) => json(r).annotations as AnnotationsDoc;

void describe('API annotations: tags, stars and notes; bulk tagging', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase()));
  after(async () => c.close());

  const send = (
    method: 'PUT' | 'DELETE' | 'POST',
    url: string,
    body?: unknown,
    headers: InjectOptions['headers'] = AUTH,
  ): Promise<LightMyRequestResponse> =>
    c.app.inject({
      method,
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const search = async (q: string): Promise<{ total: number; items: SummaryDoc[] }> =>
    json(await c.get(`/api/search?q=${encodeURIComponent(q)}&sort=date&limit=100`)) as {
      total: number;
      items: SummaryDoc[];
    };

  void test('API - an item is tagged, starred and noted; search results and the item page show it', async () => {
    const id = c.ids.latin1;
    const empty = await c.get(`/api/items/${id}/annotations`);
    assert.equal(empty.statusCode, 200);
    const emptyDoc = json(empty);
    assert.deepEqual(emptyDoc.annotations, {
      target: { kind: 'item', key: id },
      tags: [],
      star: null,
      note: null,
    });
    // A lone email is a thread of one: its conversation has annotations of its own (none yet).
    assert.deepEqual((emptyDoc.conversation as AnnotationsDoc).tags, []);
    const tagged = await send('PUT', `/api/items/${id.toUpperCase()}/tags/Story`);
    assert.equal(tagged.statusCode, 200, tagged.body);
    assert.equal(tagged.headers['cache-control'], 'no-store');
    assert.deepEqual(
      annotationsOf(tagged).tags.map((t) => [t.tag, t.author]),
      [['story', null]],
    );
    assert.equal(annotationsOf(await send('PUT', `/api/items/${id}/star`)).star?.author, null);
    const noted = await send('PUT', `/api/items/${id}/note`, { text: 'Kilde: Kari, bekreftet.' });
    assert.equal(noted.statusCode, 200, noted.body);
    assert.equal(annotationsOf(noted).note?.text, 'Kilde: Kari, bekreftet.');

    const found = await search('tag:story');
    assert.deepEqual(
      found.items.map((i) => [i.id, i.tags, i.starred, i.hasNote]),
      [[id, ['story'], true, true]],
    );
    assert.equal((await search('is:starred has:note')).total, 1);
    const page = json(await c.get(`/api/items/${id}`));
    assert.deepEqual(
      (page.annotations as AnnotationsDoc).tags.map((t) => t.tag),
      ['story'],
    );
    assert.equal((page.annotations as AnnotationsDoc).note?.text, 'Kilde: Kari, bekreftet.');
    assert.ok('conversationAnnotations' in page);

    assert.equal(annotationsOf(await send('DELETE', `/api/items/${id}/tags/story`)).tags.length, 0);
    assert.equal(annotationsOf(await send('DELETE', `/api/items/${id}/star`)).star, null);
    assert.equal(annotationsOf(await send('DELETE', `/api/items/${id}/note`)).note, null);
    assert.equal((await search('tag:story')).total, 0, 'the cached answer was not served after the change');
    assert.equal((await search('is:starred')).total, 0);
  });

  void test('API - a conversation and a person are annotated by their own URLs', async () => {
    const first = (await search('russia')).items.find((i) => i.conversationId !== null);
    assert.ok(first?.conversationId, 'the demo mailbox has threads');
    const conv = first.conversationId;
    const r = await send('PUT', `/api/conversations/${encodeURIComponent(conv.toUpperCase())}/tags/meeting`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(annotationsOf(r).target, { kind: 'conversation', key: conv });
    const members = await search(`conversation:${conv}`);
    assert.ok(members.total > 1);
    const tagged = await search('tag:meeting');
    assert.deepEqual(
      tagged.items.map((i) => i.id).sort(),
      members.items.map((i) => i.id).sort(),
      'every item of the conversation carries its tag',
    );
    const viaItem = json(await c.get(`/api/items/${first.id}/annotations`));
    assert.deepEqual((viaItem.annotations as AnnotationsDoc).tags, []);
    assert.deepEqual(
      (viaItem.conversation as AnnotationsDoc).tags.map((t) => t.tag),
      ['meeting'],
    );
    assert.deepEqual(
      (json(await c.get(`/api/items/${first.id}`)).conversationAnnotations as AnnotationsDoc).tags.map(
        (t) => t.tag,
      ),
      ['meeting'],
    );
    await send('DELETE', `/api/conversations/${encodeURIComponent(conv)}/tags/meeting`);

    const person = await send('PUT', '/api/people/Rob%20Goldstone/star');
    assert.equal(person.statusCode, 200, person.body);
    assert.deepEqual(annotationsOf(person).target, {
      kind: 'person',
      key: 'email:rob.goldstone@example.net',
    });
    const read = json(await c.get('/api/people/email:rob.goldstone@example.net/annotations'));
    assert.ok((read.annotations as AnnotationsDoc).star);
    await send('DELETE', '/api/people/email:rob.goldstone@example.net/star');
  });

  void test('API - a bulk tag covers every match; the tag list counts them', async () => {
    const russia = (await search('russia')).total;
    assert.ok(russia > 1);
    const r = await send('POST', '/api/tags/bulk', { q: 'russia', add: ['russia', 'demo'] });
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(json(r), {
      version: 1,
      query: 'russia',
      matched: russia,
      added: russia * 2,
      removed: 0,
    });
    const again = json(
      await send('POST', '/api/tags/bulk', { q: 'russia', add: ['russia'], remove: ['demo'] }),
    );
    assert.deepEqual([again.added, again.removed], [0, russia]);
    assert.equal((await search('tag:russia')).total, russia);
    const tags = json(await c.get('/api/tags'));
    assert.deepEqual(tags.tags, [{ tag: 'russia', items: russia, conversations: 0, people: 0 }]);
    const none = json(await c.get(`/api/tags?q=${encodeURIComponent('-russia')}`));
    assert.deepEqual(none.tags, [{ tag: 'russia', items: 0, conversations: 0, people: 0 }]);
    const exported = await c.get('/api/annotations/export');
    assert.equal(exported.statusCode, 200);
    assert.match(
      String(exported.headers['content-disposition']),
      /attachment; filename="innsyn-annotations.json"/,
    );
    const file = json(exported) as { format: string; version: number; annotations: Array<{ tag: string }> };
    assert.deepEqual([file.format, file.version, file.annotations.length], ['innsyn-annotations', 1, russia]);
    await send('POST', '/api/tags/bulk', { q: '', remove: ['russia'] });
    assert.equal((await search('has:tag')).total, 0);
  });

  void test('API - bad tags, notes, queries and targets are 400 or 404, and nothing is written', async () => {
    const id = c.ids.demoFirst;
    for (const [r, status, code] of [
      [await send('PUT', `/api/items/${id}/tags/two%20words`), 400, 'bad-request'],
      [await send('PUT', `/api/items/${id}/tags/${'x'.repeat(300)}`), 400, 'bad-request'],
      [await send('PUT', `/api/items/${'0'.repeat(32)}/star`), 404, 'not-found'],
      [await send('PUT', '/api/items/not-an-id/star'), 400, 'bad-request'],
      [await send('PUT', '/api/conversations/nope/star'), 404, 'not-found'],
      [await send('PUT', '/api/people/nobody%40nowhere.invalid/star'), 404, 'not-found'],
      [await send('PUT', `/api/items/${id}/note`, { text: 'bell \u0007' }), 400, 'bad-request'],
      [await send('PUT', `/api/items/${id}/note`, {}), 400, 'bad-request'],
      [await send('POST', '/api/tags/bulk', { q: 'from:"unclosed', add: ['x'] }), 400, 'bad-query'],
      [await send('POST', '/api/tags/bulk', { q: 'russia' }), 400, 'bad-request'],
      [await send('POST', '/api/tags/bulk', { q: 'russia', add: ['ok', 'not ok'] }), 400, 'bad-request'],
      [await c.get('/api/tags?q=from:'), 400, 'bad-query'],
    ] as const) {
      assert.equal(r.statusCode, status, r.body);
      assert.equal(errorOf(json(r)).code, code);
    }
    const long = await send('PUT', `/api/items/${id}/note`, { text: 'x'.repeat(20_001) });
    assert.equal(long.statusCode, 400);
    const fits = await send('PUT', `/api/items/${id}/note`, { text: 'ø'.repeat(20_000) });
    assert.equal(fits.statusCode, 200, 'a note of the longest length fits the route body limit');
    await send('DELETE', `/api/items/${id}/note`);
    assert.equal((await search('has:tag OR has:note OR is:starred')).total, 0);
  });

  void test('API - the writes pass every request guard: token, Host, Sec-Fetch-Site, JSON bodies only', async () => {
    const id = c.ids.demoLast;
    const attempts: Array<[string, 'PUT' | 'DELETE' | 'POST', string, unknown]> = [
      ['tag', 'PUT', `/api/items/${id}/tags/evil`, undefined],
      ['star', 'PUT', `/api/items/${id}/star`, undefined],
      ['note', 'PUT', `/api/items/${id}/note`, { text: 'planted' }],
      ['bulk', 'POST', '/api/tags/bulk', { q: '', add: ['evil'] }],
    ];
    for (const [what, method, url, body] of attempts) {
      assert.equal((await send(method, url, body, { host: HOST })).statusCode, 401, `${what}: no token`);
      assert.equal(
        (await send(method, url, body, { host: HOST, authorization: 'Bearer wrong-token' })).statusCode,
        401,
        `${what}: a wrong token`,
      );
      for (const site of ['cross-site', 'same-site']) {
        assert.equal(
          (await send(method, url, body, { ...AUTH, 'sec-fetch-site': site })).statusCode,
          403,
          `${what}: ${site}`,
        );
      }
      assert.equal(
        (await send(method, url, body, { host: 'evil.example:7070', authorization: `Bearer ${TOKEN}` }))
          .statusCode,
        421,
        `${what}: DNS rebinding`,
      );
    }
    // What an HTML form can send: text/plain and urlencoded bodies are refused before any change.
    for (const url of [`/api/items/${id}/note`, '/api/tags/bulk']) {
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const r = await c.app.inject({
          method: url.endsWith('/note') ? 'PUT' : 'POST',
          url,
          headers: { ...AUTH, 'content-type': type },
          payload: JSON.stringify({ q: '', add: ['evil'], text: 'planted' }),
        });
        assert.equal(r.statusCode, 415, `${url} ${type}`);
      }
    }
    // A form can only GET or POST: the other methods of a form are not routes.
    const formPost = await c.app.inject({
      method: 'POST',
      url: `/api/items/${id}/star`,
      headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(formPost.statusCode, 404);
    const same = await send('PUT', `/api/items/${id}/star`, undefined, {
      ...AUTH,
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(same.statusCode, 200, 'the UI itself may');
    await send('DELETE', `/api/items/${id}/star`);
    assert.equal((await search('tag:evil OR is:starred OR has:note')).total, 0, 'nothing was written');
  });
});

void describe('API saved searches and batch search', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase()));
  after(async () => c.close());

  const send = (
    method: 'PUT' | 'DELETE' | 'POST',
    url: string,
    body?: unknown,
    headers: InjectOptions['headers'] = AUTH,
  ): Promise<LightMyRequestResponse> =>
    c.app.inject({
      method,
      url,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const total = async (q: string): Promise<number> =>
    json(await c.get(`/api/search?q=${encodeURIComponent(q)}`)).total as number;

  void test('API - a search is saved, replaced, listed and deleted', async () => {
    assert.deepEqual(json(await c.get('/api/saved-searches')), { version: 1, searches: [] });
    const saved = await send('PUT', '/api/saved-searches/Russia%20meeting', { query: 'russia date:2016-06' });
    assert.equal(saved.statusCode, 200, saved.body);
    const doc = json(saved).search as { name: string; query: string; author: string | null };
    assert.deepEqual([doc.name, doc.query, doc.author], ['Russia meeting', 'russia date:2016-06', null]);
    await send('PUT', '/api/saved-searches/russia%20MEETING', { query: 'russia' });
    const list = json(await c.get('/api/saved-searches')).searches as Array<{ name: string; query: string }>;
    assert.deepEqual(
      list.map((s) => [s.name, s.query]),
      [['russia MEETING', 'russia']],
    );
    const bad = await send('PUT', '/api/saved-searches/broken', { query: 'from:"unclosed' });
    assert.equal(bad.statusCode, 400);
    assert.equal(errorOf(json(bad)).code, 'bad-query');
    assert.equal(
      (await send('PUT', '/api/saved-searches/x', { query: 'a' }, { host: HOST })).statusCode,
      401,
    );
    assert.equal(
      (
        await send(
          'PUT',
          '/api/saved-searches/x',
          { query: 'a' },
          { ...AUTH, 'sec-fetch-site': 'cross-site' },
        )
      ).statusCode,
      403,
    );
    const form = await c.app.inject({
      method: 'PUT',
      url: '/api/saved-searches/x',
      headers: { ...AUTH, 'content-type': 'text/plain' },
      payload: JSON.stringify({ query: 'a' }),
    });
    assert.equal(form.statusCode, 415);
    assert.equal((await send('DELETE', '/api/saved-searches/Russia%20Meeting')).statusCode, 200);
    const gone = await send('DELETE', '/api/saved-searches/Russia%20Meeting');
    assert.equal(gone.statusCode, 404);
    assert.deepEqual(json(await c.get('/api/saved-searches')).searches, []);
  });

  void test('API - a batch search gives hits per term with the filter; a bad filter is 400 with its column', async () => {
    const r = await send('POST', '/api/batch-search', {
      terms: ['russia', 'goldstone', 'russia', '  ', 'zzznothing', 'from:"x', '--'],
      filter: 'has:attachment OR -has:attachment',
    });
    assert.equal(r.statusCode, 200, r.body);
    const doc = json(r) as {
      filter: string;
      exact: boolean;
      rows: Array<{
        term: string;
        hits: number | null;
        error: string | null;
        reason: { key: string } | null;
      }>;
    };
    assert.deepEqual(
      doc.rows.map((x) => [x.term, x.hits, x.error === null, x.reason?.key ?? null]),
      [
        ['russia', await total('russia'), true, null],
        ['goldstone', await total('goldstone'), true, null],
        ['zzznothing', 0, true, null],
        // The error as data too, for a client in another language.
        ['from:"x', null, false, 'unclosed-quote'],
        ['--', null, false, 'no-words'],
      ],
    );
    assert.deepEqual([doc.filter, doc.exact], ['has:attachment OR -has:attachment', false]);
    const bad = await send('POST', '/api/batch-search', { terms: ['russia'], filter: 'date:2016-13' });
    assert.equal(bad.statusCode, 400);
    const e = json(bad).error as { code: string; message: string; column: number };
    assert.equal(e.code, 'bad-query');
    assert.match(e.message, /^the filter: /);
    assert.equal(e.column, 11, 'the month, in the filter');
    for (const body of [{ terms: [] }, { terms: ['x'], exact: 'yes' }, { filter: 'x' }]) {
      assert.equal((await send('POST', '/api/batch-search', body)).statusCode, 400, JSON.stringify(body));
    }
    const many = await send('POST', '/api/batch-search', {
      terms: Array.from({ length: 2001 }, (_, i) => `t${i}`),
    });
    assert.equal(many.statusCode, 400);
    assert.equal(
      (await send('POST', '/api/batch-search', { terms: ['russia'] }, { host: HOST })).statusCode,
      401,
    );
  });
});
