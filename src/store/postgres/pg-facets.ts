import { fieldTerm, typeBuckets } from '../facet-term.js';
import { ATTACHMENT_TYPES } from '../../query/fields.js';
import type { FacetBucket, Facets, Histogram, HistogramOptions } from '../store.js';
import type { PgQueryable } from './pg-driver.js';

/**
 * Facets and the date histogram over every match of a query, counted by the server (GROUP BY
 * over the matches, one statement for all facets), with the same answers as SQLite's in-memory
 * counting (sqlite-facet-counts.ts): several server processes share one database, so there is
 * no per-process index to keep up to date.
 */

/** Most buckets in one histogram; the earliest matches beyond it are counted in `clipped`. As in SQLite. */
export const MAX_HISTOGRAM_BUCKETS = 1000;
/** The auto interval picks the finest one with at most this many buckets. */
export const TARGET_HISTOGRAM_BUCKETS = 200;

const DAY_MS = 86_400_000;

/** The matches: `SELECT i.n ... FROM <from> WHERE <where>` with `$1…` parameters. */
export interface MatchSql {
  /** A statement selecting the matching rows of `items i` as `n` (and nothing else). */
  sql: string;
  params: unknown[];
}

interface FacetRow {
  f: string;
  v: string;
  c: number;
}

/** The facets of the matches. */
export async function countFacets(db: PgQueryable, m: MatchSql, limit: number): Promise<Facets> {
  const k = m.params.length + 1;
  // Each facet keeps its `limit` largest values, ties in order of first appearance (the lowest
  // row number), as SQLite's dictionary codes do. A recipient named twice on one item counts once.
  const top = (f: string, value: string, from: string, where: string, counted = 'count(*)'): string =>
    `(SELECT '${f}' AS f, ${value} AS v, ${counted} AS c FROM ${from}${where} ` +
    `GROUP BY ${value} ORDER BY c DESC, min(m.n) LIMIT $${k})`;
  const sql =
    `WITH m AS MATERIALIZED (SELECT i.n, i.kind, i.platform, i.lang, i.has_attachments, i.sent_at ` +
    `FROM items i WHERE i.n IN (${m.sql})) ` +
    [
      top('kind', 'lower(m.kind)', 'm', ''),
      top('platform', 'lower(m.platform)', 'm', ''),
      top('lang', 'lower(m.lang)', 'm', ' WHERE m.lang IS NOT NULL'),
      top(
        'from',
        'id.address',
        'm JOIN item_identities ii ON ii.item = m.n AND ii.role = 0 JOIN identities id ON id.n = ii.identity',
        '',
      ),
      top(
        'to',
        'id.address',
        'm JOIN item_identities ii ON ii.item = m.n AND ii.role = 1 JOIN identities id ON id.n = ii.identity',
        '',
        'count(DISTINCT m.n)',
      ),
      "(SELECT 'day', floor(m.sent_at / 86400000.0)::bigint::text, count(*) FROM m WHERE m.sent_at IS NOT NULL GROUP BY 2)",
      "(SELECT 'attachments', m.has_attachments::text, count(*) FROM m GROUP BY 2)",
      // An item counts once per type it holds (attachments.type, migration 0002).
      "(SELECT 'type', a.type, count(DISTINCT m.n) FROM m JOIN attachments a ON a.item = m.n GROUP BY 2)",
    ].join(' UNION ALL ');
  const rows = (await db.query<FacetRow>(sql, [...m.params, limit])).rows;
  const of = (f: string): FacetRow[] => rows.filter((r) => r.f === f);
  const labels = await addressLabels(db, [...new Set([...of('from'), ...of('to')].map((r) => r.v))]);
  const address = (field: 'from' | 'to') => (r: FacetRow) => ({
    value: fieldTerm(field, r.v),
    label: labels.get(r.v) ?? r.v,
    count: r.c,
  });
  const exact = (field: string) => (r: FacetRow) => ({
    value: fieldTerm(field, r.v),
    label: r.v,
    count: r.c,
  });
  const months = new Map<number, number>();
  for (const r of of('day')) {
    const m = monthOfDay(Number(r.v));
    months.set(m, (months.get(m) ?? 0) + r.c);
  }
  const years = new Map<number, number>();
  for (const [m, c] of months) years.set(Math.floor(m / 12), (years.get(Math.floor(m / 12)) ?? 0) + c);
  const withAttachments = of('attachments').find((r) => r.v === 'true')?.c ?? 0;
  const without = of('attachments').find((r) => r.v === 'false')?.c ?? 0;
  const hasAttachment: FacetBucket[] = [];
  if (withAttachments > 0)
    hasAttachment.push({ value: 'has:attachment', label: 'with attachments', count: withAttachments });
  if (without > 0)
    hasAttachment.push({ value: '-has:attachment', label: 'without attachments', count: without });
  return {
    from: of('from').map(address('from')),
    to: of('to').map(address('to')),
    year: chronological(years, limit, (y) => pad(y, 4)),
    month: chronological(months, limit, (m) => `${pad(Math.floor(m / 12), 4)}-${pad(mod12(m) + 1, 2)}`),
    kind: of('kind').map(exact('kind')),
    platform: of('platform').map(exact('platform')),
    lang: of('lang').map(exact('lang')),
    hasAttachment,
    type: typeBuckets(
      ATTACHMENT_TYPES.map((t) => of('type').find((r) => r.v === t)?.c ?? 0),
      limit,
    ),
  };
}

