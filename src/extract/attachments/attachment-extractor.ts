import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InnsynError } from '../../model/errors.js';
import { startModuleWorker } from '../../model/module-worker.js';
import { type ExtractLimits, resolveExtractLimits } from './extract-limits.js';
import { DEFAULT_OCR_PAGE_TIMEOUT_MS } from './extract-context.js';
import { EXTRACT_FLAGS, type ExtractMeta, type ExtractResult } from './extract-result.js';
import { hintedKind } from './sniff-kind.js';
import type { WorkerReply, WorkerRequest } from './extract-worker.js';

export interface AttachmentExtractorOptions {
  /** Run OCR on images and image-only PDF pages (`--ocr`). Default false. */
  ocr?: boolean;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /**
   * Hard time limit for one file, in ms (default 60,000): past it the worker is terminated
   * and replaced, and the file gets `extract-timeout` and no text. A soft limit a fifth
   * shorter (at most 5 s) lets a slow file stop itself first and keep what it has read.
   */
  timeoutMs?: number;
  /** Each page or image sent to OCR adds this much to the file's time limit (default 60,000 ms). */
  ocrPageTimeoutMs?: number;
  /**
   * V8 heap cap of each worker, in MB (resourceLimits.maxOldGenerationSizeMb; default 512).
   * A file that needs more ends its worker with `extract-out-of-memory`; the pool goes on.
   * It does not cap memory outside the JavaScript heap (the OCR engine's WebAssembly memory,
   * decoded buffers): maxInputBytes and maxImagePixels bound those.
   */
  maxWorkerMemoryMb?: number;
  /** Files waiting for a worker before extract() makes its caller wait; default 2 × workers. */
  maxQueue?: number;
  limits?: Partial<ExtractLimits>;
  /** Called after each file. */
  onProgress?: (progress: ExtractProgress) => void;
}

export interface ExtractProgress {
  /** Files finished (whatever their outcome) and their bytes. */
  filesDone: number;
  bytesDone: number;
  /** Files given to extract() so far and their bytes. */
  filesSubmitted: number;
  bytesSubmitted: number;
  /** Files that ended with extract-failed, -timeout or -out-of-memory. */
  filesFailed: number;
  /** Pages and images read by OCR. */
  ocrPages: number;
  /** The file just finished. */
  last: { name: string | null; kind: ExtractResult['kind']; flags: string[] };
}

interface Job {
  bytes: Uint8Array;
  meta: ExtractMeta;
  resolve: (r: ExtractResult) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
  deadline: number;
  /** When the current file was handed to the worker. */
  started: number;
  /** Set once the worker has loaded its modules (it says so before taking any file). */
  ready: boolean;
  /** Set once the worker is being replaced, so its late events are ignored. */
  retired: boolean;
}

/** Workers that die before loading their modules, in a row, after which the pool gives up. */
const MAX_STARTUP_FAILURES = 3;
/** Time a new worker has to load its modules (tsx compiles them on first use under test). */
const WORKER_START_TIMEOUT_MS = 60_000;

/**
 * Extracts the text of attachments on worker threads, one file per worker at a time, with a
 * time limit and a heap cap per file. One bad file is reported (flags and error in its
 * result) and skipped: a worker that hangs is terminated, one that runs out of memory or
 * crashes is replaced, and the pool goes on. extract() never rejects.
 *
 * Backpressure: at most `maxQueue` files wait for a worker; further extract() calls wait
 * for room before queueing, so a caller that awaits them (or uses extractEach) holds a
 * bounded number of files in memory.
 */
export class AttachmentExtractor {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly ocrPageTimeoutMs: number;
  private readonly maxQueue: number;
  private readonly memoryMb: number;
  private readonly ocr: boolean;
  private readonly limits: ExtractLimits;
  private readonly onProgress: ((p: ExtractProgress) => void) | undefined;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;
  private startupFailures = 0;
  private brokenReason: string | null = null;
  private readonly progress = {
    filesDone: 0,
    bytesDone: 0,
    filesSubmitted: 0,
    bytesSubmitted: 0,
    filesFailed: 0,
    ocrPages: 0,
  };

