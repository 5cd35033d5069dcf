/**
 * The parsed form of one email: what `parseEmail` returns. Plain data, no methods, so it can be
 * posted between worker threads and serialised as it is.
 */

export interface EmailAddress {
  /** Display name, RFC 2047 decoded; for a bare `addr (comment)` the comment; null when none. */
  name: string | null;
  /** `local@domain` as written (comments and folding removed); null for a name with no address. */
  address: string | null;
  /** The RFC 5322 group this mailbox was listed in (`Undisclosed recipients:;`), else null. An empty group is one entry with name and address null. */
  group: string | null;
}

export interface ParsedAttachment {
  /** From Content-Disposition `filename`, else Content-Type `name` (RFC 2231 / 2047 decoded). */
  filename: string | null;
  /** `type/subtype`, lower-cased; `application/octet-stream` when the part declared none usable. */
  contentType: string;
  /** As declared; when undeclared, `inline` for parts shown in the body (RFC 8621 inline media) and for images, audio and video with a Content-ID (RFC 2387 embedding), else `attachment`. */
  disposition: 'attachment' | 'inline';
  /** Content-ID without `<>`. */
  contentId: string | null;
  /** Bytes after transfer decoding. */
  size: number;
  /** Lower-case hex SHA-256 of `content`. */
  sha256: string;
  /** Transfer-decoded bytes; for 7bit/8bit/binary parts a view into the input (no copy). */
  content: Uint8Array;
}

export interface ParsedEmail {
  /** Top-level header fields in order: name as written, value unfolded and trimmed, not RFC 2047 decoded. */
  headers: Array<{ name: string; value: string }>;
  subject: string | null;
  from: EmailAddress[];
  sender: EmailAddress[];
  replyTo: EmailAddress[];
  to: EmailAddress[];
  cc: EmailAddress[];
  bcc: EmailAddress[];
  /**
   * The Date header as a UTC instant (ISO 8601 with Z) and the sender's offset from UTC in
   * minutes; `utcAsBefore`: the instant as innsyn read it before, where it reads it otherwise now
   * (a zone without its sign), for the id.
   */
  date: { utc: string; offsetMinutes: number; utcAsBefore?: string } | null;
  /** Message-ID without `<>`. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  /** The text body: the text/plain body parts joined; HTML body parts without a plain alternative (or beside a blank one) are converted to text. Line ends are LF. */
  text: string;
  /**
   * The text body as innsyn read it before it read it otherwise, where that differs from `text`;
   * else null. The item id hashes it, so such mail keeps the id it had: the text as written when
   * files uuencoded into it were taken out (flag `uuencoded-files`); '' for opaque-signed
   * S/MIME; bare UTF-16 read big-endian where it is now read little-endian (flag
   * `charset-utf16-guessed:little-endian`).
   */
  textAsWritten: string | null;
  /**
   * The subject, senders and recipients as innsyn read them before it read them otherwise
   * (Japanese subjects in several ISO-2022-JP words, raw 8-bit header text in the body's
   * charset, Windows' charset names, Mailman's `user at example.org`), where they differ; else
   * null or absent. The item id
   * hashes these, so such mail keeps the id it had.
   */
  headersAsBefore?: {
    subject: string | null;
    from: EmailAddress[];
    to: EmailAddress[];
    cc: EmailAddress[];
  } | null;
  /** The HTML body parts, decoded and joined, line ends LF; null when the message has none. */
  html: string | null;
  /** Every non-body leaf part, attached messages included (see parse-email.ts). */
  attachments: ParsedAttachment[];
  /** Every heuristic or limit that fired, each once, e.g. `charset-fallback:windows-1252`, `limit:depth`. */
  flags: string[];
}
