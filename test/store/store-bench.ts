/**
 * Measures the SQLite store on generated items: writeBatch throughput, database size against
 * the raw and text bytes, and search latency for common query kinds.
 *
 *   node --import tsx test/store/store-bench.ts [items=10000] [batch=500]
 *
 * Not a test (no assertions); the numbers go into the store's report and README.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { QueryNode } from '../../src/query/ast.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { generateItems } from './generate-items.js';

const count = Number(process.argv[2] ?? 10_000);
const batchSize = Number(process.argv[3] ?? 500);
const workers = process.argv[4] === undefined ? undefined : Number(process.argv[4]);

const term = (
  value: string,
  field: null | 'from' | 'subject' | 'body' = null,
  prefix = false,
): QueryNode => ({
  type: 'term',
  field,
  value,
  prefix,
  pos: 1,
});
const phrase = (value: string): QueryNode => ({ type: 'phrase', field: null, value, pos: 1 });
const and = (...children: QueryNode[]): QueryNode => ({ type: 'and', children, pos: 1 });
const or = (...children: QueryNode[]): QueryNode => ({ type: 'or', children, pos: 1 });
const not = (child: QueryNode): QueryNode => ({ type: 'not', child, pos: 1 });

async function main(): Promise<void> {
  const items = [...generateItems(count)];
  let rawBytes = 0;
  let textBytes = 0;
  for (const { item, raw } of items) {
    rawBytes += raw.length;
    textBytes += Buffer.byteLength(item.text) + Buffer.byteLength(item.html ?? '');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'innsyn-bench-'));
  const file = path.join(dir, 'bench.db');
  try {
    const store = openSqliteStore(file, { prepareWorkers: workers });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    for (let i = 0; i < items.length; i += batchSize) {
      await store.writeBatch({ items: items.slice(i, i + batchSize), quarantine: [] });
    }
    const writeMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const mainMs = mainThreadCpuMs() - main0;
    console.log(
      `writeBatch (${workers ?? 'default'} prepare workers): ${count} items in ${(writeMs / 1000).toFixed(2)} s = ` +
        `${Math.round((count * 1000) / writeMs)} items/s; CPU per item: ${Math.round((cpu.user + cpu.system) / count)} µs in all ` +
        `threads, ${Math.round((mainMs * 1000) / count)} µs on the writing thread`,
    );
    const t1 = performance.now();
    const again = Math.min(5000, count);
    await store.writeBatch({ items: items.slice(0, again), quarantine: [] });
    console.log(
      `re-writing ${again} duplicates: ${Math.round((again * 1000) / (performance.now() - t1))} items/s`,
    );
    const stats = await store.stats();
    console.log(
      `raw ${mb(rawBytes)}, text+html ${mb(textBytes)}, db ${mb(stats.dbBytes)} = ${(stats.dbBytes / rawBytes).toFixed(2)}x raw`,
    );

    const queries: Array<[string, QueryNode | null, 'relevance' | 'date']> = [
      ['browse by date (no query)', null, 'date'],
      ['common word, relevance', term('the'), 'relevance'],
      ['common word, date', term('the'), 'date'],
      ['mid word (budget)', term('budget'), 'relevance'],
      ['stemmed (emails)', term('emails'), 'relevance'],
      ['norwegian (skatten)', term('skatten'), 'relevance'],
      ['phrase "tax returns"', phrase('tax returns'), 'relevance'],
      ['prefix bud*', term('bud', null, true), 'relevance'],
      ['prefix 2 chars st*', term('st', null, true), 'relevance'],
      ['from:wikileaks', term('wikileaks', 'from'), 'date'],
      ['budget AND NOT meeting', and(term('budget'), not(term('meeting'))), 'relevance'],
      [
        '(budget OR avtale) subject:re',
        and(or(term('budget'), term('avtale')), term('re', 'subject')),
        'relevance',
      ],
      [
        'budget date:2016',
        and(term('budget'), {
          type: 'date',
          from: '2016-01-01T00:00:00.000Z',
          to: '2017-01-01T00:00:00.000Z',
          pos: 1,
        }),
        'date',
      ],
      ['NOT budget (standalone)', not(term('budget')), 'date'],
      [
        'kind:email OR budget (mixed OR)',
        or({ type: 'exact', field: 'lang', value: 'no', pos: 1 }, term('budget')),
        'date',
      ],
    ];
    for (const [name, q, sort] of queries) {
      await store.search(q, { limit: 20, offset: 0, sort });
      const runs = 10;
      const t = performance.now();
      let total = 0;
      for (let i = 0; i < runs; i++) total = (await store.search(q, { limit: 20, offset: 0, sort })).total;
      console.log(
        `${name.padEnd(36)} ${((performance.now() - t) / runs).toFixed(1).padStart(7)} ms  total ${total}`,
      );
    }
    const r0 = performance.now();
    await store.reindex();
    console.log(`reindex: ${((performance.now() - r0) / 1000).toFixed(2)} s`);
    const after = await store.stats();
    console.log(
      `db after reindex (optimized FTS): ${mb(after.dbBytes)} = ${(after.dbBytes / rawBytes).toFixed(2)}x raw`,
    );
    await store.close();
    console.log(`file on disk after close: ${mb(statSync(file).size)}`);
    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare(
          "SELECT CASE WHEN name LIKE 'fts%' THEN 'fts (all)' ELSE name END AS t, sum(pgsize) AS b FROM dbstat GROUP BY t ORDER BY b DESC",
        )
        .all() as Array<{ t: string; b: number }>;
      for (const r of rows)
        console.log(`  ${r.t.padEnd(24)} ${mb(r.b)}  (${((100 * r.b) / rawBytes).toFixed(1)}% of raw)`);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CPU time of the main (writing) thread alone, from /proc (Linux; 10 ms ticks, fine over a
 * run of seconds). On a shared machine wall time says little; this says what the serial part
 * of ingest costs, the limit of its throughput when other cores do the rest.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function mb(b: number): string {
  return `${(b / 1e6).toFixed(1)} MB`;
}

await main();
