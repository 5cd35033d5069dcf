/**
 * The X (Twitter) archive reader: an archive as X delivers it (folder or zip, given as an
 * ExportTree) → ExportRecords for DMs, group DMs, encrypted-chat messages and the account's
 * tweets, plus UnreadableInputs for what cannot be read, and a report comparing what was read
 * with the archive's own manifest.js.
 */
export { isXArchive, openXArchive, readXArchive } from './x-archive-reader.js';
export type { XArchive, XArchiveOptions, XRecord } from './x-archive-reader.js';
export { DEFAULT_X_ARCHIVE_LIMITS, resolveXArchiveLimits, type XArchiveLimits } from './x-limits.js';
export type { ManifestCheck, XArchiveReport, XFileReport } from './x-report.js';
export type { XFileRole } from './x-layout.js';
