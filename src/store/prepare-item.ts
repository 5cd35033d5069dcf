import { askOf } from '../extract/requests.js';
import type { Item } from '../model/index.js';
import type { AttachmentTextSource } from './attachment-texts.js';
import { ftsDocument } from './fts-document.js';
import { encodeContent, type ContentRow } from './item-codec.js';

/**
 * The CPU-heavy part of writing an item that needs no database connection (text analysis for
 * the full-text index, compression of the record and its raw bytes). Callers that parse on
 * worker threads (ingest) call it there and hand the result to `Store.writeBatch`, so the one
 * thread that writes spends its time in the database. The same for every dialect: SQLite
 * inserts `fts` as its FTS5 row, PostgreSQL builds its tsvector from it. Opaque to callers.
 */
export interface PreparedItem {
  /** The full-text document, in FTS_COLUMNS order (fts-document.ts). */
  fts: string[];
  content: ContentRow;
  /** `items.ask` (extract/requests.ts askOf). */
  ask: string | null;
}

/**
 * `texts`: the texts extracted from the item's attachments (attachment-texts.ts), which its full-text
 * document indexes; an item with attachments prepared without them is not found by their words.
 */
export function prepareItem(item: Item, raw: Uint8Array, texts?: AttachmentTextSource): PreparedItem {
  return { fts: ftsDocument(item, undefined, texts), content: encodeContent(item, raw), ask: askOf(item) };
}
