/**
 * The JSON of the HTTP API (docs/api.md, version 1) as the UI reads it. The record types come
 * from src/model (DESIGN.md: web/ may import model types, nothing else of the server); the
 * shapes the store defines are restated here, field for field, so that web/ never imports
 * store/ code.
 */
import type { Identity, Item, ItemKind, Location, Visibility } from '../../../src/model/item.js';
import type { AttachmentHit, AttachmentInfo } from '../attachments/attachment-types.js';

export type { Attachment, Identity, Item, ItemKind, Location, Visibility } from '../../../src/model/item.js';

export type SortOrder = 'relevance' | 'date' | 'date-asc';

export interface ItemSummary {
  id: string;
  kind: ItemKind;
  platform: string;
  visibility: Visibility;
  sentAt: string | null;
  from: Identity | null;
  to: Identity[];
  subject: string | null;
  /** The subject with the query's words marked as in `snippet` (absent when none is). Hostile: render as text only. */
  subjectMarked?: string;
  /** Plain text around the matches, each match between U+E000 and U+E001. Hostile: render as text only. */
  snippet: string;
  conversationId: string | null;
  hasAttachments: boolean;
  /** Its tags and its conversation's (annotations/annotations-api.ts); the server always sends these three. */
  tags?: string[];
  starred?: boolean;
  hasNote?: boolean;
  /** When the query's words are in one of its attachments, not its own text. */
  attachmentHit?: AttachmentHit;
}

export interface FacetBucket {
  /** What to add to the query, e.g. 'from:djtjr@example.org', 'date:2016-10', 'has:attachment'. */
  value: string;
  label: string;
  count: number;
}

export type FacetName =
  'from' | 'to' | 'year' | 'month' | 'kind' | 'platform' | 'lang' | 'hasAttachment' | 'type' | 'folder';
export type Facets = Record<FacetName, FacetBucket[]>;

export type HistogramInterval = 'year' | 'month' | 'day';
export interface Histogram {
  interval: HistogramInterval;
  buckets: Array<{ start: string; end: string; count: number }>;
}

export interface SearchResponse {
  version: 1;
  query: string;
  total: number;
  offset: number;
  limit: number;
  items: ItemSummary[];
  facets?: Facets;
  histogram?: Histogram;
}

export interface ThreadNode {
  itemId: string | null;
  messageId: string | null;
  parentIndex: number | null;
  depth: number;
  summary: ItemSummary | null;
}

export interface ThreadView {
  threadId: string;
  /**
   * Only for a thread of more than 10,000 nodes (older servers: absent): where `nodes` start in
   * it and how many it has in all. A parentIndex whose parent is in another part is null.
   */
  part?: { offset: number; total: number };
  /** Depth-first order; ghosts (missing parents) have itemId null. */
  nodes: ThreadNode[];
}

/** `item.html` is left out by the API; the sanitised HTML is fetched from /api/items/:id/html. */
export type ApiItem = Omit<Item, 'html'> & { html?: string | null };

export interface ItemResponse {
  version: 1;
  item: ApiItem;
  locations: Location[];
  /** The folders of every copy, each once (older servers: absent). */
  folders?: string[];
  /** For each of `folders`, the `folder:` value that finds it (older servers: absent). */
  folderQueries?: string[];
  thread: ThreadView | null;
  /** The attachments with their search type and what reading them gave (older servers: absent). */
  attachments?: AttachmentInfo[];
}

export interface ThreadResponse {
  version: 1;
  thread: ThreadView;
}

export interface SourceRecord {
  path: string;
  size: number;
  mtimeMs: number;
  state: 'started' | 'complete';
  read: number;
  stored: number;
  duplicates: number;
  quarantined: number;
}

export interface QuarantineEntry {
  path: string;
  member: string | null;
  offset: number;
  length: number;
  sha256: string;
  reason: string;
}

export interface SourcesResponse {
  version: 1;
  sources: SourceRecord[];
  quarantine: QuarantineEntry[];
}

export type ApiErrorCode = 'bad-query' | 'bad-request' | 'not-found' | 'unauthorized' | 'internal';

export interface ApiErrorBody {
  version: 1;
  error: { code: ApiErrorCode; message: string; column?: number; reason?: { key: string } };
}
