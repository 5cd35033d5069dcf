import { ownBytes } from '../../model/own-bytes.js';
import type { ExportIdentity, ExportRecord } from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import { describePlace, unreadable, type Where } from '../containers/unreadable.js';
import { readMemberWithin, type ExportTree } from '../export/export-tree.js';
import { dirName, ExportFiles } from '../export/export-media.js';
import { JsonElements, type BrokenElement } from '../export/json-elements.js';
import { parseJsonSlice } from './parse-json-slice.js';
import { chatShape, ownerIdentity } from './telegram-chat.js';
import { isTelegramJson, telegramCandidates, TELEGRAM_HEAD_BYTES } from './telegram-detect.js';
import { resolveTelegramLimits, type TelegramLimits } from './telegram-limits.js';
import { telegramDraft, type ChatContext } from './telegram-message.js';
import { chatParticipants, surveyChat, type Fatal, type StructEnd } from './telegram-survey.js';

type Out = ExportRecord | UnreadableInput;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/** Everything one result.json's reading shares. */
interface FileCtx {
  b: Uint8Array;
  /** The scanner over `b`: raw control characters in strings are damage, which resynchronising needs. */
  json: JsonElements;
  where: Where;
  limits: TelegramLimits;
  files: ExportFiles;
  baseDir: string;
  /** The account owner, from personal_information (whole-account exports only). */
  owner: ExportIdentity | null;
}

/**
 * Reads a Telegram Desktop JSON export: every result.json in the tree (a folder or zip of one
 * export, or several), or any other .json member that is one (a single file wrapped in a tree).
 * Yields one ExportRecord per element of every `messages` array, in file order, and an
 * UnreadableInput for every element or region that cannot be read, so that for each chat
 * records + unreadable elements = the elements in the file. Never throws for bad input.
 *
 * Memory: the member's bytes (the tree hands them over whole) plus, per chat, the people seen;
 * messages are cut out of the bytes one at a time and parsed alone. Each chat is walked twice:
 * first to learn its participants (a group's `to` lists them), then to yield.
 */
export async function* readTelegramExport(
  tree: ExportTree,
  options?: Partial<TelegramLimits>,
): AsyncGenerator<Out> {
  const limits = resolveTelegramLimits(options);
  const files = new ExportFiles(tree, limits.maxAttachmentBytes);
  let found = false;
  for (const member of telegramCandidates(tree)) {
    const where: Where = { path: tree.path, member };
    const named = member === 'result.json' || member.endsWith('/result.json');
    const read = await readMemberWithin(tree, member, limits.maxJsonBytes, 'maxJsonBytes');
    if (!read.ok) {
      if (named) {
        found = true;
        yield unreadable(where, 0, read.size, read.reason);
      }
      continue;
    }
    const { bytes } = read;
    if (!isTelegramJson(member, bytes.subarray(0, TELEGRAM_HEAD_BYTES))) {
      if (named) {
        found = true;
        yield unreadable(
          where,
          0,
          bytes.length,
          `${describePlace(where)}: is not a Telegram Desktop JSON export (no chat or account object at its start); ` +
            'check that it is the result.json written by Telegram Desktop with format JSON',
          bytes,
        );
      }
      continue;
    }
    found = true;
    const json = new JsonElements(bytes, {
      maxDepth: limits.maxJsonDepth,
      depthLimitName: 'maxJsonDepth',
      controlCharacters: 'reject',
    });
    yield* readResultJson({ b: bytes, json, where, limits, files, baseDir: dirName(member), owner: null });
  }
  if (!found) {
    const html = tree.list().some((m) => m === 'messages.html' || m.endsWith('/messages.html'));
    yield unreadable(
      { path: tree.path, member: null },
      0,
      0,
      `${tree.path}: no Telegram JSON export (result.json) found` +
        (html
          ? '; this is an HTML export (messages.html): export the chat again from Telegram Desktop with format "Machine-readable JSON"'
          : ''),
    );
  }
}

async function* readResultJson(ctx: FileCtx): AsyncGenerator<Out> {
  const { b, json } = ctx;
  const start = json.start();
  if (b[start] !== OPEN_BRACE) {
    yield unreadable(
      ctx.where,
      0,
      b.length,
      `${describePlace(ctx.where)}: does not start with a JSON object; nothing was read`,
      b,
    );
    return;
  }
  const first = json.nextMember(start + 1, true);
  let result: StructEnd;
  if (first.ok && first.kind === 'member' && first.key === 'about') {
    result = yield* readAccount(ctx, start);
  } else {
    result = yield* readChat(ctx, start, 'the chat', true);
  }
  if ('fatal' in result) {
    yield restUnreadable(
      ctx,
      result.fatal,
      b.length,
      '',
      'everything from there to the end of the file was not read',
    );
    return;
  }
  const tail = json.skipSpace(result.end);
  if (tail < b.length) {
    yield unreadable(
      ctx.where,
      tail,
      b.length - tail,
      `${describePlace(ctx.where, tail)}: ${b.length - tail} bytes after the end of the JSON were not read`,
      b.subarray(tail),
    );
  }
}

