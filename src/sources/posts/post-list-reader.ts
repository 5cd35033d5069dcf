import { ownBytes } from '../../model/own-bytes.js';
import type { ExportRecord, ItemDraft } from '../../model/export-record.js';
import type { UnreadableInput } from '../../model/raw-record.js';
import { errorText, unreadable } from '../containers/unreadable.js';
import { JsonElements, parseJsonSlice, skipJsonSpace, type ObjectMember } from '../export/json-elements.js';
import { asArray, asObject, jsonKind, type JsonObject } from '../x/json-values.js';
import { expandShortLinks, pushUnique, unescapeXText, type ShortLink } from '../x/x-text.js';
import { csvRows, sniffDelimiter, type CsvRow, type CsvText } from './csv-rows.js';
import {
  ACCEPTED_NAMES,
  AUTHOR_OBJECT_NAMES,
  foldName,
  mapColumns,
  type ColumnMap,
  type PostField,
} from './post-columns.js';
import { decideSlashOrder, slashEvidence, type SlashOrder } from './post-date.js';
import { buildPost, type PostValues } from './post-draft.js';
import { resolvePostListLimits, type PostListLimits } from './post-list-limits.js';
import { bomOf, decodePostList } from './text-encoding.js';

export type PostListFormat = 'csv' | 'json' | 'jsonl';
export type PostRecord = ExportRecord | UnreadableInput;

export interface PostListInput {
  /** The whole file. */
  bytes: Uint8Array;
  /** The input as given (absolute path of the file, or of the archive holding it). */
  path: string;
  /** The member inside an archive, or null/absent for a plain file. */
  member?: string | null;
}

export interface PostListOptions {
  /** Format, when the caller knows it; else told by the name and the content. */
  format?: PostListFormat;
  /** Platform of posts whose row names none and whose URL does not tell it. Default 'x'. */
  platform?: string;
  limits?: Partial<PostListLimits>;
}

/** Keys under which a JSON object holds its list of posts (`{"data": […]}` is X API v2's). */
const LIST_KEYS = ['data', 'posts', 'tweets', 'items', 'statuses', 'results', 'records'];

/** A JSON element framed in the file (line: where it starts, when known). */
interface Framed {
  start: number;
  end: number;
  index: number;
  line?: number;
}

const ADVICE_ROW = "The row's bytes are kept; the other rows were read.";

/**
 * Posts from a CSV (RFC 4180, ',' ';' tab or '|' sniffed, any line ending, UTF-8 with or
 * without BOM, UTF-16 with BOM, Windows-1252 as a flagged fallback), a JSON array of objects
 * (or an object holding one under data/posts/tweets/items/statuses/results), or JSON Lines.
 * Columns are matched by name (post-columns.ts). Every post is an ExportRecord of kind 'post',
 * visibility 'public', with the row's or element's exact bytes; every row that cannot be read
 * is an UnreadableInput naming the file, the line and what is wrong. A file without a
 * recognisable text column is one UnreadableInput listing the columns found and the names
 * accepted. Never throws for bad input; throws InnsynError('usage') for a bad option.
 */
export function readPostList(input: PostListInput, options: PostListOptions = {}): AsyncIterable<PostRecord> {
  const limits = resolvePostListLimits(options.limits);
  const reader = new PostListRun(input, limits, options.platform?.trim().toLowerCase() || 'x');
  const format = options.format ?? postListFormatOf(input.member ?? input.path, input.bytes);
  return reader.read(format);
}

function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

/** The format by extension, else by the first character ('[' or '{' is JSON, else CSV). */
function postListFormatOf(name: string, bytes: Uint8Array): PostListFormat {
  const ext = extensionOf(name);
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'json') return 'json';
  const start = skipJsonSpace(bytes, bomOf(bytes)?.length ?? 0, Math.min(bytes.length, 4096));
  if (bytes[start] === 0x5b) return 'json';
  if (bytes[start] === 0x7b) return looksLikeJsonLines(bytes, start) ? 'jsonl' : 'json';
  return 'csv';
}

