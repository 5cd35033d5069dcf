/**
 * Two iterator adapters that add no async-generator layer per record. Each `yield*` layer of
 * async generators costs a few promise hops per record; for an mbox of small messages those
 * hops are a large share of the time (measured: one layer ≈ −20 % throughput), so the
 * top-level path from readInput to the mbox splitter is built from these instead.
 */

/** An iterable whose source is opened (asynchronously) on the first `next()`; errors of opening reject that call. */
export function deferred<T>(open: () => Promise<AsyncIterable<T>>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let inner: AsyncIterator<T> | null = null;
      let opening: Promise<AsyncIterator<T>> | null = null;
      const get = (): Promise<AsyncIterator<T>> =>
        (opening ??= open().then((it) => (inner = it[Symbol.asyncIterator]())));
      return {
        next: () => (inner !== null ? inner.next() : get().then((it) => it.next())),
        return: async (value?: unknown) => {
          const it = inner ?? (opening === null ? null : await opening);
          if (it?.return !== undefined) return it.return(value);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/**
 * Passes records through; if the source throws, yields `onError(error)` as a last record and
 * ends (batch readers never throw half-way: they report).
 */
export function catching<T>(source: AsyncIterable<T>, onError: (error: unknown) => T): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const inner = source[Symbol.asyncIterator]();
      let finished = false;
      return {
        next: () =>
          finished
            ? Promise.resolve({ done: true, value: undefined })
            : inner.next().catch((e: unknown) => {
                finished = true;
                return { done: false, value: onError(e) };
              }),
        return: async (value?: unknown) => {
          finished = true;
          if (inner.return !== undefined) return inner.return(value);
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** A few records known up front, as an AsyncIterable. */
export async function* just<T>(...records: T[]): AsyncGenerator<T> {
  for (const r of records) yield r;
}

/** A synchronous generator's records, as an AsyncIterable (one step per `next()`, still lazy). */
export async function* fromSync<T>(records: Iterable<T>): AsyncGenerator<T> {
  for (const r of records) yield r;
}
