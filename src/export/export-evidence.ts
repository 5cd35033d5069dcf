import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { identityText, type Identity, type Item, type Location } from '../model/index.js';
import { foldersOfLocations } from '../model/folders.js';
import type { QueryNode } from '../query/index.js';
import { listItemAttachments, type Store } from '../store/index.js';
import { csvRow } from './csv-row.js';
import { emailAttachments } from './email-attachments.js';
import { inExportOrder } from './export-order.js';
import type { ExportFile, ExportSink } from './export-sink.js';
import {
  MANIFEST_FORMAT,
  MANIFEST_PATH,
  MANIFEST_VERSION,
  MAX_LISTED_PROBLEMS,
  type ExportProblem,
  type ManifestAttachment,
  type ManifestCounts,
  type ManifestDatabase,
  type ManifestItem,
} from './manifest.js';
import { rawExtension } from './raw-extension.js';
import { NameAllocator, safeFileName } from './safe-name.js';
import { JsonLinesSpool, Spool } from './spool.js';

export interface EvidenceExportOptions {
  /** The query as the user wrote it ('' for every item), recorded in the manifest. */
  queryText: string;
  innsynVersion: string;
  /** The `version` of the documents in items.jsonl: that of `innsyn show --json` (docs/json.md). */
  itemDocumentVersion: number;
  created: Date;
  database: ManifestDatabase | null;
  /** A folder for temporary files, best on the disk the export goes to; a subfolder is made and removed. */
  spoolDir: string;
  /** After each item. */
  onProgress?: (p: { items: number; bytes: number }) => void;
}

export interface EvidenceExportReport {
  format: 'evidence';
  container: 'dir' | 'zip';
  out: string;
  query: string;
  created: string;
  counts: ManifestCounts;
  /** manifest.json itself: its sha256 is the export's fingerprint. */
  manifest: ExportFile;
  /** The first MAX_LISTED_PROBLEMS; counts.problems has them all. */
  problems: ExportProblem[];
  seconds: number;
}

/** The columns of items.csv (README, "Evidence export"). */
export const CSV_COLUMNS = [
  'id',
  'kind',
  'platform',
  'visibility',
  'sentAt',
  'from',
  'to',
  'cc',
  'subject',
  'conversationId',
  'lang',
  'flags',
  'attachments',
  'file',
  'sha256',
  'sourcePath',
  'sourceMember',
  'sourceOffset',
  'sourceLength',
  'copies',
  'folders',
] as const;

/** Several values in one cell (recipients, flags, attachment names). */
const LIST_SEPARATOR = '; ';
/**
 * A UTF-8 byte order mark before the header: without it Excel reads the file as the local
 * code page and "Tromsø" comes out as "TromsÃ¸". Other CSV readers skip it.
 */
const UTF8_BOM = '\ufeff';

/**
 * Writes the evidence export of the matches of `query` (null: every item) into `sink`, and
 * finishes it (or, on an error, aborts it: nothing half-written is left under the export's name).
 *
 * Per item, in export order (export-order.ts): its original bytes (`items/<id>.<ext>`, the
 * bytes exactly as stored, hashed again and compared with the hash recorded when they were
 * read), each of its attachments the first time that content is met
 * (`attachments/<sha256>-<name>`), a row of items.csv, a line of items.jsonl (the document of
 * `innsyn show --json`) and an entry of the manifest. Then items.csv, items.jsonl and last
 * manifest.json. Holds one item at a time, and the set of attachment hashes written.
 *
 * Never stops half-way for one item: what cannot be exported faithfully (no stored bytes, bytes
 * that no longer match their hash, an attachment the message no longer yields, an item deleted
 * meanwhile) is a problem in the report and the manifest, and the rest goes on. Errors of the
 * store or the disk abort the export and are thrown.
 */
