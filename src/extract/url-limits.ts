/** Limits on links, against hostile or broken messages. */

/**
 * Longest URL kept, in characters. Real links (even with tracking parameters) stay well under
 * this; a longer "URL" is a data: blob, a base64 line glued to http:// or an attack on
 * whatever displays it, and is left out.
 */
export const MAX_URL_LENGTH = 4_096;

/**
 * Most links kept per message. A newsletter has a few hundred; a spam or a generated page can
 * have hundreds of thousands, which would bloat the item and the link index. The first ones
 * (in reading order) are kept.
 */
export const MAX_LINKS = 500;

/** Most @mentions kept per message, for the same reason. */
export const MAX_MENTIONS = 200;

/**
 * Most URL-like strings examined per message (text and HTML together). Normalising one costs
 * a URL parse; a hostile message repeating `a.com ` over megabytes would otherwise cost
 * seconds. Past this the message is generated junk and the rest of it is not scanned.
 */
export const MAX_LINK_CANDIDATES = 20_000;
