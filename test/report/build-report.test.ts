import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rebuildThreads } from '../../src/analysis/rebuild-threads.js';
import { computeEchoSet, type EchoSet } from '../../src/api/echo-set.js';
import { inExportOrder } from '../../src/export/export-order.js';
import { ingest } from '../../src/ingest/index.js';
import { sha256Hex } from '../../src/model/index.js';
import { parseQuery } from '../../src/query/index.js';
import {
  buildReport,
  MAX_REPORT_ITEMS,
  type BuiltReport,
  type ReportSettings,
} from '../../src/report/index.js';
import { openStore, type MatchRef, type Store } from '../../src/store/index.js';
import { repoRoot } from '../helpers/shared.js';

/** The seed scenario as bundled with the demo (test/cli/seed-scenario.test.ts). */
const SEED = ['DonaldJTrumpJr-x-archive', 'realDonaldTrump-public-posts.csv', 'DonaldJTrumpJr-mail.mbox'].map(
  (f) => path.join(repoRoot, 'demo', f),
);
const QUERY = 'from:wikileaks OR is:public';

const SETTINGS: ReportSettings = {
  title: '',
  queryText: QUERY,
  timeZone: 'Europe/Oslo',
  lang: 'en',
  baseUrl: null,
  created: new Date('2026-11-26T10:00:00Z'),
  innsynVersion: 'test',
  echoWindowSeconds: 7 * 86_400,
};

/** A pattern in a long document, failing with the pattern only (not the whole document). */
function has(doc: string, re: RegExp, message = String(re)): void {
  assert.ok(re.test(doc), message);
}

async function html(report: BuiltReport): Promise<string> {
  let out = '';
  for await (const chunk of report.chunks()) out += chunk;
  return out;
}

/** The store with some of its answers replaced (a damaged or changing database). */
function tampered(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const own = (overrides as Record<string | symbol, unknown>)[prop];
      if (own !== undefined) return own;
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

describe('Report - built from the seed scenario', () => {
  let dir = '';
  let store: Store;
  let echoes: EchoSet;
  let ids: string[];

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'innsyn-report-'));
    store = await openStore(path.join(dir, 'case.db'));
    await ingest(SEED, store, { workers: 0 });
    await rebuildThreads(store);
    await store.rebuildPeople();
    echoes = await computeEchoSet(store, SETTINGS.echoWindowSeconds);
    ids = [];
    for await (const id of inExportOrder(store.listMatches(parseQuery(QUERY)))) ids.push(id);
  });
  after(async () => {
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('Report - the WikiLeaks DMs and the public posts, oldest first, in the order of the evidence export', async () => {
    const report = await buildReport(store, parseQuery(QUERY), SETTINGS, echoes);
    assert.deepEqual(report.summary.counts, {
      items: 19,
      private: 11,
      public: 8,
      undated: 0,
      first: Date.parse('2016-09-21T03:59:00Z'),
      last: Date.parse('2017-07-12T11:20:00Z'),
      echoes: 5,
    });
    const out = await html(report);
    const order = [...out.matchAll(/<article class="entry is-\w+" id="item-([0-9a-f]{32})">/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(order, ids);
    assert.equal(report.summary.problemCount, 0);
    // Who wrote to whom, from the store's persons.
    has(out, /<bdi>WikiLeaks &lt;@wikileaks&gt;<\/bdi> <span class="key mono">x:16589206<\/span>/);
    has(out, /<td>11<\/td><td>0<\/td>/, 'WikiLeaks sent 11, received none');
  });

  it('Report - the echoes of EXPECTED.md, marked with their latencies on both sides', async () => {
    const out = await html(await buildReport(store, parseQuery(QUERY), SETTINGS, echoes));
    const n = (q: string) => ids.indexOf(q) + 1;
    const id = async (q: string) =>
      (await store.search(parseQuery(q), { limit: 1, offset: 0, sort: 'date' })).items[0]?.id ?? '';
    const dm = await id('from:wikileaks link:wlsearch.tk');
    const father = await id('from:realdonaldtrump wikileaks');
    const son = await id('from:donaldjtrumpjr link:wlsearch.tk');
    const article = (x: string) => {
      const at = out.indexOf(`id="item-${x}"`);
      return out.slice(at, out.indexOf('</article>', at));
    };
    has(article(dm), new RegExp(`15 minutes later</span> · <a href="#item-${father}">#${n(father)}</a>`));
    has(
      article(dm),
      new RegExp(`1 day 21 hours 11 minutes later</span> · <a href="#item-${son}">#${n(son)}</a>`),
    );
    has(article(dm), /the same link <span class="mono">http:\/\/wlsearch\.tk\/<\/span>/);
    has(article(father), new RegExp(`15 minutes earlier</span> · <a href="#item-${dm}">#${n(dm)}</a>`));
    has(article(father), /names the private message&#39;s sender: “<bdi>WikiLeaks<\/bdi>”/);
    // The request for the emails and the son publishing them: rare words.
    has(
      out,
      /2 hours 59 minutes later<\/span>[^\n]*shares rare words: “<bdi>meeting, publishing, email<\/bdi>”/,
    );
  });

  it('Report - each item carries the sha256 of its original bytes (innsyn show --raw) and where they were read', async () => {
    const out = await html(await buildReport(store, parseQuery(QUERY), SETTINGS, echoes));
    for (const id of ids) {
      const raw = await store.getRaw(id);
      assert.ok(raw);
      const at = out.indexOf(`id="item-${id}"`);
      const article = out.slice(at, out.indexOf('</article>', at));
      assert.ok(article.includes(`<span class="mono sha">${sha256Hex(raw)}</span>`), id);
      assert.ok(article.includes(`/item/${id}`));
      assert.match(
        article,
        /DonaldJTrumpJr-x-archive<\/span> · member <span class="mono">data\/(direct-messages|tweets)\.js|realDonaldTrump-public-posts\.csv/,
      );
    }
  });

  it('Report - bytes that no longer match their recorded hash, or an item deleted meanwhile, are listed, and the rest goes on', async () => {
    const [changed, gone] = [ids[2] as string, ids[5] as string];
    const damaged = tampered(store, {
      getRaw: async (id: string) => {
        const raw = await store.getRaw(id);
        if (id !== changed || !raw) return raw;
        const copy = Uint8Array.from(raw);
        copy[0] = (copy[0] ?? 0) ^ 1;
        return copy;
      },
      getItem: async (id: string) => (id === gone ? null : store.getItem(id)),
    });
    const report = await buildReport(damaged, parseQuery(QUERY), SETTINGS, echoes);
    const out = await html(report);
    assert.deepEqual(
      report.summary.problems.map((p) => [p.n, p.id, p.code]),
      [
        [3, changed, 'raw-hash-mismatch'],
        [6, gone, 'vanished'],
      ],
    );
    has(out, /WARNING: the stored bytes no longer hash to [0-9a-f]{64}/);
    assert.ok(!out.includes(`<article class="entry is-private" id="item-${gone}">`));
    assert.equal((out.match(/<article /g) ?? []).length, 18);
    has(out, /Items that could not be checked \(2\)/);
  });

  it(`Report - more than ${MAX_REPORT_ITEMS} matches is refused before anything is written`, async () => {
    const many = tampered(store, {
      listMatches: async function* (): AsyncGenerator<MatchRef> {
        for (let k = 0; k <= MAX_REPORT_ITEMS; k++)
          yield { id: k.toString(16).padStart(32, '0'), sentAt: null };
      },
    });
    await assert.rejects(buildReport(many, null, SETTINGS, echoes), { code: 'usage' });
  });
});
