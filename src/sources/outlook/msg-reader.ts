import type { FieldsData } from '@kenjiuno/msgreader';
import type { RawRecord } from '../../model/raw-record.js';
import { nestMember } from '../containers/archive-budget.js';
import { describePlace, unreadable, type Where } from '../containers/unreadable.js';
import { ATTACH_OLE } from './msg-item.js';
import { openMsg } from './msg-open.js';
import { MAX_EMBEDDED_DEPTH } from './outlook-limits.js';

/**
 * The records of one Outlook .msg: the message itself, its bytes as they are (format
 * 'outlook-msg'; ingest parses it, see parse-outlook-record.ts), then every message attached to
 * it, depth first, each re-packed as a .msg of its own (msgreader's burner copies the attachment's
 * storage into a new compound file) and named by where it sits: member `attachment 2` (counting
 * from 1; `attachment 2!/attachment 1` one level further down, after the file's own member when
 * the .msg was inside an archive). A file that cannot be read safely is one UnreadableInput.
 * `bytes` is the whole file (the caller applies maxMessageBytes).
 */
export function* readMsgBytes(bytes: Uint8Array, where: Where, mtime?: Date): Generator<RawRecord> {
  const at = describePlace(where);
  const opened = openMsg(bytes);
  if ('problem' in opened) {
    yield unreadable(
      where,
      0,
      bytes.length,
      `${at}: not a readable Outlook .msg file: ${opened.problem}; its first 64 KiB are kept`,
      bytes,
    );
    return;
  }
  yield {
    type: 'message',
    format: 'outlook-msg',
    bytes,
    location: { path: where.path, member: where.member, offset: 0, length: bytes.length },
    ...(mtime === undefined ? {} : { mtime }),
  };

  // Attached messages, depth first in order, through an explicit stack (no recursion on user data).
  const stack: Array<{ list: FieldsData[]; i: number; member: string | null; depth: number }> = [
    { list: opened.data.attachments ?? [], i: 0, member: where.member, depth: 1 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as (typeof stack)[number];
    const a = frame.list[frame.i++];
    if (a === undefined) {
      stack.pop();
      continue;
    }
    if (
      a.innerMsgContent !== true ||
      a.rawProps?.some((p) => p.propertyTag === '37050003' && (p.value as unknown) === ATTACH_OLE)
    )
      continue;
    const member = nestMember(frame.member, `attachment ${frame.i}`);
    const place: Where = { path: where.path, member };
    if (frame.depth > MAX_EMBEDDED_DEPTH) {
      yield unreadable(
        place,
        0,
        0,
        `${describePlace(place)}: message attached ${frame.depth} levels deep, more than the limit of ` +
          `${MAX_EMBEDDED_DEPTH} (MAX_EMBEDDED_DEPTH, against files of messages nested without end); ` +
          'it stays an attachment of the message around it',
      );
      continue;
    }
    let inner: Uint8Array;
    try {
      inner = opened.reader.getAttachment(a).content;
    } catch (e) {
      yield unreadable(
        place,
        0,
        0,
        `${describePlace(place)}: the attached message could not be copied out of the .msg ` +
          `(${e instanceof Error ? e.message : String(e)})`,
      );
      continue;
    }
    yield {
      type: 'message',
      format: 'outlook-msg',
      bytes: inner,
      location: { path: where.path, member, offset: 0, length: inner.length },
      // Its bytes are already counted in the file's: no further progress.
      progressBytes: 0,
      ...(mtime === undefined ? {} : { mtime }),
    };
    if (a.innerMsgContentFields?.attachments?.length)
      stack.push({ list: a.innerMsgContentFields.attachments, i: 0, member, depth: frame.depth + 1 });
  }
}
