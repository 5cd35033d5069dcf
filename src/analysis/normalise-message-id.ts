/**
 * A Message-ID longer than this is treated as absent. RFC 5322 §2.1.1 caps a header line at 998
 * characters, so anything longer is garbage or an attack (a multi-megabyte id hashed into the id
 * table once per reference). The message itself is kept: it just gets a container of its own.
 */
export const MAX_MESSAGE_ID_CHARS = 998;

/**
 * The Message-ID in the form innsyn stores (`Item.messageId`: no angle brackets), or null when
 * nothing usable is there. Tolerates the bracketed header form and a trailing comment such as
 * `<id> (Joe's message of ...)` that old clients put in In-Reply-To (RFC 2822 §3.6.4 obsoleted
 * it, archives still hold it). Case is kept: RFC 5322 gives no case-insensitive comparison for
 * msg-id, and folding would merge ids that some generators distinguish only by case.
 */
export function normaliseMessageId(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let s = raw.trim();
  const open = s.indexOf('<');
  if (open !== -1) {
    const close = s.indexOf('>', open + 1);
    s = close === -1 ? s.slice(open + 1) : s.slice(open + 1, close);
    s = s.trim();
  }
  if (s.length === 0 || s.length > MAX_MESSAGE_ID_CHARS) return null;
  return s;
}
