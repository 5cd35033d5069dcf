import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../model/module-worker.js';
import { compactBytes } from '../model/own-bytes.js';
import type { RawMessage } from '../model/index.js';
import type { PreparedItem } from '../store/index.js';
import type { EmailOutcome } from './email-to-item.js';
import { parseRecord, prepareJob, type AttachmentFile, type PrepareJob } from './attachment-files.js';

export interface ParseRequest {
  seq: number;
  records: RawMessage[];
  /** Instead of records: items whose attachment texts are read, to prepare (attachment-files.ts). */
  prepare?: PrepareJob[];
}

/**
 * A normalised record, prepared for the store when it was parsed on a worker; an item with
 * attachments comes with their bytes instead and is prepared once their texts are read.
 */
export type ParsedRecord = EmailOutcome & { prepared?: PreparedItem; files?: AttachmentFile[] };

export interface ParseResponse {
  seq: number;
  outcomes: ParsedRecord[];
  /** The answer to `prepare`. */
  prepared?: PreparedItem[];
}

/**
 * Tasks a worker holds at once: one to work on and one waiting, so that it never idles while
 * the main thread is busy writing a batch (~0.1-0.2 s) before it can hand out the next.
 */
const TASKS_PER_WORKER = 2;

interface Slot {
  worker: Worker;
  /** Tasks posted to it and not answered yet. */
  busy: number;
}

/**
 * Parses batches of raw messages on worker threads, so that the main thread only reads
 * inputs and writes the database. With `size` 0 it parses inline (small inputs, tests).
 *
 * Tasks wait here, not in the workers' message queues, and preparing items whose attachment
 * texts were read goes before parsing: batches are written in order, and the oldest one waits
 * for that preparation, which in a worker's own queue waited behind up to five parse batches
 * while the writer could do nothing else.
 */
export class ParsePool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (res: ParseResponse) => void; reject: (e: Error) => void }
  >();
  private readonly urgent: ParseRequest[] = [];
  private readonly normal: ParseRequest[] = [];
  private nextSeq = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const slot: Slot = { worker: startWorker(), busy: 0 };
      slot.worker.on('message', (res: ParseResponse) => {
        const p = this.pending.get(res.seq);
        if (!p) return;
        this.pending.delete(res.seq);
        slot.busy--;
        this.pump();
        p.resolve(res);
      });
      slot.worker.on('error', (err) => this.failAll(err));
      this.slots.push(slot);
    }
  }

  parse(records: RawMessage[]): Promise<ParsedRecord[]> {
    if (this.slots.length === 0) return Promise.resolve(records.map((r) => parseRecord(r, false)));
    // A view of a larger buffer would take the whole buffer to the worker (own-bytes.ts).
    const sent = records.map((r) => withBytes(r, compactBytes(r.bytes)));
    return this.send({ seq: this.nextSeq++, records: sent }, false).then((res) => res.outcomes);
  }

  /** Prepares items with their attachment texts for the store, before any parsing waiting (inline without workers). */
  prepare(jobs: PrepareJob[]): Promise<PreparedItem[]> {
    if (this.slots.length === 0 || jobs.length === 0) return Promise.resolve(jobs.map(prepareJob));
    const sent = jobs.map((j) => ({ ...j, raw: compactBytes(j.raw) }));
    return this.send({ seq: this.nextSeq++, records: [], prepare: sent }, true).then(
      (res) => res.prepared ?? [],
    );
  }

  private send(req: ParseRequest, urgent: boolean): Promise<ParseResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.seq, { resolve, reject });
      (urgent ? this.urgent : this.normal).push(req);
      this.pump();
    });
  }

  /** Hands waiting tasks, preparation first, to the least busy workers with room. */
  private pump(): void {
    for (;;) {
      const req = this.urgent[0] ?? this.normal[0];
      if (req === undefined) return;
      let slot: Slot | null = null;
      for (const s of this.slots)
        if (s.busy < TASKS_PER_WORKER && (slot === null || s.busy < slot.busy)) slot = s;
      if (slot === null) return;
      (this.urgent.length > 0 ? this.urgent : this.normal).shift();
      slot.busy++;
      slot.worker.postMessage(req);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.urgent.length = 0;
    this.normal.length = 0;
  }
}

/**
 * A small young generation: parsing makes short-lived strings by the megabyte, and with the
 * default (three 16 MiB semi-spaces and room to grow) each worker held ~35 MB more; 10k bench
 * messages on two workers: peak RSS 432 → 358 MB. The old generation keeps its default: one
 * message may be tens of megabytes.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

function startWorker(): Worker {
  return startModuleWorker(import.meta.url, 'parse-worker', { resourceLimits: WORKER_LIMITS });
}

/** The record with these bytes (itself when they are its own). */
function withBytes(r: RawMessage, bytes: Uint8Array): RawMessage {
  return bytes === r.bytes ? r : { ...r, bytes };
}
