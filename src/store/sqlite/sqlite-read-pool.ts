import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { InnsynError, isInnsynError, type ErrorCode } from '../../model/index.js';
import { startModuleWorker } from '../../model/module-worker.js';
import { LruMap } from '../lru-map.js';
import type { Store } from '../store.js';

/**
 * Searches answered on worker threads (sqlite-read-worker.ts), each with its own connection to
 * the database file, so that a server uses every core: SQLite and the snippets run on the
 * calling thread, and one Node thread answers one search at a time while the others wait.
 * WAL lets any number of connections read while another writes; each thread sees what was
 * committed when its read began, as a connection of another process would.
 *
 * Only the calls that cost (a search with its ranking and snippets, the facets and the
 * histogram over every match) go to the threads; the rest stay on the server's own store. Each
 * thread answers one call at a time, and the pool hands out the next: a query's facets and
 * histogram go to the thread that searched it, which still holds its matches (the store's match
 * cache), before anything else; every other call to the first thread that is free.
 */

export const READ_WORKER_METHODS = ['search', 'facets', 'histogram'] as const;
export type PooledMethod = (typeof READ_WORKER_METHODS)[number];

/**
 * Threads at most by default. Each holds its own facet index and ranking lengths: at 1,000,000
 * items two threads made a server ~310 MB larger than one that searches on its own thread. A
 * team server with more cores and memory asks for more (`innsyn serve --search-threads N`).
 */
export const DEFAULT_READ_WORKERS_MAX = 2;
/** Queries whose thread is remembered (a UI asks for a query's facets right after its page). */
const RECENT_QUERIES = 256;

/** A call to a thread. It answers one at a time, so a reply needs no id: it answers the last call. */
export interface ReadRequest {
  method: PooledMethod | 'close';
  args: unknown[];
}

interface ReadError {
  message: string;
  /** Set for an InnsynError, which is made again on this side (the API answers by its code). */
  code?: ErrorCode;
  column?: number;
  stack?: string;
}

export interface ReadReply {
  result?: unknown;
  error?: ReadError;
}

export function errorReply(e: unknown): ReadReply {
  if (isInnsynError(e)) return { error: { message: e.message, code: e.code, column: e.column } };
  const err = e instanceof Error ? e : new Error(String(e));
  return { error: { message: err.message, stack: err.stack } };
}

function toError(r: ReadError): Error {
  if (r.code !== undefined) return new InnsynError(r.code, r.message, { column: r.column });
  const err = new Error(r.message);
  if (r.stack) err.stack = r.stack;
  return err;
}

/** One thread per core, at most DEFAULT_READ_WORKERS_MAX. */
export function defaultReadWorkers(): number {
  return Math.min(DEFAULT_READ_WORKERS_MAX, availableParallelism());
}

interface Call {
  key: string;
  method: PooledMethod | 'close';
  args: unknown[];
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The call the thread is answering; one at a time, so that the pool decides what comes next. */
  busy: Call | null;
  /** Calls for a query this thread searched last: they go before any new query. */
  followUps: Call[];
  answered: number;
}

export class SqliteReadPool {
  private readonly slots: Slot[] = [];
  /** New queries, for the first thread that is free. */
  private readonly waiting: Call[] = [];
  private readonly recent = new LruMap<string, Slot>(RECENT_QUERIES);
  private closing = false;
  /** Set when a thread failed before answering anything: every call is then made on `fallback`. */
  private broken: Error | null = null;

