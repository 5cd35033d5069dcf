import { sep } from 'node:path';
import { askOf } from '../../extract/requests.js';
import {
  checkAnnotationRecords,
  type AnnotationChange,
  type AnnotationImport,
  type AnnotationRecord,
  type AnnotationTarget,
  type Annotations,
  type BulkTagResult,
  type TagChange,
  type TagCount,
} from '../annotations.js';
import { InnsynError, isInnsynError, ITEM_ID_PATTERN } from '../../model/index.js';
import type { AnalysisItem, AnalysisPerson, Item, Location } from '../../model/index.js';
import { analyzeText } from '../../model/text/analyzer.js';
import type { QueryNode } from '../../query/ast.js';
import { expandMentions } from '../expand-mentions.js';
import { ftsDocument } from '../fts-document.js';
import {
  compress,
  decodeRaw,
  decodeRecord,
  decodeRecordWithoutHtml,
  decompress,
  msToIso,
  type ContentRow,
  type RecordWithoutHtml,
} from '../item-codec.js';
import { columnsSig } from '../people-derived.js';
import type {
  ListPeopleOptions,
  PeopleEdit,
  PeopleImport,
  PeopleList,
  PeopleRebuild,
  Person,
  SplitResult,
} from '../people.js';
import { prepareItem, type PreparedItem } from '../prepare-item.js';
import { queryHighlights, type Highlights } from '../query-highlights.js';
import { makeSnippet, markText } from '../snippet.js';
import type {
  AnalysisItemsOptions,
  AttachmentOwner,
  FacetOptions,
  Facets,
  Histogram,
  HistogramOptions,
  ItemSummary,
  MatchRef,
  QuarantineRecord,
  SearchOptions,
  SearchResult,
  SourceRecord,
  Store,
  StoreCapabilities,
  StoreStats,
  ThreadAssignment,
  ThreadingInput,
  ThreadOptions,
  ThreadView,
  WriteBatch,
  WriteResult,
} from '../store.js';
import { MAX_THREAD_NODES, quarantinePlace } from '../store.js';
import { conversationNodes, parentInPart, partOf, partStart, requestedOffset } from '../thread-part.js';
import {
  readAnalysisItems,
  readAnalysisPersons,
  readAnalysisTexts,
  readSenderItems,
} from './pg-analysis-items.js';
import { PgAnnotations, type ItemMarks } from './pg-annotations.js';
import {
  countOf,
  openPgPool,
  pgErrorCode,
  rowNumbers,
  type PgClient,
  type PgPool,
  type PgQueryable,
} from './pg-driver.js';
import {
  createRankIndex,
  dropRankIndex,
  rankIndexDefinition,
  rankIndexOrder,
  rankIndexState,
  type RankIndexState,
} from './pg-rank-index.js';
import { RETRYABLE, redactUrl, toStoreError } from './pg-errors.js';
import { readMatches } from './pg-export.js';
import { matchRowNumbers } from './pg-facets.js';
import { PgFacetIndex } from './pg-facet-index.js';
import { countFacets, countHistogram, type Matches } from '../facet-counts.js';
import { LruMap } from '../lru-map.js';
import { matchesKey } from '../query-parts.js';
import { RANK_WEIGHTS, tsvectorText } from './pg-fts-document.js';
import {
  attachmentTextsOf,
  getAttachmentTexts,
  itemsHolding,
  writeAttachmentTexts,
} from './pg-attachment-texts.js';
import type { AttachmentHolder, AttachmentTextInfo, AttachmentTextSource } from '../attachment-texts.js';
import { attachmentHit } from '../attachment-hit.js';
import { MATCH_START } from '../../model/snippet-markers.js';
import {
  PG_ITEM_COLUMNS,
  PG_ITEM_INSERT_COLUMNS,
  PG_ITEM_INSERT_TYPES,
  asciiLower,
  exactRow,
  itemValues,
  pgText,
  toItem,
  type PgItemRow,
} from './pg-item-codec.js';
import { ItemPartsWriter } from './pg-item-parts.js';
import { migrate } from './pg-migrations.js';
import { PgPeople } from './pg-people.js';
import { PgSavedSearches } from './pg-saved-searches.js';
import type { SavedSearch } from '../saved-searches.js';
import { PEOPLE_LOCK } from './pg-people-index.js';
import { compileQuery, type CompiledQuery } from './pg-query-compiler.js';
import {
  estimatedTextMatches,
  matchSql,
  matchSqlOrNone,
  orderedPageSql,
  plannedMatchSql,
  rankedPageSql,
  searchSql,
} from './pg-match-sql.js';
import { datePage } from './pg-date-page.js';
import { checkSchemaName, schemaLock } from './pg-collection.js';
import { PgReadRoute, checkReplica, replicaFailover } from './pg-read-route.js';
import { PgNameIds } from './pg-name-ids.js';
import {
  FOLDER_WORDS_SQL,
  folderQueriesAmong,
  labelsColumn,
  locationOfRow,
  type LocationRow,
} from '../folder-rows.js';
import { PgFolders } from './pg-folders.js';

export const POSTGRES_CAPABILITIES: StoreCapabilities = {
  // Row locks and MVCC: several ingest workers and servers write one database at once.
  supportsConcurrentWriters: true,
};

/** Each result decompresses its record: a larger page is an export, not a search. As in SQLite. */
export const MAX_SEARCH_LIMIT = 10_000;
/** Most buckets per facet a caller may ask for. */
export const MAX_FACET_LIMIT = 1000;
/** Connections one store keeps (a server answering several requests at once uses several). */
export const DEFAULT_POOL_SIZE = 8;
/** How long opening a connection may take before the store says the server cannot be reached. */
export const CONNECT_TIMEOUT_MS = 15_000;
/**
 * A write transaction that another writer deadlocked or serialised against is run again, up to
 * this many times in all, after a short random pause (concurrent ingests of overlapping inputs
 * insert the same rows in different orders; PostgreSQL aborts one of them, and the retry finds
 * the other's rows and records duplicates).
 */
export const WRITE_ATTEMPTS = 6;
/** Rows per page when walking the whole database (threading input, reindex). */
const PAGE_ROWS = 1_000;
/** Thread rows written per statement. */
const THREAD_CHUNK = 5_000;
/** The advisory lock of replaceThreads (bytes of 'innsyn-t'). */
const THREADS_LOCK = '7597425098213486964';
const INTERVALS = ['auto', 'year', 'month', 'day'];
/**
 * Match sets kept per process (by data version and query): a search, its facets and its
 * histogram read the matches once. 55,000 matches take 220 kB.
 */
const MATCH_CACHE_ENTRIES = 16;
/**
 * Matches of a query with text up to which its page is chosen among them by row number (a
 * parameter of that many numbers, each item looked up: ~2 µs each), rather than by walking the
 * items in date order or the full-text index in rank order.
 */
const AMONG_MATCHES = 5_000;
/**
 * A page by ts_rank of a query with conditions on items is ranked among its matches when they are
 * at most this share of the text's matches (the planner's estimate of them), rather than taken
 * from the text's matches in rank order. On 1,000,000 items, `date:2021 meeting` (182,737 of
 * 549,317): ranked in the text's order 7.6 s, among its matches 4.7-5.8 s (the code before, which
 * tested each item of 2021: 5.1-5.6 s).
 */
const RANK_AMONG_SHARE = 0.5;
const NOWHERE: Location = { path: '', member: null, offset: 0, length: 0, sha256: '' };

/** `items i` in the order SQLite's date keys give (pg-query-compiler.ts), undated after the dated ones. */
const KEY = '(CASE WHEN i.sent_at IS NULL THEN -i.n ELSE i.n END)';
const NEWEST_FIRST = `i.sent_at DESC NULLS LAST, ${KEY} DESC`;
const OLDEST_FIRST = `i.sent_at ASC NULLS LAST, ${KEY} ASC`;

type ItemContentRow = PgItemRow & ContentRow;

const CONTENT_ITEM = `SELECT ${PG_ITEM_COLUMNS}, c.codec, c.record_len, c.data, NULL::bytea AS raw FROM items i JOIN contents c ON c.n = i.n`;

export interface PostgresStoreOptions {
  /** Connections kept at most (per server: the replica's pool is as large); DEFAULT_POOL_SIZE by default. */
  poolSize?: number;
  /**
   * The schema the store's tables live in (a collection: `collectionSchema(name)`,
   * pg-collection.ts), created when missing and set as every connection's `search_path`.
   * Without it, the connection's default schema (`public`).
   */
  schema?: string;
  /**
   * A streaming replica of the same database (`--db-read`): searches and every other read go
   * there, writes and what a write depends on go to `url` (pg-read-route.ts).
   */
  readUrl?: string;
}

