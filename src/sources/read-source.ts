import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportRecord, RawRecord, UnreadableInput } from '../model/index.js';
import { readInput, type ClaimInput, type ReaderLimits } from './containers/index.js';
import { readFileHead } from './containers/byte-chunks.js';
import { deferred } from './containers/lazy-iterables.js';
import type { ExportTree } from './export/export-tree.js';
import { folderTree, mapTree } from './export/export-tree.js';
import { skippedMembers, zipTree } from './export/zip-tree.js';
import { isPostList, readPostList } from './posts/index.js';
import { isSlackExport, readSlackExport } from './slack/index.js';
import { isTelegramExport, isTelegramJson, readTelegramExport } from './telegram/index.js';
import { isChatFileName, isWhatsAppExport, isWhatsAppText, readWhatsAppExport } from './whatsapp/index.js';
import { isXArchive, openXArchive } from './x/index.js';
import { readPst, type PstSummary } from './outlook/index.js';

/** What an input turned out to be, its records, and what its reader has to say once they are read. */
export interface SourceReading {
  /** 'mail', 'X archive', 'Slack export', 'post list', … */
  format: string;
  records: AsyncIterable<RawRecord>;
  /** Remarks for the ingest report (an X archive's counts against its manifest.js), after reading. */
  notes(): string[];
}

/** One kind of platform export: how to recognise it in a tree and how to read it. */
interface ExportKind {
  name: string;
  detect(tree: ExportTree): boolean | Promise<boolean>;
  open(tree: ExportTree): { records: AsyncIterable<ExportRecord | UnreadableInput>; notes(): string[] };
}

const NO_NOTES = (): string[] => [];

/** Platform exports, tried in this order on a folder or a zip before it is read as mail. */
const EXPORT_KINDS: ExportKind[] = [
  { name: 'X archive', detect: isXArchive, open: openX },
  {
    name: 'Slack export',
    detect: isSlackExport,
    open: (t) => ({ records: readSlackExport(t), notes: NO_NOTES }),
  },
  {
    name: 'Telegram export',
    detect: isTelegramExport,
    open: (t) => ({ records: readTelegramExport(t), notes: NO_NOTES }),
  },
  {
    name: 'WhatsApp chat',
    detect: isWhatsAppExport,
    open: (t) => ({ records: readWhatsAppExport(t), notes: NO_NOTES }),
  },
];

/**
 * One line on the archive's manifest.js for the ingest report; null without one (the reader's
 * own note says the counts cannot be checked).
 */
function manifestLine(
  manifest: { member: string | null; problem: string | null },
  files: number,
  differing: number,
): string | null {
  if (manifest.member === null) return null;
  if (manifest.problem) return `manifest.js: ${manifest.problem}`;
  return differing === 0
    ? `manifest.js: all ${files} files hold the counts it declares`
    : `manifest.js: ${differing} of ${files} files differ from the counts it declares`;
}

function openX(tree: ExportTree): ReturnType<ExportKind['open']> {
  const archive = openXArchive(tree);
  return {
    records: archive.records(),
    notes: () => {
      const r = archive.report();
      const checks = r.manifestCheck;
      const differ = checks.filter((c) => !c.matches);
      const out: string[] = [];
      if (r.account)
        out.push(
          `account: @${r.account.handle ?? r.account.address}${r.account.name ? ` (${r.account.name})` : ''}`,
        );
      const manifest = manifestLine(r.manifest, checks.length, differ.length);
      if (manifest !== null) out.push(manifest);
      for (const c of differ) {
        out.push(
          `  ${c.file}: declared ${c.declared ?? 'nothing'}, read ${c.read ?? 'no file'}${c.note ? ` (${c.note})` : ''}`,
        );
      }
      if (r.identities.unresolved.length > 0) {
        out.push(
          `${r.identities.unresolved.length} account ids not named anywhere in the archive (${r.identities.unresolved.slice(0, 5).join(', ')}${r.identities.unresolved.length > 5 ? ', …' : ''})`,
        );
      }
      for (const n of r.notes) out.push(n);
      return out;
    },
  };
}

/**
 * Names at the top of a folder that make it a platform export's own folder: Slack's lists,
 * Telegram's result.json, an X archive's data folder given by itself. The export kinds' detectors
 * then decide (a folder can hold a users.json of something else).
 */
const EXPORT_MARKERS = new Set([
  'channels.json',
  'groups.json',
  'dms.json',
  'mpims.json',
  'users.json',
  'result.json',
  'manifest.js',
  'account.js',
]);
/** What an X archive's data/ folder holds (js/ for the archives of 2010-2018). */
const X_DATA_MARKERS = new Set(['manifest.js', 'account.js', 'js']);
/** Files a folder walk asks the export readers about: the single-file exports and zips. */
const EXPORT_FILE = /\.(?:json|jsonl|ndjson|txt|csv|tsv|zip)$/i;

