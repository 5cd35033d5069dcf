import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { APP_CSP, AUTH, HOST, TOKEN, json, startApiCase, type ApiCase } from './api-fixture.js';

void describe('API access: token, Host, Sec-Fetch-Site, headers', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase()));
  after(async () => c.close());

  const dataUrls = () => [
    '/api/search?q=russia',
    `/api/items/${c.ids.demoLast}`,
    `/api/items/${c.ids.hostile}/html`,
    '/api/stats',
    '/api/sources',
    '/api/openapi.json',
    `/item/${c.ids.demoLast}/raw`,
    '/attachment/' + 'a'.repeat(64),
  ];

  void test('API - every data route answers 401 JSON without a token', async () => {
    for (const url of dataUrls()) {
      const r = await c.get(url, { host: HOST });
      assert.equal(r.statusCode, 401, url);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.deepEqual(Object.keys(json(r)), ['version', 'error']);
      assert.equal((json(r).error as { code: string }).code, 'unauthorized');
    }
  });

  void test('API - a Bearer token or the cookie lets a request in; a wrong one does not', async () => {
    assert.equal(
      (await c.get('/api/stats', { host: HOST, authorization: `Bearer ${TOKEN}` })).statusCode,
      200,
    );
    assert.equal(
      (await c.get('/api/stats', { host: HOST, authorization: `bearer ${TOKEN}` })).statusCode,
      200,
    );
    assert.equal(
      (await c.get('/api/stats', { host: HOST, cookie: `a=b; ${c.cookieName}=${TOKEN}` })).statusCode,
      200,
    );
    for (const headers of [
      { host: HOST, authorization: `Bearer ${TOKEN}x` },
      { host: HOST, authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { host: HOST, authorization: `Basic ${TOKEN}` },
      { host: HOST, cookie: `innsyn_token=${TOKEN}` },
      { host: HOST, cookie: `${c.cookieName}=` },
    ]) {
      assert.equal((await c.get('/api/stats', headers)).statusCode, 401, JSON.stringify(headers));
    }
  });

  void test('API - ?token= sets an HttpOnly SameSite=Strict cookie and redirects to the URL without it', async () => {
    const r = await c.get(`/search?q=russia&token=${TOKEN}&sort=date`, { host: HOST });
    assert.equal(r.statusCode, 303);
    assert.equal(r.headers.location, '/search?q=russia&sort=date');
    const cookie = String(r.headers['set-cookie']);
    assert.equal(cookie, `${c.cookieName}=${TOKEN}; Path=/; HttpOnly; SameSite=Strict`);
    const pair = cookie.split(';')[0] as string;
    assert.equal((await c.get('/api/search?q=russia', { host: HOST, cookie: pair })).statusCode, 200);
    // No open redirect: the path stays on this server.
    const odd = await c.get(`//evil.example/x?token=${TOKEN}`, { host: HOST });
    assert.equal(odd.statusCode, 303);
    assert.equal(odd.headers.location, '/evil.example/x');
    const slash = await c.get(`/\\evil.example/x?token=${TOKEN}`, { host: HOST });
    assert.match(String(slash.headers.location), /^\/[^/\\]/, 'one leading slash, no host');
  });

  void test('API - a wrong ?token= is refused and sets nothing', async () => {
    const r = await c.get('/?token=guess', { host: HOST });
    assert.equal(r.statusCode, 401);
    assert.equal(r.headers['set-cookie'], undefined);
  });

  void test('API - the UI shell and its assets need no token; encoded or doubled paths do not reach data', async () => {
    assert.equal((await c.get('/', { host: HOST })).statusCode, 200);
    assert.equal((await c.get('/search?q=x', { host: HOST })).statusCode, 200);
    assert.equal((await c.get('/assets/app-abc123.js', { host: HOST })).statusCode, 200);
    // The permalink page is the shell too: it must open from a link in another app; its data is not in it.
    const page = await c.get(`/item/${c.ids.demoLast}`, { host: HOST });
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Goldstone|Russia/);
    for (const url of [
      '/%61pi/stats',
      '/API/stats',
      '//api/stats',
      '/api//stats',
      '/api/./stats',
      '/x/../api/stats',
    ]) {
      const r = await c.get(url, { host: HOST });
      assert.doesNotMatch(r.body, /"stats"|"byKind"/, `${url} answered ${r.statusCode} with data`);
      assert.ok([200, 401, 404].includes(r.statusCode), `${url}: ${r.statusCode}`);
    }
  });

  void test('API - a Host that is not the server own is refused with 421, token or not', async () => {
    for (const host of [
      'evil.example',
      'evil.example:7070',
      '127.0.0.1:7071',
      '127.0.0.1',
      'localhost.evil.example:7070',
      '',
    ]) {
      const r = await c.get('/api/stats', { host, authorization: `Bearer ${TOKEN}` });
      assert.equal(r.statusCode, 421, `Host: ${host}`);
      assert.equal((json(r).error as { code: string }).code, 'misdirected');
    }
    assert.equal((await c.get('/', { host: 'evil.example:7070' })).statusCode, 421, 'the UI too');
    for (const host of ['127.0.0.1:7070', 'localhost:7070', 'LOCALHOST:7070', '[::1]:7070']) {
      assert.equal((await c.get('/api/stats', { ...AUTH, host })).statusCode, 200, `Host: ${host}`);
    }
  });

  void test('API - requests another site (or another port) made the browser send are refused with 403', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await c.get('/api/stats', { ...AUTH, 'sec-fetch-site': site });
      assert.equal(r.statusCode, 403, site);
      assert.equal((json(r).error as { code: string }).code, 'forbidden');
      const a = await c.get('/attachment/' + 'a'.repeat(64), { ...AUTH, 'sec-fetch-site': site });
      assert.equal(a.statusCode, 403);
    }
    for (const site of ['same-origin', 'none']) {
      assert.equal((await c.get('/api/stats', { ...AUTH, 'sec-fetch-site': site })).statusCode, 200, site);
    }
    // A permalink followed from another site is a navigation to the shell: it loads (no data in it);
    // the same site's request for data, or a non-navigation fetch of the shell, is still refused.
    const nav = { host: HOST, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };
    assert.equal((await c.get(`/item/${c.ids.demoLast}`, nav)).statusCode, 200);
    assert.equal((await c.get('/api/stats', { ...AUTH, ...nav })).statusCode, 403);
    assert.equal(
      (
        await c.get(`/item/${c.ids.demoLast}`, {
          host: HOST,
          'sec-fetch-site': 'cross-site',
          'sec-fetch-mode': 'no-cors',
        })
      ).statusCode,
      403,
    );
  });

  void test('API - security headers on every answer, refusals included', async () => {
    const answers = [
      await c.get('/api/stats'),
      await c.get('/api/stats', { host: HOST }),
      await c.get('/api/stats', { host: 'evil.example' }),
      await c.get('/api/stats', { ...AUTH, 'sec-fetch-site': 'cross-site' }),
      await c.get('/api/nothing-here'),
      await c.get('/api/search?limit=0'),
      await c.get('/'),
      await c.get('/assets/app-abc123.js'),
    ];
    for (const r of answers) {
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
      assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
      assert.equal(r.headers['content-security-policy'], APP_CSP);
    }
  });
});
