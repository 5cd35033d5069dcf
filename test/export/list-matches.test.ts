import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { inExportOrder } from '../../src/export/export-order.js';
import { parseQuery } from '../../src/query/index.js';
import type { MatchRef, Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { MATCH_PAGE_ROWS } from '../../src/store/sqlite/sqlite-export.js';
import { makeItem, rawOf } from '../store/store-fixtures.js';

/**
 * listMatches past one page (SQLite pages by date key): every match once, in search's date-asc
 * order, for dated and undated items and with or without full text. Search's own limit is
 * 10,000, so the comparison uses pages of search, which the store suite covers.
 */
void describe('Export - listing every match of a query', () => {
  let dir: string;
  let store: Store;
  const DATED = MATCH_PAGE_ROWS * 2 + 37;
  const UNDATED = MATCH_PAGE_ROWS + 11;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'innsyn-matches-'));
    store = await openStore(path.join(dir, 'case.db'));
    const items = [];
    for (let i = 0; i < DATED; i++) {
      // Groups of three items in one millisecond: date keys break their ties.
      const ms = Date.UTC(2016, 0, 1) + Math.floor(i / 3) * 3_600_000;
      items.push(
        makeItem({
          seed: `dated-${i}`,
          sentAt: new Date(ms).toISOString(),
          text: i % 2 ? 'odd leak' : 'even',
        }),
      );
    }
    for (let i = 0; i < UNDATED; i++) {
      items.push(
        makeItem({
          seed: `undated-${i}`,
          sentAt: null,
          dateSource: 'unknown',
          text: i % 2 ? 'odd leak' : 'even',
        }),
      );
    }
    await store.writeBatch({ items: items.map((item) => ({ item, raw: rawOf(item) })), quarantine: [] });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const listed = async (q: string): Promise<MatchRef[]> => {
    const out: MatchRef[] = [];
    for await (const m of store.listMatches(q === '' ? null : parseQuery(q))) out.push(m);
    return out;
  };
  const searched = async (q: string): Promise<MatchRef[]> => {
    const r = await store.search(q === '' ? null : parseQuery(q), {
      limit: 10_000,
      offset: 0,
      sort: 'date-asc',
    });
    return r.items.map((i) => ({ id: i.id, sentAt: i.sentAt }));
  };

  for (const q of ['', 'leak', 'odd OR date:2016-01', 'kind:email -leak']) {
    void test(`listMatches - '${q}': every match once, in search's date-asc order`, async () => {
      const got = await listed(q);
      assert.deepEqual(got, await searched(q));
      assert.equal(new Set(got.map((m) => m.id)).size, got.length);
      if (q === '') assert.equal(got.length, DATED + UNDATED);
    });
  }

  void test('Export order - dates ascending, the items of one moment by id, undated last by id', async () => {
    const matches = await listed('');
    const ordered: string[] = [];
    for await (const id of inExportOrder(
      (async function* () {
        yield* matches;
      })(),
    ))
      ordered.push(id);
    const moment = new Map(matches.map((m) => [m.id, m.sentAt]));
    const key = (id: string): string => `${moment.get(id) ?? '~'} ${id}`;
    assert.deepEqual(
      ordered,
      [...ordered].sort((a, b) => (key(a) < key(b) ? -1 : 1)),
    );
    assert.equal(ordered.length, matches.length);
    assert.notDeepEqual(
      ordered,
      matches.map((m) => m.id),
      'the store breaks ties otherwise',
    );
  });
});