const ZIP_MAGIC = [0x50, 0x4b];
const PST_MAGIC = [0x21, 0x42, 0x44, 0x4e];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const TNEF_MAGIC = [0x78, 0x9f, 0x3e, 0x22];
/** Bytes looked at to tell a single-file export (Telegram JSON, WhatsApp text, a post list) from mail. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Every record of one input path, whatever it is: a platform export (X archive, Slack,
 * Telegram, WhatsApp, a list of public posts; as a folder, a zip or its one file) read by its
 * own reader, Outlook files, anything else as mail (readInput: mbox, Maildir, .eml, archives of
 * them). A folder that is not itself an export is walked as mail, and the exports found inside
 * it (a Telegram export's folder, a WhatsApp chat, an X archive's zip beside the mailboxes) are
 * read by their readers where the walk meets them (openFolder). Never throws for bad input
 * after the first `next()`; a missing path throws InnsynError 'not-found' there.
 */
export async function openSource(input: string, options: Partial<ReaderLimits> = {}): Promise<SourceReading> {
  const abs = path.resolve(input);
  const info = await stat(abs).catch(() => null); // readInput reports a missing path
  if (info?.isDirectory()) return openFolder(abs, options);
  if (info?.isFile()) {
    const single = await fileExport(abs, info.size, options);
    if (single) return single;
    const outlook = await outlookFile(abs, info.size, options);
    if (outlook) return outlook;
  }
  return { format: 'mail', records: readInput(abs, options), notes: NO_NOTES };
}

/** The first export kind that recognises the tree, opened; null when none does. */
async function exportIn(tree: ExportTree): Promise<SourceReading | null> {
  const kind = await exportKind(tree);
  if (kind === null) return null;
  const opened = kind.open(tree);
  return { format: kind.name, records: withSkipped(tree, kind.name, opened.records), notes: opened.notes };
}

async function exportKind(tree: ExportTree): Promise<ExportKind | null> {
  for (const kind of EXPORT_KINDS) if (await kind.detect(tree)) return kind;
  return null;
}

/**
 * A file that is an export by itself: a Telegram result.json or a WhatsApp chat .txt (read as
 * a tree of that one file), a zip of an export, or a list of public posts (`inFolder`: met in a
 * folder walk, not named by the user). Null for anything else.
 */
async function fileExport(
  abs: string,
  size: number,
  options: Partial<ReaderLimits>,
  inFolder = false,
): Promise<SourceReading | null> {
  const head = await readFileHead(abs, SNIFF_BYTES);
  const name = path.basename(abs);
  if (isTelegramJson(name, head) || isWhatsAppText(name, head)) {
    return exportIn(mapTree(abs, new Map([[name, size]]), () => readFile(abs)));
  }
  if (head[0] === ZIP_MAGIC[0] && head[1] === ZIP_MAGIC[1]) {
    let tree: ExportTree;
    try {
      tree = await zipTree(abs);
    } catch {
      return null; // not a zip we can list: the mail readers say why
    }
    if (isOneExport(tree.list())) return exportIn(tree);
    // A zip of mail with an export among its folders is read as mail (the export's files are
    // quarantined as what they are not) rather than as the export, which would pass over the
    // mail; the report says what to do.
    const inside = (await exportKind(tree))?.name;
    if (inside === undefined) return null;
    const note = `holds a ${inside} among other files, which innsyn does not read from inside a zip: its files are quarantined; unzip it and ingest the folder`;
    return { format: 'mail', records: readInput(abs, options), notes: () => [note] };
  }
  if (!isPostList(name, head)) return null;
  if (inFolder) {
    // Met in a folder rather than named: a post list only if its reader finds a post in it (a
    // JSON file of something else with a "text" and a "date" key is left to the mail readers,
    // which quarantine it as before).
    const bytes = await readFile(abs);
    for await (const r of readPostList({ bytes, path: abs })) {
      if (r.type === 'export') return postList(abs, bytes);
    }
    return null;
  }
  return postList(abs, null);
}

/** A list of public posts read whole (the bytes when already read). */
function postList(abs: string, bytes: Uint8Array | null): SourceReading {
  return {
    format: 'post list',
    records: deferred(async () => readPostList({ bytes: bytes ?? (await readFile(abs)), path: abs })),
    notes: NO_NOTES,
  };
}

/**
 * A folder: an export when it is one (its markers at the top, or in the one folder it holds: a
 * zip unpacked with its top folder), read as before with every location relative to it;
 * otherwise walked as mail, with each folder and file the walk meets that is an export read
 * by that export's reader. The report names the export kinds found, and where.
 */
