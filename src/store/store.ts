import type { AnalysisItem, AnalysisPerson, Item, Location } from '../model/index.js';
import type { QueryNode } from '../query/ast.js';
import type { PreparedItem } from './prepare-item.js';
import type {
  ListPeopleOptions,
  PeopleEdit,
  PeopleImport,
  PeopleList,
  PeopleRebuild,
  Person,
  SplitResult,
} from './people.js';
import type {
  AnnotationChange,
  AnnotationImport,
  AnnotationRecord,
  AnnotationTarget,
  Annotations,
  BulkTagResult,
  TagChange,
  TagCount,
} from './annotations.js';
import type { SavedSearch } from './saved-searches.js';
import type { AttachmentHolder, AttachmentText, AttachmentTextInfo } from './attachment-texts.js';

/**
 * The one seam between innsyn and a database. Small on purpose: every method is one job.
 * Async, so that the PostgreSQL dialect fits behind the same interface as SQLite.
 * Nothing outside store/ knows which dialect it talks to.
 */
export interface AnalysisItemsOptions {
  text: boolean;
  only?: 'senders';
}

export interface Store {
  readonly capabilities: StoreCapabilities;

  /** Writes items, extra locations and quarantined inputs in one transaction. Idempotent. */
  writeBatch(batch: WriteBatch): Promise<WriteResult[]>;

  /** Bookkeeping of inputs: what each ingested path held and gave, and whether its ingest finished (the Sources page). */
  getSource(path: string): Promise<SourceRecord | null>;
  putSource(source: SourceRecord): Promise<void>;
  /**
   * After a whole read of the files `read` (an input ingested again to its end): their quarantine
   * entries at places not quarantined in that read (`kept`, quarantinePlace keys) are dropped,
   * so that the quarantine is what innsyn makes of those files now (an older one may have
   * quarantined places a newer one reads otherwise). Returns how many went.
   */
  settleQuarantine(read: ReadonlySet<string>, kept: ReadonlySet<string>): Promise<number>;
  /** The files with quarantine entries that are `input` or inside it (a folder): what a new read of it may settle. */
  quarantinedPaths(input: string): Promise<Set<string>>;

  search(query: QueryNode | null, options: SearchOptions): Promise<SearchResult>;
  getItem(id: string): Promise<Item | null>;
  /** Every place a copy of this item was found, first one first. */
  getLocations(id: string): Promise<Location[]>;
  /**
   * The `folder:` value of each folder name: the shortest tail of it that finds the same
   * folders of this case as the whole name (model/folders.ts folderQueryName).
   */
  folderQueries(names: readonly string[]): Promise<string[]>;
  /** The raw bytes of the item's first copy, exactly as read. */
  getRaw(id: string): Promise<Uint8Array | null>;
  /**
   * Every match of the query (null: every item), in the order of `search` with `sort: 'date-asc'`
   * (oldest first, undated last), read from the database a page at a time as the caller consumes
   * them: for exports, which go past search's limit. Ids and dates only; read each with getItem.
   */
  listMatches(query: QueryNode | null): AsyncIterable<MatchRef>;

  /** Threading input for every email, in a stable order. */
  listThreadingInputs(): AsyncIterable<ThreadingInput>;
  /**
   * Replaces the thread structure (conversation ids, reply-to links and ghost nodes). Read a
   * thread at a time, and again from the start when PostgreSQL retries the transaction, so it
   * must be iterable more than once (an array, a `ThreadStream`). In thread-id order (as
   * `rebuildThreads` gives them) SQLite appends to its thread table instead of splitting pages
   * all over it, and writes no thread twice. Each item belongs to at most one of the threads
   * (threading gives each email exactly one place).
   */
  replaceThreads(threads: Iterable<ThreadAssignment>): Promise<void>;
  /**
   * The members of the thread or conversation that item `id` belongs to, in date order, with
   * ghosts. One longer than MAX_THREAD_NODES is shown in part (`ThreadView.part`): the part
   * around item `id`, or the one from `options.offset` (clamped to the thread's length).
   */
  getThread(id: string, options?: ThreadOptions): Promise<ThreadView | null>;

