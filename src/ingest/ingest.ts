import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { RawMessage, RawRecord } from '../model/index.js';
import { sha256Hex } from '../model/index.js';
import { estimateInput } from '../sources/containers/index.js';
import { openSource, type SourceReading } from '../sources/read-source.js';
import type { QuarantineRecord, Store, WriteBatch } from '../store/index.js';
import { quarantinePlace } from '../store/index.js';
import {
  describeLocation,
  MAX_PROBLEMS_LISTED,
  type IngestProgress,
  type IngestReport,
  type InputReport,
} from './ingest-report.js';
import { ParsePool, type ParsedRecord } from './parse-pool.js';
import { exportToItem } from './export-to-item.js';
import { AttachmentTextStage, sumAttachmentReports } from './attachment-text-stage.js';
import { noteDifferentCopy } from './different-copies.js';
import type { AttachmentText } from '../store/index.js';

export interface IngestOptions {
  /** Parser worker threads; 0 parses on the main thread. Default: one per core. */
  workers?: number;
  /** Messages per parse batch and per write transaction. */
  batchSize?: number;
  onProgress?: (p: IngestProgress) => void;
  /** Read images and scanned PDF pages of attachments with OCR (`--ocr`; docs/attachments.md). Default false. */
  ocr?: boolean;
  /** Attachment text workers (AttachmentExtractor); default `defaultExtractWorkers`. */
  extractWorkers?: number;
}

/**
 * Attachment text workers when not told: with OCR one per core (recognising a page takes
 * seconds); without, half the cores, at least one. Reading text PDFs, Word files and sheets is
 * light next to parsing the mail around them (10k bench messages: ~0.8 CPU s in each of two
 * extraction workers against ~11 s in each parser), and each worker holds its own pdf.js:
 * on 2 cores one worker instead of two cut peak RSS 559 → 520 MB at the same speed (2026-11-26).
 */
export function defaultExtractWorkers(ocr: boolean, cores = availableParallelism()): number {
  return ocr ? cores : Math.max(1, Math.floor(cores / 2));
}

/**
 * Parse batches in flight at once, per worker: enough to keep workers busy while the main thread
 * writes (the pool hands each worker two at a time, parse-pool.ts). Three cost ~30 MB more peak
 * memory than two at the same speed (10k bench messages, 2 cores, 2026-11-26).
 */
const BATCHES_IN_FLIGHT_PER_WORKER = 2;
/** Below this much input, starting worker threads costs more than it saves: parse inline. */
const INLINE_BELOW_BYTES = 4 * 1024 * 1024;
/** Raw bytes buffered before a batch is sent even if it has fewer messages (bounds memory on large mail). */
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

interface Pending {
  seq: number;
  records: RawRecord[];
  /** Parsed, and for items with attachments their texts read and the items prepared with them. */
  outcomes: Promise<{ outcomes: ParsedRecord[]; texts: AttachmentText[] }>;
  report: InputReport;
  seen: Seen;
}

/**
 * Of one input's read: the files records came from that had quarantine entries before (`before`;
 * not every file, a Maildir of a million messages would hold a million paths), and the places
 * quarantined (quarantinePlace).
 */
interface Seen {
  read: Set<string>;
  kept: Set<string>;
  before: ReadonlySet<string>;
}

/**
 * Ingests every input path into the store and returns the per-input report.
 *
 * Never throws for bad input: a file that cannot be opened is reported 'failed', a record that
 * cannot be read is quarantined with its reason and bytes. For every input,
 * read = stored + duplicates + quarantined. Safe to kill at any moment: batches are committed
 * whole (one or several to a transaction) and every write is idempotent (content ids, unique
 * locations), so running the same command again ends with exactly the database an
 * uninterrupted run leaves.
 */
