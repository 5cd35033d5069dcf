import { InnsynError } from '../../model/errors.js';

/**
 * Safety limits of the WhatsApp reader. A chat export is hostile input; each limit names what
 * it stops. None of them ends the run: what trips one becomes an UnreadableInput or a flag
 * (`limit:<name>`) on the record.
 */
export interface WhatsAppLimits {
  /**
   * Largest chat .txt read. The tree hands the file over whole and it is walked twice (once to
   * decide the date order and who takes part), so this bounds the reader's memory. Bigger →
   * one UnreadableInput naming the limit.
   */
  maxTextBytes: number;
  /**
   * Largest single message (its header line and continuation lines). WhatsApp caps a message
   * at 65 536 characters; a text file without headers would otherwise become one giant
   * "message". Continuation lines past the limit become an UnreadableInput.
   */
  maxMessageBytes: number;
  /**
   * Most recipients listed in one message's `to` (WhatsApp groups reach 1024 members): each is
   * a row of the store, words in the index and a pair for the patterns on every message
   * (telegram-limits.ts). Bigger → `to: []` and the flag `limit:to`, as a Slack channel's;
   * the conversation still lists every participant.
   */
  maxRecipients: number;
  /** Largest media file read to hash it; bigger keeps its size, `sha256: null`, flag `limit:attachment-bytes`. */
  maxAttachmentBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_WHATSAPP_LIMITS: Readonly<WhatsAppLimits> = Object.freeze({
  maxTextBytes: 1024 * MiB,
  maxMessageBytes: 1 * MiB,
  maxRecipients: 100,
  maxAttachmentBytes: 512 * MiB,
});

/** The defaults overridden by `options`; each given value must be a positive safe integer. */
export function resolveWhatsAppLimits(options: Partial<WhatsAppLimits> | undefined): WhatsAppLimits {
  const limits: WhatsAppLimits = { ...DEFAULT_WHATSAPP_LIMITS };
  if (!options) return limits;
  for (const key of Object.keys(DEFAULT_WHATSAPP_LIMITS) as Array<keyof WhatsAppLimits>) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new InnsynError('usage', `whatsapp limit ${key} must be a positive integer, got ${String(v)}`);
    }
    limits[key] = v;
  }
  return limits;
}
