import type { Item } from '../../model/index.js';
import { ftsDocument } from './sqlite-fts-document.js';
import { encodeContent, type ContentRow } from './sqlite-item-codec.js';

/**
 * The CPU-heavy part of storing an item, which needs no database: its full-text row (text
 * analysis, stemming) and its compressed record and raw bytes. Pure, so it can run on worker
 * threads while the writing thread only talks to SQLite (sqlite-prepare-pool.ts).
 */
export interface PreparedItem {
  fts: string[];
  content: ContentRow;
}

export function prepareItem(item: Item, raw: Uint8Array): PreparedItem {
  return { fts: ftsDocument(item), content: encodeContent(item, raw) };
}
