import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { parseQuery } from '../../src/query/index.js';
import { openStore, type FacetBucket, type Facets } from '../../src/store/index.js';
import { runCli } from '../helpers/run-cli.js';
import { repoRoot } from '../helpers/shared.js';
import { startPgCluster } from '../store/pg-cluster.js';

/**
 * `innsyn migrate`: the seed scenario ingested into SQLite, copied into a real PostgreSQL server
 * (test/store/pg-cluster.ts), then every seed search, the people, a conversation and the
 * pattern analyses compared between the two: the same answers from either database.
 */
const demo = path.join(repoRoot, 'demo');
const inputs = [
  path.join(demo, 'DonaldJTrumpJr-x-archive'),
  path.join(demo, 'realDonaldTrump-public-posts.csv'),
  path.join(demo, 'DonaldJTrumpJr-mail.mbox'),
];

/** The searches of the seed scenario (EXPECTED.md and test/cli/seed-scenario.test.ts), and a few more of every field. */
const SEED_QUERIES = [
  'kind:message platform:x',
  'from:wikileaks',
  'from:wikileaks tax',
  'link:wlsearch.tk',
  'date:2016-06 meeting',
  'is:public wikileaks',
  'mention:wikileaks',
  'mention:16589206',
  '"tax returns"',
  'emails',
  'to:donaldjtrumpjr',
  'participant:goldstone',
  'has:attachment OR has:link',
  '-is:private',
  'lang:en date:2016-10..2016-11',
  'wiki*',
  'tag:story',
  'russia -subject:re',
];

/** A facet's buckets by count, then value. */
function ranked(f: Facets): Record<string, FacetBucket[]> {
  const out: Record<string, FacetBucket[]> = {};
  for (const [k, v] of Object.entries(f)) {
    out[k] = [...(v as FacetBucket[])].sort((x, y) => y.count - x.count || (x.value < y.value ? -1 : 1));
  }
  return out;
}

const started = await startPgCluster();

if ('skip' in started) {
  void test('CLI - migrate', { skip: started.skip }, () => {});
} else {
  const { cluster } = started;
  void describe('CLI - migrate a case from SQLite to PostgreSQL (the seed scenario)', () => {
    let dir: string;
    let db: string;
    let url: string;
    const json = (args: string[]): Record<string, unknown> => {
      const r = runCli([...args, '--json']);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      return JSON.parse(r.stdout) as Record<string, unknown>;
    };
    const search = (q: string, on: string) =>
      json(['search', q, '--db', on, '--sort', 'date', '--limit', '100']) as {
        total: number;
        items: Array<{ id: string }>;
      };

    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'innsyn-migrate-'));
      db = path.join(dir, 'case.db');
      json(['ingest', ...inputs, '--db', db]);
      // Human data that must come along: a people edit and annotations.
      json(['people', 'alias', 'x:16589206', '--name', 'WL', '--db', db]);
      const store = await openStore(db);
      try {
        const [first] = (await store.search(null, { limit: 1, offset: 0, sort: 'date-asc' })).items;
        await store.annotate(
          { kind: 'item', key: first?.id as string },
          { addTags: ['story'], star: true, note: 'check' },
        );
      } finally {
        await store.close();
      }
      url = await cluster.createDatabase();
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
      cluster.stop();
    });

    it('migrate - copies every item, copy, source, edit and annotation, and says the counts agree', () => {
      const { migrate } = json(['migrate', '--from', db, '--to', url]) as {
        migrate: { verified: boolean; counts: Record<string, number>; differences: string[] };
      };
      assert.equal(migrate.verified, true, migrate.differences.join('; '));
      assert.equal(migrate.counts.items, 27);
      assert.equal(migrate.counts.peopleEdits, 1);
      assert.equal(migrate.counts.annotations, 3);
      const a = json(['stats', '--db', db]) as { stats: Record<string, unknown> };
      const b = json(['stats', '--db', url]) as { stats: Record<string, unknown> };
      assert.deepEqual({ ...b.stats, dbBytes: 0 }, { ...a.stats, dbBytes: 0 });
    });

    it('search - every seed query gives the same matches in the same order, with the same snippets', async () => {
      const a = await openStore(db);
      const b = await openStore(url);
      try {
        for (const q of SEED_QUERIES) {
          const query = parseQuery(q);
          const page = { limit: 100, offset: 0 } as const;
          for (const sort of ['date', 'date-asc'] as const) {
            const x = await a.search(query, { ...page, sort });
            assert.deepEqual(await b.search(query, { ...page, sort }), x, `${q} (${sort})`);
            assert.ok(x.total > 0 || q === 'russia -subject:re', `${q} finds something`);
          }
          // Relevance ranks with another formula (src/store/postgres/README.md): the same set.
          const ra = await a.search(query, { ...page, sort: 'relevance' });
          const rb = await b.search(query, { ...page, sort: 'relevance' });
          assert.deepEqual(rb.items.map((i) => i.id).sort(), ra.items.map((i) => i.id).sort(), q);
          // Equal counts come in the order each database first saw the values (it wrote them in
          // another order): compared largest first, then by value.
          assert.deepEqual(
            ranked(await b.facets(query, { limit: 20 })),
            ranked(await a.facets(query, { limit: 20 })),
            q,
          );
          assert.deepEqual(await b.histogram(query), await a.histogram(query), q);
        }
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('people, a conversation and the pattern analyses answer the same', () => {
      const same = (args: string[], pick: (doc: Record<string, unknown>) => unknown = (d) => d) =>
        assert.deepEqual(
          pick(json([...args, '--db', url])),
          pick(json([...args, '--db', db])),
          args.join(' '),
        );
      same(['people', 'list']);
      same(['people', 'show', '@wikileaks']);
      same(['search', 'from:wikileaks "tax returns" OR link:wlsearch.tk', '--sort', 'date']);
      const [first] = search('from:wikileaks tax', db).items;
      same(['thread', first?.id as string]);
      same(['pairs']);
      same(['echoes', '--limit', '10']);
      same(['timeline', '--bucket', 'month']);
    });

    it('migrate - run again, it adds nothing and still agrees', () => {
      const { migrate } = json(['migrate', '--from', db, '--to', url]) as {
        migrate: { verified: boolean; counts: Record<string, number> };
      };
      assert.equal(migrate.verified, true);
      assert.equal(migrate.counts.items, 27);
      assert.equal(
        migrate.counts.locations,
        (json(['stats', '--db', db]) as { stats: { locations: number } }).stats.locations,
      );
    });

    it('migrate - into a database that holds another case already, the check fails and says why', async () => {
      const other = await cluster.createDatabase();
      const mbox = path.join(dir, 'other.mbox');
      writeFileSync(
        mbox,
        'From a@example.org Mon Jan  2 10:00:00 2017\nFrom: a@example.org\nTo: b@example.org\nSubject: another case\n' +
          'Date: Mon, 2 Jan 2017 10:00:00 +0000\nMessage-ID: <other@example.org>\n\nNothing to do with the seed.\n',
      );
      json(['ingest', mbox, '--db', other]);
      const r = runCli(['migrate', '--from', db, '--to', other]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /items: 27 in the source, 28 in the target/);
      assert.match(r.stderr, /did it hold another case already/);
      const usage = runCli(['migrate', '--from', path.join(dir, 'none.db'), '--to', other]);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /no database at/);
    });
  });
}