  /** Throws InnsynError('usage') for an invalid option; no worker has started then. */
  constructor(options: AttachmentExtractorOptions = {}) {
    const whole = (name: string, v: number | undefined, dflt: number): number => {
      if (v === undefined) return dflt;
      if (!Number.isSafeInteger(v) || v <= 0)
        throw new InnsynError('usage', `${name} must be a positive whole number, got ${String(v)}`);
      return v;
    };
    this.size = whole('workers', options.workers, os.availableParallelism());
    this.timeoutMs = whole('timeoutMs', options.timeoutMs, 60_000);
    this.ocrPageTimeoutMs = whole('ocrPageTimeoutMs', options.ocrPageTimeoutMs, DEFAULT_OCR_PAGE_TIMEOUT_MS);
    this.memoryMb = whole('maxWorkerMemoryMb', options.maxWorkerMemoryMb, 512);
    this.maxQueue = whole('maxQueue', options.maxQueue, 2 * this.size);
    this.ocr = options.ocr ?? false;
    this.limits = resolveExtractLimits(options.limits);
    this.onProgress = options.onProgress;
  }

  /**
   * The text of one file, extracted on a worker. Waits while the queue is full. Never rejects:
   * failures, time-outs and memory exhaustion come back as flags. After close(), a file is
   * answered with `extract-failed` at once.
   */
  async extract(bytes: Uint8Array, meta: ExtractMeta): Promise<ExtractResult> {
    while (!this.closed && this.queue.length >= this.maxQueue)
      await new Promise<void>((r) => this.roomWaiters.push(r));
    if (this.closed || this.brokenReason !== null)
      return failed(meta, this.brokenReason ?? 'the extractor is closed', EXTRACT_FLAGS.failed);
    this.progress.filesSubmitted++;
    this.progress.bytesSubmitted += bytes.length;
    return new Promise<ExtractResult>((resolve) => {
      this.queue.push({ bytes, meta, resolve });
      this.pump();
    });
  }

  /**
   * Extracts a stream of files with at most maxQueue + workers of them in flight, yielding
   * each result with its tag as it finishes (not in input order).
   */
  async *extractEach<T>(
    files:
      | Iterable<{ bytes: Uint8Array; meta: ExtractMeta; tag: T }>
      | AsyncIterable<{ bytes: Uint8Array; meta: ExtractMeta; tag: T }>,
  ): AsyncGenerator<{ tag: T; result: ExtractResult }> {
    const inFlight = new Map<number, Promise<{ key: number; tag: T; result: ExtractResult }>>();
    const limit = this.maxQueue + this.size;
    let key = 0;
    for await (const f of files) {
      const k = key++;
      inFlight.set(
        k,
        this.extract(f.bytes, f.meta).then((result) => ({ key: k, tag: f.tag, result })),
      );
      if (inFlight.size >= limit) {
        const done = await Promise.race(inFlight.values());
        inFlight.delete(done.key);
        yield { tag: done.tag, result: done.result };
      }
    }
    while (inFlight.size > 0) {
      const done = await Promise.race(inFlight.values());
      inFlight.delete(done.key);
      yield { tag: done.tag, result: done.result };
    }
  }

