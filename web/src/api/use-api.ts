import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './api-client.js';

export interface Loaded<T> {
  /** The latest answer; kept while the next one loads so the page does not flash empty. */
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

/**
 * Runs `load` whenever `key` changes, aborting the request it replaces: typing fast or paging
 * quickly never shows an older answer after a newer one. `cached` (an earlier answer for this
 * key) is shown at once while the request refreshes it, so going back is instant.
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  cached: T | null = null,
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: cached, error: null, loading: key !== null });
  useEffect(() => {
    if (key === null) return;
    const ctrl = new AbortController();
    setState((s) => ({ data: cached ?? s.data, error: null, loading: true }));
    load(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ data, error: null, loading: false });
      },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        const e = err instanceof ApiError ? err : new ApiError('internal', String(err), 0);
        setState((s) => ({ data: s.data, error: e, loading: false }));
      },
    );
    return () => ctrl.abort();
    // `load` is a fresh closure on every render; `key` is what identifies the request.
  }, [key]);
  return state;
}
