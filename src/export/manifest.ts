import { ITEM_ID_PATTERN, type Location } from '../model/index.js';
import type { ExportFile } from './export-sink.js';
import { isSafeRelativePath } from './safe-name.js';

/**
 * manifest.json: what an evidence export holds and how to check it (docs/json.md, "Evidence
 * export manifest"). Written last; it lists every other file with its size and sha256, and every
 * item with where its bytes were found. It cannot list its own hash: the exporter prints it (the
 * export's fingerprint, to note down or hand over apart) and `innsyn verify` prints it again.
 */
export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_FORMAT = 'innsyn-evidence-export';
/** Version of the manifest schema; history in docs/json.md. */
export const MANIFEST_VERSION = 1;

export interface ExportManifest {
  format: typeof MANIFEST_FORMAT;
  version: number;
  /** When the export was made, ISO 8601 UTC (SOURCE_DATE_EPOCH fixes it, see README). */
  created: string;
  /** The innsyn version that wrote it. */
  innsyn: string;
  /** The query as given ('' when every item was exported). */
  query: string;
  /** The database the items came from; innsyn databases carry no id of their own, so its place and size. */
  database: ManifestDatabase | null;
  counts: ManifestCounts;
  /** Every file of the export but manifest.json, in the order written. */
  files: ExportFile[];
  /** Every exported item, in the export's order (date, then id). */
  items: ManifestItem[];
  /** What could not be exported faithfully (the first MAX_LISTED_PROBLEMS; counts.problems has them all). */
  problems: ExportProblem[];
}

export interface ManifestDatabase {
  /** The file (or a URL without its password). */
  path: string;
  /** Items the database held at the time. */
  items: number;
  /** Input files recorded in it. */
  sources: number;
}

export interface ManifestCounts {
  items: number;
  /** Entries of `files`. */
  files: number;
  /** Bytes of the files of `files`. */
  bytes: number;
  /** Attachment files written (each distinct sha256 once). */
  attachments: number;
  /** Attachments recorded on items whose bytes the database does not hold (listed with the item). */
  attachmentsUnavailable: number;
  problems: number;
}

export interface ManifestItem {
  id: string;
  /** `items/<id>.<ext>`; null when the database held no bytes for it (then a problem says so). */
  file: string | null;
  /** sha256 of that file: the original bytes. */
  sha256: string | null;
  /** Every place a copy was found, first one first; its sha256 is of the bytes found there. */
  locations: Location[];
  attachments: ManifestAttachment[];
}

export interface ManifestAttachment {
  sha256: string;
  name: string | null;
  /** `attachments/<sha256>-<name>`; null when unavailable. */
  file: string | null;
  /** Why there is no file (e.g. a chat export's media file, of which only the hash was read). */
  unavailable?: string;
}

export type ExportProblemCode =
  | 'no-raw' // the database holds no original bytes for the item
  | 'raw-hash-mismatch' // the stored bytes no longer hash to what was recorded when they were read
  | 'attachment-not-found' // the message no longer yields an attachment recorded for it
  | 'vanished'; // the item was deleted while the export ran

export interface ExportProblem {
  item: string;
  code: ExportProblemCode;
  message: string;
}

/** Problems listed by name in the manifest and the report; all are counted. */
export const MAX_LISTED_PROBLEMS = 1000;
/** Structural problems verify names before it stops listing them. */
const MAX_STRUCTURE_PROBLEMS = 100;

const SHA256 = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

export interface ManifestCheck {
  /** False when it is not an innsyn export manifest of a version this innsyn reads, or has no file list. */
  usable: boolean;
  /** The files the manifest lists correctly, by path. */
  files: Map<string, ExportFile>;
  /** Everything wrong with its structure, each naming where ('files[3].sha256 …'). */
  problems: string[];
  /** The parts a report shows, where they are readable. */
  summary: {
    version: number | null;
    created: string | null;
    innsyn: string | null;
    query: string | null;
    items: number | null;
  };
}

/**
 * Checks a parsed manifest.json: format and version, every field's type, every file path safe and
 * listed once (and not manifest.json itself), the counts equal to the lists, and every item's
 * files among the listed ones with the same hash. Never throws; a manifest of another format or
 * a newer version is one problem, and its files are not trusted.
 */
