import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Parser } from 'htmlparser2';
import { attachmentDisposition, safeFilename } from '../../src/api/content-disposition.js';
import type { Item } from '../../src/model/index.js';
import { parseEmail } from '../../src/sources/email/index.js';
import { connect } from 'node:net';
import { startServer, type RunningServer } from '../../src/api/index.js';
import { AUTH, HOSTILE_EML, TOKEN, json, startApiCase, type ApiCase } from './api-fixture.js';

const INERT = "default-src 'none'; sandbox";
const MESSAGE_CSP =
  "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";

void describe('API content: raw bytes, attachments, sanitised HTML, the UI', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase()));
  after(async () => c.close());

  void test('API - raw: the exact bytes, inline as text in their own charset, or as a download', async () => {
    for (const [id, charset] of [
      [c.ids.demoLast, 'utf-8'],
      [c.ids.latin1, 'windows-1252'],
      [c.ids.hostile, 'utf-8'],
    ] as const) {
      const r = await c.get(`/item/${id}/raw`);
      assert.equal(r.statusCode, 200);
      assert.ok(r.rawPayload.equals(Buffer.from((await c.store.getRaw(id)) as Uint8Array)), 'byte for byte');
      assert.equal(r.headers['content-type'], `text/plain; charset=${charset}`);
      assert.equal(r.headers['content-security-policy'], INERT);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['content-disposition'], 'inline');
    }
    const latin1 = await c.get(`/item/${c.ids.latin1}/raw`);
    assert.ok(
      latin1.rawPayload.includes(Buffer.from([0x42, 0x6c, 0xe5])),
      'Bl\\xe5 as it was, not re-encoded',
    );
    const d = await c.get(`/item/${c.ids.demoLast}/raw?download=1`);
    assert.equal(d.headers['content-type'], 'application/octet-stream');
    assert.equal(d.headers['content-disposition'], `attachment; filename="${c.ids.demoLast}.eml"`);
    assert.ok(d.rawPayload.equals(Buffer.from((await c.store.getRaw(c.ids.demoLast)) as Uint8Array)));
    assert.equal((await c.get(`/item/${c.ids.demoLast}/raw?download=2`)).statusCode, 400);
    assert.equal((await c.get(`/item/${'0'.repeat(32)}/raw`)).statusCode, 404);
    assert.equal((await c.get('/item/zz/raw')).statusCode, 400);
  });

  void test('API - attachment: the exact bytes as a download, never the declared type, a safe name', async () => {
    const parsed = parseEmail(readFileSync(HOSTILE_EML));
    const part = parsed.attachments[0];
    assert.ok(part);
    assert.equal(part.contentType, 'text/html');
    const r = await c.get(`/attachment/${part.sha256}`);
    assert.equal(r.statusCode, 200);
    assert.ok(r.rawPayload.equals(Buffer.from(part.content)));
    assert.equal(createHash('sha256').update(r.rawPayload).digest('hex'), part.sha256);
    assert.equal(r.headers['content-type'], 'application/octet-stream');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['content-security-policy'], INERT);
    assert.equal(
      r.headers['content-disposition'],
      `attachment; filename="evil.html"; filename*=UTF-8''evil.html`,
    );
    assert.equal((await c.get(`/attachment/${part.sha256.toUpperCase()}`)).statusCode, 200);
    assert.equal((await c.get(`/attachment/${'a'.repeat(64)}`)).statusCode, 404);
    assert.equal((await c.get(`/attachment/${'g'.repeat(64)}`)).statusCode, 400);
    // URL normalisation turns this into /etc/passwd, a UI path: the shell, not a file.
    assert.notEqual(
      (await c.get('/attachment/../../etc/passwd')).headers['content-type'],
      'application/octet-stream',
    );
  });

  void test('API - file names from hostile messages become plain file names', () => {
    const cases: Array<[string | null, string]> = [
      ['..\\..\\evil.html', 'evil.html'],
      ['../../etc/passwd', 'etc_passwd'],
      ['/abs/path.txt', 'abs_path.txt'],
      ['a"b\r\nSet-Cookie: x=1.pdf', 'a_bSet-Cookie_ x=1.pdf'],
      ['.hidden', 'hidden'],
      ['report.pdf. . ', 'report.pdf'],
      ['invoice\u202efdp.exe', 'invoicefdp.exe'],
      ['', 'fallback'],
      [null, 'fallback'],
      ['...', 'fallback'],
      ['møtereferat æøå.docx', 'møtereferat æøå.docx'],
    ];
    for (const [name, expected] of cases)
      assert.equal(safeFilename(name, 'fallback'), expected, String(name));
    const long = safeFilename(`${'x'.repeat(500)}.pdf`, 'f');
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('.pdf'));
    assert.equal(
      attachmentDisposition('møte (1).pdf', 'f'),
      `attachment; filename="m_te (1).pdf"; filename*=UTF-8''m%C3%B8te%20%281%29.pdf`,
    );
    for (const [name] of cases) assert.doesNotMatch(attachmentDisposition(name, 'f'), /[\r\n]/);
  });

  void test('API - HTML: sanitised, as a document for a sandboxed frame under a CSP that loads nothing', async () => {
    const r = await c.get(`/api/items/${c.ids.hostile}/html`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(r.headers['content-security-policy'], MESSAGE_CSP);
    assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.match(r.body, /This paragraph must be visible/);
    assert.match(r.body, /remote image blocked: tracker\.invalid/);
    const tags = new Set<string>();
    const attributes = new Set<string>();
    new Parser({
      onopentag(name, attribs) {
        tags.add(name);
        for (const [k, v] of Object.entries(attribs)) attributes.add(`${k}=${v}`);
      },
    }).end(r.body);
    for (const bad of [
      'script',
      'iframe',
      'object',
      'embed',
      'svg',
      'math',
      'form',
      'input',
      'link',
      'base',
      'video',
      'audio',
    ]) {
      assert.ok(!tags.has(bad), `no <${bad}>`);
    }
    assert.deepEqual(
      [...tags].filter((t) => t === 'meta'),
      ['meta'],
      'only our own <meta charset>',
    );
    assert.ok(attributes.has('charset=utf-8'));
    for (const a of attributes) {
      assert.doesNotMatch(
        a,
        /^on|^href=|^src=(?!data:image)|^srcset=|^background=|^action=|^formaction=|^ping=/,
        a,
      );
      assert.doesNotMatch(a, /javascript:|__pwned/i, a);
      // A link's http(s) target survives only as text in its title, for the reporter to read.
      if (!a.startsWith('title=')) assert.doesNotMatch(a, /tracker\.invalid/, a);
    }
    const head = await c.app.inject({
      method: 'HEAD',
      url: `/api/items/${c.ids.hostile}/html`,
      headers: AUTH,
    });
    assert.equal(head.statusCode, 200);
    assert.equal(head.body, '');
    const none = await c.get(`/api/items/${c.ids.demoLast}/html`);
    assert.equal(none.statusCode, 404);
    assert.match((json(none).error as { message: string }).message, /has no HTML/);
    const noneHead = await c.app.inject({
      method: 'HEAD',
      url: `/api/items/${c.ids.demoLast}/html`,
      headers: AUTH,
    });
    assert.equal(noneHead.statusCode, 404);
    const item = json(await c.get(`/api/items/${c.ids.demoLast}`)).item as Item;
    assert.equal(item.html, null, 'the UI learns there is no HTML without asking');
  });

  void test('API - the UI: index.html for app paths, assets with their type and a long cache, no way out of dist', async () => {
    for (const url of ['/', '/search?q=x', '/sources', `/thread/${'a'.repeat(32)}`, '/anything/else']) {
      const r = await c.get(url, { host: AUTH.host });
      assert.equal(r.statusCode, 200, url);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.match(r.body, /innsyn ui/);
    }
    assert.match((await c.get(`/item/${c.ids.demoLast}`)).body, /innsyn ui/, 'the item permalink is the UI');
    const js = await c.get('/assets/app-abc123.js', { host: AUTH.host });
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.body, 'console.log("ui");');
    assert.equal((await c.get('/assets/app-abc123.css')).headers['content-type'], 'text/css; charset=utf-8');
    for (const url of [
      '/assets/..%2findex.html',
      '/assets/%2e%2e%2findex.html',
      '/assets/app-abc123.js%00.html',
      '/assets/.hidden',
      '/assets/nope.js',
      '/assets/',
    ]) {
      const r = await c.get(url, { host: AUTH.host });
      assert.notEqual(r.statusCode, 200, url);
      assert.doesNotMatch(r.body, /innsyn ui/, url);
    }
  });
});