/**
 * Connects to the database a `postgres://` URL names and migrates it (creating the schema in an
 * empty database). The URL is that of libpq and node-postgres: user, password, host (or a
 * Unix socket folder, URL-encoded), port, database, and `sslmode` and the like as parameters.
 * InnsynError('usage') for a bad schema name or a `readUrl` that is not a standby of the same
 * database; 'store' when a server cannot be reached or refuses. Nothing is left open on failure.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const db = redactUrl(url);
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const poolOptions = {
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    searchPath: schema,
  };
  const pool = openPgPool(url, poolOptions);
  const readDb = options.readUrl === undefined ? null : redactUrl(options.readUrl);
  const readPool = options.readUrl === undefined ? null : openPgPool(options.readUrl, poolOptions);
  const route = new PgReadRoute(pool, readPool);
  let doing = 'opening it';
  try {
    if (schema !== undefined) await ensureSchema(pool, schema);
    await migrate(pool, db);
    if (readPool !== null && readDb !== null) {
      doing = `checking the replica ${readDb}`;
      await checkReplica(pool, readPool, { db, readDb });
      await route.configure(pool);
      // Reads wait for the replica to hold at least what the primary holds now (migrations included).
      await route.fenceAt(pool);
    }
  } catch (e) {
    await pool.end().catch(() => {});
    await readPool?.end().catch(() => {});
    throw toStoreError(e, doing === 'opening it' ? db : (readDb as string), doing);
  }
  return new PostgresStore(pool, db, { schema, route, readPool });
}

/**
 * Creates the collection's schema when it is not there. Looked up first: CREATE SCHEMA IF NOT
 * EXISTS would still need the right to create schemas, which a user of an existing collection
 * may not have; and two processes creating it at once meet on the unique name (23505), which
 * means it is there.
 */
async function ensureSchema(pool: PgPool, schema: string): Promise<void> {
  const found = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (found.rows.length > 0) return;
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (e) {
    if (pgErrorCode(e) !== '23505') throw e;
  }
}

/**
 * The Store on PostgreSQL (README.md): the same behaviour as the SQLite dialect, answered by a
 * server several innsyn processes share. Reads run on the pool's connections as they come;
 * every write is one transaction (a batch is all written or not at all) that ends by bumping
 * `data_version`.
 */
export class PostgresStore implements Store {
  readonly capabilities = POSTGRES_CAPABILITIES;
  private readonly parts = new ItemPartsWriter();
  private readonly people = new PgPeople();
  private readonly pathIds = new PgNameIds('paths', 'path');
  private readonly folders = new PgFolders();
  private readonly savedSearches = new PgSavedSearches();
  private readonly annotations = new PgAnnotations(async (key) => {
    await this.freshPeople();
    const p = await this.read(`reading person ${key}`, (db) => this.people.get(db, key));
    return p ? { key: p.key, identities: p.identities.map((i) => i.key) } : null;
  });
  private closed = false;
  /** rankIndexOrder's answer, once looked up. */
  private rankOrder: Promise<string | null> | null = null;
  /** Where reads go: the replica when there is one and it is current enough (pg-read-route.ts). */
  private readonly route: PgReadRoute;
  private readonly readPool: PgPool | null;
  /** The collection's schema, or undefined for the connection's default schema. */
  private readonly schema: string | undefined;
  /** Advisory locks, per schema: collections in one database do not wait for each other. */
  private readonly locks: { people: string; threads: string };
  /**
   * Email items the last complete listThreadingInputs read (null: none since the last write or
   * replaceThreads here): replaceThreads leaves threads computed from fewer items than another
   * writer has stored since alone, since that writer rebuilds them after its own ingest.
   */
  private threadingRead: number | null = null;
  /** Facets and the histogram are counted over this (pg-facet-index.ts), once it is filled. */
  private facetIndex: PgFacetIndex | null = null;
  /** The data version the facet index was last brought up to, and the fill under way. */
  private facetVersion: string | null = null;
  private facetFill: Promise<PgFacetIndex> | null = null;
  private readonly matchCache = new LruMap<string, Int32Array>(MATCH_CACHE_ENTRIES);
  /** AMONG_MATCHES and RANK_AMONG_SHARE; tests change them to walk each way a page is chosen. */
  pageChoice = { amongMatches: AMONG_MATCHES, rankAmongShare: RANK_AMONG_SHARE };

  constructor(
    private readonly pool: PgPool,
    /** The database's URL without its password: what messages name. */
    private readonly db: string,
    options: { schema?: string; route?: PgReadRoute; readPool?: PgPool | null } = {},
  ) {
    this.schema = options.schema;
    this.route = options.route ?? new PgReadRoute(pool, null);
    this.readPool = options.readPool ?? null;
    this.locks = {
      people: schemaLock(PEOPLE_LOCK, this.schema),
      threads: schemaLock(THREADS_LOCK, this.schema),
    };
  }

  // ---- writing ---------------------------------------------------------------------------

  async writeBatch(batch: WriteBatch): Promise<WriteResult[]> {
    for (const { item } of batch.items) {
      if (!ITEM_ID_PATTERN.test(item.id)) {
        throw new InnsynError('internal', `item id '${item.id}' is not 32 lower-case hex characters`);
      }
    }
    // Analysis and compression before the transaction, so that it holds its locks only for the
    // time the database needs. Duplicates (a re-run) need none.
    this.threadingRead = null;
    const known = await this.read(
      'looking up item ids',
      (db) =>
        existingIds(
          db,
          batch.items.map((x) => x.item.id),
        ),
      'primary',
    );
    const prepared = new Map<number, PreparedItem>();
    const seen = new Set<string>();
    // Items that carry attachments and are not prepared index the texts read from them: the
    // batch's own and those stored (ingest prepares its items with them).
    const texts = await this.read(
      'reading attachment texts',
      (db) => batchTexts(db, batch, known),
      'primary',
    );
    batch.items.forEach(({ item, raw, prepared: ahead }, i) => {
      if (known.has(item.id) || seen.has(item.id)) return;
      seen.add(item.id);
      prepared.set(i, ahead ?? prepare(item, raw, texts));
    });
    return this.transaction('writing a batch of items', (c) => this.writeNow(c, batch, prepared), {
      retry: true,
    });
  }