/**
 * The display name seen most often with each address (as sender or `to` recipient, anywhere in
 * the case; ties: the first seen), as SQLite's FacetIndex.label.
 */
async function addressLabels(db: PgQueryable, addresses: string[]): Promise<Map<string, string>> {
  if (addresses.length === 0) return new Map();
  const r = await db.query<{ address: string; name: string }>(
    'SELECT DISTINCT ON (id.address) id.address, ii.name FROM item_identities ii JOIN identities id ON id.n = ii.identity ' +
      'WHERE ii.role <= 1 AND ii.name IS NOT NULL AND id.address = ANY($1::text[]) ' +
      'GROUP BY id.address, ii.name ORDER BY id.address, count(*) DESC, min(ARRAY[ii.item, ii.role, ii.seq])',
    [addresses],
  );
  return new Map(r.rows.map((x) => [x.address, x.name]));
}

/** Matches per period, contiguous from the first dated match to the last. */
export async function countHistogram(
  db: PgQueryable,
  m: MatchSql,
  options: HistogramOptions = {},
): Promise<Histogram> {
  const rows = (
    await db.query<{ d: number | null; c: number }>(
      `SELECT floor(i.sent_at / 86400000.0)::bigint AS d, count(*) AS c FROM items i WHERE i.n IN (${m.sql}) GROUP BY 1`,
      m.params,
    )
  ).rows;
  let undated = 0;
  const days: Array<[number, number]> = [];
  for (const r of rows) {
    if (r.d === null) undated += r.c;
    else days.push([r.d, r.c]);
  }
  return histogramOfDays(days, undated, options.interval ?? 'auto');
}

type Interval = Histogram['interval'];

/** The histogram from counts per UTC day (days since 1970), as sqlite-facet-counts.ts countHistogram. */
export function histogramOfDays(
  days: ReadonlyArray<[day: number, count: number]>,
  undated: number,
  requested: Interval | 'auto',
): Histogram {
  if (days.length === 0) {
    return { interval: requested === 'auto' ? 'month' : requested, buckets: [], undated, clipped: 0 };
  }
  let minDay = Infinity;
  let maxDay = -Infinity;
  for (const [d] of days) {
    if (d < minDay) minDay = d;
    if (d > maxDay) maxDay = d;
  }
  const minMonth = monthOfDay(minDay);
  const maxMonth = monthOfDay(maxDay);
  const spans: Record<Interval, number> = {
    day: maxDay - minDay + 1,
    month: maxMonth - minMonth + 1,
    year: Math.floor(maxMonth / 12) - Math.floor(minMonth / 12) + 1,
  };
  const interval: Interval =
    requested !== 'auto'
      ? requested
      : spans.day <= TARGET_HISTOGRAM_BUCKETS
        ? 'day'
        : spans.month <= TARGET_HISTOGRAM_BUCKETS
          ? 'month'
          : 'year';
  const keyOf = (d: number): number =>
    interval === 'day' ? d : interval === 'month' ? monthOfDay(d) : Math.floor(monthOfDay(d) / 12);
  const last = keyOf(maxDay);
  const size = Math.min(spans[interval], MAX_HISTOGRAM_BUCKETS);
  const first = last - size + 1;
  const counts = new Array<number>(size).fill(0);
  let clipped = 0;
  for (const [d, c] of days) {
    const k = keyOf(d);
    if (k < first) clipped += c;
    else counts[k - first] = (counts[k - first] as number) + c;
  }
  const startOf = (k: number): number =>
    interval === 'day' ? k * DAY_MS : interval === 'month' ? utc(Math.floor(k / 12), mod12(k)) : utc(k, 0);
  const buckets: Histogram['buckets'] = [];
  for (let i = 0; i < size; i++) {
    buckets.push({
      start: new Date(startOf(first + i)).toISOString(),
      end: new Date(startOf(first + i + 1)).toISOString(),
      count: counts[i] as number,
    });
  }
  return { interval, buckets, undated, clipped };
}

/** UTC year * 12 + month (0-11) of a day since 1970. */
function monthOfDay(day: number): number {
  const d = new Date(day * DAY_MS);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The first instant of a UTC month. Not Date.UTC, which reads years 0-99 as 1900-1999. */
function utc(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

function mod12(m: number): number {
  return ((m % 12) + 12) % 12;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The `limit` largest periods, then in date order. */
function chronological(
  counts: Map<number, number>,
  limit: number,
  key: (k: number) => string,
): FacetBucket[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .sort((a, b) => a[0] - b[0])
    .map(([k, count]) => ({ value: `date:${key(k)}`, label: key(k), count }));
}
