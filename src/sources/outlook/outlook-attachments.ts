import type { ParsedAttachment } from '../email/index.js';
import { isTnef } from '../email/tnef-reader.js';
import { parseOutlookRecord } from './parse-outlook-record.js';

/**
 * The attachments (with their bytes) of an item's raw record when it is an Outlook item, for
 * whoever serves `/attachment/<sha256>` (which otherwise re-parses the raw as an email): a raw
 * that starts with the compound-file signature is a .msg, one that is a PST item record is
 * JSON, one with the TNEF signature a winmail.dat ingested by itself. Null for anything else,
 * and for a record that cannot be read.
 */
export function outlookAttachments(raw: Uint8Array): ParsedAttachment[] | null {
  const format = isCompoundFile(raw)
    ? 'outlook-msg'
    : isPstItem(raw)
      ? 'outlook-pst'
      : isTnef(raw)
        ? 'outlook-tnef'
        : null;
  if (format === null) return null;
  const parsed = parseOutlookRecord(format, raw);
  return 'problem' in parsed ? null : parsed.attachments;
}

function isCompoundFile(b: Uint8Array): boolean {
  return b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

function isPstItem(b: Uint8Array): boolean {
  return Buffer.from(b.subarray(0, 64)).toString('latin1').includes('"innsyn-pst-item"');
}
