/**
 * The export routes (src/api/routes/export-routes.ts) over the real app and a real store made
 * by the real readers from the seed scenario in demo/: the evidence zip verifies, the mbox holds
 * the emails, the report is a self-contained download; all need the token; a download cut short
 * leaves no temporary file behind and is reported to the export hook as cancelled.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { handleError } from '../../src/api/api-error.js';
import type { ExportEvent } from '../../src/api/export-audit.js';
import { buildApp } from '../../src/api/index.js';
import { registerExportRoutes } from '../../src/api/routes/export-routes.js';
import { exportEvidence, openZipSink, verifyExport } from '../../src/export/index.js';
import { ingest } from '../../src/ingest/index.js';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/shared.js';
import { APP_CSP, AUTH, HOST, TOKEN, json } from './api-fixture.js';

const SEED = ['DonaldJTrumpJr-x-archive', 'realDonaldTrump-public-posts.csv', 'DonaldJTrumpJr-mail.mbox'].map(
  (f) => path.join(repoRoot, 'demo', f),
);
const ROUTES = ['/api/export.zip', '/api/export.mbox', '/api/report.html'];
const q = (s: string) => encodeURIComponent(s);

/** The store, each read of original bytes slowed down: an export that takes long enough to be cut short. */
function slow(store: Store, ms: number): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'getRaw') {
        return async (id: string) => {
          await new Promise((r) => setTimeout(r, ms));
          return target.getRaw(id);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Spool folders the evidence exporter left in `dir`. */
async function spools(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('.innsyn-export-'));
}

void describe('API export routes', () => {
  let dir = '';
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-export-routes-'));
    store = await openStore(path.join(dir, 'case.db'));
    await ingest(SEED, store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
    app = (await buildApp({ store, token: TOKEN, port: 7070, uiDir: path.join(dir, 'no-ui'), log: () => {} }))
      .app;
  });
  after(async () => {
    await app?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = AUTH) =>
    app.inject({ method: 'GET', url, headers });

  void test('API export - every export route needs the token, and refuses requests other sites send', async () => {
    for (const route of ROUTES) {
      const r = await get(`${route}?q=${q('from:wikileaks')}`, { host: HOST });
      assert.equal(r.statusCode, 401, route);
      assert.equal((json(r).error as { code: string }).code, 'unauthorized');
      assert.equal(r.headers['content-disposition'], undefined);
      const cross = await get(route, { ...AUTH, 'sec-fetch-site': 'cross-site' });
      assert.equal(cross.statusCode, 403, route);
    }
  });

  void test('API export - the evidence zip of a query downloads and verifies with verifyExport', async () => {
    const r = await get(`/api/export.zip?q=${q('from:wikileaks')}`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/zip');
    assert.match(
      String(r.headers['content-disposition']),
      /^attachment; filename="innsyn-export-\d{8}-\d{6}\.zip"; filename\*=UTF-8''innsyn-export-\d{8}-\d{6}\.zip$/,
    );
    assert.equal(r.headers['cache-control'], 'no-store');
    const file = path.join(dir, 'from-api.zip');
    await writeFile(file, r.rawPayload);
    const v = await verifyExport(file);
    assert.equal(v.ok, true, JSON.stringify([v.changed, v.missing, v.added]));
    assert.equal(v.manifest.items, 11, 'the 11 DMs of WikiLeaks');
    assert.equal(v.manifest.query, 'from:wikileaks');
    assert.equal(v.files, 11 + 2, 'their original bytes, items.csv and items.jsonl');
    // The same bytes as the file sink of innsyn export writes, for the same items, time and version.
    const again = path.join(dir, 'same.zip');
    await exportEvidence(store, parseQuery('from:wikileaks'), await openZipSink(again), {
      queryText: 'from:wikileaks',
      innsynVersion: v.manifest.innsyn ?? '',
      itemDocumentVersion: 1,
      created: new Date(v.manifest.created ?? ''),
      database: null,
      spoolDir: dir,
    });
    assert.ok(
      Buffer.from(r.rawPayload).equals(await readFile(again)),
      'streamed and written zips are the same bytes',
    );
  });

  void test('API export - an empty query exports the whole case; a bad query is a 400 pointing at the column', async () => {
    const all = await get('/api/export.zip');
    assert.equal(all.statusCode, 200);
    const file = path.join(dir, 'all.zip');
    await writeFile(file, all.rawPayload);
    const v = await verifyExport(file);
    assert.equal(v.ok, true);
    assert.equal(v.manifest.items, 27);
    const bad = await get(`/api/export.zip?q=${q('from:(')}`);
    assert.equal(bad.statusCode, 400);
    assert.equal((json(bad).error as { code: string; column: number }).column, 6);
  });

  void test('API export - the mbox holds the email matches as their original bytes, other matches left out', async () => {
    const r = await get(`/api/export.mbox?q=${q('kind:email OR from:wikileaks')}`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'application/mbox');
    assert.match(
      String(r.headers['content-disposition']),
      /^attachment; filename="innsyn-emails-\d{8}-\d{6}\.mbox"/,
    );
    const text = r.body;
    assert.equal((text.match(/^From /gm) ?? []).length, 6, 'the six emails, no DM');
    assert.ok(text.startsWith('From rob.goldstone@example.net '));
    const raw = await store.getRaw(
      (await store.search(parseQuery('kind:email'), { limit: 1, offset: 0, sort: 'date-asc' })).items[0]
        ?.id ?? '',
    );
    assert.ok(raw && r.rawPayload.includes(Buffer.from(raw)), 'the first email, byte for byte');
    assert.equal((await get(`/api/export.mbox?q=${q('from:wikileaks')}`)).body, '', 'no email among the DMs');
  });

  void test('API export - the report is an HTML download with the app’s CSP, in the language and zone asked', async () => {
    const r = await get(
      `/api/report.html?q=${q('from:wikileaks OR is:public')}&tz=Europe/Oslo&lang=nb&title=${q('Saken <x>')}`,
    );
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(
      String(r.headers['content-disposition']),
      /^attachment; filename="innsyn-report-\d{8}-\d{6}\.html"/,
    );
    assert.equal(r.headers['content-security-policy'], APP_CSP);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const html = r.body;
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="nb">'));
    assert.ok(html.includes('<h1>Saken &lt;x&gt;</h1>'));
    assert.ok(html.includes('15 minutter senere'));
    assert.ok(html.includes('Europe/Oslo'));
    // Permalinks name the server as the request reached it; printed as text, never as links.
    assert.match(html, /<span class="mono">http:\/\/127\.0\.0\.1:7070\/item\/[0-9a-f]{32}<\/span>/);
    assert.doesNotMatch(html, /href="http/);
  });

  void test('API export - the report’s parameters are checked', async () => {
    for (const [url, code] of [
      ['/api/report.html?tz=Mars/Olympus', 'bad-request'],
      ['/api/report.html?lang=de', 'bad-request'],
      [`/api/report.html?title=${'x'.repeat(201)}`, 'bad-request'],
      ['/api/report.html?window=0', 'bad-request'],
      ['/api/report.html?q=%22open', 'bad-query'],
    ] as const) {
      const r = await get(url);
      assert.equal(r.statusCode, 400, url);
      assert.equal((json(r).error as { code: string }).code, code, url);
    }
  });

  void test('API export - the three routes are in the OpenAPI document, as downloads', async () => {
    const doc = json(await get('/api/openapi.json')) as {
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, unknown> }> } }>;
    };
    assert.ok(doc.paths['/api/export.zip']?.get.responses['200']?.content['application/zip']);
    assert.ok(doc.paths['/api/export.mbox']?.get.responses['200']?.content['application/mbox']);
    assert.ok(doc.paths['/api/report.html']?.get.responses['200']?.content['text/html']);
  });
});

