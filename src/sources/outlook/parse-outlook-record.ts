import { msgToOutlookItem } from './msg-item.js';
import { openMsg } from './msg-open.js';
import { outlookToParsed, type ParsedOutlook } from './outlook-to-parsed.js';
import { decodePstItem } from './pst-item-json.js';
import { isTnef } from '../email/tnef-reader.js';
import { tnefToOutlookItem } from './tnef-item.js';

/**
 * Parses the raw record of an Outlook item, as ingest does on its worker threads: a .msg
 * ('outlook-msg', a file or an attached message re-packed), a PST item ('outlook-pst', the
 * JSON pst-reader.ts wrote) or a TNEF file ('outlook-tnef', a winmail.dat given by itself).
 * Never throws: what cannot be read is a problem in words, for the quarantine reason.
 */
export function parseOutlookRecord(
  format: 'outlook-msg' | 'outlook-pst' | 'outlook-tnef',
  bytes: Uint8Array,
): ParsedOutlook | { problem: string } {
  try {
    if (format === 'outlook-pst') return outlookToParsed(decodePstItem(bytes));
    if (format === 'outlook-tnef') {
      if (!isTnef(bytes)) return { problem: 'not an Outlook TNEF file (no TNEF signature)' };
      return outlookToParsed(tnefToOutlookItem(bytes));
    }
    const opened = openMsg(bytes);
    if ('problem' in opened) return { problem: `not a readable Outlook .msg: ${opened.problem}` };
    return outlookToParsed(msgToOutlookItem(opened));
  } catch (e) {
    return {
      problem: `the Outlook ${{ 'outlook-pst': 'PST item', 'outlook-msg': '.msg', 'outlook-tnef': 'TNEF file' }[format]} could not be read (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}
