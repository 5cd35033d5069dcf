/**
 * GET /api/openapi.json of a team server (docs/team.md "HTTP routes"): one document with every
 * route the front registers itself and every route of a collection's app it hands on (both lists
 * taken from the apps, so that a new route cannot be left out), the collection as a parameter of
 * the latter, and both ways in: the session cookie with the CSRF header on changes, and an API
 * token.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTeamServer, type RunningTeamServer } from '../../src/api/team-server.js';
import type { TeamStore } from '../../src/team/index.js';
import { startPgCluster, type PgCluster } from '../store/pg-cluster.js';
import { CLI_ACTOR, endTeamTest, freshTeam } from './team-fixture.js';

const PASSWORD = 'a long enough password';

const started = await startPgCluster();
const skip = 'skip' in started ? started.skip : false;

type Json = Record<string, unknown>;
interface Operation {
  summary: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  responses: Record<string, Json>;
}
interface Document {
  openapi: string;
  info: { description: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Json> };
  security: Array<Record<string, string[]>>;
}

/** `/api/items/{id}` → `/api/items/:id`, `/assets/{path}` → `/assets/*`: the routes' own spelling. */
const routeOf = (p: string) => p.replace(/\{path\}$/, '*').replace(/\{(\w+)\}/g, ':$1');

void describe('Team OpenAPI document', { skip }, () => {
  const cluster = 'cluster' in started ? started.cluster : (null as unknown as PgCluster);
  let dir = '';
  let team: TeamStore;
  let server: RunningTeamServer;
  let doc: Document;
  let text = '';
  const logged: string[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-team-openapi-'));
    let url: string;
    ({ url, team } = await freshTeam(cluster));
    await team.ensureCollection('alpha', CLI_ACTOR);
    await team.addUser('rita', PASSWORD, {}, CLI_ACTOR);
    server = await startTeamServer({
      team,
      db: url,
      port: 0,
      host: '127.0.0.1',
      uiDir: path.join(dir, 'no-ui'),
      secureCookies: true,
      log: (line) => logged.push(line),
    });
    const { token } = await team.createApiToken('rita', 'docs', CLI_ACTOR);
    const r = await fetch(new URL('/api/openapi.json', server.url), {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    text = await r.text();
    doc = JSON.parse(text) as Document;
  });

  after(() => endTeamTest({ server, team, cluster, dir, logged }));

  const documented = () =>
    new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${routeOf(p)}`),
      ),
    );

  void test('Team OpenAPI - needs a login like every front route but the login', async () => {
    assert.equal((await fetch(new URL('/api/openapi.json', server.url))).status, 401);
    // The front answers it, whatever collection is named: not a collection's document.
    const r = await fetch(new URL('/api/openapi.json', server.url), {
      headers: { 'x-innsyn-collection': 'nosuch' },
    });
    assert.equal(r.status, 401);
  });

  void test('Team OpenAPI - every route the front registers is in the document', () => {
    assert.equal(doc.openapi, '3.1.0');
    const have = documented();
    const front = server.routes.filter((r) => r.config?.openapi !== undefined);
    const placeholders = server.routes.filter((r) => r.config?.openapi === undefined);
    for (const route of front) {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        assert.ok(have.has(`${method} ${route.url}`), `${method} ${route.url} is not documented`);
      }
    }
    // The front's own routes are there by name, whatever else is.
    for (const r of [
      'POST /api/login',
      'POST /api/logout',
      'GET /api/me',
      'GET /api/collections',
      'GET /api/search-all',
      'GET /api/admin/users',
      'GET /api/admin/audit',
      'GET /api/openapi.json',
      'GET /',
    ])
      assert.ok(have.has(r), r);
    // The placeholders the collections' URLs are routed by are not routes of their own.
    assert.ok(placeholders.length >= 3);
    for (const route of placeholders)
      for (const method of [route.method].flat()) assert.equal(have.has(`${method} ${route.url}`), false);
  });

  void test('Team OpenAPI - every route a collection app answers through the front is there, with the collection', async () => {
    const { routes } = await server.collectionApp('alpha');
    const have = documented();
    const own = new Set(server.routes.flatMap((r) => [r.method].flat().map((m) => `${m} ${r.url}`)));
    let handedOn = 0;
    for (const route of routes) {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        const key = `${method} ${route.url}`;
        // The UI shell and the document itself are the front's own (documented as such above).
        if (own.has(key)) continue;
        assert.ok(have.has(key), `${key} is not documented`);
        const path = route.url.replace(/\*$/, '{path}').replace(/:(\w+)/g, '{$1}');
        const op = doc.paths[path]?.[method.toLowerCase()];
        const names = (op?.parameters ?? []).map((p) => `${p.in} ${p.name}`);
        assert.ok(names.includes('header X-Innsyn-Collection'), `${key}: ${names.join(', ')}`);
        assert.ok(names.includes('query c'), key);
        handedOn++;
      }
    }
    assert.ok(handedOn >= 40, `${handedOn} collection routes`);
    // The front's own routes take no collection.
    const me = doc.paths['/api/me']?.get;
    assert.equal(
      (me?.parameters ?? []).some((p) => p.name === 'X-Innsyn-Collection'),
      false,
    );
  });

  void test('Team OpenAPI - session cookie with the CSRF header on changes, or an API token', () => {
    assert.deepEqual(doc.components.securitySchemes, {
      bearer: { type: 'http', scheme: 'bearer' },
      cookie: { type: 'apiKey', in: 'cookie', name: '__Host-innsyn_session' },
      csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
    });
    assert.deepEqual(doc.security, [{ bearer: [] }, { cookie: [] }]);
    const change = [{ bearer: [] }, { cookie: [], csrf: [] }];
    assert.deepEqual(doc.paths['/api/logout']?.post?.security, change);
    assert.deepEqual(doc.paths['/api/admin/grants']?.post?.security, change);
    assert.deepEqual(doc.paths['/api/items/{id}/tags/{tag}']?.put?.security, change);
    assert.deepEqual(doc.paths['/api/batch-search']?.post?.security, change);
    // Reads take the defaults; the login and the UI shell need nothing.
    assert.equal(doc.paths['/api/search']?.get?.security, undefined);
    assert.deepEqual(doc.paths['/api/login']?.post?.security, []);
    assert.deepEqual(doc.paths['/']?.get?.security, []);
    assert.match(doc.info.description, /X-CSRF-Token/);
    assert.match(doc.info.description, /Authorization: Bearer/);
    // Every reference points at a component that exists.
    const refs = text.match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 10);
    for (const r of refs) {
      const name = r.slice(8, -1).replace('#/components/schemas/', '');
      assert.ok(name in doc.components.schemas, r);
    }
  });
});
