import type { RawMessage } from '../model/index.js';
import { contentId } from '../model/index.js';
// Not the folder's index: the parser threads need the parser, not the PST reader.
import { parseOutlookRecord } from '../sources/outlook/parse-outlook-record.js';
import { emailToItem, type EmailOutcome } from './email-to-item.js';

/**
 * Turns the raw record of an Outlook item (a .msg, or a PST item's JSON) into the record of
 * DESIGN.md, through the same emailToItem as mail: a message read from a .msg or a PST gets the
 * id its copy from a mailbox gets (see src/sources/outlook/outlook-to-parsed.ts for when they
 * agree). What only Outlook knows is applied after it: the kind and platform of calendar items,
 * contacts and tasks (whose id adds the kind, so an appointment never collides with a mail), and
 * dates taken from Outlook's properties, which are UTC instants without an offset of their own.
 */
export function outlookToItem(
  raw: RawMessage & { format: 'outlook-msg' | 'outlook-pst' | 'outlook-tnef' },
): EmailOutcome {
  const parsed = parseOutlookRecord(raw.format, raw.bytes);
  if ('problem' in parsed) return { ok: false, reason: `${parsed.problem}; it is kept in quarantine` };
  const outcome = emailToItem(parsed, raw);
  if (!outcome.ok) return outcome;
  const o = parsed.outlook;
  const item = { ...outcome.item, kind: o.kind, platform: o.platform };
  // A sender the mail names without an address: the one its properties hold (an Exchange
  // address), else the name. The item shows and searches it; the id, made from the From as the
  // mail writes it, stays the one it had.
  const f = o.fromWithoutAddress;
  if (f !== null) {
    item.from = { platform: 'email', address: f.address.toLowerCase(), name: f.name };
    item.flags = [...item.flags, f.flag];
  }
  if (o.kind !== 'email') item.id = contentId([o.kind, outcome.item.id]);
  if (parsed.date !== null) {
    item.dateSource = o.dateSource;
    if (!o.offsetKnown) item.tzOffset = null;
  }
  return { ok: true, item };
}