void describe('API export routes - the export hook and cut-short downloads', () => {
  let dir = '';
  let store: Store;
  const events: ExportEvent[] = [];
  let app: FastifyInstance;
  const oldTmp = process.env.TMPDIR;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-export-hook-'));
    store = await openStore(path.join(dir, 'case.db'));
    await ingest(SEED, store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
    // The spool folders of the evidence exporter go to os.tmpdir(): here, a folder the test watches.
    process.env.TMPDIR = path.join(dir);
    // The routes alone, with a hook set in their context (the team mode's audit log will set it).
    app = Fastify({ logger: false });
    app.setErrorHandler(handleError(() => {}));
    registerExportRoutes(app, {
      store: slow(store, 40),
      uiDir: dir,
      log: () => {},
      cache: null,
      onExport: (e) => {
        events.push(e);
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    process.env.TMPDIR = oldTmp;
    if (oldTmp === undefined) delete process.env.TMPDIR;
    await app?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function until(what: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  void test('API export - closing the app waits for an export hook still running (no audit entry is dropped)', async () => {
    let started = false;
    let finished = false;
    const other = Fastify({ logger: false });
    other.setErrorHandler(handleError(() => {}));
    registerExportRoutes(other, {
      store,
      uiDir: dir,
      log: () => {},
      cache: null,
      onExport: async () => {
        started = true;
        await new Promise((r) => setTimeout(r, 300));
        finished = true;
      },
    });
    const r = await other.inject({ method: 'GET', url: `/api/export.mbox?q=${q('from:wikileaks')}` });
    assert.equal(r.statusCode, 200);
    await until(() => started);
    await other.close();
    assert.equal(finished, true, 'close returned before the hook finished');
  });

  void test('API export - a complete download is reported with its fingerprint: the manifest’s sha256', async () => {
    events.length = 0;
    const r = await app.inject({ method: 'GET', url: `/api/export.zip?q=${q('from:wikileaks')}` });
    assert.equal(r.statusCode, 200);
    await until(() => events.length === 1);
    const file = path.join(dir, 'hook.zip');
    await writeFile(file, r.rawPayload);
    const v = await verifyExport(file);
    assert.deepEqual(
      { ...events[0], started: '' },
      {
        format: 'evidence-zip',
        query: 'from:wikileaks',
        started: '',
        outcome: 'complete',
        items: 11,
        sha256: v.manifest.sha256,
      },
    );
    assert.deepEqual(await spools(dir), []);

    events.length = 0;
    const report = await app.inject({ method: 'GET', url: `/api/report.html?q=${q('is:public')}` });
    await until(() => events.length === 1);
    assert.equal(events[0]?.format, 'report');
    assert.equal(events[0]?.outcome, 'complete');
    assert.equal(events[0]?.items, 8);
    assert.equal(events[0]?.sha256, createHash('sha256').update(report.rawPayload).digest('hex'));
  });

  void test('API export - a zip download the client stops: the export stops, its spool files are removed, the hook says cancelled', async () => {
    events.length = 0;
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    let sawSpool = false;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/export.zip', method: 'GET' }, (res) => {
        assert.equal(res.statusCode, 200);
        res.once('data', () => {
          void spools(dir).then((s) => {
            sawSpool = s.length === 1;
            // The reader goes away with 27 slow items still to come.
            req.destroy();
            resolve();
          }, reject);
        });
      });
      req.on('error', () => {});
      req.end();
    });
    assert.ok(sawSpool, 'the export was under way (its spool folder existed) when the client left');
    await until(() => events.length === 1);
    assert.equal(events[0]?.outcome, 'cancelled');
    assert.equal(events[0]?.sha256, null);
    assert.ok((events[0]?.items ?? 27) < 27, `stopped after ${events[0]?.items} items`);
    assert.deepEqual(await spools(dir), [], 'no temporary files left behind');
  });

  void test('API export - a report or mbox download the client stops is reported as cancelled', async () => {
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    for (const url of ['/api/report.html', '/api/export.mbox']) {
      events.length = 0;
      await new Promise<void>((resolve) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: url, method: 'GET' }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', () => {});
        req.end();
      });
      await until(() => events.length === 1);
      assert.equal(events[0]?.outcome, 'cancelled', url);
    }
  });
});
