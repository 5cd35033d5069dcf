/** The full-text document is dialect-independent: ../fts-document.ts (re-exported here). */
export {
  MAX_INDEXED_CHARS,
  ftsDocument,
  identityColumns,
  type PersonValue,
  type PersonValues,
} from '../fts-document.js';