  /** The batch, set-wise: one statement per table, rows in the batch's order. */
  private async writeNow(
    c: PgClient,
    batch: WriteBatch,
    prepared: Map<number, PreparedItem>,
  ): Promise<WriteResult[]> {
    // Texts first: items stored before that hold a file read again now (OCR) are indexed again.
    const changed = await writeAttachmentTexts(c, batch.attachmentTexts ?? []);
    if (changed.length > 0) await this.people.index.refreshItems(c, await itemsHolding(c, changed));
    const nOf = await existingIds(
      c,
      batch.items.map((x) => x.item.id),
    );
    const fresh: number[] = [];
    const claimed = new Set<string>();
    batch.items.forEach(({ item }, i) => {
      if (nOf.has(item.id) || claimed.has(item.id)) return;
      claimed.add(item.id);
      fresh.push(i);
    });
    const stored = new Set<number>();
    if (fresh.length > 0) {
      const p = fresh.map((i) => {
        const { item, raw } = batch.items[i] as WriteBatch['items'][number];
        let ready = prepared.get(i);
        if (!ready) prepared.set(i, (ready = prepare(item, raw)));
        return ready;
      });
      const columns: unknown[][] = PG_ITEM_INSERT_COLUMNS.map(() => []);
      fresh.forEach((i, k) => {
        const item = (batch.items[i] as WriteBatch['items'][number]).item;
        itemValues(item, (p[k] as PreparedItem).ask).forEach((v, col) => (columns[col] as unknown[]).push(v));
      });
      const names = PG_ITEM_INSERT_COLUMNS.join(', ');
      const inserted = await c.query<{ id: string; n: number }>(
        `INSERT INTO items (${names}) SELECT ${names} FROM unnest(` +
          PG_ITEM_INSERT_TYPES.map((t, k) => `$${k + 1}::${t}[]`).join(', ') +
          `) WITH ORDINALITY AS u(${names}, ord) ORDER BY ord ON CONFLICT (id) DO NOTHING RETURNING id, n`,
        columns,
      );
      for (const r of inserted.rows) nOf.set(r.id, r.n);
      const mineIds = new Set(inserted.rows.map((r) => r.id));
      const raced: string[] = [];
      fresh.forEach((i) => {
        const id = (batch.items[i] as WriteBatch['items'][number]).item.id;
        if (mineIds.has(id)) stored.add(i);
        else raced.push(id);
      });
      // Another writer stored some of them since we looked: they are duplicates now.
      if (raced.length > 0) for (const [id, n] of await existingIds(c, raced)) nOf.set(id, n);
      const mine = fresh.filter((i) => stored.has(i));
      if (mine.length > 0) {
        const ns = mine.map(
          (i) => nOf.get((batch.items[i] as WriteBatch['items'][number]).item.id) as number,
        );
        const ready = mine.map((i) => prepared.get(i) as PreparedItem);
        await c.query(
          'INSERT INTO contents (n, codec, record_len, data, raw) ' +
            'SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::int[], $4::bytea[], $5::bytea[])',
          [
            ns,
            ready.map((x) => x.content.codec),
            ready.map((x) => x.content.record_len),
            ready.map((x) => x.content.data),
            ready.map((x) => x.content.raw),
          ],
        );
        await c.query(
          'INSERT INTO fts (n, doc) SELECT n, doc::tsvector FROM unnest($1::bigint[], $2::text[]) AS u(n, doc)',
          [ns, ready.map((x) => tsvectorText(x.fts))],
        );
        await c.query('INSERT INTO people_pending (n) SELECT unnest($1::bigint[]) ON CONFLICT DO NOTHING', [
          ns,
        ]);
        const written = mine.map((i, k) => ({
          n: ns[k] as number,
          item: (batch.items[i] as WriteBatch['items'][number]).item,
        }));
        await this.parts.write(c, written, await attachmentKinds(c, written));
      }
    }
    const paths = await this.pathIds.of(c, [
      ...batch.items.map((x) => x.item.location.path),
      ...batch.quarantine.map((q) => q.location.path),
    ]);
    const loc: unknown[][] = [[], [], [], [], [], [], []];
    // Each place once: a statement that updates (labels) must not meet its own row twice.
    const places = new Set<string>();
    const copies: Array<{ item: number; location: Location }> = [];
    for (const { item } of batch.items) {
      const l = item.location;
      const n = nOf.get(item.id) as number;
      const place = `${n}\u0000${paths.get(l.path)}\u0000${l.offset}\u0000${l.member ?? ''}`;
      if (places.has(place)) continue;
      places.add(place);
      pushRow(loc, [
        n,
        paths.get(l.path),
        pgText(l.member),
        l.offset,
        l.length,
        pgText(l.sha256),
        labelsColumn(l.labels),
      ]);
      copies.push({ item: n, location: l });
    }
    if (batch.items.length > 0 && (await c.query('SELECT 1 FROM quarantine LIMIT 1')).rows.length > 0) {
      // An input that reads now is no longer quarantined (a newer innsyn reads what an older could not).
      await c.query(
        'DELETE FROM quarantine q USING unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(p, o, m) ' +
          "WHERE q.path = u.p AND q.byte_offset = u.o AND coalesce(q.member, '') = u.m",
        [
          batch.items.map((x) => paths.get(x.item.location.path)),
          batch.items.map((x) => x.item.location.offset),
          batch.items.map((x) => pgText(x.item.location.member ?? '')),
        ],
      );
    }
    if (batch.items.length > 0) {
      // A copy stored before labels were read (migration 0003) gets them when it is read again.
      await c.query(
        'INSERT INTO locations AS x (item, path, member, byte_offset, byte_length, sha256, labels) ' +
          'SELECT item, path, member, o, l, s, b FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], ' +
          '$5::bigint[], $6::text[], $7::text[]) WITH ORDINALITY AS u(item, path, member, o, l, s, b, ord) ORDER BY ord ' +
          "ON CONFLICT (item, path, byte_offset, coalesce(member, '')) DO UPDATE SET labels = excluded.labels " +
          'WHERE x.labels IS NULL AND excluded.labels IS NOT NULL',
        loc,
      );
      await this.folders.add(c, copies);
    }
    if (batch.quarantine.length > 0) {
      const q: unknown[][] = [[], [], [], [], [], [], []];
      // Each place once (the last reading of it): an upsert must not meet its own row twice.
      const byPlace = new Map<string, WriteBatch['quarantine'][number]>();
      for (const x of batch.quarantine) {
        byPlace.set(quarantinePlace(x.location), x);
      }
      for (const x of byPlace.values()) {
        const l = x.location;
        const bytes = Buffer.from(x.bytes.buffer, x.bytes.byteOffset, x.bytes.byteLength);
        pushRow(q, [
          paths.get(l.path),
          pgText(l.member),
          l.offset,
          l.length,
          pgText(l.sha256),
          pgText(x.reason),
          compress(bytes),
        ]);
      }
      await c.query(
        'INSERT INTO quarantine (path, member, byte_offset, byte_length, sha256, reason, bytes) ' +
          'SELECT p, m, o, l, s, r, b FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], ' +
          '$6::text[], $7::bytea[]) WITH ORDINALITY AS u(p, m, o, l, s, r, b, ord) ORDER BY ord ' +
          // Read again: the reason this innsyn gives, for the bytes there now.
          "ON CONFLICT (path, byte_offset, coalesce(member, '')) DO UPDATE SET byte_length = excluded.byte_length, " +
          'sha256 = excluded.sha256, reason = excluded.reason, bytes = excluded.bytes',
        q,
      );
    }
    return [
      ...batch.items.map((_, i): WriteResult => (stored.has(i) ? 'stored' : 'duplicate')),
      ...batch.quarantine.map((): WriteResult => 'quarantined'),
    ];
  }

  async quarantinedPaths(input: string): Promise<Set<string>> {
    return this.read('reading the quarantine', async (db) => {
      const inside = input.endsWith(sep) ? input : input + sep;
      const rows = await db.query<{ path: string }>(
        'SELECT p.path FROM paths p WHERE (p.path = $1 OR starts_with(p.path, $2)) ' +
          'AND EXISTS (SELECT 1 FROM quarantine q WHERE q.path = p.n)',
        [pgText(input), pgText(inside)],
      );
      return new Set(rows.rows.map((r) => r.path));
    });
  }

  async settleQuarantine(read: ReadonlySet<string>, kept: ReadonlySet<string>): Promise<number> {
    if (read.size === 0) return 0;
    return this.transaction('settling the quarantine', async (c) => {
      const rows = await c.query<{ n: string; path: string; byte_offset: string; member: string | null }>(
        'SELECT q.n::text AS n, p.path, q.byte_offset::text AS byte_offset, q.member FROM quarantine q ' +
          'JOIN paths p ON p.n = q.path WHERE p.path = ANY($1::text[])',
        [[...read].map((x) => pgText(x))],
      );
      const gone = rows.rows
        .filter(
          (r) =>
            !kept.has(quarantinePlace({ path: r.path, offset: Number(r.byte_offset), member: r.member })),
        )
        .map((r) => r.n);
      if (gone.length > 0) await c.query('DELETE FROM quarantine WHERE n = ANY($1::bigint[])', [gone]);
      return gone.length;
    });
  }

  async getSource(path: string): Promise<SourceRecord | null> {
    return this.read(
      'reading the list of inputs',
      async (db) => {
        const r = await db.query<SourceRow>('SELECT * FROM sources WHERE path = $1', [pgText(path)]);
        return r.rows[0] ? toSourceRecord(r.rows[0]) : null;
      },
      'primary',
    );
  }

  async putSource(s: SourceRecord): Promise<void> {
    await this.transaction('recording an input', async (c) => {
      await c.query(
        'INSERT INTO sources (path, size, mtime_ms, state, read, stored, duplicates, quarantined) ' +
          'VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (path) DO UPDATE SET size = excluded.size, ' +
          'mtime_ms = excluded.mtime_ms, state = excluded.state, read = excluded.read, stored = excluded.stored, ' +
          'duplicates = excluded.duplicates, quarantined = excluded.quarantined',
        [pgText(s.path), s.size, s.mtimeMs, s.state, s.read, s.stored, s.duplicates, s.quarantined],
      );
    });
  }

  // ---- searching and reading -------------------------------------------------------------

  /**
   * How relevance orders with the rank index (pg-rank-index.ts), or null without one: looked up
   * once per store (a server started before the index was made ranks with ts_rank until restarted).
   */
  private rankIndexOrder(db: PgQueryable): Promise<string | null> {
    this.rankOrder ??= rankIndexOrder(db, '$1').catch((e: unknown) => {
      this.rankOrder = null;
      throw e;
    });
    return this.rankOrder;
  }

