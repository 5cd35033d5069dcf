import { InnsynError } from '../model/index.js';

/**
 * Annotations: what a reporter adds to the material. Tags, a star and a note, on an item, a
 * conversation or a person (DESIGN.md "The record": human data, stable, never derived).
 *
 * Kept by keys that do not change when the derived indexes are rebuilt: the content-derived item
 * id, the conversation id as its items carry it (an email thread's id, derived from its root
 * message, or the export's own DM or chat id), and for a person the identity key
 * (`platform:address`) that was the person's key when the annotation was made. Never a rowid: they
 * survive `innsyn reindex`, a re-ingest into a new database and `innsyn tags export`/`import`.
 * A person's annotations are those of every identity it joins, so a merge or a split keeps each
 * annotation with the identity it was made on.
 *
 * In the query language (README "The query language"), an item carries its own annotations and
 * those of its conversation: `tag:story` finds the items tagged `story` and every item of a
 * conversation tagged `story`; so do `is:starred`, `has:note` and `has:tag`.
 */

export type AnnotationTargetKind = 'item' | 'conversation' | 'person';
export const ANNOTATION_TARGET_KINDS: readonly AnnotationTargetKind[] = ['item', 'conversation', 'person'];

export interface AnnotationTarget {
  kind: AnnotationTargetKind;
  /** An item id (or, where a caller resolves them, a prefix), a conversation id, or a person key. */
  key: string;
}

/** Who and when; `author` is null in single-user mode (team mode names the account). */
export interface TagMark {
  tag: string;
  author: string | null;
  /** ISO 8601 UTC. */
  createdAt: string;
}

export interface StarMark {
  author: string | null;
  createdAt: string;
}

