import { InnsynError } from '../../model/index.js';

/**
 * The safety limits of the email parser. Each stops one way a hostile message could make a
 * parse take unbounded time or memory; when one trips, the message is still returned, with
 * what was read so far, and flagged `limit:<name>`.
 */
export interface EmailLimits {
  /**
   * Deepest nesting of multipart and message/rfc822 parts that is opened (the top level is 0).
   * Stops a "matryoshka" message of thousands of nested parts, where each level costs a scan of
   * everything inside it. Deeper parts are kept whole as one attachment. Flag `limit:depth`.
   */
  maxDepth: number;
  /** Most MIME parts in one message, nested ones included. Stops a body of a million empty parts. Flag `limit:parts`. */
  maxParts: number;
  /** Most bytes of one header block. Stops a header of hundreds of megabytes being decoded. Flag `limit:header-bytes`. */
  maxHeaderBytes: number;
  /** Most fields kept from one header block. Stops millions of tiny fields filling memory. Flag `limit:headers`. */
  maxHeaders: number;
}

export const DEFAULT_EMAIL_LIMITS: Readonly<EmailLimits> = Object.freeze({
  maxDepth: 32,
  maxParts: 2000,
  maxHeaderBytes: 1024 * 1024,
  maxHeaders: 5000,
});

/** The defaults overridden by `options`; each given value must be a positive safe integer. */
export function resolveEmailLimits(options: Partial<EmailLimits> | undefined): EmailLimits {
  const limits: EmailLimits = { ...DEFAULT_EMAIL_LIMITS };
  if (!options) return limits;
  for (const key of Object.keys(DEFAULT_EMAIL_LIMITS) as Array<keyof EmailLimits>) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new InnsynError('usage', `email limit ${key} must be a positive integer, got ${String(v)}`);
    }
    limits[key] = v;
  }
  return limits;
}
