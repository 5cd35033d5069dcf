/**
 * Container readers: they turn input paths into RawRecords — raw message bytes with the exact
 * place they came from — or UnreadableInputs saying what could not be read, where and what to
 * do. They do not parse MIME.
 *
 * Where a record points (`location`):
 * - plain file (mbox, .eml, .emlx): `path` = the file, `member` = null, `offset`/`length` = the
 *   message's bytes in the file (for an mbox see mbox-reader.ts; for .emlx the message after
 *   the count line).
 * - Maildir: `path` = the Maildir root folder, `member` = the file relative to it
 *   ('cur/1700000000.M1P1.host:2,S', '.Sent/cur/…'), offset 0, length = file size.
 * - archives: `path` = the archive file, `member` = the path inside it; an archive inside an
 *   archive adds '!/' ('mail.zip!/2016/box.mbox'); a gzip-compressed single file is a
 *   member named without '.gz' ('box.mbox.gz' → member 'box.mbox'); a .tar.gz counts as one
 *   archive. `offset`/`length` are within that (decompressed) member.
 * So the raw bytes can always be cut out again: open `path`, follow `member`, take
 * `length` bytes at `offset` (and undo mboxrd quoting for mbox messages).
 */
export { detectFormat, type InputFormat } from './detect-format.js';
export { estimateInput } from './estimate-input.js';
export { readMbox } from './mbox-reader.js';
export type { ClaimInput } from './directory-reader.js';
export { readInput } from './read-input.js';
export { DEFAULT_READER_LIMITS, resolveReaderLimits, type ReaderLimits } from './reader-limits.js';
