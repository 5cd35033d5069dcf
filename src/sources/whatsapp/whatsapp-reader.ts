import { ownBytes } from '../../model/own-bytes.js';
import { sha256Hex } from '../../model/ids.js';
import type {
  ExportAttachment,
  ExportConversation,
  ExportIdentity,
  ExportRecord,
} from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import { describePlace, unreadable, type Where } from '../containers/unreadable.js';
import { readMemberWithin, type ExportTree } from '../export/export-tree.js';
import {
  contentTypeFor,
  dirName,
  ExportFiles,
  resolveMember,
  UNKNOWN_CONTENT_TYPE,
} from '../export/export-media.js';
import { displayText, isEncryptionNotice, placeholder, splitSender, stripEdited } from './whatsapp-body.js';
import { DateOrderEvidence, type DateOrderDecision } from './whatsapp-date-order.js';
import {
  chatName,
  isChatFileName,
  isUtf16,
  isWhatsAppText,
  WHATSAPP_HEAD_BYTES,
  whatsAppCandidates,
} from './whatsapp-detect.js';
import { wallClock, wallIso } from './whatsapp-header.js';
import { resolveWhatsAppLimits, type WhatsAppLimits } from './whatsapp-limits.js';
import { chatUnits, type Unit } from './whatsapp-units.js';

type Out = ExportRecord | UnreadableInput;
type MessageUnit = Extract<Unit, { kind: 'message' }>;

/**
 * Reads WhatsApp chat exports: the .txt members whatsAppCandidates picks that look like a chat
 * (the tree of a .zip export holds the chat and its media files; a lone .txt is wrapped in a
 * tree). When there is exactly one candidate, it is read even if it does not look like a chat
 * (its lines then come back as unreadable). Yields one ExportRecord per message, in file order, and an
 * UnreadableInput for lines that belong to no message. Never throws for bad input.
 *
 * Choices, where the format leaves them open:
 * - Times have no zone: the phone's local wall time is taken as UTC, tzOffset null, flag
 *   'date-local-no-timezone' on every item (a later --timezone option can shift them).
 * - Day/month order: decided per file (see DateOrderEvidence); undecidable → day-first and
 *   'date-ambiguous' on every item.
 * - System notices ("Alice added Bob", the encryption notice, "Missed voice call") are items
 *   of kind 'message' flagged 'system': they are evidence with a time. Their `from` is null,
 *   except an iOS notice prefixed with the name of someone who also writes messages (a call
 *   they made), which keeps that person.
 * - Media placeholders become attachments: `<attached: X>` and `X (file attached)` point at the
 *   member X beside the .txt (size and sha256 when it is there, else the flag
 *   'attachment-missing:<member>'); `<Media omitted>` and `image omitted` become attachments
 *   without a member, flag 'media-omitted'. The placeholder is removed from `text` (the raw
 *   bytes keep it); a caption stays.
 * - The conversation: nativeId and title from the file name ("WhatsApp Chat with X.txt" → "X");
 *   participants are the senders seen; 'dm' when there are exactly two. When only one person
 *   ever wrote (and no iOS group notice says otherwise), a one-way DM is far likelier than a
 *   one-person group: the chat is a 'dm' and the
 *   person in the file name is the other participant (flag 'participant-from-file-name'), or,
 *   when that is the writer, the owner is unknown (flag 'recipient-unknown').
 * - nativeId of a message: conversation | wall time | sender | sha256(text)[0..16] | n, where
 *   n counts identical keys within the file, so two equal messages in the same second stay
 *   apart and a re-read gives the same ids.
 */
export async function* readWhatsAppExport(
  tree: ExportTree,
  options?: Partial<WhatsAppLimits>,
): AsyncGenerator<Out> {
  const limits = resolveWhatsAppLimits(options);
  const files = new ExportFiles(tree, limits.maxAttachmentBytes);
  const texts = whatsAppCandidates(tree);
  let found = false;
  for (const member of texts) {
    const where: Where = { path: tree.path, member };
    const lone = texts.length === 1;
    const read = await readMemberWithin(tree, member, limits.maxTextBytes, 'maxTextBytes');
    if (!read.ok) {
      // Too large: reported for the chat file; unreadable: reported when it is the only text.
      const tooLarge = read.size > limits.maxTextBytes;
      if (lone || (tooLarge && isChatFileName(member))) {
        found = true;
        yield unreadable(where, 0, read.size, read.reason);
      }
      continue;
    }
    const { bytes } = read;
    const head = bytes.subarray(0, WHATSAPP_HEAD_BYTES);
    if (isUtf16(head)) {
      found = true;
      yield unreadable(
        where,
        0,
        bytes.length,
        `${describePlace(where)}: is UTF-16 text; WhatsApp writes UTF-8: convert it to UTF-8 and read it again`,
        bytes,
      );
      continue;
    }
    if (!isWhatsAppText(member, head) && !lone) continue;
    found = true;
    yield* readChat(tree, member, bytes, limits, files);
  }
  if (!found) {
    yield unreadable(
      { path: tree.path, member: null },
      0,
      0,
      `${tree.path}: no WhatsApp chat (.txt with "date, time - Name: text" lines) found`,
    );
  }
}