async function openFolder(abs: string, options: Partial<ReaderLimits>): Promise<SourceReading> {
  if ((await isExportFolder(abs)) || (await wrapsExportFolder(abs))) {
    const whole = await exportIn(await folderTree(abs));
    if (whole) return whole;
  }
  const found: Array<{ at: string; reading: SourceReading }> = [];
  let claimed = 0;
  let all = 0;
  const claim: ClaimInput = async (p, kind) => {
    let reading: SourceReading | null = null;
    try {
      if (kind === 'dir') reading = (await isExportFolder(p)) ? await exportIn(await folderTree(p)) : null;
      else if (EXPORT_FILE.test(p)) reading = await fileExport(p, (await stat(p)).size, options, true);
    } catch {
      // Unreadable (permissions, gone, too large to take whole): the mail readers meet it next
      // and report it, with its place, as for any file of the folder.
      reading = null;
    }
    if (!reading) return null;
    found.push({ at: path.relative(abs, p).split(path.sep).join('/'), reading });
    return counted(reading.records, () => claimed++);
  };
  return {
    get format(): string {
      if (found.length === 0) return 'mail';
      const kinds = [...new Set(found.map((f) => f.reading.format))];
      return (all > claimed ? ['mail', ...kinds] : kinds).join(', ');
    },
    records: counted(readInput(abs, options, claim), () => all++),
    notes: () =>
      found.flatMap(({ at, reading }) => [
        `${at}: ${reading.format}`,
        ...reading.notes().map((n) => `  ${n}`),
      ]),
  };
}

/**
 * Whether a zip's members are one export, as an export's zip holds it: its marker files (or a
 * WhatsApp chat's .txt) at the top or in the one folder at the top, or a single file.
 */
function isOneExport(members: readonly string[]): boolean {
  const visible = members.filter((m) =>
    m.split('/').every((part) => !part.startsWith('.') && part !== '__MACOSX'),
  );
  if (visible.length <= 1) return true;
  const tops = new Set(visible.map((m) => m.split('/')[0]));
  const only = tops.size === 1 && visible.every((m) => m.includes('/')) ? `${[...tops][0]}/` : '';
  const inside = visible.map((m) => m.slice(only.length));
  const files = inside.filter((m) => !m.includes('/'));
  const data = inside.filter((m) => m.startsWith('data/')).map((m) => m.split('/')[1] as string);
  return (
    files.some((f) => EXPORT_MARKERS.has(f) || isChatFileName(f)) ||
    data.some((name) => X_DATA_MARKERS.has(name))
  );
}

/** The records, calling `each` for every one as it passes. */
async function* counted(records: AsyncIterable<RawRecord>, each: () => void): AsyncGenerator<RawRecord> {
  for await (const r of records) {
    each();
    yield r;
  }
}

/** Whether a folder is a platform export's own folder (EXPORT_MARKERS, an X archive's data/). */
async function isExportFolder(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.some((n) => EXPORT_MARKERS.has(n))) return true;
  if (!names.includes('data')) return false;
  const data = await readdir(path.join(dir, 'data')).catch(() => [] as string[]);
  return data.some((n) => X_DATA_MARKERS.has(n));
}

/**
 * Whether a folder holds nothing but one folder that is an export's own (hidden files and
 * macOS's __MACOSX aside): an export's zip unpacked with its top folder.
 */
async function wrapsExportFolder(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const visible = entries.filter((e) => !e.name.startsWith('.') && e.name !== '__MACOSX');
  const only = visible[0];
  return (
    visible.length === 1 &&
    only !== undefined &&
    only.isDirectory() &&
    isExportFolder(path.join(dir, only.name))
  );
}

/**
 * An Outlook file given by itself (src/sources/outlook): a PST/OST is read from its path with
 * its folder counts in the report; a .msg or a TNEF file (winmail.dat) by the container readers
 * like any mail file. Each is named in the report. Null for anything else.
 */
async function outlookFile(
  abs: string,
  size: number,
  options: Partial<ReaderLimits>,
): Promise<SourceReading | null> {
  const head = await readFileHead(abs, OLE2_MAGIC.length);
  if (PST_MAGIC.every((b, i) => head[i] === b)) {
    const summary: PstSummary = { folders: 0, items: 0, searchFolders: 0, notes: [] };
    return {
      format: 'Outlook PST/OST',
      records: readPst(abs, { path: abs, member: null }, size, summary),
      notes: () => [`${summary.folders} folders listing ${summary.items} items`, ...summary.notes],
    };
  }
  if (OLE2_MAGIC.every((b, i) => head[i] === b))
    return { format: 'Outlook .msg', records: readInput(abs, options), notes: NO_NOTES };
  if (TNEF_MAGIC.every((b, i) => head[i] === b))
    return { format: 'Outlook TNEF (winmail.dat)', records: readInput(abs, options), notes: NO_NOTES };
  return null;
}

/** Every record of one input path (see openSource), for callers that need no report notes. */
export function readSource(input: string, options: Partial<ReaderLimits> = {}): AsyncIterable<RawRecord> {
  return deferred(async () => (await openSource(input, options)).records);
}

/** The export's records, then one UnreadableInput for every member its zip could not offer. */
async function* withSkipped(
  tree: ExportTree,
  name: string,
  records: AsyncIterable<ExportRecord | UnreadableInput>,
): AsyncGenerator<RawRecord> {
  yield* records;
  for (const s of skippedMembers(tree)) {
    yield {
      type: 'unreadable',
      reason: `${name} ${tree.path}: ${s.member ?? 'the zip'}: ${s.reason}`,
      bytes: new Uint8Array(0),
      location: { path: tree.path, member: s.member, offset: 0, length: 0 },
    };
  }
}
