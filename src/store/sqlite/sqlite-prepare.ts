/**
 * The CPU-heavy part of storing an item, which needs no database: dialect-independent, in
 * ../prepare-item.ts (re-exported here). Pure, so it can run on worker threads while the
 * writing thread only talks to SQLite (sqlite-prepare-pool.ts).
 */
export { prepareItem, type PreparedItem } from '../prepare-item.js';
