import { ownBytes } from '../../model/own-bytes.js';
import type { ExportRecord, ItemDraft } from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import { errorText, unreadable } from '../containers/unreadable.js';
import type { ExportTree } from '../export/export-tree.js';
import { JsonElements, parseJsonSlice, type ArrayEvent, type ObjectMember } from '../export/json-elements.js';
import {
  learnGroupEvent,
  legacyPairId,
  messageEventBody,
  messageEventKind,
  pairOf,
  readMessageCreate,
  readMessageEvent,
  type ConversationInfo,
  type MessageReading,
} from './dm-draft.js';
import { findAssignment, trailingBytes, ytdName } from './js-assignment.js';
import { asArray, asObject, idField, jsonKind, str } from './json-values.js';
import { NoteTweets, readNoteTweet } from './note-tweets.js';
import { readTweet, type TweetContext } from './tweet-draft.js';
import { XIdentities } from './x-identities.js';
import { expectedYtdName, findXLayout, type XFile, type XFileRole, type XLayout } from './x-layout.js';
import { checkManifest } from './x-manifest-check.js';
import { resolveXArchiveLimits, type XArchiveLimits } from './x-limits.js';
import { parseGrailbirdIndex, parseGrailbirdUser, parseManifest, type DeclaredFile } from './x-manifest.js';
import { XMedia, type MediaRef } from './x-media.js';
import { emptyReport, type XArchiveReport, type XFileReport } from './x-report.js';
import { pushUnique } from './x-text.js';

export type XRecord = ExportRecord | UnreadableInput;

export interface XArchiveOptions {
  limits?: Partial<XArchiveLimits>;
}

/** An X archive opened for reading: its records, and afterwards what reading them found. */
export interface XArchive {
  /**
   * Every DM, group DM, encrypted-chat message, tweet, deleted tweet, community and circle tweet
   * as an ExportRecord, and whatever could not be read as an UnreadableInput naming the member,
   * the element and the byte. Never throws for bad input. Each call reads the archive afresh.
   */
  records(): AsyncIterable<XRecord>;
  /**
   * What the latest records() run found so far: files, counts, the comparison with manifest.js,
   * ids left unresolved. `complete` turns true when that run has been read to its end.
   */
  report(): XArchiveReport;
}

/** Throws InnsynError('usage') for a bad limit; reads nothing until records() is iterated. */
export function openXArchive(tree: ExportTree, options: XArchiveOptions = {}): XArchive {
  const limits = resolveXArchiveLimits(options.limits);
  let current = emptyReport(tree.path);
  return {
    records: () => {
      const run = new XArchiveRun(tree, limits);
      current = run.report;
      return run.records();
    },
    report: () => structuredClone(current),
  };
}

/** The records of an X archive (see XArchive.records); use openXArchive to get the report too. */
export function readXArchive(tree: ExportTree, options: XArchiveOptions = {}): AsyncIterable<XRecord> {
  return openXArchive(tree, options).records();
}

/** Whether the tree holds an X archive (decided by its file names, at the top or one folder down). */
export function isXArchive(tree: ExportTree): boolean {
  return findXLayout(tree) !== null;
}

/** At most this many unresolved ids are listed in the report (the count is still exact in spirit: a long tail adds nothing). */
const MAX_LISTED_UNRESOLVED = 1000;

const ADVICE_ELEMENT = 'Its bytes are kept here; the rest of the file was read.';
const ADVICE_BROKEN =
  'Nothing after this point could be framed; if the file was cut off, take it again from the original archive (the download or zip).';

/** Roles of files that hold a `window.YTD.<name>.partN = [ … ]` array. */
const ARRAY_ROLES: ReadonlySet<XFileRole> = new Set<XFileRole>([
  'account',
  'follows',
  'circle-tweets',
  'note-tweets',
  'deleted-note-tweets',
  'tweets',
  'deleted-tweets',
  'community-tweets',
  'direct-messages',
  'group-direct-messages',
  'message-events',
  'grailbird-tweets',
]);

interface Element {
  index: number;
  start: number;
  end: number;
}

interface FileContext {
  file: XFile;
  bytes: Uint8Array;
  /** The scanner over `bytes`. */
  json: JsonElements;
  report: XFileReport;
}

class XArchiveRun {
  readonly report: XArchiveReport;
  private readonly ids = new XIdentities();
  private readonly notes = new NoteTweets();
  private readonly circleIds = new Set<string>();
  private readonly unresolved = new Set<string>();
  private declared: DeclaredFile[] = [];
  private layout: XLayout | null = null;
  private media: XMedia | null = null;