  /** The rank index of this case (pg-rank-index.ts): its state, after making or dropping it. */
  async rankIndex(action: 'status' | 'create' | 'drop'): Promise<RankIndexState> {
    const doing = { status: 'reading', create: 'making', drop: 'dropping' }[action];
    // On the primary, outside a transaction: CREATE and DROP INDEX CONCURRENTLY need that.
    return this.read(
      `${doing} the rank index`,
      async (db) => {
        if (action === 'create') await createRankIndex(db, this.db);
        if (action === 'drop') await dropRankIndex(db);
        this.rankOrder = null;
        return rankIndexState(db);
      },
      'primary',
    );
  }

  async search(query: QueryNode | null, options: SearchOptions): Promise<SearchResult> {
    const { limit, offset } = options;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) {
      throw new InnsynError('usage', `limit must be a whole number from 0 to ${MAX_SEARCH_LIMIT}`);
    }
    if (!Number.isInteger(offset) || offset < 0)
      throw new InnsynError('usage', 'offset must be a whole number, 0 or more');
    const compiled = compileQuery(await this.withPeople(query));
    if (compiled.never) return { total: 0, items: [] };
    return this.read('searching', async (db) => {
      const { ns, total } =
        compiled.match === null
          ? await this.itemsPage(db, compiled, options)
          : await this.textPage(db, { ...compiled, match: compiled.match }, options);
      return {
        total,
        items: await this.summaries(db, ns, queryHighlights(query), queryHighlights(query, 'attachment')),
      };
    });
  }

  /** A page of a query with no text: conditions on items alone, in date order. */
  private async itemsPage(
    db: PgQueryable,
    compiled: CompiledQuery,
    { limit, offset, sort }: SearchOptions,
  ): Promise<{ ns: number[]; total: number }> {
    const page = orderedPageSql(compiled, sort === 'date-asc' ? OLDEST_FIRST : NEWEST_FIRST);
    const ns = await rowNumbers(db, page.sql, [...page.params, limit, offset]);
    const total =
      ns.length < limit && (ns.length > 0 || offset === 0)
        ? offset + ns.length // the page is the last one: no need to count
        : compiled.where.length === 0
          ? await countOf(db, 'SELECT count(*) AS c FROM items', [])
          : // The facets and the histogram of the same query count these again.
            ((await this.matchesOf(compiled, await this.dataVersion()))?.length ?? 0);
    return { ns, total };
  }

  /**
   * A page of a query with text. Its matches are read first (kept for its facets and histogram;
   * they give the total), so the page is chosen knowing them: in date order from the facet index's
   * send times when it is current (pg-date-page.ts), else among those matches when they are few,
   * else by walking the items in date order; by relevance from the rank index when the case has
   * one (pg-rank-index.ts), else among the matches when conditions on items left at most
   * RANK_AMONG_SHARE of the text's, else from the full-text index in rank order (pg-match-sql.ts
   * `rankedPageSql`).
   */
  private async textPage(
    db: PgQueryable,
    compiled: CompiledQuery & { match: string },
    { limit, offset, sort }: SearchOptions,
  ): Promise<{ ns: number[]; total: number }> {
    const version = await this.dataVersion();
    const matches = (await this.matchesOf(compiled, version)) ?? [];
    const total = matches.length;
    if (offset >= total || limit === 0) return { ns: [], total };
    if (sort !== 'relevance') {
      const index = this.facetVersion === version ? this.facetIndex : null;
      if (index !== null)
        return { ns: datePage(index.sentAt, matches, sort === 'date-asc', offset, limit), total };
      const order = sort === 'date-asc' ? OLDEST_FIRST : NEWEST_FIRST;
      if (total <= this.pageChoice.amongMatches) {
        const sql = `SELECT i.n FROM items i WHERE i.n = ANY($1::bigint[]) ORDER BY ${order} LIMIT $2 OFFSET $3`;
        return { ns: await rowNumbers(db, sql, [Array.from(matches), limit, offset]), total };
      }
      const walk = orderedPageSql(compiled, order);
      return { ns: await rowNumbers(db, walk.sql, [...walk.params, limit, offset]), total };
    }
    const rankIndex = await this.rankIndexOrder(db);
    if (rankIndex !== null) {
      // The planner orders from the rank index only when the ORDER BY is its distance alone
      // (with the tie-break after it, it ranked every match again): the first offset + limit
      // come from the index, and those are put in order, ties newest first.
      const { from, where, params } = searchSql(compiled);
      const k = params.length;
      const sql =
        `SELECT n FROM (SELECT i.n, i.sent_at, ${KEY} AS k, ${rankIndex} AS d FROM ${from}${where} ` +
        `ORDER BY ${rankIndex} LIMIT $${k + 1}::bigint + $${k + 2}::bigint) r ` +
        `ORDER BY d, sent_at DESC NULLS LAST, k DESC LIMIT $${k + 1} OFFSET $${k + 2}`;
      return { ns: await rowNumbers(db, sql, [...params, limit, offset]), total };
    }
    const rank = `ts_rank('${RANK_WEIGHTS}', f.doc, $1::tsquery, 1)`;
    // Conditions on items that leave fewer than half the text's matches: those are ranked (the
    // full-text index's order would rank all the text's matches, and pass over most).
    if (
      compiled.where.length > 0 &&
      total <= (await estimatedTextMatches(db, compiled.match)) * this.pageChoice.rankAmongShare
    ) {
      const sql =
        `SELECT i.n FROM items i JOIN fts f ON f.n = i.n WHERE i.n = ANY($2::bigint[]) ` +
        `ORDER BY ${rank} DESC, ${NEWEST_FIRST} LIMIT $3 OFFSET $4`;
      return { ns: await rowNumbers(db, sql, [compiled.match, Array.from(matches), limit, offset]), total };
    }
    const ranked = rankedPageSql(compiled, rank, NEWEST_FIRST);
    return { ns: await rowNumbers(db, ranked.sql, [...ranked.params, limit, offset]), total };
  }

  /** Summaries of items `ns`, in that order (one statement for the page). */
  /** `inAttachments`: the query's words for texts read from attachments (attachment-hit.ts). */
  private async summaries(
    db: PgQueryable,
    ns: number[],
    h: Highlights,
    inAttachments: Highlights,
  ): Promise<ItemSummary[]> {
    if (ns.length === 0) return [];
    const rows = await db.query<ItemContentRow>(`${CONTENT_ITEM} WHERE i.n = ANY($1::bigint[])`, [ns]);
    const byN = new Map(rows.rows.map((r) => [r.n, r]));
    const marks = await this.annotations.marks(db, rows.rows.map(conversationOf));
    const out: ItemSummary[] = [];
    const unmatched: Array<{ s: ItemSummary; record: RecordWithoutHtml; lang: string | null }> = [];
    for (const n of ns) {
      const row = byN.get(n);
      if (!row) continue;
      const record = decodeRecordWithoutHtml(row);
      const s = summary(row, record, h, marks.get(row.id));
      out.push(s);
      if (s.hasAttachments && !s.snippet.includes(MATCH_START)) unmatched.push({ s, record, lang: row.lang });
    }
    if (unmatched.length > 0) {
      const texts = await attachmentTextsOf(
        db,
        unmatched.map((u) => u.record),
      );
      for (const u of unmatched) {
        const hit = attachmentHit(u.record.attachments, u.lang, inAttachments, texts.source);
        if (hit) u.s.attachmentHit = hit;
      }
    }
    return out;
  }

  async getItem(id: string): Promise<Item | null> {
    return this.read(`reading item ${id}`, async (db) => {
      const row = (
        await db.query<ItemContentRow>(`${CONTENT_ITEM} WHERE i.id = $1`, [pgText(id.toLowerCase())])
      ).rows[0];
      if (!row) return null;
      const first = (await locationsOf(db, row.n, 1))[0];
      if (!first) throw new InnsynError('internal', `item ${id} has no location in ${this.db}`);
      return toItem(row, decodeRecord(row), first);
    });
  }

  async getLocations(id: string): Promise<Location[]> {
    return this.read(`reading the locations of item ${id}`, async (db) => {
      const n = (await existingIds(db, [id.toLowerCase()])).get(id.toLowerCase());
      return n === undefined ? [] : locationsOf(db, n, null);
    });
  }

  async folderQueries(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    return this.read('reading the folders', async (db) => {
      const words = (await db.query<{ words: string }>(FOLDER_WORDS_SQL)).rows.map((r) => r.words);
      return folderQueriesAmong(names, words);
    });
  }

  async getRaw(id: string): Promise<Uint8Array | null> {
    return this.read(`reading the raw bytes of item ${id}`, async (db) => {
      const r = await db.query<ContentRow>(
        'SELECT c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n WHERE i.id = $1',
        [pgText(id.toLowerCase())],
      );
      return r.rows[0] ? decodeRaw(r.rows[0]) : null;
    });
  }

  listMatches(query: QueryNode | null): AsyncIterable<MatchRef> {
    return this.matches(query, 'route');
  }

  /** listMatches on the replica (when current) or, as the input of a write, on the primary. */
  private matches(query: QueryNode | null, where: ReadWhere): AsyncIterable<MatchRef> {
    return readMatches({
      compile: async () => {
        const compiled = compileQuery(await this.withPeople(query));
        return compiled.never ? null : matchSql(compiled);
      },
      page: (sql, params) =>
        this.read(
          'listing matches',
          async (db) => (await db.query<{ n: number; id: string; sent_at: number | null }>(sql, params)).rows,
          where,
        ),
    });
  }

  async *listThreadingInputs(): AsyncIterable<ThreadingInput> {
    // Paged by id (content-derived, COLLATE "C"), so the order is the same on every machine.
    // On the primary: the threads computed from it are written there.
    this.threadingRead = null;
    let after = '';
    let read = 0;
    for (;;) {
      const page = await this.read(
        'reading threading input',
        async (db) =>
          (
            await db.query<PgItemRow>(
              `SELECT ${PG_ITEM_COLUMNS} FROM items i WHERE i.id > $1 AND lower(i.kind) = 'email' ORDER BY i.id LIMIT $2`,
              [after, PAGE_ROWS],
            )
          ).rows.map(exactRow),
        'primary',
      );
      read += page.length;
      if (page.length < PAGE_ROWS) this.threadingRead = read;
      for (const r of page) {
        yield {
          id: r.id,
          messageId: r.message_id,
          inReplyTo: r.in_reply_to,
          references: JSON.parse(r.refs) as string[],
          subject: r.subject,
          sentAt: msToIso(r.sent_at),
        };
      }
      if (page.length < PAGE_ROWS) return;
      after = (page[page.length - 1] as PgItemRow).id;
    }
  }

  /**
   * Replaces the threads, except when they were computed here (listThreadingInputs, then this)
   * from fewer email items than the database holds now: another process stored more meanwhile
   * and rebuilds the threads after its own writes, from all of them. Two ingests finishing
   * together could otherwise leave the threads of the one that read first.
   */
  async replaceThreads(threads: Iterable<ThreadAssignment>): Promise<void> {
    const read = this.threadingRead;
    this.threadingRead = null;
    await this.transaction(
      'replacing the threads',
      async (c) => {
        if (
          read !== null &&
          (await countOf(c, "SELECT count(*) AS c FROM items WHERE lower(kind) = 'email'", [])) > read
        )
          return;
        await c.query(
          'UPDATE items SET thread_id = NULL, thread_reply_to = NULL WHERE thread_id IS NOT NULL',
        );
        await c.query('DELETE FROM thread_nodes');
        const nodes: unknown[][] = [[], [], [], [], [], []];
        const links: unknown[][] = [[], [], []];
        const flush = async (): Promise<void> => {
          if ((nodes[0] as unknown[]).length > 0) {
            await c.query(
              'INSERT INTO thread_nodes (thread_id, seq, item_id, message_id, parent_index, depth) ' +
                'SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::int[], $6::int[])',
              nodes,
            );
          }
          if ((links[0] as unknown[]).length > 0) {
            await c.query(
              'UPDATE items SET thread_id = u.t, thread_reply_to = u.r FROM unnest($1::text[], $2::text[], $3::text[]) ' +
                'AS u(id, t, r) WHERE items.id = u.id',
              links,
            );
          }
          for (const a of [...nodes, ...links]) a.length = 0;
        };
        for (const t of threads) {
          const threadId = pgText(t.threadId);
          for (const [seq, node] of t.nodes.entries()) {
            pushRow(nodes, [
              threadId,
              seq,
              node.itemId,
              pgText(node.messageId),
              node.parentIndex,
              node.depth,
            ]);
            if (node.itemId !== null) {
              const parent = node.parentIndex === null ? undefined : t.nodes[node.parentIndex];
              pushRow(links, [node.itemId, threadId, parent?.itemId ?? null]);
            }
            if ((nodes[0] as unknown[]).length >= THREAD_CHUNK) await flush();
          }
        }
        await flush();
      },
      { lock: this.locks.threads, retry: true },
    );
  }

  async getThread(id: string, options?: ThreadOptions): Promise<ThreadView | null> {
    const offset = requestedOffset(options);
    return this.read(`reading the thread of item ${id}`, async (db) => {
      const row = (
        await db.query<ItemContentRow>(`${CONTENT_ITEM} WHERE i.id = $1`, [pgText(id.toLowerCase())])
      ).rows[0];
      if (!row) return null;
      const none = queryHighlights(null);
      if (row.thread_id !== null) {
        const threadId = row.thread_id;
        const where = await db.query<{ total: number; at: number | null }>(
          'SELECT count(*)::int AS total, min(seq) FILTER (WHERE item_id = $2) AS at FROM thread_nodes WHERE thread_id = $1',
          [threadId, row.id],
        );
        const total = where.rows[0]?.total ?? 0;
        const start = partStart(total, where.rows[0]?.at ?? -1, offset);
        const nodes = await db.query<{
          item_id: string | null;
          message_id: string | null;
          parent_index: number | null;
          depth: number;
        }>(
          'SELECT item_id, message_id, parent_index, depth FROM thread_nodes WHERE thread_id = $1 AND seq >= $2 ' +
            'ORDER BY seq LIMIT $3',
          [threadId, start, MAX_THREAD_NODES],
        );
        const ids = nodes.rows.map((x) => x.item_id).filter((x): x is string => x !== null);
        const memberRows = (
          await db.query<ItemContentRow>(`${CONTENT_ITEM} WHERE i.id = ANY($1::text[])`, [ids])
        ).rows;
        const members = new Map(memberRows.map((m) => [m.id, m]));
        const marks = await this.annotations.marks(db, memberRows.map(conversationOf));
        return {
          threadId,
          ...partOf(start, total),
          nodes: nodes.rows.map((x) => {
            const member = x.item_id === null ? undefined : members.get(x.item_id);
            return {
              itemId: x.item_id,
              messageId: x.message_id,
              parentIndex: parentInPart(x.parent_index, start),
              depth: x.depth,
              summary: member
                ? summary(member, decodeRecordWithoutHtml(member), none, marks.get(member.id))
                : null,
            };
          }),
        };
      }
      const exact = exactRow(row);
      if (row.conversation_id === null) {
        const marks = await this.annotations.marks(db, [conversationOf(row)]);
        return {
          threadId: row.id,
          nodes: [
            {
              itemId: row.id,
              messageId: exact.message_id,
              parentIndex: null,
              depth: 0,
              summary: summary(row, decodeRecordWithoutHtml(row), none, marks.get(row.id)),
            },
          ],
        };
      }
      // A conversation from the export (DMs, chats): its items in date order, each under the
      // item it answers when that one comes earlier in the part.
      const order = (
        await db.query<{ n: string }>(
          'SELECT n::text AS n FROM items WHERE lower(coalesce(thread_id, conversation_id)) = $1 ' +
            'ORDER BY sent_at ASC NULLS LAST, n ASC',
          [asciiLower(row.conversation_id)],
        )
      ).rows.map((r) => r.n);
      const start = partStart(order.length, order.indexOf(String(row.n)), offset);
      const ns = order.slice(start, start + MAX_THREAD_NODES);
      const byN = new Map(
        (await db.query<ItemContentRow>(`${CONTENT_ITEM} WHERE i.n = ANY($1::bigint[])`, [ns])).rows.map(
          (r) => [String(r.n), r],
        ),
      );
      const members = ns.map((n) => byN.get(n)).filter((r): r is ItemContentRow => r !== undefined);
      const marks = await this.annotations.marks(db, members.map(conversationOf));
      const nodes = conversationNodes(
        members,
        (stored) => {
          const m = exactRow(stored);
          return { id: m.id, messageId: m.message_id, answers: m.thread_reply_to ?? m.reply_to };
        },
        (stored) => summary(stored, decodeRecordWithoutHtml(stored), none, marks.get(stored.id)),
      );
      return { threadId: exact.conversation_id as string, ...partOf(start, order.length), nodes };
    });
  }

  async facets(query: QueryNode | null, options: FacetOptions): Promise<Facets> {
    const { limit } = options;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FACET_LIMIT) {
      throw new InnsynError('usage', `the facet limit must be a whole number from 1 to ${MAX_FACET_LIMIT}`);
    }
    const compiled = compileQuery(await this.withPeople(query));
    const { index, version } = await this.currentFacetIndex();
    return countFacets(index, await this.matchesOf(compiled, version), limit);
  }

  async histogram(query: QueryNode | null, options: HistogramOptions = {}): Promise<Histogram> {
    const interval = options.interval ?? 'auto';
    if (!INTERVALS.includes(interval)) {
      throw new InnsynError('usage', `the histogram interval must be one of ${INTERVALS.join(', ')}`);
    }
    const compiled = compileQuery(await this.withPeople(query));
    const { index, version } = await this.currentFacetIndex();
    return countHistogram(index, await this.matchesOf(compiled, version), { interval });
  }

  /**
   * The facet index, brought up to date when the data version moved (anyone's commit). One fill
   * at a time; a request arriving during a fill waits for it. A fill that failed half way is
   * thrown away (the rows it had read would not have their senders read again).
   */
  private async currentFacetIndex(): Promise<{ index: PgFacetIndex; version: string }> {
    const version = await this.dataVersion();
    if (this.facetIndex && this.facetVersion === version) return { index: this.facetIndex, version };
    this.facetFill ??= this.fillFacetIndex(version).finally(() => {
      this.facetFill = null;
    });
    return { index: await this.facetFill, version };
  }

  private async fillFacetIndex(version: string): Promise<PgFacetIndex> {
    const { db } = await this.route.pool();
    let index = this.facetIndex ?? new PgFacetIndex();
    this.facetIndex = null;
    try {
      if (!(await index.extend(db))) {
        index = new PgFacetIndex();
        await index.extend(db);
      }
    } catch (e) {
      throw toStoreError(e, this.db, 'reading the columns facets are counted from');
    }
    this.facetIndex = index;
    this.facetVersion = version;
    return index;
  }

  /** Row numbers of every match (null: every item), kept for the data version they were read at. */
  private async matchesOf(compiled: CompiledQuery, version: string): Promise<Matches> {
    if (compiled.never) return new Int32Array(0);
    if (compiled.match === null && compiled.where.length === 0) return null;
    const key = `${version}\u0000${matchesKey(compiled)}`;
    const cached = this.matchCache.get(key);
    if (cached) return cached;
    // Dates alone: the facet index, when it is of this version, holds every item's date.
    const ns =
      compiled.dates !== null && this.facetIndex !== null && this.facetVersion === version
        ? this.facetIndex.itemsSentIn(compiled.dates)
        : await this.read('finding the matches', async (db) =>
            matchRowNumbers(db, await plannedMatchSql(db, compiled)),
          );
    this.matchCache.set(key, ns);
    return ns;
  }

  async findAttachment(sha256: string): Promise<AttachmentOwner | null> {
    return this.read(`looking up attachment ${sha256}`, async (db) => {
      const r = await db.query<{ id: string; name: string | null; content_type: string }>(
        'SELECT i.id, a.name, a.content_type FROM attachments a JOIN items i ON i.n = a.item ' +
          'WHERE a.sha256 = $1 ORDER BY a.item, a.seq LIMIT 1',
        [pgText(sha256.toLowerCase())],
      );
      const row = r.rows[0];
      if (!row) return null;
      // The record holds the name exactly as read (U+0000 and all).
      return { itemId: row.id, name: row.name, contentType: row.content_type };
    });
  }

  async getAttachmentTexts(
    sha256s: readonly string[],
    withText: boolean,
  ): Promise<Map<string, AttachmentTextInfo & { text?: string | null }>> {
    return this.read('reading attachment texts', (db) =>
      getAttachmentTexts(
        db,
        sha256s.map((s) => s.toLowerCase()),
        withText,
      ),
    );
  }

  async listAttachmentHolders(
    sha256: string,
    limit: number,
  ): Promise<{ total: number; holders: AttachmentHolder[] }> {
    const sha = pgText(sha256.toLowerCase());
    return this.read(`listing the items that hold attachment ${sha}`, async (db) => {
      const total = await countOf(db, 'SELECT count(*) AS c FROM attachments WHERE sha256 = $1', [sha]);
      const rows = (
        await db.query<{
          n: number;
          id: string;
          sent_at: number | null;
          subject: string | null;
          seq: number;
          name: string | null;
          content_type: string;
        }>(
          'SELECT i.n, i.id, i.sent_at, i.subject, a.seq, a.name, a.content_type FROM attachments a ' +
            'JOIN items i ON i.n = a.item WHERE a.sha256 = $1 ORDER BY i.sent_at ASC NULLS LAST, i.n, a.seq LIMIT $2',
          [sha, limit],
        )
      ).rows;
      const holders: AttachmentHolder[] = [];
      for (const r of rows) {
        holders.push({
          itemId: r.id,
          seq: r.seq,
          name: r.name,
          contentType: r.content_type,
          sentAt: msToIso(r.sent_at),
          subject: r.subject,
          locations: await locationsOf(db, r.n, null),
        });
      }
      return { total, holders };
    });
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.read('reading the list of inputs', async (db) =>
      (await db.query<SourceRow>('SELECT * FROM sources ORDER BY path')).rows.map(toSourceRecord),
    );
  }

  async dataVersion(): Promise<string> {
    return this.read('checking for changes', async (db, onReplica) => {
      if (this.route.hasReplica && !onReplica) {
        // Answered by the primary: later reads must not come from a replica that is behind it.
        const r = await db.query<{ version: number; lsn: string }>(
          'SELECT version, pg_current_wal_insert_lsn()::text AS lsn FROM data_version',
        );
        const row = r.rows[0];
        if (row) this.route.raiseTo(row.lsn);
        return `pg:${row?.version ?? 0}`;
      }
      const r = await db.query<{ version: number }>('SELECT version FROM data_version');
      return `pg:${r.rows[0]?.version ?? 0}`;
    });
  }

  async stats(): Promise<StoreStats> {
    return this.read('counting', async (db) => {
      const byKind: Record<string, number> = {};
      const byPlatform: Record<string, number> = {};
      let items = 0;
      const groups = await db.query<{ kind: string; platform: string; c: number }>(
        'SELECT kind, platform, count(*) AS c FROM items GROUP BY kind, platform',
      );
      for (const r of groups.rows) {
        items += r.c;
        byKind[r.kind] = (byKind[r.kind] ?? 0) + r.c;
        byPlatform[r.platform] = (byPlatform[r.platform] ?? 0) + r.c;
      }
      const r = await db.query<{
        locations: number;
        quarantined: number;
        threads: number;
        sources: number;
        first: number | null;
        last: number | null;
        bytes: number;
      }>(
        'SELECT (SELECT count(*) FROM locations) AS locations, (SELECT count(*) FROM quarantine) AS quarantined, ' +
          '(SELECT count(*) FROM thread_nodes WHERE seq = 0) AS threads, (SELECT count(*) FROM sources) AS sources, ' +
          '(SELECT min(sent_at) FROM items) AS first, (SELECT max(sent_at) FROM items) AS last, ' +
          (this.schema === undefined
            ? 'pg_database_size(current_database()) AS bytes'
            : // A collection: its own tables with their indexes and TOAST, not the whole database.
              "(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c WHERE c.relkind = 'r' " +
              'AND c.relnamespace = current_schema()::regnamespace) AS bytes'),
      );
      const s = r.rows[0] as NonNullable<(typeof r.rows)[number]>;
      return {
        items,
        byKind,
        byPlatform,
        locations: s.locations,
        quarantined: s.quarantined,
        threads: s.threads,
        sources: s.sources,
        firstDate: msToIso(s.first),
        lastDate: msToIso(s.last),
        dbBytes: s.bytes,
      };
    });
  }

  async listQuarantine(): Promise<QuarantineRecord[]> {
    return this.read('reading the quarantine', async (db) => {
      const r = await db.query<{
        path: string;
        member: string | null;
        offset: number;
        length: number;
        sha256: string;
        reason: string;
        bytes: Buffer;
      }>(
        'SELECT p.path, q.member, q.byte_offset AS offset, q.byte_length AS length, q.sha256, q.reason, q.bytes ' +
          'FROM quarantine q JOIN paths p ON p.n = q.path ORDER BY q.n',
      );
      return r.rows.map((x) => ({
        location: { path: x.path, member: x.member, offset: x.offset, length: x.length, sha256: x.sha256 },
        reason: x.reason,
        bytes: decompress(x.bytes),
      }));
    });
  }

  // ---- analysis --------------------------------------------------------------------------

  async analysisItems(query: QueryNode | null, options: AnalysisItemsOptions): Promise<AnalysisItem[]> {
    const compiled = compileQuery(await this.withPeople(query));
    if (compiled.never) return [];
    return this.read('reading items for analysis', (db) =>
      options.only === 'senders'
        ? readSenderItems(db, matchSql(compiled))
        : readAnalysisItems(db, matchSql(compiled), options.text),
    );
  }

  async analysisTexts(ids: readonly string[]): Promise<Map<string, string>> {
    return this.read('reading texts for analysis', (db) => readAnalysisTexts(db, ids));
  }

  async analysisPersons(): Promise<AnalysisPerson[]> {
    return this.read('reading people for analysis', (db) => readAnalysisPersons(db));
  }

  /**
   * The query with `mention:X` widened to every handle of the person X names (expand-mentions.ts),
   * as in SQLite; the persons are looked up first, since that needs the database.
   */
  private async withPeople(query: QueryNode | null): Promise<QueryNode | null> {
    const values = new Set<string>();
    expandMentions(query, (value) => {
      values.add(value);
      return null;
    });
    if (values.size === 0) return query;
    const handles = new Map<string, string[] | null>();
    await this.read('looking up the people of mention: terms', async (db) => {
      for (const value of values) {
        try {
          const person = await this.people.get(db, value);
          handles.set(value, person ? person.identities.flatMap((i) => i.handles) : null);
        } catch (e) {
          if (!isInnsynError(e)) throw e;
          handles.set(value, null); // names several people: the mention stays as written
        }
      }
    });
    return expandMentions(query, (value) => handles.get(value) ?? null);
  }

  // ---- people ----------------------------------------------------------------------------

  async rebuildPeople(): Promise<PeopleRebuild> {
    return this.transaction('rebuilding the people', (c) => this.people.rebuild(c), {
      lock: this.locks.people,
      retry: true,
    });
  }

  async listPeople(options: ListPeopleOptions): Promise<PeopleList> {
    await this.freshPeople();
    return this.read('listing people', (db) => this.people.list(db, options));
  }

  async getPerson(key: string): Promise<Person | null> {
    await this.freshPeople();
    return this.read(`reading person ${key}`, (db) => this.people.get(db, key));
  }

  async mergePeople(a: string, b: string): Promise<Person> {
    await this.freshPeople();
    return this.transaction(`merging ${a} and ${b}`, (c) => this.people.merge(c, a, b), {
      lock: this.locks.people,
    });
  }

  async splitIdentity(identity: string): Promise<SplitResult> {
    await this.freshPeople();
    return this.transaction(`splitting ${identity} from its person`, (c) => this.people.split(c, identity), {
      lock: this.locks.people,
    });
  }

  async aliasIdentity(identity: string, alias: { handle?: string; name?: string }): Promise<Person> {
    await this.freshPeople();
    return this.transaction(`giving ${identity} an alias`, (c) => this.people.alias(c, identity, alias), {
      lock: this.locks.people,
    });
  }

  async exportPeopleEdits(): Promise<PeopleEdit[]> {
    return this.read('reading the people edits', (db) => this.people.exportEdits(db));
  }

  async importPeopleEdits(edits: readonly PeopleEdit[]): Promise<PeopleImport> {
    return this.transaction('importing people edits', (c) => this.people.importEdits(c, edits), {
      lock: this.locks.people,
    });
  }

  // ---- annotations -----------------------------------------------------------------------

  async getAnnotations(target: AnnotationTarget): Promise<Annotations> {
    return this.read(`reading the annotations of ${target.kind} ${target.key}`, (db) =>
      this.annotations.get(db, target),
    );
  }

  async annotate(target: AnnotationTarget, change: AnnotationChange): Promise<Annotations> {
    const now = new Date().toISOString();
    return this.transaction(`annotating ${target.kind} ${target.key}`, (c) =>
      this.annotations.annotate(c, target, change, now),
    );
  }

  async tagMatches(query: QueryNode | null, change: TagChange): Promise<BulkTagResult> {
    const ids: string[] = [];
    for await (const m of this.matches(query, 'primary')) ids.push(m.id);
    const now = new Date().toISOString();
    const done = await this.transaction('tagging the matches', (c) =>
      this.annotations.tagItems(c, ids, change, now),
    );
    return { matched: ids.length, ...done };
  }

  async listTags(query: QueryNode | null): Promise<TagCount[]> {
    const compiled = query === null ? null : compileQuery(await this.withPeople(query));
    return this.read('listing tags', (db) =>
      this.annotations.list(db, compiled === null ? null : matchSqlOrNone(compiled)),
    );
  }

  async exportAnnotations(): Promise<AnnotationRecord[]> {
    return this.read('reading the annotations', (db) => this.annotations.exportAll(db));
  }

  async importAnnotations(records: readonly AnnotationRecord[]): Promise<AnnotationImport> {
    const checked = checkAnnotationRecords(records);
    return this.transaction('importing annotations', (c) => this.annotations.importAll(c, checked));
  }

  // ---- saved searches --------------------------------------------------------------------

  async listSavedSearches(): Promise<SavedSearch[]> {
    return this.read('reading the saved searches', (db) => this.savedSearches.list(db));
  }

  async saveSearch(
    name: string,
    query: string,
    options: { author?: string | null } = {},
  ): Promise<SavedSearch> {
    const now = new Date().toISOString();
    return this.transaction(`saving the search ${name}`, (c) =>
      this.savedSearches.save(c, name, query, options.author, now),
    );
  }

  async deleteSavedSearch(name: string): Promise<boolean> {
    return this.transaction(`deleting the saved search ${name}`, (c) => this.savedSearches.remove(c, name));
  }

  /** Persons are rebuilt after every ingest; this catches up after a killed one. */
  private async freshPeople(): Promise<void> {
    if (await this.read('checking the people', (db) => this.people.index.stale(db)))
      await this.rebuildPeople();
  }

  // ---- reindex and lifecycle -------------------------------------------------------------

  /**
   * Rebuilds the full-text index, the attachment and sender/recipient tables, the request cues
   * and the persons from the stored records, in one transaction: interrupted, the old index
   * stays whole, and searches meanwhile answer from it (MVCC). Tags, threads, sources and people
   * edits are not touched.
   */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<void> {
    // A rank index would cost ~5.5 ms a row while every row is written again: it is dropped
    // first and made again after, without blocking anyone (CONCURRENTLY, outside the
    // transaction); meanwhile searches rank from the table, as without it (pg-rank-index.ts).
    const rankIndex = await this.read('reading the rank index', (db) => rankIndexDefinition(db), 'primary');
    if (rankIndex !== null) await this.read('dropping the rank index', (db) => dropRankIndex(db), 'primary');
    try {
      await this.reindexTransaction(onProgress);
    } finally {
      if (rankIndex !== null) {
        await this.read('making the rank index again', (db) => db.query(rankIndex), 'primary');
      }
    }
  }

  private async reindexTransaction(onProgress?: (done: number, total: number) => void): Promise<void> {
    await this.transaction(
      'rebuilding the full-text index (the old index is unchanged)',
      async (c) => {
        const total = await countOf(c, 'SELECT count(*) AS c FROM items', []);
        // Persons from the sender/recipient table as it stands (the same records fill it again below).
        const people = await this.people.index.beginReindex(c);
        await c.query('DELETE FROM fts');
        await c.query('DELETE FROM attachments');
        await c.query('DELETE FROM item_identities');
        let after = 0;
        let done = 0;
        for (;;) {
          const page = (
            await c.query<ItemContentRow>(`${CONTENT_ITEM} WHERE i.n > $1 ORDER BY i.n LIMIT $2`, [
              after,
              PAGE_ROWS,
            ])
          ).rows;
          const ns: number[] = [];
          const docs: string[] = [];
          const sigs: Array<string | null> = [];
          const asks: Array<string | null> = [];
          const items: Array<{ n: number; item: Item }> = [];
          const decoded = page.map((row) => toItem(row, decodeRecord(row), NOWHERE));
          // Attachment texts are kept (reading files again is for ingest: docs/attachments.md).
          const texts = await attachmentTextsOf(c, decoded);
          for (const [k, row] of page.entries()) {
            const item = decoded[k] as Item;
            ns.push(row.n);
            docs.push(tsvectorText(ftsDocument(item, people.extras, texts.source)));
            sigs.push(columnsSig(item, people.extras));
            // Request cues are judged again too: a newer innsyn may judge differently.
            const ask = askOf(item);
            asks.push(ask === null ? null : pgText(ask));
            items.push({ n: row.n, item });
          }
          if (page.length > 0) {
            await c.query(
              'INSERT INTO fts (n, doc, people_sig) SELECT n, doc::tsvector, sig ' +
                'FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(n, doc, sig)',
              [ns, docs, sigs],
            );
            await c.query(
              'UPDATE items SET ask = u.ask FROM unnest($1::bigint[], $2::text[]) AS u(n, ask) WHERE items.n = u.n',
              [ns, asks],
            );
            await this.parts.write(c, items, texts.kinds);
          }
          done += page.length;
          onProgress?.(done, total);
          if (page.length < PAGE_ROWS) break;
          after = (page[page.length - 1] as ItemContentRow).n;
        }
        await this.people.index.finishReindex(c);
      },
      { lock: this.locks.people },
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.readPool?.end()]);
  }

  /**
   * A read on any pooled connection; driver errors mapped. `where`: 'route' reads from the
   * replica when there is one and it has replayed this process's writes (pg-read-route.ts), and
   * from the primary when the replica fails mid-read (gone, or a read cancelled by a conflict
   * with replay); 'primary' for what a write depends on or must see at once.
   */
  private async read<T>(
    doing: string,
    fn: (db: PgQueryable, onReplica: boolean) => Promise<T>,
    where: ReadWhere = 'route',
  ): Promise<T> {
    if (this.closed) throw new InnsynError('internal', `the store for ${this.db} is closed`);
    const target = where === 'primary' ? { db: this.pool, replica: false } : await this.route.pool();
    try {
      return await fn(target.db, target.replica);
    } catch (e) {
      if (target.replica && replicaFailover(e)) {
        try {
          return await fn(this.pool, false);
        } catch (again) {
          throw toStoreError(again, this.db, doing);
        }
      }
      throw toStoreError(e, this.db, doing);
    }
  }

  /**
   * `fn` in one transaction on one connection, ended by bumping `data_version` (so the version
   * changes exactly when the change becomes visible). With `lock`, the transaction first takes
   * that advisory lock (one people rebuild or thread replacement at a time per database). With
   * `retry`, a deadlock or serialisation failure runs it again from the start.
   */
  private async transaction<T>(
    doing: string,
    fn: (c: PgClient) => Promise<T>,
    options: { lock?: string; retry?: boolean } = {},
  ): Promise<T> {
    if (this.closed) throw new InnsynError('internal', `the store for ${this.db} is closed`);
    for (let attempt = 1; ; attempt++) {
      let client: PgClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        throw toStoreError(e, this.db, doing);
      }
      try {
        await client.query('BEGIN');
        if (options.lock !== undefined)
          await client.query('SELECT pg_advisory_xact_lock($1)', [options.lock]);
        const result = await fn(client);
        await client.query('UPDATE data_version SET version = version + 1');
        await client.query('COMMIT');
        await this.route.fenceAt(client);
        client.release();
        return result;
      } catch (e) {
        let broken: Error | undefined;
        try {
          await client.query('ROLLBACK');
        } catch (r) {
          broken = r instanceof Error ? r : new Error(String(r));
        }
        client.release(broken);
        // Row numbers handed out inside the rolled-back transaction no longer exist.
        this.parts.forget();
        this.pathIds.clear();
        this.folders.clear();
        if (options.retry && attempt < WRITE_ATTEMPTS && RETRYABLE.has(pgErrorCode(e) ?? '')) {
          await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
          continue;
        }
        if (isInnsynError(e)) throw e;
        throw toStoreError(e, this.db, `${doing} (nothing of it was written)`);
      }
    }
  }
}

