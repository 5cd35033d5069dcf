import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { AUTH, HOST, TOKEN, json, startApiCase, type ApiCase } from './api-fixture.js';

type Doc = Record<string, unknown>;
interface Summary {
  key: string;
  name: string | null;
  identities: string[];
  sent: number;
  received: number;
}
interface PersonDoc {
  key: string;
  name: string | null;
  identities: Array<{ key: string; aliases: { handles: string[]; names: string[] } }>;
  links: Array<{ rule: string }>;
  edits: Array<{ op: string; identity: string }>;
}
const errorOf = (d: Doc) => d.error as { code: string; message: string };

void describe('API people: list, show, merge, split, alias', () => {
  let c: ApiCase;
  before(async () => (c = await startApiCase()));
  after(async () => c.close());

  const post = (
    url: string,
    body: unknown,
    headers: InjectOptions['headers'] = AUTH,
  ): Promise<LightMyRequestResponse> =>
    c.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
  const total = async (q: string): Promise<number> =>
    json(await c.get(`/api/search?q=${encodeURIComponent(q)}`)).total as number;

  void test('API - people lists persons with counts, filtered and paged', async () => {
    const all = json(await c.get('/api/people'));
    assert.equal(all.version, 1);
    assert.equal(all.query, '');
    const people = all.people as Summary[];
    assert.equal(all.total, people.length);
    assert.deepEqual(people.map((p) => p.key).sort(), [
      'email:attacker@evil.invalid',
      'email:djtjr@example.org',
      'email:jared@example.org',
      'email:kari@example.no',
      'email:ola@example.no',
      'email:paul.manafort@example.com',
      'email:reporter@newsroom.invalid',
      'email:rob.goldstone@example.net',
    ]);
    const jr = people.find((p) => p.key === 'email:djtjr@example.org');
    assert.deepEqual([jr?.name, jr?.sent, jr?.received], ['Donald Trump Jr.', 3, 3]);
    // Each row carries the reporter's marks on that person: none yet, then a star.
    const marksOf = (list: unknown, key: string) =>
      (
        (
          list as { people: Array<{ key: string; annotations: { star: unknown; tags: unknown[] } }> }
        ).people.find((p) => p.key === key) ?? null
      )?.annotations;
    assert.deepEqual(marksOf(all, 'email:djtjr@example.org')?.tags, []);
    assert.equal(marksOf(all, 'email:djtjr@example.org')?.star, null);
    const starred = await c.app.inject({
      method: 'PUT',
      url: `/api/people/${encodeURIComponent('email:djtjr@example.org')}/star`,
      headers: AUTH,
    });
    assert.equal(starred.statusCode, 200, starred.body);
    const again = json(await c.get('/api/people'));
    assert.notEqual(marksOf(again, 'email:djtjr@example.org')?.star, null);
    assert.equal(marksOf(again, 'email:jared@example.org')?.star, null);
    const one = json(await c.get('/api/people?q=goldstone'));
    assert.deepEqual(
      (one.people as Summary[]).map((p) => p.key),
      ['email:rob.goldstone@example.net'],
    );
    const page = json(await c.get('/api/people?limit=2&offset=1'));
    assert.deepEqual(
      (page.people as Summary[]).map((p) => p.key),
      people.slice(1, 3).map((p) => p.key),
    );
    const bad = await c.get('/api/people?limit=0');
    assert.equal(bad.statusCode, 400);
    assert.equal(errorOf(json(bad)).code, 'bad-request');
  });

  void test('API - one person by key, address or name; 404 for none', async () => {
    const byKey = json(await c.get('/api/people/email:rob.goldstone@example.net')).person as PersonDoc;
    assert.equal(byKey.key, 'email:rob.goldstone@example.net');
    assert.equal(byKey.name, 'Rob Goldstone');
    const byName = json(await c.get(`/api/people/${encodeURIComponent('Rob Goldstone')}`))
      .person as PersonDoc;
    assert.equal(byName.key, byKey.key);
    const none = await c.get('/api/people/email:nobody@example.org');
    assert.equal(none.statusCode, 404);
    assert.match(errorOf(json(none)).message, /no person or identity/);
  });

  void test('API - merge, alias and split change the people and the searches', async () => {
    assert.equal(await total('from:goldstone'), 3);
    const merged = await post('/api/people/merge', {
      a: 'kari@example.no',
      b: 'email:rob.goldstone@example.net',
    });
    assert.equal(merged.statusCode, 200, merged.body);
    const person = json(merged).person as PersonDoc;
    assert.deepEqual(
      person.identities.map((i) => i.key),
      ['email:kari@example.no', 'email:rob.goldstone@example.net'],
    );
    assert.equal(person.links[0]?.rule, 'merge');
    // The cached search answer is not served after the change.
    assert.equal(await total('from:goldstone'), 4);

    const aliased = await post('/api/people/alias', { identity: 'email:kari@example.no', handle: 'kari_n' });
    assert.equal(aliased.statusCode, 200, aliased.body);
    const kari = (json(aliased).person as PersonDoc).identities.find(
      (i) => i.key === 'email:kari@example.no',
    );
    assert.deepEqual(kari?.aliases, { handles: ['kari_n'], names: [] });
    assert.equal(await total('from:kari_n'), 4);

    const split = await post('/api/people/split', { identity: 'email:kari@example.no' });
    assert.equal(split.statusCode, 200, split.body);
    const { identity, rest } = json(split) as { identity: PersonDoc; rest: PersonDoc };
    assert.deepEqual([identity.key, rest.key], ['email:kari@example.no', 'email:rob.goldstone@example.net']);
    assert.equal(await total('from:goldstone'), 3);
    assert.equal(await total('from:kari_n'), 1);
    assert.deepEqual(
      identity.edits.map((e) => e.op),
      ['merge', 'alias', 'split'],
    );
  });

  void test('API - edits that make no sense are 400 naming what to do; unknown people 404', async () => {
    const same = await post('/api/people/merge', { a: 'djtjr@example.org', b: 'Donald Trump Jr.' });
    assert.equal(same.statusCode, 400);
    assert.match(errorOf(json(same)).message, /already one person/);
    const alone = await post('/api/people/split', { identity: 'email:jared@example.org' });
    assert.equal(alone.statusCode, 400);
    assert.match(errorOf(json(alone)).message, /person of its own already/);
    const nothing = await post('/api/people/alias', { identity: 'email:jared@example.org' });
    assert.equal(nothing.statusCode, 400);
    assert.match(errorOf(json(nothing)).message, /handle, a name or both/);
    const unknown = await post('/api/people/merge', { a: 'x:1', b: 'djtjr@example.org' });
    assert.equal(unknown.statusCode, 404);
    const missing = await post('/api/people/merge', { a: 'djtjr@example.org' });
    assert.equal(missing.statusCode, 400);
    assert.match(errorOf(json(missing)).message, /must have required property 'b'/);
    const extra = await post('/api/people/split', { identity: 'email:jared@example.org', evil: 1 });
    assert.equal(extra.statusCode, 400);
  });

  void test('API - the edits pass every request guard and take JSON only', async () => {
    const body = { a: 'kari@example.no', b: 'ola@example.no' };
    const noToken = await post('/api/people/merge', body, { host: HOST });
    assert.equal(noToken.statusCode, 401);
    const crossSite = await post('/api/people/merge', body, { ...AUTH, 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    const sameSite = await post('/api/people/merge', body, { ...AUTH, 'sec-fetch-site': 'same-site' });
    assert.equal(sameSite.statusCode, 403);
    const rebinding = await post('/api/people/merge', body, {
      host: 'evil.example:7070',
      authorization: `Bearer ${TOKEN}`,
    });
    assert.equal(rebinding.statusCode, 421);
    // What an HTML form can send: text/plain and urlencoded bodies are refused before any change.
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const r = await c.app.inject({
        method: 'POST',
        url: '/api/people/merge',
        headers: { ...AUTH, 'content-type': type },
        payload: JSON.stringify(body),
      });
      assert.equal(r.statusCode, 415, type);
      assert.equal(errorOf(json(r)).code, 'bad-request');
    }
    const huge = await post('/api/people/alias', {
      identity: 'email:ola@example.no',
      name: 'x'.repeat(20_000),
    });
    assert.equal(huge.statusCode, 413);
    assert.deepEqual(
      (json(await c.get('/api/people/ola@example.no')).person as PersonDoc).identities.map((i) => i.key),
      ['email:ola@example.no'],
      'nothing was merged or aliased',
    );
  });

  void test('API - the OpenAPI document describes the people routes and their bodies', async () => {
    const doc = json(await c.get('/api/openapi.json')) as {
      paths: Record<string, Record<string, Doc>>;
      components: { schemas: Record<string, unknown> };
    };
    assert.ok(doc.paths['/api/people']?.get);
    assert.ok(doc.paths['/api/people/{key}']?.get);
    for (const op of ['merge', 'split', 'alias']) {
      const p = doc.paths[`/api/people/${op}`]?.post as
        | { requestBody: { content: Record<string, { schema: { required: string[] } }> }; responses: Doc }
        | undefined;
      assert.ok(p, op);
      assert.ok(p.requestBody.content['application/json']?.schema.required.length, op);
      assert.ok('415' in p.responses && '400' in p.responses, op);
    }
    for (const s of ['Person', 'PersonSummary', 'PersonIdentity', 'PeopleEdit'])
      assert.ok(s in doc.components.schemas, s);
  });
});