/** The UnreadableInput for damage that ended a structure, covering [fatal.from, end). */
function restUnreadable(
  ctx: FileCtx,
  fatal: Fatal,
  end: number,
  label: string,
  what: string,
): UnreadableInput {
  const at = describePlace(ctx.where, fatal.from);
  return unreadable(
    ctx.where,
    fatal.from,
    end - fatal.from,
    `${at}${label === '' ? '' : `, ${label}`}: the JSON is broken at byte ${fatal.offset} (${fatal.message}); ${what}. ` +
      'The file is cut short or damaged there: get a complete copy or export again',
    ctx.b.subarray(fatal.from, end),
  );
}

/** A whole-account export: `personal_information` (the owner), then `chats` and `left_chats`. */
async function* readAccount(ctx: FileCtx, open: number): AsyncGenerator<Out, StructEnd> {
  const { b, json } = ctx;
  let pos = open + 1;
  for (let first = true; ; first = false) {
    const entryAt = pos;
    const step = json.nextMember(pos, first);
    if (!step.ok) return { fatal: { from: entryAt, offset: step.at, message: step.problem } };
    if (step.kind === 'end') return { end: step.end };
    const v = step.valueStart;
    if ((step.key === 'chats' || step.key === 'left_chats') && b[v] === OPEN_BRACE) {
      const r = yield* readChatSection(ctx, v, step.key);
      if ('fatal' in r) return r;
      pos = r.end;
      continue;
    }
    const value = json.valueEnd(v);
    if (!value.ok) return { fatal: { from: entryAt, offset: value.at, message: value.problem } };
    const end = value.end;
    if (step.key === 'personal_information') {
      const parsed = parseJsonSlice(b, v, end, ctx.limits.maxMessageBytes);
      ctx.owner = parsed.ok ? ownerIdentity(parsed.value) : null;
    } else if (step.key === 'chats' || step.key === 'left_chats') {
      yield unreadable(
        ctx.where,
        v,
        end - v,
        `${describePlace(ctx.where, v)}: "${step.key}" is not an object with a "list" of chats; nothing in it was read`,
        b.subarray(v, end),
      );
    }
    pos = end;
  }
}

/** `chats` or `left_chats`: `{about, list: [chat, …]}`. */
async function* readChatSection(ctx: FileCtx, open: number, section: string): AsyncGenerator<Out, StructEnd> {
  const { b, json } = ctx;
  let pos = open + 1;
  for (let first = true; ; first = false) {
    const entryAt = pos;
    const step = json.nextMember(pos, first);
    if (!step.ok) return { fatal: { from: entryAt, offset: step.at, message: step.problem } };
    if (step.kind === 'end') return { end: step.end };
    const v = step.valueStart;
    if (step.key === 'list' && b[v] === OPEN_BRACKET) {
      const r = yield* readChatList(ctx, v, section);
      if ('fatal' in r) return r;
      pos = r.end;
      continue;
    }
    const value = json.valueEnd(v);
    if (!value.ok) return { fatal: { from: entryAt, offset: value.at, message: value.problem } };
    if (step.key === 'list') {
      yield unreadable(
        ctx.where,
        v,
        value.end - v,
        `${describePlace(ctx.where, v)}: ${section}.list is not an array; nothing in it was read`,
        b.subarray(v, value.end),
      );
    }
    pos = value.end;
  }
}

/**
 * The chats of a list, one after the other. Damage that ends one chat is reported and the
 * reading resumes at the next chat when the list is pretty-printed (ArrayWalkOptions.resync).
 */
async function* readChatList(ctx: FileCtx, open: number, section: string): AsyncGenerator<Out, StructEnd> {
  const { b, json } = ctx;
  const walk = json.walk(open, { resync: true });
  for (;;) {
    const step = walk.next();
    if (step.kind === 'close') return { end: step.end };
    let fatal: Fatal;
    let broken: BrokenElement;
    if (step.kind === 'broken') {
      fatal = { from: step.start, offset: step.at, message: step.problem };
      broken = step;
    } else {
      const pos = step.start;
      const label = `${section}.list[${step.index}]`;
      if (b[pos] === OPEN_BRACE) {
        const r = yield* readChat(ctx, pos, label, section === 'chats');
        if ('end' in r) {
          walk.ended(r.end);
          continue;
        }
        fatal = r.fatal;
      } else {
        const value = json.valueEnd(pos);
        if (value.ok) {
          yield unreadable(
            ctx.where,
            pos,
            value.end - pos,
            `${describePlace(ctx.where, pos)}, ${label}: the chat is not an object; it was skipped`,
            b.subarray(pos, value.end),
          );
          walk.ended(value.end);
          continue;
        }
        fatal = { from: pos, offset: value.at, message: value.problem };
      }
      broken = walk.failed({ ok: false, at: fatal.offset, problem: fatal.message }, fatal.from);
    }
    if (!broken.resumed) return { fatal };
    yield restUnreadable(ctx, fatal, broken.end, `${section}.list`, `reading went on at byte ${broken.end}`);
  }
}

