import { parseEmail, type ParsedAttachment } from './email/index.js';
import { outlookAttachments } from './outlook/outlook-attachments.js';

/**
 * The attachments of a stored item, cut again from its raw bytes (the evidence; parts are not
 * stored apart): a `.msg` file or a PST item as innsyn read it (outlook/), else an email. The
 * same answer the readers gave when the item was stored, so the hashes match.
 */
export function rawAttachments(raw: Uint8Array): ParsedAttachment[] {
  return outlookAttachments(raw) ?? parseEmail(raw).attachments;
}