  /**
   * Counts per value over ALL matches of the query (not one page): senders, recipients, years,
   * months, kinds, platforms, languages, attachments. Each facet keeps its `limit` largest
   * buckets; years and months are then put in date order, the others stay largest first.
   */
  facets(query: QueryNode | null, options: FacetOptions): Promise<Facets>;
  /** Matches per period, contiguous (empty periods included), from the first dated match to the last. */
  histogram(query: QueryNode | null, options?: HistogramOptions): Promise<Histogram>;
  /** An item that holds an attachment with these bytes (the first one stored), or null. */
  findAttachment(sha256: string): Promise<AttachmentOwner | null>;
  /**
   * What reading these attachments gave (attachment-texts.ts), by sha256, with their texts when
   * `withText`; files never read are left out.
   */
  getAttachmentTexts(
    sha256s: readonly string[],
    withText: boolean,
  ): Promise<Map<string, AttachmentTextInfo & { text?: string | null }>>;
  /**
   * The items that hold an attachment with these bytes, oldest first (undated last), at most
   * `limit` (MAX_ATTACHMENT_HOLDERS), with where each was found; and how many there are in all.
   */
  listAttachmentHolders(
    sha256: string,
    limit: number,
  ): Promise<{ total: number; holders: AttachmentHolder[] }>;
  /** Every input file recorded, in path order. */
  listSources(): Promise<SourceRecord[]>;
  /**
   * An opaque string that changes whenever anything the store answers may have changed (a
   * write through this store or, for a shared database, by another process). Equal strings from
   * the same open store mean equal answers: what caches and HTTP validators key on.
   */
  dataVersion(): Promise<string>;

  stats(): Promise<StoreStats>;
  listQuarantine(): Promise<QuarantineRecord[]>;
  /**
   * The matches of a query (null: every item) in date order, in the light form the pattern
   * analyses use (model/analysis-item.ts). Without `text`, texts, links, mentions and
   * attachments are left empty: no stored record is decompressed (counts, pairs, timelines).
   * With `only: 'senders'`, just kind, platform, visibility, date and sender are filled (ids,
   * texts and recipients empty), in no particular order: what a timeline counts, answered from
   * memory when it can be.
   */
  analysisItems(query: QueryNode | null, options: AnalysisItemsOptions): Promise<AnalysisItem[]>;
  /** The texts of these items as AnalysisItem.text has them (subject and text), by id; unknown ids are left out. */
  analysisTexts(ids: readonly string[]): Promise<Map<string, string>>;
  /** Every person with the handles, addresses and names seen for it, keyed as analysisItems keys senders. */
  analysisPersons(): Promise<AnalysisPerson[]>;
  /**
   * Recomputes persons from the identities, the automatic rules and the hand edits (people.ts),
   * and re-indexes the full-text sender/recipient words of exactly the items whose persons
   * changed, so that `from:` and the other identity fields match any identity of a person. Run
   * after every ingest; derived, so safe at any time. Everything in one transaction.
   */
  rebuildPeople(): Promise<PeopleRebuild>;
  /** Persons, most items first; brings them up to date first when items were added since. */
  listPeople(options: ListPeopleOptions): Promise<PeopleList>;
  /**
   * The person a key names: a person key, an identity key (`platform:address`), or a handle
   * (`@h` or `h`), an address or a display name that names exactly one person. Null when it names
   * none; InnsynError('usage') listing the candidates when it names several.
   */
  getPerson(key: string): Promise<Person | null>;
  /** Records a merge of the persons `a` and `b` name (keys as for getPerson) and rebuilds; returns the joined person. */
  mergePeople(a: string, b: string): Promise<Person>;
  /**
   * Records that an identity stands alone (and, when taking it out would cut the rest apart,
   * merges that keep the rest together) and rebuilds. 'usage' when it already stands alone.
   */
  splitIdentity(identity: string): Promise<SplitResult>;
  /** Records another handle and/or name for an identity and rebuilds; returns its person. */
  aliasIdentity(identity: string, alias: { handle?: string; name?: string }): Promise<Person>;
  /** Every hand edit, oldest first (what `people export` writes). */
  exportPeopleEdits(): Promise<PeopleEdit[]>;
  /** Appends edits (validated; duplicates skipped) and rebuilds. Nothing is written when one is bad. */
  importPeopleEdits(edits: readonly PeopleEdit[]): Promise<PeopleImport>;
  /**
   * The tags, star and note of an item (by full id), a conversation (by id) or a person (any key
   * getPerson takes; a person shows the annotations of every identity it joins).
   * InnsynError('not-found') when the case holds no such target (annotations.ts).
   */
  getAnnotations(target: AnnotationTarget): Promise<Annotations>;
  /**
   * Adds and removes tags, stars or unstars, writes or deletes the note of one target, in one
   * transaction, and returns its annotations after. Adding a tag or star that is there, or taking
   * one that is not, changes nothing. 'not-found' for a target the case does not hold, 'usage' for
   * a bad tag name or note; nothing is written then.
   */
  annotate(target: AnnotationTarget, change: AnnotationChange): Promise<Annotations>;
  /** Adds and removes tags on every match of the query (null: every item), in one transaction. */
  tagMatches(query: QueryNode | null, change: TagChange): Promise<BulkTagResult>;
  /** Every tag, by name, with how many items (of the query's matches, when given), conversations and persons carry it. */
  listTags(query: QueryNode | null): Promise<TagCount[]>;
  /** Every annotation (what `tags export` writes), in a stable order. */
  exportAnnotations(): Promise<AnnotationRecord[]>;
  /**
   * Adds annotations (checked; see annotations.ts): tags and stars not there yet, notes not there
   * or newer. Importing the same file twice adds nothing. Targets the case does not hold are kept
   * for when it does. All or nothing: nothing is written when one is bad.
   */
  importAnnotations(records: readonly AnnotationRecord[]): Promise<AnnotationImport>;
  /** Saved searches (saved-searches.ts), by name. */
  listSavedSearches(): Promise<SavedSearch[]>;
  /**
   * Saves a query under a name, replacing the query of the one of that name (names compare
   * without case). 'bad-query' when the query does not parse, 'usage' for a bad name.
   */
  saveSearch(name: string, query: string, options?: { author?: string | null }): Promise<SavedSearch>;
  /** Deletes a saved search; false when there was none of that name. */
  deleteSavedSearch(name: string): Promise<boolean>;
  /**
   * Rebuilds every derived index (full text, and the persons it indexes) from the stored items.
   * Tags, notes and people edits survive.
   */
  reindex(onProgress?: (done: number, total: number) => void): Promise<void>;
  close(): Promise<void>;
}