/** A first object that ends on its own line, followed by another line starting with '{'. */
function looksLikeJsonLines(bytes: Uint8Array, start: number): boolean {
  const nl = bytes.indexOf(0x0a, start);
  if (nl < 0) return false;
  const next = skipJsonSpace(bytes, nl + 1);
  return (
    bytes[next] === 0x7b && (bytes[nl - 1] === 0x7d || (bytes[nl - 1] === 0x0d && bytes[nl - 2] === 0x7d))
  );
}

/**
 * Whether a file looks like a post list, from its name and first bytes (up to 64 KiB): a
 * .csv/.tsv whose header names a text column and an id, date, author or URL column; a
 * .json/.jsonl/.ndjson whose first keys do the same. Chat exports that also have text and
 * dates (Telegram's result.json, Slack's day files) are not post lists and are told apart by
 * their own keys.
 */
export function isPostList(name: string, headBytes: Uint8Array): boolean {
  const ext = extensionOf(name);
  if (ext === 'csv' || ext === 'tsv') {
    const d = decodePostList(headBytes);
    if (!d.ok) return false;
    const first = firstRow(d.decoded.text);
    return first !== null && qualifies(mapColumns(first.fields));
  }
  if (ext === 'json' || ext === 'jsonl' || ext === 'ndjson') {
    const text = new TextDecoder().decode(headBytes.subarray(0, 64 * 1024));
    const keys = [...text.matchAll(/"([^"\\]{1,64})"\s*:/g)].map((m) => m[1]!);
    const folded = new Set(keys.map(foldName));
    // Telegram Desktop's result.json and Slack's daily files are chats, read by their own readers.
    if (folded.has('fromid') || folded.has('dateunixtime') || folded.has('textentities')) return false;
    if (folded.has('ts') && (folded.has('type') || folded.has('clientmsgid'))) return false;
    return qualifies(mapColumns([...new Set(keys)]));
  }
  return false;
}

function qualifies(map: ColumnMap): boolean {
  return (
    map.text !== undefined &&
    (map.id !== undefined || map.date !== undefined || map.handle !== undefined || map.url !== undefined)
  );
}

function firstRow(text: CsvText): CsvRow | null {
  for (const ev of csvRows(text, sniffDelimiter(text.units))) {
    if (ev.kind !== 'row') return null;
    if (ev.row.fields.some((f) => f.trim() !== '')) return ev.row;
  }
  return null;
}

/** Lists accepted names for the reason of a file without a text column. */
function acceptedText(): string {
  return ACCEPTED_NAMES.text.join(', ');
}

class PostListRun {
  private readonly where: { path: string; member: string | null };
  private slash: SlashOrder | null = null;
  private slashDecider: () => SlashOrder = () => 'ambiguous';

  constructor(
    private readonly input: PostListInput,
    private readonly limits: PostListLimits,
    private readonly platform: string,
  ) {
    this.where = { path: input.path, member: input.member ?? null };
  }

  private place(): string {
    return this.where.member === null ? this.where.path : `${this.where.path}, member ${this.where.member}`;
  }

  private slashOrder = (): SlashOrder => (this.slash ??= this.slashDecider());

  /** The scanner over the file's bytes (up to `end`). */
  private json(end?: number): JsonElements {
    const opts = { maxDepth: this.limits.maxJsonDepth, depthLimitName: 'maxJsonDepth' };
    return new JsonElements(this.input.bytes, opts, end);
  }

  async *read(format: PostListFormat): AsyncGenerator<PostRecord> {
    try {
      if (format === 'csv') yield* this.readCsv();
      else if (format === 'jsonl') yield* this.readJsonLines();
      else yield* this.readJson();
    } catch (e) {
      yield unreadable(
        this.where,
        0,
        this.input.bytes.length,
        `${this.place()}: reading stopped on an internal error (${errorText(e)}); please report it with this file.`,
        this.input.bytes,
      );
    }
  }

  private record(draft: ItemDraft, offset: number, length: number): ExportRecord {
    return {
      type: 'export',
      draft,
      bytes: ownBytes(this.input.bytes, offset, offset + length),
      location: { path: this.where.path, member: this.where.member, offset, length },
    };
  }

