import { sep } from 'node:path';
import { askOf } from '../../extract/requests.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { InnsynError, ITEM_ID_PATTERN } from '../../model/index.js';
import type { AnalysisItem, AnalysisPerson, Item, Location } from '../../model/index.js';
import type { QueryNode } from '../../query/ast.js';
import type {
  ListPeopleOptions,
  PeopleEdit,
  PeopleImport,
  PeopleList,
  PeopleRebuild,
  Person,
  SplitResult,
} from '../people.js';
import type {
  AttachmentOwner,
  FacetOptions,
  Facets,
  Histogram,
  AnalysisItemsOptions,
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
import { makeSnippet, markText } from '../snippet.js';
import { attachmentHit } from '../attachment-hit.js';
import { MATCH_START } from '../../model/snippet-markers.js';
import { queryHighlights, type Highlights } from '../query-highlights.js';
import { analyzeText } from '../../model/text/analyzer.js';
import { openSqliteDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';
import { toStoreError } from './sqlite-errors.js';
import { FTS_COLUMNS } from './sqlite-fts-columns.js';
import { connectionRanking, type Ranking } from './sqlite-rank.js';
import { repairFtsAverages } from './sqlite-fts-averages.js';
import {
  compress,
  decodeRaw,
  decodeRecord,
  decodeRecordWithoutHtml,
  decompress,
  ITEM_COLUMNS,
  itemValues,
  msToIso,
  sentAtMs,
  toItem,
  type ContentRow,
  type RecordWithoutHtml,
  type ItemRow,
} from './sqlite-item-codec.js';
import { migrate } from './sqlite-migrations.js';
import { PreparePool } from './sqlite-prepare-pool.js';
import { prepareItem, type PreparedItem } from './sqlite-prepare.js';
import { compileQuery, type CompiledQuery } from './sqlite-query-compiler.js';
import { SqliteFacetIndex } from './sqlite-facet-index.js';
import { countFacets, countHistogram, type Matches } from '../facet-counts.js';
import { ItemPartsWriter } from './sqlite-item-parts.js';
import { DateKeys } from './sqlite-date-key.js';
import {
  readAnalysisItems,
  readAnalysisPersons,
  readAnalysisTexts,
  readSenderItems,
} from './sqlite-analysis-items.js';
import { expandMentions } from '../expand-mentions.js';
import { matchesKey } from '../query-parts.js';
import { LruMap } from '../lru-map.js';
import { SqliteAttachmentTexts } from './sqlite-attachment-texts.js';
import { refillFullText } from './sqlite-fts-rebuild.js';
import type { AttachmentHolder, AttachmentTextInfo, AttachmentTextSource } from '../attachment-texts.js';
import { SqlitePeople } from './sqlite-people.js';
import { readMatches } from './sqlite-export.js';
import { SqliteAnnotations } from './sqlite-annotations.js';
import { SqliteSavedSearches } from './sqlite-saved-searches.js';
import { SqliteFolders } from './sqlite-folders.js';
import { SqliteNameIds } from './sqlite-name-ids.js';
import {
  FOLDER_WORDS_SQL,
  folderQueriesAmong,
  labelsColumn,
  locationOfRow,
  type LocationRow,
} from '../folder-rows.js';
import type { SavedSearch } from '../saved-searches.js';
import type {
  AnnotationChange,
  AnnotationImport,
  AnnotationRecord,
  AnnotationTarget,
  Annotations,
  BulkTagResult,
  TagChange,
  TagCount,
} from '../annotations.js';
import { checkAnnotationRecords } from '../annotations.js';

export const SQLITE_CAPABILITIES: StoreCapabilities = {
  // One writer at a time is SQLite's model; a second ingest waits BUSY_TIMEOUT_MS, then fails.
  supportsConcurrentWriters: false,
};

/** How long a write waits for another process's write lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;
/** Each result decompresses its record (about 0.1 ms): a larger page is an export, not a search. */
export const MAX_SEARCH_LIMIT = 10_000;
/** Batches with fewer new items than this are prepared inline: workers would cost more than they save. */
const PIPELINE_FROM_ITEMS = 64;
/** Items per request to a prepare worker. */
const PIPELINE_CHUNK_ITEMS = 50;
/** Rows per page when streaming the whole database (threading input, reindex). */
const PAGE_ROWS = 1_000;

/** Thread assignments looked up together, in item id order (replaceThreads). */
const ASSIGN_BATCH = 4_000;
/** SQLite's LIMIT for "every row". */
const NO_LIMIT = -1;
/** Dynamic search statements kept prepared (the SQL depends only on the query's shape). */
const MAX_CACHED_STATEMENTS = 200;
/** Most buckets per facet a caller may ask for: a facet is a summary, not an export of every sender. */
export const MAX_FACET_LIMIT = 1000;
/**
 * Matching rowid lists kept (facets and the histogram of one search share one scan). Each is at
 * most 4 bytes an item: 8 lists of a 1,000,000-item case are 32 MB at worst.
 */
const MATCH_CACHE_ENTRIES = 8;
/** Threads and conversations kept whole (a 5,000-message chat is a few MB of summaries). */
const THREAD_CACHE_ENTRIES = 4;
/** Facet and histogram answers kept, per query, until the database changes. */
const AGGREGATE_CACHE_ENTRIES = 64;
const INTERVALS = ['auto', 'year', 'month', 'day'];

const PAGE_SIZE = 16384;

/**
 * Batches marked `more` are committed together, once this many items and quarantine records or
 * GROUP_COMMIT_MS have gone in since the transaction began. Each commit makes FTS5 flush its
 * pending terms to a new segment (that later merges rewrite) and writes every page the
 * transaction changed to the WAL, then to the file; ids, content hashes and Message-IDs are
 * random keys, so each item changes a page of several indexes. 100,000 bench messages, one
 * commit per 200-item batch: 9.7 GB written for a 1.26 GB database (/proc/PID/io).
 */
const GROUP_COMMIT_ITEMS = 2000;
const GROUP_COMMIT_MS = 5000;

/** Page cache of a connection once it writes (writeBatch): 32 MiB. */
const WRITE_CACHE_SIZE = -32768;

const PRAGMAS = [
  'synchronous = NORMAL', // with WAL: durable at checkpoints, never corrupt; ingest is re-runnable anyway
  'cache_size = -65536', // 64 MiB of page cache
  'temp_store = MEMORY',
  'mmap_size = 268435456', // 256 MiB: reads of a hot index without read() copies
];

type ContentItemRow = ItemRow & ContentRow;

interface ThreadNodeRow {
  item_id: string | null;
  message_id: string | null;
  parent_index: number | null;
  depth: number;
}

interface ThreadAssignmentRow {
  n: number;
  thread_id: string | null;
  thread_reply_to: string | null;
}

/** Whether the stored nodes of a thread are the computed ones, in the same order. */
function sameNodes(stored: ThreadNodeRow[], nodes: ThreadAssignment['nodes']): boolean {
  return (
    stored.length === nodes.length &&
    nodes.every((n, i) => {
      const r = stored[i]!;
      return (
        r.item_id === n.itemId &&
        r.message_id === n.messageId &&
        r.parent_index === n.parentIndex &&
        r.depth === n.depth
      );
    })
  );
}

export interface SqliteStoreOptions {
  /** How long a write waits for another process's lock; BUSY_TIMEOUT_MS by default. */
  busyTimeoutMs?: number;
  /** Worker threads that prepare items for writing (sqlite-prepare-pool.ts); 0 prepares inline. */
  prepareWorkers?: number;
}

/** Opens or creates the database file (':memory:' for a throw-away one) and migrates it. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): SqliteStore {
  let db: SqliteDatabase | undefined;
  try {
    db = openSqliteDatabase(file, { busyTimeoutMs: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
    // Only takes effect on a new, empty file (before WAL and the first table). Rows of the
    // contents table are 2-8 KB of compressed record and raw: 16 KiB pages pack them with
    // 11% less waste than the default 4 KiB (measured on 10,000 generated emails), at no
    // measurable cost to search or item reads.
    db.pragma(`page_size = ${PAGE_SIZE}`);
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    for (const p of PRAGMAS) db.pragma(p);
    migrate(db, file);
    return new SqliteStore(db, file, new PreparePool(options.prepareWorkers));
  } catch (e) {
    if (db?.open) db.close();
    throw toStoreError(e, file, 'opening it');
  }
}

/** The tags, star and note of an item for its summary (SqliteAnnotations.marker). */
type Marker = ReturnType<SqliteAnnotations['marker']>;

export class SqliteStore implements Store {
  readonly capabilities = SQLITE_CAPABILITIES;
  private readonly pathIds: SqliteNameIds;
  private readonly dynamic = new Map<string, SqliteStatement>();
  private readonly s: ReturnType<typeof prepareStatements>;
  /** The write batch in progress; its transaction stays open across awaits (see writeNow). */
  private writing: Promise<unknown> | null = null;
  /** Set while a reindex holds the connection open in a transaction across awaits. */
  private busyWith: string | null = null;
  private closed = false;
  private readonly parts: ItemPartsWriter;
  private readonly folders: SqliteFolders;
  private readonly people: SqlitePeople;
  private readonly annotations: SqliteAnnotations;
  private readonly savedSearches: SqliteSavedSearches;
  private readonly dateKeys: DateKeys;
  private readonly texts: SqliteAttachmentTexts;
  private readonly ranking: Ranking;
  /** Commits made through this connection (PRAGMA data_version only counts other connections'). */
  private localWrites = 0;
  /** Built on the first facets or histogram call (see sqlite-facet-index.ts). */
  private facetIndex: SqliteFacetIndex | null = null;
  private facetGeneration = '';
  private readonly matchCache = new LruMap<string, Int32Array | null>(MATCH_CACHE_ENTRIES);
  private readonly aggregateCache = new LruMap<string, Facets | Histogram>(AGGREGATE_CACHE_ENTRIES);
  /** The transaction batches marked `more` are written in (writeBatch): what went in, and since when. */
  private group = { records: 0, since: 0 };
  private readonly threadCache = new LruMap<string, { generation: string; view: ThreadView }>(
    THREAD_CACHE_ENTRIES,
  );
  private readonly conversationOrders = new LruMap<string, { generation: string; ns: Float64Array }>(
    THREAD_CACHE_ENTRIES,
  );

  constructor(
    private readonly db: SqliteDatabase,
    private readonly file: string,
    private readonly pool: PreparePool,
  ) {
    this.s = prepareStatements(db);
    this.parts = new ItemPartsWriter(db);
    this.folders = new SqliteFolders(db);
    this.pathIds = new SqliteNameIds(db, 'paths', 'path');
    this.people = new SqlitePeople(db);
    this.annotations = new SqliteAnnotations(db, (key) => {
      this.freshPeople();
      const p = this.people.get(key);
      return p ? { key: p.key, identities: p.identities.map((i) => i.key) } : null;
    });
    this.dateKeys = new DateKeys(db);
    this.savedSearches = new SqliteSavedSearches(db);
    this.texts = new SqliteAttachmentTexts(db);
    this.ranking = connectionRanking(db);
  }

  /** The database file (':memory:' for a throw-away database). */
  get databaseFile(): string {
    return this.file;
  }

  async writeBatch(batch: WriteBatch): Promise<WriteResult[]> {
    for (const { item } of batch.items) {
      if (!ITEM_ID_PATTERN.test(item.id)) {
        throw new InnsynError('internal', `item id '${item.id}' is not 32 lower-case hex characters`);
      }
    }
    // Check and claim in one synchronous step, so two writers never interleave.
    while (this.writing) await this.writing.catch(ignore);
    if (!this.unmapped) {
      // A connection that ingests reads the file little: mapped pages would only add to the
      // ingest's memory (up to mmap_size, 256 MiB, as the database grows; bench: peak RSS at
      // 100k messages 623 MB mapped). Reads on it go through the page cache from here on.
      this.db.pragma('mmap_size = 0');
      // Writing appends (date keys, FTS segments): the hot pages are B-tree interiors, a few MB.
      // Half the reading connection's cache keeps a 100k-message ingest under 500 MB peak RSS
      // with no loss of write speed (20,000 generated emails: 0.36-0.45 ms of CPU an item either way).
      this.db.pragma(`cache_size = ${WRITE_CACHE_SIZE}`);
      this.unmapped = true;
    }
    const write = this.writeNow(batch);
    this.writing = write;
    try {
      return await write;
    } finally {
      if (this.writing === write) this.writing = null;
    }
  }

  /**
   * One transaction for the whole batch. New items are prepared (analysed, compressed) on the
   * pool's worker threads in chunks, a few chunks ahead, while this thread inserts the ones
   * already prepared; the transaction stays open across those awaits, and every other call on
   * this store waits for it (see `when`). Duplicates need no preparation: a re-run of an
   * ingest costs only the id lookups.
   */
  private async writeNow(batch: WriteBatch): Promise<WriteResult[]> {
    const fresh = this.run('looking up item ids', () => this.newItems(batch));
    const texts = this.run('reading attachment texts', () => this.batchTexts(batch));
    const prepared = this.preparer(batch, fresh, texts);
    if (!this.db.inTransaction) {
      this.run('starting to write a batch', () => this.db.exec('BEGIN IMMEDIATE'));
      this.group = { records: 0, since: Date.now() };
    }
    try {
      // Texts first: items stored before that hold a file read again now (OCR) are indexed again.
      const changed = this.texts.write(batch.attachmentTexts ?? []);
      if (changed.length > 0) this.people.indexer.refreshItems(this.texts.itemsHolding(changed));
      const results: WriteResult[] = [];
      // An input that reads now is no longer quarantined (a newer innsyn reads what an older could not).
      const unquarantine =
        batch.items.length > 0 && this.s.anyQuarantined.get() !== undefined
          ? (l: Location) => this.s.dropQuarantined.run(this.pathIds.of(l.path), l.offset, l.member ?? '')
          : null;
      for (let i = 0; i < batch.items.length; i++) {
        const { item } = batch.items[i] as WriteBatch['items'][number];
        unquarantine?.(item.location);
        const existing = this.s.itemN.get(item.id) as number | undefined;
        if (existing !== undefined) {
          this.addLocation(existing, item.location);
          results.push('duplicate');
          continue;
        }
        const p = await prepared(i);
        const dk = this.dateKeys.next(sentAtMs(item.sentAt));
        const n = Number(this.s.insertItem.run(...itemValues(item, dk), p.ask).lastInsertRowid);
        this.s.insertContent.run(n, p.content.codec, p.content.record_len, p.content.data, p.content.raw);
        this.s.insertFts.run(dk, ...p.fts);
        this.parts.write(n, item, (sha) => this.texts.kind(sha));
        this.addLocation(n, item.location);
        results.push('stored');
      }
      for (const q of batch.quarantine) {
        const l = q.location;
        const bytes = Buffer.from(q.bytes.buffer, q.bytes.byteOffset, q.bytes.byteLength);
        this.s.insertQuarantine.run(
          this.pathIds.of(l.path),
          l.member,
          l.offset,
          l.length,
          l.sha256,
          q.reason,
          compress(bytes),
        );
        results.push('quarantined');
      }
      this.group.records += results.length;
      if (
        batch.more !== true ||
        this.group.records >= GROUP_COMMIT_ITEMS ||
        Date.now() - this.group.since >= GROUP_COMMIT_MS
      ) {
        this.db.exec('COMMIT');
        this.people.indexer.removals.settle();
      }
      this.localWrites++;
      return results;
    } catch (e) {
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // The connection is unusable; the error below is the one that matters.
      }
      this.people.indexer.removals.discard();
      // Path and identity ids handed out inside the rolled-back transaction no longer exist.
      this.pathIds.clear();
      this.folders.forget();
      this.parts.forget();
      this.texts.forget();
      throw toStoreError(
        e,
        this.file,
        'writing a batch of items (none of the batch was written, nor the batches since the last commit)',
      );
    }
  }

  /** Indices of the first copy of each item the database does not hold yet. */
  private newItems(batch: WriteBatch): number[] {
    const seen = new Set<string>();
    const out: number[] = [];
    batch.items.forEach(({ item }, i) => {
      if (seen.has(item.id)) return;
      seen.add(item.id);
      if (this.s.itemN.get(item.id) === undefined) out.push(i);
    });
    return out;
  }

  /**
   * The attachment texts an item of the batch that is not prepared yet indexes: the batch's own
   * and those stored (null when no such item holds an attachment). Callers that prepare items
   * themselves (ingest) give them their texts.
   */
  private batchTexts(batch: WriteBatch): AttachmentTextSource | null {
    if (!batch.items.some((x) => !x.prepared && x.item.attachments.length > 0)) return null;
    const mine = new Map<string, { text: string; lang: string | null }>();
    for (const t of batch.attachmentTexts ?? [])
      if (t.text) mine.set(t.sha256, { text: t.text, lang: t.lang });
    return (sha) => mine.get(sha) ?? this.texts.source(sha);
  }

  /** Returns the preparation of item i of the batch, started ahead on the pool's workers. */
  private preparer(
    batch: WriteBatch,
    fresh: number[],
    texts: AttachmentTextSource | null,
  ): (i: number) => PreparedItem | Promise<PreparedItem> {
    // Items that index attachment texts are prepared here with them (the pool's workers have no
    // database); ingest prepares its own.
    const withTexts = (i: number): boolean =>
      texts !== null &&
      (batch.items[i]?.item.attachments.some((a) => a.text === null && texts(a.sha256) !== undefined) ??
        false);
    fresh = fresh.filter((i) => !batch.items[i]?.prepared && !withTexts(i));
    const inline = (i: number): PreparedItem => {
      const { item, raw, prepared } = batch.items[i] as WriteBatch['items'][number];
      if (prepared) return prepared;
      try {
        return prepareItem(item, raw, texts ?? undefined);
      } catch (e) {
        throw new InnsynError('internal', `preparing item ${item.id} failed: ${String(e)}`, { cause: e });
      }
    };
    const workers = this.pool.size;
    if (workers === 0 || fresh.length < PIPELINE_FROM_ITEMS) return inline;
    const chunks: number[][] = [];
    const at = new Map<number, [number, number]>();
    fresh.forEach((i, k) => {
      const c = Math.floor(k / PIPELINE_CHUNK_ITEMS);
      (chunks[c] ??= []).push(i);
      at.set(i, [c, k % PIPELINE_CHUNK_ITEMS]);
    });
    const pending: Array<Promise<PreparedItem[]>> = [];
    const start = (c: number): void => {
      const chunk = chunks[c];
      if (!chunk || pending[c]) return;
      const p = this.pool.prepare(chunk.map((i) => batch.items[i] as WriteBatch['items'][number]));
      p.catch(ignore); // awaited when its turn comes; never an unhandled rejection if we fail first
      pending[c] = p;
    };
    // One chunk per worker plus one queued, so no worker waits for this thread.
    for (let c = 0; c <= workers; c++) start(c);
    return async (i) => {
      const where = at.get(i);
      if (!where) return inline(i); // with attachment texts, or another writer changed the table meanwhile
      const [c, pos] = where;
      start(c + workers + 1);
      const ready = await (pending[c] as Promise<PreparedItem[]>);
      return ready[pos] as PreparedItem;
    };
  }

  private locationsOf(n: number): Location[] {
    return (this.s.locations.all(n) as LocationRow[]).map(locationOfRow);
  }

  private addLocation(item: number, l: Location): void {
    const path = this.pathIds.of(l.path);
    const labels = labelsColumn(l.labels);
    if (this.s.insertLocation.run(item, path, l.member, l.offset, l.length, l.sha256, labels).changes > 0)
      this.folders.add(item, l);
  }

  async getSource(path: string): Promise<SourceRecord | null> {
    return this.when('reading the list of inputs', () => {
      const r = this.s.getSource.get(path) as Record<string, unknown> | undefined;
      return r ? toSourceRecord(r) : null;
    });
  }

  async putSource(s: SourceRecord): Promise<void> {
    await this.when('recording an input', () => {
      this.s.putSource.run(s.path, s.size, s.mtimeMs, s.state, s.read, s.stored, s.duplicates, s.quarantined);
      this.localWrites++;
    });
  }

  async quarantinedPaths(input: string): Promise<Set<string>> {
    return this.when('reading the quarantine', () => {
      if (this.s.anyQuarantined.get() === undefined) return new Set<string>();
      const inside = input.endsWith(sep) ? input : input + sep;
      return new Set(this.s.quarantinedPaths.all({ input, inside }) as string[]);
    });
  }

  async settleQuarantine(read: ReadonlySet<string>, kept: ReadonlySet<string>): Promise<number> {
    return this.when('settling the quarantine', () => {
      let dropped = 0;
      this.db.transaction(() => {
        for (const path of read) {
          const rows = this.s.quarantineAt.all(path) as Array<{
            n: number;
            offset: number;
            member: string | null;
          }>;
          for (const r of rows) {
            if (kept.has(quarantinePlace({ path, offset: r.offset, member: r.member }))) continue;
            dropped += this.s.dropQuarantineRow.run(r.n).changes;
          }
        }
      })();
      if (dropped > 0) this.localWrites++;
      return dropped;
    });
  }

  async search(query: QueryNode | null, options: SearchOptions): Promise<SearchResult> {
    const { limit, offset, sort } = options;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_SEARCH_LIMIT) {
      throw new InnsynError('usage', `limit must be a whole number from 0 to ${MAX_SEARCH_LIMIT}`);
    }
    if (!Number.isInteger(offset) || offset < 0)
      throw new InnsynError('usage', 'offset must be a whole number, 0 or more');
    const compiled = compileQuery(this.withPeople(query));
    if (compiled.never) return { total: 0, items: [] };
    return this.when('searching', () => {
      const { from, conditions, params } = searchSql(compiled);
      // Date keys sort as dates do: FTS5 walks its matches in rowid order and stops at LIMIT.
      // Items without a date have negative keys: last in both directions.
      const key = compiled.match !== null ? 'fts.rowid' : 'i.dk';
      const ranked = sort === 'relevance' && compiled.match !== null;
      let order: string;
      if (sort === 'date-asc') order = `${key} < 0, ${key} ASC`;
      else if (ranked) order = `${this.ranking.expression}, ${key} DESC`;
      else order = `${key} DESC`;
      const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
      // Text alone needs no items row until the page is known (ranking 50,000 matches reads none).
      const textOnly = compiled.match !== null && compiled.where.length === 0;
      const pageSql = textOnly
        ? `SELECT fts.rowid FROM fts${where} ORDER BY ${order} LIMIT ? OFFSET ?`
        : `SELECT i.n FROM ${from}${where} ORDER BY ${order} LIMIT ? OFFSET ?`;
      const rankParams = ranked ? this.ranking.params(compiled.match as string) : [];
      const page = this.statement(pageSql)
        .pluck()
        .all(...params, ...rankParams, limit, offset) as number[];
      // Ranking scored every match; it says how many when it counts (and it ran: a row came back).
      const scored = ranked && page.length > 0 ? this.ranking.scoredRows() : null;
      if (scored !== null) this.rememberRankedMatches(compiled);
      const ns = textOnly
        ? page.map((dk) => this.s.itemNByKey.get(dk) as number).filter((n) => n !== undefined)
        : page;
      const countSql = textOnly ? `SELECT count(*) FROM fts${where}` : `SELECT count(*) FROM ${from}${where}`;
      const total =
        ns.length < limit && (ns.length > 0 || offset === 0)
          ? offset + ns.length // the page is the last one: no need to count
          : (scored ?? this.countMatches(compiled, countSql, params));
      const h = queryHighlights(query);
      const inAttachments = queryHighlights(query, 'attachment');
      const marks = this.annotations.marker();
      return { total, items: ns.map((n) => this.summaryByN(n, h, inAttachments, marks)) };
    });
  }

  private statement(sql: string): SqliteStatement {
    let st = this.dynamic.get(sql);
    if (!st) {
      if (this.dynamic.size >= MAX_CACHED_STATEMENTS) this.dynamic.clear();
      st = this.db.prepare(sql);
      this.dynamic.set(sql, st);
    }
    return st;
  }

  private summaryByN(n: number, h: Highlights, inAttachments: Highlights, marks: Marker): ItemSummary {
    const row = this.s.contentItemByN.get(n) as ContentItemRow;
    return this.summary(row, decodeRecordWithoutHtml(row), h, inAttachments, marks);
  }

  /** `inAttachments`: the query's words for texts read from attachments (search results only). */
  private summary(
    row: ItemRow,
    record: RecordWithoutHtml,
    h: Highlights,
    inAttachments: Highlights | undefined,
    marks: Marker,
  ): ItemSummary {
    let text = record.text;
    if (text.trim() === '') text = record.attachments.map((a) => a.text ?? '').join('\n');
    const analyze = (run: string) => analyzeText(run, row.lang);
    const snippet = makeSnippet(text, h, analyze);
    const subjectMarked = row.subject === null ? null : markText(row.subject, h, analyze);
    const hit =
      inAttachments && row.has_attachments === 1 && !snippet.includes(MATCH_START)
        ? attachmentHit(record.attachments, row.lang, inAttachments, this.texts.source)
        : undefined;
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
      snippet,
      conversationId: row.thread_id ?? row.conversation_id,
      hasAttachments: row.has_attachments === 1,
      ...marks(row.id, row.thread_id ?? row.conversation_id),
      ...(hit ? { attachmentHit: hit } : {}),
    };
  }

  async getItem(id: string): Promise<Item | null> {
    return this.when(`reading item ${id}`, () => {
      const row = this.s.contentItemById.get(id.toLowerCase()) as ContentItemRow | undefined;
      if (!row) return null;
      const first = this.s.locations.get(row.n) as LocationRow | undefined;
      if (!first) throw new InnsynError('internal', `item ${id} has no location in ${this.file}`);
      return toItem(row, decodeRecord(row), locationOfRow(first));
    });
  }

  async getLocations(id: string): Promise<Location[]> {
    return this.when(`reading the locations of item ${id}`, () => {
      const n = this.s.itemN.get(id.toLowerCase()) as number | undefined;
      return n === undefined ? [] : this.locationsOf(n);
    });
  }

  async folderQueries(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    return this.when('reading the folders', () => {
      return folderQueriesAmong(names, this.statement(FOLDER_WORDS_SQL).pluck().all() as string[]);
    });
  }

  async getRaw(id: string): Promise<Uint8Array | null> {
    return this.when(`reading the raw bytes of item ${id}`, () => {
      const c = this.s.contentById.get(id.toLowerCase()) as ContentRow | undefined;
      return c ? decodeRaw(c) : null;
    });
  }

  listMatches(query: QueryNode | null): AsyncIterable<MatchRef> {
    return readMatches({
      compile: () => compileQuery(this.withPeople(query)),
      sql: searchSql,
      page: (sql, params) => this.when('listing matches', () => this.statement(sql).all(...params)),
    });
  }

  async *listThreadingInputs(): AsyncIterable<ThreadingInput> {
    // Paged by id (content-derived), so the order is the same on every machine and every
    // re-ingest, and no statement stays open while the consumer runs.
    let after = '';
    for (;;) {
      const page = (await this.when('reading threading input', () =>
        this.s.threadingPage.all(after, PAGE_ROWS),
      )) as Array<{
        id: string;
        message_id: string | null;
        in_reply_to: string | null;
        refs: string;
        subject: string | null;
        sent_at: number | null;
      }>;
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
      after = (page[page.length - 1] as { id: string }).id;
    }
  }

  /**
   * Writes only what changed: a thread whose nodes are as stored is left alone, and only items
   * whose thread or parent changed are updated (by rowid). After the first ingest of a case,
   * adding a mailbox rewrites the threads it touches, not all of them. Threads are written in
   * the order given: in id order (rebuildThreads) the WITHOUT ROWID table is appended to rather
   * than split all over.
   */
  async replaceThreads(threads: Iterable<ThreadAssignment>): Promise<void> {
    await this.when('replacing the threads', () => {
      this.db
        .transaction(() => {
          // Nothing is kept per email but a byte (by rowid). Holding every item's id, thread and
          // parent, to compare them with the stored ones in one pass in rowid order afterwards,
          // cost ~120 MB at 1,000,000 emails (peak RSS threading that case again 568-577 → 460-464
          // MiB); the price is a lookup per email (and an update per changed one) in no useful
          // order: 32 → 36 s, and 37 → 55 s for a case threaded the first time (100,000: the same).
          const placed = new Uint8Array(((this.s.maxItemN.get() as number | null) ?? 0) + 1);
          // Parallel arrays, not an object a node: whatever outlives a young-generation collection
          // is garbage the old generation keeps until its next collection (objects here raised
          // peak RSS by ~90 MB at 1,000,000 emails).
          const itemIds: string[] = [];
          const threadIds: string[] = [];
          const replyTos: Array<string | null> = [];
          // Items are looked up in id order, a batch at a time, which the id index reads a little
          // faster than thread order (1,000,000 emails: 8.5 instead of 10.7 s).
          const assign = (): void => {
            const order = Int32Array.from(itemIds.keys()).sort((a, b) =>
              itemIds[a]! < itemIds[b]! ? -1 : itemIds[a]! > itemIds[b]! ? 1 : a - b,
            );
            for (const k of order) {
              const row = this.s.threadOfItem.get(itemIds[k]) as ThreadAssignmentRow | undefined;
              if (!row) continue;
              placed[row.n] = 1;
              if (row.thread_id !== threadIds[k] || row.thread_reply_to !== replyTos[k]) {
                this.s.setThreadByN.run(threadIds[k], replyTos[k], row.n);
              }
            }
            itemIds.length = threadIds.length = replyTos.length = 0;
          };
          // Stored threads no longer computed go as the computed ones pass them: everything
          // stored between the highest id written so far and the next one written is stale (a
          // thread deleted there and computed later is written again, so any order is right;
          // in id order, as rebuildThreads gives them, nothing is written twice).
          let highest = '';
          for (const t of threads) {
            if (t.threadId > highest) {
              this.s.deleteThreadsBetween.run(highest, t.threadId);
              highest = t.threadId;
            }
            for (const node of t.nodes) {
              if (node.itemId === null) continue;
              const parent = node.parentIndex === null ? undefined : t.nodes[node.parentIndex];
              itemIds.push(node.itemId);
              threadIds.push(t.threadId);
              replyTos.push(parent?.itemId ?? null);
            }
            if (itemIds.length >= ASSIGN_BATCH) assign();
            // Compared thread by thread: holding every stored node at once cost ~400 MB for a
            // case of 1,000,000 emails threaded again.
            const before = this.s.threadNodes.all(t.threadId, NO_LIMIT) as ThreadNodeRow[];
            if (sameNodes(before, t.nodes)) continue;
            if (before.length > 0) this.s.deleteThreadNodes.run(t.threadId);
            t.nodes.forEach((node, seq) => {
              this.s.insertThreadNode.run(
                t.threadId,
                seq,
                node.itemId,
                node.messageId,
                node.parentIndex,
                node.depth,
              );
            });
          }
          assign();
          this.s.deleteThreadsAfter.run(highest);
          // Items in no computed thread leave theirs. Pages, not iterate(): the connection
          // cannot write while a statement is being stepped.
          for (let after = Number.MIN_SAFE_INTEGER; ;) {
            const ns = this.s.threadedItems.all(after, PAGE_ROWS) as number[];
            for (const n of ns) if (placed[n] !== 1) this.s.setThreadByN.run(null, null, n);
            if (ns.length < PAGE_ROWS) break;
            after = ns[ns.length - 1]!;
          }
        })
        .immediate();
      this.localWrites++;
    });
  }

  async getThread(id: string, options?: ThreadOptions): Promise<ThreadView | null> {
    const offset = requestedOffset(options);
    return this.when(`reading the thread of item ${id}`, () => {
      const row = this.s.contentItemById.get(id.toLowerCase()) as ContentItemRow | undefined;
      if (!row) return null;
      const none = queryHighlights(null);
      const marks = this.annotations.marker();
      const summaryOf = (m: ContentItemRow) =>
        this.summary(m, decodeRecordWithoutHtml(m), none, undefined, marks);
      const generation = this.generation();
      // Clicking through a chat of thousands of messages asks for the same part each time: kept
      // until the data changes (each summary decompresses a record).
      const cached = (key: string, make: () => ThreadView): ThreadView => {
        const hit = this.threadCache.get(key);
        if (hit && hit.generation === generation) return hit.view;
        const view = make();
        this.threadCache.set(key, { generation, view });
        return view;
      };
      if (row.thread_id !== null) {
        const threadId = row.thread_id;
        const total = this.s.threadNodeCount.get(threadId) as number;
        const at =
          total > MAX_THREAD_NODES
            ? ((this.s.threadNodeSeq.get(threadId, row.id) as number | undefined) ?? -1)
            : 0;
        const start = partStart(total, at, offset);
        return cached(`t:${threadId}:${start}`, () => {
          const nodes = this.s.threadNodesFrom.all(threadId, start, MAX_THREAD_NODES) as ThreadNodeRow[];
          return {
            threadId,
            ...partOf(start, total),
            nodes: nodes.map((x) => {
              const member =
                x.item_id === null
                  ? undefined
                  : (this.s.contentItemById.get(x.item_id) as ContentItemRow | undefined);
              return {
                itemId: x.item_id,
                messageId: x.message_id,
                parentIndex: parentInPart(x.parent_index, start),
                depth: x.depth,
                summary: member ? summaryOf(member) : null,
              };
            }),
          };
        });
      }
      if (row.conversation_id === null) {
        return {
          threadId: row.id,
          nodes: [
            {
              itemId: row.id,
              messageId: row.message_id,
              parentIndex: null,
              depth: 0,
              summary: summaryOf(row),
            },
          ],
        };
      }
      // A conversation from the export (DMs, chats): its items in date order, each under the
      // item it answers when that one comes earlier in the part.
      const conversationId = row.conversation_id;
      const order = this.conversationOrder(conversationId, generation);
      const start = partStart(order.length, order.indexOf(row.n), offset);
      return cached(`c:${conversationId.toLowerCase()}:${start}`, () => {
        const members: ContentItemRow[] = [];
        for (const n of order.subarray(start, start + MAX_THREAD_NODES)) {
          const m = this.s.contentItemByN.get(n) as ContentItemRow | undefined;
          if (m) members.push(m);
        }
        const nodes = conversationNodes(
          members,
          (m) => ({ id: m.id, messageId: m.message_id, answers: m.thread_reply_to ?? m.reply_to }),
          summaryOf,
        );
        return { threadId: conversationId, ...partOf(start, order.length), nodes };
      });
    });
  }

  /** The row numbers of a conversation's items in date order (undated last), kept until the data changes. */
  private conversationOrder(conversationId: string, generation: string): Float64Array {
    const key = conversationId.toLowerCase();
    const hit = this.conversationOrders.get(key);
    if (hit && hit.generation === generation) return hit.ns;
    const ns = Float64Array.from(this.s.conversationNs.all(conversationId) as number[]);
    this.conversationOrders.set(key, { generation, ns });
    return ns;
  }

  async facets(query: QueryNode | null, options: FacetOptions): Promise<Facets> {
    const { limit } = options;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FACET_LIMIT) {
      throw new InnsynError('usage', `the facet limit must be a whole number from 1 to ${MAX_FACET_LIMIT}`);
    }
    const compiled = compileQuery(this.withPeople(query));
    return this.when('counting facets', () => {
      const index = this.currentFacetIndex();
      const key = `facets:${limit}:${matchesKey(compiled)}`;
      let f = this.aggregateCache.get(key) as Facets | undefined;
      if (!f) {
        f = countFacets(index, this.matches(compiled), limit);
        this.aggregateCache.set(key, f);
      }
      return f;
    });
  }

  async histogram(query: QueryNode | null, options: HistogramOptions = {}): Promise<Histogram> {
    const interval = options.interval ?? 'auto';
    if (!INTERVALS.includes(interval)) {
      throw new InnsynError('usage', `the histogram interval must be one of ${INTERVALS.join(', ')}`);
    }
    const compiled = compileQuery(this.withPeople(query));
    return this.when('counting dates', () => {
      const index = this.currentFacetIndex();
      const key = `histogram:${interval}:${matchesKey(compiled)}`;
      let h = this.aggregateCache.get(key) as Histogram | undefined;
      if (!h) {
        h = countHistogram(index, this.matches(compiled), { interval });
        this.aggregateCache.set(key, h);
      }
      return h;
    });
  }

  /**
   * The facet index, brought up to date when the database changed since the last call (our own
   * writes, or another process's: PRAGMA data_version), and the caches that depend on it emptied.
   */
  private currentFacetIndex(): SqliteFacetIndex {
    const generation = this.generation();
    if (this.facetIndex && generation === this.facetGeneration) return this.facetIndex;
    this.matchCache.clear();
    this.aggregateCache.clear();
    if (!this.facetIndex?.extend()) {
      this.facetIndex = new SqliteFacetIndex(this.db);
      this.facetIndex.extend();
    }
    this.facetGeneration = generation;
    return this.facetIndex;
  }

  async dataVersion(): Promise<string> {
    return this.when('checking for changes', () => this.generation());
  }

  /**
   * PRAGMA data_version changes when another connection (another process) commits; our own
   * commits are counted apart, since it ignores them.
   */
  private generation(): string {
    return `${String(this.db.pragma('data_version', { simple: true }))}:${this.localWrites}`;
  }

  /**
   * How many items match, where the ranking does not say. With the facet index in use (a
   * server), the matches themselves: those the facets or histogram of the query already read
   * (the match cache), else read now and kept for them, so the count, the facets and the
   * histogram are one pass, not a count and then the same pass again.
   */
  private countMatches(compiled: CompiledQuery, countSql: string, params: unknown[]): number {
    if (this.facetIndex !== null) {
      const ns = this.matches(compiled);
      if (ns !== null) return ns.length;
    }
    return this.statement(countSql)
      .pluck()
      .get(...params) as number;
  }

  /**
   * The matches a ranked search just scored, kept as the query's matches when the facet index is
   * in use (the API asks for the page first, then the facets and histogram: one pass for all).
   */
  private rememberRankedMatches(compiled: CompiledQuery): void {
    if (this.facetIndex === null) return; // a one-off search (the CLI): no facets will follow
    const index = this.currentFacetIndex();
    const key = matchesKey(compiled);
    if (this.matchCache.get(key) !== undefined) return;
    const keys = this.ranking.scoredKeys();
    if (keys !== null) this.matchCache.set(key, index.itemsOfKeys(keys));
  }

  /** Rowids of every match (null: every item), one scan shared by the facets and histogram of a query. */
  private matches(compiled: CompiledQuery): Matches {
    if (compiled.never) return new Int32Array(0);
    if (compiled.match === null && compiled.where.length === 0) return null;
    const key = matchesKey(compiled);
    const cached = this.matchCache.get(key);
    if (cached !== undefined) return cached;
    const index = this.currentFacetIndex();
    const { from, conditions, params } = searchSql(compiled);
    const where = ` WHERE ${conditions.join(' AND ')}`;
    let ns: Int32Array;
    if (compiled.dates !== null) {
      // Dates alone: the index knows every item's date.
      ns = index.itemsOfDates(compiled.keys, compiled.dates);
    } else if (compiled.match !== null && compiled.where.length === 0) {
      // The index knows each date key's item: no items row is read.
      const keys = this.statement(`SELECT rowid FROM fts${where}`)
        .pluck()
        .all(...params) as number[];
      ns = index.itemsOfKeys(keys);
    } else {
      ns = Int32Array.from(
        this.statement(`SELECT i.n FROM ${from}${where}`)
          .pluck()
          .all(...params) as number[],
      );
    }
    this.matchCache.set(key, ns);
    return ns;
  }

  async analysisItems(query: QueryNode | null, options: AnalysisItemsOptions): Promise<AnalysisItem[]> {
    const compiled = compileQuery(this.withPeople(query));
    return this.when('reading items for analysis', () => {
      if (compiled.never) return [];
      const ns = this.matches(compiled);
      if (options.only === 'senders') return readSenderItems(this.db, this.currentFacetIndex(), ns);
      if (options.text) return readAnalysisItems(this.db, ns, true);
      const all = this.lightItems();
      if (ns === null) return all.items;
      const wanted = new Uint8Array(all.maxN + 1);
      for (let i = 0; i < ns.length; i++) if ((ns[i] as number) <= all.maxN) wanted[ns[i] as number] = 1;
      return all.items.filter((_, i) => wanted[all.ns[i] as number] === 1);
    });
  }

  async analysisTexts(ids: readonly string[]): Promise<Map<string, string>> {
    return this.when('reading texts for analysis', () => readAnalysisTexts(this.db, ids));
  }

  /**
   * Every item in the light form (no text), kept until the data changes: pairs, the network and
   * the pages that show them ask again and again (100k items: read in about 1.5 s, then at once).
   * Shared: analyses only read them.
   */
  private lightItems(): { generation: string; items: AnalysisItem[]; ns: number[]; maxN: number } {
    const generation = this.generation();
    if (this.lightCache?.generation === generation) return this.lightCache;
    const ns: number[] = [];
    const items = readAnalysisItems(this.db, null, false, ns);
    let maxN = 0;
    for (const n of ns) if (n > maxN) maxN = n;
    this.lightCache = { generation, items, ns, maxN };
    return this.lightCache;
  }

  /** Whether mmap was turned off for writing (writeBatch). */
  private unmapped = false;

  private lightCache: { generation: string; items: AnalysisItem[]; ns: number[]; maxN: number } | null = null;

  /** The query with `mention:X` widened to every handle of the person X names (expand-mentions.ts). */
  private withPeople(query: QueryNode | null): QueryNode | null {
    return expandMentions(query, (value) => {
      try {
        const person = this.people.get(value);
        return person ? person.identities.flatMap((i) => i.handles) : null;
      } catch {
        return null; // names several people: the mention stays as written
      }
    });
  }

  async analysisPersons(): Promise<AnalysisPerson[]> {
    return this.when('reading people for analysis', () => readAnalysisPersons(this.db));
  }

  async findAttachment(sha256: string): Promise<AttachmentOwner | null> {
    return this.when(`looking up attachment ${sha256}`, () => {
      const r = this.s.attachmentOwner.get(sha256.toLowerCase()) as
        { id: string; name: string | null; content_type: string } | undefined;
      return r ? { itemId: r.id, name: r.name, contentType: r.content_type } : null;
    });
  }

  async getAttachmentTexts(
    sha256s: readonly string[],
    withText: boolean,
  ): Promise<Map<string, AttachmentTextInfo & { text?: string | null }>> {
    return this.when('reading attachment texts', () =>
      this.texts.get(
        sha256s.map((s) => s.toLowerCase()),
        withText,
      ),
    );
  }

  async listAttachmentHolders(
    sha256: string,
    limit: number,
  ): Promise<{ total: number; holders: AttachmentHolder[] }> {
    const sha = sha256.toLowerCase();
    return this.when(`listing the items that hold attachment ${sha}`, () => {
      const total = this.statement('SELECT count(*) FROM attachments WHERE sha256 = ?')
        .pluck()
        .get(sha) as number;
      const rows = this.statement(
        'SELECT i.n, i.id, i.sent_at, i.subject, a.seq, a.name, a.content_type FROM attachments a ' +
          'JOIN items i ON i.n = a.item WHERE a.sha256 = ? ORDER BY i.sent_at IS NULL, i.sent_at, i.n, a.seq LIMIT ?',
      ).all(sha, limit) as Array<{
        n: number;
        id: string;
        sent_at: number | null;
        subject: string | null;
        seq: number;
        name: string | null;
        content_type: string;
      }>;
      const holders = rows.map((r) => ({
        itemId: r.id,
        seq: r.seq,
        name: r.name,
        contentType: r.content_type,
        sentAt: msToIso(r.sent_at),
        subject: r.subject,
        locations: this.locationsOf(r.n),
      }));
      return { total, holders };
    });
  }

  async listSources(): Promise<SourceRecord[]> {
    return this.when('reading the list of inputs', () =>
      (this.s.sources.all() as Array<Record<string, unknown>>).map(toSourceRecord),
    );
  }

  async stats(): Promise<StoreStats> {
    return this.when('counting', () => {
      const byKind: Record<string, number> = {};
      const byPlatform: Record<string, number> = {};
      let items = 0;
      for (const r of this.s.countsByKind.all() as Array<{ kind: string; platform: string; c: number }>) {
        items += r.c;
        byKind[r.kind] = (byKind[r.kind] ?? 0) + r.c;
        byPlatform[r.platform] = (byPlatform[r.platform] ?? 0) + r.c;
      }
      const count = (sql: string): number => this.statement(sql).pluck().get() as number;
      const dates = this.s.dateRange.get() as { first: number | null; last: number | null };
      return {
        items,
        byKind,
        byPlatform,
        locations: count('SELECT count(*) FROM locations'),
        quarantined: count('SELECT count(*) FROM quarantine'),
        threads: count('SELECT count(*) FROM thread_nodes WHERE seq = 0'),
        sources: count('SELECT count(*) FROM sources'),
        firstDate: msToIso(dates.first),
        lastDate: msToIso(dates.last),
        dbBytes:
          (this.db.pragma('page_count', { simple: true }) as number) *
          (this.db.pragma('page_size', { simple: true }) as number),
      };
    });
  }

  async listQuarantine(): Promise<QuarantineRecord[]> {
    return this.when('reading the quarantine', () =>
      (this.s.quarantine.all() as Array<Location & { reason: string; bytes: Buffer }>).map((r) => ({
        location: { path: r.path, member: r.member, offset: r.offset, length: r.length, sha256: r.sha256 },
        reason: r.reason,
        bytes: decompress(r.bytes),
      })),
    );
  }

  async rebuildPeople(): Promise<PeopleRebuild> {
    return this.when('rebuilding the people', () => {
      const rebuilt = this.changePeople(() => this.people.rebuild());
      // After every ingest: FTS5's averages set right where a crash left them wrong (sqlite-fts-averages.ts).
      if (repairFtsAverages(this.db)) this.localWrites++;
      return rebuilt;
    });
  }

  async listPeople(options: ListPeopleOptions): Promise<PeopleList> {
    return this.when('listing people', () => {
      this.freshPeople();
      return this.people.list(options);
    });
  }

  async getPerson(key: string): Promise<Person | null> {
    return this.when(`reading person ${key}`, () => {
      this.freshPeople();
      return this.people.get(key);
    });
  }

  async mergePeople(a: string, b: string): Promise<Person> {
    return this.when(`merging ${a} and ${b}`, () => {
      this.freshPeople();
      return this.changePeople(() => this.people.merge(a, b));
    });
  }

  async splitIdentity(identity: string): Promise<SplitResult> {
    return this.when(`splitting ${identity} from its person`, () => {
      this.freshPeople();
      return this.changePeople(() => this.people.split(identity));
    });
  }

  async aliasIdentity(identity: string, alias: { handle?: string; name?: string }): Promise<Person> {
    return this.when(`giving ${identity} an alias`, () => {
      this.freshPeople();
      return this.changePeople(() => this.people.alias(identity, alias));
    });
  }

  async exportPeopleEdits(): Promise<PeopleEdit[]> {
    return this.when('reading the people edits', () => this.people.exportEdits());
  }

  async importPeopleEdits(edits: readonly PeopleEdit[]): Promise<PeopleImport> {
    return this.when('importing people edits', () => this.changePeople(() => this.people.importEdits(edits)));
  }

  async getAnnotations(target: AnnotationTarget): Promise<Annotations> {
    return this.when(`reading the annotations of ${target.kind} ${target.key}`, () =>
      this.annotations.get(target),
    );
  }

  async annotate(target: AnnotationTarget, change: AnnotationChange): Promise<Annotations> {
    const now = new Date().toISOString();
    return this.when(`annotating ${target.kind} ${target.key}`, () =>
      this.changePeople(() => this.annotations.annotate(target, change, now)),
    );
  }

  async tagMatches(query: QueryNode | null, change: TagChange): Promise<BulkTagResult> {
    const ids: string[] = [];
    for await (const m of this.listMatches(query)) ids.push(m.id);
    const now = new Date().toISOString();
    return this.when('tagging the matches', () => ({
      matched: ids.length,
      ...this.changePeople(() => this.annotations.tagItems(ids, change, now)),
    }));
  }

  async listTags(query: QueryNode | null): Promise<TagCount[]> {
    const compiled = query === null ? null : compileQuery(this.withPeople(query));
    return this.when('listing tags', () =>
      this.annotations.list(
        compiled === null ? null : compiled.never ? new Int32Array(0) : this.matches(compiled),
      ),
    );
  }

  async exportAnnotations(): Promise<AnnotationRecord[]> {
    return this.when('reading the annotations', () => this.annotations.exportAll());
  }

  async importAnnotations(records: readonly AnnotationRecord[]): Promise<AnnotationImport> {
    const checked = checkAnnotationRecords(records);
    return this.when('importing annotations', () =>
      this.changePeople(() => this.annotations.importAll(checked)),
    );
  }

  async listSavedSearches(): Promise<SavedSearch[]> {
    return this.when('reading the saved searches', () => this.savedSearches.list());
  }

  async saveSearch(
    name: string,
    query: string,
    options: { author?: string | null } = {},
  ): Promise<SavedSearch> {
    const now = new Date().toISOString();
    return this.when(`saving the search ${name}`, () =>
      this.changePeople(() => this.savedSearches.save(name, query, options.author, now)),
    );
  }

  async deleteSavedSearch(name: string): Promise<boolean> {
    return this.when(`deleting the saved search ${name}`, () =>
      this.changePeople(() => this.savedSearches.remove(name)),
    );
  }

  /**
   * A hand change (people edits, annotations, saved searches) in one IMMEDIATE transaction (all
   * of it or nothing), counted as a write.
   */
  private changePeople<T>(fn: () => T): T {
    let result: T;
    try {
      result = this.db.transaction(fn).immediate();
    } catch (e) {
      this.people.indexer.removals.discard();
      throw e;
    }
    this.localWrites++;
    this.people.indexer.removals.settle();
    return result;
  }

  /** Persons are rebuilt after every ingest; this catches up after a killed one or an old database. */
  private freshPeople(): void {
    if (this.people.stale()) this.changePeople(() => this.people.rebuild());
  }

  /**
   * Drops the full-text index and builds it again from the stored records, in one transaction:
   * interrupted, the old index stays whole. Tags, threads and sources are not touched. Yields to
   * the event loop between pages so progress can be shown; other calls on this store are
   * refused meanwhile (they would run inside the open transaction).
   */
  async reindex(onProgress?: (done: number, total: number) => void): Promise<void> {
    while (this.writing) await this.writing.catch(ignore);
    const total = this.run('starting a reindex', () => {
      this.commitGroup();
      const t = this.statement('SELECT count(*) FROM items').pluck().get() as number;
      this.db.exec('BEGIN IMMEDIATE');
      this.busyWith = 'a reindex';
      return t;
    });
    try {
      // The table's own definition, so the rebuilt index is the one the migrations made.
      const ddl = this.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'fts'").pluck().get() as string;
      // Request cues are judged again too: a newer innsyn may judge differently.
      const setAsk = this.db.prepare('UPDATE items SET ask = ? WHERE n = ?');
      // Attachment texts are kept (reading files again is for ingest: docs/attachments.md).
      const refill = refillFullText(this.db, {
        ddl,
        beforeItems: () => this.parts.clear(),
        each: (n, item) => {
          setAsk.run(askOf(item), n);
          this.parts.write(n, item, (sha) => this.texts.kind(sha));
        },
      });
      for (const done of refill) {
        onProgress?.(done, total);
        await yieldToEventLoop();
      }
      this.db.exec('COMMIT');
      this.localWrites++;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.parts.forget();
      this.texts.forget();
      throw toStoreError(e, this.file, 'rebuilding the full-text index (the old index is unchanged)');
    } finally {
      this.busyWith = null;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.writing) await this.writing.catch(ignore);
    await this.pool.close();
    this.run('closing', () => {
      // Batches written with `more` and no batch after them: complete, so kept.
      this.commitGroup();
      try {
        // Refreshes the planner's statistics where they are stale; cheap (SQLite's advice).
        // Optional: on a read-only copy it cannot write them, and that is fine.
        this.db.pragma('optimize');
      } catch {
        // ignored, see above
      }
      this.closed = true;
      this.db.close();
    });
  }

  /** Runs `fn` once no write batch is in progress (in the same tick as the check). */
  private async when<T>(doing: string, fn: () => T): Promise<T> {
    while (this.writing) await this.writing.catch(ignore);
    return this.run(doing, fn);
  }

  /** Commits batches written with `more` that are still open (writeBatch). */
  private commitGroup(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.people.indexer.removals.settle();
  }

  /** Every public method runs through here: driver errors are wrapped, closed and busy states refused. */
  private run<T>(doing: string, fn: () => T): T {
    if (this.closed) throw new InnsynError('internal', `the store for ${this.file} is closed`);
    if (this.busyWith !== null) {
      throw new InnsynError('store', `${this.file} is busy with ${this.busyWith}: wait for it to finish`);
    }
    try {
      return fn();
    } catch (e) {
      throw toStoreError(e, this.file, doing);
    }
  }
}

