import { StringInterner } from '../model/text/string-interner.js';
import { ATTACHMENT_TYPES } from '../query/fields.js';
import { ROLE } from './item-roles.js';
import { folderQueryName, folderWords } from '../model/folders.js';

/**
 * Folders whose facet bucket also counts the mail of the folders their query finds (subfolders,
 * longer names holding their words); past it, hostile input (a distinct X-Folder in every
 * message) costs memory and time in proportion, not squared. A leak's mailboxes rarely pass a few
 * thousand (the Enron corpus: ~3,500).
 */
export const MAX_COVERED_FOLDERS = 5_000;
/** Longest run of words looked up when one folder's name holds another's (a path of 24 names). */
const MAX_RUN_WORDS = 24;

/** `month` and `day` of an item without a date. */
export const NO_DATE = -0x80000000;
const DAY_MS = 86_400_000;

/**
 * Codes for the distinct values of one column; code 0 is "none", so a zero-filled array means
 * "no value" (and, for `kind`, "no item with this rowid").
 */
export class Dictionary {
  readonly values: Array<string | null> = [null];
  private readonly codes = new StringInterner();

  code(value: string | null): number {
    if (value === null) return 0;
    const c = this.codes.code(value) + 1;
    if (c === this.values.length) this.values.push(value);
    return c;
  }
}

/**
 * The columns facets and the histogram count, in typed arrays indexed by item row number
 * (`items.n`: rows are only ever appended, so the numbers are dense). Counting the facets of
 * 100,000 matches is then one loop over their row numbers with a few array reads each (~5 ms
 * for all of them), where one SQL GROUP BY takes 20-90 ms per facet in SQLite and more in
 * PostgreSQL (measured on the 100,000-message bench corpus, 2 cores; README).
 *
 * The dialects fill it (sqlite/sqlite-facet-index.ts, postgres/pg-facet-index.ts): built on
 * first use and kept up to date by reading only the rows added since. 100,000 items take ~4 MB.
 * Only `kind` of a row number that holds no item is 0. facet-counts.ts counts from it.
 */
export class FacetIndex {
  /** Highest row number loaded, and how many items that is. */
  maxN = 0;
  items = 0;
  kind = new Uint8Array(0);
  platform = new Uint16Array(0);
  lang = new Uint16Array(0);
  attachments = new Uint8Array(0);
  /** Bit k set: the item holds an attachment of type ATTACHMENT_TYPES[k] (`type:` facet). */
  types = new Uint16Array(0);
  /** UTC year * 12 + month (0-11), or NO_DATE. */
  month = new Int32Array(0);
  /** Bounds of every `month` set so far (no date: none); they only widen. */
  minMonth = Infinity;
  maxMonth = -Infinity;
  /** UTC days since 1970-01-01, or NO_DATE. */
  day = new Int32Array(0);
  /** 1 private, 2 public, 0 none. */
  visibility = new Uint8Array(0);
  /** ms since 1970, NaN without a date (timelines bucket by any unit from it). */
  sentAt = new Float64Array(0);
  /** Address code + 0 for none (see `addresses`). */
  from = new Int32Array(0);
  /** The sender's identity (identities.n), 0 for none. */
  fromIdentity = new Int32Array(0);
  /** The `to` addresses of item n are toCodes[toStart[n] .. toEnd[n]). */
  toStart = new Int32Array(0);
  toEnd = new Int32Array(0);
  toCodes = new Int32Array(0);
  toLength = 0;
  /** Item n's first folder (a `folders` code, 0 none); 1 in `hasMoreFolders` when it has more (`moreFolders`). */
  folder = new Int32Array(0);
  hasMoreFolders = new Uint8Array(0);
  readonly moreFolders = new Map<number, number[]>();
  /** Folder names (model/folders.ts), by code. */
  readonly folders = new Dictionary();
  /**
   * Per folder code, the codes of every folder whose `folder:` query finds this one (its words
   * within this one's, in order: `folder:"/m/john"` finds `/m/john/Sent` too), itself included:
   * an item counts under each, so a bucket counts what its query finds.
   */
  readonly folderCovers: number[][] = [[]];
  /** Folder codes by their words (model/folders.ts folderWords), and by each word they hold. */
  private readonly foldersOfWords = new Map<string, number[]>();
  private readonly foldersWithWord = new Map<string, number[]>();
  /** Each folder's words by code, for the first MAX_COVERED_FOLDERS (code 0: none). */
  private readonly folderWordsOf: string[] = [''];