  private badRow(line: number, offset: number, length: number, problem: string): UnreadableInput {
    return unreadable(
      this.where,
      offset,
      length,
      `${this.place()}, line ${line} (byte ${offset}): ${problem}. ${ADVICE_ROW}`,
      this.input.bytes.subarray(offset, offset + length),
    );
  }

  private noTextColumn(found: readonly string[]): UnreadableInput {
    const shown = found.length === 0 ? 'none' : found.map((f) => JSON.stringify(f)).join(', ');
    return unreadable(
      this.where,
      0,
      this.input.bytes.length,
      `${this.place()}: no column holds the post text. Columns found: ${shown}. ` +
        `Accepted names for the text: ${acceptedText()} (case, spaces and '_' ignored). ` +
        'Rename the column and ingest the file again (see src/sources/posts/README.md).',
      this.input.bytes,
    );
  }

  // ---- CSV -------------------------------------------------------------------------------

  private async *readCsv(): AsyncGenerator<PostRecord> {
    const d = decodePostList(this.input.bytes);
    if (!d.ok) {
      yield unreadable(
        this.where,
        0,
        this.input.bytes.length,
        `${this.place()}: ${d.problem}.`,
        this.input.bytes,
      );
      return;
    }
    const { text, flags: fileFlags } = d.decoded;
    const tsv = extensionOf(this.input.member ?? this.input.path) === 'tsv';
    const delimiter = tsv ? 0x09 : sniffDelimiter(text.units);
    const bytesOf = (start: number, end: number): { offset: number; length: number } => ({
      offset: text.base + start * text.unitBytes,
      length: (end - start) * text.unitBytes,
    });

    let header: string[] | null = null;
    let columns: ColumnMap = {};
    this.slashDecider = () => {
      const dateCol = columns.date;
      if (dateCol === undefined) return 'ambiguous';
      const evidence: ('dmy' | 'mdy' | 'none')[] = [];
      for (const ev of csvRows(text, delimiter)) {
        if (ev.kind !== 'row') break;
        const e = slashEvidence(ev.row.fields[dateCol] ?? '');
        if (e !== null && e !== 'none') evidence.push(e);
      }
      return decideSlashOrder(evidence);
    };

    for (const ev of csvRows(text, delimiter)) {
      if (ev.kind === 'broken') {
        const { offset, length } = bytesOf(ev.start, ev.end);
        yield this.badRow(ev.line, offset, length, `${ev.problem}; nothing after it could be read`);
        return;
      }
      const row = ev.row;
      if (row.fields.every((f) => f.trim() === '')) continue; // blank line
      if (header === null) {
        header = row.fields.map((f) => f.trim());
        columns = mapColumns(header);
        if (columns.text === undefined) {
          yield this.noTextColumn(header);
          return;
        }
        continue;
      }
      const { offset, length } = bytesOf(row.start, row.end);
      if (length > this.limits.maxRowBytes) {
        yield this.badRow(
          row.line,
          offset,
          length,
          `the row is ${length} bytes, more than the limit maxRowBytes (${this.limits.maxRowBytes})`,
        );
        continue;
      }
      let fields = row.fields;
      if (fields.length > header.length && fields.slice(header.length).every((f) => f === '')) {
        fields = fields.slice(0, header.length); // a delimiter at the end of each row
      }
      if (fields.length !== header.length) {
        yield this.badRow(
          row.line,
          offset,
          length,
          `the row has ${fields.length} fields where the header has ${header.length} (a delimiter inside an unquoted field, or a quote missing)`,
        );
        continue;
      }
      const get = (f: PostField): string | null => {
        const i = columns[f];
        return i === undefined ? null : (fields[i] ?? null);
      };
      const flags = [...fileFlags];
      if (row.strayQuote) flags.push('csv-stray-quote');
      const r = buildPost(
        {
          text: get('text'),
          id: get('id'),
          date: get('date'),
          authorId: get('authorId'),
          handle: get('handle'),
          name: get('name'),
          url: get('url'),
          platform: get('platform'),
          replyTo: get('replyTo'),
          flags,
        },
        { defaultPlatform: this.platform, slashOrder: this.slashOrder },
      );
      if (!r.ok) yield this.badRow(row.line, offset, length, r.problem);
      else yield this.record(r.draft, offset, length);
    }
    if (header === null) {
      yield unreadable(
        this.where,
        0,
        this.input.bytes.length,
        `${this.place()}: the file is empty (no header row).`,
        this.input.bytes,
      );
    }
  }

