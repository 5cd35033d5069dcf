import type { RawMessage } from '../model/index.js';
import { parseEmail } from '../sources/email/index.js';
import { emailToItem, type EmailOutcome } from './email-to-item.js';
import { outlookToItem } from './outlook-to-item.js';
import { oneLineLabel } from '../model/text/acting-characters.js';

/**
 * Parses and normalises one raw message. Never throws: a parser failure on hostile input is
 * a quarantine reason, not a crash of the whole ingest.
 */
export function normaliseRecord(raw: RawMessage): EmailOutcome {
  try {
    if (raw.format !== 'rfc822') return outlookToItem({ ...raw, format: raw.format });
    return emailToItem(parseEmail(raw.bytes), raw);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      reason: `the email parser failed on this message (${oneLineLabel(why)}); it is kept in quarantine`,
    };
  }
}