export interface StoreCapabilities {
  /** More than one process may write at once (PostgreSQL yes, SQLite no). */
  supportsConcurrentWriters: boolean;
}

export interface WriteBatch {
  /**
   * `prepared`, when given, is `prepareItem(item, raw)` made ahead (by an ingest worker thread),
   * so that the writing thread only talks to the database; without it the store prepares.
   */
  items: Array<{ item: Item; raw: Uint8Array; prepared?: PreparedItem }>;
  quarantine: QuarantineRecord[];
  /**
   * Texts read from attachments (attachment-texts.ts), written first, by sha256 (a row for a
   * sha256 the store holds replaces it). Items the store prepares itself index them and those
   * it holds; a `prepared` item must have been prepared with them (`prepareItem`'s `texts`).
   * Items stored earlier that hold a file whose text changed are indexed again.
   */
  attachmentTexts?: AttachmentText[];
  /**
   * More batches follow straight away (an ingest in full flow): the store may leave this one
   * uncommitted and commit it with the next ones, at the latest with the next batch that does
   * not say `more`, or on `close` (SQLite: sqlite-store.ts `GROUP_COMMIT_ITEMS`; PostgreSQL
   * commits every batch). A crash loses what was not committed, and writes are idempotent, so
   * running the same ingest again ends as an uninterrupted run.
   */
  more?: boolean;
}

/** Per record, in the order given: items first, then quarantine records. */
export type WriteResult = 'stored' | 'duplicate' | 'quarantined';

/**
 * An input that could not be read. Kept once per location (path, offset, member): one arriving at
 * a location the store already holds is taken for the same input read again (an ingest run
 * again) and not kept twice (the entry takes its reason), so a reader gives each unreadable input
 * a location of its own.
 */
export interface QuarantineRecord {
  location: Location;
  reason: string;
  bytes: Uint8Array;
}

/** The key of a place in the quarantine: path, offset and member. */
export function quarantinePlace(l: Pick<Location, 'path' | 'offset' | 'member'>): string {
  return `${l.path}\u0000${l.offset}\u0000${l.member ?? ''}`;
}

export interface SourceRecord {
  path: string;
  /** Bytes: a file's size; for a folder, its files' together (the folder's own size says nothing). */
  size: number;
  mtimeMs: number;
  /** 'complete' once every record of the file has been written. */
  state: 'started' | 'complete';
  /** Counts of the run that completed it. */
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
}

export interface SearchOptions {
  limit: number;
  offset: number;
  sort: 'relevance' | 'date' | 'date-asc';
}

export interface ItemSummary {
  id: string;
  kind: Item['kind'];
  platform: string;
  visibility: Item['visibility'];
  sentAt: string | null;
  from: Item['from'];
  to: Item['to'];
  subject: string | null;
  /** The subject with the query's words in it marked as in `snippet`; absent when none is. */
  subjectMarked?: string;
  /** A short passage of the text around the matches (plain text), each match between MATCH_START and MATCH_END (model/snippet-markers.ts). */
  snippet: string;
  conversationId: string | null;
  hasAttachments: boolean;
  /** Its tags and those of its conversation (annotations.ts), by name. */
  tags: string[];
  /** It or its conversation is starred. */
  starred: boolean;
  /** It or its conversation has a note. */
  hasNote: boolean;
  /**
   * When the query's words are not in the item's own text but in a text read from one of its
   * attachments: that attachment and a passage of its text around them (markers as in `snippet`).
   */
  attachmentHit?: AttachmentHit;
}