  // ---- JSON ------------------------------------------------------------------------------

  private async *readJson(): AsyncGenerator<PostRecord> {
    const b = this.input.bytes;
    const json = this.json();
    const start = json.start();
    const c = b[start];
    let open = -1;
    let users = new Map<string, { handle: string | null; name: string | null }>();
    if (c === 0x5b) open = start;
    else if (c === 0x7b) {
      const top = json.members(start);
      if (!top.ok) {
        yield this.badRow(
          lineAt(b, top.at),
          top.at,
          b.length - top.at,
          `the JSON object cannot be framed: ${top.problem}`,
        );
        return;
      }
      const list = top.members.find((m) => LIST_KEYS.includes(m.key) && b[m.valueStart] === 0x5b);
      if (list === undefined) {
        const keys = top.members.map((m) => m.key);
        if (mapColumns(keys).text !== undefined) {
          // One post object on its own.
          yield* this.jsonElements(() => [{ start, end: top.end, index: 0 }], users);
          return;
        }
        yield unreadable(
          this.where,
          0,
          b.length,
          `${this.place()}: a JSON object with no list of posts (looked for ${LIST_KEYS.join(', ')}) and no text key. ` +
            `Keys found: ${keys.map((k) => JSON.stringify(k)).join(', ') || 'none'}.`,
          b,
        );
        return;
      }
      users = includedUsers(b, top.members);
      open = list.valueStart;
    } else {
      yield unreadable(
        this.where,
        0,
        b.length,
        `${this.place()}: it is not JSON (it does not start with '[' or '{').`,
        b,
      );
      return;
    }
    yield* this.jsonElements(() => this.framedArray(open), users);
  }

  private *framedArray(open: number): Generator<PostRecord | Framed> {
    const b = this.input.bytes;
    for (const ev of this.json().elements(open)) {
      if (ev.kind === 'element') yield ev;
      else if (ev.kind === 'broken') {
        yield this.badRow(
          lineAt(b, ev.start),
          ev.start,
          ev.end - ev.start,
          `element ${ev.index}: ${ev.problem} (at byte ${ev.at}); nothing after it could be read`,
        );
        return;
      }
    }
  }

  private async *readJsonLines(): AsyncGenerator<PostRecord> {
    yield* this.jsonElements(() => this.jsonLines(), new Map());
  }

  /** Each non-blank line of a JSON Lines file, with its line number. */
  private *jsonLines(): Generator<Framed> {
    const b = this.input.bytes;
    let pos = bomOf(b)?.encoding === 'utf-8' ? 3 : 0;
    let line = 1;
    let index = 0;
    while (pos < b.length) {
      let nl = b.indexOf(0x0a, pos);
      if (nl < 0) nl = b.length;
      let end = nl;
      if (end > pos && b[end - 1] === 0x0d) end--;
      const start = skipJsonSpace(b, pos, end);
      if (start < end) yield { start, end, index: index++, line };
      pos = nl + 1;
      line++;
    }
  }