  constructor(
    private readonly tree: ExportTree,
    private readonly limits: XArchiveLimits,
  ) {
    this.report = emptyReport(tree.path);
  }

  async *records(): AsyncGenerator<XRecord> {
    const layout = findXLayout(this.tree);
    if (layout === null) {
      yield unreadable(
        { path: this.tree.path, member: null },
        0,
        0,
        `${this.tree.path} holds no X archive: no data/manifest.js, data/tweets.js, data/direct-messages.js or ` +
          'data/js/tweets/ was found at its top or one folder down. Give the folder or zip exactly as X delivered it.',
      );
      this.report.complete = true;
      return;
    }
    this.layout = layout;
    this.media = new XMedia(this.tree, layout.dataDir, this.limits.maxMediaBytes);
    this.report.generation = layout.generation;
    this.report.root = layout.root;
    for (const other of layout.otherRoots) {
      this.report.notes.push(`another archive was found at '${other}' and not read: give it separately`);
    }
    for (const file of layout.files) yield* this.readFile(file);
    yield* this.unclaimedNotes();
    this.finish();
  }

  // ---- files ---------------------------------------------------------------------------------

  private fileReport(file: XFile): XFileReport {
    const r: XFileReport = {
      member: file.member,
      role: file.role,
      elements: ARRAY_ROLES.has(file.role) ? 0 : null,
      items: 0,
      unreadable: 0,
      skipped: {},
      notes: [],
    };
    this.report.files.push(r);
    return r;
  }

  private async *readFile(file: XFile): AsyncGenerator<XRecord> {
    const report = this.fileReport(file);
    const size = this.tree.size(file.member);
    if (size !== null && size > this.limits.maxFileBytes) {
      report.unreadable++;
      yield unreadable(
        { path: this.tree.path, member: file.member },
        0,
        size,
        `${this.tree.path}, member ${file.member}: ${size} bytes is more than the X archive limit maxFileBytes ` +
          `(${this.limits.maxFileBytes}); raise the limit to read it.`,
      );
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = await this.tree.read(file.member);
    } catch (e) {
      report.unreadable++;
      yield unreadable(
        { path: this.tree.path, member: file.member },
        0,
        size ?? 0,
        `${this.tree.path}, member ${file.member} could not be read: ${errorText(e)}. Check the archive (unzip -t) and take it again.`,
      );
      return;
    }
    const json = new JsonElements(bytes, {
      maxDepth: this.limits.maxJsonDepth,
      depthLimitName: 'maxJsonDepth',
    });
    const fc: FileContext = { file, bytes, json, report };
    try {
      switch (file.role) {
        case 'manifest':
          yield* this.readManifest(fc);
          return;
        case 'grailbird-index':
          yield* this.readGrailbirdIndex(fc);
          return;
        case 'grailbird-user':
          yield* this.readGrailbirdUser(fc);
          return;
        case 'message-events':
          yield* this.readMessageEvents(fc);
          return;
        default:
          yield* this.walkArray(fc, (el) => this.element(fc, el));
      }
    } catch (e) {
      // A bug, not bad input: still reported, never thrown half-way through an archive.
      report.unreadable++;
      yield unreadable(
        { path: this.tree.path, member: file.member },
        0,
        bytes.length,
        `${this.tree.path}, member ${file.member}: reading stopped on an internal error (${errorText(e)}); ` +
          'please report it with this file.',
        bytes,
      );
    }
  }

