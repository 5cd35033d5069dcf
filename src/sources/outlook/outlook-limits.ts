/**
 * Safety limits of the Outlook readers (.msg and .pst/.ost). Each names what it stops; a limit
 * that trips keeps what was read, and says so in a flag or a quarantine reason.
 */

/**
 * Attached messages are read as items of their own down to this depth (a message attached to
 * the file's message is depth 1). Stops a crafted file of messages inside messages from turning
 * one input into an unbounded number of items; a deeper one stays an attachment of its parent
 * and is reported (quarantined with the reason), so the counts still add up.
 */
export const MAX_EMBEDDED_DEPTH = 8;

/**
 * Largest attachment of a PST item whose bytes are kept. They go into the item's JSON record
 * (base64), which is held, copied to a parser thread and decoded there before it is written:
 * about four times its size in memory at once, which must stay well inside the 1 GB an ingest
 * may use. Bigger ones are listed with their size and sha256 (read in chunks), without bytes,
 * flagged `limit:attachment-bytes:N`.
 */
export const MAX_PST_ATTACHMENT_BYTES = 64 * 1024 * 1024;

/** Most attachment bytes kept for one PST item, all attachments together (same reason); past it, as above. */
export const MAX_PST_ITEM_BYTES = 64 * 1024 * 1024;

/** Deepest PST folder nesting walked. Stops a folder tree that loops back into itself. */
export const MAX_PST_FOLDER_DEPTH = 64;

/** Most folders walked in one PST. Each costs a table read; a crafted hierarchy could list millions. */
export const MAX_PST_FOLDERS = 100_000;

/**
 * Most items read from one folder's contents table. The table's row count is four bytes of
 * file; real folders hold at most a few hundred thousand items.
 */
export const MAX_PST_FOLDER_ITEMS = 5_000_000;
