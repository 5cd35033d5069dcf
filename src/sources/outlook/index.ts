/**
 * Outlook files: .msg (through @kenjiuno/msgreader, after cfb-preflight.ts), .pst/.ost
 * (through pst-extractor, from the file path) and TNEF files given by themselves (winmail.dat,
 * through ../email/tnef-reader.ts). See README.md in this folder.
 */
export { readMsgBytes } from './msg-reader.js';
export { readPst, type PstSummary } from './pst-reader.js';
export { readTnefBytes } from './tnef-file.js';
export { parseOutlookRecord } from './parse-outlook-record.js';
export type { ParsedOutlook } from './outlook-to-parsed.js';
export { outlookKind } from './outlook-kind.js';
export { outlookAttachments } from './outlook-attachments.js';
