import { InnsynError } from '../../model/errors.js';

/**
 * Safety limits of the Telegram reader. A leaked result.json is hostile input; each limit names
 * what it stops. None of them ends the run: what trips one becomes an UnreadableInput or a
 * flag (`limit:<name>`) on the record.
 */
export interface TelegramLimits {
  /**
   * Largest result.json read. The whole member is held in memory (the tree hands it over in one
   * piece) and cut into message slices, so this bounds the reader's memory. Bigger → one
   * UnreadableInput naming the limit.
   */
  maxJsonBytes: number;
  /**
   * Largest single message slice parsed. Telegram caps a message at 4096 characters of text
   * plus entities (a few KiB of JSON); a multi-megabyte "message" is an attack on JSON.parse.
   * Bigger → UnreadableInput with its first 64 KiB kept.
   */
  maxMessageBytes: number;
  /** Deepest bracket nesting scanned. Real messages nest 4 deep; stops stack-exhaustion bombs. */
  maxJsonDepth: number;
  /**
   * Most recipients listed in one message's `to`. Each is a row of the store, words in the
   * index, and a pair for the patterns, on every message: a group of 900 members made a 14 MB
   * export of 30,000 messages a 1.9 GB case that took 12 minutes (a supergroup can have
   * 200,000). A message of a bigger group gets `to: []` and the flag `limit:to`, as a Slack
   * channel's do; the conversation still lists every participant seen.
   */
  maxRecipients: number;
  /**
   * Largest media file read to compute its sha256 (the tree hands a file over whole). Bigger
   * files keep their size, get `sha256: null` and the flag `limit:attachment-bytes`.
   */
  maxAttachmentBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_TELEGRAM_LIMITS: Readonly<TelegramLimits> = Object.freeze({
  maxJsonBytes: 2048 * MiB,
  maxMessageBytes: 4 * MiB,
  maxJsonDepth: 64,
  maxRecipients: 100,
  maxAttachmentBytes: 512 * MiB,
});

/** The defaults overridden by `options`; each given value must be a positive safe integer. */
export function resolveTelegramLimits(options: Partial<TelegramLimits> | undefined): TelegramLimits {
  const limits: TelegramLimits = { ...DEFAULT_TELEGRAM_LIMITS };
  if (!options) return limits;
  for (const key of Object.keys(DEFAULT_TELEGRAM_LIMITS) as Array<keyof TelegramLimits>) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new InnsynError('usage', `telegram limit ${key} must be a positive integer, got ${String(v)}`);
    }
    limits[key] = v;
  }
  return limits;
}