  /** Yields the records of each element of the file's top-level array, and UnreadableInputs for what is not framed. */
  private async *walkArray(
    fc: FileContext,
    each: (el: Element) => AsyncIterable<XRecord>,
  ): AsyncGenerator<XRecord> {
    const { file, bytes, json, report } = fc;
    const a = findAssignment(bytes);
    let open: number;
    if (a.ok) {
      this.checkName(fc, a.name);
      open = a.valueStart;
      if (bytes[open] !== 0x5b) {
        report.unreadable++;
        yield this.bad(
          fc,
          0,
          bytes.length,
          `"${a.name} =" assigns an object, not the array of records expected`,
          bytes,
        );
        return;
      }
    } else {
      // A file that is the bare array (someone stripped the prefix) is still read; anything else is not.
      const p = json.start();
      if (bytes[p] !== 0x5b) {
        report.unreadable++;
        yield this.bad(
          fc,
          0,
          bytes.length,
          `${a.problem}, so it is not an X archive data file as written by X`,
          bytes,
        );
        return;
      }
      report.notes.push('no "window.YTD.… =" assignment before the array');
      open = p;
    }
    for (const ev of json.elements(open)) {
      if (ev.kind === 'element') {
        report.elements = (report.elements ?? 0) + 1;
        try {
          yield* each(ev);
        } catch (e) {
          report.unreadable++;
          yield this.badElement(
            fc,
            ev,
            `reading it failed on an internal error (${errorText(e)}); please report it`,
          );
        }
      } else if (ev.kind === 'broken') {
        report.unreadable++;
        yield unreadable(
          { path: this.tree.path, member: file.member },
          ev.start,
          ev.end - ev.start,
          `${this.where(file.member, ev.index, ev.start)}: ${ev.problem} (at byte ${ev.at}). ${ADVICE_BROKEN}`,
          bytes.subarray(ev.start, ev.end),
        );
        return;
      } else {
        if (ev.trailingComma) report.notes.push('a trailing comma before the closing bracket (accepted)');
        const junk = trailingBytes(bytes, ev.end);
        if (junk >= 0) {
          report.unreadable++;
          yield unreadable(
            { path: this.tree.path, member: file.member },
            junk,
            bytes.length - junk,
            `${this.tree.path}, member ${file.member}, byte ${junk}: ${bytes.length - junk} bytes after the end of the ` +
              'array, which is not how X writes its files. They are kept here; the array before them was read.',
            bytes.subarray(junk),
          );
        }
      }
    }
  }

  private checkName(fc: FileContext, name: string): void {
    if (fc.file.role === 'grailbird-tweets') {
      if (!name.startsWith('Grailbird.data.tweets_'))
        fc.report.notes.push(`it assigns ${name}, not Grailbird.data.tweets_…`);
      return;
    }
    const got = ytdName(name);
    const want = expectedYtdName(fc.file.member);
    if (got === null) fc.report.notes.push(`it assigns ${name}, not window.YTD.<name>.partN`);
    else if (want !== null && (got.type !== want.type || got.part !== want.part)) {
      fc.report.notes.push(
        `it assigns ${name} where its file name says window.YTD.${want.type}.part${want.part}`,
      );
    }
  }

  private where(member: string, index: number, offset: number): string {
    return `${this.tree.path}, member ${member}, element ${index} at byte ${offset}`;
  }

  private bad(
    fc: FileContext,
    offset: number,
    length: number,
    problem: string,
    bytes: Uint8Array,
  ): UnreadableInput {
    return unreadable(
      { path: this.tree.path, member: fc.file.member },
      offset,
      length,
      `${this.tree.path}, member ${fc.file.member}, byte ${offset}: ${problem}.`,
      bytes,
    );
  }

  /**
   * An UnreadableInput for the element's bytes. `label` names the place when it is not a
   * top-level element ('element 3 at byte 120 (conversation 1-2), message 5 at byte 900').
   */
  private badElement(fc: FileContext, el: Element, problem: string, label?: string): UnreadableInput {
    return unreadable(
      { path: this.tree.path, member: fc.file.member },
      el.start,
      el.end - el.start,
      `${this.tree.path}, member ${fc.file.member}, ${label ?? `element ${el.index} at byte ${el.start}`}: ${problem}. ${ADVICE_ELEMENT}`,
      fc.bytes.subarray(el.start, el.end),
    );
  }

  /** Parses one element (within the size limit); a failure is an UnreadableInput, counted. */
  private parse(
    fc: FileContext,
    el: Element,
    label?: string,
  ): { ok: true; value: unknown; flags: string[] } | { ok: false; bad: UnreadableInput } {
    const size = el.end - el.start;
    if (size > this.limits.maxElementBytes) {
      fc.report.unreadable++;
      return {
        ok: false,
        bad: this.badElement(
          fc,
          el,
          `${size} bytes is more than the limit maxElementBytes (${this.limits.maxElementBytes}) for one record`,
          label,
        ),
      };
    }
    const p = parseJsonSlice(fc.bytes, el.start, el.end);
    if (!p.ok) {
      fc.report.unreadable++;
      return { ok: false, bad: this.badElement(fc, el, p.problem, label) };
    }
    return { ok: true, value: p.value, flags: p.utf8Repaired ? ['utf8-repaired'] : [] };
  }

