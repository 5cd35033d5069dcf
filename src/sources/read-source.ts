import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportRecord, RawRecord, UnreadableInput } from '../model/index.js';
import { readInput, type ReaderLimits } from './containers/index.js';
import { readFileHead } from './containers/byte-chunks.js';
import { deferred } from './containers/lazy-iterables.js';
import type { ExportTree } from './export/export-tree.js';
import { folderTree, mapTree } from './export/export-tree.js';
import { skippedMembers, zipTree } from './export/zip-tree.js';
import { isPostList, readPostList } from './posts/index.js';
import { isSlackExport, readSlackExport } from './slack/index.js';
import { isTelegramExport, isTelegramJson, readTelegramExport } from './telegram/index.js';
import { isWhatsAppExport, isWhatsAppText, readWhatsAppExport } from './whatsapp/index.js';
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
 * Names whose presence at the top of a folder (or one folder down) makes it worth listing the
 * whole folder to look for a platform export. A Maildir of 100,000 files is not walked twice.
 */
const EXPORT_MARKERS = new Set(['channels.json', 'users.json', 'result.json', 'manifest.js', 'account.js']);

const ZIP_MAGIC = [0x50, 0x4b];
const PST_MAGIC = [0x21, 0x42, 0x44, 0x4e];
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Bytes looked at to tell a single-file export (Telegram JSON, WhatsApp text, a post list) from mail. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Every record of one input path, whatever it is: a platform export (X archive, Slack,
 * Telegram, WhatsApp, a list of public posts; as a folder or a zip) read by its own reader,
 * anything else as mail (readInput: mbox, Maildir, .eml, archives of them). Never throws for
 * bad input after the first `next()`; a missing path throws InnsynError 'not-found' there.
 */
export async function openSource(input: string, options: Partial<ReaderLimits> = {}): Promise<SourceReading> {
  const abs = path.resolve(input);
  const tree = await exportTreeOf(abs);
  if (tree) {
    for (const kind of EXPORT_KINDS) {
      if (!(await kind.detect(tree))) continue;
      const opened = kind.open(tree);
      return {
        format: kind.name,
        records: withSkipped(tree, kind.name, opened.records),
        notes: opened.notes,
      };
    }
  }
  if (await isPostListFile(abs)) {
    return {
      format: 'post list',
      records: deferred(async () => readPostList({ bytes: await readFile(abs), path: abs })),
      notes: NO_NOTES,
    };
  }
  const outlook = await outlookFile(abs, options);
  if (outlook) return outlook;
  return { format: 'mail', records: readInput(abs, options), notes: NO_NOTES };
}

/**
 * An Outlook file given by itself (src/sources/outlook): a PST/OST is read from its path with
 * its folder counts in the report; a .msg by the container readers like any mail file. Both are
 * named in the report. Null for anything else.
 */
async function outlookFile(abs: string, options: Partial<ReaderLimits>): Promise<SourceReading | null> {
  const info = await stat(abs).catch(() => null);
  if (!info?.isFile()) return null;
  const head = await readFileHead(abs, OLE2_MAGIC.length);
  if (PST_MAGIC.every((b, i) => head[i] === b)) {
    const summary: PstSummary = { folders: 0, items: 0, searchFolders: 0, notes: [] };
    return {
      format: 'Outlook PST/OST',
      records: readPst(abs, { path: abs, member: null }, info.size, summary),
      notes: () => [`${summary.folders} folders listing ${summary.items} items`, ...summary.notes],
    };
  }
  if (OLE2_MAGIC.every((b, i) => head[i] === b))
    return { format: 'Outlook .msg', records: readInput(abs, options), notes: NO_NOTES };
  return null;
}

/** Every record of one input path (see openSource), for callers that need no report notes. */
export function readSource(input: string, options: Partial<ReaderLimits> = {}): AsyncIterable<RawRecord> {
  return deferred(async () => (await openSource(input, options)).records);
}

async function isPostListFile(abs: string): Promise<boolean> {
  const info = await stat(abs).catch(() => null);
  if (!info?.isFile()) return false;
  return isPostList(path.basename(abs), await readFileHead(abs, SNIFF_BYTES));
}

/** The export tree of a folder or zip that may hold a platform export; null for anything else. */
async function exportTreeOf(abs: string): Promise<ExportTree | null> {
  let info;
  try {
    info = await stat(abs);
  } catch {
    return null; // readInput reports the missing path
  }
  if (info.isDirectory()) return (await mayHoldExport(abs)) ? folderTree(abs) : null;
  if (!info.isFile()) return null;
  const head = await readFileHead(abs, SNIFF_BYTES);
  const name = path.basename(abs);
  // A Telegram result.json or a WhatsApp chat .txt given alone: a tree of that one file.
  if (isTelegramJson(name, head) || isWhatsAppText(name, head)) {
    return mapTree(abs, new Map([[name, info.size]]), () => readFile(abs));
  }
  if (head[0] !== ZIP_MAGIC[0] || head[1] !== ZIP_MAGIC[1]) return null;
  try {
    return await zipTree(abs);
  } catch {
    return null; // not a zip we can list: the mail readers say why
  }
}

async function mayHoldExport(dir: string): Promise<boolean> {
  const top = await readdir(dir, { withFileTypes: true });
  if (top.some((e) => e.isFile() && EXPORT_MARKERS.has(e.name))) return true;
  for (const e of top) {
    if (!e.isDirectory() || e.name === 'cur' || e.name === 'new' || e.name === 'tmp') continue;
    const inner = await readdir(path.join(dir, e.name)).catch(() => [] as string[]);
    if (inner.some((name) => EXPORT_MARKERS.has(name))) return true;
  }
  return false;
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