export async function exportEvidence(
  store: Store,
  query: QueryNode | null,
  sink: ExportSink,
  options: EvidenceExportOptions,
): Promise<EvidenceExportReport> {
  const started = Date.now();
  let tmp: string | null = null;
  try {
    tmp = await mkdtemp(path.join(options.spoolDir, '.innsyn-export-'));
    const report = await writeExport(store, query, sink, options, tmp);
    await sink.finish();
    return { ...report, seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    if (tmp !== null) await rm(tmp, { recursive: true, force: true });
  }
}

async function writeExport(
  store: Store,
  query: QueryNode | null,
  sink: ExportSink,
  options: EvidenceExportOptions,
  tmp: string,
): Promise<Omit<EvidenceExportReport, 'seconds'>> {
  const csv = Spool.in(tmp, 'items.csv');
  const jsonl = Spool.in(tmp, 'items.jsonl');
  const fileList = new JsonLinesSpool(tmp, 'files');
  const itemList = new JsonLinesSpool(tmp, 'items');
  const names = new NameAllocator();
  /** Attachment files written, by sha256. */
  const written = new Map<string, string>();
  const problems: ExportProblem[] = [];
  const counts: ManifestCounts = {
    items: 0,
    files: 0,
    bytes: 0,
    attachments: 0,
    attachmentsUnavailable: 0,
    problems: 0,
  };
  const problem = (p: ExportProblem): void => {
    counts.problems++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
  };
  const add = async (rel: string, content: Uint8Array | AsyncIterable<Uint8Array>): Promise<ExportFile> => {
    const f = await sink.add(rel, content);
    await fileList.push(f);
    counts.files++;
    counts.bytes += f.size;
    return f;
  };

  try {
    await csv.write(UTF8_BOM + csvRow(CSV_COLUMNS));
    for await (const id of inExportOrder(store.listMatches(query))) {
      const item = await store.getItem(id);
      if (!item) {
        problem({ item: id, code: 'vanished', message: `item ${id} was deleted while the export ran` });
        continue;
      }
      const locations = await store.getLocations(id);
      const raw = await store.getRaw(id);
      let file: ExportFile | null = null;
      if (raw) {
        file = await add(names.claim('items', `${id}${rawExtension(item, raw)}`), raw);
        const recorded = (locations[0] ?? item.location).sha256;
        if (file.sha256 !== recorded) {
          problem({
            item: id,
            code: 'raw-hash-mismatch',
            message:
              `the stored bytes of ${id} hash to ${file.sha256}, not to ${recorded} as when they were read: ` +
              'the database was changed or damaged; ingest the original file again',
          });
        }
      } else {
        problem({
          item: id,
          code: 'no-raw',
          message: `the database holds no original bytes for ${id}; its metadata is exported`,
        });
      }
      const attachments = await exportAttachments(item, raw, written, add, names, problem, counts);
      counts.items++;
      await csv.write(csvRow(csvCells(item, locations, file)));
      // The document of `innsyn show --json`: the item, its locations, its attachments as read.
      const listed = await listItemAttachments(store, item);
      await jsonl.write(
        `${JSON.stringify({ version: options.itemDocumentVersion, item, locations, folders: foldersOfLocations(locations), attachments: listed })}\n`,
      );
      const entry: ManifestItem = {
        id,
        file: file?.path ?? null,
        sha256: file?.sha256 ?? null,
        locations,
        attachments,
      };
      await itemList.push(entry);
      options.onProgress?.({ items: counts.items, bytes: counts.bytes });
    }
    await csv.close();
    await jsonl.close();
    await add('items.csv', csv.chunks());
    await add('items.jsonl', jsonl.chunks());
    await fileList.close();
    await itemList.close();

    const head = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      created: options.created.toISOString(),
      innsyn: options.innsynVersion,
      query: options.queryText,
      database: options.database,
      counts,
    };
    const manifest = await sink.add(MANIFEST_PATH, manifestChunks(head, fileList, itemList, problems), {
      stored: true,
    });
    return {
      format: 'evidence',
      container: sink.kind,
      out: sink.target,
      query: options.queryText,
      created: head.created,
      counts,
      manifest,
      problems,
    };
  } finally {
    // Closed on every path, so the temporary folder can be removed.
    await Promise.allSettled([csv.close(), jsonl.close(), fileList.close(), itemList.close()]);
  }
}

