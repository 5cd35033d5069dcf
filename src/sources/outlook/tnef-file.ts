import type { RawRecord } from '../../model/raw-record.js';
import { describePlace, unreadable, type Where } from '../containers/unreadable.js';
import { decodeTnef } from '../email/tnef-reader.js';

/**
 * A TNEF file given by itself (`winmail.dat`, `*.tnef`: the TNEF signature decides, not the
 * name) is one Outlook item, its bytes the file as it is (format 'outlook-tnef'; ingest reads it
 * with tnef-item.ts). Mail carries such a file as an attachment and innsyn opens it there; alone
 * it was quarantined as "binary data of a kind innsyn does not know". A stream in which not one
 * attribute can be read (a signature and nothing behind it) is an UnreadableInput saying so.
 * `bytes` is the whole file (the caller applies maxMessageBytes).
 */
export function* readTnefBytes(bytes: Uint8Array, where: Where, mtime?: Date): Generator<RawRecord> {
  const t = decodeTnef(bytes);
  const empty =
    t.message.properties.length === 0 &&
    t.attachments.length === 0 &&
    t.subject === null &&
    t.body === null &&
    t.messageClass === null;
  if (empty) {
    yield unreadable(
      where,
      0,
      bytes.length,
      `${describePlace(where)}: an Outlook TNEF file (winmail.dat) in which no message attribute can be read` +
        ` (${t.flags.join(', ') || 'no attributes'}); it is damaged or cut short: look for a complete copy` +
        ` (the mail it was attached to). Its first 64 KiB are kept`,
      bytes,
    );
    return;
  }
  yield {
    type: 'message',
    format: 'outlook-tnef',
    bytes,
    location: { path: where.path, member: where.member, offset: 0, length: bytes.length },
    ...(mtime === undefined ? {} : { mtime }),
  };
}