/** What the first walk over a chat learns. */
interface Survey {
  dates: DateOrderDecision;
  /** People who wrote at least one ordinary message, in order of appearance. */
  senders: Map<string, ExportIdentity>;
  /** Names that only ever prefix iOS notices: the chat's own name. */
  noticeNames: Set<string>;
  /** Such a name prefixed a notice other than the encryption notice: a group's notices. */
  groupNotices: boolean;
}

function survey(b: Uint8Array, limits: WhatsAppLimits): Survey {
  const evidence = new DateOrderEvidence();
  const senders = new Map<string, ExportIdentity>();
  /** Notice name → whether it prefixed anything but the encryption notice. */
  const notices = new Map<string, boolean>();
  for (const u of chatUnits(b, limits.maxMessageBytes)) {
    if (u.kind !== 'message') continue;
    evidence.add(u.header);
    const split = splitSender(u.rest);
    if (split.sender === null) continue;
    const text = displayText(split.text);
    if (split.marked && placeholder(text) === null) {
      notices.set(split.sender, (notices.get(split.sender) ?? false) || !isEncryptionNotice(text));
    } else if (!senders.has(split.sender)) senders.set(split.sender, identity(split.sender));
  }
  for (const name of senders.keys()) notices.delete(name);
  return {
    dates: evidence.decide(),
    senders,
    noticeNames: new Set(notices.keys()),
    groupNotices: [...notices.values()].some((other) => other),
  };
}

function identity(name: string): ExportIdentity {
  return { platform: 'whatsapp', address: name, handle: null, name };
}

async function* readChat(
  tree: ExportTree,
  member: string,
  b: Uint8Array,
  limits: WhatsAppLimits,
  files: ExportFiles,
): AsyncGenerator<Out> {
  const where: Where = { path: tree.path, member };
  const s = survey(b, limits);
  const name = chatName(member, tree.path);
  // An iOS group names itself on its notices: the title when the file name does not give one.
  const title = name.title ?? (s.noticeNames.size === 1 ? ([...s.noticeNames][0] ?? null) : null);
  const participants = new Map(s.senders);
  const chatFlags: string[] = [];
  let type: ExportConversation['type'] = participants.size === 2 ? 'dm' : 'group';
  // One writer and a name in the file name: a DM nobody answered, unless iOS group notices
  // (someone created the group, added people) show it is a group.
  if (participants.size === 1 && name.title !== null && !s.groupNotices) {
    type = 'dm';
    if (participants.has(name.title)) chatFlags.push('recipient-unknown');
    else {
      participants.set(name.title, identity(name.title));
      chatFlags.push('participant-from-file-name');
    }
  }
  const conversation: ExportConversation = {
    nativeId: name.nativeId,
    type,
    title,
    participants: [...participants.values()],
  };
  const ctx: ChatCtx = {
    tree,
    member,
    b,
    limits,
    files,
    where,
    s,
    conversation,
    participants,
    chatFlags,
    seen: new Map(),
    recipients: new Map(),
  };
  for (const u of chatUnits(b, limits.maxMessageBytes)) {
    if (u.kind === 'message') {
      yield await messageRecord(ctx, u);
      continue;
    }
    const lines = u.firstLine === u.lastLine ? `line ${u.firstLine}` : `lines ${u.firstLine}–${u.lastLine}`;
    const reason =
      u.why === 'before-first'
        ? `${describePlace(where, u.start)}, ${lines}: no WhatsApp message starts here (no "date, time - Name:" ` +
          'header) and no message came before to continue; if these lines were pasted in front of the export, ' +
          'they are kept only here'
        : `${describePlace(where, u.start)}, ${lines}: continue the message of line ${u.ofLine} past the limit ` +
          `maxMessageBytes (${limits.maxMessageBytes}); the message was kept without them. Raise the limit if the ` +
          'message really is that long';
    yield unreadable(where, u.start, u.end - u.start, reason, b.subarray(u.start, u.end));
  }
}