export interface NoteMark {
  text: string;
  /** Who wrote the note last. */
  author: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The annotations of one target. */
export interface Annotations {
  /** The target as stored: the full item id, the conversation id as its items have it, the person key. */
  target: AnnotationTarget;
  /** By name. For a person, those of every identity it joins (a tag once). */
  tags: TagMark[];
  star: StarMark | null;
  note: NoteMark | null;
}

/** What `annotate` changes; what is left out stays as it is. */
export interface AnnotationChange {
  addTags?: readonly string[];
  removeTags?: readonly string[];
  /** true stars, false takes the star away. */
  star?: boolean;
  /** A text replaces the note; null or blank deletes it. */
  note?: string | null;
  /** Recorded with what is added or written; null (or absent) in single-user mode. */
  author?: string | null;
}

/** Tags added to and taken from every match of a query. */
export interface TagChange {
  add: readonly string[];
  remove: readonly string[];
  author?: string | null;
}

export interface BulkTagResult {
  /** Items the query matched. */
  matched: number;
  /** Tags put on items that did not have them (an item and a tag count once). */
  added: number;
  /** Tags taken from items that had them. */
  removed: number;
}

export interface TagCount {
  tag: string;
  /**
   * Items that carry the tag, their own or their conversation's; when a query is given, only
   * its matches.
   */
  items: number;
  /** Conversations tagged. */
  conversations: number;
  /** Identities (persons) tagged. */
  people: number;
}

/** One annotation as `tags export` writes it and `tags import` reads it (docs/json.md). */
export type AnnotationRecord =
  | {
      type: 'tag';
      target: AnnotationTargetKind;
      key: string;
      tag: string;
      author: string | null;
      createdAt: string;
    }
  | { type: 'star'; target: AnnotationTargetKind; key: string; author: string | null; createdAt: string }
  | {
      type: 'note';
      target: AnnotationTargetKind;
      key: string;
      text: string;
      author: string | null;
      createdAt: string;
      updatedAt: string;
    };

/** The file of `tags export` / `tags import` (versioned; docs/json.md). */
export interface AnnotationsDocument {
  format: typeof ANNOTATIONS_FORMAT;
  version: 1;
  annotations: AnnotationRecord[];
}

export interface AnnotationImport {
  /** Tags, stars and notes that were not there. */
  added: number;
  /** Notes replaced by a newer text (a later `updatedAt`). */
  updated: number;
  /** Already there (the same tag or star, the same note, or a note already newer): importing twice adds nothing. */
  unchanged: number;
  /** Added ones whose item, conversation or identity this case does not hold (yet): kept for when it does. */
  unknownTargets: number;
}

/** `format` of the annotations file. */
export const ANNOTATIONS_FORMAT = 'innsyn-annotations';
/** Longest tag name: a label, not a sentence. */
export const MAX_TAG_CHARS = 64;
/** Most tags one change adds or removes (a bulk tag names a few; a thousand is a mistake). */
export const MAX_TAGS_PER_CHANGE = 50;
/** Longest note: a page or two of the reporter's own text, not a copy of the material. */
export const MAX_NOTE_CHARS = 20_000;
/** Longest key: an identity key is a platform, a colon and an address (rarely over 300). */
export const MAX_TARGET_KEY_CHARS = 1000;
/** Longest author name (team mode's account names). */
export const MAX_AUTHOR_CHARS = 200;
/** Annotations in one import; a file of a million is not a reporter's work. */
export const MAX_IMPORTED_ANNOTATIONS = 1_000_000;

const CONTROL = /[\u0000-\u001f\u007f]/;
/** Letters, digits and `_`, then also `.`, `-`, `/`: one word of the query language (`tag:ru/trip`). */
const TAG = /^[\p{L}\p{N}_][\p{L}\p{N}_.\-/]*$/u;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * A tag as the query language compares it: trimmed, Unicode NFC, lower case (the parser lowers
 * `tag:` values; `Story` and `story` are one tag). Never throws: the compiler uses it on any value.
 */
export function foldTag(s: string): string {
  return s.trim().normalize('NFC').toLowerCase();
}

/** A tag name given by a reporter or a file, folded; InnsynError('usage') saying what is allowed. */
export function checkTag(v: unknown, what = 'a tag'): string {
  const t = typeof v === 'string' ? foldTag(v) : '';
  if (t.length === 0 || t.length > MAX_TAG_CHARS || !TAG.test(t)) {
    throw new InnsynError(
      'usage',
      `${what} ${typeof v === 'string' ? `'${v.slice(0, MAX_TAG_CHARS + 8)}' ` : ''}is not a tag name: 1 to ${MAX_TAG_CHARS} letters, ` +
        "digits, '_', '.', '-' or '/', starting with a letter, digit or '_' (no spaces)",
    );
  }
  return t;
}

/** Tag names of one change: each checked, duplicates dropped, at most MAX_TAGS_PER_CHANGE. */
export function checkTags(list: readonly unknown[], what = 'a tag'): string[] {
  if (list.length > MAX_TAGS_PER_CHANGE) {
    throw new InnsynError('usage', `${list.length} tags in one change: at most ${MAX_TAGS_PER_CHANGE}`);
  }
  return [...new Set(list.map((t) => checkTag(t, what)))];
}

/** A note's text: null when blank (which deletes); control characters other than tab and newlines refused. */
export function checkNote(v: unknown, what = 'the note'): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new InnsynError('usage', `${what} must be text`);
  const text = v.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return null;
  if (text.length > MAX_NOTE_CHARS) {
    throw new InnsynError('usage', `${what} is ${text.length} characters long: at most ${MAX_NOTE_CHARS}`);
  }
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) {
    throw new InnsynError('usage', `${what} holds control characters: only text, tabs and line breaks`);
  }
  return text;
}

/** An author name or null. */
export function checkAuthor(v: unknown, what = 'the author'): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_AUTHOR_CHARS || CONTROL.test(v)) {
    throw new InnsynError(
      'usage',
      `${what} must be null or 1 to ${MAX_AUTHOR_CHARS} characters with no control characters`,
    );
  }
  return v.trim();
}

/** A target key: non-empty, bounded, no control characters (what it names is the store's to find). */
export function checkTargetKey(v: unknown, what = 'the key'): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_TARGET_KEY_CHARS || CONTROL.test(v)) {
    throw new InnsynError(
      'usage',
      `${what} must be 1 to ${MAX_TARGET_KEY_CHARS} characters with no control characters`,
    );
  }
  return v.trim();
}