export interface AttachmentHit {
  sha256: string;
  name: string | null;
  snippet: string;
}

/** One match of `listMatches`. */
export interface MatchRef {
  id: string;
  /** ISO 8601 UTC, or null for an undated item. */
  sentAt: string | null;
}

export interface SearchResult {
  total: number;
  items: ItemSummary[];
}

export interface FacetOptions {
  /** Most buckets per facet (1 or more). */
  limit: number;
}

/** One value of a facet. */
export interface FacetBucket {
  /** The query term that selects it, e.g. 'from:djtjr@example.org', 'date:2016-10', 'kind:email', 'has:attachment'. */
  value: string;
  /** What to show: the display name seen most often for an address, else the value itself. */
  label: string;
  count: number;
}

export interface Facets {
  /** By the sender's identity address; the label is the display name seen most often with it. */
  from: FacetBucket[];
  /** By each `to` recipient's identity address (an item counts once per recipient). */
  to: FacetBucket[];
  /** By year of `sentAt` in UTC (`date:YYYY`); undated items are in none. */
  year: FacetBucket[];
  /** By month of `sentAt` in UTC (`date:YYYY-MM`). */
  month: FacetBucket[];
  kind: FacetBucket[];
  platform: FacetBucket[];
  /** Items of unknown language are in none. */
  lang: FacetBucket[];
  /** `has:attachment` and `-has:attachment`, each when it has a count. */
  hasAttachment: FacetBucket[];
  /** By the type of the attachments (`type:pdf`); an item counts once per type it holds. */
  type: FacetBucket[];
  /**
   * By folder (`folder:`, model/folders.ts): an item counts once under each folder whose query
   * finds it, so `/m/john` counts the mail of `/m/john/Sent` too; the label is the name's end.
   */
  folder: FacetBucket[];
}

export interface HistogramOptions {
  /** 'auto' (the default) picks the finest of day, month, year that gives at most ~200 buckets. */
  interval?: 'auto' | 'year' | 'month' | 'day';
}

export interface Histogram {
  interval: 'year' | 'month' | 'day';
  /** `start` inclusive, `end` exclusive, ISO 8601 UTC; empty when no match has a date. */
  buckets: Array<{ start: string; end: string; count: number }>;
  /** Matches without a date (in no bucket). */
  undated: number;
  /** Dated matches before the first bucket, when the span needed more buckets than allowed (MAX_HISTOGRAM_BUCKETS). */
  clipped: number;
}

export interface AttachmentOwner {
  itemId: string;
  name: string | null;
  contentType: string;
}

export interface ThreadingInput {
  id: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  sentAt: string | null;
}

export interface ThreadAssignment {
  /** Stable id of the thread (derived from its root). */
  threadId: string;
  /** Depth-first order of the tree; ghosts have `itemId: null` and a messageId. */
  nodes: Array<{
    itemId: string | null;
    messageId: string | null;
    parentIndex: number | null;
    depth: number;
  }>;
}

/**
 * Nodes of a thread or conversation view at most, in both dialects: views are for reading; a
 * 200,000-message chat channel is shown in parts of this many (`innsyn conversation` lists it all).
 */
export const MAX_THREAD_NODES = 10_000;

export interface ThreadOptions {
  /**
   * Show the part of a long thread that starts at this node (0 = the first), clamped so that a
   * part is full; without it, the part around the item asked for.
   */
  offset?: number;
}

export interface ThreadView {
  threadId: string;
  /**
   * Only for a thread longer than MAX_THREAD_NODES: where `nodes` start in it and how many nodes
   * it has in all. A `parentIndex` is an index into `nodes`, null when the parent is in another part.
   */
  part?: { offset: number; total: number };
  nodes: Array<{
    itemId: string | null;
    messageId: string | null;
    parentIndex: number | null;
    depth: number;
    summary: ItemSummary | null;
  }>;
}

export interface StoreStats {
  items: number;
  byKind: Record<string, number>;
  byPlatform: Record<string, number>;
  locations: number;
  quarantined: number;
  threads: number;
  sources: number;
  firstDate: string | null;
  lastDate: string | null;
  dbBytes: number;
}
