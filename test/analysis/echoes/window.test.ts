import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ECHO_WINDOW_SECONDS, findEchoes } from '../../../src/analysis/echoes.js';
import { isInnsynError } from '../../../src/model/errors.js';
import { DAY, HOUR, dm, person, post } from './echo-test-util.js';

const persons = [person('x:kari', 'Kari Nordmann', ['karinord']), person('x:ola', 'Ola Tromsø', ['olat'])];
const link = { links: ['https://obscure.example.org/a'] };
const WEEK = DEFAULT_ECHO_WINDOW_SECONDS * 1000;

function ids(
  items: Parameters<typeof findEchoes>[0],
  options: Parameters<typeof findEchoes>[2] = {},
): string[] {
  return findEchoes(items, persons, options).map((e) => `${e.privateId}>${e.publicId}`);
}

void describe('Echoes - the window', () => {
  void it('is seven days by default', () => {
    assert.equal(DEFAULT_ECHO_WINDOW_SECONDS, 604_800);
  });

  void it('includes a public item exactly at the end of the window, not one a millisecond later', () => {
    const items = [
      dm('p', 0, 'x:kari', 'x:ola', 'x', link),
      post('q-end', WEEK, 'x:ola', 'y', link),
      post('q-after', WEEK + 1, 'x:ola', 'y', link),
    ];
    const echoes = findEchoes(items, persons);
    assert.deepEqual(
      echoes.map((e) => e.publicId),
      ['q-end'],
    );
    assert.equal(echoes[0]?.latencySeconds, 604_800);
  });

  void it('excludes a public item before the private one and one in the same millisecond', () => {
    const items = [
      post('q-before', -HOUR, 'x:ola', 'y', link),
      dm('p', 0, 'x:kari', 'x:ola', 'x', link),
      post('q-same-ms', 0, 'x:ola', 'y', link),
      post('q-next-ms', 1, 'x:ola', 'y', link),
    ];
    const echoes = findEchoes(items, persons);
    assert.deepEqual(
      echoes.map((e) => e.publicId),
      ['q-next-ms'],
    );
    assert.equal(echoes[0]?.latencySeconds, 0.001);
  });

  void it('follows windowSeconds', () => {
    const items = [dm('p', 0, 'x:kari', 'x:ola', 'x', link), post('q', 2 * DAY, 'x:ola', 'y', link)];
    assert.deepEqual(ids(items, { windowSeconds: DAY / 1000 }), []);
    assert.deepEqual(ids(items, { windowSeconds: (2 * DAY) / 1000 }), ['p>q']);
  });

  void it('only pairs a private item with a public one (private → private, public → public are not echoes)', () => {
    const items = [
      dm('p1', 0, 'x:kari', 'x:ola', 'x', link),
      dm('p2', HOUR, 'x:ola', 'x:kari', 'x', link),
      post('q1', 2 * HOUR, 'x:ola', 'y', link),
      post('q2', 3 * HOUR, 'x:kari', 'y', link),
    ];
    assert.deepEqual(ids(items).sort(), ['p1>q1', 'p1>q2', 'p2>q1', 'p2>q2']);
  });
});

void describe('Echoes - options', () => {
  const items = [
    dm('p', 0, 'x:kari', 'x:ola', 'x', link),
    post('q1', HOUR, 'x:ola', 'y', link),
    post('q2', 2 * HOUR, 'x:ola', 'y', link),
    post('q3', 3 * HOUR, 'x:ola', 'y', link),
  ];

  void it('limit keeps the strongest', () => {
    assert.deepEqual(ids(items, { limit: 2 }), ['p>q1', 'p>q2']);
  });

  void it("maxPerPrivate keeps each private item's strongest", () => {
    assert.deepEqual(ids(items, { maxPerPrivate: 1 }), ['p>q1']);
  });

  void it('minScore drops the weaker', () => {
    const all = findEchoes(items, persons);
    const cut = ((all[1]?.score ?? 0) + (all[2]?.score ?? 0)) / 2;
    assert.deepEqual(ids(items, { minScore: cut }), ['p>q1', 'p>q2']);
  });

  void it('a bad option is a usage error naming it', () => {
    for (const [options, name] of [
      [{ windowSeconds: 0 }, 'windowSeconds'],
      [{ windowSeconds: Number.NaN }, 'windowSeconds'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 1.5 }, 'limit'],
      [{ maxPerPrivate: -1 }, 'maxPerPrivate'],
      [{ minScore: Number.POSITIVE_INFINITY }, 'minScore'],
      [{ halfLifeSeconds: -5 }, 'halfLifeSeconds'],
    ] as const) {
      assert.throws(
        () => findEchoes(items, persons, options),
        (e: unknown) => isInnsynError(e) && e.code === 'usage' && e.message.includes(name),
        name,
      );
    }
  });
});
