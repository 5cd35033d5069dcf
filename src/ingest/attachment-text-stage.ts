import { AttachmentExtractor, type ExtractProgress } from '../extract/attachments/index.js';
import type { RawMessage } from '../model/index.js';
import type { AttachmentText, Store } from '../store/index.js';
import type { AttachmentFile, PrepareJob } from './attachment-files.js';
import { attachmentTextRow, isProblem, wantsAgain } from './attachment-text-row.js';
import {
  describeLocation,
  MAX_PROBLEMS_LISTED,
  type AttachmentReport,
  type InputReport,
} from './ingest-report.js';
import type { ParsedRecord, ParsePool } from './parse-pool.js';
import { DigestSet } from './digest-set.js';

export interface AttachmentTextStageOptions {
  /** Read images and scanned PDF pages with OCR (`innsyn ingest --ocr`). */
  ocr: boolean;
  /** Extraction worker threads (AttachmentExtractor's default: one per core; ingest passes defaultExtractWorkers). */
  workers?: number;
  /** Called after each file is read. */
  onProgress?: () => void;
}

/** A file being read (or read) in this run, until the batch that reads it is written. */
interface Entry {
  /** The batch that asked first: it writes the row. */
  owner: number;
  row: Promise<AttachmentText>;
}

/**
 * The attachment texts of an ingest (docs/attachments.md): between parsing a batch and writing it,
 * reads the text of every attachment its items hold that the database has not read yet, on the
 * extraction workers (AttachmentExtractor: a time limit and a memory cap per file), each sha256
 * once per run; then prepares those items for the store with the texts (on the parser threads),
 * so their full-text rows index them. The batch waits for that, and batches are written in
 * order, so an item is never written before its texts and the database is the same whatever the
 * timing; the batches in flight bound what waits. A batch none of whose items holds an
 * attachment passes through untouched.
 *
 * A file that cannot be read is a row with status `failed`, flags and an error, counted and
 * listed in its input's report: never an exception.
 */
export class AttachmentTextStage {
  private extractor: AttachmentExtractor | null = null;
  private readonly entries = new Map<string, Entry>();
  /** The files of each input counted so far (an input's report counts each file once). */
  private readonly seenBy = new WeakMap<InputReport, DigestSet>();
  private last: ExtractProgress | null = null;

  constructor(
    private readonly store: Store,
    private readonly pool: ParsePool,
    private readonly options: AttachmentTextStageOptions,
  ) {}

  /**
   * Batch `seq` parsed (`outcomes`, one per message of `messages`): reads what is not read yet,
   * prepares the items that hold attachments, and gives the rows this batch writes.
   */
  async complete(
    seq: number,
    messages: readonly RawMessage[],
    outcomes: ParsedRecord[],
    input: InputReport,
  ): Promise<{ outcomes: ParsedRecord[]; texts: AttachmentText[] }> {
    const holders: number[] = [];
    outcomes.forEach((o, i) => {
      if (o.ok && o.files !== undefined) holders.push(i);
    });
    if (holders.length === 0) return { outcomes, texts: [] };

    const files = new Map<string, { file: AttachmentFile | null; where: string }>();
    for (const i of holders) {
      const o = outcomes[i] as ParsedRecord & { ok: true };
      const bytes = new Map((o.files ?? []).map((f) => [f.sha256, f]));
      for (const a of o.item.attachments) {
        const seen = files.get(a.sha256);
        if (seen?.file) continue;
        const name = a.name ?? a.sha256.slice(0, 12);
        files.set(a.sha256, {
          file: bytes.get(a.sha256) ?? null,
          where: `${describeLocation(o.item.location)} → attachment ${name}`,
        });
      }
    }

    // What the database read before (with the texts: the items are prepared with them).
    const unknown = [...files.keys()].filter((sha) => !this.entries.has(sha));
    const stored = unknown.length > 0 ? await this.store.getAttachmentTexts(unknown, true) : new Map();
    const report = this.reportOf(input);
    const seen = this.seenBy.get(input) ?? new DigestSet();
    this.seenBy.set(input, seen);
    const mine: Array<{ sha: string; where: string }> = [];
    const texts = new Map<string, { text: string; lang: string | null }>();
    const waits: Array<Promise<AttachmentText>> = [];
    for (const [sha, { file, where }] of files) {
      let entry = this.entries.get(sha);
      const before = stored.get(sha);
      if (!entry && file && (!before || wantsAgain(before, this.options.ocr))) {
        entry = { owner: seq, row: this.read(file) };
        this.entries.set(sha, entry);
        mine.push({ sha, where });
      }
      if (!entry && !before) continue; // bytes the message no longer yields, never read: nothing to count
      const firstHere = seen.add(sha);
      if (firstHere) {
        report.files++;
        if (entry?.owner === seq) report.read++;
        else report.known++;
      }
      if (entry) waits.push(entry.row);
      else if (before?.text) texts.set(sha, { text: before.text, lang: before.lang });
    }
    for (const row of await Promise.all(waits))
      if (row.text) texts.set(row.sha256, { text: row.text, lang: row.lang });

    const rows: AttachmentText[] = [];
    for (const { sha, where } of mine) {
      const row = await (this.entries.get(sha) as Entry).row;
      rows.push(row);
      this.count(report, row, where);
    }

    const jobs: PrepareJob[] = holders.map((i) => {
      const item = (outcomes[i] as ParsedRecord & { ok: true }).item;
      const own = item.attachments.flatMap((a) => {
        const t = texts.get(a.sha256);
        return t ? [[a.sha256, t] as [string, { text: string; lang: string | null }]] : [];
      });
      return { item, raw: (messages[i] as RawMessage).bytes, texts: own };
    });
    const prepared = await this.pool.prepare(jobs);
    holders.forEach((i, k) => {
      const o = outcomes[i] as ParsedRecord & { ok: true };
      outcomes[i] = { ok: true, item: o.item, prepared: prepared[k] };
    });
    return { outcomes, texts: rows };
  }