interface ChatCtx {
  tree: ExportTree;
  member: string;
  b: Uint8Array;
  limits: WhatsAppLimits;
  files: ExportFiles;
  where: Where;
  s: Survey;
  conversation: ExportConversation;
  participants: Map<string, ExportIdentity>;
  chatFlags: string[];
  /** Occurrences of each nativeId key so far. */
  seen: Map<string, number>;
  /** The `to` list of each sender. */
  recipients: Map<string, ExportIdentity[]>;
}

/** Everyone in the conversation but `from`, computed once per sender. */
function recipientsOf(ctx: ChatCtx, from: ExportIdentity): ExportIdentity[] {
  let others = ctx.recipients.get(from.address);
  if (others === undefined) {
    others = [...ctx.participants.values()].filter((p) => p.address !== from.address);
    ctx.recipients.set(from.address, others);
  }
  return others;
}

async function messageRecord(ctx: ChatCtx, u: MessageUnit): Promise<ExportRecord> {
  const flags = [...ctx.chatFlags];
  const h = u.header;
  const wall = wallClock(h, ctx.s.dates.order);
  if (wall === null) flags.push('date-invalid');
  else {
    flags.push('date-local-no-timezone');
    if (!h.yearFirst) flags.push(...ctx.s.dates.flags);
  }
  if (u.utf8Repaired) flags.push('utf8-repaired');

  const split = splitSender(u.rest);
  const raw = [split.text, ...u.more].join('\n').replace(/\n+$/, '');
  const edited = stripEdited(displayText(raw));
  if (edited.edited) flags.push('edited');
  let text = edited.text;
  const ph = placeholder(text);

  let from: ExportIdentity | null = null;
  if (split.sender === null) flags.push('system');
  else if (split.marked && ph === null) {
    flags.push('system');
    const writer = ctx.participants.get(split.sender);
    if (writer !== undefined && ctx.s.senders.has(split.sender) && !isEncryptionNotice(text)) from = writer;
  } else from = ctx.participants.get(split.sender) ?? identity(split.sender);

  const attachments: ExportAttachment[] = [];
  if (ph?.kind === 'attached') {
    const target = resolveMember(dirName(ctx.member), ph.name);
    if (ph.certain || (target !== null && ctx.tree.size(target) !== null)) {
      const a = await ctx.files.attachment(target, ph.name, contentTypeFor(ph.name));
      attachments.push(a.attachment);
      flags.push(...a.flags);
      if (target === null) flags.push(`attachment-path-rejected:${ph.name}`);
      text = ph.caption;
    }
  } else if (ph?.kind === 'omitted') {
    attachments.push({
      name: ph.name,
      contentType: ph.contentType ?? (ph.name === null ? UNKNOWN_CONTENT_TYPE : contentTypeFor(ph.name)),
      member: null,
      size: null,
      sha256: null,
    });
    flags.push('media-omitted');
    text = ph.caption;
  } else if (ph?.kind === 'deleted') {
    flags.push('deleted');
    text = '';
  }

  const key = [
    ctx.conversation.nativeId,
    wall === null ? h.raw : wallIso(wall),
    split.sender ?? '',
    sha256Hex(raw).slice(0, 16),
  ].join('|');
  const n = (ctx.seen.get(key) ?? 0) + 1;
  ctx.seen.set(key, n);

  let to: ExportIdentity[] = [];
  if (from !== null) {
    const others = recipientsOf(ctx, from);
    if (others.length > ctx.limits.maxRecipients) flags.push('limit:to');
    else to = others.slice();
  }

  return {
    type: 'export',
    draft: {
      nativeId: `${key}|${n}`,
      kind: 'message',
      platform: 'whatsapp',
      visibility: 'private',
      sentAt: wall === null ? null : `${wallIso(wall)}.000Z`,
      tzOffset: null,
      dateSource: wall === null ? 'unknown' : 'export',
      from,
      to,
      text,
      links: [],
      mentions: [],
      attachments,
      conversation: ctx.conversation,
      replyToNativeId: null,
      flags,
    },
    bytes: ownBytes(ctx.b, u.start, u.end),
    location: { path: ctx.where.path, member: ctx.where.member, offset: u.start, length: u.end - u.start },
  };
}