export async function ingest(
  paths: string[],
  store: Store,
  options: IngestOptions = {},
): Promise<IngestReport> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const report: IngestReport = {
    inputs: [],
    read: 0,
    stored: 0,
    duplicates: 0,
    quarantined: 0,
    bytes: 0,
    seconds: 0,
  };

  let bytesTotal = 0;
  /** The bytes of each input's files: a folder's own size (its inode, 4 KB) says nothing. */
  const inputBytes = new Map<string, number>();
  for (const p of paths) {
    const bytes = (await estimateInput(path.resolve(p)).catch(() => ({ bytes: 0 }))).bytes;
    inputBytes.set(path.resolve(p), bytes);
    bytesTotal += bytes;
  }
  const workers = options.workers ?? (bytesTotal < INLINE_BELOW_BYTES ? 0 : availableParallelism());
  const batchSize = options.batchSize ?? 200;
  const pool = new ParsePool(workers);
  let bytesDone = 0;
  let lastProgress = 0;
  const progress = () => {
    if (!options.onProgress) return;
    const now = Date.now();
    if (now - lastProgress < 200) return;
    lastProgress = now;
    const attachments = stage.progress();
    options.onProgress({
      bytesDone,
      bytesTotal,
      messages: report.read,
      seconds: seconds(),
      ...(attachments ? { attachments } : {}),
    });
  };
  const stage = new AttachmentTextStage(store, pool, {
    ocr: options.ocr ?? false,
    workers: options.extractWorkers ?? defaultExtractWorkers(options.ocr ?? false),
    onProgress: progress,
  });
  let batches = 0;

  const inFlight: Pending[] = [];
  const maxInFlight = Math.max(1, workers) * BATCHES_IN_FLIGHT_PER_WORKER;

  const drainOne = async () => {
    const next = inFlight.shift();
    if (!next) return;
    const { outcomes, texts } = await next.outcomes;
    // Batches already parsing behind this one: the store may commit them together (WriteBatch.more).
    await writeRecords(store, next.records, outcomes, next.report, texts, inFlight.length > 0, next.seen);
    stage.written(next.seq);
    for (const r of next.records)
      bytesDone += (r.type === 'export' ? undefined : r.progressBytes) ?? r.location.length;
    progress();
  };

  try {
    for (const given of paths) {
      const abs = path.resolve(given);
      const input: InputReport = {
        path: abs,
        status: 'ok',
        read: 0,
        stored: 0,
        duplicates: 0,
        quarantined: 0,
        bytes: 0,
        problems: [],
      };
      report.inputs.push(input);
      let info;
      try {
        info = await stat(abs);
      } catch (e) {
        input.status = 'failed';
        input.error = `cannot open ${abs}: ${(e as NodeJS.ErrnoException).code ?? String(e)}; check the path`;
        continue;
      }
      const size = info.isDirectory() ? (inputBytes.get(abs) ?? 0) : info.size;
      await store.putSource({
        path: abs,
        size,
        mtimeMs: info.mtimeMs,
        state: 'started',
        read: 0,
        stored: 0,
        duplicates: 0,
        quarantined: 0,
      });

      let batch: RawRecord[] = [];
      let batchBytes = 0;
      // Files of this input that an earlier read quarantined something of: the ones to settle.
      const seen: Seen = { read: new Set(), kept: new Set(), before: await store.quarantinedPaths(abs) };
      const flush = async () => {
        if (batch.length === 0) return;
        const records = batch;
        batch = [];
        batchBytes = 0;
        const messages = records.filter((r): r is RawMessage => r.type === 'message');
        const seq = batches++;
        const outcomes = pool.parse(messages).then((o) => stage.complete(seq, messages, o, input));
        // Awaited in order by drainOne; a failure must not surface as unhandled before then.
        outcomes.catch(() => {});
        inFlight.push({ seq, records, outcomes, report: input, seen });
        while (inFlight.length >= maxInFlight) await drainOne();
      };
      let source: SourceReading | null = null;
      try {
        source = await openSource(abs);
        input.format = source.format;
        for await (const rec of source.records) {
          batch.push(rec);
          batchBytes += rec.bytes.byteLength;
          if (batch.length >= batchSize || batchBytes >= MAX_BATCH_BYTES) await flush();
        }
        // A folder walked as mail names the exports it found in it once it has been read.
        input.format = source.format;
        const notes = source.notes();
        if (notes.length > 0) input.notes = notes;
      } catch (e) {
        // A reader should report bad regions as records; an exception here is a broken input
        // as a whole (or a reader bug): say so, keep what was read.
        input.status = 'failed';
        input.error = `reading ${abs} stopped: ${e instanceof Error ? e.message : String(e)}`;
        if ((e as NodeJS.ErrnoException).code === 'ERR_FS_FILE_TOO_LARGE') {
          // Export files and post lists are read whole; Node reads at most 2 GiB at once.
          input.error +=
            '. innsyn reads an export file or a list of posts whole, at most 2 GiB: split it into parts ' +
            '(JSON Lines: `split -C 1G FILE part-`; CSV: parts that each begin with the header row) and ingest those';
        }
      }
      await flush();
      while (inFlight.length > 0) await drainOne();
      if (input.status !== 'failed') {
        input.status = input.quarantined > 0 ? 'quarantined' : 'ok';
        await store.putSource({
          path: abs,
          size,
          mtimeMs: info.mtimeMs,
          state: 'complete',
          read: input.read,
          stored: input.stored,
          duplicates: input.duplicates,
          quarantined: input.quarantined,
        });
        // Read to its end: its files' quarantine is what this read made of them (an older
        // innsyn's entries at places read otherwise now go).
        await store.settleQuarantine(seen.read, seen.kept);
      }
    }
  } finally {
    await stage.close();
    await pool.close();
  }

  for (const i of report.inputs) {
    report.read += i.read;
    report.stored += i.stored;
    report.duplicates += i.duplicates;
    report.quarantined += i.quarantined;
    report.bytes += i.bytes;
  }
  const attachments = sumAttachmentReports(report.inputs.map((i) => i.attachments));
  if (attachments) report.attachments = attachments;
  report.seconds = seconds();
  const files = stage.progress();
  options.onProgress?.({
    bytesDone,
    bytesTotal,
    messages: report.read,
    seconds: report.seconds,
    ...(files ? { attachments: files } : {}),
  });
  return report;
}

