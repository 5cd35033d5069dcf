import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildApp, type InnsynApp } from '../../src/api/index.js';
import { ingest } from '../../src/ingest/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { docx, pdf } from '../extract/attachments/fixtures.js';
import { mailWith } from '../helpers/mail-with-attachments.js';
import { AUTH, PORT, TOKEN } from './api-fixture.js';

/**
 * The attachment texts in the API: a search hit inside a PDF says so, with the file's snippet;
 * an item lists its attachments with type and what reading them gave; /api/attachments/{sha256}/text
 * gives the text as JSON and every item holding the file.
 */
void describe('API - attachment texts', () => {
  let dir: string;
  let store: Store;
  let built: InnsynApp;
  let report: Buffer;
  const get = async (url: string) => {
    const r = await built.app.inject({ method: 'GET', url, headers: AUTH });
    return { status: r.statusCode, headers: r.headers, body: r.json<Record<string, unknown>>() };
  };
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-api-attachments-'));
    report = pdf([{ lines: ['Rapport om <script>alert(1)</script> i Oslo'] }]);
    const mbox = path.join(dir, 'case.mbox');
    writeFileSync(
      mbox,
      mailWith('Budsjett', 'The budget is attached.', [
        { name: 'rapport.pdf', type: 'application/pdf', bytes: report },
        { name: 'notat.docx', type: 'application/octet-stream', bytes: await docx(['Bergen']) },
      ]) + mailWith('Kopi', 'Again.', [{ name: 'kopi.pdf', type: 'application/pdf', bytes: report }]),
    );
    store = await openStore(path.join(dir, 'case.db'));
    await ingest([mbox], store, { workers: 0, extractWorkers: 1 });
    built = await buildApp({ store, token: TOKEN, port: PORT, uiDir: dir, log: () => {} });
  });
  after(async () => {
    await built.app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('API - a hit inside an attachment comes with its name, sha256 and snippet; the type facet', async () => {
    const r = await get('/api/search?q=oslo&sort=date-asc&facets=1');
    assert.equal(r.status, 200);
    const items = r.body.items as Array<{ subject: string; attachmentHit?: Record<string, unknown> }>;
    assert.deepEqual(
      items.map((i) => [i.subject, i.attachmentHit?.name, i.attachmentHit?.sha256]),
      [
        ['Budsjett', 'rapport.pdf', sha(report)],
        ['Kopi', 'kopi.pdf', sha(report)],
      ],
    );
    assert.match(String(items[0]?.attachmentHit?.snippet), /\uE000Oslo\uE001/);
    const facets = r.body.facets as { type: Array<{ value: string; count: number }> };
    assert.deepEqual(facets.type, [
      { value: 'type:pdf', label: 'pdf', count: 2 },
      { value: 'type:document', label: 'document', count: 1 },
    ]);
    const body = await get('/api/search?q=budget');
    assert.equal((body.body.items as Array<Record<string, unknown>>)[0]?.attachmentHit, undefined);
  });

  void test('API - an item lists its attachments with type, size and what reading them gave', async () => {
    const id = ((await get('/api/search?q=subject:budsjett')).body.items as Array<{ id: string }>)[0]?.id;
    const r = await get(`/api/items/${id}`);
    assert.equal(r.status, 200);
    const list = r.body.attachments as Array<Record<string, unknown>>;
    assert.deepEqual(
      list.map((a) => [a.seq, a.name, a.type, (a.extraction as { status: string; method: string }).status]),
      [
        [0, 'rapport.pdf', 'pdf', 'text'],
        [1, 'notat.docx', 'document', 'text'],
      ],
    );
    assert.equal((list[0]?.extraction as { method: string }).method, 'text');
    assert.equal(list[0]?.size, report.length);
  });

  void test('API - the text of an attachment is JSON, never HTML, with every item that holds it', async () => {
    const r = await get(`/api/attachments/${sha(report).toUpperCase()}/text`);
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.body.text, 'Rapport om <script>alert(1)</script> i Oslo');
    assert.equal(r.body.type, 'pdf');
    assert.equal((r.body.extraction as { status: string }).status, 'text');
    assert.equal(r.body.holderCount, 2);
    const holders = r.body.holders as Array<{ name: string; locations: Array<{ path: string }> }>;
    assert.deepEqual(
      holders.map((h) => h.name),
      ['rapport.pdf', 'kopi.pdf'],
    );
    assert.match(holders[0]?.locations[0]?.path ?? '', /case\.mbox$/);
    assert.deepEqual(r.body.marks, []);
    // The query's words marked as snippets mark them: stems too (rapporten → rapport), not under NOT.
    const marked = await get(
      `/api/attachments/${sha(report)}/text?q=${encodeURIComponent('rapporten oslo -alert')}`,
    );
    const text = String(marked.body.text);
    assert.deepEqual(
      (marked.body.marks as Array<[number, number]>).map(([a, b]) => text.slice(a, b)),
      ['Rapport', 'Oslo'],
    );
    assert.equal(
      (await get(`/api/attachments/${sha(report)}/text?q=${encodeURIComponent('"open')}`)).status,
      400,
    );
    const one = await get(`/api/attachments/${sha(report)}/text?holders=1`);
    assert.equal((one.body.holders as unknown[]).length, 1);
    assert.equal(one.body.holderCount, 2);
    assert.equal((await get(`/api/attachments/${'0'.repeat(64)}/text`)).status, 404);
    assert.equal((await get('/api/attachments/not-a-hash/text')).status, 400);
  });

  void test('API - the OpenAPI document has the route and its schemas', async () => {
    const doc = (await get('/api/openapi.json')).body as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    assert.ok(doc.paths['/api/attachments/{sha256}/text']);
    assert.ok(doc.components.schemas.AttachmentExtraction);
    assert.ok(doc.components.schemas.AttachmentInfo);
  });
});