  /**
   * Posts from framed JSON elements (or UnreadableInputs passed through). Before the first post,
   * a file whose first elements have no text key at all is reported once, with the keys found.
   */
  private async *jsonElements(
    source: () => Iterable<PostRecord | Framed>,
    users: Map<string, { handle: string | null; name: string | null }>,
  ): AsyncGenerator<PostRecord> {
    const b = this.input.bytes;
    let lineCount = 1;
    let lineFrom = 0;
    const lineOf = (offset: number): number => {
      for (let i = b.indexOf(0x0a, lineFrom); i >= 0 && i < offset; i = b.indexOf(0x0a, i + 1)) lineCount++;
      lineFrom = Math.max(lineFrom, offset);
      return lineCount;
    };
    const keysSeen = new Set<string>();
    let textSeen = false;
    let checked = 0;
    let framedCount = 0;
    const pending: {
      el: { start: number; end: number; index: number; line: number };
      obj: JsonObject;
      flags: string[];
    }[] = [];
    this.slashDecider = () => {
      // Read every element's date once more: the order is the file's, not the first rows'.
      const evidence: ('dmy' | 'mdy' | 'none')[] = [];
      for (const item of source()) {
        if ('type' in item || item.end - item.start > this.limits.maxRowBytes) continue;
        const p = parseJsonSlice(b, item.start, item.end);
        const obj = p.ok ? asObject(p.value) : null;
        if (obj === null) continue;
        const keys = Object.keys(obj);
        const i = mapColumns(keys).date;
        const d = i === undefined ? null : obj[keys[i]!];
        const e = typeof d === 'string' ? slashEvidence(d) : null;
        if (e !== null && e !== 'none') evidence.push(e);
      }
      return decideSlashOrder(evidence);
    };

    const emit = (p: {
      el: { start: number; end: number; index: number; line: number };
      obj: JsonObject;
      flags: string[];
    }): PostRecord => {
      const { el, obj, flags } = p;
      const values = this.objectValues(obj, b, el, users, flags);
      if (values === null) {
        return this.badRow(
          el.line,
          el.start,
          el.end - el.start,
          `element ${el.index} has none of the text keys (${acceptedText()})`,
        );
      }
      const r = buildPost(values, { defaultPlatform: this.platform, slashOrder: this.slashOrder });
      return r.ok
        ? this.record(r.draft, el.start, el.end - el.start)
        : this.badRow(el.line, el.start, el.end - el.start, `element ${el.index}: ${r.problem}`);
    };

    for (const item of source()) {
      if ('type' in item) {
        yield item;
        continue;
      }
      framedCount++;
      const el = { ...item, line: item.line ?? lineOf(item.start) };
      const size = el.end - el.start;
      if (size > this.limits.maxRowBytes) {
        yield this.badRow(
          el.line,
          el.start,
          size,
          `element ${el.index} is ${size} bytes, more than the limit maxRowBytes (${this.limits.maxRowBytes})`,
        );
        continue;
      }
      const p = parseJsonSlice(b, el.start, el.end);
      if (!p.ok) {
        yield this.badRow(el.line, el.start, size, `element ${el.index} is ${p.problem}`);
        continue;
      }
      const obj = asObject(p.value);
      if (obj === null) {
        yield this.badRow(
          el.line,
          el.start,
          size,
          `element ${el.index} is ${jsonKind(p.value)}, not an object`,
        );
        continue;
      }
      const flags = p.utf8Repaired ? ['utf8-repaired'] : [];
      const map = mapColumns(Object.keys(obj));
      if (!textSeen) {
        // Hold the first elements back until one shows a text key, so a file with none is
        // reported once instead of once per element.
        for (const k of Object.keys(obj)) if (keysSeen.size < 200) keysSeen.add(k);
        pending.push({ el, obj, flags });
        checked++;
        if (map.text !== undefined) {
          textSeen = true;
          for (const q of pending.splice(0)) yield emit(q);
        } else if (checked >= 50) {
          yield this.noTextColumn([...keysSeen]);
          return;
        }
        continue;
      }
      yield emit({ el, obj, flags });
    }
    if (!textSeen && pending.length > 0) yield this.noTextColumn([...keysSeen]);
    else if (framedCount === 0) {
      yield unreadable(
        this.where,
        0,
        b.length,
        `${this.place()}: the file holds no posts (an empty list).`,
        b.subarray(0, 1024),
      );
    }
  }

