import type { RawRecord } from '../../model/raw-record.js';
import { describePlace, unreadable, type Where } from './unreadable.js';

/**
 * One whole file (or archive member) that is one message: .eml, a Maildir file, an Apple
 * Mail .emlx. `bytes` are the first bytes of the content (all of them when `total` is within
 * `maxMessageBytes`), `total` the full size.
 */
export function singleMessage(
  bytes: Uint8Array,
  total: number,
  where: Where,
  maxMessageBytes: number,
  extra: { emlx?: boolean; maildirFlags?: string; mtime?: Date } = {},
): RawRecord {
  const at = describePlace(where);
  if (total === 0) return unreadable(where, 0, 0, `${at}: empty file`);
  if (total > maxMessageBytes) {
    return unreadable(
      where,
      0,
      total,
      `${at}: message of ${total} bytes is larger than the ${maxMessageBytes}-byte limit (maxMessageBytes); ` +
        'its first 64 KiB are kept; raise the limit to read it',
      bytes,
    );
  }
  let offset = 0;
  let length = total;
  if (extra.emlx === true) {
    // .emlx: "<byte count>\n", the message, then an XML property list. The count is trusted
    // only when it fits in the file; otherwise everything after the first line is taken.
    const nl = bytes.indexOf(0x0a);
    const count = Number.parseInt(Buffer.from(bytes.subarray(0, nl)).toString('latin1'), 10);
    offset = nl + 1;
    length = Number.isSafeInteger(count) && count >= 0 && count <= total - offset ? count : total - offset;
    if (length === 0) return unreadable(where, 0, total, `${at}: .emlx file holding an empty message`, bytes);
  }
  return {
    type: 'message',
    format: 'rfc822',
    bytes:
      offset === 0 && length === bytes.length
        ? bytes
        : new Uint8Array(bytes.subarray(offset, offset + length)),
    location: { path: where.path, member: where.member, offset, length },
    ...(extra.maildirFlags === undefined ? {} : { maildirFlags: extra.maildirFlags }),
    ...(extra.mtime === undefined ? {} : { mtime: extra.mtime }),
  };
}