  private record(fc: FileContext, el: Element, draft: ItemDraft): ExportRecord {
    fc.report.items++;
    return {
      type: 'export',
      draft,
      bytes: ownBytes(fc.bytes, el.start, el.end),
      location: { path: this.tree.path, member: fc.file.member, offset: el.start, length: el.end - el.start },
    };
  }

  private async withMedia(role: XFileRole, draft: ItemDraft, media: readonly MediaRef[]): Promise<void> {
    const m = await this.media!.attachments(role, draft.nativeId, media);
    draft.attachments = m.attachments;
    for (const f of m.flags) draft.flags.push(f);
  }

  private element(fc: FileContext, el: Element): AsyncIterable<XRecord> {
    switch (fc.file.role) {
      case 'account':
        return this.accountElement(fc, el);
      case 'follows':
        return this.followElement(fc, el);
      case 'note-tweets':
      case 'deleted-note-tweets':
        return this.noteElement(fc, el);
      case 'direct-messages':
      case 'group-direct-messages':
        return this.conversationElement(fc, el);
      default:
        return this.tweetElement(fc, el);
    }
  }

  // ---- declarations and identities -------------------------------------------------------------

  private async *readManifest(fc: FileContext): AsyncGenerator<XRecord> {
    this.report.manifest.member = fc.file.member;
    const p = parseManifest(fc.bytes, this.limits.maxJsonDepth);
    if (!p.ok) {
      this.report.manifest.problem = p.problem;
      fc.report.unreadable++;
      yield this.bad(
        fc,
        0,
        fc.bytes.length,
        `manifest.js cannot be read: ${p.problem}; the counts it declares are not compared`,
        fc.bytes,
      );
      return;
    }
    const m = p.manifest;
    this.declared = m.files;
    this.report.manifest.generatedAt = m.generatedAt;
    this.report.manifest.partial = m.partial;
    if (m.owner?.accountId != null)
      this.ids.setOwner(m.owner.accountId, m.owner.userName, m.owner.displayName);
  }

  private async *readGrailbirdIndex(fc: FileContext): AsyncGenerator<XRecord> {
    this.report.manifest.member = fc.file.member;
    const p = parseGrailbirdIndex(fc.bytes, this.limits.maxJsonDepth);
    if (!p.ok) {
      this.report.manifest.problem = p.problem;
      fc.report.unreadable++;
      yield this.bad(
        fc,
        0,
        fc.bytes.length,
        `tweet_index.js cannot be read: ${p.problem}; the counts it declares are not compared`,
        fc.bytes,
      );
      return;
    }
    this.declared = p.manifest.files;
  }

  private async *readGrailbirdUser(fc: FileContext): AsyncGenerator<XRecord> {
    const p = parseGrailbirdUser(fc.bytes, this.limits.maxJsonDepth);
    if (!p.ok) {
      fc.report.unreadable++;
      yield this.bad(fc, 0, fc.bytes.length, `user_details.js cannot be read: ${p.problem}`, fc.bytes);
      return;
    }
    if (p.id !== null) this.ids.setOwner(p.id, p.handle, p.name);
  }