export function checkManifest(doc: unknown): ManifestCheck {
  const problems: string[] = [];
  let more = 0;
  const problem = (text: string): void => {
    if (problems.length < MAX_STRUCTURE_PROBLEMS) problems.push(text);
    else more++;
  };
  const files = new Map<string, ExportFile>();
  const summary: ManifestCheck['summary'] = {
    version: null,
    created: null,
    innsyn: null,
    query: null,
    items: null,
  };
  let usable = false;
  const done = (): ManifestCheck => {
    if (more > 0) problems.push(`… and ${more} more problems`);
    return { usable, files, problems, summary };
  };

  if (!isObject(doc)) {
    problem('manifest.json is not a JSON object');
    return done();
  }
  if (doc.format !== MANIFEST_FORMAT) {
    problem(
      `format is ${JSON.stringify(doc.format)}, not "${MANIFEST_FORMAT}": not an innsyn evidence export`,
    );
    return done();
  }
  if (!Number.isInteger(doc.version)) {
    problem('version is not a whole number');
    return done();
  }
  summary.version = doc.version as number;
  if (doc.version !== MANIFEST_VERSION) {
    problem(
      `version ${String(doc.version)}: this innsyn reads version ${MANIFEST_VERSION} (use the innsyn that made it)`,
    );
    return done();
  }
  if (typeof doc.created === 'string' && ISO_UTC.test(doc.created)) summary.created = doc.created;
  else problem('created is not an ISO 8601 UTC time');
  if (typeof doc.innsyn === 'string') summary.innsyn = doc.innsyn;
  else problem('innsyn (the version that wrote it) is not a string');
  if (typeof doc.query === 'string') summary.query = doc.query;
  else problem('query is not a string');
  if (doc.database !== null) {
    const db = doc.database;
    if (!isObject(db) || typeof db.path !== 'string' || !isCount(db.items) || !isCount(db.sources)) {
      problem('database is neither null nor { path, items, sources }');
    }
  }

  if (!Array.isArray(doc.files)) problem('files is not a list');
  else {
    usable = true;
    let bytes = 0;
    doc.files.forEach((f: unknown, i) => {
      const at = `files[${i}]`;
      if (!isObject(f)) return problem(`${at} is not an object`);
      const { path, size, sha256 } = f;
      if (typeof path !== 'string' || !isSafeRelativePath(path)) {
        return problem(`${at}.path ${JSON.stringify(path)} is not a safe relative path`);
      }
      if (path === MANIFEST_PATH) return problem(`${at} lists ${MANIFEST_PATH} itself`);
      if (!isCount(size)) return problem(`${at} (${path}): size is not a whole number of bytes`);
      if (typeof sha256 !== 'string' || !SHA256.test(sha256)) {
        return problem(`${at} (${path}): sha256 is not 64 lower-case hex characters`);
      }
      if (files.has(path)) return problem(`${at} lists ${path} a second time`);
      files.set(path, { path, size, sha256 });
      bytes += size;
    });
    const counts = doc.counts;
    if (!isObject(counts)) problem('counts is not an object');
    else {
      for (const k of ['items', 'files', 'bytes', 'attachments', 'attachmentsUnavailable', 'problems']) {
        if (!isCount(counts[k])) problem(`counts.${k} is not a whole number`);
      }
      if (isCount(counts.files) && counts.files !== doc.files.length) {
        problem(`counts.files is ${counts.files} but ${doc.files.length} files are listed`);
      }
      if (isCount(counts.bytes) && counts.bytes !== bytes && files.size === doc.files.length) {
        problem(`counts.bytes is ${counts.bytes} but the listed files add up to ${bytes}`);
      }
      if (isCount(counts.items) && Array.isArray(doc.items) && counts.items !== doc.items.length) {
        problem(`counts.items is ${counts.items} but ${doc.items.length} items are listed`);
      }
    }
  }

  if (!Array.isArray(doc.items)) problem('items is not a list');
  else {
    summary.items = doc.items.length;
    const seen = new Set<string>();
    doc.items.forEach((it: unknown, i) => checkItem(it, `items[${i}]`, files, seen, problem));
  }
  if (!Array.isArray(doc.problems)) problem('problems is not a list');
  return done();
}

function checkItem(
  it: unknown,
  at: string,
  files: Map<string, ExportFile>,
  seen: Set<string>,
  problem: (text: string) => void,
): void {
  if (!isObject(it)) return problem(`${at} is not an object`);
  if (typeof it.id !== 'string' || !ITEM_ID_PATTERN.test(it.id)) return problem(`${at}.id is not an item id`);
  if (seen.has(it.id)) problem(`${at} lists item ${it.id} a second time`);
  seen.add(it.id);
  const where = `${at} (${it.id})`;
  if (it.file !== null) {
    const listed = typeof it.file === 'string' ? files.get(it.file) : undefined;
    if (!listed) problem(`${where}: its file ${JSON.stringify(it.file)} is not among the listed files`);
    else if (listed.sha256 !== it.sha256) problem(`${where}: sha256 differs from the listed file's`);
  }
  if (!Array.isArray(it.locations) || it.locations.length === 0) {
    problem(`${where}: locations is not a non-empty list`);
  } else if (!it.locations.every(isLocation)) {
    problem(`${where}: a location lacks path, member, offset, length or sha256`);
  }
  if (!Array.isArray(it.attachments)) return problem(`${where}: attachments is not a list`);
  it.attachments.forEach((a: unknown, j) => {
    if (!isObject(a) || typeof a.sha256 !== 'string' || !SHA256.test(a.sha256)) {
      return problem(`${where}.attachments[${j}] has no sha256`);
    }
    if (a.file === null) return;
    const listed = typeof a.file === 'string' ? files.get(a.file) : undefined;
    if (!listed) problem(`${where}.attachments[${j}]: its file ${JSON.stringify(a.file)} is not listed`);
    else if (listed.sha256 !== a.sha256)
      problem(`${where}.attachments[${j}]: sha256 differs from the listed file's`);
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

function isLocation(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof v.path === 'string' &&
    (v.member === null || typeof v.member === 'string') &&
    isCount(v.offset) &&
    isCount(v.length) &&
    typeof v.sha256 === 'string'
  );
}