  /** The post fields of one JSON object, or null when it has no text key. */
  private objectValues(
    obj: JsonObject,
    b: Uint8Array,
    el: { start: number; end: number },
    users: Map<string, { handle: string | null; name: string | null }>,
    flags: string[],
  ): PostValues | null {
    const keys = Object.keys(obj);
    const map = mapColumns(keys);
    if (map.text === undefined) return null;
    let raw: ObjectMember[] | null = null;
    const rawDigits = (key: string): string | null => {
      raw ??= (() => {
        const m = this.json(el.end).members(el.start);
        return m.ok ? m.members : [];
      })();
      const m = raw.find((x) => x.key === key);
      if (m === undefined) return null;
      const s = Buffer.from(b.buffer, b.byteOffset + m.valueStart, m.valueEnd - m.valueStart).toString(
        'latin1',
      );
      return /^-?\d+$/.test(s) ? s : null;
    };
    const scalar = (f: PostField): string | null => {
      const i = map[f];
      if (i === undefined) return null;
      const key = keys[i]!;
      const v = obj[key];
      if (typeof v === 'string') return v;
      if (typeof v === 'number')
        return Number.isInteger(v) && !Number.isSafeInteger(v) ? rawDigits(key) : String(v);
      if (typeof v === 'boolean') return String(v);
      return null;
    };
    const dateKey = map.date === undefined ? null : keys[map.date]!;
    const dateValue = dateKey === null ? null : obj[dateKey];
    const values: PostValues = {
      text: scalar('text'),
      id: scalar('id'),
      date: typeof dateValue === 'number' ? dateValue : typeof dateValue === 'string' ? dateValue : null,
      authorId: scalar('authorId'),
      handle: scalar('handle'),
      name: scalar('name'),
      url: scalar('url'),
      platform: scalar('platform'),
      replyTo: scalar('replyTo'),
      flags,
    };
    // An author given as an object: X API v1.1 `user`, most others `author`.
    const authorKey = map.handle === undefined ? null : keys[map.handle]!;
    const authorObj =
      asObject(authorKey === null ? null : obj[authorKey]) ?? asObject(obj.user) ?? asObject(obj.author);
    if (authorObj !== null) {
      const pick = (names: readonly string[]): string | null => {
        for (const n of names) {
          const v = authorObj[n];
          if (typeof v === 'string' && v.trim() !== '') return v;
          if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
        }
        return null;
      };
      values.handle ??= pick(AUTHOR_OBJECT_NAMES.handle);
      values.name ??= pick(AUTHOR_OBJECT_NAMES.name);
      values.authorId ??= pick(AUTHOR_OBJECT_NAMES.id);
    }
    // X API v2: `author_id` with the users listed under includes.users.
    if (values.authorId !== null && (values.handle === null || values.name === null)) {
      const u = users.get(values.authorId);
      if (u !== undefined) {
        values.handle ??= u.handle;
        values.name ??= u.name;
      }
    }
    // X API objects carry their own t.co targets, and escape '&', '<', '>' in the text.
    const entities = asObject(obj.entities);
    if (entities !== null && values.text !== null) {
      const shortLinks: ShortLink[] = [];
      const links: string[] = [];
      for (const u of asArray(entities.urls)) {
        const uo = asObject(u);
        const short = typeof uo?.url === 'string' ? uo.url : null;
        const long = typeof uo?.expanded_url === 'string' ? uo.expanded_url : null;
        if (long !== null) pushUnique(links, long);
        if (short !== null && long !== null) shortLinks.push({ short, long });
      }
      values.text = expandShortLinks(unescapeXText(values.text), shortLinks);
      values.links = links;
    }
    return values;
  }
}

/** X API v2's `includes.users`: id → username and name. */
function includedUsers(
  b: Uint8Array,
  members: readonly ObjectMember[],
): Map<string, { handle: string | null; name: string | null }> {
  const users = new Map<string, { handle: string | null; name: string | null }>();
  const inc = members.find((m) => m.key === 'includes');
  if (inc === undefined) return users;
  const p = parseJsonSlice(b, inc.valueStart, inc.valueEnd);
  if (!p.ok) return users;
  for (const u of asArray(asObject(p.value)?.users)) {
    const o = asObject(u);
    const id = typeof o?.id === 'string' ? o.id : null;
    if (id === null) continue;
    users.set(id, {
      handle: typeof o?.username === 'string' ? o.username : null,
      name: typeof o?.name === 'string' ? o.name : null,
    });
  }
  return users;
}

/** 1-based line of byte `offset`. */
function lineAt(b: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = b.indexOf(0x0a); i >= 0 && i < offset; i = b.indexOf(0x0a, i + 1)) line++;
  return line;
}
