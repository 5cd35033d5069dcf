import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/api-client.js';
import { useApi } from '../api/use-api.js';
import { Link } from '../router/link.js';
import { searchHref } from '../search/search-state.js';
import { useAnnotationMessages } from './annotation-messages.js';
import { deleteSavedSearch, getSavedSearches, saveSearch } from './annotations-api.js';

/**
 * "Save search" (the current query under a name) and the list of saved searches, each a link
 * to its results with a button that deletes it. The list is a <details> disclosure: no script
 * for opening it, and it closes itself when a link is followed (the page changes).
 */
export function SavedSearchMenu(props: { q: string }) {
  const { m } = useAnnotationMessages();
  const [rev, setRev] = useState(0);
  const list = useApi(`saved-searches:${rev}`, (signal) => getSavedSearches(signal));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const q = props.q.trim();

  useEffect(() => {
    if (naming) input.current?.focus();
  }, [naming]);
  useEffect(() => setStatus(null), [q]);

  const write = async (fn: () => Promise<unknown>, done: string | null): Promise<void> => {
    setBusy(true);
    setStatus(null);
    try {
      await fn();
      setRev((r) => r + 1);
      if (done !== null) setStatus({ ok: true, text: done });
    } catch (err) {
      setStatus({ ok: false, text: m.failed(err instanceof ApiError ? err.message : String(err)) });
    } finally {
      setBusy(false);
    }
  };

  const searches = list.data?.searches ?? [];
  return (
    <>
      {naming ? (
        <form
          class="ann-tag-form"
          onSubmit={(e) => {
            e.preventDefault();
            const n = name.trim();
            if (n === '') return;
            void write(() => saveSearch(n, q), m.savedSearchDone(n)).then(() => {
              setName('');
              setNaming(false);
            });
          }}
        >
          <input
            ref={input}
            type="text"
            class="ann-input"
            value={name}
            maxLength={100}
            placeholder={m.saveSearchPlaceholder}
            aria-label={m.saveSearchName}
            data-testid="save-search-name"
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setNaming(false);
            }}
          />
          <button type="submit" class="btn btn-small btn-primary" disabled={busy || name.trim() === ''}>
            {m.saveSearchApply}
          </button>
          <button type="button" class="btn btn-small" onClick={() => setNaming(false)}>
            {m.cancel}
          </button>
        </form>
      ) : q !== '' ? (
        <button
          type="button"
          class="btn btn-small"
          title={m.saveSearchTitle}
          data-testid="save-search"
          onClick={() => setNaming(true)}
        >
          {m.saveSearch}
        </button>
      ) : null}
      <details class="ann-menu" data-testid="saved-searches">
        <summary class="btn btn-small">{m.savedSearches(searches.length)}</summary>
        <div class="ann-menu-body">
          {searches.length === 0 ? (
            <p class="muted">{m.savedSearchesNone}</p>
          ) : (
            <ul>
              {searches.map((s) => (
                <li key={s.name}>
                  <Link href={searchHref({ q: s.query })} title={s.query} data-testid="saved-search">
                    <span class="ann-menu-name">{s.name}</span>
                    <span class="ann-menu-query">{s.query}</span>
                  </Link>
                  <button
                    type="button"
                    class="ann-chip-x"
                    aria-label={m.savedSearchDelete(s.name)}
                    title={m.savedSearchDelete(s.name)}
                    disabled={busy}
                    onClick={() => void write(() => deleteSavedSearch(s.name), null)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </details>
      {status ? (
        <p class={`ann-status${status.ok ? '' : ' is-error'}`} role="status" data-testid="save-search-status">
          {status.text}
        </p>
      ) : null}
    </>
  );
}