  private async *accountElement(fc: FileContext, el: Element): AsyncGenerator<XRecord> {
    const p = this.parse(fc, el);
    if (!p.ok) {
      yield p.bad;
      return;
    }
    const a = asObject(asObject(p.value)?.account);
    const id = idField(a, 'accountId');
    if (a === null || id === null) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, `it is ${jsonKind(p.value)} without account.accountId`);
      return;
    }
    this.ids.setOwner(id, str(a, 'username'), str(a, 'accountDisplayName'));
  }

  private async *followElement(fc: FileContext, el: Element): AsyncGenerator<XRecord> {
    const p = this.parse(fc, el);
    if (!p.ok) {
      yield p.bad;
      return;
    }
    const o = asObject(p.value);
    const inner = asObject(o?.follower) ?? asObject(o?.following);
    const id = idField(inner, 'accountId');
    if (id === null) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, `it is ${jsonKind(p.value)} without follower/following.accountId`);
      return;
    }
    // userLink is mostly 'https://twitter.com/intent/user?user_id=…' (no handle); older
    // generations linked the profile itself, which names the handle.
    const link = str(inner, 'userLink') ?? '';
    const handle =
      /^https?:\/\/(?:www\.|mobile\.)?(?:twitter|x)\.com\/([A-Za-z0-9_]{1,50})\/?$/.exec(link)?.[1] ?? null;
    this.ids.learn(id, handle === 'intent' ? null : handle, null, NaN);
  }

  // ---- tweets ------------------------------------------------------------------------------

  private tweetContext(role: XFileRole): TweetContext {
    const flags: string[] = [];
    if (role === 'deleted-tweets') flags.push('deleted');
    if (role === 'circle-tweets') flags.push('twitter-circle');
    return { identities: this.ids, visibility: role === 'circle-tweets' ? 'private' : 'public', flags };
  }

  private async *tweetElement(fc: FileContext, el: Element): AsyncGenerator<XRecord> {
    const p = this.parse(fc, el);
    if (!p.ok) {
      yield p.bad;
      return;
    }
    const role = fc.file.role;
    const r = readTweet(p.value, this.tweetContext(role));
    if (!r.ok) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, r.problem);
      return;
    }
    const { draft, media, time } = r.tweet;
    for (const f of p.flags) draft.flags.push(f);
    if (role === 'circle-tweets') this.circleIds.add(draft.nativeId);
    else if (this.circleIds.has(draft.nativeId)) {
      // A circle tweet repeated in tweets.js: seen only by the circle, so not public.
      draft.visibility = 'private';
      draft.flags.push('twitter-circle');
    }
    if (role === 'community-tweets') {
      const community = idField(asObject(asObject(p.value)?.tweet), 'community_id_str', 'community_id');
      draft.flags.push(community === null ? 'community' : `community:${community}`);
    }
    if (
      role === 'tweets' ||
      role === 'deleted-tweets' ||
      role === 'circle-tweets' ||
      role === 'community-tweets'
    ) {
      const note = this.notes.claim(time, draft.text);
      if (note !== null) {
        draft.text = note.text;
        for (const l of note.links) pushUnique(draft.links, l);
        for (const m of note.mentions) pushUnique(draft.mentions, m);
        draft.flags.push(`note-tweet:${note.noteId}`);
        const noteFile = this.report.files.find((f) => f.member === note.member);
        if (noteFile !== undefined)
          noteFile.skipped['note-joined'] = (noteFile.skipped['note-joined'] ?? 0) + 1;
      }
    }
    await this.withMedia(role, draft, media);
    yield this.record(fc, el, draft);
  }

  private async *noteElement(fc: FileContext, el: Element): AsyncGenerator<XRecord> {
    const p = this.parse(fc, el);
    if (!p.ok) {
      yield p.bad;
      return;
    }
    const r = readNoteTweet(p.value);
    if (!r.ok) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, r.problem);
      return;
    }
    this.notes.add({
      ...r.note,
      deleted: fc.file.role === 'deleted-note-tweets',
      member: fc.file.member,
      index: el.index,
      offset: el.start,
      bytes: ownBytes(fc.bytes, el.start, el.end),
      joined: false,
    });
  }

  /** Note tweets no tweet claimed become posts of their own. */
  private async *unclaimedNotes(): AsyncGenerator<XRecord> {
    for (const note of this.notes.unclaimed()) {
      const flags = ['note-tweet-unjoined'];
      if (note.deleted) flags.push('deleted');
      if (note.createdAt === null) flags.push('date-missing');
      const owner = this.ids.owner;
      if (owner === null) flags.push('author-unknown');
      const fileReport = this.report.files.find((f) => f.member === note.member);
      if (fileReport !== undefined) fileReport.items++;
      yield {
        type: 'export',
        draft: {
          nativeId: `note-${note.noteId}`,
          kind: 'post',
          platform: 'x',
          visibility: 'public',
          sentAt: note.createdAt,
          tzOffset: null,
          dateSource: note.createdAt === null ? 'unknown' : 'export',
          from: owner,
          to: [],
          text: note.text,
          links: note.links,
          mentions: note.mentions,
          attachments: [],
          conversation: null,
          replyToNativeId: null,
          flags,
        },
        bytes: note.bytes,
        location: {
          path: this.tree.path,
          member: note.member,
          offset: note.offset,
          length: note.bytes.length,
        },
      };
    }
  }

  // ---- direct messages -----------------------------------------------------------------------

  private async *conversationElement(fc: FileContext, el: Element): AsyncGenerator<XRecord> {
    const { bytes, report } = fc;
    // Within the element, already framed: nothing found inside runs past its end.
    const json = fc.json.within(el.end);
    const failConv = (problem: string): UnreadableInput => {
      report.unreadable++;
      return this.badElement(fc, el, problem);
    };
    if (bytes[el.start] !== 0x7b) {
      yield failConv('it is not a JSON object');
      return;
    }
    const outer = json.members(el.start);
    if (!outer.ok) {
      yield failConv(`${outer.problem} (at byte ${outer.at})`);
      return;
    }
    const wrapped = outer.members.find((m) => m.key === 'dmConversation');
    let members: ObjectMember[] = outer.members;
    if (wrapped !== undefined) {
      if (bytes[wrapped.valueStart] !== 0x7b) {
        yield failConv('dmConversation is not an object');
        return;
      }
      const inner = json.members(wrapped.valueStart);
      if (!inner.ok) {
        yield failConv(`${inner.problem} (at byte ${inner.at})`);
        return;
      }
      members = inner.members;
    }
    const idMember = members.find((m) => m.key === 'conversationId');
    const msgMember = members.find((m) => m.key === 'messages');
    const idValue =
      idMember === undefined ? null : parseJsonSlice(bytes, idMember.valueStart, idMember.valueEnd);
    const conversationId =
      idValue?.ok === true && (typeof idValue.value === 'string' || typeof idValue.value === 'number')
        ? String(idValue.value)
        : null;
    if (conversationId === null || conversationId === '') {
      yield failConv('the conversation has no conversationId');
      return;
    }
    if (msgMember === undefined || bytes[msgMember.valueStart] !== 0x5b) {
      {
        yield failConv(`conversation ${conversationId} has no messages array`);
        return;
      }
    }

    const isGroup = fc.file.role === 'group-direct-messages';
    const pair = isGroup ? null : pairOf(conversationId);
    const info: ConversationInfo = {
      nativeId: conversationId,
      type: isGroup ? 'group' : 'dm',
      title: null,
      participantIds: pair ?? [],
      flags: [],
    };
    const label = (i: number, at: number): string =>
      `element ${el.index} at byte ${el.start} (conversation ${conversationId}), message ${i} at byte ${at}`;
    const messages = (): Generator<ArrayEvent> =>
      json.within(msgMember.valueEnd).elements(msgMember.valueStart);

    if (pair === null) {
      // Who took part is told by the events throughout the conversation: read them all first.
      const participants = new Set<string>();
      const title = { name: null as string | null, at: -Infinity };
      for (const ev of messages()) {
        if (ev.kind !== 'element' || ev.end - ev.start > this.limits.maxElementBytes) continue;
        const v = parseJsonSlice(bytes, ev.start, ev.end);
        const o = v.ok ? asObject(v.value) : null;
        if (o !== null) learnGroupEvent(o, participants, title);
      }
      const owner = this.ids.ownerAccountId;
      if (owner !== null) participants.add(owner);
      info.participantIds = [...participants];
      info.title = title.name;
    }

    for (const ev of messages()) {
      if (ev.kind === 'close') continue;
      const msgEl = { index: ev.index, start: ev.start, end: ev.end };
      if (ev.kind === 'broken') {
        report.unreadable++;
        yield unreadable(
          { path: this.tree.path, member: fc.file.member },
          ev.start,
          ev.end - ev.start,
          `${this.tree.path}, member ${fc.file.member}, ${label(ev.index, ev.start)}: ${ev.problem} (at byte ${ev.at}). ${ADVICE_BROKEN}`,
          bytes.subarray(ev.start, ev.end),
        );
        return;
      }
      const at = label(ev.index, ev.start);
      const p = this.parse(fc, msgEl, at);
      if (!p.ok) {
        yield p.bad;
        continue;
      }
      const o = asObject(p.value);
      if (o === null) {
        report.unreadable++;
        yield this.badElement(fc, msgEl, `it is ${jsonKind(p.value)}, not a message event`, at);
        continue;
      }
      const create = asObject(o.messageCreate);
      if (create === null) {
        const kind = Object.keys(o)[0] ?? 'empty';
        report.skipped[kind] = (report.skipped[kind] ?? 0) + 1;
        continue;
      }
      const r = readMessageCreate(create, info, this.ids);
      if (!r.ok) {
        report.unreadable++;
        yield this.badElement(fc, msgEl, r.problem, at);
        continue;
      }
      yield await this.message(fc, msgEl, r.message, p.flags);
    }
  }

  private async message(
    fc: FileContext,
    el: Element,
    m: MessageReading,
    flags: string[],
  ): Promise<ExportRecord> {
    for (const f of flags) m.draft.flags.push(f);
    this.noteUnresolved(m.draft);
    await this.withMedia(fc.file.role, m.draft, m.media);
    return this.record(fc, el, m.draft);
  }

  private noteUnresolved(draft: ItemDraft): void {
    const people = [draft.from, ...draft.to, ...(draft.conversation?.participants ?? [])];
    for (const p of people) {
      if (p !== null && p.handle === null && this.unresolved.size < MAX_LISTED_UNRESOLVED)
        this.unresolved.add(p.address);
    }
  }

  private async *readMessageEvents(fc: FileContext): AsyncGenerator<XRecord> {
    // Group chats name their members only in key-change events: gather them first.
    const members = new Map<string, Set<string>>();
    const { bytes } = fc;
    const a = findAssignment(bytes);
    if (a.ok && bytes[a.valueStart] === 0x5b) {
      for (const ev of fc.json.elements(a.valueStart)) {
        if (ev.kind !== 'element' || ev.end - ev.start > this.limits.maxElementBytes) continue;
        const v = parseJsonSlice(bytes, ev.start, ev.end);
        const body = v.ok ? messageEventBody(v.value) : null;
        const conv = str(body, 'conversationId');
        if (body === null || conv === null || pairOf(conv) !== null) continue;
        let set = members.get(conv);
        if (set === undefined) members.set(conv, (set = new Set()));
        const sender = idField(body, 'senderId');
        if (sender !== null) set.add(sender);
        const keys = asObject(asObject(body.detail)?.conversationKeyChangeEvent)?.conversationParticipantKeys;
        for (const k of asArray(keys)) {
          const id = idField(asObject(k), 'userId');
          if (id !== null) set.add(id);
        }
      }
    }
    yield* this.walkArray(fc, (el) => this.messageEventElement(fc, el, members));
  }

  private async *messageEventElement(
    fc: FileContext,
    el: Element,
    groups: Map<string, Set<string>>,
  ): AsyncGenerator<XRecord> {
    const p = this.parse(fc, el);
    if (!p.ok) {
      yield p.bad;
      return;
    }
    const body = messageEventBody(p.value);
    if (body === null) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, `it is ${jsonKind(p.value)} without messageEvent`);
      return;
    }
    const kind = messageEventKind(body) ?? 'no-detail';
    if (kind !== 'messageCreateEvent') {
      fc.report.skipped[kind] = (fc.report.skipped[kind] ?? 0) + 1;
      return;
    }
    const original = str(body, 'conversationId');
    if (original === null) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, 'the message event has no conversationId');
      return;
    }
    const legacy = legacyPairId(original);
    const pair = pairOf(original);
    const participants = pair ?? [...(groups.get(original) ?? [])];
    const owner = this.ids.ownerAccountId;
    if (pair === null && owner !== null && !participants.includes(owner)) participants.push(owner);
    const info: ConversationInfo = {
      nativeId: legacy ?? original,
      type: pair === null ? 'group' : 'dm',
      title: null,
      participantIds: participants,
      // The encrypted chat writes 'A:B' where the older DMs write 'A-B' for the same two people.
      flags: legacy !== null && legacy !== original ? [`conversation-id:${original}`] : [],
    };
    const r = readMessageEvent(body, info, this.ids);
    if (!r.ok) {
      fc.report.unreadable++;
      yield this.badElement(fc, el, r.problem);
      return;
    }
    yield await this.message(fc, el, r.message, p.flags);
  }

  // ---- the end -------------------------------------------------------------------------------

  private finish(): void {
    const layout = this.layout!;
    this.report.account = this.ids.owner;
    this.report.identities = {
      resolved: this.ids.resolvedCount,
      unresolved: [...this.unresolved].filter((id) => !this.ids.resolved(id)).sort(),
    };
    if (this.report.manifest.member === null) {
      this.report.notes.push(
        `no ${layout.generation === 'ytd' ? 'data/manifest.js' : 'data/js/tweet_index.js'}: the counts read cannot be checked against the archive's own declaration`,
      );
    }
    this.report.manifestCheck = checkManifest(layout, this.declared, this.report.files, {
      usable: this.report.manifest.member !== null && this.report.manifest.problem === null,
      partial: this.report.manifest.partial,
    });
    this.report.complete = true;
  }
}
