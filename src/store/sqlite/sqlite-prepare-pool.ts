import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InnsynError } from '../../model/index.js';
import { startModuleWorker } from '../../model/module-worker.js';
import { compactBytes } from '../../model/own-bytes.js';
import type { Item } from '../../model/index.js';
import { prepareItem, type PreparedItem } from './sqlite-prepare.js';

export interface PrepareRequest {
  seq: number;
  items: Array<{ item: Item; raw: Uint8Array }>;
}

export type PrepareResponse = { seq: number; prepared: PreparedItem[] } | { seq: number; error: string };

/** Workers beyond this add little: the writing thread's own SQLite work becomes the limit. */
export const MAX_PREPARE_WORKERS = 3;

/**
 * Prepares items (sqlite-prepare.ts) on worker threads, so that the one thread that may write
 * the database spends its time in SQLite and not in stemming and compression. SQLite allows
 * one writer; everything that does not need the database runs beside it. With no workers it
 * prepares inline.
 */
export class PreparePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (p: PreparedItem[]) => void; reject: (e: Error) => void }
  >();
  private readonly inFlight = new Map<Worker, number>();
  private nextSeq = 0;
  private nextWorker = 0;
  private broken: Error | null = null;
  private closed = false;

  /** `wanted` workers, started on first use: a store opened only to search never starts any. */
  constructor(private readonly wanted = defaultPrepareWorkers()) {}

  private start(): void {
    for (let i = this.workers.length; i < this.wanted; i++) {
      const w = startWorker();
      // An idle pool must not keep the process alive if a caller forgets close().
      w.unref();
      w.on('message', (res: PrepareResponse) => {
        const p = this.pending.get(res.seq);
        if (!p) return;
        this.pending.delete(res.seq);
        if ('error' in res)
          p.reject(new InnsynError('internal', `preparing items for the database failed: ${res.error}`));
        else p.resolve(res.prepared);
      });
      w.on('error', (err) => this.fail(err));
      this.workers.push(w);
    }
  }

  /** Worker threads in the pool (0: everything is prepared inline). */
  get size(): number {
    return this.broken || this.closed ? 0 : this.wanted;
  }

  /**
   * The prepared items, in the order given, from the next worker in turn (callers keep several
   * requests in flight to keep every worker busy); inline when the pool has no workers.
   */
  async prepare(items: Array<{ item: Item; raw: Uint8Array }>): Promise<PreparedItem[]> {
    if (this.size > 0 && this.workers.length === 0) this.start();
    const worker = this.size === 0 ? undefined : this.workers[this.nextWorker++ % this.workers.length];
    if (!worker) return items.map((x) => prepareItem(x.item, x.raw));
    try {
      return await this.send(worker, items);
    } catch (e) {
      // A worker that died (not one that reported an error for an item) says nothing about
      // these items: prepare them here. Preparing is pure, so the result is the same.
      if (this.broken) return items.map((x) => prepareItem(x.item, x.raw));
      throw e;
    }
  }

  private send(worker: Worker, items: PrepareRequest['items']): Promise<PreparedItem[]> {
    if (items.length === 0) return Promise.resolve([]);
    const seq = this.nextSeq++;
    // Referenced only while it has work, so the process can exit when the store is idle.
    const busy = (this.inFlight.get(worker) ?? 0) + 1;
    this.inFlight.set(worker, busy);
    if (busy === 1) worker.ref();
    const settle = (): void => {
      const left = (this.inFlight.get(worker) ?? 1) - 1;
      this.inFlight.set(worker, left);
      if (left === 0) worker.unref();
    };
    return new Promise<PreparedItem[]>((resolve, reject) => {
      this.pending.set(seq, {
        resolve: (p) => {
          settle();
          resolve(p);
        },
        reject: (e) => {
          settle();
          reject(e);
        },
      });
      // A view of a larger buffer would take the whole buffer to the worker (own-bytes.ts).
      const sent = items.map((x) => ({ item: x.item, raw: compactBytes(x.raw) }));
      const req: PrepareRequest = { seq, items: sent };
      worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private fail(err: Error): void {
    // This and later batches are prepared inline (see prepare).
    this.broken = err;
    for (const p of this.pending.values()) {
      p.reject(
        new InnsynError('internal', `a worker preparing items for the database crashed: ${err.message}`, {
          cause: err,
        }),
      );
    }
    this.pending.clear();
  }
}

function startWorker(): Worker {
  return startModuleWorker(import.meta.url, 'sqlite-prepare-worker');
}

/** One worker per core beyond the writing thread's own, at most MAX_PREPARE_WORKERS. */
export function defaultPrepareWorkers(): number {
  return Math.max(1, Math.min(MAX_PREPARE_WORKERS, availableParallelism() - 1));
}
