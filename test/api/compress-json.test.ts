import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { compressJson } from '../../src/api/compress-json.js';

describe('API - JSON answers are gzipped when the client accepts it', () => {
  const big = { items: Array.from({ length: 500 }, (_, i) => ({ id: i, text: 'the same words again' })) };
  const app = Fastify();
  compressJson(app);
  app.get('/big', () => big);
  app.get('/small', () => ({ ok: true }));
  app.get('/raw', (_req, reply) => reply.type('message/rfc822').send('x'.repeat(5000)));

  it('a large JSON answer to a gzip-accepting client is gzipped and decodes to the same JSON', async () => {
    const r = await app.inject({ url: '/big', headers: { 'accept-encoding': 'gzip, deflate' } });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.deepEqual(JSON.parse(gunzipSync(r.rawPayload).toString('utf8')), big);
    assert.ok(r.rawPayload.length < JSON.stringify(big).length / 5);
  });

  it('without Accept-Encoding, small answers and non-JSON bodies go as they are', async () => {
    const plain = await app.inject({ url: '/big' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.json(), big);
    const small = await app.inject({ url: '/small', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
    const raw = await app.inject({ url: '/raw', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(raw.headers['content-encoding'], undefined);
    assert.equal(raw.body.length, 5000);
  });
});
