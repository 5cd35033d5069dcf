import { Worker } from 'node:worker_threads';
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
 * Parses batches of raw messages on worker threads, so that the main thread only reads
 * inputs and writes the database. With `size` 0 it parses inline (small inputs, tests).
 */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (res: ParseResponse) => void; reject: (e: Error) => void }
  >();
  private nextSeq = 0;
  private nextWorker = 0;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const w = startWorker();
      w.on('message', (res: ParseResponse) => {
        const p = this.pending.get(res.seq);
        if (!p) return;
        this.pending.delete(res.seq);
        p.resolve(res);
      });
      w.on('error', (err) => this.failAll(err));
      this.workers.push(w);
    }
  }

  parse(records: RawMessage[]): Promise<ParsedRecord[]> {
    const worker = this.workers[this.nextWorker++ % Math.max(1, this.workers.length)];
    if (!worker) return Promise.resolve(records.map((r) => parseRecord(r, false)));
    return this.send(worker, { seq: this.nextSeq++, records }).then((res) => res.outcomes);
  }

  /** Prepares items with their attachment texts for the store, on the next worker (inline without). */
  prepare(jobs: PrepareJob[]): Promise<PreparedItem[]> {
    const worker = this.workers[this.nextWorker++ % Math.max(1, this.workers.length)];
    if (!worker || jobs.length === 0) return Promise.resolve(jobs.map(prepareJob));
    return this.send(worker, { seq: this.nextSeq++, records: [], prepare: jobs }).then(
      (res) => res.prepared ?? [],
    );
  }

  private send(worker: Worker, req: ParseRequest): Promise<ParseResponse> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.seq, { resolve, reject });
      worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

/**
 * A small young generation: parsing makes short-lived strings by the megabyte, and with the
 * default (three 16 MiB semi-spaces and room to grow) each worker held ~35 MB more; 10k bench
 * messages on two workers: peak RSS 432 → 358 MB. The old generation keeps its default: one
 * message may be tens of megabytes.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/**
 * From dist/ the worker is plain JavaScript. Under tsx (tests, the benchmark) the sources are
 * TypeScript, and Node 20 does not carry tsx's loader hooks into workers, so a small bootstrap
 * registers them first.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./parse-worker.js', import.meta.url), { resourceLimits: WORKER_LIMITS });
  }
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, resourceLimits: WORKER_LIMITS });
}