/** Where a read may run: see PostgresStore.read. */
type ReadWhere = 'route' | 'primary';

interface SourceRow {
  path: string;
  size: number;
  mtime_ms: number;
  state: string;
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
}

function toSourceRecord(r: SourceRow): SourceRecord {
  return {
    path: r.path,
    size: r.size,
    mtimeMs: r.mtime_ms,
    state: r.state as SourceRecord['state'],
    read: r.read,
    stored: r.stored,
    duplicates: r.duplicates,
    quarantined: r.quarantined,
  };
}

/**
 * The attachment texts that items of the batch not prepared yet (and not stored: `known`) index:
 * the batch's own and those stored; undefined when no such item carries an attachment.
 */
async function batchTexts(
  db: PgQueryable,
  batch: WriteBatch,
  known: ReadonlyMap<string, number>,
): Promise<AttachmentTextSource | undefined> {
  const todo = batch.items.filter(
    (x) => !x.prepared && !known.has(x.item.id) && x.item.attachments.length > 0,
  );
  if (todo.length === 0) return undefined;
  const stored = await attachmentTextsOf(
    db,
    todo.map((x) => x.item),
  );
  const mine = new Map<string, { text: string; lang: string | null }>();
  for (const t of batch.attachmentTexts ?? []) if (t.text) mine.set(t.sha256, { text: t.text, lang: t.lang });
  return (sha) => mine.get(sha) ?? stored.source(sha);
}