  /**
   * `fallback` makes a call on the server's own store: for the calls of a thread that stopped
   * (they are answered all the same) and for every call once threads cannot start at all.
   */
  constructor(
    private readonly file: string,
    size: number,
    private readonly fallback: (method: PooledMethod, args: unknown[]) => Promise<unknown>,
    private readonly log: (line: string) => void = () => {},
  ) {
    if (!Number.isInteger(size) || size < 1)
      throw new InnsynError('usage', 'a read pool needs at least one thread');
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  get size(): number {
    return this.slots.length;
  }

  /** The threads, for tests and diagnostics. */
  threads(): Worker[] {
    return this.slots.map((s) => s.worker);
  }

  /**
   * A query's facets and histogram follow its search (or each other) to the thread that holds
   * its matches (the store keeps the last few); everything else goes to the first thread that
   * is free.
   */
  call(method: PooledMethod, args: unknown[]): Promise<unknown> {
    if (this.broken || this.closing) return this.fallback(method, args);
    return new Promise((resolve, reject) => {
      const call: Call = { key: JSON.stringify(args[0] ?? null), method, args, resolve, reject };
      // A search goes to the first free thread even when one holds its query: when many ask the
      // same at once, one thread would answer them all while the others wait.
      const slot = method === 'search' ? undefined : this.recent.get(call.key);
      if (slot && this.slots.includes(slot)) slot.followUps.push(call);
      else this.waiting.push(call);
      this.dispatch();
    });
  }

  /** Builds every thread's facet index (what the server's `warm` does for its own store). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => this.direct(s, 'facets', [null, { limit: 1 }])));
  }

  /** Closes every thread's store and ends the threads; calls after this run on the fallback. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // What no thread has begun is answered by the server's store; each thread finishes the one it has.
    this.toFallback([...this.waiting.splice(0), ...this.slots.flatMap((s) => s.followUps.splice(0))]);
    await Promise.all(
      this.slots.map(async (slot) => {
        const ended = new Promise((resolve) => slot.worker.once('exit', resolve));
        await this.direct(slot, 'close', []).catch(() => {});
        await ended;
      }),
    );
  }

  /** A call for this thread, before any other (for warm and close). */
  private direct(slot: Slot, method: PooledMethod | 'close', args: unknown[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      slot.followUps.unshift({ key: '', method, args, resolve, reject });
      this.dispatch();
    });
  }

  /** Gives each free thread its next call: its follow-ups first, then the oldest new query. */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      let call = slot.followUps.shift();
      if (!call) {
        call = this.waiting.shift();
        if (!call) continue;
        this.recent.set(call.key, slot);
      }
      slot.busy = call;
      slot.worker.postMessage({ method: call.method, args: call.args } satisfies ReadRequest);
    }
  }

  private start(): Slot {
    const worker = startModuleWorker(import.meta.url, 'sqlite-read-worker', {
      workerData: { file: this.file },
    });
    const slot: Slot = { worker, busy: null, followUps: [], answered: 0 };
    worker.on('message', (r: ReadReply) => {
      const call = slot.busy;
      if (!call) return;
      slot.busy = null;
      slot.answered++;
      if (r.error) call.reject(toError(r.error));
      else call.resolve(r.result);
      this.dispatch();
    });
    worker.on('error', (e) => this.lost(slot, e));
    worker.on('exit', (code) => this.lost(slot, new Error(`it exited with code ${code}`)));
    return slot;
  }

  /**
   * A thread that stopped: its calls are made on the fallback, and a new thread takes its
   * place, unless it never answered (it cannot open the database here, say): then none is
   * started again and every later call runs on the fallback.
   */
  private lost(slot: Slot, err: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return; // 'error' and then 'exit' of the same thread
    const calls = [...(slot.busy ? [slot.busy] : []), ...slot.followUps.splice(0)];
    slot.busy = null;
    if (this.closing) {
      this.toFallback(calls);
      return;
    }
    if (slot.answered === 0) {
      this.slots.splice(at, 1);
      if (!this.broken) {
        this.broken = err;
        this.log(
          `innsyn: a search thread could not start (${err.message}); searching in the server's own thread`,
        );
      }
    } else {
      this.log(`innsyn: a search thread stopped (${err.message}); starting another`);
      this.slots[at] = this.start();
    }
    if (this.broken) calls.push(...this.waiting.splice(0));
    this.toFallback(calls);
    this.dispatch();
  }

  /** Makes calls on the server's own store (a thread's `close` needs nothing more: it is done). */
  private toFallback(calls: Call[]): void {
    for (const c of calls) {
      if (c.method === 'close') c.resolve(null);
      else this.fallback(c.method, c.args).then(c.resolve, c.reject);
    }
  }
}

/**
 * `store` with its searches, facets and histograms answered by `pool`; everything else, and
 * close, is the store's own (closing the pool is its owner's business).
 */
export function withReadPool(store: Store, pool: SqliteReadPool): Store {
  const pooled = new Set<string>(READ_WORKER_METHODS);
  return new Proxy(store, {
    get(target, prop) {
      if (typeof prop === 'string' && pooled.has(prop)) {
        return (...args: unknown[]) => pool.call(prop as PooledMethod, args);
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