  readonly kinds = new Dictionary();
  readonly platforms = new Dictionary();
  readonly langs = new Dictionary();
  /** By address alone: the same handle on two platforms is one bucket (one `from:` query). */
  readonly addresses = new Dictionary();
  /** Per address code, how often each display name was seen with it. */
  readonly names: Array<Map<string, number> | undefined> = [];

  /**
   * Sets item n's columns; returns true when n held no item before (it is then counted). Setting
   * an item again (a row read twice) changes nothing but the columns.
   */
  setItem(
    n: number,
    kind: string,
    platform: string,
    lang: string | null,
    hasAttachments: boolean,
    sentAt: number | null,
    visibility: string,
  ): boolean {
    this.grow(n + 1);
    const added = this.kind[n] === 0;
    this.kind[n] = this.kinds.code(kind.toLowerCase());
    this.platform[n] = this.platforms.code(platform.toLowerCase());
    this.lang[n] = this.langs.code(lang === null ? null : lang.toLowerCase());
    this.attachments[n] = hasAttachments ? 1 : 0;
    this.visibility[n] = visibility === 'private' ? 1 : visibility === 'public' ? 2 : 0;
    this.sentAt[n] = sentAt ?? NaN;
    if (sentAt === null) {
      this.month[n] = NO_DATE;
      this.day[n] = NO_DATE;
    } else {
      const d = new Date(sentAt);
      const month = d.getUTCFullYear() * 12 + d.getUTCMonth();
      this.month[n] = month;
      if (month < this.minMonth) this.minMonth = month;
      if (month > this.maxMonth) this.maxMonth = month;
      this.day[n] = Math.floor(sentAt / DAY_MS);
    }
    if (added) this.items++;
    if (n > this.maxN) this.maxN = n;
    return added;
  }

  /**
   * The items sent in [dates.from, dates.to), null bounds open (a query of dates alone,
   * CompiledParts.dates), by row number: one pass over `sentAt`. Undated items (NaN) are in no
   * range.
   */
  itemsSentIn(dates: { from: number | null; to: number | null }): Int32Array {
    const from = dates.from ?? -Infinity;
    const to = dates.to ?? Infinity;
    const { sentAt, kind, maxN } = this;
    const out: number[] = [];
    for (let n = 1; n <= maxN; n++) {
      const t = sentAt[n] as number;
      if (t >= from && t < to && kind[n] !== 0) out.push(n);
    }
    return Int32Array.from(out);
  }

