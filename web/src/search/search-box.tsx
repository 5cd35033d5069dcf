import type { RefObject } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SortOrder } from '../api/api-types.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate } from '../router/router.js';
import { QueryErrorView, type QueryErrorInfo } from './query-error-view.js';
import { QueryHelp } from './query-help.js';
import { searchHref } from './search-state.js';

/**
 * The one query box, in the header of every page. It submits on Enter (no search-as-you-type:
 * every half-typed query would be a query against a large case file).
 */
export function SearchBox(props: {
  q: string;
  sortParam: SortOrder | null;
  error: QueryErrorInfo | null;
  inputRef: RefObject<HTMLInputElement>;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(props.q);
  const [helpOpen, setHelpOpen] = useState(false);
  useEffect(() => setDraft(props.q), [props.q]);

  const submit = (e: Event) => {
    e.preventDefault();
    setHelpOpen(false);
    navigate(searchHref({ q: draft, sort: props.sortParam }));
  };
  const insert = (example: string) => {
    setDraft((d) => (d.trim() === '' ? example : `${d.trimEnd()} ${example}`));
    props.inputRef.current?.focus();
  };
  const close = useCallback(() => setHelpOpen(false), []);
  const errorShown = props.error !== null && props.error.query === props.q;

  return (
    <form class="search-box" role="search" onSubmit={submit}>
      <div class="search-row">
        <input
          ref={props.inputRef}
          type="search"
          name="q"
          class="search-input"
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Esc leaves the box, query kept (a search field would clear it), so that j / k and
            // Enter act on the results; with the help open it closes the help first.
            if (e.key !== 'Escape') return;
            e.preventDefault();
            if (helpOpen) setHelpOpen(false);
            else e.currentTarget.blur();
          }}
          placeholder={t.searchPlaceholder}
          aria-label={t.searchLabel}
          aria-invalid={errorShown ? 'true' : undefined}
          aria-describedby={errorShown ? 'query-error' : undefined}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          data-testid="search-input"
        />
        <button type="submit" class="btn btn-primary search-submit" data-testid="search-submit">
          {t.searchButton}
        </button>
        <button
          type="button"
          class="btn help-toggle"
          aria-label={t.helpButton}
          title={t.helpButton}
          aria-expanded={helpOpen}
          aria-controls="query-help"
          onClick={() => setHelpOpen((o) => !o)}
          data-testid="query-help-toggle"
        >
          ?
        </button>
      </div>
      {errorShown && props.error ? <QueryErrorView error={props.error} id="query-error" /> : null}
      {helpOpen ? <QueryHelp id="query-help" onInsert={insert} onClose={close} /> : null}
    </form>
  );
}
