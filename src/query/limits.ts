/**
 * Limits on one query. The search box of a team server is reachable by every account, so a
 * query is hostile input: these bound the work and the stack depth a single request can cause.
 */

/**
 * Longest query accepted, in UTF-16 code units. A pasted paragraph is a few hundred; this
 * stops a multi-megabyte request body from being lexed, parsed and compiled to SQL.
 */
export const MAX_QUERY_LENGTH = 10_000;

/**
 * Deepest nesting of parentheses and negations (`((((a))))`, `NOT NOT NOT a`, `--a`).
 * The parser recurses once per level; this caps the stack a user can make it use (a query
 * of 5,000 '(' would otherwise overflow it) and the nesting of the SQL a dialect generates.
 */
export const MAX_QUERY_DEPTH = 100;

/**
 * Most terms, phrases and field values in one query. Each becomes a full-text match or a
 * comparison in SQL; this keeps one request from compiling to a statement of thousands.
 */
export const MAX_QUERY_TERMS = 1_000;