/** What the attachments of these items were read as (attachment_texts), for their search types. */
async function attachmentKinds(
  db: PgQueryable,
  items: ReadonlyArray<{ item: Pick<Item, 'attachments'> }>,
): Promise<Map<string, string>> {
  const shas = [...new Set(items.flatMap((x) => x.item.attachments.map((a) => a.sha256)))];
  if (shas.length === 0) return new Map();
  const r = await db.query<{ sha256: string; kind: string }>(
    'SELECT sha256, kind FROM attachment_texts WHERE sha256 = ANY($1::text[])',
    [shas.map(pgText)],
  );
  return new Map(r.rows.map((x) => [x.sha256, x.kind]));
}

function prepare(item: Item, raw: Uint8Array, texts?: AttachmentTextSource): PreparedItem {
  try {
    return prepareItem(item, raw, texts);
  } catch (e) {
    throw new InnsynError('internal', `preparing item ${item.id} failed: ${String(e)}`, { cause: e });
  }
}

/** Row numbers of the items with these ids that the database holds. */
async function existingIds(db: PgQueryable, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const r = await db.query<{ id: string; n: number }>('SELECT id, n FROM items WHERE id = ANY($1::text[])', [
    [...new Set(ids)].map(pgText),
  ]);
  return new Map(r.rows.map((x) => [x.id, x.n]));
}