function ignore(): void {}

function toSourceRecord(r: Record<string, unknown>): SourceRecord {
  return {
    path: r.path as string,
    size: r.size as number,
    mtimeMs: r.mtime_ms as number,
    state: r.state as SourceRecord['state'],
    read: r.read as number,
    stored: r.stored as number,
    duplicates: r.duplicates as number,
    quarantined: r.quarantined as number,
  };
}

/**
 * FROM and WHERE of a compiled query, with its parameters in order. With text, FTS5 is the
 * outer loop (CROSS JOIN: the MATCH narrows first, items rows are probed by date key) and the
 * date-key bounds go to its rowid, which FTS5 seeks on; without, they go to `items.dk`.
 */
function searchSql(c: CompiledQuery): { from: string; conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  let from = 'items i';
  let key = 'i.dk';
  if (c.match !== null) {
    from = 'fts CROSS JOIN items i ON i.dk = fts.rowid';
    key = 'fts.rowid';
    conditions.push('fts MATCH ?');
    params.push(c.match);
  }
  if (c.keys.from !== null) {
    conditions.push(`${key} >= ?`);
    params.push(c.keys.from);
  }
  if (c.keys.to !== null) {
    conditions.push(`${key} < ?`);
    params.push(c.keys.to);
  }
  for (const w of c.where) {
    // In parentheses: a condition may be an OR ('(a) OR (b)'), and AND binds tighter.
    conditions.push(`(${w.sql})`);
    params.push(...w.params);
  }
  return { from, conditions, params };
}