  /**
   * Adds a sender (ROLE.from) or `to` recipient of item n; `address` is the identity's
   * address. Each part once: the parts of an item are read when the item is first set.
   */
  addPart(n: number, role: number, identity: number, address: string, name: string | null): void {
    const code = this.addresses.code(address);
    if (name !== null) {
      const seen = (this.names[code] ??= new Map<string, number>());
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    if (role === ROLE.from) {
      this.from[n] = code;
      this.fromIdentity[n] = identity;
      return;
    }
    if (this.toLength === this.toCodes.length) this.toCodes = resized(this.toCodes, this.toLength * 2 + 1024);
    if (this.toEnd[n] === 0) this.toStart[n] = this.toLength;
    this.toCodes[this.toLength++] = code;
    this.toEnd[n] = this.toLength;
  }

  /** Marks item n as holding an attachment of `type` (attachments.type). */
  addType(n: number, type: string): void {
    const k = ATTACHMENT_TYPES.indexOf(type);
    this.types[n] = (this.types[n] as number) | (1 << (k < 0 ? ATTACHMENT_TYPES.length - 1 : k));
  }

  /** folders.n → name, for the folders named so far (nameFolder). */
  private readonly folderNames = new Map<number, string>();

  /** Names folder row `n` (folders.n), before item_folders rows that use it are added. */
  nameFolder(n: number, name: string): void {
    this.folderNames.set(n, name);
  }

  /** Whether folder row `n` was named. */
  knowsFolder(n: number): boolean {
    return this.folderNames.has(n);
  }

  /** folderQuery's answers by folder code, until a folder is added (coverFolder). */
  private readonly folderQueries = new Map<number, string>();

  /**
   * The `folder:` value of a folder's bucket: the shortest tail of its name that finds the same
   * folders as the whole name (model/folders.ts folderQueryName), so the bucket's count is still
   * what clicking it finds. Past MAX_COVERED_FOLDERS folders the whole name: each tail would be
   * checked against every folder (hostile input: a distinct X-Folder in every message).
   */
  folderQuery(code: number): string {
    const name = this.folders.values[code] as string;
    if (this.folders.values.length - 1 > MAX_COVERED_FOLDERS) return name;
    let query = this.folderQueries.get(code);
    if (query === undefined) {
      query = folderQueryName(name, this.folderWordsOf);
      this.folderQueries.set(code, query);
    }
    return query;
  }

  /** Adds an item_folders row: item n has a copy in folder row `folder` (skipped while it is unnamed). */
  addFolderRow(n: number, folder: number): void {
    const name = this.folderNames.get(folder);
    if (name !== undefined) this.addFolder(n, name);
  }

  /**
   * Records that item n has a copy in folder `name` (item_folders; rows may be read again, and
   * a folder's row may come before or after its item's). A name without a word (no query
   * finds it) is left out.
   */
  addFolder(n: number, name: string): void {
    const fresh = this.folders.values.length;
    const code = this.folders.code(name);
    if (code === fresh) this.coverFolder(code, folderWords(name));
    if ((this.folderCovers[code] as number[]).length === 0) return;
    this.grow(n + 1);
    const first = this.folder[n] as number;
    if (first === 0) this.folder[n] = code;
    else if (first !== code) {
      const more = this.moreFolders.get(n);
      if (more === undefined) {
        this.moreFolders.set(n, [code]);
        this.hasMoreFolders[n] = 1;
      } else if (!more.includes(code)) more.push(code);
    }
  }

  /**
   * A new folder code: the folders whose query finds it (those whose words are a run of its
   * words: each run of up to MAX_RUN_WORDS words looked up), and the folders it finds in turn
   * (those that hold its words as a run: checked among the folders holding its rarest word).
   * Past MAX_COVERED_FOLDERS folders a folder counts only under itself.
   */
  private coverFolder(code: number, words: string): void {
    const list = words.split(' ').filter((w) => w !== '');
    const covers: number[] = [];
    this.folderCovers[code] = covers;
    if (code <= MAX_COVERED_FOLDERS) this.folderWordsOf[code] = words;
    this.folderQueries.clear(); // a new folder may make a tail find more than its whole name
    if (list.length === 0) return;
    covers.push(code);
    if (code > MAX_COVERED_FOLDERS) return;
    const runs = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const last = Math.min(list.length, i + MAX_RUN_WORDS);
      for (let j = i + 1; j <= last; j++) runs.add(` ${list.slice(i, j).join(' ')} `);
    }
    for (const run of runs) for (const other of this.foldersOfWords.get(run) ?? []) covers.push(other);
    let rarest: number[] | undefined;
    for (const w of list) {
      const holders = this.foldersWithWord.get(w) ?? [];
      if (rarest === undefined || holders.length < rarest.length) rarest = holders;
    }
    for (const other of rarest ?? []) {
      if ((this.folderWordsOf[other] as string).includes(words))
        (this.folderCovers[other] as number[]).push(code);
    }
    append(this.foldersOfWords, words, code);
    for (const w of new Set(list)) append(this.foldersWithWord, w, code);
  }

  /** The display name seen most often with an address (ties: the first seen), else null. */
  label(address: number): string | null {
    const seen = this.names[address];
    if (!seen) return null;
    let best: string | null = null;
    let most = 0;
    for (const [name, count] of seen) {
      if (count > most) {
        best = name;
        most = count;
      }
    }
    return best;
  }

  /** Room for row numbers below `size`. */
  grow(size: number): void {
    if (size <= this.kind.length) return;
    const cap = Math.max(size, Math.ceil(this.kind.length * 1.5));
    this.kind = resized(this.kind, cap);
    this.platform = resized(this.platform, cap);
    this.lang = resized(this.lang, cap);
    this.attachments = resized(this.attachments, cap);
    this.types = resized(this.types, cap);
    this.month = resized(this.month, cap);
    this.day = resized(this.day, cap);
    this.from = resized(this.from, cap);
    this.visibility = resized(this.visibility, cap);
    this.sentAt = resized(this.sentAt, cap);
    this.fromIdentity = resized(this.fromIdentity, cap);
    this.toStart = resized(this.toStart, cap);
    this.toEnd = resized(this.toEnd, cap);
    this.folder = resized(this.folder, cap);
    this.hasMoreFolders = resized(this.hasMoreFolders, cap);
  }
}

type TypedArray = Uint8Array | Uint16Array | Int32Array | Float64Array;

function resized<T extends TypedArray>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

function append(map: Map<string, number[]>, key: string, code: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [code]);
  else list.push(code);
}
