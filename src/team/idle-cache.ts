/**
 * What a team server keeps open per collection (its app and its PostgreSQL pool), opened on
 * first use, closed again when unused for a while (docs/team.md "Collection apps"). A server
 * over a newsroom's database may see dozens of collections in a day, most of them opened once;
 * each open one holds a pool of connections and its caches for as long as the process lives,
 * and PostgreSQL's max_connections is shared by every server and ingest.
 *
 * Every use is a lease: `acquire` counts it in before anything can wait, `release` counts it out.
 * A value is closed only when no lease is out: an answer still streaming (an export of a large
 * case runs for minutes) is never cut, however long it takes.
 */

/** A value in use; release it exactly once, when the use has ended (the answer is sent). */
export interface Lease<T> {
  value: T;
  release(): void;
}

export interface IdleCacheOptions<T> {
  open: (key: string) => Promise<T>;
  close: (value: T, key: string) => Promise<void>;
  /** Close a value after this long without a lease out; 0 keeps it until closeAll. */
  idleMs: number;
  /** Where a failure to close is written. */
  log: (line: string) => void;
}

interface Slot<T> {
  opening: Promise<T>;
  /** Leases out. */
  inFlight: number;
  timer: NodeJS.Timeout | null;
  /** Dropped or idle: close it when the last lease comes back. */
  retired: boolean;
  closeStarted: boolean;
}

export class IdleCache<T> {
  private readonly slots = new Map<string, Slot<T>>();
  /** Closes under way (closeAll waits for them). */
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: IdleCacheOptions<T>) {
    if (!Number.isFinite(options.idleMs) || options.idleMs < 0)
      throw new RangeError(`idleMs must be 0 or more, not ${options.idleMs}`);
  }

  /**
   * The value of `key`, opened when there is none; counted as in use until the lease is
   * released. A value that failed to open is tried again by the next acquire.
   */
  async acquire(key: string): Promise<Lease<T>> {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      const opening = this.options.open(key);
      const fresh: Slot<T> = {
        opening,
        inFlight: 0,
        timer: null,
        retired: false,
        closeStarted: false,
      };
      this.slots.set(key, fresh);
      opening.catch(() => {
        if (this.slots.get(key) === fresh) this.slots.delete(key);
      });
      slot = fresh;
    }
    // Counted in before the first await: nothing can close it between the lookup and here.
    const held = slot;
    held.inFlight++;
    if (held.timer !== null) {
      clearTimeout(held.timer);
      held.timer = null;
    }
    let value: T;
    try {
      value = await held.opening;
    } catch (e) {
      held.inFlight--;
      throw e;
    }
    let released = false;
    return {
      value,
      release: () => {
        if (released) return;
        released = true;
        this.release(key, held);
      },
    };
  }

  /**
   * Forgets `key` (its collection was removed): the next acquire opens it anew, and the value
   * held now is closed as soon as no lease of it is out (at once when none is).
   */
  drop(key: string): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.retire(key, slot);
  }

  /** The keys open or opening now. */
  keys(): string[] {
    return [...this.slots.keys()];
  }

  /** Whether `key` is open or opening now. */
  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** Closes every value, leases out or not (the server is stopping), and waits for all closes. */
  async closeAll(): Promise<void> {
    const all = [...this.slots.entries()];
    this.slots.clear();
    for (const [key, slot] of all) {
      if (slot.timer !== null) clearTimeout(slot.timer);
      slot.timer = null;
      slot.retired = true;
      this.startClose(key, slot);
    }
    while (this.closing.size > 0) await Promise.all([...this.closing]);
  }

  private release(key: string, slot: Slot<T>): void {
    slot.inFlight--;
    if (slot.inFlight > 0) return;
    if (slot.retired) {
      this.startClose(key, slot);
      return;
    }
    if (this.options.idleMs === 0) return;
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (slot.inFlight === 0 && this.slots.get(key) === slot) this.retire(key, slot);
    }, this.options.idleMs);
    // An idle collection must not keep the process alive.
    slot.timer.unref();
  }

  private retire(key: string, slot: Slot<T>): void {
    if (this.slots.get(key) === slot) this.slots.delete(key);
    if (slot.timer !== null) clearTimeout(slot.timer);
    slot.timer = null;
    slot.retired = true;
    if (slot.inFlight === 0) this.startClose(key, slot);
  }

  private startClose(key: string, slot: Slot<T>): void {
    if (slot.closeStarted) return;
    slot.closeStarted = true;
    const done = (async () => {
      let value: T;
      try {
        value = await slot.opening;
      } catch {
        return; // never opened: nothing to close
      }
      try {
        await this.options.close(value, key);
      } catch (e) {
        this.options.log(`innsyn serve: closing ${key} failed: ${(e as Error).stack ?? String(e)}`);
      }
    })();
    this.closing.add(done);
    void done.finally(() => this.closing.delete(done));
  }
}