/**
 * One chat: surveyed, then its messages yielded. A chat without a usable id is one
 * UnreadableInput (its messages could not be given ids); damage that ends the chat is returned
 * for the caller to report, after the messages before it have been yielded.
 */
async function* readChat(
  ctx: FileCtx,
  open: number,
  where: string,
  isMember: boolean,
): AsyncGenerator<Out, StructEnd> {
  const { b, json, limits } = ctx;
  const s = surveyChat(json, open, limits);
  const idOk =
    (typeof s.id === 'number' && Number.isSafeInteger(s.id)) ||
    (typeof s.id === 'string' && /^-?\d{1,20}$/.test(s.id));
  const nameText = typeof s.name === 'string' ? `"${s.name}"` : 'unnamed';
  const label = `${where} ${nameText} (id ${idOk ? String(s.id as number | string) : '?'})`;
  if (!idOk) {
    if ('fatal' in s.result) return { fatal: { ...s.result.fatal, from: open } };
    const end = s.result.end;
    yield unreadable(
      ctx.where,
      open,
      end - open,
      `${describePlace(ctx.where, open)}, ${label}: the chat has no numeric "id", so its ${s.elements} messages ` +
        "cannot be told apart from other chats' and none was read; check that this is an unmodified Telegram export",
      b.subarray(open, end),
    );
    return s.result;
  }
  const chatId = String(s.id as number | string);
  const shape = chatShape(s.type);
  if (s.name !== undefined && s.name !== null && typeof s.name !== 'string')
    shape.flags.push('chat-name-malformed');
  const title = typeof s.name === 'string' && s.name !== '' ? s.name : null;
  const participants = chatParticipants(s, shape, chatId, title, ctx.owner, isMember);
  const chat: ChatContext = {
    chatId,
    shape,
    conversation: {
      nativeId: chatId,
      type: shape.conversationType,
      title,
      participants: [...participants.values()],
    },
    participants,
    recipients: new Map(),
    maxRecipients: limits.maxRecipients,
    baseDir: ctx.baseDir,
  };

  if (s.messagesBad !== null) {
    const { start, end } = s.messagesBad;
    yield unreadable(
      ctx.where,
      start,
      end - start,
      `${describePlace(ctx.where, start)}, ${label}: "messages" is not an array; no message of this chat was read`,
      b.subarray(start, end),
    );
  }
  if (s.messagesAt !== null) {
    for (const ev of json.elements(s.messagesAt, { resync: true })) {
      if (ev.kind === 'element') yield await messageRecord(ctx, chat, label, ev.index, ev.start, ev.end);
      else if (ev.kind === 'broken' && ev.resumed) {
        yield unreadable(
          ctx.where,
          ev.start,
          ev.end - ev.start,
          `${describePlace(ctx.where, ev.start)}, ${label}, message index ${ev.index}: the JSON is broken at byte ` +
            `${ev.at} (${ev.problem}); this message was skipped and reading went on at byte ${ev.end}`,
          b.subarray(ev.start, ev.end),
        );
      }
      // An unresumed break ends the walk; the survey found the same and readChat reports it.
    }
  }
  if ('fatal' in s.result) {
    const f = s.result.fatal;
    const inside = f.index === undefined ? label : `${label}, message index ${f.index}`;
    return { fatal: { ...f, message: `${f.message}, in ${inside}` } };
  }
  return s.result;
}

async function messageRecord(
  ctx: FileCtx,
  chat: ChatContext,
  label: string,
  index: number,
  start: number,
  end: number,
): Promise<Out> {
  const { b, where } = ctx;
  const place = `${describePlace(where, start)}, ${label}, message index ${index}`;
  const parsed = parseJsonSlice(b, start, end, ctx.limits.maxMessageBytes);
  if (!parsed.ok) {
    return unreadable(
      where,
      start,
      end - start,
      `${place}: ${parsed.error}; this message was skipped`,
      b.subarray(start, end),
    );
  }
  const r = telegramDraft(parsed.value, chat);
  if (!r.ok) {
    return unreadable(
      where,
      start,
      end - start,
      `${place}: ${r.reason}; this message was skipped`,
      b.subarray(start, end),
    );
  }
  const draft = r.draft;
  draft.flags.push(...parsed.flags);
  for (const ref of r.media) {
    const { attachment, flags } = await ctx.files.attachment(ref.member, ref.name, ref.contentType);
    draft.attachments.push(attachment);
    draft.flags.push(...ref.flags, ...flags);
  }
  return {
    type: 'export',
    draft,
    bytes: ownBytes(b, start, end),
    location: { path: where.path, member: where.member, offset: start, length: end - start },
  };
}
