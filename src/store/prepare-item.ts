/**
 * The CPU-heavy part of writing an item that needs no database connection (text analysis for
 * the full-text index, compression of the record and its raw bytes). Callers that parse on
 * worker threads (ingest) call it there and hand the result to `Store.writeBatch`, so the one
 * thread that may write the database spends its time in the database. Opaque to callers.
 */
export { prepareItem, type PreparedItem } from './sqlite/sqlite-prepare.js';
