export { openStore, printableSpec } from './open-store.js';
export type * from './store.js';
export { MAX_THREAD_NODES, quarantinePlace } from './store.js';
export type * from './people.js';
export type * from './annotations.js';
export type * from './saved-searches.js';
export {
  annotationsDocument,
  checkTag,
  parseAnnotationsDocument,
  ANNOTATIONS_FORMAT,
  MAX_NOTE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS_PER_CHANGE,
} from './annotations.js';
export { parsePeopleEditsDocument, peopleEditsDocument } from './people-edits.js';
export {
  runBatchSearch,
  checkBatchTerms,
  exactPhrase,
  MAX_BATCH_TERMS,
  MAX_BATCH_TERM_CHARS,
  type BatchOptions,
  type BatchResult,
  type BatchRow,
  type BatchErrorReason,
} from './batch-search.js';
export { MAX_SAVED_SEARCH_NAME_CHARS, MAX_SAVED_SEARCHES } from './saved-searches.js';
export { prepareItem, type PreparedItem } from './prepare-item.js';
export type * from './attachment-texts.js';
export { ATTACHMENT_TEXT_STATUSES, MAX_ATTACHMENT_HOLDERS } from './attachment-texts.js';
export { listItemAttachments, type AttachmentExtraction, type AttachmentInfo } from './attachment-list.js';