function insertFtsSql(): string {
  return `INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(FTS_COLUMNS.length)})`;
}

function prepareStatements(db: SqliteDatabase) {
  // The record without the raw message kept apart (a message over 256 KiB: its attachments): an
  // item, a search result or a thread's line needs only the record, and reading the column would
  // read every page of the message (PostgreSQL's CONTENT_ITEM does the same).
  const contentItem = `SELECT ${ITEM_COLUMNS}, c.codec, c.record_len, c.data, NULL AS raw FROM items i JOIN contents c ON c.n = i.n`;
  return {
    itemN: db.prepare('SELECT n FROM items WHERE id = ?').pluck(),
    itemNByKey: db.prepare('SELECT n FROM items WHERE dk = ?').pluck(),
    insertItem: db.prepare(
      'INSERT INTO items (dk, id, kind, platform, visibility, sent_at, lang, has_attachments, has_links, from_address, ' +
        'subject, message_id, in_reply_to, refs, conversation_id, reply_to, ask) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertContent: db.prepare(
      'INSERT INTO contents (n, codec, record_len, data, raw) VALUES (?, ?, ?, ?, ?)',
    ),
    insertFts: db.prepare(insertFtsSql()),
    insertLocation: db.prepare(
      // A copy stored before labels were read (migration 0010) gets them when it is read again.
      'INSERT INTO locations (item, path, member, offset, length, sha256, labels) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        "ON CONFLICT (item, path, offset, ifnull(member, '')) DO UPDATE SET labels = excluded.labels " +
        'WHERE locations.labels IS NULL AND excluded.labels IS NOT NULL',
    ),
    insertQuarantine: db.prepare(
      'INSERT INTO quarantine (path, member, offset, length, sha256, reason, bytes) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
        // Read again: the reason this innsyn gives, for the bytes there now.
        "ON CONFLICT (path, offset, ifnull(member, '')) DO UPDATE SET length = excluded.length, " +
        'sha256 = excluded.sha256, reason = excluded.reason, bytes = excluded.bytes',
    ),
    anyQuarantined: db.prepare('SELECT 1 FROM quarantine LIMIT 1').pluck(),
    quarantineAt: db.prepare(
      'SELECT n, offset, member FROM quarantine WHERE path = (SELECT n FROM paths WHERE path = ?)',
    ),
    dropQuarantineRow: db.prepare('DELETE FROM quarantine WHERE n = ?'),
    quarantinedPaths: db
      .prepare(
        'SELECT p.path FROM paths p WHERE (p.path = @input OR substr(p.path, 1, length(@inside)) = @inside) ' +
          'AND EXISTS (SELECT 1 FROM quarantine q WHERE q.path = p.n)',
      )
      .pluck(),
    dropQuarantined: db.prepare(
      "DELETE FROM quarantine WHERE path = ? AND offset = ? AND ifnull(member, '') = ?",
    ),
    locations: db.prepare(
      'SELECT p.path, l.member, l.offset, l.length, l.sha256, l.labels FROM locations l JOIN paths p ON p.n = l.path ' +
        'WHERE l.item = ? ORDER BY l.n',
    ),
    contentItemById: db.prepare(`${contentItem} WHERE i.id = ?`),
    contentItemByN: db.prepare(`${contentItem} WHERE i.n = ?`),
    contentById: db.prepare(
      'SELECT c.codec, c.record_len, c.data, c.raw FROM items i JOIN contents c ON c.n = i.n WHERE i.id = ?',
    ),
    getSource: db.prepare('SELECT * FROM sources WHERE path = ?'),
    sources: db.prepare('SELECT * FROM sources ORDER BY path'),
    attachmentOwner: db.prepare(
      'SELECT i.id, a.name, a.content_type FROM attachments a JOIN items i ON i.n = a.item ' +
        'WHERE a.sha256 = ? ORDER BY a.item, a.seq LIMIT 1',
    ),
    putSource: db.prepare(
      'INSERT INTO sources (path, size, mtime_ms, state, read, stored, duplicates, quarantined) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, state = excluded.state, ' +
        'read = excluded.read, stored = excluded.stored, duplicates = excluded.duplicates, quarantined = excluded.quarantined',
    ),
    threadingPage: db.prepare(
      "SELECT id, message_id, in_reply_to, refs, subject, sent_at FROM items WHERE id > ? AND kind = 'email' ORDER BY id LIMIT ?",
    ),
    insertThreadNode: db.prepare(
      'INSERT INTO thread_nodes (thread_id, seq, item_id, message_id, parent_index, depth) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    setThreadByN: db.prepare('UPDATE items SET thread_id = ?, thread_reply_to = ? WHERE n = ?'),
    deleteThreadsBetween: db.prepare('DELETE FROM thread_nodes WHERE thread_id > ? AND thread_id < ?'),
    deleteThreadsAfter: db.prepare('DELETE FROM thread_nodes WHERE thread_id > ?'),
    deleteThreadNodes: db.prepare('DELETE FROM thread_nodes WHERE thread_id = ?'),
    threadOfItem: db.prepare('SELECT n, thread_id, thread_reply_to FROM items WHERE id = ?'),
    maxItemN: db.prepare('SELECT max(n) FROM items').pluck(),
    // Whatever carries a thread id (replaceThreads clears it where no thread names the item).
    threadedItems: db
      .prepare('SELECT n FROM items WHERE n > ? AND thread_id IS NOT NULL ORDER BY n LIMIT ?')
      .pluck(),
    threadNodes: db.prepare(
      'SELECT item_id, message_id, parent_index, depth FROM thread_nodes WHERE thread_id = ? ORDER BY seq LIMIT ?',
    ),
    threadNodeCount: db.prepare('SELECT count(*) FROM thread_nodes WHERE thread_id = ?').pluck(),
    threadNodeSeq: db
      .prepare('SELECT seq FROM thread_nodes WHERE thread_id = ? AND item_id = ? LIMIT 1')
      .pluck(),
    threadNodesFrom: db.prepare(
      'SELECT item_id, message_id, parent_index, depth FROM thread_nodes WHERE thread_id = ? AND seq >= ? ' +
        'ORDER BY seq LIMIT ?',
    ),
    conversationNs: db
      .prepare(
        'SELECT n FROM items WHERE coalesce(thread_id, conversation_id) = ? COLLATE NOCASE ' +
          'ORDER BY sent_at ASC NULLS LAST, n ASC',
      )
      .pluck(),
    countsByKind: db.prepare('SELECT kind, platform, count(*) AS c FROM items GROUP BY kind, platform'),
    dateRange: db.prepare('SELECT min(sent_at) AS first, max(sent_at) AS last FROM items'),
    quarantine: db.prepare(
      'SELECT p.path, q.member, q.offset, q.length, q.sha256, q.reason, q.bytes FROM quarantine q ' +
        'JOIN paths p ON p.n = q.path ORDER BY q.n',
    ),
  };
}
