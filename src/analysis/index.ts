export {
  threadMessages,
  threadStreamFrom,
  DEFAULT_SUBJECT_WINDOW_DAYS,
  MAX_REFERENCES,
  type ThreadableMessage,
  type ThreadTree,
  type ThreadStream,
  type ThreadingOptions,
} from './jwz-threading.js';
export { baseSubject, MAX_SUBJECT_CHARS, type BaseSubject } from './base-subject.js';
export { normaliseMessageId, MAX_MESSAGE_ID_CHARS } from './normalise-message-id.js';