void describe('API content: paths as they come over a socket', () => {
  let c: ApiCase;
  let server: RunningServer;
  before(async () => {
    c = await startApiCase();
    server = await startServer({ store: c.store, port: 0, host: '127.0.0.1', token: TOKEN, uiDir: c.uiDir });
  });
  after(async () => {
    await server.close();
    await c.close();
  });

  /** One request with the path exactly as written (fetch and inject would normalise it). */
  const raw = (target: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });

  void test('API - dot-segments and backslashes never leave web/dist or another host', async () => {
    for (const target of [
      '/assets/../../package.json',
      '/assets/..\\..\\package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
    ]) {
      const answer = await raw(target);
      assert.doesNotMatch(answer, /"name":\s*"innsyn"|"dependencies"/, target);
      assert.doesNotMatch(answer, /^HTTP\/1\.1 200[^]*public, max-age/, `${target} served as an asset`);
    }
    const redirect = await raw(`/\\evil.example/x?token=${TOKEN}`);
    assert.match(redirect, /^HTTP\/1\.1 303/);
    assert.match(redirect, /\r\nlocation: \/evil\.example\/x\r\n/i);
    const bad = await raw('/api/stats');
    assert.match(bad, /^HTTP\/1\.1 401/);
  });
});

void describe('API content: the UI not built', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase({ ui: false })));
  after(async () => c.close());

  void test('API - without web/dist the UI paths say how to build it, and the API still answers', async () => {
    const r = await c.get('/', { host: AUTH.host });
    assert.equal(r.statusCode, 503);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(r.body, /The UI is not built: run <code>npm run build<\/code>/);
    assert.equal((await c.get('/api/stats')).statusCode, 200);
  });
});