  /** Batch `seq` is written: the files it read are in the database from now on. */
  written(seq: number): void {
    for (const [sha, e] of this.entries) if (e.owner === seq) this.entries.delete(sha);
  }

  /** Files given to the readers and done, and OCR pages; null before the first. */
  progress(): { done: number; total: number; ocrPages: number } | null {
    const p = this.last;
    return p ? { done: p.filesDone, total: p.filesSubmitted, ocrPages: p.ocrPages } : null;
  }

  /** Finishes what is being read and stops the workers. */
  async close(): Promise<void> {
    await this.extractor?.close();
    this.extractor = null;
  }

  private read(file: AttachmentFile): Promise<AttachmentText> {
    // Started on the first file: an ingest of mail without attachments starts no worker.
    this.extractor ??= new AttachmentExtractor({
      ocr: this.options.ocr,
      ...(this.options.workers === undefined ? {} : { workers: this.options.workers }),
      onProgress: (p) => {
        this.last = p;
        this.options.onProgress?.();
      },
    });
    const meta = { name: file.name, contentType: file.contentType };
    return this.extractor
      .extract(file.bytes, meta)
      .then((r) => attachmentTextRow(file.sha256, meta, r, this.options.ocr));
  }

  private reportOf(input: InputReport): AttachmentReport {
    input.attachments ??= emptyAttachmentReport();
    return input.attachments;
  }

  private count(report: AttachmentReport, row: AttachmentText, where: string): void {
    if (row.status === 'text') report.text++;
    else if (row.status === 'empty') report.empty++;
    else if (row.status === 'ocr-needed') report.ocrNeeded++;
    else if (row.status === 'unsupported') report.unsupported++;
    else report.failed++;
    report.ocrPages += row.ocrPages ?? 0;
    if (isProblem(row) && report.problems.length < MAX_PROBLEMS_LISTED) {
      const flags = row.flags.join(', ');
      report.problems.push({ where, reason: row.error === null ? flags : `${row.error} (${flags})` });
    }
  }
}

/** The counts of AttachmentReport, in one list: made and summed alike. */
const COUNTS = [
  'files',
  'read',
  'known',
  'text',
  'empty',
  'ocrNeeded',
  'unsupported',
  'failed',
  'ocrPages',
] as const;

function emptyAttachmentReport(): AttachmentReport {
  const r = { problems: [] } as unknown as AttachmentReport;
  for (const k of COUNTS) r[k] = 0;
  return r;
}

/** The attachment reports of several inputs summed (problems: the first MAX_PROBLEMS_LISTED). */
export function sumAttachmentReports(
  reports: ReadonlyArray<AttachmentReport | undefined>,
): AttachmentReport | undefined {
  let sum: AttachmentReport | undefined;
  for (const r of reports) {
    if (!r) continue;
    sum ??= emptyAttachmentReport();
    for (const k of COUNTS) sum[k] += r[k];
    for (const p of r.problems) if (sum.problems.length < MAX_PROBLEMS_LISTED) sum.problems.push(p);
  }
  return sum;
}