async function locationsOf(db: PgQueryable, n: number, limit: number | null): Promise<Location[]> {
  const r = await db.query<LocationRow>(
    'SELECT p.path, l.member, l.byte_offset AS offset, l.byte_length AS length, l.sha256, l.labels FROM locations l ' +
      `JOIN paths p ON p.n = l.path WHERE l.item = $1 ORDER BY l.n${limit === null ? '' : ` LIMIT ${limit}`}`,
    [n],
  );
  return r.rows.map(locationOfRow);
}

function pushRow(columns: unknown[][], values: unknown[]): void {
  values.forEach((v, i) => (columns[i] as unknown[]).push(v));
}

/** The item and the conversation whose annotations its summary shows. */
function conversationOf(row: PgItemRow): { id: string; conversation: string | null } {
  return { id: row.id, conversation: row.thread_id ?? row.conversation_id };
}

const NO_MARKS: ItemMarks = { tags: [], starred: false, hasNote: false };

function summary(
  stored: PgItemRow,
  record: RecordWithoutHtml,
  h: Highlights,
  marks: ItemMarks = NO_MARKS,
): ItemSummary {
  const row = exactRow(stored);
  let text = record.text;
  if (text.trim() === '') text = record.attachments.map((a) => a.text ?? '').join('\n');
  const analyze = (run: string) => analyzeText(run, row.lang);
  const subjectMarked = row.subject === null ? null : markText(row.subject, h, analyze);
  return {
    id: row.id,
    kind: row.kind as Item['kind'],
    platform: row.platform,
    visibility: row.visibility as Item['visibility'],
    sentAt: record.sentAt ?? msToIso(row.sent_at),
    from: record.from,
    to: record.to,
    subject: row.subject,
    ...(subjectMarked === null ? {} : { subjectMarked }),
    snippet: makeSnippet(text, h, analyze),
    conversationId: row.thread_id ?? row.conversation_id,
    hasAttachments: row.has_attachments,
    ...marks,
  };
}