/**
 * Writes one parsed batch and tallies it into the input's report; with `more`, the store may
 * commit it together with the batches after it (WriteBatch.more).
 */
async function writeRecords(
  store: Store,
  records: RawRecord[],
  outcomes: ParsedRecord[],
  input: InputReport,
  attachmentTexts: AttachmentText[],
  more: boolean,
  seen: Seen,
): Promise<void> {
  const batch: WriteBatch = { items: [], quarantine: [], more };
  if (attachmentTexts.length > 0) batch.attachmentTexts = attachmentTexts;
  let o = 0;
  for (const rec of records) {
    input.read++;
    input.bytes += rec.bytes.byteLength;
    if (seen.before.has(rec.location.path)) seen.read.add(rec.location.path);
    if (rec.type === 'unreadable') {
      batch.quarantine.push(quarantineOf(rec, rec.reason, input));
      continue;
    }
    // Export records are small and already structured: normalised here, not on a worker.
    const outcome: ParsedRecord | undefined = rec.type === 'export' ? exportToItem(rec) : outcomes[o++];
    if (!outcome) throw new Error('internal: parse pool returned fewer outcomes than records');
    if (outcome.ok) batch.items.push({ item: outcome.item, raw: rec.bytes, prepared: outcome.prepared });
    else batch.quarantine.push(quarantineOf(rec, outcome.reason, input));
  }
  for (const q of batch.quarantine) {
    if (seen.before.has(q.location.path)) seen.kept.add(quarantinePlace(q.location));
  }
  const results = await store.writeBatch(batch);
  for (const [k, r] of results.entries()) {
    if (r === 'stored') input.stored++;
    else if (r === 'duplicate') {
      input.duplicates++;
      const copy = batch.items[k]; // results list the items first
      if (copy) await noteDifferentCopy(store, copy.item, input);
    } else input.quarantined++;
  }
}

function quarantineOf(rec: RawRecord, reason: string, input: InputReport): QuarantineRecord {
  const location = { ...rec.location, sha256: sha256Hex(rec.bytes) };
  if (input.problems.length < MAX_PROBLEMS_LISTED)
    input.problems.push({ where: describeLocation(location), reason });
  return { location, reason, bytes: rec.bytes };
}