async function exportAttachments(
  item: Item,
  raw: Uint8Array | null,
  written: Map<string, string>,
  add: (rel: string, content: Uint8Array) => Promise<ExportFile>,
  names: NameAllocator,
  problem: (p: ExportProblem) => void,
  counts: ManifestCounts,
): Promise<ManifestAttachment[]> {
  const out: ManifestAttachment[] = [];
  let parts: Map<string, Uint8Array> | null = null;
  for (const a of item.attachments) {
    const sha = a.sha256.toLowerCase();
    const done = written.get(sha);
    if (done !== undefined) {
      out.push({ sha256: sha, name: a.name, file: done });
      continue;
    }
    if (item.kind !== 'email' || raw === null) {
      counts.attachmentsUnavailable++;
      out.push({
        sha256: sha,
        name: a.name,
        file: null,
        unavailable:
          raw === null
            ? 'the message itself is not stored'
            : 'only its hash was read (the file is in the original export, not in the database)',
      });
      continue;
    }
    if (parts === null) {
      try {
        parts = emailAttachments(raw);
      } catch (e) {
        parts = new Map();
        problem({
          item: item.id,
          code: 'attachment-not-found',
          message: `parsing ${item.id} again failed: ${String(e)}`,
        });
      }
    }
    const bytes = parts.get(sha);
    if (!bytes) {
      counts.attachmentsUnavailable++;
      problem({
        item: item.id,
        code: 'attachment-not-found',
        message:
          `attachment ${sha} (${a.name ?? 'unnamed'}) is recorded for ${item.id} but the message no longer ` +
          'yields it (read by an older innsyn?): ingest the file again',
      });
      out.push({ sha256: sha, name: a.name, file: null, unavailable: 'the message no longer yields it' });
      continue;
    }
    const f = await add(names.claim('attachments', `${sha}-${safeFileName(a.name, 'attachment')}`), bytes);
    written.set(sha, f.path);
    counts.attachments++;
    out.push({ sha256: sha, name: a.name, file: f.path });
  }
  return out;
}

function csvCells(item: Item, locations: Location[], file: ExportFile | null): Array<string | number | null> {
  const first = locations[0] ?? item.location;
  const people = (list: Identity[]): string => list.map(identityText).join(LIST_SEPARATOR);
  return [
    item.id,
    item.kind,
    item.platform,
    item.visibility,
    item.sentAt,
    item.from ? identityText(item.from) : null,
    people(item.to),
    people(item.cc),
    item.subject,
    item.conversationId,
    item.lang,
    item.flags.join(LIST_SEPARATOR),
    item.attachments.map((a) => a.name ?? '(unnamed)').join(LIST_SEPARATOR),
    file?.path ?? null,
    file?.sha256 ?? null,
    first.path,
    first.member,
    first.offset,
    first.length,
    locations.length,
    foldersOfLocations(locations).join(LIST_SEPARATOR),
  ];
}

/** manifest.json: the head as indented JSON, then the spooled lists, one element a line. */
async function* manifestChunks(
  head: Record<string, unknown>,
  files: JsonLinesSpool,
  items: JsonLinesSpool,
  problems: ExportProblem[],
): AsyncGenerator<Uint8Array> {
  const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');
  // JSON.stringify(…, null, 2) ends in "\n}": the lists go before that brace.
  yield text(`${JSON.stringify(head, null, 2).slice(0, -2)},\n`);
  yield* list('files', files, false);
  yield* list('items', items, false);
  const problemLines = problems.map((p) => `    ${JSON.stringify(p)}`).join(',\n');
  yield text(`  "problems": [${problems.length ? `\n${problemLines}\n  ` : ''}]\n}\n`);

  async function* list(name: string, spool: JsonLinesSpool, last: boolean): AsyncGenerator<Uint8Array> {
    if (spool.count === 0) {
      yield text(`  "${name}": []${last ? '' : ','}\n`);
      return;
    }
    yield text(`  "${name}": [\n`);
    yield* spool.chunks();
    yield text(`\n  ]${last ? '' : ','}\n`);
  }
}