  /** Finishes the files already given, then stops the workers. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.roomWaiters.splice(0)) w();
    while (this.queue.length > 0 || this.slots.some((s) => s.job !== null))
      await new Promise<void>((r) => this.idleWaiters.push(r));
    await Promise.all(this.slots.splice(0).map((s) => this.retire(s)));
  }

  /** Gives queued files to idle workers, starting workers (up to the pool size) for the rest. */
  private pump(): void {
    if (this.brokenReason !== null) return;
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && s.job === null && !s.retired);
      if (!slot) break;
      const job = this.queue.shift() as Job;
      this.roomWaiters.shift()?.();
      this.dispatch(slot, job);
    }
    const starting = this.slots.filter((s) => !s.ready).length;
    for (let i = starting; i < this.queue.length && this.slots.length < this.size; i++) this.startSlot();
  }

  private startSlot(): void {
    const slot: Slot = {
      worker: startWorker(this.memoryMb),
      job: null,
      timer: null,
      deadline: 0,
      started: 0,
      ready: false,
      retired: false,
    };
    slot.worker.on('message', (msg: WorkerReply) => this.onMessage(slot, msg));
    slot.worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.replace(
        slot,
        oom ? EXTRACT_FLAGS.outOfMemory : EXTRACT_FLAGS.failed,
        oom ? `ran out of the worker's ${this.memoryMb} MB heap` : `worker crashed: ${err.message}`,
      );
    });
    slot.worker.on('exit', (code) => {
      if (!slot.retired) this.replace(slot, EXTRACT_FLAGS.failed, `worker exited with code ${code}`);
    });
    // A worker that never says it is ready (stuck loading) counts as failing to start.
    slot.timer = setTimeout(
      () => this.replace(slot, EXTRACT_FLAGS.failed, 'worker did not start in time'),
      WORKER_START_TIMEOUT_MS,
    );
    this.slots.push(slot);
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    slot.started = Date.now();
    slot.deadline = slot.started + this.timeoutMs;
    const soft = this.timeoutMs - Math.min(5_000, Math.floor(this.timeoutMs / 5));
    const req: WorkerRequest = {
      bytes: job.bytes,
      meta: job.meta,
      options: {
        ocr: this.ocr,
        timeoutMs: soft,
        ocrPageTimeoutMs: this.ocrPageTimeoutMs,
        limits: this.limits,
      },
    };
    slot.worker.postMessage(req);
    this.arm(slot);
  }

  /** (Re)sets the hard timer to the slot's deadline. */
  private arm(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(
      () => {
        if (Date.now() < slot.deadline) this.arm(slot);
        else
          this.replace(
            slot,
            EXTRACT_FLAGS.timeout,
            `no result after ${Date.now() - slot.started} ms: worker terminated`,
          );
      },
      Math.max(0, slot.deadline - Date.now()),
    );
  }

  private onMessage(slot: Slot, msg: WorkerReply): void {
    if (slot.retired) return;
    if (msg.type === 'ready') {
      slot.ready = true;
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      this.startupFailures = 0;
      this.pump();
      return;
    }
    if (!slot.job) return;
    if (msg.type === 'ocr-page') {
      slot.deadline = Math.max(slot.deadline, Date.now() + this.ocrPageTimeoutMs);
      return;
    }
    const job = slot.job;
    slot.job = null;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.finish(job, msg.result);
    this.pump();
    this.notifyIdle();
  }

  /**
   * Ends the slot's file with a failure flag, retires its worker and goes on with a new one.
   * A worker that dies before it is ready failed to start and held no file (files go only to
   * ready workers); after MAX_STARTUP_FAILURES such deaths in a row the pool gives up.
   */
  private replace(slot: Slot, flag: string, message: string): void {
    if (slot.retired) return;
    const job = slot.job;
    slot.job = null;
    void this.retire(slot);
    this.slots.splice(this.slots.indexOf(slot), 1);
    if (!slot.ready) {
      if (++this.startupFailures >= MAX_STARTUP_FAILURES)
        this.breakPool(`the extraction workers cannot start: ${message}`);
    } else if (job) {
      this.finish(job, failed(job.meta, message, flag));
    }
    this.pump();
    this.notifyIdle();
  }

  private breakPool(reason: string): void {
    this.brokenReason = reason;
    for (const job of this.queue.splice(0)) this.finish(job, failed(job.meta, reason, EXTRACT_FLAGS.failed));
    for (const w of this.roomWaiters.splice(0)) w();
  }

  private async retire(slot: Slot): Promise<void> {
    slot.retired = true;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    await slot.worker.terminate();
  }

  private finish(job: Job, result: ExtractResult): void {
    const p = this.progress;
    p.filesDone++;
    p.bytesDone += job.bytes.length;
    p.ocrPages += result.ocrPages ?? 0;
    if (
      result.flags.some(
        (f) => f === EXTRACT_FLAGS.failed || f === EXTRACT_FLAGS.timeout || f === EXTRACT_FLAGS.outOfMemory,
      )
    )
      p.filesFailed++;
    job.resolve(result);
    this.onProgress?.({ ...p, last: { name: job.meta.name, kind: result.kind, flags: result.flags } });
  }

  private notifyIdle(): void {
    if (this.queue.length === 0 && this.slots.every((s) => s.job === null))
      for (const w of this.idleWaiters.splice(0)) w();
  }
}

function failed(meta: ExtractMeta, message: string, flag: string): ExtractResult {
  return { text: null, kind: hintedKind(meta) ?? 'other', method: 'none', flags: [flag], error: message };
}

/** A worker extracting attachment texts, within `memoryMb` of V8 heap. */
function startWorker(memoryMb: number): Worker {
  // The young generation as small as the parser threads' (parse-pool.ts): V8's default gave this
  // worker 32 MB of new space while it ingests (16 MB now, measured on the 100k bench corpus).
  const resourceLimits = { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 };
  return startModuleWorker(import.meta.url, 'extract-worker', { resourceLimits });
}
