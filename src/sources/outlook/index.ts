/**
 * Outlook files: .msg (through @kenjiuno/msgreader, after cfb-preflight.ts) and .pst/.ost
 * (through pst-extractor, from the file path). See README.md in this folder.
 */
export { readMsgBytes } from './msg-reader.js';
export { readPst, type PstSummary } from './pst-reader.js';
export { parseOutlookRecord } from './parse-outlook-record.js';
export type { ParsedOutlook } from './outlook-to-parsed.js';
export { outlookKind } from './outlook-kind.js';
export { outlookAttachments } from './outlook-attachments.js';