export function isTargetKind(v: unknown): v is AnnotationTargetKind {
  return typeof v === 'string' && (ANNOTATION_TARGET_KINDS as readonly string[]).includes(v);
}

/** The document `tags export` writes. */
export function annotationsDocument(annotations: AnnotationRecord[]): AnnotationsDocument {
  return { format: ANNOTATIONS_FORMAT, version: 1, annotations };
}

/**
 * The annotations of a `tags export` file (parsed JSON), checked field by field. Hostile input: a
 * problem is InnsynError('usage') naming the annotation's index and the field, and what to do.
 */
export function parseAnnotationsDocument(doc: unknown): AnnotationRecord[] {
  const o = doc as Partial<Record<string, unknown>> | null;
  if (typeof o !== 'object' || o === null || Array.isArray(o) || o.format !== ANNOTATIONS_FORMAT) {
    throw new InnsynError(
      'usage',
      `not an innsyn annotations file: it must be a JSON object with "format": "${ANNOTATIONS_FORMAT}" (made by innsyn tags export)`,
    );
  }
  if (o.version !== 1) {
    throw new InnsynError(
      'usage',
      `annotations file version ${JSON.stringify(o.version)} is not one this innsyn reads (1): upgrade innsyn`,
    );
  }
  if (!Array.isArray(o.annotations)) {
    throw new InnsynError('usage', 'the annotations file has no "annotations" array');
  }
  return checkAnnotationRecords(o.annotations as unknown[]);
}

/** Checks records given to the store (from a file or a caller); returns them normalised. */
export function checkAnnotationRecords(records: readonly unknown[]): AnnotationRecord[] {
  if (records.length > MAX_IMPORTED_ANNOTATIONS) {
    throw new InnsynError(
      'limit-exceeded',
      `${records.length} annotations in one import: at most ${MAX_IMPORTED_ANNOTATIONS} (split the file)`,
    );
  }
  return records.map((r, i) => checkRecord(r, i));
}

function checkRecord(r: unknown, i: number): AnnotationRecord {
  const where = `annotation ${i}`;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) {
    throw new InnsynError('usage', `${where} is not an object`);
  }
  const o = r as Partial<Record<string, unknown>>;
  if (!isTargetKind(o.target)) {
    throw new InnsynError('usage', `${where}: "target" must be "item", "conversation" or "person"`);
  }
  const target = o.target;
  let key = checkTargetKey(o.key, `${where}: "key"`);
  if (target === 'item') {
    if (!/^[0-9a-f]{32}$/i.test(key)) {
      throw new InnsynError('usage', `${where}: "key" of an item must be its id, 32 hex characters`);
    }
    key = key.toLowerCase();
  }
  if (target === 'person') {
    const colon = key.indexOf(':');
    if (!/^[a-z0-9_-]+:./i.test(key)) {
      throw new InnsynError('usage', `${where}: "key" of a person must be an identity key like x:16589206`);
    }
    key = `${key.slice(0, colon).toLowerCase()}${key.slice(colon)}`;
  }
  const author = checkAuthor(o.author, `${where}: "author"`);
  const createdAt = checkTime(o.createdAt, `${where}: "createdAt"`);
  switch (o.type) {
    case 'tag':
      return { type: 'tag', target, key, tag: checkTag(o.tag, `${where}: "tag"`), author, createdAt };
    case 'star':
      return { type: 'star', target, key, author, createdAt };
    case 'note': {
      const text = checkNote(o.text, `${where}: "text"`);
      if (text === null) throw new InnsynError('usage', `${where}: a note needs a "text"`);
      const updatedAt = checkTime(o.updatedAt, `${where}: "updatedAt"`);
      return { type: 'note', target, key, text, author, createdAt, updatedAt };
    }
    default:
      throw new InnsynError('usage', `${where}: "type" must be "tag", "star" or "note"`);
  }
}

function checkTime(v: unknown, what: string): string {
  if (typeof v !== 'string' || !ISO_UTC.test(v) || Number.isNaN(Date.parse(v))) {
    throw new InnsynError('usage', `${what} must be an ISO 8601 UTC time like 2024-05-01T12:00:00.000Z`);
  }
  return new Date(v).toISOString();
}
